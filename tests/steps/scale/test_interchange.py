"""Step 5's part of the JSON document: export, import through the forms, export again; and each
thing the forms refuse reported at its JSON path."""

import json

import pytest

from tests.steps import scenario_data as s
from tests.steps.scale.millrace import enter_b1_scale, post, url
from workshop.interchange.context import ExportContext, ImportContext, RefNamer
from workshop.steps.governance.models import CharterParty
from workshop.steps.pilot.interchange import _charter_refs
from workshop.steps.scale import interchange
from workshop.steps.scale.models import (
    HealthCheck,
    HealthCheckInvite,
    HealthResponse,
    Indicator,
    ScalingAction,
    ScalingPlan,
    VitalitySignal,
)
from workshop.steps.scale.rules import HEALTH_DIMENSION_CODES as CODES

pytestmark = pytest.mark.django_db

# Three respondents (P1, P2, P4); comments only where red.
ANSWERS = {
    s.P1: ("green", "green", "amber", "red", "green", "amber", "green"),
    s.P2: ("green", "amber", "amber", "amber", "green", "green", "green"),
    s.P4: ("green", "green", "green", "green", "green", "amber", "green"),
}


def actor_refs(team) -> dict:
    """Actor → ref, as step 1's export names them."""
    from workshop.steps.mapping.models import Actor

    names = RefNamer("actor")
    return {
        actor: names(actor.name, position)
        for position, actor in enumerate(Actor.objects.filter(team=team), start=1)
    }


def export(team):
    ctx = ExportContext(team=team, workshop=team.workshop)
    for actor, ref in actor_refs(team).items():
        ctx.refs[("actor", actor.pk)] = ref
    part = interchange.export_team(team, ctx)
    return part, interchange.derive(team, ctx)


def import_context(team):
    """What steps 1 and 3 would have declared: their actor and party refs."""
    ctx = ImportContext(team=team, workshop=team.workshop, path="teams[0]")
    parties, _rules = _charter_refs(team)
    for party in CharterParty.objects.filter(team=team):
        ctx.declare(parties[party.pk], party)
    for actor, ref in actor_refs(team).items():
        ctx.declare(ref, actor)
    return ctx


def answer(client, workshop, team, check, party, ratings, name=""):
    data = {"respondent_party": party.pk, "respondent_name": name}
    for code, rating in zip(CODES, ratings, strict=True):
        data[f"rating_{code}"] = rating
        data[f"comment_{code}"] = "Payments arrive late" if rating == "red" else ""
    post(client, url(workshop, team, "respond", check.pk), data)


def delete_step5(team):
    for model in (ScalingPlan, ScalingAction, Indicator, HealthCheck, VitalitySignal):
        model.objects.filter(team=team).delete()


