"""Partner and flow suggestions by complementarity (issue 18), as pure functions over plain data.

Each need (an actor's goals, a value gap that affects it) is matched against what every other actor
offers (resources held, what its existing or proposed flows give, what it could bring) by TF-IDF
cosine over stemmed words (stemming.py). Two kinds come out:

- ``flow``: actor B offers what actor A needs and no flow runs from B to A yet: a missing flow.
- ``partner``: actor B offers what one of the team's gaps (or its convenor's goals) needs and B is
  neither the convenor nor already a step 2 candidate: a candidate partner.

Every suggestion keeps the words that matched, as written on each side, so it can say why. Nothing is
stored except dismissals (the SuggestionDismissal model); everything else is recomputed.
"""

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from workshop.steps.derived import name_key
from workshop.steps.mapping.stemming import tokens

FLOW, PARTNER = "flow", "partner"
KINDS = (FLOW, PARTNER)
MIN_SCORE = 0.12  # below this, one shared common word is noise (tuned on Millrace, see the tests)
PER_NEED = 3  # the best few partners per need, so one broad need does not flood the list
LIMIT = 50
COMMON_FLOOR = 40  # below this many offers, no word is left out as too common


@dataclass(frozen=True)
class SuggestActor:
    ref: str
    name: str
    goals: str = ""
    offers: tuple[str, ...] = ()  # resources held, labels of flows it gives, what it could bring
    is_convenor: bool = False
    is_candidate: bool = False


@dataclass(frozen=True)
class SuggestGap:
    ref: str
    title: str
    text: str = ""  # description and collaboration idea
    affected: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """One need text against one offer text, with the words that matched as written on each side."""

    need: str
    offer: str
    need_words: tuple[str, ...]
    offer_words: tuple[str, ...]
    score: float
    gap: str = ""  # the gap's ref when the need is a gap


