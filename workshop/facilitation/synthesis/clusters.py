"""Actor clusters across teams (DOMAIN.md 10, "Step 1 across teams"), as pure functions.

Teams name the same organisation in their own words. Names with the same `name_key` are one cluster.
Two clusters are a *possible match* when one key is the other followed by a space or punctuation
("calder county" / "calder county board of commissioners"), or when their difflib ratio is at least
0.85 ("neighbourhood" / "neighborhood"). Acronyms are never matched automatically. A facilitator's
`same` link merges two clusters; a `different` link keeps them apart and drops the possible match.

Possible matches still join clusters into *groups*: a blind spot is a group a team has no name in, and
candidates scored by several teams are matched by group.
"""

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property

from workshop.steps.derived import name_key

SAME, DIFFERENT = "same", "different"
PREFIX, SIMILAR = "prefix", "similar"
MIN_RATIO = 0.85


@dataclass(frozen=True)
class NamedActor:
    """One team's actor: `team` is any sortable team identifier (a primary key)."""

    team: int
    name: str
    actor_type: str = ""
    ref: str = ""

    @property
    def key(self) -> str:
        return name_key(self.name)


@dataclass(frozen=True)
class Link:
    key_a: str
    key_b: str
    decision: str  # SAME | DIFFERENT


def _follows_a_word(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def match_reason(key_a: str, key_b: str) -> tuple[str, float] | None:
    """Why two different keys may name the same actor: (PREFIX or SIMILAR, difflib ratio), or None."""
    if key_a == key_b:
        return None
    short, long = sorted((key_a, key_b), key=len)
    if short and long.startswith(short) and _follows_a_word(long[len(short)]):
        return PREFIX, SequenceMatcher(None, key_a, key_b, autojunk=False).ratio()
    # The cheap upper bounds first (lengths, then letters): most pairs of names are far apart.
    if 2 * len(short) < MIN_RATIO * (len(short) + len(long)):
        return None
    matcher = SequenceMatcher(None, key_a, key_b, autojunk=False)
    if matcher.quick_ratio() < MIN_RATIO:
        return None
    ratio = matcher.ratio()
    return (SIMILAR, ratio) if ratio >= MIN_RATIO else None


@dataclass(frozen=True)
class Cluster:
    """Actors of one or more teams taken to be one actor."""

    keys: tuple[str, ...]
    members: tuple[NamedActor, ...]  # in team order, then name order
    merged_by_hand: bool = False

    @cached_property
    def teams(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(member.team for member in self.members))

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(member.name for member in self.members))

    @cached_property
    def name(self) -> str:
        """The spelling most teams used; on a tie, the first team's."""
        counts = Counter(member.name for member in self.members)
        return max(self.names, key=lambda name: counts[name])

    @cached_property
    def types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(member.actor_type for member in self.members))

    @property
    def conflicting_types(self) -> bool:
        return len(self.types) > 1

    def members_of(self, team) -> tuple[NamedActor, ...]:
        return tuple(member for member in self.members if member.team == team)


@dataclass(frozen=True)
class PossibleMatch:
    first: Cluster
    second: Cluster
    key_a: str  # the two keys that matched, in sorted order (a link stores them this way)
    key_b: str
    reason: str  # PREFIX | SIMILAR
    ratio: float


@dataclass(frozen=True)
class Group:
    """Clusters joined by possible matches (or a single cluster)."""

    clusters: tuple[Cluster, ...]

    @cached_property
    def teams(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(team for cluster in self.clusters for team in cluster.teams))

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(key for cluster in self.clusters for key in cluster.keys)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(cluster.name for cluster in self.clusters)

    @property
    def name(self) -> str:
        return " / ".join(self.names)

    @property
    def by_possible_match(self) -> bool:
        return len(self.clusters) > 1


