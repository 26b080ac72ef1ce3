"""Publishing, sign-off and the status rules of DOMAIN.md 4.1, on Millrace Park B1."""

import pytest

from tests.conftest import client_as_participant, client_as_user
from tests.steps.governance.millrace import url
from workshop.steps.governance.models import CharterVersion, SignOff
from workshop.steps.governance.publishing import Lifecycle
from workshop.steps.governance.snapshot import build_snapshot, content_sha256

pytestmark = pytest.mark.django_db

P4_NOTE = "Subject to Transit board capital approval in June"
P6_NOTE = "No-displacement pledge missing"


def publish(client, workshop, team, summary=""):
    return client.post(url(workshop, team, "publish"), {"change_summary": summary})


def sign(person, workshop, team, number, party, decision, note=""):
    return client_as_participant(person).post(
        url(workshop, team, "sign", number),
        {"party": party.pk, "decision": decision, "note": note},
    )


def test_v1_with_p6_objection_stays_in_review_and_v2_all_agree_is_agreed(
    b1, signers, live_workshop, team_a
):
    charter, lead = b1
    assert publish(lead, live_workshop, team_a).status_code == 302
    v1 = CharterVersion.objects.get(number=1)
    assert v1.content_sha256 == content_sha256(build_snapshot(charter))
    assert len(v1.signing_parties) == 6  # the observer County cannot sign
    decisions = {
        "City of Port Calder \u2013 Parks & Recreation": ("agree", ""),
        "Millrace Park Foundation": ("agree", ""),
        "Calder Parks & Trails District": ("agree", ""),
        "Calder Regional Transit Authority": ("agree_with_reservations", P4_NOTE),
        "Hartwell Family Foundation": ("agree", ""),
        "Eastbank Neighbourhood Association": ("object", P6_NOTE),
    }
    for name, (decision, note) in decisions.items():
        party, person = signers[name]
        assert sign(person, live_workshop, team_a, 1, party, decision, note).status_code == 302
    life = Lifecycle(charter)
    assert (life.status.status, life.status.operative_version) == ("in_review", None)
    page = lead.get(url(live_workshop, team_a, "version", 1)).content.decode()
    assert P6_NOTE in page and "In review" in page

    assert publish(lead, live_workshop, team_a, "No-displacement pledge").status_code == 302
    for party, person in signers.values():
        if party.can_sign:
            assert sign(person, live_workshop, team_a, 2, party, "agree").status_code == 302
    life = Lifecycle(charter)
    assert (life.status.status, life.status.operative_version) == ("agreed", 2)
    assert life.status.version_states == {1: "superseded", 2: "agreed"}
    assert SignOff.objects.filter(version__number=2).count() == 6


def test_observer_and_non_signer_get_no_control_and_a_forged_post_is_refused(
    b1, signers, live_workshop, team_a, teammate_a
):
    _charter, lead = b1
    publish(lead, live_workshop, team_a)
    county, county_person = signers["Calder County Board of Commissioners"]
    eastbank, _amara = signers["Eastbank Neighbourhood Association"]
    page = client_as_participant(county_person).get(url(live_workshop, team_a, "version", 1))
    assert "Record my decision" not in page.content.decode()
    assert sign(county_person, live_workshop, team_a, 1, county, "agree").status_code == 403
    assert sign(teammate_a, live_workshop, team_a, 1, eastbank, "agree").status_code == 403
    assert SignOff.objects.count() == 0


def test_only_the_lead_publishes(b1, live_workshop, team_a, teammate_a, facilitator):
    assert publish(client_as_participant(teammate_a), live_workshop, team_a).status_code == 403
    assert publish(client_as_user(facilitator), live_workshop, team_a).status_code == 403
    assert CharterVersion.objects.count() == 0


def test_reservation_and_objection_need_a_note(b1, signers, live_workshop, team_a):
    _charter, lead = b1
    publish(lead, live_workshop, team_a)
    party, person = signers["Eastbank Neighbourhood Association"]
    response = sign(person, live_workshop, team_a, 1, party, "object", "")
    assert response.status_code == 400
    assert "Say what your reservation or objection is." in response.content.decode()
    assert SignOff.objects.count() == 0


def test_an_edit_after_publishing_opens_a_new_draft(b1, live_workshop, team_a):
    charter, lead = b1
    publish(lead, live_workshop, team_a)
    page = lead.get(url(live_workshop, team_a, "section", "scope")).content.decode()
    assert "Draft has unpublished changes" not in page
    charter.refresh_from_db()
    lead.post(
        url(live_workshop, team_a, "fields", "scope"),
        {
            "scope_in": "Millrace Park only",
            "scope_out": charter.scope_out,
            "version": charter.version,
        },
    )
    page = lead.get(url(live_workshop, team_a, "section", "scope")).content.decode()
    assert "Draft has unpublished changes" in page


def test_compare_shows_the_changed_section_line_by_line(b1, live_workshop, team_a):
    charter, lead = b1
    publish(lead, live_workshop, team_a)
    lead.post(
        url(live_workshop, team_a, "fields", "scope"),
        {
            "scope_in": "Millrace Park only",
            "scope_out": charter.scope_out,
            "version": charter.version,
        },
    )
    publish(lead, live_workshop, team_a)
    page = lead.get(url(live_workshop, team_a, "compare") + "?a=1&b=2").content.decode()
    assert "Removed:</span>Millrace Park, its approaches, and programming in the park" in page
    assert "Added:</span>Millrace Park only" in page
    assert page.count("unchanged") == 17
    summary = page[
        page.index("data-changed-summary") : page.index(
            "</nav>", page.index("data-changed-summary")
        )
    ]
    assert "1 section changed:" in summary and 'href="#d-scope"' in summary
    # The changed section comes before the folded unchanged ones.
    assert page.index('id="d-scope"') < page.index("diff-same")


def test_comments_attach_to_the_latest_version_and_can_be_resolved(
    b1, live_workshop, team_a, facilitator
):
    from workshop.steps.governance.models import CharterComment

    _charter, lead = b1
    publish(lead, live_workshop, team_a)
    facilitator_client = client_as_user(facilitator)
    response = facilitator_client.post(
        url(live_workshop, team_a, "comment", "value"), {"body": "Is V7 really <b>monetary</b>?"}
    )
    assert response.status_code == 302
    item = CharterComment.objects.get()
    assert (item.version.number, item.section, item.by_facilitator) == (1, "value", True)
    page = lead.get(url(live_workshop, team_a, "section", "value")).content.decode()
    assert "Is V7 really &lt;b&gt;monetary&lt;/b&gt;?" in page
    lead.post(url(live_workshop, team_a, "resolve_comment", item.pk))
    item.refresh_from_db()
    assert item.resolved is True
