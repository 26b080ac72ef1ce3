import datetime
from decimal import Decimal

import pytest

from workshop.steps.governance.rules import (
    CharterData,
    CharterPartyData,
    CharterRecords,
    CharterSectionStatusData,
    CharterVersionData,
    ContributionData,
    DecisionRuleData,
    EscalationStepData,
    GoverningBodyData,
    RiskItemData,
    SeatData,
    SignOffData,
    ValueStreamData,
    allocate,
    allocation_sum_error,
    body_errors,
    charter_status,
    completeness_pct,
    contribution_errors,
    contribution_summary,
    counted_value,
    decision_rule_errors,
    dependency_alerts,
    ladder_errors,
    missing_decision_scopes,
    raci_row_errors,
    review_date_warning,
    risk_warning,
    section_states,
    stream_allocations,
    votes_needed,
)

D = Decimal
date = datetime.date


def party(name, membership="core", order=1, pk=None, actor=None):
    return CharterPartyData(
        f"party:{name}", actor or f"actor:{name}", name, membership, order=order, id=pk
    )


A, B, C, OBS = (
    party("A", order=1),
    party("B", order=2),
    party("C", order=3),
    party("Obs", "observer", 4),
)


def contribution(number, party_ref, value, kind="cash", method="actual", status="pledged", **extra):
    return ContributionData(
        f"contribution:{number}",
        party_ref,
        kind,
        method,
        status,
        None if value is None else D(value),
        **extra,
    )


# --- 8.12 votes needed ---


@pytest.mark.parametrize(
    ("votes", "threshold", "needed"),
    [(6, "80", 5), (9, "66.67", 6), (5, "80", 4), (9, "66.66", 6), (3, "50.01", 2), (10, "75", 8)],
)
def test_supermajority_votes_needed_with_the_001_tolerance(votes, threshold, needed):
    assert votes_needed("supermajority", D(threshold), votes) == needed


def test_unanimity_needs_every_vote_and_other_methods_no_count():
    assert votes_needed("unanimity", None, 9) == 9
    assert votes_needed("consensus", None, 9) is None


def test_quorum_above_the_voting_seats_is_an_error():
    body = GoverningBodyData("body:b", "Board", "board", "co_chairs", "monthly", quorum_count=10)
    seats = [SeatData("body:b", f"party:{n}", 1) for n in range(9)] + [
        SeatData("body:b", "party:obs", 0)
    ]
    assert body_errors(body, seats) == ["Quorum cannot exceed the 9 voting seats."]


def test_rotating_chair_needs_months_and_an_order_of_voting_seat_holders():
    body = GoverningBodyData("body:b", "Board", "board", "rotating", "monthly", quorum_count=1)
    seats = [SeatData("body:b", "party:A", 1), SeatData("body:b", "party:Obs", 0)]
    assert body_errors(body, seats) == [
        "Say how many months each chair serves.",
        "Say in which order the parties take the chair.",
    ]
    body = GoverningBodyData(
        "body:b",
        "Board",
        "board",
        "rotating",
        "monthly",
        1,
        rotation_months=12,
        rotation_order=("party:Obs",),
    )
    assert body_errors(body, seats) == [
        "Only parties holding a voting seat can take the chair in rotation."
    ]


def test_decision_rule_threshold_and_fallback_rules():
    assert decision_rule_errors(
        DecisionRuleData("r", "workplan", "supermajority", "body:b", None, D(50))
    ) == ["Threshold must be above 50 % and at most 100 %."]
    assert decision_rule_errors(DecisionRuleData("r", "workplan", "consent", "body:b")) == [
        "Say what happens if the decision is deadlocked."
    ]
    assert decision_rule_errors(DecisionRuleData("r", "workplan", "delegated")) == [
        "Choose the body or the party that decides."
    ]


def test_missing_decision_scopes_accepts_either_strategy_scope():
    rules = [
        DecisionRuleData(f"r{i}", s, "consensus") for i, s in enumerate(["workplan", "amendment"])
    ]
    assert missing_decision_scopes(rules) == ("admission", "exit_dissolution")
    assert missing_decision_scopes([]) == (
        "strategy_budget",
        "admission",
        "amendment",
        "exit_dissolution",
    )


# --- 4.5 RACI ---


def test_raci_row_needs_exactly_one_accountable():
    assert raci_row_errors({A.ref: "A", B.ref: "A", C.ref: "R"}, [A, B, C]) == [
        "Each activity needs exactly one Accountable party (found 2: A, B)."
    ]
    assert raci_row_errors({A.ref: "R", B.ref: "C"}, [A, B]) == [
        "Each activity needs exactly one Accountable party (found 0)."
    ]


