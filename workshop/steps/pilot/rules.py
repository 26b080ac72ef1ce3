"""Step 4 derived values as pure functions over plain data (DOMAIN.md 5.1-5.3, 8.11)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from workshop.steps.checks import Alert
from workshop.steps.derived import as_decimal

PILOT_STATUSES = ("planned", "running", "completed", "stopped_early")
HYPOTHESIS_CATEGORIES = (
    "value",
    "operational",
    "collaboration_process",
    "financial",
    "stakeholder_acceptance",
    "ecological_technical",
)
GTE, LTE, BETWEEN = "gte", "lte", "between"
COMPARATORS = (GTE, LTE, BETWEEN)
INCONCLUSIVE = "inconclusive"
RESULT_OVERRIDES = (INCONCLUSIVE,)
VALIDATED, INVALIDATED, NOT_TESTED = "validated", "invalidated", "not_tested"
RESULTS = (VALIDATED, INVALIDATED, INCONCLUSIVE, NOT_TESTED)
LESSON_KINDS = ("worked", "did_not_work", "surprise", "process", "relationship")
PILOT_DECISIONS = ("scale", "iterate", "pivot", "stop")

# 5.1: a pilot should be small and well defined: between two weeks and 18 months.
MIN_TIMEBOX_DAYS = 14
MAX_TIMEBOX_DAYS = 548


@dataclass(frozen=True)
class PilotData:
    ref: str
    title: str
    iteration: int
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    parties: tuple[str, ...] = ()
    status: str = "planned"
    objective: str = ""
    scope: str = ""
    budget_cash: Decimal | None = None
    charter_version: int | None = None


@dataclass(frozen=True)
class HypothesisData:
    ref: str
    pilot: str
    title: str
    category: str = ""
    criticality: int | None = None
    belief: str = ""
    test_method: str = ""
    metric: str = ""
    unit: str = ""
    comparator: str = ""
    target_value: Decimal | None = None
    target_value_max: Decimal | None = None
    result_value: Decimal | None = None
    result_override: str = ""
    result_note: str = ""

    @property
    def defined(self) -> bool:
        """Metric, comparator and target (and the upper limit for ``between``) are set."""
        return (
            bool(self.metric.strip())
            and self.comparator in COMPARATORS
            and self.target_value is not None
            and (self.comparator != BETWEEN or self.target_value_max is not None)
        )


@dataclass(frozen=True)
class LessonData:
    ref: str
    pilot: str
    text: str
    kind: str = ""
    hypotheses: tuple[str, ...] = ()
    action: str = ""


@dataclass(frozen=True)
class CharterChangeData:
    lesson: str
    section: str
    description: str
    applied_in_version: int | None = None


@dataclass(frozen=True)
class PilotDecisionData:
    pilot: str
    decision: str
    rationale: str
    decided_on: datetime.date | None = None
    decision_rule: str | None = None


def timebox_days(pilot: PilotData) -> int | None:
    if pilot.start_date is None or pilot.end_date is None:
        return None
    return (pilot.end_date - pilot.start_date).days


def timebox_warnings(pilot: PilotData) -> tuple[Alert, ...]:
    days = timebox_days(pilot)
    if days is None:
        return ()
    if days > MAX_TIMEBOX_DAYS:
        message = _("The pilot runs %(days)s days, more than 18 months: is it small enough?")
    elif days < MIN_TIMEBOX_DAYS:
        message = _("The pilot runs %(days)s days, under two weeks: can it show anything?")
    else:
        return ()
    return (Alert("pilot_timebox", message % {"days": days}, (pilot.ref,)),)


def hypothesis_errors(hypothesis: HypothesisData) -> list[str]:
    """V30 and the note an inconclusive override needs."""
    errors = []
    if hypothesis.comparator == BETWEEN:
        low, high = hypothesis.target_value, hypothesis.target_value_max
        if high is None:
            errors.append(_("Enter the upper limit."))
        elif low is not None and as_decimal(high) <= as_decimal(low):
            errors.append(_("The upper limit must be greater than the lower limit."))
    if hypothesis.result_override == INCONCLUSIVE and not hypothesis.result_note.strip():
        errors.append(_("Say why the result is inconclusive."))
    return errors


def hypothesis_result(hypothesis: HypothesisData) -> str:
    """inconclusive (override) / not_tested (no result) / validated / invalidated.

    ``between`` holds when the result lies within both limits, limits included.
    """
    if hypothesis.result_override == INCONCLUSIVE:
        return INCONCLUSIVE
    if hypothesis.result_value is None:
        return NOT_TESTED
    value = as_decimal(hypothesis.result_value)
    low = hypothesis.target_value
    if low is None:
        return NOT_TESTED
    low = as_decimal(low)
    if hypothesis.comparator == GTE:
        holds = value >= low
    elif hypothesis.comparator == LTE:
        holds = value <= low
    elif hypothesis.comparator == BETWEEN and hypothesis.target_value_max is not None:
        holds = low <= value <= as_decimal(hypothesis.target_value_max)
    else:
        return NOT_TESTED
    return VALIDATED if holds else INVALIDATED


def hypothesis_tally(hypotheses: Iterable[HypothesisData]) -> dict[str, int]:
    """Counts per result, every result present, in the order of 8.11."""
    tally = dict.fromkeys(RESULTS, 0)
    for hypothesis in hypotheses:
        tally[hypothesis_result(hypothesis)] += 1
    return tally
