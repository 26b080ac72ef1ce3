"""Step 2's conversation notes carried into the charter parties the team adds from step 2."""

import datetime

import pytest

from tests.conftest import client_as_participant
from tests.steps import scenario_data as s
from tests.steps.governance.millrace import make_step1_rows, open_step3, post, url
from workshop.steps.alignment.models import Candidate, Conversation
from workshop.steps.governance import carryover
from workshop.steps.governance.models import CharterParty
from workshop.steps.governance.publishing import charter_for

pytestmark = pytest.mark.django_db

INTERESTS = "Show sales-tax payers visible public benefit"
BRINGS = "Capital from the parks sales tax and project management"
CONDITIONS = "The City funds the signalised crossings"


def talk(team, candidate, day, **notes):
    return Conversation.objects.create(
        team=team,
        candidate=candidate,
        held_on=datetime.date(2026, 2, day),
        interest_level="high",
        willingness="conditional" if notes.get("conditions") else "willing",
        **notes,
    )


@pytest.fixture
def step2(live_workshop, team_a):
    """The map's actors; District, Transit and Hartwell selected, the Bank declined."""
    open_step3(live_workshop)
    actors = make_step1_rows(team_a)

    def candidate(name, status="selected"):
        return Candidate.objects.create(team=team_a, actor=actors[name], status=status)

    district = candidate(s.DISTRICT)
    talk(team_a, district, 2, their_interests="An early, vaguer note", conditions="Old terms")
    talk(team_a, district, 10, their_interests=INTERESTS, what_they_could_bring=BRINGS)
    talk(team_a, candidate(s.TRANSIT), 12, conditions=CONDITIONS)
    candidate(s.HARTWELL)
    talk(team_a, candidate(s.BANK, "declined_by_us"), 19, their_interests="Visibility")
    return actors


def parties(team):
    return {p.actor.name: p for p in CharterParty.objects.filter(team=team).select_related("actor")}


def test_fill_blanks_sets_only_empty_fields():
    conversation = Conversation(
        their_interests="  Riders  ", what_they_could_bring="A stop", conditions=""
    )
    party = CharterParty(partner_objectives="", what_they_bring="Typed by the team")
    assert carryover.fill_blanks(party, conversation) == ["partner_objectives"]
    assert (party.partner_objectives, party.what_they_bring, party.what_they_gain) == (
        "Riders",
        "Typed by the team",
        "",
    )
    assert carryover.fill_blanks(CharterParty(), None) == []


def test_added_parties_start_with_their_latest_conversation(live_workshop, team_a, lead_a, step2):
    client = client_as_participant(lead_a)
    post(client, url(live_workshop, team_a, "import_parties"), {})
    added = parties(team_a)
    assert set(added) == {s.FOUNDATION, s.DISTRICT, s.TRANSIT, s.HARTWELL}
    district = added[s.DISTRICT]
    # The latest conversation wins, field by field as it stands: its empty conditions stay empty.
    assert (district.partner_objectives, district.what_they_bring, district.what_they_gain) == (
        INTERESTS,
        BRINGS,
        "",
    )
    assert added[s.TRANSIT].what_they_gain == CONDITIONS
    for name in (s.FOUNDATION, s.HARTWELL):  # the convenor, and a partner nobody talked to
        party = added[name]
        assert (party.partner_objectives, party.what_they_bring, party.what_they_gain) == (
            "",
            "",
            "",
        )


def test_a_party_the_team_already_wrote_is_left_alone(live_workshop, team_a, lead_a, step2):
    charter = charter_for(team_a)
    typed = CharterParty.objects.create(
        team=team_a,
        charter=charter,
        actor=step2[s.DISTRICT],
        partner_objectives="Our own words",
        order=1,
    )
    client = client_as_participant(lead_a)
    post(client, url(live_workshop, team_a, "import_parties"), {})
    typed.refresh_from_db()
    assert (typed.partner_objectives, typed.what_they_bring, typed.version) == (
        "Our own words",
        "",
        1,
    )
    assert parties(team_a)[s.TRANSIT].what_they_gain == CONDITIONS


def test_the_carried_notes_are_edited_like_any_text(live_workshop, team_a, lead_a, step2):
    client = client_as_participant(lead_a)
    post(client, url(live_workshop, team_a, "import_parties"), {})
    district = parties(team_a)[s.DISTRICT]
    form = client.get(url(live_workshop, team_a, "edit", "parties", district.pk)).content.decode()
    assert INTERESTS in form and BRINGS in form
    assert form.count("Carried over from your conversation of 10 February 2026 in step 2.") == 2
    post(
        client,
        url(live_workshop, team_a, "edit", "parties", district.pk),
        {
            "actor": district.actor_id,
            "membership": "core",
            "representative_name": "Rosa Delgado",
            "representative_role": "Executive Director",
            "has_authority_to_sign": "true",
            "partner_objectives": INTERESTS + ", on time",
            "what_they_gain": "Bond-covenant reporting",
            "what_they_bring": BRINGS,
            "order": district.order,
            "version": district.version,
        },
    )
    district.refresh_from_db()
    assert district.partner_objectives == INTERESTS + ", on time"
    assert district.what_they_gain == "Bond-covenant reporting"
    # Edited away from the conversation, the field shows what step 2 noted instead.
    form = client.get(url(live_workshop, team_a, "edit", "parties", district.pk)).content.decode()
    assert f"Your conversation of 10 February 2026 in step 2 noted: “{INTERESTS}”" in form


def test_what_step_2_noted_is_shown_escaped(live_workshop, team_a, lead_a, step2):
    transit = Candidate.objects.get(team=team_a, actor__name=s.TRANSIT)
    talk(team_a, transit, 20, conditions="<b onmouseover=alert(1)>crossings</b>")
    charter = charter_for(team_a)
    party = CharterParty.objects.create(
        team=team_a, charter=charter, actor=transit.actor, what_they_gain="Typed", order=1
    )
    client = client_as_participant(lead_a)
    form = client.get(url(live_workshop, team_a, "edit", "parties", party.pk)).content.decode()
    assert "&lt;b onmouseover=alert(1)&gt;crossings&lt;/b&gt;" in form
    assert "<b onmouseover" not in form
