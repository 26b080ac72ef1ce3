"""Millrace Park B1, B2 and B3 in one workshop: step 1 through the mapping forms (tests/steps/mapping/
millrace.py), step 2 as rows (the alignment forms have their own tests)."""

from tests.conftest import client_as_participant, make_participant
from tests.steps import scenario_data as s
from tests.steps.mapping.millrace import load_step1
from workshop.facilitation.models import Team
from workshop.steps.alignment.models import Candidate, Conversation, Criterion, Score
from workshop.steps.mapping.models import Actor


def load_step2(team, scenario):
    actors = {a.name: a for a in Actor.objects.filter(team=team)}
    criteria = {
        c.ref: Criterion.objects.create(
            team=team,
            name=c.name,
            category=c.category,
            weight=c.weight,
            min_acceptable=c.min_acceptable,
            order=c.order,
        )
        for c in scenario.criteria
    }
    candidates = {
        c.ref: Candidate.objects.create(
            team=team,
            actor=actors[c.name],
            status=c.status,
            decision_rationale=c.decision_rationale,
        )
        for c in scenario.candidates
    }
    Score.objects.bulk_create(
        Score(
            team=team,
            candidate=candidates[score.candidate],
            criterion=criteria[score.criterion],
            value=score.value,
        )
        for score in scenario.scores
    )
    for talk in scenario.conversations:
        Conversation.objects.create(
            team=team,
            candidate=candidates[talk.candidate],
            held_on=talk.held_on,
            interest_level=talk.interest_level,
            willingness=talk.willingness,
            conditions=talk.conditions,
        )


def load_millrace(workshop):
    """Riverside = B1, City Hall = B2, and a third team Sponsors = B3; returns the three teams."""
    step2 = workshop.steps.get(position=2)
    step2.state = "open"
    step2.save()
    b1 = workshop.teams.get(name="Riverside")
    b2 = workshop.teams.get(name="City Hall")
    b3 = Team.objects.create(workshop=workshop, name="Sponsors", colour="#2f7d4f")
    for team, scenario, name in ((b1, s.B1, "Marcus"), (b2, s.B2, "Dana"), (b3, s.B3, "Chris")):
        client = client_as_participant(make_participant(workshop, team, name))
        load_step1(client, team, scenario)
        load_step2(team, scenario)
    return b1, b2, b3


def _parties(charter):
    """Scenario party ref (P1 …) → the stored CharterParty."""
    from workshop.steps.governance.models import CharterParty

    stored = {p.actor.name: p for p in CharterParty.objects.filter(charter=charter)}
    return {p.ref: stored[p.name] for p in s.B1_PARTIES}


def load_b1_steps_3_to_5(workshop, team):
    """B1 as the scenario tells it: steps 1-2 rows and the charter (tests/charter/millrace.py), v1
    published and signed (Eastbank objects), the pilot through its forms with its three charter
    changes applied and published in v2, which all six sign, then step 5 through its forms."""
    from tests.charter.millrace import load_team, publish_version, sign
    from tests.steps.pilot.millrace import enter_b1_pilot, open_steps
    from tests.steps.pilot.millrace import url as pilot_url
    from tests.steps.scale.millrace import enter_b1_scale
    from workshop.facilitation.models import StepProgress
    from workshop.steps.mapping.models import ForceAssessment
    from workshop.steps.pilot.models import CharterChange

    open_steps(workshop, 3, 4, 5)
    charter = load_team(team, s.B1, publish=False)
    StepProgress.objects.update_or_create(
        team=team,
        step=workshop.steps.get(position=1),
        defaults={"status": StepProgress.Status.SUBMITTED},
    )
    parties = _parties(charter)
    v1 = publish_version(charter)
    sign(charter, [x for x in s.B1_SIGN_OFFS if x.version == 1], parties)

    lead = make_participant(workshop, team, "Marcus Lee")
    lead.role = "lead"
    lead.save(update_fields=["role"])
    client = client_as_participant(lead)
    by_name = {party.actor.name: party for party in parties.values()}
    pilot = enter_b1_pilot(client, workshop, team, by_name, v1)
    for change in CharterChange.objects.filter(lesson__pilot=pilot).order_by("pk"):
        response = client.post(pilot_url(workshop, team, "apply", 1, change.pk))
        assert response.status_code == 302
    publish_version(charter, s.B1_VERSIONS[1].change_summary)
    sign(charter, [x for x in s.B1_SIGN_OFFS if x.version == 2], parties)

    for force in s.B1_FORCES:
        if force.recorded_in_step == 1:
            ForceAssessment.objects.create(
                team=team, force=force.force, position=force.position, recorded_in_step=1
            )
    tenants = Actor.objects.get(team=team, name=s.TENANTS)
    enter_b1_scale(client, workshop, team, parties, tenants)
    return charter


def load_millrace_later(workshop):
    """Riverside = B1 through step 5, City Hall = B2 (steps 1-2), Sponsors = B3 (sparse)."""
    from tests.charter.millrace import load_team

    b1 = workshop.teams.get(name="Riverside")
    b2 = workshop.teams.get(name="City Hall")
    b3 = Team.objects.create(workshop=workshop, name="Sponsors", colour="#2f7d4f")
    load_b1_steps_3_to_5(workshop, b1)
    load_team(b2, s.B2)
    load_team(b3, s.B3)
    return b1, b2, b3