def test_raci_accountable_party_counts_as_responsible():
    assert raci_row_errors({A.ref: "A", B.ref: "I", C.ref: ""}, [A, B, C]) == []


def test_raci_empty_row_needs_accountable_and_responsible():
    assert raci_row_errors({A.ref: "", B.ref: "C"}, [A, B]) == [
        "Each activity needs exactly one Accountable party (found 0).",
        "Each activity needs at least one Responsible party.",
    ]


def test_raci_observer_may_only_be_consulted_or_informed():
    assert raci_row_errors({A.ref: "A", OBS.ref: "R"}, [A, OBS]) == [
        "Observers may only be Consulted or Informed: Obs."
    ]
    assert raci_row_errors({A.ref: "A", OBS.ref: "C"}, [A, OBS]) == []


# --- 8.5 / 8.6 contributions ---


def test_not_monetised_and_withdrawn_contributions_are_left_out():
    assert counted_value(contribution(1, A.ref, None, "land_access", "not_monetised")) is None
    assert counted_value(contribution(1, A.ref, "500", status="withdrawn")) is None


def test_delivered_basis_uses_delivered_value():
    partly = contribution(1, A.ref, "1000", status="partially_delivered", delivered_value=D(400))
    delivered = contribution(2, A.ref, "1000", status="delivered")
    pledged = contribution(3, A.ref, "1000")
    assert counted_value(partly, "delivered") == D(400)
    assert counted_value(delivered, "delivered") == D(1000)
    assert counted_value(pledged, "delivered") == D(0)
    assert counted_value(partly, "pledged") == D(1000)


def test_channelled_contribution_counts_once_under_its_party():
    records = CharterRecords(
        CharterData("Charter"),
        parties=(A, B),
        contributions=(
            contribution(1, A.ref, "300", channelled_via=B.ref),
            contribution(2, B.ref, "100"),
        ),
    )
    summary = contribution_summary(records)
    assert summary.parties[A.ref].monetised_total == D(300)
    assert summary.parties[B.ref].monetised_total == D(100)
    assert summary.total == D(400)
    assert summary.channelled == {"contribution:1": B.ref}


def test_contribution_channelled_through_its_own_party_is_an_error():
    assert contribution_errors(contribution(1, A.ref, "1", channelled_via=A.ref)) == [
        "A contribution cannot be channelled through the same party."
    ]


def test_contribution_summary_on_delivered_basis():
    records = CharterRecords(
        CharterData("Charter", pro_rata_basis="delivered"),
        parties=(A, B),
        contributions=(
            contribution(1, A.ref, "1000", status="partially_delivered", delivered_value=D(250)),
            contribution(2, B.ref, "750", "staff_time", status="delivered"),
        ),
    )
    summary = contribution_summary(records)
    assert summary.total == D(1000)
    assert summary.parties[A.ref].share == D(25)
    assert summary.parties[B.ref].cash_share == D(0)
    assert summary.largest_cash_share == D(100)


def test_dependency_alert_only_above_the_threshold():
    def summary_for(a_value, b_value):
        records = CharterRecords(
            CharterData("Charter"),
            parties=(A, B),
            contributions=(contribution(1, A.ref, a_value), contribution(2, B.ref, b_value)),
            convenor_actor=A.actor,
        )
        return contribution_summary(records)

    assert dependency_alerts(summary_for("500", "500")) == ()
    alerts = dependency_alerts(summary_for("501", "499"))
    assert [(a.key, a.refs) for a in alerts] == [
        ("dependency_share", (A.ref,)),
        ("dependency_cash_share", (A.ref,)),
    ]
    assert alerts[0].message == (
        "Risk of dependency: one party holds 50.10 % of monetised contributions"
        " (threshold 50.00 %)."
    )
    assert summary_for("501", "499").largest_non_convenor_share == D("49.9")


def test_dependency_alert_for_cash_alone():
    records = CharterRecords(
        CharterData("Charter"),
        parties=(A, B),
        contributions=(contribution(1, A.ref, "600", "staff_time"), contribution(2, B.ref, "500")),
    )
    alerts = dependency_alerts(contribution_summary(records), D(60))
    assert [(a.key, a.refs) for a in alerts] == [("dependency_cash_share", (B.ref,))]


# --- 8.7 allocation ---


