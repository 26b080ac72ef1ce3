"""Step 5 derived values as pure functions over plain data (DOMAIN.md 6.1-6.5, 8.8, 8.10)."""

import datetime
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workshop.steps.checks import Alert
from workshop.steps.derived import add_months, as_decimal, percent

PATHWAYS = ("expand_scope", "add_partners", "replicate", "institutionalise", "diversify")
ACTION_STATUSES = ("planned", "in_progress", "done", "dropped")
INDICATOR_TYPES = ("outcome", "output", "process", "partnership_health", "vitality_decay")
HEALTH_INDICATOR_TYPES = ("partnership_health", "vitality_decay")
HIGHER_IS_BETTER, LOWER_IS_BETTER = "higher_is_better", "lower_is_better"
DIRECTIONS = (HIGHER_IS_BETTER, LOWER_IS_BETTER)
FREQUENCIES = ("monthly", "quarterly", "semiannual", "annual")
GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"
RAG_COLOURS = (GREEN, AMBER, RED, GREY)

# 6.4: the Nuffield Partnership Assessment Tool's six principles plus TPI's equity.
HEALTH_DIMENSIONS = (
    ("need_recognised", gettext_lazy("Need for partnership recognised")),
    ("clarity_of_purpose", gettext_lazy("Clarity and realism of purpose")),
    ("commitment_ownership", gettext_lazy("Commitment and ownership")),
    ("trust", gettext_lazy("Trust")),
    ("robust_arrangements", gettext_lazy("Robust partnership arrangements")),
    ("monitor_learn", gettext_lazy("Monitoring, measuring and learning")),
    ("equity_mutual_benefit", gettext_lazy("Equity and mutual benefit")),
)
HEALTH_DIMENSION_CODES = tuple(code for code, _label in HEALTH_DIMENSIONS)
HEALTH_RATINGS = (GREEN, AMBER, RED)
RATING_POINTS = {GREEN: 2, AMBER: 1, RED: 0}

DECAY_SIGNALS = (
    "formal_dispute",
    "innovation_slowdown",
    "fragmentation",
    "information_hoarding",
    "disengagement",
    "partner_exit",
)
VITALITY_SIGNALS = ("new_connection", "resource_reallocation", "novel_solution", "partner_joined")
SIGNALS = DECAY_SIGNALS + VITALITY_SIGNALS
DISPUTE_WINDOW_DAYS = 180
DISPUTE_ALERT_COUNT = 2
SIGNAL_BALANCE_MONTHS = 6  # "the last 2 quarters"


@dataclass(frozen=True)
class IndicatorTemplate:
    """A one-click preset (6.3): the pattern's warning sign turned into a number."""

    key: str
    pattern_sign: str
    name: str
    indicator_type: str
    unit: str
    direction: str


INDICATOR_TEMPLATES = (
    IndicatorTemplate(
        "formal_disputes",
        gettext_lazy("Increase in formal disputes"),
        gettext_lazy("Disputes escalated beyond ladder step 1 per quarter"),
        "vitality_decay",
        "count",
        LOWER_IS_BETTER,
    ),
    IndicatorTemplate(
        "innovation",
        gettext_lazy("Slowdown in innovation"),
        gettext_lazy("New joint initiatives proposed by at least 2 partners per year"),
        "vitality_decay",
        "count",
        HIGHER_IS_BETTER,
    ),
    IndicatorTemplate(
        "fragmentation",
        gettext_lazy("Fragmentation / silos"),
        gettext_lazy("Share of voting seats attending governing-body meetings"),
        "partnership_health",
        "%",
        HIGHER_IS_BETTER,
    ),
    IndicatorTemplate(
        "information_hoarding",
        gettext_lazy("Information hoarding"),
        gettext_lazy("Agreed data-sharing deliveries made on time"),
        "vitality_decay",
        "%",
        HIGHER_IS_BETTER,
    ),
    IndicatorTemplate(
        "dependency",
        gettext_lazy("Dependency"),
        gettext_lazy("Largest party's share of cash contributions"),
        "vitality_decay",
        "%",
        LOWER_IS_BETTER,
    ),
    IndicatorTemplate(
        "transactional",
        gettext_lazy("Transactional, tit-for-tat"),
        gettext_lazy("Partners reporting fair value in the health check (equity dimension green)"),
        "partnership_health",
        "%",
        HIGHER_IS_BETTER,
    ),
)


