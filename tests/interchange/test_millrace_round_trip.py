"""The full Millrace Park workshop (B1 steps 1-5, B2 and B3 steps 1-2, entered through the forms):
the derived block equals the scenario, and export → import → export gives the same document, and
the imported copy's PDF, ZIP and CSVs render."""

import json

import pytest

from tests.conftest import client_as_user
from tests.interchange.exports import assert_exports_render
from tests.steps import scenario_data as s
from workshop.interchange.csvexport import KINDS
from workshop.interchange.document import export_document
from workshop.interchange.importer import import_document
from workshop.steps.governance.models import CharterVersion

pytestmark = pytest.mark.django_db


def test_b1_derived_block_equals_the_scenario(millrace):
    workshop, _teams, _lead = millrace
    b1 = export_document(workshop)["teams"][0]
    derived = b1["derived"]
    assert [(r["candidate"], r["score"], r["rank"], r["status"]) for r in derived["ranking"]] == [
        ("candidate:calder-parks-trails-district", "4.05", 1, "ranked"),
        ("candidate:calder-regional-transit-authority", "3.30", 2, "ranked"),
        ("candidate:hartwell-family-foundation", "3.25", 3, "ranked"),
        ("candidate:eastbank-neighbourhood-association", "3.15", 4, "ranked"),
        ("candidate:riverfront-business-improvement-district", "2.80", 5, "ranked"),
        ("candidate:first-harbor-bank", "2.15", None, "gated"),
        ("candidate:millrace-tenants-union", None, None, "incomplete"),
    ]
    quadrants = derived["quadrants"]
    assert sorted(quadrants.values()).count("manage_closely") == 3
    assert quadrants["actor:first-harbor-bank"] == "keep_satisfied"
    assert quadrants["actor:calder-youth-soccer-league"] == "monitor"
    assert quadrants["actor:future-park-users-2050"] == "keep_informed"
    assert derived["network"] == {
        "isolated": ["actor:future-park-users-2050"],
        "hub_share": "50.00",
        "intangible_share": "21.43",
    }
    assert derived["gap_priority"] == {
        "gap:displacement-fears-no-community-benefits-agreement": 15,
        "gap:maintenance-money-runs-out-after-capital-works": 16,
        "gap:no-transit-stop-within-a-10-minute-walk": 20,
        "gap:park-cut-off-by-highway-and-rail-no-safe-walking-route": 20,
    }
    assert derived["contribution_shares"] == {
        "party:city-of-port-calder-parks-recreation": "18.46",
        "party:millrace-park-foundation": "30.33",
        "party:calder-parks-trails-district": "29.67",
        "party:calder-regional-transit-authority": "7.91",
        "party:hartwell-family-foundation": "13.19",
        "party:eastbank-neighbourhood-association": "0.44",
    }
    assert (derived["largest_share_pct"], derived["largest_cash_share_pct"]) == ("30.33", "33.83")
    assert derived["allocations"] == {
        "value_stream:capital-contingency-release": {
            "party:city-of-port-calder-parks-recreation": "33333.34",
            "party:millrace-park-foundation": "33333.33",
            "party:calder-parks-trails-district": "33333.33",
        }
    }
    assert derived["votes_needed"] == {
        "decision_rule:1": 6,
        "decision_rule:3": 6,
        "decision_rule:4": 9,
        "decision_rule:5": 6,
        "decision_rule:6": 6,
        "decision_rule:7": 6,
        "decision_rule:9": 6,
    }
    assert derived["charter_completeness_pct"] == 100
    assert derived["hypothesis_tally"] == {
        "pilot:1": {"validated": 4, "invalidated": 2, "inconclusive": 0, "not_tested": 0}
    }
    assert derived["fit_verdict"] == "proceed_with_caveats"
    assert list(derived) == [
        "ranking",
        "quadrants",
        "network",
        "gap_priority",
        "contribution_shares",
        "largest_share_pct",
        "largest_cash_share_pct",
        "allocations",
        "votes_needed",
        "charter_completeness_pct",
        "hypothesis_tally",
        "indicator_rag",
        "health",
        "fit_verdict",
        "warnings",
        "partner_suggestions",
    ]
    assert all(set(w) == {"kind", "step", "record", "message"} for w in derived["warnings"])
    # Issue 18: the hand-written Millrace pairs (tests/steps/mapping/test_suggestions.py) by ref.
    pairs = {(r["kind"], r["actor"], r["partner"]) for r in derived["partner_suggestions"]}
    assert (
        "flow",
        "actor:city-of-port-calder-parks-recreation",
        "actor:riverfront-business-improvement-district",
    ) in pairs
    assert b1["convenor_actor"] == "actor:millrace-park-foundation"
    assert b1["charter"]["parties"][0]["actor"] == "actor:city-of-port-calder-parks-recreation"
    assert len(b1["actors"]) == len(s.B1_ACTORS)


