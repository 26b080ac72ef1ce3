"""What the facilitator's console and the projector show across teams, in a fixed number of queries.

Each builder reads whole tables for one workshop at once and joins them in Python, so a page costs the
same number of queries with 2 teams or 40 (DOMAIN.md 10, the overview grid).
"""

from dataclasses import dataclass, field

from workshop.facilitation.live import presence
from workshop.facilitation.models import StepProgress

# Steps without checks (team notes) show how far the team is by its status alone.
STATUS_PERCENT = {
    StepProgress.Status.NOT_STARTED: 0,
    StepProgress.Status.IN_PROGRESS: 50,
    StepProgress.Status.REOPENED: 50,
    StepProgress.Status.SUBMITTED: 100,
}


@dataclass
class Cell:
    step: object
    status: str
    status_label: str
    last_activity_at: object = None
    warnings: int = 0
    # The share of the step's "complete when" checks met (None: the step has no checks).
    completion_pct: int | None = None
    # The facilitator reopened this step for this team (later reviews).
    reopened: bool = False

    @property
    def percent(self):
        if self.status == StepProgress.Status.SUBMITTED:
            return 100
        if self.completion_pct is not None:
            return self.completion_pct
        return STATUS_PERCENT.get(self.status, 0)


@dataclass
class TeamRow:
    team: object
    cells: list[Cell] = field(default_factory=list)
    members: list = field(default_factory=list)
    online: int = 0

    def cell_for(self, step):
        return next((c for c in self.cells if c.step.pk == step.pk), None)


def online_members(workshop) -> dict[str, dict]:
    return presence.online(workshop.pk)


def grid(workshop, steps, teams, participants=(), online=None) -> list[TeamRow]:
    """One row per team, one cell per agenda step, with the team's progress there."""
    progress = {
        (p.team_id, p.step_id): p
        for p in StepProgress.objects.filter(step__workshop=workshop).only(
            "team_id",
            "step_id",
            "status",
            "last_activity_at",
            "completion",
            "completion_pct",
            "warnings_count",
            "reopened_for_team",
        )
    }
    online = online_members(workshop) if online is None else online
    online_by_team = {}
    for info in online.values():
        if info.get("team") is not None:
            online_by_team[info["team"]] = online_by_team.get(info["team"], 0) + 1
    rows = []
    for team in teams:
        row = TeamRow(team=team, online=online_by_team.get(team.pk, 0))
        row.members = [p for p in participants if p.team_id == team.pk]
        for step in steps:
            found = progress.get((team.pk, step.pk))
            status = found.status if found else StepProgress.Status.NOT_STARTED
            row.cells.append(
                Cell(
                    step=step,
                    status=status,
                    status_label=StepProgress.Status(status).label,
                    last_activity_at=found.last_activity_at if found else None,
                    warnings=found.warnings_count if found else 0,
                    completion_pct=found.completion_pct if found and found.completion else None,
                    reopened=found.reopened_for_team if found else False,
                )
            )
        rows.append(row)
    return rows


@dataclass
class PersonRow:
    participant: object
    online: bool
    rename_form: object = None


def people(participants, online, rename_forms=None) -> list[PersonRow]:
    from workshop.facilitation.forms import RenameParticipantForm

    rename_forms = rename_forms or {}
    rows = []
    for participant in participants:
        form = rename_forms.get(participant.pk) or RenameParticipantForm(
            initial={"display_name": participant.display_name}, prefix=f"p{participant.pk}"
        )
        rows.append(PersonRow(participant, participant.presence_key in online, form))
    return rows
