import datetime
from decimal import Decimal

import pytest

from workshop.steps.pilot.rules import (
    HypothesisData,
    PilotData,
    hypothesis_errors,
    hypothesis_result,
    hypothesis_tally,
    timebox_days,
    timebox_warnings,
)

D = Decimal
date = datetime.date


def pilot(start, end):
    return PilotData("pilot:1", "Pilot", 1, start, end)


def card(comparator, target, result=None, maximum=None, **extra):
    return HypothesisData(
        "hypothesis:h",
        "pilot:1",
        "H",
        metric="m",
        comparator=comparator,
        target_value=D(target),
        target_value_max=None if maximum is None else D(maximum),
        result_value=None if result is None else D(result),
        **extra,
    )


def test_timebox_is_the_days_between_start_and_end():
    assert timebox_days(pilot(date(2026, 5, 1), date(2026, 10, 31))) == 183
    assert timebox_days(pilot(date(2026, 5, 1), None)) is None


@pytest.mark.parametrize(("days", "warns"), [(13, True), (14, False), (548, False), (549, True)])
def test_timebox_warns_outside_two_weeks_to_18_months(days, warns):
    start = date(2026, 1, 1)
    alerts = timebox_warnings(pilot(start, start + datetime.timedelta(days=days)))
    assert bool(alerts) is warns


def test_timebox_warning_message_names_the_days():
    start = date(2026, 1, 1)
    (alert,) = timebox_warnings(pilot(start, start + datetime.timedelta(days=600)))
    assert alert.message == "The pilot runs 600 days, more than 18 months: is it small enough?"


@pytest.mark.parametrize(
    ("hypothesis", "result"),
    [
        (card("gte", 30, 30), "validated"),
        (card("gte", 30, "29.99"), "invalidated"),
        (card("lte", 10, 10), "validated"),
        (card("lte", 10, 11), "invalidated"),
        (card("between", 30, 30, 90), "validated"),
        (card("between", 30, 90, 90), "validated"),
        (card("between", 30, "90.01", 90), "invalidated"),
        (card("between", 30, 29, 90), "invalidated"),
        (card("gte", 30), "not_tested"),
        (card("gte", 30, 10, result_override="inconclusive", result_note="Rain"), "inconclusive"),
    ],
)
def test_hypothesis_result(hypothesis, result):
    assert hypothesis_result(hypothesis) == result


def test_between_needs_an_upper_limit_above_the_lower():
    assert hypothesis_errors(card("between", 90, maximum=30)) == [
        "The upper limit must be greater than the lower limit."
    ]
    assert hypothesis_errors(card("between", 30, maximum=30)) == [
        "The upper limit must be greater than the lower limit."
    ]
    assert hypothesis_errors(card("between", 30)) == ["Enter the upper limit."]
    assert hypothesis_errors(card("between", 30, maximum=90)) == []


def test_inconclusive_override_needs_a_note():
    assert hypothesis_errors(card("gte", 1, result_override="inconclusive")) == [
        "Say why the result is inconclusive."
    ]


def test_tally_lists_every_result():
    cards = [card("gte", 1, 2), card("gte", 1), card("gte", 1, 0)]
    assert hypothesis_tally(cards) == {
        "validated": 1,
        "invalidated": 1,
        "inconclusive": 0,
        "not_tested": 1,
    }
    assert hypothesis_tally([]) == {
        "validated": 0,
        "invalidated": 0,
        "inconclusive": 0,
        "not_tested": 0,
    }
