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
from workshop.steps.scale.models import Indicator

pytestmark = pytest.mark.django_db


def _page(workshop, team):
    return reverse("steps:page", args=[workshop.pk, team.pk, 5])


def _count(client, address):
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


def test_step_page_links_the_stale_indicator(live_workshop, team_a, b1, client_a):
    old = timezone.localdate() - datetime.timedelta(days=70)
    indicator = _indicator(team_a, "Meals served", old)
    html = client_a.get(_page(live_workshop, team_a)).content.decode()
    assert f'<a href="#indicator-{indicator.pk}">' in html
    assert f'id="indicator-{indicator.pk}"' in html
    assert "No reading of “Meals served” since" in html


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
