"""The alerts list across teams (DOMAIN.md 10): every warning of steps 1 to 5's checks (8.6's
dependency alerts among step 3's), per team, with a link to the record it names (or the step page)."""

from dataclasses import dataclass

from django.urls import reverse

from workshop.facilitation.synthesis.alignment import Step2AcrossTeams
from workshop.facilitation.synthesis.governance import Step3AcrossTeams
from workshop.facilitation.synthesis.mapping import load_boards
from workshop.facilitation.synthesis.pilot import load_pilots
from workshop.facilitation.synthesis.scale import Step5AcrossTeams
from workshop.steps.checks import RECORD_ANCHORS

ANCHORS = RECORD_ANCHORS
# Step 3's warnings name charter records by snapshot refs; the charter section that holds them.
CHARTER_SECTIONS = {
    "review_date": "monitoring",
    "risk_liabilities": "risks",
    "dependency_share": "contributions",
    "dependency_cash_share": "contributions",
    "selected_not_party": "parties",
    "duties_without_seat": "governance",
}


@dataclass(frozen=True)
class AlertRow:
    team: object
    step: object
    key: str
    message: str
    url: str


def _url(workshop, team, step, refs=(), fallback=""):
    page = reverse("steps:page", args=[workshop.pk, team.pk, step.position])
    for ref in refs:
        kind, _sep, pk = ref.partition(":")
        if kind in ANCHORS and pk.isdigit():
            return page + "#" + ANCHORS[kind].format(pk)
    return page + fallback


def steps_of_kind(steps, kind):
    return next((s for s in steps if s.kind == kind and not s.skipped), None)


def _charter_url(workshop, team, step, key):
    section = CHARTER_SECTIONS.get(key)
    if section is None:
        return reverse("steps:page", args=[workshop.pk, team.pk, step.position])
    return reverse("steps:governance:section", args=[workshop.pk, team.pk, step.position, section])


def _pilot_url(workshop, team, step, refs):
    page = reverse("steps:page", args=[workshop.pk, team.pk, step.position])
    anchor = "#pilot"
    for ref in refs:  # a test card's warning names its pilot, then the card
        kind, _sep, pk = ref.partition(":")
        if kind == "hypothesis" and pk.isdigit():
            anchor = f"#card-{pk}"
    for ref in refs:
        kind, _sep, iteration = ref.partition(":")
        if kind == "pilot" and iteration.isdigit():
            return f"{page}?pilot={iteration}{anchor}"
    return page + anchor


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
        """(alert, url) for one team's step."""
        if step is mapping_step:
            return [
                (a, _url(workshop, team, step, a.refs)) for a in boards[team.pk].completion.warnings
            ]
        if step is alignment_step:
            return [
                (
                    a,
                    _url(
                        workshop,
                        team,
                        step,
                        a.refs,
                        "#criteria" if a.key == "financial_technical_share" else "",
                    ),
                )
                for a in columns[team.pk].completion.warnings
            ]
        if step is charter_step:
            column = charters[team.pk]
            if column.charter is None:  # not started: an empty charter's warnings are noise
                return []
            return [
                (a, _charter_url(workshop, team, step, a.key)) for a in column.completion.warnings
            ]
        if step is pilot_step:
            return [
                (a, _pilot_url(workshop, team, step, a.refs))
                for a in pilots[team.pk].completion().warnings
            ]
        if step is scale_step:
            return [
                (a, _url(workshop, team, step, a.refs, "#scale-signals"))
                for a in scales[team.pk].alerts
            ]
        return []

    checked = [s for s in (mapping_step, alignment_step, charter_step, pilot_step, scale_step) if s]
    checked.sort(key=lambda s: s.position)
    rows = []
    for team in teams:
        for step in checked:
            for alert, url in warnings(team, step):
                rows.append(AlertRow(team, step, alert.key, alert.message, url))
    return rows
