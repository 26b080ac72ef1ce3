"""The alerts list across teams (DOMAIN.md 10): every warning of steps 1 and 2's checks, per team, with
a link to the record it names (or the step page)."""

from dataclasses import dataclass

from django.urls import reverse

from workshop.facilitation.synthesis.alignment import Step2AcrossTeams
from workshop.facilitation.synthesis.mapping import load_boards

# Where a ref's record sits on its step page: the row or card id.
ANCHORS = {"actor": "actor-{}", "flow": "flow-{}", "gap": "gap-{}", "candidate": "card-{}"}


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


def alert_rows(workshop, steps, teams, step2: Step2AcrossTeams | None = None) -> list[AlertRow]:
    """Team by team, step 1's warnings then step 2's."""
    mapping_step = steps_of_kind(steps, "mapping")
    alignment_step = steps_of_kind(steps, "alignment")
    boards = load_boards(workshop, teams) if mapping_step else {}
    if alignment_step and step2 is None:
        step2 = Step2AcrossTeams(workshop, teams)
    columns = {c.team.pk: c for c in step2.columns} if alignment_step else {}
    rows = []
    for team in teams:
        if mapping_step:
            for alert in boards[team.pk].completion.warnings:
                rows.append(
                    AlertRow(
                        team,
                        mapping_step,
                        alert.key,
                        alert.message,
                        _url(workshop, team, mapping_step, alert.refs),
                    )
                )
        if alignment_step:
            for alert in columns[team.pk].completion.warnings:
                fallback = "#criteria" if alert.key == "financial_technical_share" else ""
                rows.append(
                    AlertRow(
                        team,
                        alignment_step,
                        alert.key,
                        alert.message,
                        _url(workshop, team, alignment_step, alert.refs, fallback),
                    )
                )
    return rows
