"""The sponsors' report: one PDF per workshop summing up every team (DOMAIN.md 10, issue 18).

Built from the facilitator's across-teams views (synthesis/), so the figures match the console and
the queries stay the same whatever the number of teams. Laid out by the charter's WeasyPrint
machinery (charter/pdf.py): its fonts, its allow-listing fetcher, no network.
"""

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from workshop.charter import pdf
from workshop.facilitation.live import presence
from workshop.facilitation.synthesis.alerts import alert_rows, steps_of_kind
from workshop.facilitation.synthesis.alignment import Step2AcrossTeams
from workshop.facilitation.synthesis.governance import Step3AcrossTeams
from workshop.facilitation.synthesis.mapping import Step1AcrossTeams
from workshop.facilitation.synthesis.pilot import Step4AcrossTeams
from workshop.facilitation.synthesis.scale import Step5AcrossTeams
from workshop.steps.governance import rules as charter_rules
from workshop.steps.scale.reminders import add_months, next_reading_on

TOP_ACTORS = 3
TOP_RANKED = 5


@dataclass
class TeamReport:
    team: object
    members: list = field(default_factory=list)
    online: int = 0
    actor_count: int | None = None
    flow_count: int | None = None
    top_actors: list = field(default_factory=list)  # (name, flows)
    ranking: list = field(default_factory=list)  # (rank, name, score)
    charter: object = None  # synthesis.governance.TeamCharter
    signatures: list = field(default_factory=list)  # SignOff of the latest version
    pilots: list = field(default_factory=list)  # (pilot, decision or None)
    indicators: list = field(default_factory=list)  # Indicator with .latest and .rag
    alerts: list = field(default_factory=list)  # AlertRow
    next_dates: list = field(default_factory=list)  # (label, date), soonest first


def _top_actors(board) -> list[tuple[str, int]]:
    names = {actor.ref: actor.name for actor in board.actor_data}
    degrees = board.metrics.degrees
    ranked = sorted(degrees.items(), key=lambda item: (-item[1], names[item[0]].casefold()))
    return [(names[ref], degree) for ref, degree in ranked[:TOP_ACTORS] if degree]


def _ranking(column) -> list[tuple[int, str, object]]:
    return [
        (entry.rank, entry.candidate.name, entry.score)
        for entry in column.ranking
        if entry.rank is not None
    ][:TOP_RANKED]


def _latest_signatures(column) -> list:
    latest = column.latest
    if latest is None:
        return []
    return sorted(
        (s for s in column.sign_offs if s.version_id == latest.pk), key=lambda s: s.signed_at
    )


def _next_dates(scale_column, charter_column, today) -> list[tuple[str, datetime.date]]:
    from django.utils.translation import gettext as _

    dates = []
    if scale_column is not None:
        scale = scale_column.scale
        ahead = [c.held_on for c in scale.checks if c.held_on >= today]
        held = [c.held_on for c in scale.checks if c.held_on < today]
        if ahead:
            dates.append((_("Next health check"), min(ahead)))
        elif held and scale.review_cadence_months:
            dates.append(
                (_("Next health check"), add_months(max(held), scale.review_cadence_months))
            )
        for indicator in scale.indicators:
            last = (
                indicator.latest.observed_on
                if indicator.latest
                else timezone.localdate(indicator.created_at)
            )
            dates.append(
                (
                    _("Next reading: %(name)s") % {"name": indicator.name},
                    next_reading_on(indicator.frequency, last),
                )
            )
    if charter_column is not None and charter_column.charter is not None:
        review = charter_column.records.charter.review_date
        if review:
            dates.append((_("Charter review"), review))
    return sorted(dates, key=lambda item: item[1])


class SponsorReport:
    """Everything the PDF shows, read with a fixed number of queries."""

    def __init__(self, workshop, today=None):
        self.workshop = workshop
        self.today = today or timezone.localdate()
        self.generated_at = timezone.now()
        self.steps = list(workshop.steps.all())
        teams = list(workshop.teams.all())
        participants = list(workshop.participants.all())
        online = set(presence.online(workshop.pk))  # the cache only, no query
        has = {kind: steps_of_kind(self.steps, kind) is not None for kind in self.KINDS}
        step1 = Step1AcrossTeams(workshop, teams) if has["mapping"] else None
        step2 = Step2AcrossTeams(workshop, teams) if has["alignment"] else None
        step3 = Step3AcrossTeams(workshop, teams) if has["governance"] else None
        charter_step = steps_of_kind(self.steps, "governance")
        step4 = Step4AcrossTeams(workshop, teams, charter_step) if has["pilot"] else None
        step5 = Step5AcrossTeams(workshop, teams, self.today) if has["scale"] else None
        alerts = alert_rows(workshop, self.steps, teams, step2=step2, step3=step3, step5=step5)

        def by_team(across, attribute="columns"):
            return {c.team.pk: c for c in getattr(across, attribute)} if across else {}

        maps, rankings, charters, scales = (
            by_team(step1),
            by_team(step2),
            by_team(step3),
            by_team(step5),
        )
        self.unassigned = [p for p in participants if p.team_id is None]
        self.participant_count = len(participants)
        self.online_count = sum(1 for p in participants if p.presence_key in online)
        self.teams = []
        for team in teams:
            report = TeamReport(team)
            report.members = [p for p in participants if p.team_id == team.pk]
            report.online = sum(1 for p in report.members if p.presence_key in online)
            if team.pk in maps:
                board = maps[team.pk].board
                report.actor_count, report.flow_count = len(board.actors), len(board.flows)
                report.top_actors = _top_actors(board)
            if team.pk in rankings:
                report.ranking = _ranking(rankings[team.pk])
            if team.pk in charters:
                report.charter = charters[team.pk]
                report.signatures = _latest_signatures(report.charter)
            if step4 is not None:
                report.pilots = [(p, p.decision_record) for p in step4.team_pilots[team.pk].pilots]
            if team.pk in scales:
                report.indicators = scales[team.pk].scale.indicators
            report.alerts = [a for a in alerts if a.team.pk == team.pk]
            report.next_dates = _next_dates(scales.get(team.pk), charters.get(team.pk), self.today)
            self.teams.append(report)

    KINDS = ("mapping", "alignment", "governance", "pilot", "scale")

    @property
    def filename(self) -> str:
        return f"sponsor-report-{slugify(self.workshop.title) or self.workshop.pk}.pdf"

    @property
    def agreed(self) -> str:
        return charter_rules.AGREED


def report_html(report: SponsorReport) -> str:
    """The report's HTML, in the workshop's language whoever downloads it."""
    from django.utils.translation import gettext as _

    with translation.override(report.workshop.language or None):
        running = {
            "title": pdf.css_string(report.workshop.title),
            "page": pdf.css_string(_("Page")),
            "of": pdf.css_string(_("of")),
            "kind": pdf.css_string(_("Report for sponsors")),
        }
        return render_to_string(
            "facilitation/report_pdf.html", {"report": report, "running": running}
        )


def render_report(workshop, today=None) -> tuple[SponsorReport, pdf.RenderedPdf]:
    report = SponsorReport(workshop, today)
    return report, pdf.render_html(report_html(report), charter_styles=True)
