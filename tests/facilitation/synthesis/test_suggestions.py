"""Step 1's suggestions across teams (issue 18) on the facilitator's partners page: each team's best
few with their reasons, dismissed ones left out and counted, read-only, and the same number of queries
for 2 teams as for 5."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.charter.millrace import load_team
from tests.conftest import client_as_user
from tests.steps import scenario_data as s
from workshop.facilitation.models import Team
from workshop.steps.mapping import suggestion_records
from workshop.steps.mapping.models import Actor, SuggestionDismissal

pytestmark = pytest.mark.django_db

TRANSIT = "Calder Regional Transit Authority"
TENANTS = "Millrace Tenants' Union"


def url(name, workshop):
    return reverse(f"facilitation:{name}", args=[workshop.pk])


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def card(html: str, team) -> str:
    found = re.search(
        rf'<article[^>]*data-suggestions="{team.pk}"[^>]*>(.*?)</article>', html, re.S
    )
    assert found, f"no suggestions card for {team.name}"
    return found.group(1)


def dismiss_transit_to_tenants(team):
    actors = {a.name: a for a in Actor.objects.filter(team=team)}
    SuggestionDismissal.objects.create(
        team=team, kind="flow", actor=actors[TENANTS], partner=actors[TRANSIT]
    )


def test_page_lists_each_teams_suggestions_with_reasons_and_counts_the_dismissed(
    live_workshop, team_a, team_b, facilitator
):
    load_team(team_a, s.B1, publish=False)
    before = suggestion_records.for_team(team_a)
    dismiss_transit_to_tenants(team_a)
    jordan = client_as_user(facilitator)
    for name in ("across_alignment", "across_alignment_part"):
        html = jordan.get(url(name, live_workshop)).content.decode()
        riverside = card(html, team_a)
        shown = text(riverside)
        left = [x for x in before if (x.actor_name, x.partner_name) != (TENANTS, TRANSIT)]
        best = left[0]
        assert best.partner_name in shown and best.actor_name in shown
        assert f"match {best.score_str}" in shown
        assert "‘maintenance’" in shown  # noqa: RUF001 - the matched word, quoted
        assert "Missing flow" in shown
        assert f"{TRANSIT} → gives to {TENANTS}" not in shown  # dismissed: left out ...
        assert f"{TRANSIT} → gives to Calder Youth Soccer League" in shown
        assert "1 dismissed by the team (not shown)." in shown  # ... and counted
        assert "<form" not in riverside and "<button" not in riverside  # read-only
        assert riverside.count("<li") == min(len(left), 5)
        assert "No suggestions yet." in text(card(html, team_b))


def count_queries(client, address) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["across_alignment", "across_alignment_part"])
def test_queries_do_not_grow_with_the_number_of_teams(live_workshop, facilitator, page):
    jordan = client_as_user(facilitator)
    teams = list(live_workshop.teams.all())
    for team in teams:
        load_team(team, s.B1, publish=False)
        dismiss_transit_to_tenants(team)
    two = count_queries(jordan, url(page, live_workshop))
    for index in range(3):
        team = Team.objects.create(workshop=live_workshop, name=f"Team {index + 3}")
        load_team(team, s.B1, publish=False)
        dismiss_transit_to_tenants(team)
    html = jordan.get(url(page, live_workshop)).content.decode()
    assert html.count("data-dismissed-count") == 5
    assert count_queries(jordan, url(page, live_workshop)) == two
