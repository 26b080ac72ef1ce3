import datetime
from decimal import Decimal

from workshop.steps.alignment.checks import step_completion
from workshop.steps.alignment.rules import (
    CandidateData,
    ConversationData,
    CriterionData,
    ScoreData,
)

CRITERIA = [
    CriterionData("criterion:v", "V", "long_term_vision", Decimal(1)),
    CriterionData("criterion:f", "F", "financial_capacity", Decimal(1)),
    CriterionData("criterion:t", "T", "technical_capacity", Decimal(1)),
]
CANDIDATES = [
    CandidateData("candidate:x", "actor:x", "X", "selected", "Good fit"),
    CandidateData("candidate:y", "actor:y", "Y", "shortlisted"),
]
SCORES = [ScoreData(c.ref, k.ref, 3) for c in CANDIDATES for k in CRITERIA]
TALKS = [ConversationData("candidate:x", datetime.date(2026, 2, 1), "high", "willing")]


def blocking(**changes):
    data = {
        "criteria": CRITERIA,
        "candidates": CANDIDATES,
        "scores": SCORES,
        "conversations": TALKS,
    }
    data.update(changes)
    return [check.key for check in step_completion(**data).blocking]


def test_complete_alignment_has_no_blocking_checks():
    assert blocking() == []


def test_criteria_need_three_including_values_culture_or_vision():
    assert blocking(criteria=CRITERIA[:2], scores=SCORES) == ["criteria"]
    trust = CriterionData("criterion:v", "V", "trust_legitimacy", Decimal(1))
    assert blocking(criteria=[trust, *CRITERIA[1:]]) == ["criteria"]


def test_selected_candidate_needs_a_willing_conversation():
    unwilling = [ConversationData("candidate:x", datetime.date(2026, 2, 1), "low", "unwilling")]
    assert blocking(conversations=unwilling) == ["conversations"]


def test_rationale_required_for_selected_and_declined_by_us():
    candidates = [
        CandidateData("candidate:x", "actor:x", "X", "selected", "  "),
        CandidateData("candidate:y", "actor:y", "Y", "declined_by_them"),
    ]
    assert blocking(candidates=candidates) == ["rationale"]


def test_one_fully_scored_candidate_and_none_selected_block():
    candidates = [CandidateData("candidate:y", "actor:y", "Y", "shortlisted")]
    assert blocking(candidates=candidates) == ["fully_scored", "selected"]
