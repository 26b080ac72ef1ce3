"""A following screen asks for the new step in place: one answer, no redirect, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_as_participant, make_participant
from workshop.facilitation.models import Team
from workshop.steps.notes.models import TeamNote

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def swap_url(workshop):
    return reverse("facilitation:participant_home", args=(workshop.pk,)) + "?swap=step"


def test_home_answers_the_step_fragment_with_its_address(live_workshop, participant_a, team_a):
    live_workshop.advance_to(live_workshop.steps.get(position=2))
    response = client_as_participant(participant_a).get(swap_url(live_workshop), **HTMX)
    assert response.status_code == 200
    step_url = reverse("steps:page", args=(live_workshop.pk, team_a.pk, 2))
    assert response["HX-Push-Url"] == step_url
    assert response["X-Flow-Version"] == str(live_workshop.flow_version)
    html = response.content.decode()
    assert "<body" not in html and "<main" not in html
    assert 'data-page-step="2"' in html and 'data-following="true"' in html
    assert 'id="live-bar" hx-swap-oob="true"' in html
    assert "<title>" in html and "data-step-heading" in html


def test_without_htmx_home_still_redirects(live_workshop, participant_a, team_a):
    response = client_as_participant(participant_a).get(swap_url(live_workshop))
    assert response.status_code == 302


def test_back_asks_the_step_page_for_the_fragment(live_workshop, participant_a, team_a):
    live_workshop.advance_to(live_workshop.steps.get(position=2))
    url = reverse("steps:page", args=(live_workshop.pk, team_a.pk, 1)) + "?swap=step"
    html = client_as_participant(participant_a).get(url, **HTMX).content.decode()
    # The step behind the group: the screen stops following and shows the banner.
    assert 'data-page-step="1"' in html and 'data-following="false"' in html


def refetch_queries(workshop, participant):
    client = client_as_participant(participant)
    client.get(swap_url(workshop), **HTMX)  # warm the session and the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(swap_url(workshop), **HTMX)
    assert response.status_code == 200
    return len(queries)


def test_refetch_costs_the_same_queries_with_one_team_or_many(live_workshop, participant_a, team_a):
    live_workshop.advance_to(live_workshop.steps.get(position=2))
    live_workshop.gallery_open = True  # the bar then lists the other teams too
    live_workshop.save()
    few = refetch_queries(live_workshop, participant_a)
    step = live_workshop.steps.get(position=2)
    for n in range(12):
        team = Team.objects.create(workshop=live_workshop, name=f"Team {n}", colour="#336699")
        for m in range(5):
            make_participant(live_workshop, team, f"P{n}.{m}")
        TeamNote.objects.create(team=team, step=step, text=f"Notes {n}")
    for m in range(5):
        make_participant(live_workshop, team_a, f"Mate {m}")
    TeamNote.objects.create(team=team_a, step=step, text="Ours")
    many = refetch_queries(live_workshop, participant_a)
    assert many == few
