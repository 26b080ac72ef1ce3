"""Issue 18's early warnings on the pages: the team's step page lists them with a link to the
record's row (whose id exists), the facilitator's alerts page too; queries stay constant."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_as_user
from tests.interchange.test_warnings_export import _indicator
from tests.steps.alert_links import follow, links
from workshop.steps.scale.models import HealthCheck, HealthRating, HealthResponse, Indicator
from workshop.steps.scale.rules import HEALTH_DIMENSION_CODES

pytestmark = pytest.mark.django_db


def _page(workshop, team):
    return reverse("steps:page", args=[workshop.pk, team.pk, 5])


def _count(client, address):
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


def test_step_page_links_the_stale_indicator(live_workshop, team_a, b1, client_a, facilitator):
    old = timezone.localdate() - datetime.timedelta(days=70)
    indicator = _indicator(team_a, "Meals served", old)
    html = client_a.get(_page(live_workshop, team_a)).content.decode()
    assert "No reading of “Meals served” since" in html
    [href] = links(html, "indicator_no_reading")
    assert href == _page(live_workshop, team_a) + f"#indicator-{indicator.pk}"
    follow(client_a, href)
    alerts = reverse("facilitation:across_alerts", args=[live_workshop.pk])
    jordan = client_as_user(facilitator)
    assert links(jordan.get(alerts).content.decode(), "indicator_no_reading") == [href]
    follow(jordan, href)


def _health_check(team, parties, held_on, rating):
    check = HealthCheck.objects.create(team=team, held_on=held_on)
    response = HealthResponse.objects.create(
        team=team,
        health_check=check,
        respondent_party=next(iter(parties.values())),
        respondent_name="Ana",
    )
    for code in HEALTH_DIMENSION_CODES:
        HealthRating.objects.create(
            response=response, dimension=code, rating=rating if code == "trust" else "green"
        )
    return check


def test_step_page_links_the_last_check_of_a_falling_dimension(live_workshop, team_a, b1, client_a):
    parties, _tenants = b1
    today = timezone.localdate()
    for days, rating in ((200, "green"), (100, "amber"), (10, "red")):
        last = _health_check(team_a, parties, today - datetime.timedelta(days=days), rating)
    html = client_a.get(_page(live_workshop, team_a)).content.decode()
    [href] = links(html, "health_dimension_falling")
    assert href.endswith(f"#check-{last.pk}")
    follow(client_a, href)


def test_step_page_quiet_for_a_fresh_reading(live_workshop, team_a, b1, client_a):
    _indicator(team_a, "Meals served", timezone.localdate())
    assert "No reading of" not in client_a.get(_page(live_workshop, team_a)).content.decode()


def test_queries_stay_constant_as_warnings_grow(
    live_workshop, team_a, b1, client_a, facilitator, django_assert_num_queries
):
    old = timezone.localdate() - datetime.timedelta(days=70)
    jordan = client_as_user(facilitator)
    alerts = reverse("facilitation:across_alerts", args=[live_workshop.pk])
    _indicator(team_a, "Indicator 1", old)
    client_a.get(_page(live_workshop, team_a))  # the first visit records the participant's arrival
    step, across = _count(client_a, _page(live_workshop, team_a)), _count(jordan, alerts)
    for n in (2, 3, 4):
        _indicator(team_a, f"Indicator {n}", old)
    with django_assert_num_queries(step):
        client_a.get(_page(live_workshop, team_a))
    with django_assert_num_queries(across):
        html = jordan.get(alerts).content.decode()
    assert html.count("No reading of") == 4
    for indicator in Indicator.objects.filter(team=team_a):
        assert f"#indicator-{indicator.pk}" in html
