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
