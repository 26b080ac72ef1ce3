"""Arithmetic and ordering shared by the steps' rules (DOMAIN.md section 8 preamble).

All arithmetic is Decimal; display rounding is ROUND_HALF_UP; sorting and ranking use the
unrounded values.
"""

import calendar
import datetime
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

T = TypeVar("T")
HUNDRED = Decimal(100)


def as_decimal(value) -> Decimal:
    """Decimal from an int, str or Decimal; floats go through str so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def round_half_up(value, places: int = 2) -> Decimal:
    exponent = Decimal(1).scaleb(-places)
    return as_decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


def percent(part, whole) -> Decimal | None:
    """``part / whole * 100`` unrounded, or None when there is nothing to divide by."""
    whole = as_decimal(whole)
    if whole == 0:
        return None
    return as_decimal(part) * HUNDRED / whole


def pct_str(value: Decimal | None, places: int = 2) -> str:
    """The display (and JSON) form of a percentage: ``"53.85"``; empty when undefined."""
    if value is None:
        return ""
    return str(round_half_up(value, places))


def name_key(name: str) -> str:
    """DOMAIN.md 1.4's key; also the name order for display (Unicode-aware, case-blind)."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def competition_ranks(values: Sequence[Hashable]) -> list[int]:
    """Standard competition ranks (1, 2, 2, 4) for values already sorted best first."""
    ranks: list[int] = []
    for position, value in enumerate(values, start=1):
        if position > 1 and value == values[position - 2]:
            ranks.append(ranks[-1])
        else:
            ranks.append(position)
    return ranks


def sort_ranked(items: Iterable[T], value: Callable[[T], Decimal], name: Callable[[T], str]):
    """Items sorted by value descending, ties in name order, each paired with its rank."""
    ordered = sorted(items, key=lambda item: (-value(item), name_key(name(item))))
    return list(zip(ordered, competition_ranks([value(item) for item in ordered]), strict=True))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), clamped to the end of a shorter month."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
