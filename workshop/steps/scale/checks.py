"""Step 5 "complete when" checks and warnings (DOMAIN.md 6.6)."""

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext as _

from workshop.steps.checks import Check, StepCompletion
from workshop.steps.mapping.rules import ForceAssessmentData
from workshop.steps.scale.rules import (
    HEALTH_DIMENSIONS,
    HEALTH_INDICATOR_TYPES,
    HealthCheckData,
    IndicatorData,
    IndicatorReadingData,
    ScalingActionData,
    ScalingPlanData,
    VitalitySignalData,
    vitality_alerts,
)
from workshop.steps.warnings import falling_dimensions, stale_indicators

MIN_INDICATORS = 3
SCALE_STEP = 5


def step_completion(
    plan: ScalingPlanData | None,
    actions: Sequence[ScalingActionData],
    indicators: Sequence[IndicatorData],
    health_checks: Sequence[HealthCheckData],
    review_cadence_months: int | None,
    forces: Sequence[ForceAssessmentData],
    signals: Sequence[VitalitySignalData],
    today: datetime.date,
    readings: Sequence[IndicatorReadingData] = (),
    health_scores: Sequence[tuple] = (),
) -> StepCompletion:
    """``health_scores``: (check ref, held on, dimension code → score %) per health check."""
    checks = (
        Check(
            "scaling_plan",
            _("A scaling plan with at least one action."),
            plan is not None and bool(actions),
        ),
        Check(
            "indicators",
            _(
                "At least %(count)s indicators, including one on partnership health or vitality"
                " and decay."
            )
            % {"count": MIN_INDICATORS},
            len(indicators) >= MIN_INDICATORS
            and any(i.indicator_type in HEALTH_INDICATOR_TYPES for i in indicators),
        ),
        Check(
            "indicator_owners",
            _("Every indicator has an owner."),
            bool(indicators) and all(i.owner for i in indicators),
        ),
        # A check dated in the future counts: it is scheduled.
        Check(
            "health_check_cadence",
            _("A review cadence is set and a health check is scheduled or held."),
            review_cadence_months is not None and bool(health_checks),
        ),
        Check(
            "forces_revisited",
            _("The forces are assessed again in step 5."),
            any(force.recorded_in_step == SCALE_STEP for force in forces),
        ),
    )
    warnings = (
        vitality_alerts(signals, today)
        + stale_indicators(indicators, readings, today)
        + falling_dimensions(health_scores, HEALTH_DIMENSIONS, today)
    )
    return StepCompletion(checks, warnings)
