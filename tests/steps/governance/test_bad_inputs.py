"""Scenario section C for the charter: a clear message, the typed text kept, nothing saved, no 500."""

import threading

import pytest
from django.db import connection

from tests.conftest import client_as_participant
from tests.steps import scenario_data as s
from tests.steps.governance.millrace import allocation_data, allocations_url, url
from workshop.steps.governance.models import (
    Charter,
    CharterParty,
    Contribution,
    GoverningBody,
    ValueAllocation,
    ValueStream,
)

pytestmark = pytest.mark.django_db


def party_pks():
    return {s.party_ref(p.actor.name): p.pk for p in CharterParty.objects.select_related("actor")}


def board():
    return GoverningBody.objects.get(name="Park Partnership Board")


def body_data(record, **changes):
    data = {
        "name": record.name,
        "body_type": record.body_type,
        "chair_arrangement": record.chair_arrangement,
        "meeting_frequency": record.meeting_frequency,
        "quorum_count": record.quorum_count,
        "version": record.version,
    }
    data.update(changes)
    return data


def test_scenario_c_bad_charter_inputs_are_refused_with_the_text_kept(b1, live_workshop, team_a):
    charter, client = b1
    before = (Charter.objects.get().version, Contribution.objects.count(), board().version)

    # C-G5: a 10,000-character exit_obligations.
    long_text = "0123456789" * 1000
    response = client.post(
        url(live_workshop, team_a, "fields", "exit"),
        {
            "exit_notice_days": 180,
            "exit_triggers": ["voluntary"],
            "exit_obligations": long_text,
            "dissolution": "x",
            "version": charter.version,
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value has at most 5000 characters (it has 10000)." in page
    assert long_text in page
    assert 'aria-invalid="true"' in page

    # C-B2: V1 allocations 50 + 30 + 20.01.
    v1 = ValueStream.objects.get(name__startswith="Earned income")
    rows = [a for a in s.B1_ALLOCATIONS if a.stream == s.V1]
    response = client.post(
        allocations_url(live_workshop, team_a, v1),
        allocation_data(v1, rows, party_pks(), ["50", "30", "20.01"]),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Allocations add up to 100.01 %; they must add up to 100 %." in page
    assert 'value="20.01"' in page
    assert sorted(str(a.percentage) for a in ValueAllocation.objects.filter(stream=v1)) == [
        "20.00",
        "30.00",
        "50.00",
    ]

    # C-B3: the Foundation channelled via the Foundation.
    p2 = party_pks()[s.P2]
    response = client.post(
        url(live_workshop, team_a, "new", "contributions"),
        {
            "party": p2,
            "channelled_via": p2,
            "contribution_type": "cash",
            "description": "Loop gift",
            "valuation_method": "actual",
            "value": "5",
            "status": "pledged",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "A contribution cannot be channelled through the same party." in page
    assert 'value="Loop gift"' in page

    # C-B4: quorum 10 with 9 voting seats; C-B5: rotating chair without months.
    response = client.post(
        url(live_workshop, team_a, "edit", "bodies", board().pk),
        body_data(board(), quorum_count=10),
    )
    assert response.status_code == 400
    assert "Quorum cannot exceed the 9 voting seats." in response.content.decode()
    response = client.post(
        url(live_workshop, team_a, "edit", "bodies", board().pk),
        body_data(board(), chair_arrangement="rotating", rotation_months=""),
    )
    assert response.status_code == 400
    assert "Say how many months each chair serves." in response.content.decode()

    assert (Charter.objects.get().version, Contribution.objects.count(), board().version) == before


def test_review_24_months_and_a_day_saves_with_a_warning(b1, live_workshop, team_a):
    charter, client = b1
    address = url(live_workshop, team_a, "fields", "monitoring")
    response = client.post(
        address,
        {"review_date": "2028-04-01", "review_cadence_months": 24, "version": charter.version},
        follow=True,
    )
    assert Charter.objects.get().review_date.isoformat() == "2028-04-01"
    assert "Review is more than 24 months after the start." in response.content.decode()
    charter.refresh_from_db()
    response = client.post(
        address,
        {"review_date": "2028-03-31", "review_cadence_months": 24, "version": charter.version},
        follow=True,
    )
    assert "Review is more than 24 months after the start." not in response.content.decode()


def test_deleting_an_actor_that_is_a_party_is_blocked_and_names_the_party(
    b1, live_workshop, team_a
):
    from django.db.models import ProtectedError

    from workshop.steps.mapping.models import Actor

    city = Actor.objects.get(name=s.CITY)
    with pytest.raises(ProtectedError) as caught:
        city.delete()
    named = [str(obj) for obj in caught.value.protected_objects]
    assert named == [
        "Charter party City of Port Calder \u2013 Parks & Recreation (with its contributions,"
        " allocations and RACI entries)"
    ]
    assert Actor.objects.filter(pk=city.pk).exists()


def test_raci_row_with_two_accountables_is_refused_whole(b1, live_workshop, team_a):
    from workshop.steps.governance.models import RaciActivity, RaciAssignment

    _charter, client = b1
    pks = party_pks()
    data = {"name": "Winter lights festival", "order": 7}
    for ref, code in zip((s.P1, s.P2, s.P3), "AAR", strict=True):
        data[f"party_{pks[ref]}"] = code
    response = client.post(url(live_workshop, team_a, "new", "raci"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "Each activity needs exactly one Accountable party (found 2: City of Port Calder"
        " \u2013 Parks &amp; Recreation, Millrace Park Foundation)." in page
    )
    assert not RaciActivity.objects.filter(name="Winter lights festival").exists()
    assert RaciAssignment.objects.count() == 36


def test_locked_step_refuses_the_save_and_keeps_the_text(b1, live_workshop, team_a):
    charter, client = b1
    step = live_workshop.steps.get(position=3)
    step.state = "locked"
    step.save(update_fields=["state"])
    response = client.post(
        url(live_workshop, team_a, "fields", "scope"),
        {"scope_in": "Only the river bank", "scope_out": "", "version": charter.version},
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "The facilitator has locked this step." in page
    assert "Only the river bank" in page
    assert Charter.objects.get().scope_in == s.B1_CHARTER.scope_in


@pytest.mark.django_db(transaction=True)
def test_two_teammates_saving_the_same_record_at_once_one_wins_one_sees_both(
    live_workshop, team_a, participant_a, teammate_a
):
    from tests.steps.governance.millrace import make_step1_rows, open_step3
    from workshop.steps.governance.publishing import charter_for

    open_step3(live_workshop)
    make_step1_rows(team_a)
    charter = charter_for(team_a)
    address = url(live_workshop, team_a, "fields", "scope")
    clients = {
        "Marcus": client_as_participant(participant_a),
        "Amara": client_as_participant(teammate_a),
    }
    barrier = threading.Barrier(2)
    results = {}

    def save(name):
        try:
            barrier.wait()
            results[name] = clients[name].post(
                address,
                {"scope_in": f"{name}'s scope", "scope_out": "", "version": charter.version},
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(r.status_code for r in results.values())
    assert statuses == [302, 409]
    winner = next(n for n, r in results.items() if r.status_code == 302)
    loser = next(n for n, r in results.items() if r.status_code == 409)
    page = results[loser].content.decode()
    assert "Someone else changed this since you opened it." in page
    assert f"{winner}&#x27;s scope" in page and f"{loser}&#x27;s scope" in page
    assert Charter.objects.get().scope_in == f"{winner}'s scope"
