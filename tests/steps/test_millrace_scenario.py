"""Every expected number of scenario B (shared/scenarios/millrace-park.md), from plain data."""

import datetime
from decimal import Decimal

from tests.steps import scenario_data as s
from tests.steps.scenario_data import B1, B2, B3, ref
from workshop.steps.alignment import checks as alignment_checks
from workshop.steps.alignment.rules import (
    financial_technical_share,
    normalised_weights,
    rank_candidates,
    relational_share,
    selection_warnings,
)
from workshop.steps.derived import pct_str, round_half_up
from workshop.steps.governance import checks as governance_checks
from workshop.steps.governance.rules import (
    body_errors,
    charter_completeness_pct,
    charter_status,
    contribution_summary,
    dependency_alerts,
    fixed_allocation_amounts,
    raci_errors,
    rule_votes_needed,
    stream_allocations,
)
from workshop.steps.mapping import checks as mapping_checks
from workshop.steps.mapping.rules import (
    fit_verdict,
    network_metrics,
    quadrant_counts,
    quadrants,
    rank_gaps,
)
from workshop.steps.pilot import checks as pilot_checks
from workshop.steps.pilot.rules import hypothesis_result, hypothesis_tally, timebox_days
from workshop.steps.scale import checks as scale_checks
from workshop.steps.scale.rules import health_scores, indicator_rags

D = Decimal


def actor(name):
    return ref("actor", name)


def step1(team):
    return mapping_checks.step_completion(
        team.fit_check, team.actors, team.flows, team.gaps, team.purpose
    )


def step2(team):
    return alignment_checks.step_completion(
        team.criteria, team.candidates, team.scores, team.conversations
    )


def ranking_rows(team):
    return [
        (entry.candidate.name, entry.rank, entry.display_score, entry.status, entry.note)
        for entry in rank_candidates(team.candidates, team.criteria, team.scores)
    ]


# --- B1 step 1 ---------------------------------------------------------------------------------


def test_b1_fit_verdict_is_proceed_with_caveats():
    assert fit_verdict(B1.fit_check) == "proceed_with_caveats"


def test_b1_quadrants():
    assert quadrant_counts(B1.actors) == {
        "manage_closely": 3,
        "keep_satisfied": 4,
        "keep_informed": 4,
        "monitor": 1,
    }
    by_actor = quadrants(B1.actors)
    assert [
        name
        for name in (s.CITY, s.FOUNDATION, s.DISTRICT)
        if by_actor[actor(name)] == "manage_closely"
    ] == [
        s.CITY,
        s.FOUNDATION,
        s.DISTRICT,
    ]
    assert by_actor[actor(s.BANK)] == "keep_satisfied"
    assert by_actor[actor(s.BID)] == "keep_informed"
    assert by_actor[actor(s.FUTURE)] == "keep_informed"
    assert by_actor[actor(s.YOUTH)] == "monitor"


def test_b1_degrees_counts_and_shares():
    metrics = network_metrics(B1.actors, B1.flows)
    expected = {
        s.CITY: 7,
        s.FOUNDATION: 7,
        s.EASTBANK: 3,
        s.DISTRICT: 2,
        s.TRANSIT: 2,
        s.YOUTH: 2,
        s.COUNTY: 1,
        s.HARTWELL: 1,
        s.BANK: 1,
        s.TENANTS: 1,
        s.BID: 1,
        s.FUTURE: 0,
    }
    assert metrics.degrees == {actor(name): degree for name, degree in expected.items()}
    assert sum(metrics.degrees.values()) == 28
    assert metrics.isolated == (actor(s.FUTURE),)
    assert {k: v for k, v in metrics.by_type.items() if v} == {
        "money": 6,
        "services": 3,
        "authority_permission": 2,
        "information_data": 2,
        "trust_reputation": 1,
    }
    assert metrics.by_status == {"existing": 5, "proposed": 8, "missing": 1}
    assert round_half_up(metrics.intangible_share, 1) == D("21.4")
    assert pct_str(metrics.intangible_share) == "21.43"
    assert metrics.hub_share == D(50)
    assert metrics.voiceless == (actor(s.FUTURE),)


