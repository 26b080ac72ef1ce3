"""Enters a scenario team's step 2 through the step's own forms (the test client, no shortcuts).

Step 1's actors are created directly: this file is about step 2's forms.
"""

import re
from html import unescape

from django.urls import reverse

from tests.conftest import client_as_participant, make_participant
from workshop.facilitation.models import Participant
from workshop.steps.alignment.models import Candidate, Criterion
from workshop.steps.mapping.models import Actor


def url(name, workshop, team, *args, position=2):
    return reverse(f"steps:alignment:{name}", args=[workshop.pk, team.pk, position, *args])


def open_step_2(workshop):
    step = workshop.steps.get(position=2)
    step.state = "open"
    step.save()
    return step


def make_lead(workshop, team, name="Marcus"):
    lead = make_participant(workshop, team, name)
    lead.role = Participant.Role.LEAD
    lead.save()
    return lead


def create_actors(team, scenario):
    return {
        data.name: Actor.objects.create(
            team=team,
            name=data.name,
            actor_type=data.actor_type,
            sector=data.sector or "other",
            agency=data.agency,
            influence=data.influence,
            interest=data.interest,
            is_convenor=data.is_convenor,
        )
        for data in scenario.actors
    }


def post_ok(client, address, data):
    response = client.post(address, data)
    assert response.status_code == 302, form_errors(response)
    return response


def form_errors(response) -> str:
    """The messages shown beside fields, for assertion failures and tests."""
    html = response.content.decode()
    found = re.findall(r'class="invalid-feedback d-block"[^>]*>(.*?)</div>', html, re.S)
    found += re.findall(r'class="alert alert-(?:danger|warning)[^"]*"[^>]*>(.*?)</p>', html, re.S)
    return " | ".join(unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in found)


def enter_step_2(workshop, team, scenario, client, lead_client=None):
    """Criteria, candidates, scores (vote, reveal, agree) and conversations, all via POSTs."""
    lead_client = lead_client or client
    actors = create_actors(team, scenario)
    for criterion in scenario.criteria:
        post_ok(
            client,
            url("criteria", workshop, team),
            {
                "name": criterion.name,
                "category": criterion.category,
                "weight": str(criterion.weight),
                "min_acceptable": ""
                if criterion.min_acceptable is None
                else criterion.min_acceptable,
                "scoring_guide": "",
                "description": "",
            },
        )
    criteria = {c.name: c for c in Criterion.objects.filter(team=team)}
    criterion_by_ref = {data.ref: criteria[data.name] for data in scenario.criteria}
    for candidate in scenario.candidates:
        post_ok(
            client,
            url("candidates", workshop, team),
            {
                "actor": actors[candidate.name].pk,
                "status": candidate.status,
                "decision_rationale": candidate.decision_rationale,
                "complementary_capabilities": "",
            },
        )
    candidates = {
        c.actor.name: c for c in Candidate.objects.filter(team=team).select_related("actor")
    }
    candidate_by_ref = {data.ref: candidates[data.name] for data in scenario.candidates}
    cells: dict = {}
    for score in scenario.scores:
        cells.setdefault(candidate_by_ref[score.candidate], {})[
            f"c{criterion_by_ref[score.criterion].pk}"
        ] = score.value
    for candidate, values in cells.items():
        post_ok(client, url("vote", workshop, team, candidate.pk), values)
    post_ok(lead_client, url("reveal", workshop, team), {})
    for candidate, values in cells.items():
        post_ok(client, url("consensus", workshop, team, candidate.pk), values)
    for talk in scenario.conversations:
        candidate = candidate_by_ref[talk.candidate]
        post_ok(
            client,
            url("conversations", workshop, team),
            {
                "candidate": candidate.pk,
                "held_on": talk.held_on.isoformat(),
                "interest_level": talk.interest_level,
                "willingness": talk.willingness,
                "conditions": talk.conditions,
            },
        )
    return actors, criteria, candidates


def scenario_team(live_workshop, team, scenario, lead_name="Marcus"):
    open_step_2(live_workshop)
    lead = make_lead(live_workshop, team, lead_name)
    client = client_as_participant(lead)
    return lead, client


def ranking_rows(html: str) -> list[tuple[str, ...]]:
    """The ranking table's rows as tuples of cell texts."""
    body = html.split('class="table table-sm align-middle mb-0 ranking-table"', 1)[1]
    body = body.split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr class=\"ranking-[a-z]+\"[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append(tuple(" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells))
    return rows
