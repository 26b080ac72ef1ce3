"""The early warnings of steps 3-5 (issue 18): each fires at its boundary and not before."""

import datetime
from decimal import Decimal

from workshop.steps import warnings
from workshop.steps.governance import rules as g
from workshop.steps.pilot.rules import HypothesisData
from workshop.steps.scale.rules import HEALTH_DIMENSIONS, IndicatorData, IndicatorReadingData

TODAY = datetime.date(2026, 6, 30)


def _charter(duties, seat_votes=1):
    parties = (
        g.CharterPartyData("party:a", "actor:a", "Alder Trust", "core"),
        g.CharterPartyData("party:b", "actor:b", "Birch Co", "core"),
    )
    raci = tuple(g.RaciAssignmentData(f"raci:{n}", "party:b", "R") for n in range(duties))
    return g.CharterRecords(
        charter=g.CharterData(title="C"),
        parties=parties,
        bodies=(
            g.GoverningBodyData("body:s", "Steering", "steering_group", "rotating", "monthly"),
        ),
        seats=(
            g.SeatData("body:s", "party:a", 1),
            g.SeatData("body:s", "party:b", seat_votes),
        ),
        raci_assignments=raci,
    )


def test_duties_without_seat_fires_at_three_duties():
    alerts = warnings.duties_without_seat(_charter(3, seat_votes=0))
    assert [(a.key, a.refs) for a in alerts] == [("duties_without_seat", ("party:b",))]
    assert "Birch Co" in alerts[0].message


def test_duties_without_seat_quiet_below_three_or_with_a_seat():
    assert warnings.duties_without_seat(_charter(2, seat_votes=0)) == ()
    assert warnings.duties_without_seat(_charter(5, seat_votes=1)) == ()


def test_contributions_count_as_duties_and_consulted_does_not():
    records = _charter(1, seat_votes=0)
    records = g.CharterRecords(
        **{
            **records.__dict__,
            "raci_assignments": (
                g.RaciAssignmentData("raci:1", "party:b", "R"),
                g.RaciAssignmentData("raci:2", "party:b", "C"),
                g.RaciAssignmentData("raci:3", "party:b", "I"),
            ),
            "contributions": (
                g.ContributionData("contribution:1", "party:b", "cash", "actual", "pledged"),
            ),
        }
    )
    assert warnings.duties_without_seat(records) == ()
    more = g.CharterRecords(
        **{
            **records.__dict__,
            "contributions": (
                *records.contributions,
                g.ContributionData("contribution:2", "party:b", "cash", "actual", "pledged"),
            ),
        }
    )
    assert len(warnings.duties_without_seat(more)) == 1


def test_no_seats_yet_no_warning():
    records = g.CharterRecords(**{**_charter(4, 0).__dict__, "seats": ()})
    assert warnings.duties_without_seat(records) == ()


def test_largest_share_limit_is_the_dependency_alert():
    def summary(share):
        row = g.PartyContribution("party:a", Decimal(1), Decimal(0), share, None)
        return g.ContributionSummary(
            parties={"party:a": row},
            total=Decimal(1),
            cash_total=Decimal(0),
            largest_share=share,
            largest_cash_share=None,
            largest_non_convenor_share=None,
        )

    alerts = g.dependency_alerts(summary(Decimal("50.01")), Decimal(50))
    assert [(a.key, a.refs) for a in alerts] == [("dependency_share", ("party:a",))]
    assert g.dependency_alerts(summary(Decimal(50)), Decimal(50)) == ()


def _card(metric):
    return HypothesisData("hypothesis:7", "pilot:1", "Volunteers stay", metric=metric)


def test_hypothesis_without_metric():
    alerts = warnings.hypotheses_without_metric([_card("  ")])
    assert [(a.key, a.refs) for a in alerts] == [
        ("hypothesis_without_metric", ("pilot:1", "hypothesis:7"))
    ]
    assert "Volunteers stay" in alerts[0].message
    assert warnings.hypotheses_without_metric([_card("retention rate")]) == ()


def _indicator(frequency="quarterly"):
    return IndicatorData(
        "indicator:3",
        "Meals served",
        "output",
        "meals",
        "higher_is_better",
        Decimal(0),
        Decimal(10),
        Decimal(5),
        frequency=frequency,
    )


def test_indicator_without_reading_longer_than_its_period():
    reading = IndicatorReadingData("indicator:3", datetime.date(2026, 3, 30), Decimal(4))
    assert warnings.stale_indicators([_indicator()], [reading], TODAY) == ()  # exactly 3 months
    day_later = datetime.date(2026, 7, 1)
    alerts = warnings.stale_indicators([_indicator()], [reading], day_later)
    assert [(a.key, a.refs) for a in alerts] == [("indicator_no_reading", ("indicator:3",))]
    assert "Meals served" in alerts[0].message


def test_indicator_latest_reading_counts_and_unread_is_quiet():
    old = IndicatorReadingData("indicator:3", datetime.date(2025, 1, 1), Decimal(4))
    new = IndicatorReadingData("indicator:3", datetime.date(2026, 6, 1), Decimal(4))
    assert warnings.stale_indicators([_indicator("monthly")], [old, new], TODAY) == ()
    assert warnings.stale_indicators([_indicator()], [], TODAY) == ()


def _check(n, month, trust):
    scores = {code: Decimal(50) for code, _label in HEALTH_DIMENSIONS}
    scores["trust"] = trust
    return (f"health_check:{n}", datetime.date(2026, month, 1), scores)


def test_health_dimension_falling_two_checks_in_a_row():
    checks = [_check(1, 1, Decimal(90)), _check(2, 3, Decimal(70)), _check(3, 5, Decimal(60))]
    alerts = warnings.falling_dimensions(checks, HEALTH_DIMENSIONS, TODAY)
    assert [(a.key, a.refs) for a in alerts] == [("health_dimension_falling", ("health_check:3",))]
    assert "Trust" in alerts[0].message


def test_health_dimension_falling_once_or_flat_is_quiet():
    once = [_check(1, 1, Decimal(90)), _check(2, 3, Decimal(90)), _check(3, 5, Decimal(60))]
    assert warnings.falling_dimensions(once, HEALTH_DIMENSIONS, TODAY) == ()
    two = [_check(2, 3, Decimal(70)), _check(3, 5, Decimal(60))]
    assert warnings.falling_dimensions(two, HEALTH_DIMENSIONS, TODAY) == ()


def test_health_checks_to_come_do_not_count():
    checks = [_check(1, 1, Decimal(90)), _check(2, 3, Decimal(70))]
    checks.append(("health_check:3", datetime.date(2026, 9, 1), _check(3, 9, Decimal(10))[2]))
    assert warnings.falling_dimensions(checks, HEALTH_DIMENSIONS, TODAY) == ()
