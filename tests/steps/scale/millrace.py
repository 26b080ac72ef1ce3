"""Millrace Park B1's step 5 entered through the step-5 forms, as a team would (scenario_data.py).

Steps 1 and 3 rows (actors, charter parties, step-1 forces) are created directly: they are other
steps' records.
"""

from django.urls import reverse

from tests.steps import scenario_data as s
from tests.steps.pilot.millrace import PARTY_ACTORS, errors, make_charter, open_steps
from workshop.steps.mapping.models import Actor, ForceAssessment

INDICATOR_CODES = ("J1", "J2", "J3", "J4", "J5", "J6")


def url(workshop, team, name, *args, position=5):
    return reverse(f"steps:scale:{name}", args=[workshop.pk, team.pk, position, *args])


def post(client, address, data, expect=302):
    response = client.post(address, data)
    assert response.status_code == expect, (address, response.status_code, errors(response))
    return response


def setup_b1(workshop, team):
    """Step 5 open; B1's parties (P1-P7), the tenants' union as an actor, step-1 forces, cadence."""
    open_steps(workshop, 5)
    charter, parties = make_charter(team)
    charter.review_cadence_months = 12
    charter.save(update_fields=["review_cadence_months"])
    tenants = Actor.objects.create(
        team=team,
        name=s.TENANTS,
        actor_type="community",
        sector="civil_society",
        agency="medium",
        influence=2,
        interest=5,
    )
    for force in s.B1_FORCES:
        if force.recorded_in_step == 1:
            ForceAssessment.objects.create(
                team=team, force=force.force, position=force.position, recorded_in_step=1
            )
    by_ref = {ref: parties[name] for ref, name in zip(PARTY_REFS, PARTY_ACTORS, strict=True)}
    return charter, by_ref, tenants


PARTY_REFS = (s.P1, s.P2, s.P3, s.P4, s.P5, s.P6, s.P7)


def indicator_fields(indicator, parties, **changes):
    data = {
        "name": indicator.name,
        "indicator_type": indicator.indicator_type,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "baseline": str(indicator.baseline),
        "target": str(indicator.target),
        "warning_threshold": str(indicator.warning_threshold),
        "owner": parties[indicator.owner].pk,
        "frequency": indicator.frequency,
        "data_source": indicator.data_source,
    }
    data.update(changes)
    return data


def action_fields(action, parties, actors=(), **changes):
    data = {
        "pathway": action.pathway,
        "description": action.description,
        "new_actors": [a.pk for a in actors],
        "target_context": action.target_context,
        "owner": parties[action.owner].pk,
        "due_date": action.due_date.isoformat(),
        "status": action.status,
    }
    data.update(changes)
    return data


def enter_b1_scale(client, workshop, team, parties, tenants):
    from workshop.steps.scale.models import Indicator

    plan = s.B1_SCALING_PLAN
    post(
        client,
        url(workshop, team, "plan"),
        {
            "summary": plan.summary,
            "preconditions": plan.preconditions,
            "horizon_end": plan.horizon_end.isoformat(),
        },
    )
    for action in s.B1_SCALING_ACTIONS:
        actors = [tenants] if action.new_actors else []
        post(client, url(workshop, team, "add", "actions"), action_fields(action, parties, actors))
    for indicator in s.B1_INDICATORS:
        post(client, url(workshop, team, "add", "indicators"), indicator_fields(indicator, parties))
    stored = {i.name: i for i in Indicator.objects.filter(team=team)}
    for indicator, reading in zip(s.B1_INDICATORS, s.B1_READINGS, strict=True):
        post(
            client,
            url(workshop, team, "reading", stored[indicator.name].pk),
            {"observed_on": reading.observed_on.isoformat(), "value": str(reading.value)},
        )
    post(
        client,
        url(workshop, team, "add", "checks"),
        {"held_on": s.B1_HEALTH_CHECKS[0].held_on.isoformat()},
    )
    for force in s.B1_FORCES:
        if force.recorded_in_step == 5:
            post(client, url(workshop, team, "force", force.force), {"position": force.position})
    return stored
