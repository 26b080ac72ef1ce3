"""The shape every step's "complete when" result takes (DOMAIN.md 2.7, 3.5, 4.10, 5.3, 6.6).

Each step's ``checks.py`` returns a ``StepCompletion``: blocking checks plus warnings that never
block. Pages, the facilitator grid and ``StepProgress.completion`` all read this one shape.
"""

from dataclasses import dataclass

from workshop.steps.derived import round_half_up


@dataclass(frozen=True)
class Check:
    """One "complete when" condition; an unmet check blocks submission."""

    key: str
    label: str
    met: bool


# Where a ref's record sits on its step page: the row or card id (the templates' ids).
RECORD_ANCHORS = {
    "actor": "actor-{}",
    "flow": "flow-{}",
    "gap": "gap-{}",
    "candidate": "card-{}",
    "hypothesis": "card-{}",
    "signal": "signal-{}",
    "indicator": "indicator-{}",
    "health_check": "check-{}",
}


@dataclass(frozen=True)
class Alert:
    """A warning shown to the team and the facilitator; it never blocks.

    ``refs`` name the records concerned (``"actor:calder-county"``) so a page can link to them.
    Called ``Alert`` rather than ``Warning`` to leave Python's built-in ``Warning`` alone.
    """

    key: str
    message: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepCompletion:
    checks: tuple[Check, ...]
    warnings: tuple[Alert, ...] = ()

    @property
    def complete(self) -> bool:
        return all(check.met for check in self.checks)

    @property
    def blocking(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.met)

    @property
    def percent(self) -> int:
        """Share of checks met, 0-100, rounded half up (the facilitator grid's completion %)."""
        if not self.checks:
            return 100
        met = sum(1 for check in self.checks if check.met)
        return int(round_half_up(met * 100 / len(self.checks), 0))

    def as_json(self) -> list[dict]:
        """The list stored in ``StepProgress.completion``."""
        return [{"key": c.key, "label": str(c.label), "met": c.met} for c in self.checks]