def test_export_import_export_gives_the_same_document_and_the_copy_renders(millrace, facilitator):
    workshop, _teams, _lead = millrace
    first = export_document(workshop)
    result = import_document(json.loads(json.dumps(first)), facilitator)
    assert result.errors == []
    assert result.workshop.pk != workshop.pk
    assert result.workshop.join_code != workshop.join_code
    assert export_document(result.workshop) == first
    original, copy = (
        CharterVersion.objects.get(charter__team__workshop=w) for w in (workshop, result.workshop)
    )
    assert copy.content_sha256 == original.content_sha256
    # Only B1 has a charter (B2 and B3 stop at step 2), so the ZIP holds one PDF; the scenario
    # has no pilot risks, lessons or signals, so those CSVs hold their header alone.
    empty = {
        kind
        for kind, (_label, rows) in KINDS.items()
        if not any(list(rows(team)) for team in first["teams"])
    }
    assert len(empty) < len(KINDS) / 2
    assert_exports_render(
        client_as_user(facilitator), result.workshop, first, teams_with_charter=1, empty_csv=empty
    )


def test_b1_step5_equals_the_scenario(millrace):
    """Scenario "B1 Step 5": J1-J6 amber, green, red, amber, amber, green; the health check is
    scheduled with no responses yet, so it has no percentages and nothing to discuss."""
    workshop, _teams, _lead = millrace
    b1 = export_document(workshop)["teams"][0]
    assert b1["derived"]["indicator_rag"] == {
        "indicator:weekend-visits-from-adjacent-neighbourhoods": "amber",
        "indicator:maintenance-cost-covered-by-non-city-sources": "green",
        "indicator:millrace-residents-park-is-for-people-like-me": "red",
        "indicator:disputes-escalated-beyond-ladder-step-1": "amber",
        "indicator:board-attendance-voting-seats": "amber",
        "indicator:largest-party-share-of-cash": "green",
    }
    assert sorted(b1["derived"]["indicator_rag"].values()) == sorted(
        ["green"] * 2 + ["amber"] * 3 + ["red"]
    )
    assert b1["derived"]["health"] == {
        "health_check:1": {
            "overall_pct": None,
            "dimensions": {
                code: {"score_pct": None, "discuss": False}
                for code in (
                    "need_recognised",
                    "clarity_of_purpose",
                    "commitment_ownership",
                    "trust",
                    "robust_arrangements",
                    "monitor_learn",
                    "equity_mutual_benefit",
                )
            },
        }
    }
    plan = b1["scaling_plan"]
    assert (plan["summary"], plan["preconditions"], plan["horizon_end"]) == (
        s.B1_SCALING_PLAN.summary,
        "Pilot 2 meets H2 and H4 targets",
        "2031-03-31",
    )
    assert [(a["ref"], a["pathway"], a["owner"], a["due_date"]) for a in plan["actions"]] == [
        ("scaling_action:1", "replicate", "party:millrace-park-foundation", "2029-12-31"),
        ("scaling_action:2", "add_partners", "party:millrace-park-foundation", "2028-06-30"),
        (
            "scaling_action:3",
            "institutionalise",
            "party:city-of-port-calder-parks-recreation",
            "2028-12-31",
        ),
        ("scaling_action:4", "expand_scope", "party:calder-parks-trails-district", "2030-06-30"),
        ("scaling_action:5", "diversify", "party:millrace-park-foundation", "2029-06-30"),
    ]
    assert plan["actions"][1]["new_actors"] == ["actor:millrace-tenants-union"]
    assert plan["actions"][0]["target_context"] == "Calder Point, Ferry Landing, Old Mill parks"
    j6 = b1["indicators"][5]
    assert (j6["baseline"], j6["target"], j6["warning_threshold"], j6["readings"]) == (
        "33.83",
        "40.00",
        "50.00",
        [{"observed_on": "2027-03-31", "value": "33.83", "note": ""}],
    )
    assert b1["health_checks"] == [
        {
            "ref": "health_check:1",
            "held_on": "2027-09-15",
            "facilitated_by": "",
            "notes": "",
            "responses": [],
        }
    ]
    assert b1["signals"] == []
    assert [(f["force"], f["position"]) for f in b1["forces"] if f["recorded_in_step"] == 5] == [
        ("control_vs_capabilities", 4),
        ("short_term_vs_ecosystem_health", 4),
        ("exploitation_vs_synergy", 3),
    ]
    assert [p["ref"] for p in b1["pilots"]] == ["pilot:1"]