@dataclass(frozen=True)
class Suggestion:
    kind: str
    actor: str  # who needs (actor ref); for a partner suggestion the convenor, or "" without one
    partner: str  # who offers (actor ref)
    score: float  # the matches combined (noisy-or): more independent evidence, a higher score
    matches: tuple[Match, ...]  # best first
    actor_name: str = ""
    partner_name: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.actor, self.partner)

    @property
    def need_words(self) -> tuple[str, ...]:
        return _unique(word for m in self.matches for word in m.need_words)

    @property
    def offer_words(self) -> tuple[str, ...]:
        return _unique(word for m in self.matches for word in m.offer_words)

    @property
    def score_str(self) -> str:
        return str(Decimal(str(self.score)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    @property
    def reason(self) -> str:
        return reason_text(self)


def _unique(words: Iterable[str]) -> tuple[str, ...]:
    seen, kept = set(), []
    for word in words:
        if word.casefold() not in seen:
            seen.add(word.casefold())
            kept.append(word)
    return tuple(kept)


def _quoted(words: Sequence[str]) -> str:
    return ", ".join(f"‘{word}’" for word in words)  # noqa: RUF001


def reason_text(s: Suggestion, shown: int = 2) -> str:
    """ "Riverside Co-op needs 'storage' (…); City Depot offers 'storage' (…)", in the active language,
    for the best ``shown`` matches."""
    parts = [
        _(
            "%(actor)s needs %(need_words)s (“%(need)s”); %(partner)s offers %(offer_words)s (“%(offer)s”)"
        )
        % {
            "actor": s.actor_name or _("The team"),
            "partner": s.partner_name,
            "need_words": _quoted(m.need_words),
            "offer_words": _quoted(m.offer_words),
            "need": m.need,
            "offer": m.offer,
        }
        for m in s.matches[:shown]
    ]
    return ". ".join(parts)


@dataclass
class _Doc:
    owner: str
    text: str
    gap: str = ""
    weights: dict | None = None
    words: dict | None = None  # stem -> first word as written


def _prepare(docs: Iterable[_Doc], language: str) -> list[_Doc]:
    prepared = []
    for doc in docs:
        counts: dict[str, int] = defaultdict(int)
        words: dict[str, str] = {}
        for stem_, word in tokens(doc.text, language):
            counts[stem_] += 1
            words.setdefault(stem_, word)
        if counts:
            doc.weights, doc.words = dict(counts), words
            prepared.append(doc)
    return prepared


def _weigh(docs: list[_Doc], idf: dict[str, float]) -> None:
    for doc in docs:
        vector = {t: (1 + math.log(n)) * idf[t] for t, n in doc.weights.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        doc.weights = {t: v / norm for t, v in vector.items()}


def suggest(
    actors: Sequence[SuggestActor],
    gaps: Sequence[SuggestGap],
    links: Iterable[tuple[str, str]],
    dismissed: Iterable[tuple[str, str, str]] = (),
    background: Sequence[str] = (),
    *,
    language: str = "en",
    min_score: float = MIN_SCORE,
    limit: int = LIMIT,
) -> list[Suggestion]:
    """Suggestions best first. ``links`` are (source ref, target ref) of every flow, a two-way flow
    in both directions; ``dismissed`` are Suggestion keys the team set aside; ``background`` texts
    (the shared purpose) only weigh the words."""
    by_ref = {actor.ref: actor for actor in actors}
    sort_names = {actor.ref: name_key(actor.name) for actor in actors}
    linked = set(links)
    dismissed = set(dismissed)
    convenor = next((a for a in actors if a.is_convenor), None)

    needs = [_Doc(a.ref, a.goals) for a in actors if a.goals]
    needs += [
        _Doc(affected, gap.title, gap.ref) for gap in gaps for affected in gap.affected
        if affected in by_ref
    ]  # fmt: skip
    team_needs = [_Doc("", f"{gap.title}\n{gap.text}".strip(), gap.ref) for gap in gaps]
    if convenor and convenor.goals:
        team_needs.append(_Doc("", convenor.goals))
    # The same text twice (an accepted flow repeats the offer it came from) is one offer, not two.
    offers = [_Doc(a.ref, text) for a in actors for text in dict.fromkeys(a.offers) if text]

    needs, team_needs, offers = (_prepare(d, language) for d in (needs, team_needs, offers))
    # The actors' names and the setting only weigh the words: a word all over the setting ("park"
    # in Millrace) says little about who complements whom.
    setting = _prepare(
        [_Doc("", text) for text in (*(a.name for a in actors), *background)], language
    )
    everything = needs + team_needs + offers + setting
    df: dict[str, int] = defaultdict(int)
    for doc in everything:
        for term in doc.weights:
            df[term] += 1
    total = len(everything) or 1
    idf = {term: math.log((1 + total) / (1 + n)) + 1 for term, n in df.items()}
    for group in (needs, team_needs, offers):
        _weigh(group, idf)

    index: dict[str, list[tuple[_Doc, float]]] = defaultdict(list)
    for doc in offers:
        for term, weight in doc.weights.items():
            index[term].append((doc, weight))
    # A word in most offers of a big map weighs almost nothing and costs the most: leave it out.
    crowded = max(COMMON_FLOOR, len(offers) // 4)
    index = {term: postings for term, postings in index.items() if len(postings) <= crowded}

    found: dict[tuple[str, str, str], list[Match]] = defaultdict(list)

    def match(kind: str, need: _Doc, needer: SuggestActor | None, allowed) -> None:
        scores: dict[int, float] = defaultdict(float)
        docs: dict[int, _Doc] = {}
        for term, weight in need.weights.items():
            for doc, other in index.get(term, ()):
                scores[id(doc)] += weight * other
                docs[id(doc)] = doc
        ranked = heapq.nsmallest(
            PER_NEED,
            (
                (-score, sort_names[docs[doc_id].owner], docs[doc_id])
                for doc_id, score in scores.items()
                if score >= min_score
                and allowed(docs[doc_id].owner)
                and (kind, needer.ref if needer else "", docs[doc_id].owner) not in dismissed
            ),
            key=lambda item: item[:2],
        )
        for negative, _name, offer in ranked:
            score = -negative
            key = (kind, needer.ref if needer else "", offer.owner)
            shared = [t for t in need.weights if t in offer.weights]
            shared.sort(key=lambda t: -need.weights[t] * offer.weights[t])
            found[key].append(
                Match(
                    need=need.text,
                    offer=offer.text,
                    need_words=tuple(need.words[t] for t in shared),
                    offer_words=tuple(offer.words[t] for t in shared),
                    score=score,
                    gap=need.gap,
                )
            )

    for need in needs:
        needer = by_ref[need.owner]
        match(
            FLOW,
            need,
            needer,
            lambda owner, needer=needer: owner != needer.ref and (owner, needer.ref) not in linked,
        )
    for need in team_needs:
        match(
            PARTNER,
            need,
            convenor,
            lambda owner: not by_ref[owner].is_convenor and not by_ref[owner].is_candidate,
        )
    suggestions = []
    for (kind, actor_ref, partner_ref), matches in found.items():
        matches.sort(key=lambda m: (-m.score, m.need, m.offer))  # the same after an import
        miss = 1.0
        for m in matches:
            miss *= 1 - min(m.score, 1.0)
        suggestions.append(
            Suggestion(
                kind=kind,
                actor=actor_ref,
                partner=partner_ref,
                score=round(1 - miss, 4),
                matches=tuple(matches),
                actor_name=by_ref[actor_ref].name if actor_ref else "",
                partner_name=by_ref[partner_ref].name,
            )
        )
    suggestions.sort(
        key=lambda s: (-s.score, s.kind, name_key(s.actor_name), name_key(s.partner_name))
    )
    return suggestions[:limit]
