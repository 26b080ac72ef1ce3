"""Millrace Park B1's step 4 entered through the pilot forms, as a team would (scenario_data.py).

The charter (step 3) rows are created directly: they are another step's records. Parties P1-P7 and a
published v1 are what the pilot needs from it.
"""

from django.urls import reverse

from tests.steps import scenario_data as s
from workshop.steps.governance.models import Charter, CharterParty, DecisionRule

PARTY_ACTORS = (s.CITY, s.FOUNDATION, s.DISTRICT, s.TRANSIT, s.HARTWELL, s.EASTBANK, s.COUNTY)
PILOT_PARTIES = (s.CITY, s.FOUNDATION, s.TRANSIT, s.EASTBANK)  # P1, P2, P4, P6


def url(workshop, team, name, *args, position=4):
    return reverse(f"steps:pilot:{name}", args=[workshop.pk, team.pk, position, *args])


def open_steps(workshop, *positions):
    for position in positions:
        step = workshop.steps.get(position=position)
        step.state = "open"
        step.save(update_fields=["state"])


def make_charter(team, publish_by=None):
    """B1's charter parties (P1-P7) and an operational decision rule; v1 published if asked."""
    from workshop.steps.governance.publishing import publish
    from workshop.steps.mapping.models import Actor

    charter = Charter.objects.create(team=team, title=s.B1_CHARTER.title)
    parties = {}
    for order, name in enumerate(PARTY_ACTORS, start=1):
        data = next(a for a in s.B1_ACTORS if a.name == name)
        actor = Actor.objects.create(
            team=team,
            name=name,
            actor_type=data.actor_type,
            sector=data.sector or "other",
            agency=data.agency,
            influence=data.influence,
            interest=data.interest,
            is_convenor=name == s.FOUNDATION,
        )
        parties[name] = CharterParty.objects.create(
            team=team,
            charter=charter,
            actor=actor,
            membership="observer" if name == s.COUNTY else "core",
            order=order,
        )
    DecisionRule.objects.create(
        team=team,
        charter=charter,
        scope="operational",
        method="simple_majority",
        decider=parties[s.FOUNDATION],
    )
    if publish_by is not None:
        publish(charter, publish_by, "")
    return charter, parties


def post(client, address, data, expect=302):
    response = client.post(address, data)
    assert response.status_code == expect, (address, response.status_code, errors(response))
    return response


def errors(response):
    import re

    return re.findall(
        r"(?:invalid-feedback[^>]*>|alert-danger[^>]*>)([^<]+)<", response.content.decode()
    )


def pilot_fields(pilot, parties, version=None, **changes):
    data = {
        "title": pilot.title,
        "objective": pilot.objective,
        "scope": pilot.scope,
        "start_date": pilot.start_date.isoformat(),
        "end_date": pilot.end_date.isoformat(),
        "parties": [parties[name].pk for name in PILOT_PARTIES],
        "budget_cash": str(pilot.budget_cash),
        "status": pilot.status,
        "charter_version": version.pk if version else "",
    }
    data.update(changes)
    return data


def card_fields(card, **changes):
    data = {
        "title": card.title,
        "belief": card.belief,
        "test_method": card.test_method,
        "metric": card.metric,
        "unit": card.unit,
        "comparator": card.comparator,
        "target_value": str(card.target_value),
        "target_value_max": "" if card.target_value_max is None else str(card.target_value_max),
        "category": card.category,
        "criticality": card.criticality,
    }
    data.update(changes)
    return data


def enter_b1_pilot(client, workshop, team, parties, version):
    """Pilot 1, its six cards with results, L1/L2 with their charter changes, and the decision."""
    from workshop.steps.pilot.models import Hypothesis, Lesson, Pilot

    p = s.B1_PILOTS[0]
    post(client, url(workshop, team, "new"), pilot_fields(p, parties, version))
    pilot = Pilot.objects.get(team=team, iteration=1)
    for card in s.B1_HYPOTHESES:
        post(client, url(workshop, team, "add", 1, "hypotheses"), card_fields(card))
        saved = Hypothesis.objects.get(pilot=pilot, title=card.title)
        post(
            client,
            url(workshop, team, "result", 1, saved.pk),
            {
                "result_value": str(card.result_value),
                "result_override": "",
                "result_note": "",
                "version": saved.version,
            },
        )
    titles = {h.ref: h.title for h in s.B1_HYPOTHESES}
    for lesson in s.B1_LESSONS:
        changes = [c for c in s.B1_CHARTER_CHANGES if c.lesson == lesson.ref]
        first = changes[0]
        post(
            client,
            url(workshop, team, "add", 1, "lessons"),
            {
                "text": lesson.text,
                "kind": lesson.kind,
                "hypotheses": [
                    Hypothesis.objects.get(pilot=pilot, title=titles[ref]).pk
                    for ref in lesson.hypotheses
                ],
                "action": "",
                "change_section": first.section,
                "change_description": first.description,
            },
        )
        saved = Lesson.objects.get(pilot=pilot, text=lesson.text)
        for change in changes[1:]:
            post(
                client,
                url(workshop, team, "new_change", 1, saved.pk),
                {"section": change.section, "description": change.description},
            )
    decision = s.B1_PILOT_DECISIONS[0]
    post(
        client,
        url(workshop, team, "decision", 1),
        {
            "decision": decision.decision,
            "rationale": decision.rationale,
            "decided_on": decision.decided_on.isoformat(),
        },
    )
    return pilot
