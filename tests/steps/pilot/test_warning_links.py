"""Step 4's early warning about a test card without a metric links to the card on the page of its
own pilot's iteration (not the latest one), from the team's step page and the alerts list."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import client_as_user
from tests.steps import scenario_data as s
from tests.steps.alert_links import follow, links
from tests.steps.pilot.millrace import pilot_fields, post, url
from workshop.steps.pilot.models import Hypothesis, Pilot

pytestmark = pytest.mark.django_db


def test_card_without_metric_links_the_card_on_its_iteration(
    charter_b1, lead_client, live_workshop, team_a, facilitator
):
    _charter, parties = charter_b1
    post(lead_client, url(live_workshop, team_a, "new"), pilot_fields(s.B1_PILOTS[0], parties))
    first = Pilot.objects.get(team=team_a)
    card = Hypothesis.objects.create(
        team=team_a, pilot=first, title="Riders return", belief="b", category="value", metric=""
    )
    Pilot.objects.create(
        team=team_a,
        title="Weekend buses",
        iteration=2,
        start_date=datetime.date(2026, 11, 1),
        end_date=datetime.date(2026, 12, 20),
    )
    page = reverse("steps:page", args=[live_workshop.pk, team_a.pk, 4])
    latest = lead_client.get(page).content.decode()
    assert f'id="card-{card.pk}"' not in latest  # the page shows iteration 2 by default
    [href] = links(latest, "hypothesis_without_metric")
    assert href == f"{page}?pilot=1#card-{card.pk}"
    follow(lead_client, href)
    jordan = client_as_user(facilitator)
    alerts = jordan.get(reverse("facilitation:across_alerts", args=[live_workshop.pk]))
    assert links(alerts.content.decode(), "hypothesis_without_metric") == [href]
