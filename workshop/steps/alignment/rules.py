"""Step 2 derived values as pure functions over plain data (DOMAIN.md 3.1-3.5, 8.1).

Foreign keys are refs (``Score.candidate`` is ``"candidate:hartwell-family-foundation"``).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from workshop.steps.checks import Alert
from workshop.steps.derived import (
    as_decimal,
    name_key,
    pct_str,
    percent,
    round_half_up,
    sort_ranked,
)

CRITERION_CATEGORIES = (
    "values_alignment",
    "culture_ways_of_working",
    "long_term_vision",
    "trust_legitimacy",
    "complementary_capability",
    "access_reach",
    "financial_capacity",
    "technical_capacity",
    "risk_track_record",
    "other",
)
RELATIONAL_CATEGORIES = (
    "values_alignment",
    "culture_ways_of_working",
    "long_term_vision",
    "trust_legitimacy",
)
FINANCIAL_TECHNICAL_CATEGORIES = ("financial_capacity", "technical_capacity")
# Step 2 needs at least one criterion "beyond financial or technical": values, culture or vision.
VALUES_CULTURE_VISION_CATEGORIES = (
    "values_alignment",
    "culture_ways_of_working",
    "long_term_vision",
)
MAX_FINANCIAL_TECHNICAL_PCT = Decimal(60)

CANDIDATE_STATUSES = (
    "long_list",
    "shortlisted",
    "in_conversation",
    "selected",
    "associate",
    "declined_by_us",
    "declined_by_them",
    "parked",
)
SELECTED = "selected"
RATIONALE_REQUIRED_STATUSES = ("selected", "associate", "declined_by_us")
INTEREST_LEVELS = ("none", "low", "medium", "high")
WILLINGNESS = ("unwilling", "conditional", "willing", "eager")

RANKED, INCOMPLETE, GATED = "ranked", "incomplete", "gated"
DISAGREEMENT_SPREAD = 2


@dataclass(frozen=True)
class CriterionData:
    ref: str
    name: str
    category: str
    weight: Decimal
    min_acceptable: int | None = None
    order: int = 0


@dataclass(frozen=True)
class CandidateData:
    """``name`` is the candidate's actor's name (ties rank in name order)."""

    ref: str
    actor: str
    name: str
    status: str
    decision_rationale: str = ""
    status_label: str = ""  # the status in words, for messages (the code when not given)


@dataclass(frozen=True)
class ScoreData:
    candidate: str
    criterion: str
    value: int


@dataclass(frozen=True)
class ScoreVoteData:
    participant: str
    candidate: str
    criterion: str
    value: int


@dataclass(frozen=True)
class ConversationData:
    candidate: str
    held_on: object  # datetime.date
    interest_level: str
    willingness: str
    conditions: str = ""


# --- 3.1 Weights -----------------------------------------------------------------------------


def normalised_weights(criteria: Sequence[CriterionData]) -> dict[str, Decimal]:
    """Criterion ref → weight as a % of all weights (unrounded)."""
    total = sum((as_decimal(c.weight) for c in criteria), Decimal(0))
    return {c.ref: percent(c.weight, total) or Decimal(0) for c in criteria}


def category_share(criteria: Sequence[CriterionData], categories: Iterable[str]) -> Decimal | None:
    """% of the total weight in the given categories; None with no criteria."""
    wanted = set(categories)
    total = sum((as_decimal(c.weight) for c in criteria), Decimal(0))
    part = sum((as_decimal(c.weight) for c in criteria if c.category in wanted), Decimal(0))
    return percent(part, total)


def relational_share(criteria: Sequence[CriterionData]) -> Decimal | None:
    return category_share(criteria, RELATIONAL_CATEGORIES)


def financial_technical_share(criteria: Sequence[CriterionData]) -> Decimal | None:
    return category_share(criteria, FINANCIAL_TECHNICAL_CATEGORIES)


def weight_warnings(criteria: Sequence[CriterionData]) -> tuple[Alert, ...]:
    share = financial_technical_share(criteria)
    if share is None or share <= MAX_FINANCIAL_TECHNICAL_PCT:
        return ()
    return (
        Alert(
            "financial_technical_share",
            _(
                "Financial and technical criteria carry %(share)s %% of the weight (more than"
                " 60 %%); the pattern asks for values, culture and long-term vision too."
            )
            % {"share": pct_str(share)},
        ),
    )


# --- 8.1 Weighted score and ranking ----------------------------------------------------------


@dataclass(frozen=True)
class GateFailure:
    criterion: str
    criterion_name: str
    value: int
    minimum: int

    @property
    def message(self) -> str:
        return _("%(criterion)s scored %(value)s, minimum %(minimum)s") % {
            "criterion": self.criterion_name,
            "value": self.value,
            "minimum": self.minimum,
        }


@dataclass(frozen=True)
class RankedCandidate:
    candidate: CandidateData
    status: str  # ranked | incomplete | gated
    score: Decimal | None  # unrounded; None unless every criterion is scored
    rank: int | None
    scored: int
    criteria_count: int
    gate_failures: tuple[GateFailure, ...] = ()

    @property
    def ref(self) -> str:
        return self.candidate.ref

    @property
    def display_score(self) -> str:
        return "" if self.score is None else str(round_half_up(self.score))

    def pct_of_max(self, score_max: int) -> Decimal | None:
        """Score as a % of the top of the scale (not of the range), unrounded; shown to 1 dp."""
        return None if self.score is None else percent(self.score, score_max)

    @property
    def note(self) -> str:
        """What the ranking table shows instead of a rank."""
        if self.status == GATED:
            return _("gated: %(failures)s") % {
                "failures": "; ".join(failure.message for failure in self.gate_failures)
            }
        if self.status == INCOMPLETE:
            return _("incomplete (%(scored)s/%(total)s scored)") % {
                "scored": self.scored,
                "total": self.criteria_count,
            }
        return ""


def weighted_score(criteria: Sequence[CriterionData], values: Mapping[str, int]) -> Decimal | None:
    """``Σ w·s / Σ w`` over every criterion; None if any criterion has no score."""
    if not criteria or any(c.ref not in values for c in criteria):
        return None
    total = sum((as_decimal(c.weight) for c in criteria), Decimal(0))
    if total == 0:
        return None
    points = sum((as_decimal(c.weight) * values[c.ref] for c in criteria), Decimal(0))
    return points / total


def scores_by_candidate(scores: Iterable[ScoreData]) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = {}
    for score in scores:
        result.setdefault(score.candidate, {})[score.criterion] = score.value
    return result


def evaluate_candidate(
    candidate: CandidateData, criteria: Sequence[CriterionData], values: Mapping[str, int]
) -> RankedCandidate:
    criterion_refs = {c.ref for c in criteria}
    failures = tuple(
        GateFailure(c.ref, c.name, values[c.ref], c.min_acceptable)
        for c in criteria
        if c.min_acceptable is not None and c.ref in values and values[c.ref] < c.min_acceptable
    )
    score = weighted_score(criteria, values)
    # Gated wins over incomplete: a failed must-have is the stronger statement.
    status = GATED if failures else INCOMPLETE if score is None else RANKED
    return RankedCandidate(
        candidate=candidate,
        status=status,
        score=score,
        rank=None,
        scored=len(criterion_refs & values.keys()),
        criteria_count=len(criteria),
        gate_failures=failures,
    )


def rank_candidates(
    candidates: Iterable[CandidateData],
    criteria: Sequence[CriterionData],
    scores: Iterable[ScoreData],
) -> tuple[RankedCandidate, ...]:
    """Every candidate in display order: ranked (1, 2, 2, 4; ties by name), then gated, then
    incomplete, each group in name order."""
    values = scores_by_candidate(scores)
    evaluated = [evaluate_candidate(c, criteria, values.get(c.ref, {})) for c in candidates]
    ranked = sort_ranked(
        (e for e in evaluated if e.status == RANKED),
        value=lambda e: e.score,
        name=lambda e: e.candidate.name,
    )
    result = [_with_rank(entry, rank) for entry, rank in ranked]
    for status in (GATED, INCOMPLETE):
        group = [e for e in evaluated if e.status == status]
        result.extend(sorted(group, key=lambda e: name_key(e.candidate.name)))
    return tuple(result)


def _with_rank(entry: RankedCandidate, rank: int) -> RankedCandidate:
    return RankedCandidate(
        entry.candidate,
        entry.status,
        entry.score,
        rank,
        entry.scored,
        entry.criteria_count,
        entry.gate_failures,
    )


def fully_scored(ranking: Iterable[RankedCandidate]) -> tuple[RankedCandidate, ...]:
    return tuple(entry for entry in ranking if entry.score is not None)


# --- 3.3 Votes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteStatistics:
    count: int
    mean: Decimal
    spread: int
    rounded_mean: int  # prefills the consensus score

    @property
    def disagreement(self) -> bool:
        return self.spread >= DISAGREEMENT_SPREAD


def vote_statistics(values: Sequence[int]) -> VoteStatistics | None:
    """Mean, spread (max - min) and the half-up rounded mean of one cell's votes."""
    if not values:
        return None
    mean = Decimal(sum(values)) / len(values)
    return VoteStatistics(
        count=len(values),
        mean=mean,
        spread=max(values) - min(values),
        rounded_mean=int(round_half_up(mean, 0)),
    )


