"""Step 4 across teams (DOMAIN.md 10): each team's pilots side by side: timebox, hypothesis tally
(8.11), decision, lessons and the charter changes applied, with a link to the version diff.

Reads the workshop's step-4 tables once, whatever the number of teams, and gives each team a
`TeamPilots` whose `derive` sets the same values as `TeamPilots.load` (which reads one team).
"""

from django.urls import reverse

from workshop.steps.pilot import rules
from workshop.steps.pilot.completion import TeamPilots
from workshop.steps.pilot.models import CharterChange, Hypothesis, Lesson, Pilot, PilotDecision


def load_pilots(workshop, teams) -> dict[int, TeamPilots]:
    """Team id → its TeamPilots, from five queries for the whole workshop."""
    in_workshop = {"team__workshop": workshop}
    pilots = list(
        Pilot.objects.filter(**in_workshop)
        .select_related("charter_version")
        .prefetch_related("parties")
    )
    by_pk = {p.pk: p for p in pilots}
    for pilot in pilots:
        pilot.cards, pilot.lesson_list, pilot.decision_record = [], [], None
    for card in Hypothesis.objects.filter(**in_workshop):
        by_pk[card.pilot_id].cards.append(card)
    lessons = {}
    for lesson in Lesson.objects.filter(**in_workshop):
        lesson.change_list = []
        lessons[lesson.pk] = lesson
        by_pk[lesson.pilot_id].lesson_list.append(lesson)
    for change in CharterChange.objects.filter(**in_workshop).select_related("applied_in_version"):
        lessons[change.lesson_id].change_list.append(change)
    for decision in PilotDecision.objects.filter(**in_workshop):
        by_pk[decision.pilot_id].decision_record = decision
    team_pilots = {}
    for team in teams:
        team_pilots[team.pk] = TeamPilots([p for p in pilots if p.team_id == team.pk])
        team_pilots[team.pk].derive()
    return team_pilots


class PilotRow:
    """One pilot of one team, with the version diffs its applied charter changes link to."""

    def __init__(self, workshop, team, pilot, charter_step):
        self.team = team
        self.pilot = pilot
        self.workshop = workshop
        self.charter_step = charter_step

    @property
    def decision(self):
        return self.pilot.decision_record

    @property
    def compare_links(self) -> list[tuple[int, str]]:
        """(version number, compare url from the version before) per version with applied changes."""
        if self.charter_step is None:
            return []
        numbers = sorted({c.applied_in_version.number for c in self.pilot.changes_applied})
        base = reverse(
            "steps:governance:compare",
            args=[self.workshop.pk, self.team.pk, self.charter_step.position],
        )
        return [(n, f"{base}?a={n - 1}&b={n}") for n in numbers if n > 1]


class Step4AcrossTeams:
    def __init__(self, workshop, teams, charter_step=None):
        self.workshop = workshop
        self.teams = list(teams)
        self.team_pilots = load_pilots(workshop, self.teams)
        self.rows = [
            PilotRow(workshop, team, pilot, charter_step)
            for team in self.teams
            for pilot in self.team_pilots[team.pk].pilots
        ]

    @property
    def teams_without_pilot(self):
        return [team for team in self.teams if not self.team_pilots[team.pk].pilots]

    @property
    def result_codes(self):
        return rules.RESULTS