def test_b1_scale_round_trip_with_answers_and_signs(live_workshop, team_a, b1, client_a):
    parties, tenants = b1
    enter_b1_scale(client_a, live_workshop, team_a, parties, tenants)
    check = HealthCheck.objects.get(team=team_a)
    for ref, ratings in ANSWERS.items():
        answer(client_a, live_workshop, team_a, check, parties[ref], ratings, name=f"For {ref}")
    post(
        client_a,
        url(live_workshop, team_a, "invite", check.pk),
        {"party": parties[s.P6].pk, "email": "resident@example.org", "expires_on": "2099-01-01"},
    )
    for day, sign, severity, party_refs in (
        ("2027-02-01", "formal_dispute", "2", (s.P1, s.P2)),
        ("2027-03-15", "partner_joined", "", ()),
    ):
        post(
            client_a,
            url(live_workshop, team_a, "add", "signals"),
            {
                "observed_on": day,
                "signal": sign,
                "description": f"=SUM({sign})",
                "severity": severity,
                "parties": [parties[ref].pk for ref in party_refs],
            },
        )
    first, derived = export(team_a)

    plan = first["scaling_plan"]
    assert (plan["horizon_end"], len(plan["actions"])) == ("2031-03-31", 5)
    assert plan["actions"][1] == {
        "ref": "scaling_action:2",
        "pathway": "add_partners",
        "description": s.B1_SCALING_ACTIONS[1].description,
        "new_actors": ["actor:millrace-tenants-union"],
        "target_context": "",
        "owner": "party:millrace-park-foundation",
        "due_date": "2028-06-30",
        "status": "planned",
        "resources_needed": "",
    }
    j1 = first["indicators"][0]
    assert (j1["ref"], j1["baseline"], j1["warning_threshold"], j1["readings"]) == (
        "indicator:weekend-visits-from-adjacent-neighbourhoods",
        "1150.00",
        "1300.00",
        [{"observed_on": "2027-06-30", "value": "1420.00", "note": ""}],
    )
    (health,) = first["health_checks"]
    assert (health["ref"], health["held_on"], len(health["responses"])) == (
        "health_check:1",
        "2027-09-15",
        3,
    )
    assert (
        health["responses"][0]["respondent_party"] == "party:city-of-port-calder-parks-recreation"
    )
    assert health["responses"][0]["ratings"][3] == {
        "dimension": "trust",
        "rating": "red",
        "comment": "Payments arrive late",
    }
    assert [(g["ref"], g["signal"], g["severity"], g["parties"]) for g in first["signals"]] == [
        (
            "signal:1",
            "formal_dispute",
            2,
            ["party:city-of-port-calder-parks-recreation", "party:millrace-park-foundation"],
        ),
        ("signal:2", "partner_joined", None, []),
    ]
    # The e-mailed link is how answers are collected, not part of the format.
    assert HealthCheckInvite.objects.filter(health_check=check).exists()
    assert "resident@example.org" not in json.dumps(first)
    assert "token" not in json.dumps(first)

    assert list(derived["indicator_rag"].values()) == [
        "amber",
        "green",
        "red",
        "amber",
        "amber",
        "green",
    ]
    # 8.10: 34 of 42 points; a dimension is discussed with any red or at least half amber.
    assert derived["health"] == {
        "health_check:1": {
            "overall_pct": "80.95",
            "dimensions": {
                "need_recognised": {"score_pct": "100.00", "discuss": False},
                "clarity_of_purpose": {"score_pct": "83.33", "discuss": False},
                "commitment_ownership": {"score_pct": "66.67", "discuss": True},
                "trust": {"score_pct": "50.00", "discuss": True},
                "robust_arrangements": {"score_pct": "100.00", "discuss": False},
                "monitor_learn": {"score_pct": "66.67", "discuss": True},
                "equity_mutual_benefit": {"score_pct": "100.00", "discuss": False},
            },
        }
    }

    delete_step5(team_a)
    ctx = import_context(team_a)
    interchange.import_team(json.loads(json.dumps(first)), team_a, ctx)
    assert ctx.errors == []
    assert export(team_a) == (first, derived)
    assert not HealthCheckInvite.objects.filter(health_check__team=team_a).exists()


def test_actions_without_a_saved_plan_stay_without_one(live_workshop, team_a, b1, client_a):
    parties, _tenants = b1
    action = s.B1_SCALING_ACTIONS[2]
    post(
        client_a,
        url(live_workshop, team_a, "add", "actions"),
        {
            "pathway": action.pathway,
            "description": action.description,
            "owner": parties[action.owner].pk,
            "due_date": action.due_date.isoformat(),
            "status": "planned",
        },
    )
    first, _derived = export(team_a)
    assert list(first["scaling_plan"]) == ["actions"]
    delete_step5(team_a)
    ctx = import_context(team_a)
    interchange.import_team(first, team_a, ctx)
    assert ctx.errors == []
    assert not ScalingPlan.objects.filter(team=team_a).exists()
    assert export(team_a)[0] == first


def test_nothing_in_step5_exports_empty_parts(team_a, b1):
    assert export(team_a) == (
        {"scaling_plan": None, "indicators": [], "health_checks": [], "signals": []},
        {"indicator_rag": {}, "health": {}},
    )


def _indicator(**changes):
    data = {
        "ref": "indicator:disputes",
        "name": "Disputes",
        "indicator_type": "vitality_decay",
        "unit": "count",
        "direction": "lower_is_better",
        "baseline": "0",
        "target": "0",
        "warning_threshold": "1",
        "frequency": "quarterly",
        "data_source": "Ladder log",
        "owner": "party:millrace-park-foundation",
    }
    data.update(changes)
    return data


def _ratings(**overrides):
    ratings = [{"dimension": code, "rating": "green", "comment": ""} for code in CODES]
    for code, (rating, comment) in overrides.items():
        ratings[CODES.index(code)] = {"dimension": code, "rating": rating, "comment": comment}
    return ratings