def votes_by_cell(votes: Iterable[ScoreVoteData]) -> dict[tuple[str, str], VoteStatistics]:
    """(candidate ref, criterion ref) → statistics of the votes in that cell."""
    cells: dict[tuple[str, str], list[int]] = {}
    for vote in votes:
        cells.setdefault((vote.candidate, vote.criterion), []).append(vote.value)
    return {cell: vote_statistics(values) for cell, values in cells.items()}


# --- 3.5 Selection below rank ----------------------------------------------------------------


def selection_warnings(ranking: Sequence[RankedCandidate]) -> tuple[Alert, ...]:
    """A selected candidate scoring below a fully scored, non-gated candidate that is neither
    selected nor associate. Equal scores do not count. One warning per selected candidate."""
    passed_over = [
        e
        for e in ranking
        if e.status == RANKED and e.candidate.status not in (SELECTED, "associate")
    ]
    alerts = []
    for chosen in ranking:
        if chosen.candidate.status != SELECTED or chosen.score is None:
            continue
        higher = [e for e in passed_over if e.score > chosen.score]
        if not higher:
            continue
        others = "; ".join(
            _("%(name)s (%(score)s, %(status)s: %(rationale)s)")
            % {
                "name": e.candidate.name,
                "score": e.display_score,
                "status": e.candidate.status_label or e.candidate.status,
                "rationale": e.candidate.decision_rationale or _("no rationale given"),
            }
            for e in higher
        )
        alerts.append(
            Alert(
                "selection_below_rank",
                _("%(name)s is selected with %(score)s but scores below %(others)s.")
                % {"name": chosen.candidate.name, "score": chosen.display_score, "others": others},
                (chosen.ref, *(e.ref for e in higher)),
            )
        )
    return tuple(alerts)
