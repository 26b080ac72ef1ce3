"""Enters a Millrace Park team's step-1 data through the same forms a person uses (test client POSTs).

Reuses tests/steps/scenario_data.py. Returns the scenario refs mapped to the created primary keys, so
later steps (alignment, governance) can build on the same actors.
"""

from django.urls import reverse

from workshop.steps.mapping.models import Actor, Flow, ValueGap


def _url(name, team, position, *args):
    return reverse(f"steps:mapping:{name}", args=[team.workshop_id, team.pk, position, *args])


def _post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, (url, data, response.content.decode()[:3000])
    return response


def actor_post_data(actor, ids):
    return {
        "name": actor.name,
        "actor_type": actor.actor_type,
        "sector": actor.sector,
        "influence": actor.influence,
        "interest": actor.interest,
        "agency": actor.agency,
        "relationship": actor.relationship,
        "stance": actor.stance,
        "proxy": ids[actor.proxy] if actor.proxy else "",
        "is_convenor": "on" if actor.is_convenor else "",
    }


def flow_post_data(flow, ids):
    return {
        "source": ids[flow.source],
        "target": ids[flow.target],
        "flow_type": flow.flow_type,
        "label": flow.label,
        "status": flow.status,
        "direction": flow.direction,
        "quality": flow.quality,
        "amount": "" if flow.amount is None else str(flow.amount),
        "amount_unit": flow.amount_unit,
    }


def load_actors(client, team, scenario, position=1) -> dict[str, int]:
    """Actors only (the step-2 tests need no more); scenario ref → Actor pk."""
    ids: dict[str, int] = {}
    # Proxies first: an actor without agency names one that already exists.
    for actor in sorted(scenario.actors, key=lambda a: a.proxy is not None):
        _post(client, _url("actor_add", team, position), actor_post_data(actor, ids))
        ids[actor.ref] = Actor.objects.get(team=team, name=actor.name).pk
    return ids


def load_step1(client, team, scenario, position=1) -> dict[str, int]:
    """Fit check, forces, actors, flows, gaps and purpose; scenario ref → primary key."""
    if scenario.fit_check:
        fit = scenario.fit_check
        _post(
            client,
            _url("fit_check", team, position),
            {
                "can_achieve_alone": fit.can_achieve_alone,
                "needs_rapid_unilateral_decisions": fit.needs_rapid_unilateral_decisions,
                "ip_risk_unmitigable": fit.ip_risk_unmitigable,
                "contract_would_suffice": fit.contract_would_suffice,
            },
        )
    for force in scenario.forces:
        if force.recorded_in_step == position:
            _post(
                client,
                _url("force", team, position, force.force),
                {"position": force.position, "note": force.note},
            )
    ids = load_actors(client, team, scenario, position)
    for flow in scenario.flows:
        _post(client, _url("flow_add", team, position), flow_post_data(flow, ids))
        ids[flow.ref] = Flow.objects.filter(team=team).latest("pk").pk
    for gap in scenario.gaps:
        _post(
            client,
            _url("gap_add", team, position),
            {
                "title": gap.title,
                "gap_type": gap.gap_type,
                "severity": gap.severity,
                "opportunity": gap.opportunity,
                "affected_actors": [ids[r] for r in gap.affected_actors],
                "related_flows": [ids[r] for r in gap.related_flows],
            },
        )
        ids[gap.ref] = ValueGap.objects.get(team=team, title=gap.title).pk
    if scenario.purpose:
        purpose = scenario.purpose
        _post(
            client,
            _url("purpose", team, position),
            {
                "statement": purpose.statement,
                "addresses_gaps": [ids[r] for r in purpose.addresses_gaps],
                "time_horizon_years": purpose.time_horizon_years or "",
                "geographic_scope": purpose.geographic_scope,
            },
        )
    return ids