def test_equal_split_gives_the_spare_cent_to_the_first_party_in_order():
    assert allocate(D(100000), [("p1", 1), ("p2", 1), ("p3", 1)]) == {
        "p1": D("33333.34"),
        "p2": D("33333.33"),
        "p3": D("33333.33"),
    }


def test_largest_remainder_beats_party_order():
    # raw: 0.333.., 0.666..; floors 0.33 + 0.66 leave one cent for the larger remainder.
    assert allocate(D("1.00"), [("p1", 1), ("p2", 2)]) == {"p1": D("0.33"), "p2": D("0.67")}


def test_allocations_always_sum_to_the_amount():
    parts = allocate(
        D("1000.07"), [("a", D("3.3")), ("b", D("1.1")), ("c", D("7.7")), ("d", D("0.01"))]
    )
    assert sum(parts.values()) == D("1000.07")


def test_allocation_with_zero_weights_gives_zero():
    assert allocate(D(100), [("a", 0)]) == {"a": D("0.00")}


def test_stream_allocation_sorts_eligible_parties_by_order_then_id():
    later, earlier = party("X", order=1, pk=9), party("Y", order=1, pk=2)
    stream = ValueStreamData(
        "value_stream:s",
        "S",
        "monetary",
        "equal_split",
        D("0.02"),
        "one_off",
        (later.ref, earlier.ref, "party:Z"),
    )
    z = party("Z", order=0, pk=1)
    assert stream_allocations(stream, [later, earlier, z]) == {
        z.ref: D("0.01"),
        earlier.ref: D("0.01"),
        later.ref: D("0.00"),
    }


def test_pro_rata_stream_uses_monetised_totals():
    records = CharterRecords(
        CharterData("Charter"),
        parties=(A, B),
        contributions=(contribution(1, A.ref, "3000"), contribution(2, B.ref, "1000")),
    )
    stream = ValueStreamData(
        "value_stream:s",
        "S",
        "monetary",
        "pro_rata_contribution",
        D(100),
        "per_year",
        (A.ref, B.ref),
    )
    assert stream_allocations(stream, records.parties, contribution_summary(records)) == {
        A.ref: D("75.00"),
        B.ref: D("25.00"),
    }


def test_stream_without_amount_or_with_other_mechanism_is_not_allocated():
    assert stream_allocations(ValueStreamData("s", "S", "monetary", "equal_split"), [A]) is None
    assert (
        stream_allocations(ValueStreamData("s", "S", "monetary", "fixed_percentage", D(1)), [A])
        is None
    )


@pytest.mark.parametrize(
    ("percentages", "message"),
    [
        (["50", "30", "20.01"], "Allocations add up to 100.01 %; they must add up to 100 %."),
        (["50", "45"], "Allocations add up to 95.00 %; they must add up to 100 %."),
        ([], "Allocations add up to 0.00 %; they must add up to 100 %."),
    ],
)
def test_fixed_allocations_must_sum_to_exactly_100(percentages, message):
    assert allocation_sum_error([D(p) for p in percentages]) == message


def test_fixed_allocations_summing_to_100_are_fine():
    assert allocation_sum_error([D("33.33"), D("33.33"), D("33.34")]) is None


# --- 4.8 ladder ---


def step(order, method, days=30):
    return EscalationStepData(order, f"Level {order}", method, days)


def test_valid_ladder_escalates_and_ends_open():
    ladder = [step(1, "direct_talks"), step(2, "direct_talks"), step(3, "arbitration", None)]
    assert ladder_errors(ladder) == []


def test_ladder_needs_two_steps():
    assert ladder_errors([step(1, "mediation", None)]) == ["The ladder needs at least 2 steps."]


def test_ladder_may_not_step_back_down():
    ladder = [step(1, "mediation"), step(2, "senior_review"), step(3, "arbitration", None)]
    assert ladder_errors(ladder) == ["Step 2 steps back down the ladder; each step must escalate."]


def test_withdrawal_only_as_the_last_step_and_last_step_has_no_limit():
    ladder = [step(1, "withdrawal"), step(2, "mediation", 10)]
    assert ladder_errors(ladder) == [
        "Step 1: withdrawal or an external authority can only be the last step.",
        "The last step has no time limit.",
    ]


def test_ladder_orders_must_be_contiguous_and_steps_need_limits():
    ladder = [step(1, "direct_talks", None), step(3, "mediation", None)]
    assert ladder_errors(ladder) == [
        "Number the steps 1, 2, 3 … without gaps or repeats.",
        "Step 1 needs a time limit of 1 to 365 days.",
    ]


