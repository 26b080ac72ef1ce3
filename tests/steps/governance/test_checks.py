import datetime
from dataclasses import replace
from decimal import Decimal

from tests.steps.scenario_data import B1_CHARTER_RECORDS as RECORDS
from tests.steps.scenario_data import P1, P6
from workshop.steps.governance.checks import step_completion
from workshop.steps.governance.rules import (
    CharterSectionStatusData,
    RaciAssignmentData,
    ValueAllocationData,
)


def blocking(records):
    return [check.key for check in step_completion(records).blocking]


def test_millrace_charter_is_complete_without_warnings():
    completion = step_completion(RECORDS)
    assert (completion.complete, completion.warnings) == (True, ())


def test_unpublished_charter_blocks():
    assert blocking(replace(RECORDS, versions=(), sign_offs=())) == ["published"]


def test_second_accountable_party_makes_raci_invalid():
    activity = RECORDS.raci_activities[0].ref
    extra = RaciAssignmentData(activity, P6, "A")
    assignments = tuple(
        a for a in RECORDS.raci_assignments if (a.activity, a.party) != (activity, P6)
    )
    assert blocking(replace(RECORDS, raci_assignments=(*assignments, extra))) == ["raci"]


def test_allocation_sum_of_100_01_blocks():
    allocations = (
        *RECORDS.allocations[:2],
        ValueAllocationData(RECORDS.allocations[2].stream, Decimal("20.01"), P1),
    )
    assert blocking(replace(RECORDS, allocations=allocations + RECORDS.allocations[3:])) == [
        "allocations"
    ]


def test_missing_amendment_rule_blocks_and_leaves_sections_incomplete():
    rules = tuple(rule for rule in RECORDS.decision_rules if rule.scope != "amendment")
    assert blocking(replace(RECORDS, decision_rules=rules)) == ["sections", "decision_rules"]


def test_not_relevant_section_needs_a_justification():
    charter = replace(RECORDS.charter, scope_out="")
    unjustified = (CharterSectionStatusData("scope", "not_relevant", " "),)
    justified = (CharterSectionStatusData("scope", "not_relevant", "The park is the scope"),)
    assert blocking(replace(RECORDS, charter=charter)) == ["sections"]
    assert blocking(replace(RECORDS, charter=charter, section_statuses=unjustified)) == ["sections"]
    assert blocking(replace(RECORDS, charter=charter, section_statuses=justified)) == []


def test_ladder_stepping_down_and_missing_exit_terms_block():
    ladder = (
        replace(RECORDS.escalation_steps[0], method="mediation"),
        *RECORDS.escalation_steps[1:],
    )
    charter = replace(RECORDS.charter, exit_triggers=())
    assert blocking(replace(RECORDS, escalation_steps=ladder, charter=charter)) == [
        "sections",
        "ladder",
        "exit_terms",
    ]


def test_one_core_party_blocks():
    parties = tuple(
        replace(p, membership="associate") if p.ref != P1 else p for p in RECORDS.parties
    )
    assert "core_parties" in blocking(replace(RECORDS, parties=parties))


def test_warnings_for_late_review_missing_risks_and_unrepresented_selection():
    charter = replace(RECORDS.charter, review_date=datetime.date(2028, 4, 1))
    records = replace(
        RECORDS,
        charter=charter,
        risks=RECORDS.risks[1:],
        selected_candidate_actors=(
            *RECORDS.selected_candidate_actors,
            "actor:millrace-tenants-union",
        ),
    )
    completion = step_completion(records)
    assert [(w.key, w.refs) for w in completion.warnings] == [
        ("review_date", ()),
        ("risk_liabilities", ()),
        ("selected_not_party", ("actor:millrace-tenants-union",)),
    ]
    assert completion.complete is False  # the risks section is no longer fully in place