def test_b1_gap_ranking():
    assert [(r.gap.title, r.priority, r.rank) for r in rank_gaps(B1.gaps)] == [
        (s.G2, 20, 1),
        (s.G1, 20, 1),
        (s.G4, 16, 3),
        (s.G3, 15, 4),
    ]


def test_b1_step1_complete_with_isolated_and_intangible_warnings():
    completion = step1(B1)
    assert completion.complete is True
    assert [(w.key, w.refs) for w in completion.warnings] == [
        ("isolated_actors", (actor(s.FUTURE),)),
        ("low_intangible_share", ()),
    ]


# --- B1 step 2 ---------------------------------------------------------------------------------


def test_b1_weight_shares():
    assert relational_share(B1.criteria) == D(50)
    assert financial_technical_share(B1.criteria) == D(35)
    assert pct_str(normalised_weights(B1.criteria)[s.B1_CRITERIA[0].ref]) == "25.00"


def test_b1_ranking_with_gated_and_incomplete():
    assert ranking_rows(B1) == [
        (s.DISTRICT, 1, "4.05", "ranked", ""),
        (s.TRANSIT, 2, "3.30", "ranked", ""),
        (s.HARTWELL, 3, "3.25", "ranked", ""),
        (s.EASTBANK, 4, "3.15", "ranked", ""),
        (s.BID, 5, "2.80", "ranked", ""),
        (s.BANK, None, "2.15", "gated", f"gated: {s.P1_NAME} scored 2, minimum 3"),
        (s.TENANTS, None, "", "incomplete", "incomplete (3/6 scored)"),
    ]


def test_b1_gated_bank_fails_criterion_p1_scored_2_minimum_3():
    bank = rank_candidates(B1.candidates, B1.criteria, B1.scores)[5]
    (failure,) = bank.gate_failures
    assert (failure.criterion, failure.value, failure.minimum) == (s.B1_CRITERIA[0].ref, 2, 3)


def test_b1_pct_of_max():
    pcts = [
        round_half_up(entry.pct_of_max(5), 1)
        for entry in rank_candidates(B1.candidates, B1.criteria, B1.scores)[:6]
    ]
    assert pcts == [D("81.0"), D("66.0"), D("65.0"), D("63.0"), D("56.0"), D("43.0")]


def test_b1_no_selection_below_rank_and_step2_complete():
    assert selection_warnings(rank_candidates(B1.candidates, B1.criteria, B1.scores)) == ()
    completion = step2(B1)
    assert (completion.complete, completion.warnings) == (True, ())


# --- B1 step 3 ---------------------------------------------------------------------------------


def test_b1_contribution_shares_and_cash_shares():
    summary = contribution_summary(s.B1_CHARTER_RECORDS)
    rows = {
        party: (row.monetised_total, pct_str(row.share), row.cash_total, pct_str(row.cash_share))
        for party, row in summary.parties.items()
    }
    assert rows == {
        s.P1: (D(14000000), "18.46", D(8000000), "12.03"),
        s.P2: (D(23000000), "30.33", D(20000000), "30.08"),
        s.P3: (D(22500000), "29.67", D(22500000), "33.83"),
        s.P4: (D(6000000), "7.91", D(6000000), "9.02"),
        s.P5: (D(10000000), "13.19", D(10000000), "15.04"),
        s.P6: (D(330000), "0.44", D(0), "0.00"),
    }
    assert (summary.total, summary.cash_total) == (D(75830000), D(66500000))
    assert summary.channelled == {"contribution:2": s.P2}


def test_b1_has_no_dependency_alert():
    summary = contribution_summary(s.B1_CHARTER_RECORDS)
    assert (pct_str(summary.largest_share), pct_str(summary.largest_cash_share)) == (
        "30.33",
        "33.83",
    )
    assert (summary.largest_non_convenor_party, pct_str(summary.largest_non_convenor_share)) == (
        s.P3,
        "29.67",
    )
    assert dependency_alerts(summary) == ()