class _Sets:
    """Union-find over hashable items; the smallest item in sort order names each set."""

    def __init__(self, items: Iterable):
        self.parent = {item: item for item in items}

    def find(self, item):
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a, b):
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            low, high = sorted((root_a, root_b))
            self.parent[high] = low

    def sets(self) -> dict:
        found: dict = {}
        for item in self.parent:
            found.setdefault(self.find(item), []).append(item)
        return found


@dataclass(frozen=True)
class ClusterMap:
    clusters: tuple[Cluster, ...]  # in name order
    possible: tuple[PossibleMatch, ...]
    groups: tuple[Group, ...]

    @cached_property
    def group_by_key(self) -> dict[str, Group]:
        return {key: group for group in self.groups for key in group.keys}

    @cached_property
    def cluster_by_key(self) -> dict[str, Cluster]:
        return {key: cluster for cluster in self.clusters for key in cluster.keys}

    @property
    def shared(self) -> tuple[Cluster, ...]:
        """Clusters named by two or more teams."""
        return tuple(cluster for cluster in self.clusters if len(cluster.teams) > 1)

    @property
    def single(self) -> tuple[Cluster, ...]:
        return tuple(cluster for cluster in self.clusters if len(cluster.teams) == 1)

    def blind_spots(self, team) -> tuple[Group, ...]:
        """Actors another team named and this team did not, under any matching name."""
        return tuple(group for group in self.groups if team not in group.teams)


def cluster_actors(actors: Sequence[NamedActor], links: Iterable[Link] = ()) -> ClusterMap:
    """Clusters by name key, merged or kept apart by the facilitator's links; possible matches; groups."""
    by_key: dict[str, list[NamedActor]] = {}
    for actor in actors:
        by_key.setdefault(actor.key, []).append(actor)
    keys = sorted(by_key)
    links = [link for link in links if link.key_a in by_key and link.key_b in by_key]

    merged = _Sets(keys)
    by_hand = set()
    for link in links:
        if link.decision == SAME and merged.find(link.key_a) != merged.find(link.key_b):
            merged.union(link.key_a, link.key_b)
            by_hand.add(link.key_a)
    clusters = {}
    for root, cluster_keys in merged.sets().items():
        members = sorted(
            (actor for key in cluster_keys for actor in by_key[key]),
            key=lambda actor: (actor.team, actor.key),
        )
        clusters[root] = Cluster(
            tuple(sorted(cluster_keys)),
            tuple(members),
            merged_by_hand=any(merged.find(key) == root for key in by_hand),
        )

    kept_apart = {
        frozenset((merged.find(link.key_a), merged.find(link.key_b)))
        for link in links
        if link.decision == DIFFERENT
    }
    best: dict[frozenset, PossibleMatch] = {}
    for index, key_a in enumerate(keys):
        root_a = merged.find(key_a)
        for key_b in keys[index + 1 :]:
            root_b = merged.find(key_b)
            pair = frozenset((root_a, root_b))
            if root_a == root_b or pair in kept_apart:
                continue
            found = match_reason(key_a, key_b)
            if found is None:
                continue
            current = best.get(pair)
            if current is None or (found[0] == PREFIX, found[1]) > (
                current.reason == PREFIX,
                current.ratio,
            ):
                first, second = sorted((clusters[root_a], clusters[root_b]), key=_cluster_order)
                best[pair] = PossibleMatch(first, second, key_a, key_b, found[0], found[1])

    joined = _Sets(clusters)
    for pair in best:
        joined.union(*sorted(pair))
    groups = [
        Group(tuple(sorted((clusters[root] for root in roots), key=_cluster_order)))
        for roots in joined.sets().values()
    ]
    ordered = sorted(clusters.values(), key=_cluster_order)
    possible = sorted(best.values(), key=lambda match: _cluster_order(match.first))
    groups.sort(key=lambda group: _cluster_order(group.clusters[0]))
    return ClusterMap(tuple(ordered), tuple(possible), tuple(groups))


def _cluster_order(cluster: Cluster):
    return name_key(cluster.name), cluster.keys
