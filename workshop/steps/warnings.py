"""Early warnings of steps 3 to 5 (issue 18), read from the records alone: pure functions over
the steps' plain data. Each step's ``checks.py`` adds them to its non-blocking warnings, so the
step page, the across-teams alerts page and ``derived.warnings`` in the export show one list.

One party above the largest-share limit is step 3's dependency alert (8.6), already there.
"""

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from workshop.steps.checks import Alert
from workshop.steps.derived import add_months, name_key

# "Many duties": this many Responsible or Accountable rows in the RACI, or contributions.
MANY_DUTIES = 3
DUTY_CODES = ("R", "A")
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}


def duties_without_seat(records) -> tuple[Alert, ...]:
    """A party carrying many duties (RACI R/A rows plus contributions) without a voting seat.

    Only once some body has a seat: before governance is drafted every party lacks one.
    """
    if not records.seats:
        return ()
    seated = {seat.party for seat in records.seats if seat.party and seat.votes > 0}
    alerts = []
    for party in sorted(records.parties, key=lambda p: name_key(p.name)):
        if party.ref in seated:
            continue
        duties = sum(
            1 for a in records.raci_assignments if a.party == party.ref and a.code in DUTY_CODES
        ) + sum(1 for c in records.contributions if c.party == party.ref)
        if duties >= MANY_DUTIES:
            alerts.append(
                Alert(
                    "duties_without_seat",
                    _("%(party)s carries %(count)s duties but has no seat in any decision body.")
                    % {"party": party.name, "count": duties},
                    (party.ref,),
                )
            )
    return tuple(alerts)


def hypotheses_without_metric(hypotheses) -> tuple[Alert, ...]:
    """A test card nobody can measure: no metric named."""
    return tuple(
        Alert(
            "hypothesis_without_metric",
            _("The hypothesis “%(title)s” has no metric.") % {"title": card.title},
            (card.pilot, card.ref),
        )
        for card in hypotheses
        if not card.metric.strip()
    )


def stale_indicators(indicators, readings, today: datetime.date) -> tuple[Alert, ...]:
    """An indicator whose latest reading is older than its review period (its frequency).

    Counted from the latest reading; an indicator never read has no date to count from.
    """
    latest: dict[str, datetime.date] = {}
    for reading in readings:
        if reading.observed_on <= today:
            latest[reading.indicator] = max(
                reading.observed_on, latest.get(reading.indicator, reading.observed_on)
            )
    alerts = []
    for indicator in indicators:
        months = FREQUENCY_MONTHS.get(indicator.frequency)
        last = latest.get(indicator.ref)
        if months is None or last is None or add_months(last, months) >= today:
            continue
        alerts.append(
            Alert(
                "indicator_no_reading",
                _("No reading of “%(name)s” since %(date)s, longer than its review period.")
                % {"name": indicator.name, "date": date_format(last, "SHORT_DATE_FORMAT")},
                (indicator.ref,),
            )
        )
    return tuple(alerts)


def falling_dimensions(
    checks: Sequence[tuple[str, datetime.date, dict[str, Decimal | None]]],
    labels: Sequence[tuple[str, object]],
    today: datetime.date,
) -> tuple[Alert, ...]:
    """A health dimension whose score fell at each of the last two checks (three in a row).

    ``checks``: (ref, held on, dimension code → score %) for each health check; checks still to
    come or without responses (no score) are left out.
    """
    held = sorted(
        (c for c in checks if c[1] <= today and any(v is not None for v in c[2].values())),
        key=lambda c: c[1],
    )
    if len(held) < 3:
        return ()
    last_three = held[-3:]
    alerts = []
    for code, label in labels:
        scores = [c[2].get(code) for c in last_three]
        if None in scores or not scores[0] > scores[1] > scores[2]:
            continue
        alerts.append(
            Alert(
                "health_dimension_falling",
                _("“%(dimension)s” fell at the last two health checks.") % {"dimension": label},
                (last_three[-1][0],),
            )
        )
    return tuple(alerts)
