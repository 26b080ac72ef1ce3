"""The charter preview and the PDF downloads run a fixed number of queries, however many records."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.charter.millrace import load_steps_4_5
from tests.conftest import client_as_participant
from workshop.steps.governance.models import CharterParty
from workshop.steps.mapping.models import Actor
from workshop.steps.pilot.models import CharterChange, Hypothesis, Lesson, Pilot, PilotRisk
from workshop.steps.scale.models import (
    HealthCheck,
    HealthRating,
    HealthResponse,
    Indicator,
    IndicatorReading,
    ScalingAction,
)
from workshop.steps.scale.rules import HEALTH_DIMENSION_CODES

pytestmark = pytest.mark.django_db


def add_more_records(team):
    """Three more pilots full of cards, lessons and risks; eight more indicators with readings;
    more scaling actions with new partners; a later health check answered by every party."""
    parties = list(CharterParty.objects.filter(charter__team=team).select_related("actor"))
    actors = list(Actor.objects.filter(team=team))
    for iteration in (3, 4, 5):
        pilot = Pilot.objects.create(
            team=team,
            title=f"Pilot {iteration}",
            iteration=iteration,
            start_date=datetime.date(2027, 5, 1),
            end_date=datetime.date(2027, 9, 30),
            status="running",
        )
        pilot.parties.set(parties[:3])
        cards = [
            Hypothesis.objects.create(
                team=team,
                pilot=pilot,
                title=f"Card {iteration}.{n}",
                category="value",
                metric="Visits",
                unit="count",
                comparator="gte",
                target_value=Decimal(10),
                result_value=Decimal(n * 4),
            )
            for n in range(4)
        ]
        for n in range(2):
            lesson = Lesson.objects.create(
                team=team, pilot=pilot, text=f"Lesson {n}", kind="process"
            )
            lesson.hypotheses.set(cards[:2])
            CharterChange.objects.create(team=team, lesson=lesson, section="scope", description="x")
            PilotRisk.objects.create(
                team=team,
                pilot=pilot,
                title=f"Risk {n}",
                category="conflict",
                likelihood=2,
                impact=3,
                owner=parties[n],
            )
    for n in range(8):
        indicator = Indicator.objects.create(
            team=team,
            name=f"Extra indicator {n}",
            indicator_type="output",
            unit="count",
            direction="higher_is_better",
            baseline=Decimal(1),
            target=Decimal(10),
            warning_threshold=Decimal(5),
            frequency="quarterly",
            data_source="Log",
            owner=parties[n % len(parties)],
        )
        for month in (3, 6, 9):
            IndicatorReading.objects.create(
                team=team,
                indicator=indicator,
                observed_on=datetime.date(2027, month, 30),
                value=Decimal(month),
            )
    for n in range(4):
        action = ScalingAction.objects.create(
            team=team,
            pathway="add_partners",
            description=f"Bring in more partners {n}",
            owner=parties[n],
            due_date=datetime.date(2030, 1, 1),
        )
        action.new_actors.set(actors[:3])
    check = HealthCheck.objects.create(team=team, held_on=datetime.date(2028, 3, 1))
    for party in parties:
        response = HealthResponse.objects.create(
            team=team, health_check=check, respondent_party=party
        )
        HealthRating.objects.bulk_create(
            HealthRating(response=response, dimension=code, rating="amber")
            for code in HEALTH_DIMENSION_CODES
        )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_preview_and_pdf_downloads_query_counts_do_not_grow_with_the_records(
    b1_charter, team_a, participant_a
):
    load_steps_4_5(team_a)
    client = client_as_participant(participant_a)
    args = [team_a.workshop_id, team_a.pk, 3]
    urls = {
        "preview": reverse("charter:preview", args=args),
        "preview of v1": reverse("charter:preview", args=args) + "?version=1",
        "live draft PDF": reverse("charter:pdf", args=args) + "?version=live",
        "published PDF, rendered": reverse("charter:pdf", args=args),
        "published PDF, stored": reverse("charter:pdf", args=args),
    }
    client.get(urls["preview"])  # the first request of a session does some one-off work
    few = {name: count_queries(client, url) for name, url in urls.items()}

    add_more_records(team_a)
    many = {name: count_queries(client, url) for name, url in urls.items()}

    assert many == few
    assert few["preview"] <= 60
