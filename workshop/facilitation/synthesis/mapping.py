"""Step 1 across teams (DOMAIN.md 10): actor clusters, blind spots and each team's map side by side.

Reads the workshop's step-1 tables once (a fixed number of queries whatever the number of teams or
actors) and hands each team a step-1 `Board` built from its rows, so every derived value comes from the
same rules the team's own page uses.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from workshop.facilitation.models import ActorClusterLink
from workshop.facilitation.synthesis import clusters
from workshop.steps.mapping import rules
from workshop.steps.mapping.board import QUADRANT_LABELS, Board
from workshop.steps.mapping.models import Actor, FitCheck, Flow, SharedPurpose, ValueGap

TOP_GAPS = 3


def load_links(workshop) -> list[ActorClusterLink]:
    return list(ActorClusterLink.objects.filter(workshop=workshop).select_related("decided_by"))


def cluster_map(actors, links) -> clusters.ClusterMap:
    return clusters.cluster_actors(
        [clusters.NamedActor(a.team_id, a.name, a.actor_type, a.ref) for a in actors],
        [clusters.Link(link.name_key_a, link.name_key_b, link.decision) for link in links],
    )


def load_boards(workshop, teams) -> dict[int, Board]:
    """Each team's step-1 board from seven queries for the whole workshop."""
    in_workshop = {"team__workshop": workshop}
    actors = list(Actor.objects.filter(**in_workshop))
    flows = list(Flow.objects.filter(**in_workshop))
    gaps = list(
        ValueGap.objects.filter(**in_workshop).prefetch_related("affected_actors", "related_flows")
    )
    purposes = {
        p.team_id: p
        for p in SharedPurpose.objects.filter(**in_workshop).prefetch_related("addresses_gaps")
    }
    fit_checks = {f.team_id: f for f in FitCheck.objects.filter(**in_workshop)}
    boards = {}
    for team in teams:
        team_actors = [a for a in actors if a.team_id == team.pk]
        boards[team.pk] = Board(
            team=team,
            threshold=workshop.quadrant_threshold,
            fit_check=fit_checks.get(team.pk),
            forces=[],
            actors=team_actors,
            flows=[f for f in flows if f.team_id == team.pk],
            gaps=[g for g in gaps if g.team_id == team.pk],
            purpose=purposes.get(team.pk),
            actor_by_id={a.pk: a for a in team_actors},
        )
    return boards


@dataclass
class Cell:
    """One team's value in a row of the side-by-side table."""

    value: str = ""
    items: list = field(default_factory=list)
    warning: str = ""  # a word saying what is wrong; the colour only repeats it


@dataclass
class Row:
    label: str
    cells: list[Cell]
    heading: bool = False
    kind: str = "value"  # value | names | proxies: how the template shows each cell's items


@dataclass
class TeamColumn:
    team: object
    board: Board
    blind_spots: tuple[clusters.Group, ...] = ()

    @property
    def isolated(self):
        return [
            self.board.actor_by_id[int(ref.split(":")[1])] for ref in self.board.metrics.isolated
        ]

    @property
    def voiceless(self):
        """(actor, its proxy or None) for every actor without agency."""
        return [
            (actor, self.board.actor_by_id.get(actor.proxy_id))
            for actor in self.board.actors
            if actor.voiceless
        ]

    @property
    def top_gaps(self):
        return self.board.ranked_gaps[:TOP_GAPS]


@dataclass
class ClusterEntry:
    team: object
    members: list  # (name, type label)


