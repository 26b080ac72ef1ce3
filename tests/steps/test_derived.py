import datetime
from decimal import Decimal

from workshop.steps.checks import Alert, Check, StepCompletion
from workshop.steps.derived import (
    add_months,
    competition_ranks,
    name_key,
    pct_str,
    percent,
    round_half_up,
)


def test_round_half_up_rounds_a_half_away_from_zero_unlike_bankers_rounding():
    assert round_half_up(Decimal("0.125")) == Decimal("0.13")
    assert round_half_up(Decimal("2.5"), 0) == Decimal(3)
    assert round_half_up(Decimal("0.124")) == Decimal("0.12")


def test_percent_is_none_when_dividing_by_zero():
    assert percent(3, 0) is None
    assert percent(3, 14) == Decimal(300) / Decimal(14)


def test_pct_str_shows_two_decimals_and_empty_for_undefined():
    assert pct_str(Decimal(300) / Decimal(14)) == "21.43"
    assert pct_str(Decimal(25)) == "25.00"
    assert pct_str(None) == ""


def test_competition_ranks_share_a_rank_and_skip_the_next():
    assert competition_ranks([9, 7, 7, 5]) == [1, 2, 2, 4]
    assert competition_ranks([5, 5, 5]) == [1, 1, 1]
    assert competition_ranks([]) == []


def test_name_key_folds_case_width_and_spaces():
    assert name_key("  \uff21\uff53\uff4b\uff45   ESTATE ") == "aske estate"  # full-width "Aske"
    assert name_key("Straße") == name_key("STRASSE")


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert add_months(datetime.date(2026, 4, 1), 24) == datetime.date(2028, 4, 1)
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2027, 12, 31), 2) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2026, 3, 15), -6) == datetime.date(2025, 9, 15)


def test_step_completion_is_complete_only_when_every_check_is_met():
    done = StepCompletion((Check("a", "A", True), Check("b", "B", True)))
    half = StepCompletion((Check("a", "A", True), Check("b", "B", False)), (Alert("w", "W"),))
    assert done.complete is True
    assert half.complete is False
    assert [check.key for check in half.blocking] == ["b"]


def test_step_completion_percent_is_the_share_of_checks_met_rounded_half_up():
    checks = (Check("a", "A", True), Check("b", "B", False), Check("c", "C", True))
    assert StepCompletion(checks).percent == 67
    assert StepCompletion(checks[1:2]).percent == 0
    assert StepCompletion(()).percent == 100


def test_step_completion_as_json_lists_each_check():
    completion = StepCompletion((Check("fit_check", "Fit check", False),))
    assert completion.as_json() == [{"key": "fit_check", "label": "Fit check", "met": False}]
