import datetime
from decimal import Decimal

import pytest

from workshop.steps.scale.rules import (
    HEALTH_DIMENSION_CODES,
    INDICATOR_TEMPLATES,
    DimensionScore,
    HealthRatingData,
    HealthResponseData,
    IndicatorData,
    IndicatorReadingData,
    ScalingActionData,
    VitalitySignalData,
    health_response_errors,
    health_scores,
    indicator_rag,
    rag,
    scaling_action_errors,
    vitality_alerts,
    warning_threshold_error,
)

D = Decimal
date = datetime.date


def indicator(direction, target, warning):
    return IndicatorData("indicator:i", "I", "outcome", "%", direction, D(0), D(target), D(warning))


@pytest.mark.parametrize(
    ("value", "colour"), [("60", "green"), ("59.99", "amber"), ("50", "amber"), ("49.99", "red")]
)
def test_rag_higher_is_better(value, colour):
    assert rag(indicator("higher_is_better", 60, 50), D(value)) == colour


@pytest.mark.parametrize(
    ("value", "colour"), [("0", "green"), ("0.5", "amber"), ("1", "amber"), ("2", "red")]
)
def test_rag_lower_is_better(value, colour):
    assert rag(indicator("lower_is_better", 0, 1), D(value)) == colour


def test_rag_uses_the_latest_reading_and_grey_without_one():
    ind = indicator("higher_is_better", 60, 50)
    readings = [
        IndicatorReadingData(ind.ref, date(2027, 6, 30), D(70)),
        IndicatorReadingData(ind.ref, date(2027, 3, 31), D(10)),
        IndicatorReadingData("indicator:other", date(2028, 1, 1), D(0)),
    ]
    assert indicator_rag(ind, readings) == "green"
    assert indicator_rag(ind, readings[2:]) == "grey"


def test_warning_threshold_must_sit_on_the_bad_side_of_the_target():
    assert warning_threshold_error("lower_is_better", 10, 9) == (
        "For ‘lower is better’ the warning level must be at or above the target."  # noqa: RUF001
    )
    assert warning_threshold_error("higher_is_better", 10, 11) == (
        "For ‘higher is better’ the warning level must be at or below the target."  # noqa: RUF001
    )
    assert warning_threshold_error("lower_is_better", 10, 10) is None
    assert warning_threshold_error("higher_is_better", 10, 9) is None


def response(party, *ratings):
    rated = tuple(
        HealthRatingData(code, rating, "why" if rating == "red" else "")
        for code, rating in zip(HEALTH_DIMENSION_CODES, ratings, strict=True)
    )
    return HealthResponseData("health_check:1", party, party, rated)


def test_health_scores_per_dimension_overall_and_respondent():
    scores = health_scores(
        [
            response("party:a", "green", "green", "green", "green", "green", "amber", "red"),
            response("party:b", "green", "green", "green", "amber", "green", "amber", "green"),
        ]
    )
    dims = scores.dimensions
    assert (dims["need_recognised"].score_pct, dims["need_recognised"].discuss) == (D(100), False)
    assert (dims["trust"].score_pct, dims["trust"].discuss) == (D(75), True)
    assert (dims["monitor_learn"].score_pct, dims["monitor_learn"].discuss) == (D(50), True)
    assert (dims["equity_mutual_benefit"].score_pct, dims["equity_mutual_benefit"].discuss) == (
        D(50),
        True,
    )
    assert scores.overall_pct == D(23) * 100 / 28
    assert scores.per_respondent == {"party:a": D(11) * 100 / 14, "party:b": D(12) * 100 / 14}


def test_less_than_half_amber_is_not_flagged():
    scores = health_scores(
        [response(p, *(["green"] * 7)) for p in ("a", "b")] + [response("c", *(["amber"] * 7))]
    )
    assert scores.dimensions["trust"].discuss is False


def test_health_scores_without_responses_are_undefined():
    scores = health_scores([])
    assert scores.overall_pct is None
    assert scores.dimensions["trust"] == DimensionScore(None, False)
    assert scores.per_respondent == {}


def test_health_response_must_rate_all_seven_and_explain_red():
    ratings = [HealthRatingData("trust", "red")]
    assert health_response_errors(ratings) == [
        "Rate all 7 dimensions.",
        "Say why you rated a dimension red.",
    ]


def signal(day, kind="formal_dispute"):
    return VitalitySignalData(f"signal:{day}", day, kind)


def test_two_disputes_within_180_days_alert():
    alerts = vitality_alerts(
        [signal(date(2027, 1, 1)), signal(date(2027, 6, 29))], date(2028, 1, 1)
    )
    assert [(a.key, a.refs) for a in alerts] == [
        ("formal_disputes", ("signal:2027-01-01", "signal:2027-06-29"))
    ]


def test_two_disputes_180_days_apart_do_not_alert():
    assert (
        vitality_alerts([signal(date(2027, 1, 1)), signal(date(2027, 6, 30))], date(2028, 1, 1))
        == ()
    )


def test_decay_outnumbering_vitality_in_the_last_two_quarters_alerts():
    today = date(2027, 12, 31)
    signals = [
        signal(date(2027, 7, 1), "fragmentation"),
        signal(date(2027, 9, 1), "disengagement"),
        signal(date(2027, 10, 1), "partner_joined"),
        signal(date(2027, 6, 30), "new_connection"),  # more than 6 months ago: not counted
    ]
    alerts = vitality_alerts(signals, today)
    assert [a.key for a in alerts] == ["decay_outnumbers_vitality"]
    assert (
        alerts[0].message
        == "In the last two quarters decay signs (2) outnumber vitality signs (1)."
    )
    balanced = [*signals, signal(date(2027, 12, 1), "novel_solution")]
    assert vitality_alerts(balanced, today) == ()


def test_scaling_action_rules():
    add = ScalingActionData("scaling_action:1", "add_partners", "Join", new_actors=("actor:city",))
    replicate = ScalingActionData("scaling_action:2", "replicate", "Copy")
    assert scaling_action_errors(add, ["actor:city"]) == ["These actors are already core parties."]
    assert scaling_action_errors(replicate, []) == ["Say where the model will be replicated."]


def test_six_preset_indicator_templates_with_their_directions():
    assert [(t.key, t.unit, t.direction) for t in INDICATOR_TEMPLATES] == [
        ("formal_disputes", "count", "lower_is_better"),
        ("innovation", "count", "higher_is_better"),
        ("fragmentation", "%", "higher_is_better"),
        ("information_hoarding", "%", "higher_is_better"),
        ("dependency", "%", "lower_is_better"),
        ("transactional", "%", "higher_is_better"),
    ]
    assert len(HEALTH_DIMENSION_CODES) == 7