class Step1AcrossTeams:
    def __init__(self, workshop, teams):
        self.workshop = workshop
        self.teams = list(teams)
        self.boards = load_boards(workshop, self.teams)
        self.links = load_links(workshop)
        actors = [actor for board in self.boards.values() for actor in board.actors]
        self.map = cluster_map(actors, self.links)
        self.columns = [
            TeamColumn(team, self.boards[team.pk], self.map.blind_spots(team.pk))
            for team in self.teams
        ]

    @cached_property
    def team_by_id(self):
        return {team.pk: team for team in self.teams}

    def _entries(self, cluster):
        labels = dict(Actor.Type.choices)
        return [
            ClusterEntry(
                self.team_by_id[team_id],
                [
                    (m.name, labels.get(m.actor_type, m.actor_type))
                    for m in cluster.members_of(team_id)
                ],
            )
            for team_id in cluster.teams
        ]

    @cached_property
    def shared_clusters(self):
        """(cluster, entries per team) for every actor named by two or more teams."""
        return [(cluster, self._entries(cluster)) for cluster in self.map.shared]

    @property
    def single_clusters(self):
        return [(cluster, self._entries(cluster)) for cluster in self.map.single]

    @property
    def possible_rows(self):
        """(possible match, names of the teams behind each side) for the template."""
        names = self.team_by_id
        return [
            (
                match,
                [names[team].name for team in match.first.teams],
                [names[team].name for team in match.second.teams],
            )
            for match in self.map.possible
        ]

    @cached_property
    def decisions(self):
        """The facilitator's links that still name actors of this workshop, with the names."""
        names = {key: cluster.name for cluster in self.map.clusters for key in cluster.keys}
        by_key = {}
        for cluster in self.map.clusters:
            for member in cluster.members:
                by_key.setdefault(member.key, member.name)
        return [
            (link, by_key[link.name_key_a], by_key[link.name_key_b])
            for link in self.links
            if link.name_key_a in names and link.name_key_b in names
        ]

    @property
    def cluster_choices(self):
        """(a key of the cluster, its label) for the merge-by-hand form, in name order."""
        team_names = self.team_by_id
        return [
            (
                cluster.keys[0],
                f"{cluster.name} ({', '.join(team_names[t].name for t in cluster.teams)})",
            )
            for cluster in self.map.clusters
        ]

    # --- the side-by-side table ---------------------------------------------------------------

    def _counts(self, counts_of, codes, labels, hide_zero=True):
        rows = []
        per_team = [counts_of(column.board) for column in self.columns]
        for code in codes:
            values = [counts.get(code, 0) for counts in per_team]
            if hide_zero and not any(values):
                continue
            rows.append(Row(str(labels[code]), [Cell(str(v)) for v in values]))
        return rows

    @cached_property
    def metric_rows(self) -> list[Row]:
        columns = self.columns
        actor_types = dict(Actor.Type.choices)
        flow_types = dict(Flow.Type.choices)
        flow_statuses = dict(Flow.Status.choices)
        rows = [Row(str(_("Actors")), [Cell(str(len(c.board.actors))) for c in columns], True)]
        rows += self._counts(
            lambda b: rules.counts_by((a.actor_type for a in b.actors), rules.ACTOR_TYPES),
            rules.ACTOR_TYPES,
            actor_types,
        )
        rows.append(Row(str(_("Power and interest")), [Cell() for _c in columns], True))
        rows += self._counts(
            lambda b: b.quadrant_counts, rules.QUADRANTS, QUADRANT_LABELS, hide_zero=False
        )
        rows.append(Row(str(_("Flows")), [Cell(str(len(c.board.flows))) for c in columns], True))
        rows += self._counts(lambda b: b.metrics.by_type, rules.FLOW_TYPES, flow_types)
        rows.append(Row(str(_("Flows by status")), [Cell() for _c in columns], True))
        rows += self._counts(
            lambda b: b.metrics.by_status, rules.FLOW_STATUSES, flow_statuses, hide_zero=False
        )
        rows.append(Row(str(_("Network")), [Cell() for _c in columns], True))
        rows.append(
            Row(
                str(_("Intangible share")),
                [
                    Cell(
                        _percent(c.board.intangible_pct),
                        warning=str(_("under 25 %"))
                        if c.board.metrics.intangible_share is not None
                        and c.board.metrics.intangible_share < rules.MIN_INTANGIBLE_PCT
                        else "",
                    )
                    for c in columns
                ],
            )
        )
        rows.append(
            Row(
                str(_("Hub share (convenor)")),
                [
                    Cell(
                        _percent(c.board.hub_pct),
                        warning=str(_("over 60 %"))
                        if c.board.metrics.hub_share is not None
                        and c.board.metrics.hub_share > rules.MAX_HUB_PCT
                        else "",
                    )
                    for c in columns
                ],
            )
        )
        rows.append(
            Row(
                str(_("Isolated actors")),
                [Cell("" if c.isolated else "0", [a.name for a in c.isolated]) for c in columns],
                kind="names",
            )
        )
        rows.append(
            Row(
                str(_("Voiceless actors and proxies")),
                [
                    Cell(
                        "" if c.voiceless else "0",
                        [
                            (actor.name, proxy.name if proxy else None)
                            for actor, proxy in c.voiceless
                        ],
                    )
                    for c in columns
                ],
                kind="proxies",
            )
        )
        return rows


def _percent(value: str) -> str:
    return f"{value} %" if value else "—"
