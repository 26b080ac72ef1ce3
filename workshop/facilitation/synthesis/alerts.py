"""The alerts list across teams (DOMAIN.md 10): every warning of steps 1 to 5's checks (8.6's
dependency alerts among step 3's), per team, with a link to the record it names (or the step page)."""

from dataclasses import dataclass

from workshop.facilitation.synthesis.alignment import Step2AcrossTeams
from workshop.facilitation.synthesis.governance import Step3AcrossTeams
from workshop.facilitation.synthesis.mapping import load_boards
from workshop.facilitation.synthesis.pilot import load_pilots
from workshop.facilitation.synthesis.scale import Step5AcrossTeams
from workshop.steps.record_links import alert_url


@dataclass(frozen=True)
class AlertRow:
    team: object
    step: object
    key: str
    message: str
    url: str


def steps_of_kind(steps, kind):
    return next((s for s in steps if s.kind == kind and not s.skipped), None)


def alert_rows(
    workshop,
    steps,
    teams,
    step2: Step2AcrossTeams | None = None,
    step3: Step3AcrossTeams | None = None,
    step5: Step5AcrossTeams | None = None,
) -> list[AlertRow]:
    """Team by team, each step's warnings in agenda order."""
    mapping_step = steps_of_kind(steps, "mapping")
    alignment_step = steps_of_kind(steps, "alignment")
    charter_step = steps_of_kind(steps, "governance")
    pilot_step = steps_of_kind(steps, "pilot")
    scale_step = steps_of_kind(steps, "scale")
    boards = load_boards(workshop, teams) if mapping_step else {}
    if alignment_step and step2 is None:
        step2 = Step2AcrossTeams(workshop, teams)
    if charter_step and step3 is None:
        step3 = Step3AcrossTeams(workshop, teams)
    if scale_step and step5 is None:
        step5 = Step5AcrossTeams(workshop, teams)
    columns = {c.team.pk: c for c in step2.columns} if alignment_step else {}
    charters = {c.team.pk: c for c in step3.columns} if charter_step else {}
    pilots = load_pilots(workshop, teams) if pilot_step else {}
    scales = {c.team.pk: c for c in step5.columns} if scale_step else {}

    def warnings(team, step):
        """The alerts of one team's step."""
        if step is mapping_step:
            return boards[team.pk].completion.warnings
        if step is alignment_step:
            return columns[team.pk].completion.warnings
        if step is charter_step:
            column = charters[team.pk]
            if column.charter is None:  # not started: an empty charter's warnings are noise
                return ()
            return column.completion.warnings
        if step is pilot_step:
            return pilots[team.pk].completion().warnings
        if step is scale_step:
            return scales[team.pk].alerts
        return ()

    checked = [s for s in (mapping_step, alignment_step, charter_step, pilot_step, scale_step) if s]
    checked.sort(key=lambda s: s.position)
    rows = []
    for team in teams:
        for step in checked:
            for alert in warnings(team, step):
                url = alert_url(workshop, team, step, alert)
                rows.append(AlertRow(team, step, alert.key, alert.message, url))
    return rows
