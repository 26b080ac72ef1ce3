"""Step 4 "complete when" checks and warnings (DOMAIN.md 5.3, last paragraph)."""

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext as _

from workshop.steps.checks import Check, StepCompletion
from workshop.steps.pilot.rules import (
    NOT_TESTED,
    HypothesisData,
    LessonData,
    PilotData,
    PilotDecisionData,
    hypothesis_result,
    timebox_warnings,
)
from workshop.steps.warnings import hypotheses_without_metric

MIN_PILOT_PARTIES = 2
MIN_HYPOTHESES = 3


def pilot_checks(
    pilot: PilotData,
    hypotheses: Sequence[HypothesisData],
    lessons: Sequence[LessonData],
    decisions: Sequence[PilotDecisionData],
    today: datetime.date,
) -> tuple[Check, ...]:
    """One pilot's checks; the learning checks apply once its end date has passed."""
    cards = [h for h in hypotheses if h.pilot == pilot.ref]
    checks = [
        Check(
            "pilot_dates",
            _("The pilot has a start and an end date."),
            pilot.start_date is not None and pilot.end_date is not None,
        ),
        Check(
            "pilot_parties",
            _("At least %(count)s parties take part.") % {"count": MIN_PILOT_PARTIES},
            len(pilot.parties) >= MIN_PILOT_PARTIES,
        ),
        Check(
            "hypotheses",
            _("At least %(count)s hypotheses, each with a metric, comparator and target.")
            % {"count": MIN_HYPOTHESES},
            len(cards) >= MIN_HYPOTHESES and all(h.defined for h in cards),
        ),
    ]
    if pilot.end_date is not None and today > pilot.end_date:
        checks += [
            Check(
                "hypotheses_tested",
                _("Every hypothesis is tested or marked inconclusive."),
                bool(cards) and all(hypothesis_result(h) != NOT_TESTED for h in cards),
            ),
            Check(
                "lessons",
                _("At least one lesson is recorded."),
                any(lesson.pilot == pilot.ref for lesson in lessons),
            ),
            Check(
                "decision",
                _("A decision on the pilot is recorded."),
                any(decision.pilot == pilot.ref for decision in decisions),
            ),
        ]
    return tuple(checks)


def step_completion(
    pilots: Sequence[PilotData],
    hypotheses: Sequence[HypothesisData],
    lessons: Sequence[LessonData],
    decisions: Sequence[PilotDecisionData],
    today: datetime.date,
) -> StepCompletion:
    """Complete when some pilot passes all its checks ("a pilot has …").

    Shows the checks of a complete pilot if there is one, else of the pilot closest to complete
    (the later iteration on a tie), so a team sees what its most advanced pilot still needs.
    """
    warnings = tuple(alert for pilot in pilots for alert in timebox_warnings(pilot))
    warnings += hypotheses_without_metric(hypotheses)
    if not pilots:
        empty = PilotData(ref="", title="", iteration=0)
        return StepCompletion(pilot_checks(empty, (), (), (), today), warnings)
    candidates = [
        (pilot, pilot_checks(pilot, hypotheses, lessons, decisions, today)) for pilot in pilots
    ]
    _pilot, best = max(
        candidates,
        key=lambda item: (
            all(check.met for check in item[1]),
            sum(check.met for check in item[1]) / len(item[1]),
            item[0].iteration,
        ),
    )
    return StepCompletion(best, warnings)
