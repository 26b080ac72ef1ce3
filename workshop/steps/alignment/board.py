"""Everything step 2's pages show for one team, loaded in a fixed number of queries.

Pages, the completion checks and the facilitator's summary all read a `Board`: records from the
database, derived values from rules.py (never stored).
"""

from dataclasses import dataclass, field
from functools import cached_property

from workshop.steps.alignment import rules
from workshop.steps.alignment.models import (
    Candidate,
    Category,
    Conversation,
    Criterion,
    Score,
    ScoreVote,
    ScoringRound,
)
from workshop.steps.derived import pct_str


@dataclass
class Cell:
    """One candidate and criterion: the consensus score, and the votes (shown only after the reveal)."""

    criterion: Criterion
    score: Score | None = None
    votes: list = field(default_factory=list)  # ScoreVote, with participant
    my_vote: int | None = None
    heat: int = 0  # 0-4: which of five tints the mean gets (the number is always shown too)

    @cached_property
    def stats(self) -> rules.VoteStatistics | None:
        return rules.vote_statistics([vote.value for vote in self.votes])

    @property
    def anonymous_values(self) -> list[int]:
        """The votes' values alone, highest first: no order that could point to a person."""
        return sorted((vote.value for vote in self.votes), reverse=True)

    @property
    def prefill(self) -> int | None:
        """The consensus input's value: the stored score, else the rounded mean (half up)."""
        if self.score is not None:
            return self.score.value
        return self.stats.rounded_mean if self.stats else None

    @property
    def mean_display(self) -> str:
        return "" if self.stats is None else pct_str(self.stats.mean)


@dataclass
class CandidateCard:
    candidate: Candidate
    cells: list[Cell]
    entry: rules.RankedCandidate | None = None

    @property
    def voters(self) -> int:
        return len({vote.participant_id for cell in self.cells for vote in cell.votes})

    @property
    def my_votes_count(self) -> int:
        return sum(1 for cell in self.cells if cell.my_vote is not None)


class Board:
    def __init__(self, team, participant=None):
        self.team = team
        self.workshop = team.workshop
        self.participant = participant
        self.criteria = list(Criterion.objects.filter(team=team))
        self.candidates = list(
            Candidate.objects.filter(team=team).select_related("actor", "updated_by")
        )
        # Scores, votes and conversations each belong to a candidate: none without candidates
        # (a team's step 2 starts so, the whole room at once).
        self.scores, self.votes, self.conversations = [], [], []
        if self.candidates:
            self.scores = list(Score.objects.filter(team=team))
            self.votes = list(
                ScoreVote.objects.filter(team=team)
                .select_related("participant")
                .order_by("participant__display_name", "pk")
            )
            self.conversations = list(
                Conversation.objects.filter(team=team).select_related("candidate__actor")
            )
        self.round = ScoringRound.objects.filter(team=team).first()

    # --- plain data for the rules -------------------------------------------------------------

    @cached_property
    def criteria_data(self):
        return [c.as_data() for c in self.criteria]

    @cached_property
    def candidates_data(self):
        return [c.as_data() for c in self.candidates]

    @cached_property
    def ranking(self) -> tuple[rules.RankedCandidate, ...]:
        return rules.rank_candidates(
            self.candidates_data, self.criteria_data, [s.as_data() for s in self.scores]
        )

    @property
    def revealed(self) -> bool:
        return bool(self.round and self.round.revealed)

    @property
    def scale(self) -> list[int]:
        return list(range(self.workshop.score_min, self.workshop.score_max + 1))

    # --- criteria -----------------------------------------------------------------------------

    @cached_property
    def criteria_rows(self):
        weights = rules.normalised_weights(self.criteria_data)
        return [(c, pct_str(weights[c.ref])) for c in self.criteria]

    @property
    def relational_share(self) -> str:
        return pct_str(rules.relational_share(self.criteria_data))

    @property
    def financial_technical_share(self) -> str:
        return pct_str(rules.financial_technical_share(self.criteria_data))

    @property
    def too_financial(self) -> bool:
        return bool(rules.weight_warnings(self.criteria_data))

    @cached_property
    def category_rows(self):
        """(category label, share %) for each category in use, largest first."""
        used = {c.category for c in self.criteria}
        rows = [
            (label, rules.category_share(self.criteria_data, [value]))
            for value, label in Category.choices
            if value in used
        ]
        rows.sort(key=lambda row: -row[1])
        return [(label, pct_str(share)) for label, share in rows]

    # --- candidates and scoring ---------------------------------------------------------------

    @cached_property
    def cards(self) -> list[CandidateCard]:
        scores = {(s.candidate_id, s.criterion_id): s for s in self.scores}
        votes: dict[tuple[int, int], list] = {}
        for vote in self.votes:
            votes.setdefault((vote.candidate_id, vote.criterion_id), []).append(vote)
        me = self.participant.pk if self.participant else None
        entries = {entry.ref: entry for entry in self.ranking}
        cards = []
        for candidate in self.candidates:
            cells = []
            for criterion in self.criteria:
                cell_votes = votes.get((candidate.pk, criterion.pk), [])
                cell = Cell(
                    criterion,
                    scores.get((candidate.pk, criterion.pk)),
                    cell_votes,
                    next((v.value for v in cell_votes if v.participant_id == me), None),
                )
                if cell.stats:
                    span = max(self.workshop.score_max - self.workshop.score_min, 1)
                    position = (cell.stats.mean - self.workshop.score_min) / span
                    cell.heat = min(4, max(0, int(position * 5)))
                cells.append(cell)
            cards.append(CandidateCard(candidate, cells, entries.get(candidate.ref)))
        return cards

    def card(self, candidate_id) -> CandidateCard | None:
        return next((c for c in self.cards if c.candidate.pk == candidate_id), None)

    @property
    def disagreements(self) -> int:
        return sum(
            1
            for card in self.cards
            for cell in card.cells
            if cell.stats and cell.stats.disagreement
        )

    @cached_property
    def ranking_rows(self):
        """(entry, candidate, % of max) in display order."""
        by_ref = {c.ref: c for c in self.candidates}
        return [
            (entry, by_ref[entry.ref], pct_str(entry.pct_of_max(self.workshop.score_max), 1))
            for entry in self.ranking
        ]

    @property
    def selected(self):
        return [c for c in self.candidates if c.status == Candidate.Status.SELECTED]

    # --- conversations ------------------------------------------------------------------------

    @cached_property
    def conversations_by_candidate(self):
        grouped: dict[int, list] = {}
        for conversation in self.conversations:
            grouped.setdefault(conversation.candidate_id, []).append(conversation)
        return [(c, grouped.get(c.pk, [])) for c in self.candidates]

    # --- checks ---------------------------------------------------------------------------------

    @cached_property
    def completion(self):
        from workshop.steps.alignment.checks import step_completion

        return step_completion(
            self.criteria_data,
            self.candidates_data,
            [s.as_data() for s in self.scores],
            [c.as_data() for c in self.conversations],
        )
