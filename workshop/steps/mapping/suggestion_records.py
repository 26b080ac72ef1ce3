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


Inputs = tuple  # (actors, gaps, links, dismissed keys, background) for `suggestions.suggest`


def inputs(team) -> Inputs:
    """One team's inputs for `suggestions.suggest` (6 queries)."""
    return _load({"team": team}).get(team.pk) or _empty()


def inputs_by_team(workshop) -> dict[int, Inputs]:
    """Every team's inputs, by team id, in the same 6 queries whatever the number of teams (the
    facilitator's view across teams); a team without actors is left out."""
    return _load({"team__workshop": workshop})


def _empty() -> Inputs:
    return [], [], set(), [], []


def _load(scope: dict) -> dict[int, Inputs]:
    offers: dict[int, list[str]] = {}
    links: dict[int, set] = {}
    for team_id, source, target, direction, status, label in Flow.objects.filter(
        **scope
    ).values_list("team_id", "source_id", "target_id", "direction", "status", "label"):
        team_links = links.setdefault(team_id, set())
        team_links.add((f"actor:{source}", f"actor:{target}"))
        if direction == Flow.Direction.TWO_WAY:
            team_links.add((f"actor:{target}", f"actor:{source}"))
        if status in OFFERING_STATUSES:
            offers.setdefault(source, []).append(label)
    candidates = dict(
        Candidate.objects.filter(**scope).values_list("actor_id", "complementary_capabilities")
    )
    for actor_id, bring in (
        Conversation.objects.filter(**scope)
        .exclude(what_they_could_bring="")
        .values_list("candidate__actor_id", "what_they_could_bring")
    ):
        offers.setdefault(actor_id, []).append(bring)
    loaded: dict[int, Inputs] = {}
    for team_id, pk, name, goals, resources, convenor in Actor.objects.filter(**scope).values_list(
        "team_id", "pk", "name", "goals", "resources_held", "is_convenor"
    ):
        own = [resources, candidates.get(pk) or "", *offers.get(pk, [])]
        team_inputs = loaded.get(team_id)
        if team_inputs is None:
            team_inputs = loaded[team_id] = ([], [], links.get(team_id, set()), [], [])
        team_inputs[0].append(
            suggestions.SuggestActor(
                ref=f"actor:{pk}",
                name=name,
                goals=goals,
                offers=tuple(text for text in own if text),
                is_convenor=convenor,
                is_candidate=pk in candidates,
            )
        )
    for gap in ValueGap.objects.filter(**scope).prefetch_related("affected_actors"):
        if gap.team_id in loaded:
            loaded[gap.team_id][1].append(
                suggestions.SuggestGap(
                    ref=gap.ref,
                    title=gap.title,
                    text="\n".join(t for t in (gap.description, gap.collaboration_idea) if t),
                    affected=tuple(f"actor:{a.pk}" for a in gap.affected_actors.all()),
                )
            )
    for dismissal in SuggestionDismissal.objects.filter(**scope):
        if dismissal.team_id in loaded:
            loaded[dismissal.team_id][3].append(dismissal.key)
    for team_id, *row in SharedPurpose.objects.filter(**scope).values_list(
        "team_id", "statement", "long_term_vision"
    ):
        if team_id in loaded:
            loaded[team_id][4].extend(text for text in row if text)
    return loaded


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
