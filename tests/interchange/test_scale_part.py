"""Step 5's parts through the whole import (JSON Schema, then the forms) and back out, plus the
step-5 CSV kinds."""

import copy

import pytest

from tests.interchange.documents import small
from workshop.interchange.csvexport import KINDS, kind_csv
from workshop.interchange.document import export_document
from workshop.interchange.importer import import_document
from workshop.steps.scale.models import HealthRating, Indicator
from workshop.steps.scale.rules import HEALTH_DIMENSION_CODES as CODES

pytestmark = pytest.mark.django_db


def ratings(*colours, comment="Too slow"):
    return [
        {"dimension": code, "rating": colour, "comment": comment if colour == "red" else ""}
        for code, colour in zip(CODES, colours, strict=True)
    ]


SCALE = {
    "pilots": [
        {
            "ref": "pilot:1",
            "iteration": 1,
            "title": "Boat club trial",
            "hypotheses": [
                {
                    "ref": "hypothesis:members-come-back",
                    "title": "Members come back",
                    "belief": "We believe members return",
                    "category": "value",
                    "criticality": 1,
                }
            ],
        }
    ],
    "scaling_plan": {
        "summary": "Three more harbours",
        "preconditions": "",
        "horizon_end": "2030-12-31",
        "actions": [
            {
                "ref": "scaling_action:1",
                "pathway": "add_partners",
                "description": "Bring the river in",
                "new_actors": ["actor:river-lune"],
                "owner": "party:harbour-trust",
                "due_date": "2028-06-30",
            }
        ],
    },
    "indicators": [
        {
            "ref": "indicator:members-returning",
            "name": "Members returning",
            "indicator_type": "partnership_health",
            "unit": "%",
            "direction": "higher_is_better",
            "baseline": "40",
            "target": "60",
            "warning_threshold": "50",
            "frequency": "quarterly",
            "data_source": "=cmd|' /C calc'!A0",
            "owner": "party:harbour-trust",
            "linked_hypothesis": "hypothesis:members-come-back",
            "readings": [
                {"observed_on": "2027-03-31", "value": "55.5", "note": "-first count"},
                {"observed_on": "2026-12-31", "value": "61"},
            ],
        }
    ],
    "health_checks": [
        {
            "ref": "health_check:1",
            "held_on": "2027-04-01",
            "facilitated_by": "Jordan Reyes",
            "responses": [
                {
                    "respondent_party": "party:harbour-trust",
                    "respondent_name": "Ana",
                    "ratings": ratings("green", "green", "amber", "red", "green", "green", "amber"),
                },
                {
                    "respondent_party": "party:city-council",
                    "respondent_name": "Bo",
                    "ratings": ratings(
                        "green", "amber", "green", "amber", "green", "green", "green"
                    ),
                },
            ],
        }
    ],
    "signals": [
        {
            "ref": "signal:1",
            "observed_on": "2027-02-01",
            "signal": "formal_dispute",
            "description": "Mooring fees",
            "severity": 2,
            "parties": ["party:harbour-trust", "party:city-council"],
        }
    ],
}


def document():
    doc = small()
    team = doc["teams"][0]
    team["charter"]["parties"].append(
        {"ref": "party:city-council", "actor": "actor:city-council", "membership": "core"}
    )
    team.update(copy.deepcopy(SCALE))
    return doc


@pytest.fixture
def imported(partnership_pattern, facilitator):
    result = import_document(document(), facilitator)
    assert result.errors == []
    return result.workshop


def test_step5_parts_import_and_export_as_given(imported, facilitator):
    first = export_document(imported)
    team = first["teams"][0]
    assert team["scaling_plan"]["actions"][0]["new_actors"] == ["actor:river-lune"]
    assert team["scaling_plan"]["actions"][0]["status"] == "planned"  # omitted: the default
    indicator = team["indicators"][0]
    assert indicator["linked_hypothesis"] == "hypothesis:members-come-back"
    assert Indicator.objects.get(team__workshop=imported).linked_hypothesis.title == (
        "Members come back"
    )
    # Readings come out in date order; the latest (55.50, below 60 but not below 50) is amber.
    assert [r["value"] for r in indicator["readings"]] == ["61.00", "55.50"]
    assert team["derived"]["indicator_rag"] == {"indicator:members-returning": "amber"}
    # 8.10: 22 of 28 points; trust has a red, clarity and commitment and equity half amber.
    assert team["derived"]["health"] == {
        "health_check:1": {
            "overall_pct": "78.57",
            "dimensions": {
                "need_recognised": {"score_pct": "100.00", "discuss": False},
                "clarity_of_purpose": {"score_pct": "75.00", "discuss": True},
                "commitment_ownership": {"score_pct": "75.00", "discuss": True},
                "trust": {"score_pct": "25.00", "discuss": True},
                "robust_arrangements": {"score_pct": "100.00", "discuss": False},
                "monitor_learn": {"score_pct": "100.00", "discuss": False},
                "equity_mutual_benefit": {"score_pct": "75.00", "discuss": True},
            },
        }
    }
    assert HealthRating.objects.filter(response__team__workshop=imported).count() == 14
    again = import_document(first, facilitator)
    assert again.errors == []
    assert export_document(again.workshop) == first