def test_b1_fixed_allocations_v1_and_v2():
    streams = {stream.ref: stream for stream in s.B1_VALUE_STREAMS}
    v1 = fixed_allocation_amounts(streams[s.V1], s.B1_ALLOCATIONS)
    v2 = fixed_allocation_amounts(streams[s.V2], s.B1_ALLOCATIONS)
    assert [(a.recipient_label or a.party, amount) for a, amount in v1] == [
        ("Maintenance endowment", D(450000)),
        ("Free community programming fund", D(270000)),
        (s.P1, D(180000)),
    ]
    assert [(a.party, amount) for a, amount in v2] == [
        (s.P1, D(1320000)),
        (s.P2, D(720000)),
        (s.P3, D(360000)),
    ]


def test_b1_v6_equal_split_gives_the_spare_cent_to_p1():
    v6 = next(stream for stream in s.B1_VALUE_STREAMS if stream.ref == s.V6)
    allocation = stream_allocations(v6, s.B1_PARTIES)
    assert allocation == {s.P1: D("33333.34"), s.P2: D("33333.33"), s.P3: D("33333.33")}
    assert sum(allocation.values()) == D("100000.00")


def test_b1_votes_needed_and_quorum():
    assert rule_votes_needed(s.B1_CHARTER_RECORDS) == {
        "decision_rule:1": (6, 9),
        "decision_rule:3": (6, 9),
        "decision_rule:4": (9, 9),
        "decision_rule:5": (6, 9),
        "decision_rule:6": (6, 9),
        "decision_rule:7": (6, 9),
        "decision_rule:9": (6, 9),
    }
    for body in s.B1_BODIES:
        assert body_errors(body, s.B1_CHARTER_RECORDS.seats_of(body.ref)) == []


def test_b1_charter_is_100_percent_complete_without_raci_errors_and_step3_complete():
    assert charter_completeness_pct(s.B1_CHARTER_RECORDS) == 100
    assert raci_errors(s.B1_CHARTER_RECORDS) == {}
    completion = governance_checks.step_completion(s.B1_CHARTER_RECORDS)
    assert (completion.complete, completion.warnings) == (True, ())


def test_b1_v1_stays_in_review_and_v2_is_agreed():
    v1_only = charter_status(s.B1_VERSIONS[:1], s.B1_SIGN_OFFS)
    both = charter_status(s.B1_VERSIONS, s.B1_SIGN_OFFS)
    assert (v1_only.status, v1_only.operative_version) == ("in_review", None)
    assert (both.status, both.operative_version, both.version_states) == (
        "agreed",
        2,
        {1: "superseded", 2: "agreed"},
    )


# --- B1 step 4 ---------------------------------------------------------------------------------


def test_b1_pilot_timeboxes():
    assert [timebox_days(pilot) for pilot in B1.pilots] == [183, 166]


def test_b1_hypothesis_results_and_tally():
    assert [hypothesis_result(h) for h in B1.hypotheses] == [
        "validated",
        "invalidated",
        "validated",
        "invalidated",
        "validated",
        "validated",
    ]
    assert hypothesis_tally(B1.hypotheses) == {
        "validated": 4,
        "invalidated": 2,
        "inconclusive": 0,
        "not_tested": 0,
    }


def test_b1_step4_complete_with_the_iterate_decision():
    completion = pilot_checks.step_completion(
        B1.pilots, B1.hypotheses, B1.lessons, B1.pilot_decisions, datetime.date(2026, 11, 20)
    )
    assert (completion.complete, completion.warnings) == (True, ())
    assert B1.pilot_decisions[0].decision == "iterate"
    assert {change.applied_in_version for change in B1.charter_changes} == {2}


# --- B1 step 5 ---------------------------------------------------------------------------------


def test_b1_indicator_rag():
    assert indicator_rags(B1.indicators, B1.readings) == {
        s.J1: "amber",
        s.J2: "green",
        s.J3: "red",
        s.J4: "amber",
        s.J5: "amber",
        s.J6: "green",
    }


def test_b1_step5_complete_with_a_scheduled_health_check():
    assert health_scores(B1.health_responses).overall_pct is None
    completion = scale_checks.step_completion(
        B1.scaling_plan,
        B1.scaling_actions,
        B1.indicators,
        B1.health_checks,
        s.B1_CHARTER.review_cadence_months,
        B1.forces,
        B1.signals,
        datetime.date(2027, 7, 1),
    )
    assert (completion.complete, completion.warnings) == (True, ())


