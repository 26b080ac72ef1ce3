"""The team's records as suggestions.py's plain data: a fixed handful of queries, whatever the size."""

from workshop.steps.alignment.models import Candidate, Conversation
from workshop.steps.mapping import suggestions
from workshop.steps.mapping.models import (
    Actor,
    Flow,
    SharedPurpose,
    SuggestionDismissal,
    ValueGap,
)

OFFERING_STATUSES = (Flow.Status.EXISTING, Flow.Status.PROPOSED)


def inputs(team):
    """(actors, gaps, links, dismissed keys, background) for `suggestions.suggest` (6 queries)."""
    offers: dict[int, list[str]] = {}
    links = set()
    for source, target, direction, status, label in Flow.objects.filter(team=team).values_list(
        "source_id", "target_id", "direction", "status", "label"
    ):
        links.add((f"actor:{source}", f"actor:{target}"))
        if direction == Flow.Direction.TWO_WAY:
            links.add((f"actor:{target}", f"actor:{source}"))
        if status in OFFERING_STATUSES:
            offers.setdefault(source, []).append(label)
    candidates = dict(
        Candidate.objects.filter(team=team).values_list("actor_id", "complementary_capabilities")
    )
    for actor_id, bring in (
        Conversation.objects.filter(team=team)
        .exclude(what_they_could_bring="")
        .values_list("candidate__actor_id", "what_they_could_bring")
    ):
        offers.setdefault(actor_id, []).append(bring)
    actors = []
    for pk, name, goals, resources, convenor in Actor.objects.filter(team=team).values_list(
        "pk", "name", "goals", "resources_held", "is_convenor"
    ):
        own = [resources, candidates.get(pk) or "", *offers.get(pk, [])]
        actors.append(
            suggestions.SuggestActor(
                ref=f"actor:{pk}",
                name=name,
                goals=goals,
                offers=tuple(text for text in own if text),
                is_convenor=convenor,
                is_candidate=pk in candidates,
            )
        )
    gaps = [
        suggestions.SuggestGap(
            ref=gap.ref,
            title=gap.title,
            text="\n".join(t for t in (gap.description, gap.collaboration_idea) if t),
            affected=tuple(f"actor:{a.pk}" for a in gap.affected_actors.all()),
        )
        for gap in ValueGap.objects.filter(team=team).prefetch_related("affected_actors")
    ]
    dismissed = [d.key for d in SuggestionDismissal.objects.filter(team=team)]
    background = [
        text
        for row in SharedPurpose.objects.filter(team=team).values_list(
            "statement", "long_term_vision"
        )
        for text in row
        if text
    ]
    return actors, gaps, links, dismissed, background


def language_of(workshop) -> str:
    """The stemmer's language: the workshop's (what its participants most likely type in)."""
    return (workshop.language or "en")[:2]


def for_team(team, workshop=None, *, include_dismissed=False) -> list[suggestions.Suggestion]:
    actors, gaps, links, dismissed, background = inputs(team)
    return suggestions.suggest(
        actors,
        gaps,
        links,
        () if include_dismissed else dismissed,
        background,
        language=language_of(workshop or team.workshop),
    )