# --- 4.1 review date, 4.9 risks ---


def test_review_exactly_24_months_after_the_start_gives_no_warning():
    assert review_date_warning(date(2026, 4, 1), date(2028, 3, 31)) is None


def test_review_24_months_and_a_day_after_the_start_warns():
    alert = review_date_warning(date(2026, 4, 1), date(2028, 4, 1))
    assert alert.message == "Review is more than 24 months after the start."


def test_review_warning_needs_both_dates():
    assert review_date_warning(None, date(2040, 1, 1)) is None


def test_risk_warning_names_the_missing_liabilities():
    risks = [RiskItemData("risk:1", "Slow", "coordination_overhead", 2, 3)]
    assert risk_warning(risks).message == "No risk recorded for: conflict, dependency."
    assert risks[0].rating == 6
    everything = [
        *risks,
        RiskItemData("r2", "x", "conflict", 1, 1),
        RiskItemData("r3", "y", "dependency", 1, 1),
    ]
    assert risk_warning(everything) is None


# --- 4.1 charter status ---


def test_objection_keeps_the_version_in_review():
    version = CharterVersionData(1, date(2026, 3, 25), (A.ref, B.ref))
    sign_offs = [SignOffData(1, A.ref, "agree"), SignOffData(1, B.ref, "object", note="No")]
    assert charter_status([version], sign_offs).status == "in_review"


def test_reservations_count_as_agreement_and_a_later_sign_off_replaces_an_objection():
    version = CharterVersionData(1, date(2026, 3, 25), (A.ref, B.ref))
    sign_offs = [
        SignOffData(1, A.ref, "agree_with_reservations", note="June"),
        SignOffData(1, B.ref, "object", note="No"),
        SignOffData(1, B.ref, "agree"),
    ]
    assert charter_status([version], sign_offs).status == "agreed"


def test_new_version_puts_the_charter_in_review_and_keeps_the_agreed_one_operative():
    v1 = CharterVersionData(1, date(2026, 3, 25), (A.ref,))
    v2 = CharterVersionData(2, date(2026, 6, 1), (A.ref,))
    status = charter_status([v1, v2], [SignOffData(1, A.ref, "agree")])
    assert (status.status, status.operative_version, status.version_states) == (
        "in_review",
        1,
        {1: "agreed", 2: "in_review"},
    )


def test_charter_without_versions_is_a_draft():
    assert charter_status([], []).status == "draft"


def test_missing_signature_keeps_the_version_in_review():
    version = CharterVersionData(1, date(2026, 3, 25), (A.ref, B.ref))
    assert charter_status([version], [SignOffData(1, A.ref, "agree")]).status == "in_review"


# --- 8.9 / 8.13 completeness ---


def test_completeness_counts_partial_sections_half_and_skips_not_relevant():
    states = {f"s{i}": "fully" for i in range(10)}
    states.update({"p1": "partially", "p2": "partially", "n1": "not_in_place"})
    states.update({f"r{i}": "not_relevant" for i in range(4)})
    assert completeness_pct(states) == 85  # (10 + 1) / 13 = 84.6 %
    assert completeness_pct({"a": "not_relevant"}) == 100


def test_empty_charter_sections_are_not_in_place_and_marked_ones_not_relevant():
    records = CharterRecords(
        CharterData("Charter"),
        section_statuses=(CharterSectionStatusData("scope", "not_relevant", "Covered by law"),),
    )
    states = section_states(records)
    assert states["scope"] == "not_relevant"
    assert states["parties"] == "not_in_place"
    assert list(states.values()).count("not_in_place") == 16
    assert completeness_pct(states) == 0


def test_section_with_some_checks_met_is_partial():
    records = CharterRecords(CharterData("Charter", scope_in="The park"))
    assert section_states(records)["scope"] == "partially"
    assert completeness_pct(section_states(records)) == 3  # 0.5 / 17


def test_open_licence_needs_the_licence_name():
    charter = CharterData(
        "C", ip_background="each_retains", ip_results="open_licence", data_sharing="x"
    )
    assert section_states(CharterRecords(charter))["ip_data"] == "partially"
    licensed = CharterData(
        "C",
        ip_background="each_retains",
        ip_results="open_licence",
        ip_open_licence="CC-BY-4.0",
        data_sharing="x",
    )
    assert section_states(CharterRecords(licensed))["ip_data"] == "fully"
