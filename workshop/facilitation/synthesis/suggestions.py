"""Step 1's partner and flow suggestions (issue 18) across teams, read-only for the facilitator: each
team's best few, what is left, and how many the team dismissed.

The records of every team are read in one go (suggestion_records.inputs_by_team), whatever the number
of teams; the matching itself runs in Python per team.
"""

from dataclasses import dataclass

from workshop.steps.mapping import suggestion_records, suggestions

SHOWN = 5  # per team: enough to compare teams, short enough for a page of many teams


@dataclass(frozen=True)
class Shown:
    suggestion: suggestions.Suggestion

    def __getattr__(self, name):
        return getattr(self.suggestion, name)

    @property
    def reason(self) -> str:
        """The best match only: the team's panel has the rest."""
        return suggestions.reason_text(self.suggestion, shown=1)


@dataclass(frozen=True)
class TeamSuggestions:
    team: object
    shown: list[Shown]
    more: int
    dismissed: int


def by_team(workshop, teams) -> list[TeamSuggestions]:
    loaded = suggestion_records.inputs_by_team(workshop)
    language = suggestion_records.language_of(workshop)
    rows = []
    for team in teams:
        actors, gaps, links, dismissed, background = loaded.get(team.pk) or ([], [], set(), [], [])
        found = (
            suggestions.suggest(actors, gaps, links, dismissed, background, language=language)
            if actors
            else []
        )
        rows.append(
            TeamSuggestions(
                team, [Shown(x) for x in found[:SHOWN]], max(len(found) - SHOWN, 0), len(dismissed)
            )
        )
    return rows
