"""The full Millrace Park workshop entered through the step forms: B1 steps 1-5, B2 and B3 steps
1-2 (tests/steps' loaders), plus one published charter version with a sign-off."""

import pytest

from tests.conftest import client_as_participant, make_participant
from tests.steps import scenario_data as s
from tests.steps.alignment import entry
from tests.steps.governance.millrace import enter_b1_charter, open_step3
from tests.steps.mapping.millrace import load_step1
from tests.steps.pilot.millrace import PARTY_ACTORS, enter_b1_pilot, open_steps
from tests.steps.scale.millrace import PARTY_REFS, enter_b1_scale
from workshop.facilitation.models import Participant, StepProgress
from workshop.steps.mapping.models import Actor


def _lead(workshop, team, name):
    person = make_participant(workshop, team, name)
    person.role = Participant.Role.LEAD
    person.save(update_fields=["role"])
    return person


def _submit_step1(team):
    StepProgress.objects.update_or_create(
        team=team,
        step=team.workshop.steps.get(position=1),
        defaults={"status": StepProgress.Status.SUBMITTED},
    )


def enter_team(workshop, team, scenario, lead_name, monkeypatch):
    lead = _lead(workshop, team, lead_name)
    client = client_as_participant(lead)
    load_step1(client, team, scenario)
    # Step 2's loader creates its actors itself; here they already exist from step 1's forms.
    monkeypatch.setattr(
        entry,
        "create_actors",
        lambda team, scenario: {a.name: a for a in Actor.objects.filter(team=team)},
    )
    entry.enter_step_2(workshop, team, scenario, client)
    return lead, client


@pytest.fixture
def millrace(live_workshop, team_a, team_b, facilitator, monkeypatch):
    """(workshop, {"B1": team, "B2": team, "B3": team}, B1's lead)."""
    from workshop.steps.governance.models import CharterParty
    from workshop.steps.governance.publishing import publish, sign

    live_workshop.co_facilitators.clear()  # import makes --owner the only facilitator
    entry.open_step_2(live_workshop)
    open_step3(live_workshop)
    team_c = live_workshop.teams.create(name="Sponsors")
    lead, client = enter_team(live_workshop, team_a, s.B1, "Marcus", monkeypatch)
    _submit_step1(team_a)
    actors = {a.name: a for a in Actor.objects.filter(team=team_a)}
    charter = enter_b1_charter(client, live_workshop, team_a, actors)
    make_participant(live_workshop, team_a, "Aisha")
    version = publish(charter, lead, "First full draft")
    party = CharterParty.objects.get(charter=charter, actor__name=s.FOUNDATION)
    sign(version, party, lead, "agree_with_reservations", "Subject to board minutes.")
    open_steps(live_workshop, 4, 5)
    parties = {
        p.actor.name: p
        for p in CharterParty.objects.filter(charter=charter).select_related("actor")
    }
    enter_b1_pilot(client, live_workshop, team_a, parties, version)
    by_ref = {ref: parties[name] for ref, name in zip(PARTY_REFS, PARTY_ACTORS, strict=True)}
    enter_b1_scale(client, live_workshop, team_a, by_ref, actors[s.TENANTS])
    enter_team(live_workshop, team_b, s.B2, "Dana", monkeypatch)
    enter_team(live_workshop, team_c, s.B3, "Chris", monkeypatch)
    return live_workshop, {"B1": team_a, "B2": team_b, "B3": team_c}, lead