def test_schema_refuses_bad_codes_and_refs_with_their_paths(partnership_pattern, facilitator):
    doc = document()
    team = doc["teams"][0]
    team["health_checks"][0]["responses"][0]["ratings"][3]["rating"] = "blue"
    team["health_checks"][0]["responses"][1]["ratings"][0]["dimension"] = "vibes"
    team["indicators"][0]["ref"] = "members"
    team["indicators"][0]["direction"] = "up"
    team["scaling_plan"]["actions"][0]["owner"] = "actor:harbour-trust"
    team["signals"][0]["signal"] = "gossip"
    result = import_document(doc, facilitator)
    assert result.workshop is None
    assert [error.split(": ", 1)[0] for error in result.errors] == [
        "teams[0].health_checks[0].responses[0].ratings[3].rating",
        "teams[0].health_checks[0].responses[1].ratings[0].dimension",
        "teams[0].indicators[0].direction",
        "teams[0].indicators[0].ref",
        "teams[0].scaling_plan.actions[0].owner",
        "teams[0].signals[0].signal",
    ]
    assert result.errors[0] == (
        "teams[0].health_checks[0].responses[0].ratings[3].rating: 'blue' is not one of"
        " ['green', 'amber', 'red', '', None]"
    )


def test_form_rules_refuse_the_whole_document(partnership_pattern, facilitator):
    doc = document()
    team = doc["teams"][0]
    team["health_checks"][0]["responses"][0]["ratings"][3]["comment"] = ""
    team["indicators"][0]["warning_threshold"] = "70"
    team["scaling_plan"]["actions"][0]["new_actors"] = ["actor:harbour-trust"]
    team["signals"][0]["parties"] = ["party:river-lune"]
    result = import_document(doc, facilitator)
    assert result.workshop is None
    assert result.errors == [
        "teams[0].scaling_plan.actions[0].new_actors: These actors are already core parties.",
        "teams[0].indicators[0].warning_threshold: For ‘higher is better’ the warning level must"  # noqa: RUF001
        " be at or below the target.",
        "teams[0].health_checks[0].responses[0].ratings[3].comment: Say why you rated this red.",
        "teams[0].signals[0].parties[0]: ‘party:river-lune’ does not match any party ref in this"  # noqa: RUF001
        " team.",
    ]
    assert not Indicator.objects.exists()


def test_step5_csv_kinds_are_formula_safe_with_names_for_refs(imported):
    document = export_document(imported)
    assert {"scaling_actions", "indicators", "readings", "health_checks", "health_ratings"} <= set(
        KINDS
    )
    indicators = kind_csv(document, "indicators").decode("utf-8-sig").splitlines()
    assert indicators[0] == (
        "team,ref,name,indicator_type,unit,direction,baseline,target,warning_threshold,frequency,"
        "data_source,owner,linked_hypothesis,rag"
    )
    assert indicators[1] == (
        "Riverside,indicator:members-returning,Members returning,partnership_health,%,"
        "higher_is_better,40.00,60.00,50.00,quarterly,'=cmd|' /C calc'!A0,Harbour Trust,"
        "Members come back,amber"
    )
    readings = kind_csv(document, "readings").decode("utf-8-sig").splitlines()
    assert readings == [
        "team,indicator,observed_on,value,note",
        "Riverside,Members returning,2026-12-31,61.00,",
        "Riverside,Members returning,2027-03-31,55.50,'-first count",
    ]
    checks = kind_csv(document, "health_checks").decode("utf-8-sig").splitlines()
    assert checks == [
        "team,ref,held_on,facilitated_by,notes,respondents,overall_pct,discuss",
        "Riverside,health_check:1,2027-04-01,Jordan Reyes,,2,78.57,"
        "clarity_of_purpose; commitment_ownership; trust; equity_mutual_benefit",
    ]
    answers = kind_csv(document, "health_ratings").decode("utf-8-sig").splitlines()
    assert (
        answers[0] == "team,health_check,respondent_party,respondent_name,dimension,rating,comment"
    )
    assert answers[4] == "Riverside,2027-04-01,Harbour Trust,Ana,trust,red,Too slow"
    assert len(answers) == 1 + 14
    actions = kind_csv(document, "scaling_actions").decode("utf-8-sig").splitlines()
    assert actions[1].startswith("Riverside,scaling_action:1,add_partners,Bring the river in,River")
    signals = kind_csv(document, "signals").decode("utf-8-sig").splitlines()
    assert signals[1] == (
        "Riverside,signal:1,2027-02-01,formal_dispute,Mooring fees,2,Harbour Trust; City Council"
    )