@dataclass(frozen=True)
class ScalingPlanData:
    summary: str = ""
    preconditions: str = ""
    horizon_end: datetime.date | None = None


@dataclass(frozen=True)
class ScalingActionData:
    ref: str
    pathway: str
    description: str
    owner: str | None = None
    due_date: datetime.date | None = None
    status: str = "planned"
    new_actors: tuple[str, ...] = ()
    target_context: str = ""


@dataclass(frozen=True)
class IndicatorData:
    ref: str
    name: str
    indicator_type: str
    unit: str
    direction: str
    baseline: Decimal
    target: Decimal
    warning_threshold: Decimal
    frequency: str = ""
    data_source: str = ""
    owner: str | None = None
    linked_hypothesis: str | None = None


@dataclass(frozen=True)
class IndicatorReadingData:
    indicator: str
    observed_on: datetime.date
    value: Decimal
    note: str = ""


@dataclass(frozen=True)
class HealthCheckData:
    ref: str
    held_on: datetime.date
    facilitated_by: str = ""


@dataclass(frozen=True)
class HealthRatingData:
    dimension: str
    rating: str
    comment: str = ""


@dataclass(frozen=True)
class HealthResponseData:
    check: str
    respondent_party: str
    respondent_name: str = ""
    ratings: tuple[HealthRatingData, ...] = ()


@dataclass(frozen=True)
class VitalitySignalData:
    ref: str
    observed_on: datetime.date
    signal: str
    description: str = ""
    severity: int | None = None
    parties: tuple[str, ...] = ()


# --- 6.1 Scaling actions ---------------------------------------------------------------------


def scaling_action_errors(action: ScalingActionData, core_party_actors: Iterable[str]) -> list[str]:
    errors = []
    if action.pathway == "add_partners" and not action.new_actors:
        errors.append(_("Choose the actors who will join."))
    if set(action.new_actors) & set(core_party_actors):
        errors.append(_("These actors are already core parties."))
    if action.pathway == "replicate" and not action.target_context.strip():
        errors.append(_("Say where the model will be replicated."))
    return errors


# --- 6.2 / 8.8 Indicators --------------------------------------------------------------------


def warning_threshold_error(direction: str, target, warning_threshold) -> str | None:
    """V31: the warning level sits on the bad side of the target (or on it)."""
    target, warning = as_decimal(target), as_decimal(warning_threshold)
    if direction == HIGHER_IS_BETTER and warning > target:
        return _("For ‘higher is better’ the warning level must be at or below the target.")  # noqa: RUF001
    if direction == LOWER_IS_BETTER and warning < target:
        return _("For ‘lower is better’ the warning level must be at or above the target.")  # noqa: RUF001
    return None


def rag(indicator: IndicatorData, value: Decimal | None) -> str:
    if value is None:
        return GREY
    value = as_decimal(value)
    target, warning = as_decimal(indicator.target), as_decimal(indicator.warning_threshold)
    if indicator.direction == LOWER_IS_BETTER:
        if value <= target:
            return GREEN
        return AMBER if value <= warning else RED
    if value >= target:
        return GREEN
    return AMBER if value >= warning else RED


def latest_reading(
    indicator: IndicatorData, readings: Iterable[IndicatorReadingData]
) -> IndicatorReadingData | None:
    own = [reading for reading in readings if reading.indicator == indicator.ref]
    return max(own, key=lambda reading: reading.observed_on, default=None)


def indicator_rag(indicator: IndicatorData, readings: Iterable[IndicatorReadingData]) -> str:
    """RAG of the latest reading; grey with none."""
    reading = latest_reading(indicator, readings)
    return rag(indicator, reading.value if reading else None)


def indicator_rags(
    indicators: Iterable[IndicatorData], readings: Sequence[IndicatorReadingData]
) -> dict[str, str]:
    return {indicator.ref: indicator_rag(indicator, readings) for indicator in indicators}