def test_import_reports_what_the_forms_refuse_with_its_path(team_a, b1):
    document = {
        "scaling_plan": {
            "summary": "Grow",
            "actions": [
                {
                    "ref": "scaling_action:1",
                    "pathway": "add_partners",
                    "description": "Bring the City in",
                    "new_actors": ["actor:city-of-port-calder-parks-recreation"],
                    "owner": "party:millrace-park-foundation",
                    "due_date": "2028-06-30",
                },
                {
                    "ref": "scaling_action:2",
                    "pathway": "replicate",
                    "description": "Copy it",
                    "owner": "party:nobody",
                    "due_date": "2029-12-31",
                },
            ],
        },
        "indicators": [
            _indicator(warning_threshold="-1"),
            _indicator(
                ref="indicator:visits",
                name="Visits",
                direction="higher_is_better",
                baseline="1150",
                target="1600",
                warning_threshold="1300",
                readings=[
                    {"observed_on": "2027-06-30", "value": "1420"},
                    {"observed_on": "2027-06-30", "value": "1500"},
                ],
            ),
            _indicator(ref="indicator:visits-2", name=" visits ", linked_hypothesis="hypothesis:x"),
        ],
        "health_checks": [
            {
                "ref": "health_check:1",
                "held_on": "2027-09-15",
                "responses": [
                    {
                        "respondent_party": "party:millrace-park-foundation",
                        "ratings": _ratings(trust=("red", " ")),
                    },
                    {
                        "respondent_party": "party:calder-regional-transit-authority",
                        "ratings": _ratings()[:5],
                    },
                    {"respondent_party": "party:ghost", "ratings": _ratings()},
                ],
            }
        ],
        "signals": [
            {
                "ref": "signal:1",
                "observed_on": "2027-03-01",
                "signal": "partner_joined",
                "severity": 3,
                "parties": ["party:millrace-park-foundation"],
            }
        ],
    }
    ctx = import_context(team_a)
    interchange.import_team(document, team_a, ctx)
    path = "teams[0]"
    assert ctx.errors == [
        f"{path}.scaling_plan.actions[0].new_actors: These actors are already core parties.",
        f"{path}.scaling_plan.actions[1].owner: ‘party:nobody’ does not match any party ref in"  # noqa: RUF001
        " this team.",
        f"{path}.indicators[0].warning_threshold: For ‘lower is better’ the warning level must be"  # noqa: RUF001
        " at or above the target.",
        f"{path}.indicators[1].readings[1].observed_on: There is already a reading for this date;"
        " edit that one instead.",
        f"{path}.indicators[2].linked_hypothesis: ‘hypothesis:x’ does not match any hypothesis"  # noqa: RUF001
        " ref in this team.",
        f"{path}.health_checks[0].responses[0].ratings[3].comment: Say why you rated this red.",
        f"{path}.health_checks[0].responses[1].ratings: Rate all 7 dimensions.",
        f"{path}.health_checks[0].responses[2].respondent_party: ‘party:ghost’ does not match"  # noqa: RUF001
        " any party ref in this team.",
        f"{path}.signals[0].severity: Severity is for decay signs only.",
    ]
    assert HealthResponse.objects.count() == 0


def test_duplicate_indicator_name_and_second_answer_for_a_party_are_refused(team_a, b1):
    document = {
        "indicators": [_indicator(), _indicator(ref="indicator:disputes-2", name="DISPUTES ")],
        "health_checks": [
            {
                "ref": "health_check:1",
                "held_on": "2027-09-15",
                "responses": [
                    {"respondent_party": "party:millrace-park-foundation", "ratings": _ratings()},
                    {"respondent_party": "party:millrace-park-foundation", "ratings": _ratings()},
                    {
                        "respondent_party": "party:calder-regional-transit-authority",
                        "ratings": [*_ratings(), {"dimension": "trust", "rating": "red"}],
                    },
                ],
            }
        ],
    }
    ctx = import_context(team_a)
    interchange.import_team(document, team_a, ctx)
    assert ctx.errors == [
        "teams[0].indicators[1].name: This team already has an indicator called “Disputes”.",
        "teams[0].health_checks[0].responses[1].respondent_party: This party has already answered.",
        "teams[0].health_checks[0].responses[2].ratings[7].dimension: This dimension is already"
        " rated above.",
    ]