# --- B2 ----------------------------------------------------------------------------------------


def test_b2_step1():
    assert fit_verdict(B2.fit_check) == "proceed"
    assert quadrant_counts(B2.actors) == {
        "manage_closely": 6,
        "keep_satisfied": 2,
        "keep_informed": 1,
        "monitor": 0,
    }
    metrics = network_metrics(B2.actors, B2.flows)
    assert metrics.degrees[actor(s.CITY)] == 7
    assert metrics.degrees[actor(s.FOUNDATION)] == 3
    others = {
        k: v for k, v in metrics.degrees.items() if k not in (actor(s.CITY), actor(s.FOUNDATION))
    }
    assert others == {**dict.fromkeys(others, 1), actor(s.B2_COUNTY): 0}
    assert metrics.isolated == (actor(s.B2_COUNTY),)
    assert (metrics.hub_share, metrics.intangible_share) == (D("87.5"), D(25))
    assert metrics.by_status == {"existing": 2, "proposed": 6, "missing": 0}
    assert [(r.priority, r.rank) for r in rank_gaps(B2.gaps)] == [(16, 1)]


def test_b2_step1_complete_with_three_warnings_and_none_for_intangible_at_25():
    completion = step1(B2)
    assert completion.complete is True
    assert [w.key for w in completion.warnings] == [
        "isolated_actors",
        "no_non_human_or_future_actor",
        "hub_dependency",
    ]


def test_b2_weights_at_60_percent_give_no_warning():
    weights = normalised_weights(B2.criteria)
    assert [pct_str(w) for w in weights.values()] == ["35.00", "25.00", "20.00", "10.00", "10.00"]
    assert financial_technical_share(B2.criteria) == D(60)
    assert relational_share(B2.criteria) == D(40)


def test_b2_ranking():
    assert [(row[0], row[1], row[2]) for row in ranking_rows(B2)] == [
        (s.DISTRICT, 1, "4.15"),
        (s.FOUNDATION, 2, "4.00"),
        (s.HARTWELL, 3, "3.40"),
        (s.B2_CRTA, 4, "3.05"),
        (s.B2_BID, 5, "2.70"),
    ]


def test_b2_step2_complete_with_the_selection_below_rank_warning():
    completion = step2(B2)
    assert completion.complete is True
    (warning,) = completion.warnings
    assert warning.key == "selection_below_rank"
    assert warning.refs == (ref("candidate", s.B2_CRTA), ref("candidate", s.HARTWELL))
    assert "City policy: donors do not sit on governance bodies" in warning.message


# --- B3 ----------------------------------------------------------------------------------------


def test_b3_step1_blocked_by_six_checks_with_four_warnings():
    completion = step1(B3)
    assert [check.key for check in completion.blocking] == [
        "fit_check",
        "actors",
        "actor_types",
        "flows",
        "gaps",
        "purpose",
    ]
    assert [(w.key, w.refs) for w in completion.warnings] == [
        ("isolated_actors", (actor(s.B3_CITY), actor(s.B2_BID))),
        ("no_non_human_or_future_actor", ()),
        ("low_intangible_share", ()),
        ("hub_dependency", (actor(s.BANK),)),
    ]
    metrics = network_metrics(B3.actors, B3.flows)
    assert (metrics.intangible_share, metrics.hub_share) == (D(0), D(100))


def test_b3_ranking_and_step2_blocked_by_three_checks():
    assert ranking_rows(B3) == [
        (s.FOUNDATION, 1, "3.20", "ranked", ""),
        (s.B3_CITY, None, "", "incomplete", "incomplete (1/2 scored)"),
    ]
    completion = step2(B3)
    assert [check.key for check in completion.blocking] == ["criteria", "fully_scored", "selected"]
    assert [w.key for w in completion.warnings] == ["financial_technical_share"]
    assert financial_technical_share(B3.criteria) == D(100)
    assert relational_share(B3.criteria) == D(0)