# --- 8.10 Health check -----------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionScore:
    score_pct: Decimal | None
    discuss: bool


@dataclass(frozen=True)
class HealthScores:
    respondents: int
    overall_pct: Decimal | None
    dimensions: dict[str, DimensionScore]
    per_respondent: dict[str, Decimal]  # party ref → %; for the facilitator only


def health_scores(responses: Sequence[HealthResponseData]) -> HealthScores:
    """Green 2, amber 1, red 0; percentages of the maximum (unrounded).

    A dimension is flagged for discussion if any rating is red or at least half are amber.
    """
    count = len(responses)
    dimensions = {}
    for code in HEALTH_DIMENSION_CODES:
        ratings = [
            r.rating for response in responses for r in response.ratings if r.dimension == code
        ]
        points = sum(RATING_POINTS[rating] for rating in ratings)
        ambers = sum(1 for rating in ratings if rating == AMBER)
        discuss = RED in ratings or (bool(ratings) and ambers * 2 >= len(ratings))
        dimensions[code] = DimensionScore(percent(points, 2 * count), discuss)
    all_points = sum(
        RATING_POINTS[r.rating]
        for response in responses
        for r in response.ratings
        if r.dimension in HEALTH_DIMENSION_CODES
    )
    per_respondent = {
        response.respondent_party: percent(
            sum(RATING_POINTS[r.rating] for r in response.ratings), 2 * len(HEALTH_DIMENSIONS)
        )
        for response in responses
    }
    return HealthScores(
        respondents=count,
        overall_pct=percent(all_points, 2 * len(HEALTH_DIMENSIONS) * count),
        dimensions=dimensions,
        per_respondent=per_respondent,
    )


def health_response_errors(ratings: Sequence[HealthRatingData]) -> list[str]:
    """V33: all seven dimensions rated; a red rating needs a comment."""
    errors = []
    rated = {rating.dimension for rating in ratings}
    if any(code not in rated for code in HEALTH_DIMENSION_CODES):
        errors.append(_("Rate all 7 dimensions."))
    if any(r.rating == RED and not r.comment.strip() for r in ratings):
        errors.append(_("Say why you rated a dimension red."))
    return errors


# --- 6.5 Vitality alert ----------------------------------------------------------------------


def dispute_cluster(signals: Iterable[VitalitySignalData]) -> tuple[str, ...]:
    """Refs of the first 2 formal disputes that fall within one rolling 180-day window, or ()."""
    disputes = sorted(
        (s for s in signals if s.signal == "formal_dispute"), key=lambda s: s.observed_on
    )
    window = datetime.timedelta(days=DISPUTE_WINDOW_DAYS)
    for first, second in itertools.pairwise(disputes):
        # Both inside a window of 180 consecutive days: at most 179 days apart.
        if second.observed_on - first.observed_on < window:
            return (first.ref, second.ref)
    return ()


def recent_signal_balance(
    signals: Iterable[VitalitySignalData], today: datetime.date
) -> tuple[int, int]:
    """(decay, vitality) counts observed in the last 2 quarters: after ``today`` minus 6 months."""
    since = add_months(today, -SIGNAL_BALANCE_MONTHS)
    recent = [s for s in signals if since < s.observed_on <= today]
    return (
        sum(1 for s in recent if s.signal in DECAY_SIGNALS),
        sum(1 for s in recent if s.signal in VITALITY_SIGNALS),
    )


def vitality_alerts(
    signals: Sequence[VitalitySignalData], today: datetime.date
) -> tuple[Alert, ...]:
    alerts = []
    cluster = dispute_cluster(signals)
    if cluster:
        alerts.append(
            Alert(
                "formal_disputes",
                _("Two or more formal disputes within 180 days: the partnership may be decaying."),
                cluster,
            )
        )
    decay, vitality = recent_signal_balance(signals, today)
    if decay > vitality:
        alerts.append(
            Alert(
                "decay_outnumbers_vitality",
                _(
                    "In the last two quarters decay signs (%(decay)s) outnumber vitality signs"
                    " (%(vitality)s)."
                )
                % {"decay": decay, "vitality": vitality},
            )
        )
    return tuple(alerts)
