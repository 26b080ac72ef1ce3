"""Step 2 across teams (DOMAIN.md 10): weight profiles, rankings side by side, and the candidates
several teams scored, matched through the step-1 actor clusters (possible matches and the
facilitator's merges included).

Reads the workshop's step-2 tables once, whatever the number of teams, criteria or candidates.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from workshop.facilitation.synthesis import clusters
from workshop.facilitation.synthesis.mapping import cluster_map, load_links
from workshop.steps.alignment import checks, rules
from workshop.steps.alignment.models import Candidate, Category, Conversation, Criterion, Score
from workshop.steps.derived import pct_str, round_half_up
from workshop.steps.mapping.models import Actor

# Stacked-bar colours by category (Okabe-Ito and neighbours, colour-blind safe); the legend and the
# percentages carry the meaning, the colour only repeats it.
CATEGORY_COLOURS = {
    "values_alignment": "#0072B2",
    "culture_ways_of_working": "#56B4E9",
    "long_term_vision": "#009E73",
    "trust_legitimacy": "#7fc9a8",
    "complementary_capability": "#CC79A7",
    "access_reach": "#F0E442",
    "financial_capacity": "#D55E00",
    "technical_capacity": "#E69F00",
    "risk_track_record": "#8c6d5a",
    "other": "#9aa3ad",
}


@dataclass(frozen=True)
class Segment:
    category: str
    label: str
    share: Decimal
    colour: str

    @property
    def display(self) -> str:
        return pct_str(self.share)

    @property
    def width(self) -> str:
        """The CSS width, with a dot whatever the locale."""
        return f"{round_half_up(self.share, 3)}%"


class TeamAlignment:
    def __init__(self, team, criteria, candidates, scores, conversations, actor_by_id):
        self.team = team
        self.criteria = criteria
        self.candidates = candidates
        self.actor_by_id = actor_by_id
        self.criteria_data = [c.as_data() for c in criteria]
        self.candidates_data = [
            rules.CandidateData(
                c.ref,
                f"actor:{c.actor_id}",
                actor_by_id[c.actor_id].name,
                c.status,
                c.decision_rationale,
                str(c.get_status_display()),
            )
            for c in candidates
        ]
        self.score_data = [s.as_data() for s in scores]
        self.conversation_data = [c.as_data() for c in conversations]
        self.talked_to = {c.candidate_id for c in conversations}

    @cached_property
    def ranking(self) -> tuple[rules.RankedCandidate, ...]:
        return rules.rank_candidates(self.candidates_data, self.criteria_data, self.score_data)

    @cached_property
    def completion(self):
        return checks.step_completion(
            self.criteria_data, self.candidates_data, self.score_data, self.conversation_data
        )

    @cached_property
    def candidate_by_ref(self):
        return {c.ref: c for c in self.candidates}

    # --- weights ----------------------------------------------------------------------------

    @cached_property
    def segments(self) -> list[Segment]:
        labels = dict(Category.choices)
        used = {c.category for c in self.criteria}
        return [
            Segment(
                code,
                str(labels[code]),
                rules.category_share(self.criteria_data, [code]),
                CATEGORY_COLOURS[code],
            )
            for code in rules.CRITERION_CATEGORIES
            if code in used
        ]

    @property
    def relational_share(self) -> str:
        return pct_str(rules.relational_share(self.criteria_data))

    @property
    def financial_technical_share(self) -> str:
        return pct_str(rules.financial_technical_share(self.criteria_data))

    @property
    def too_financial(self) -> bool:
        return bool(rules.weight_warnings(self.criteria_data))

    # --- candidates -------------------------------------------------------------------------

    @property
    def ranking_rows(self):
        """(entry, candidate) in the team's display order."""
        return [(entry, self.candidate_by_ref[entry.ref]) for entry in self.ranking]

    @property
    def unranked(self):
        """Incomplete and gated candidates, with the note the ranking shows for them."""
        return [
            (entry, self.candidate_by_ref[entry.ref])
            for entry in self.ranking
            if entry.status != rules.RANKED
        ]

    @property
    def selected(self):
        return [c for c in self.candidates if c.status == Candidate.Status.SELECTED]

    @property
    def selected_without_conversation(self):
        return [c for c in self.selected if c.pk not in self.talked_to]


@dataclass
class SharedScore:
    team: object
    entry: rules.RankedCandidate | None

    @property
    def display(self) -> str:
        return self.entry.display_score if self.entry else ""


@dataclass
class SharedCandidate:
    group: clusters.Group
    scores: list[SharedScore]  # one per team of the workshop, None where the team did not score it
    spread: Decimal

    @property
    def name(self) -> str:
        return self.group.name

    @property
    def spread_display(self) -> str:
        return str(round_half_up(self.spread))

    @property
    def team_count(self) -> int:
        return sum(1 for score in self.scores if score.entry is not None)


class Step2AcrossTeams:
    def __init__(self, workshop, teams):
        self.workshop = workshop
        self.teams = list(teams)
        in_workshop = {"team__workshop": workshop}
        actors = list(Actor.objects.filter(**in_workshop).only("team", "name", "actor_type"))
        actor_by_id = {a.pk: a for a in actors}
        criteria = list(Criterion.objects.filter(**in_workshop))
        candidates = list(Candidate.objects.filter(**in_workshop))
        for candidate in candidates:
            candidate.actor = actor_by_id[candidate.actor_id]  # no query per candidate
        scores = list(Score.objects.filter(**in_workshop))
        conversations = list(Conversation.objects.filter(**in_workshop))
        self.map = cluster_map(actors, load_links(workshop))
        self.actor_by_id = actor_by_id
        self.columns = [
            TeamAlignment(
                team,
                [c for c in criteria if c.team_id == team.pk],
                [c for c in candidates if c.team_id == team.pk],
                [s for s in scores if s.team_id == team.pk],
                [c for c in conversations if c.team_id == team.pk],
                actor_by_id,
            )
            for team in self.teams
        ]

    @cached_property
    def shared_candidates(self) -> list[SharedCandidate]:
        """Candidates fully scored by two or more teams, largest spread first (then by name)."""
        groups: dict[frozenset, clusters.Group] = {}
        by_group: dict[frozenset, dict[int, rules.RankedCandidate]] = {}
        for column in self.columns:
            for entry, candidate in column.ranking_rows:
                if entry.score is None:
                    continue
                key = clusters.name_key(self.actor_by_id[candidate.actor_id].name)
                group = self.map.group_by_key[key]
                groups[group.keys] = group
                by_group.setdefault(group.keys, {}).setdefault(column.team.pk, entry)
        rows = []
        for keys, entries in by_group.items():
            group = groups[keys]
            if len(entries) < 2:
                continue
            values = [entry.score for entry in entries.values()]
            rows.append(
                SharedCandidate(
                    group,
                    [SharedScore(team, entries.get(team.pk)) for team in self.teams],
                    max(values) - min(values),
                )
            )
        rows.sort(key=lambda row: (-row.spread, clusters.name_key(row.name)))
        return rows
