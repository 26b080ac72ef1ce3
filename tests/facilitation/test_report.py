"""The sponsors' report PDF: the Millrace demo's figures, escaping, access and constant queries."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.charter.conftest import flat, pdf_text
from tests.charter.millrace import load_team
from tests.conftest import client_as_participant, client_as_user, make_participant
from workshop.facilitation import report
from workshop.facilitation.models import Team, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(partnership_pattern):
    call_command("seed_demo", stdout=io.StringIO())
    return Workshop.objects.get()


def text_of(workshop):
    built, rendered = report.render_report(workshop)
    return built, rendered, flat(pdf_text(rendered.content))


def section(text, team, following=None):
    """The text of one team's pages: from its heading to the next team's."""
    start = text.index(f"Report for sponsors {team} Value map")
    end = text.index(f"Report for sponsors {following} Value map") if following else len(text)
    return text[start:end]


def test_attendance_lists_each_teams_members_and_the_total(demo):
    _built, _rendered, text = text_of(demo)
    assert "Attendance" in text
    assert "Riverside 3 0 Amara, Lin, Marcus" in text
    assert "City Hall 2 0 Dana, Pat" in text
    assert "Sponsors 1 0 Chris" in text
    assert "All 6 0" in text


def test_each_team_has_its_map_summary_and_ranking(demo):
    _built, _rendered, text = text_of(demo)
    riverside = section(text, "Riverside", "City Hall")
    assert "12 actors, 14 flows." in riverside
    assert (
        "Most connected: City of Port Calder – Parks & Recreation (7), Millrace Park Foundation (7)"  # noqa: RUF001
        in riverside
    )
    assert "1 Calder Parks & Trails District 4.05" in riverside
    assert "2 Calder Regional Transit Authority 3.30" in riverside
    city_hall = section(text, "City Hall", "Sponsors")
    assert "9 actors, 8 flows." in city_hall
    assert "1 Calder Parks & Trails District 4.15" in city_hall
    assert "4 actors, 1 flow." in section(text, "Sponsors")


def test_charter_status_signatures_pilot_decision_indicators_and_dates(demo):
    _built, _rendered, text = text_of(demo)
    riverside = section(text, "Riverside", "City Hall")
    assert "Millrace Park Partnership Charter: v2, Agreed · 100 % complete" in riverside
    for signer in (
        "Dana Whitfield",
        "Rosa Delgado",
        "Ken Ishikawa",
        "Ellen Hartwell",
        "Amara Osei",
    ):
        assert signer in riverside
    assert "Millrace Connector pilot (Iteration 1): Iterate." in riverside
    assert "Millrace Connector pilot 2 (Iteration 2): no decision yet" in riverside
    assert "Maintenance cost covered by non-City sources (%) 20 45 46" in riverside
    assert "On target" in riverside and "Past the warning level" in riverside
    assert "Next dates" in riverside and "Charter review" in riverside
    assert "31 March 2028" in riverside  # the charter's review date
    city_hall = section(text, "City Hall", "Sponsors")
    assert "No charter yet." in city_hall and "No pilot yet." in city_hall
    assert "None planned." in city_hall


def test_alerts_come_from_the_steps_checks(demo):
    _built, _rendered, text = text_of(demo)
    city_hall = section(text, "City Hall", "Sponsors")
    assert (
        "Ecosystem Mapping and Opportunity Analysis: Not connected by any flow: Calder County."
        in city_hall
    )


def test_hostile_text_is_printed_literally_and_nothing_is_fetched(demo):
    hostile = (
        '<img src="http://example.com/x.png"> & <style>*{background:url(http://example.com/y)}'
    )
    Team.objects.filter(workshop=demo, name="Sponsors").update(name=hostile[:120])
    make_participant(demo, Team.objects.get(workshop=demo, name="City Hall"), "<b>Bo</b>")
    _built, rendered, text = text_of(demo)
    assert rendered.refused == []
    assert '<img src="http://example.com/x.png"> &' in text
    assert "<b>Bo</b>" in text


def test_query_count_does_not_grow_with_the_teams(demo):
    def count():
        with CaptureQueriesContext(connection) as queries:
            report.report_html(report.SponsorReport(Workshop.objects.get(pk=demo.pk)))
        return len(queries)

    before = count()
    for name in ("Extra one", "Extra two"):
        team = Team.objects.create(workshop=demo, name=name)
        load_team(team)
        make_participant(demo, team, f"{name} member")
    assert count() == before


def test_facilitator_downloads_the_pdf(demo):
    response = client_as_user(demo.owner).get(
        reverse("facilitation:sponsor_report", args=[demo.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="sponsor-report-millrace-park-partnership-design-workshop.pdf"'
    )
    assert "12 actors, 14 flows." in flat(pdf_text(response.content))


def test_participants_cannot_download_it(demo):
    member = demo.participants.first()
    response = client_as_participant(member).get(
        reverse("facilitation:sponsor_report", args=[demo.pk])
    )
    assert response.status_code == 302  # to the login page, like every facilitator URL


def test_console_export_menu_links_the_report(demo):
    page = client_as_user(demo.owner).get(reverse("facilitation:console", args=[demo.pk]))
    assert reverse("facilitation:sponsor_report", args=[demo.pk]) in page.content.decode()


def test_export_report_command_writes_the_pdf(demo, tmp_path):
    out = io.StringIO()
    target = tmp_path / "report.pdf"
    call_command("export_report", demo.join_code, "-o", str(target), stdout=out)
    assert "3 teams" in out.getvalue()
    assert "Attendance" in pdf_text(target.read_bytes())
    with pytest.raises(CommandError, match="No workshop"):
        call_command("export_report", "NOPE", "-o", str(target))


def test_report_is_laid_out_in_the_workshops_language(demo):
    Workshop.objects.filter(pk=demo.pk).update(language="ar")
    workshop = Workshop.objects.get(pk=demo.pk)
    html = report.report_html(report.SponsorReport(workshop))
    assert '<html lang="ar" dir="rtl">' in html
    _built, rendered, text = text_of(workshop)
    assert rendered.refused == [] and "Riverside" in text
