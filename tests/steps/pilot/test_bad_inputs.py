"""Bad inputs on step 4 (scenario C-B7, V17, V35, V34, V6): a message beside the field, the typed
text kept, nothing saved, never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_as_participant
from tests.steps import scenario_data as s
from tests.steps.pilot.millrace import card_fields, errors, make_charter, pilot_fields, post, url
from workshop.steps.pilot.models import Hypothesis, Pilot

pytestmark = pytest.mark.django_db

H6 = s.B1_HYPOTHESES[5]


@pytest.fixture
def pilot(charter_b1, lead_client, live_workshop, team_a):
    _charter, parties = charter_b1
    post(lead_client, url(live_workshop, team_a, "new"), pilot_fields(s.B1_PILOTS[0], parties))
    return Pilot.objects.get(team=team_a)


def test_between_with_upper_limit_below_target_is_refused(
    pilot, lead_client, live_workshop, team_a
):
    response = lead_client.post(
        url(live_workshop, team_a, "add", 1, "hypotheses"),
        card_fields(H6, target_value="90", target_value_max="30"),
    )
    assert response.status_code == 400
    assert errors(response) == ["The upper limit must be greater than the lower limit."]
    assert 'value="Crossing wait acceptable"' in response.content.decode()
    assert not Hypothesis.objects.exists()


def test_htmx_add_returns_the_section_with_the_message(pilot, lead_client, live_workshop, team_a):
    response = lead_client.post(
        url(live_workshop, team_a, "add", 1, "hypotheses"),
        card_fields(H6, target_value_max=""),
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert content.startswith('<section class="surface mb-3" id="pilot-hypotheses"')
    assert "Enter the upper limit." in content


def test_end_before_start_is_refused_and_the_dates_kept(
    charter_b1, lead_client, live_workshop, team_a
):
    _charter, parties = charter_b1
    data = pilot_fields(s.B1_PILOTS[0], parties, start_date="2026-10-31", end_date="2026-05-01")
    response = lead_client.post(url(live_workshop, team_a, "new"), data)
    assert response.status_code == 400
    assert errors(response) == ["End date must be after the start date."]
    content = response.content.decode()
    assert 'value="2026-10-31"' in content and 'value="2026-05-01"' in content
    assert not Pilot.objects.exists()


def test_same_start_and_end_is_refused(charter_b1, lead_client, live_workshop, team_a):
    _charter, parties = charter_b1
    data = pilot_fields(s.B1_PILOTS[0], parties, end_date="2026-05-01")
    response = lead_client.post(url(live_workshop, team_a, "new"), data)
    assert errors(response) == ["End date must be after the start date."]


def test_locked_step_refuses_the_card_and_keeps_the_typing(
    pilot, lead_client, live_workshop, team_a
):
    step = live_workshop.steps.get(position=4)
    step.state = "locked"
    step.save(update_fields=["state"])
    response = lead_client.post(url(live_workshop, team_a, "add", 1, "hypotheses"), card_fields(H6))
    assert response.status_code == 403
    content = response.content.decode()
    assert "The facilitator has locked this step." in content
    assert 'value="Crossing wait acceptable"' in content
    assert not Hypothesis.objects.exists()
    assert lead_client.post(url(live_workshop, team_a, "next", 1)).status_code == 302
    assert Pilot.objects.count() == 1


def test_stale_plan_edit_is_409_with_both_values(
    pilot, charter_b1, lead_client, live_workshop, team_a, teammate_a
):
    _charter, parties = charter_b1
    p = s.B1_PILOTS[0]
    mine = pilot_fields(p, parties, version=None, title="Connector pilot (Marcus)")
    theirs = pilot_fields(p, parties, title="Connector pilot (Amara)")
    mine["version"] = theirs["version"] = pilot.version
    assert lead_client.post(url(live_workshop, team_a, "edit_pilot", 1), theirs).status_code == 302
    response = client_as_participant(teammate_a).post(
        url(live_workshop, team_a, "edit_pilot", 1), mine
    )
    content = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this since you opened it." in content
    assert '<td class="user-text" dir="auto">Connector pilot (Amara)</td>' in content
    assert '<td class="user-text" dir="auto">Connector pilot (Marcus)</td>' in content
    assert Pilot.objects.get().title == "Connector pilot (Amara)"


def test_party_of_another_team_is_not_a_valid_choice(
    pilot, charter_b1, lead_client, live_workshop, team_b, team_a
):
    _other_charter, other_parties = make_charter(team_b)
    _charter, parties = charter_b1
    data = pilot_fields(s.B1_PILOTS[0], parties)
    data["parties"] = [parties[s.CITY].pk, other_parties[s.CITY].pk]
    data["version"] = pilot.version
    response = lead_client.post(url(live_workshop, team_a, "edit_pilot", 1), data)
    assert response.status_code == 400
    assert any("Select a valid choice." in e for e in errors(response))
    assert pilot.parties.count() == 4


def test_inconclusive_needs_a_note(pilot, lead_client, live_workshop, team_a):
    post(lead_client, url(live_workshop, team_a, "add", 1, "hypotheses"), card_fields(H6))
    card = Hypothesis.objects.get()
    response = lead_client.post(
        url(live_workshop, team_a, "result", 1, card.pk),
        {"result_value": "", "result_override": "inconclusive", "result_note": " ", "version": 1},
    )
    assert response.status_code == 400
    assert errors(response) == ["Say why the result is inconclusive."]
    post(
        lead_client,
        url(live_workshop, team_a, "result", 1, card.pk),
        {
            "result_value": "",
            "result_override": "inconclusive",
            "result_note": "Signal broke",
            "version": 1,
        },
    )
    assert Hypothesis.objects.get().result_override == "inconclusive"


def test_duplicate_card_title_names_the_existing_card(pilot, lead_client, live_workshop, team_a):
    post(lead_client, url(live_workshop, team_a, "add", 1, "hypotheses"), card_fields(H6))
    response = lead_client.post(
        url(live_workshop, team_a, "add", 1, "hypotheses"),
        card_fields(H6, title="  crossing WAIT acceptable "),
    )
    assert errors(response) == [
        "A test card called ‘Crossing wait acceptable’ already exists in this pilot."  # noqa: RUF001
    ]


def test_bad_numbers_and_long_text_say_why(pilot, lead_client, live_workshop, team_a):
    response = lead_client.post(
        url(live_workshop, team_a, "add", 1, "hypotheses"),
        card_fields(H6, target_value="thirty", belief="x" * 1001, criticality="7"),
    )
    assert response.status_code == 400
    messages = errors(response)
    assert "Enter a number." in messages
    assert "Ensure this value has at most 1000 characters (it has 1001)." in messages
    assert "x" * 1001 in response.content.decode()


def test_other_team_and_outsiders_cannot_reach_the_pilot(
    pilot, live_workshop, team_a, participant_b, other_workshop_participant
):
    address = url(live_workshop, team_a, "edit_pilot", 1)
    assert client_as_participant(participant_b).get(address).status_code == 404
    assert client_as_participant(other_workshop_participant).get(address).status_code == 404
    response = client_as_participant(participant_b).post(
        url(live_workshop, team_a, "add", 1, "hypotheses"), card_fields(H6)
    )
    assert response.status_code == 404
    assert not Hypothesis.objects.exists()


def test_facilitator_sees_the_pilot_read_only(pilot, live_workshop, team_a, facilitator):
    from tests.conftest import client_as_user

    client = client_as_user(facilitator)
    page = client.get(reverse("steps:page", args=[live_workshop.pk, team_a.pk, 4])).content.decode()
    assert "Millrace Connector pilot" in page
    assert "Add a test card" not in page and "Edit the plan" not in page
    response = client.post(url(live_workshop, team_a, "add", 1, "hypotheses"), card_fields(H6))
    assert response.status_code == 403
    assert not Hypothesis.objects.exists()


def _page_queries(client, workshop, team):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("steps:page", args=[workshop.pk, team.pk, 4]))
    assert response.status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_the_number_of_cards(
    pilot, live_workshop, team_a, lead_a, teammate_a
):
    from workshop.steps.pilot.models import Lesson

    def add_cards(start, stop):
        for n in range(start, stop):
            card = Hypothesis.objects.create(
                team=team_a,
                pilot=pilot,
                title=f"Card {n}",
                belief="b",
                category="value",
                metric="m",
                comparator="gte",
                target_value=1,
                result_value=n,
            )
            lesson = Lesson.objects.create(team=team_a, pilot=pilot, text=f"Lesson {n}")
            lesson.hypotheses.add(card)
            lesson.charter_changes.create(team=team_a, section="scope", description=f"c{n}")

    client = client_as_participant(lead_a)
    add_cards(0, 3)
    _page_queries(client, live_workshop, team_a)  # the first visit also records the session
    three = _page_queries(client, live_workshop, team_a)
    add_cards(3, 30)
    thirty = _page_queries(client, live_workshop, team_a)
    assert thirty == three
