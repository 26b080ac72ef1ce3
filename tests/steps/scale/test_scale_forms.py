"""Step 5 through its endpoints: bad input (C-B11, V31, V32), locks, stale edits, the e-mailed
health-check link, and constant query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from tests.steps import scenario_data as s
from tests.steps.scale.millrace import action_fields, indicator_fields, post, url
from workshop.steps.scale.completion import TeamScale
from workshop.steps.scale.models import (
    HealthCheck,
    HealthCheckInvite,
    HealthResponse,
    Indicator,
    IndicatorReading,
)

J1, J4 = s.B1_INDICATORS[0], s.B1_INDICATORS[3]


def test_add_partners_with_a_core_party_is_refused(live_workshop, team_a, b1, client_a):
    parties, _tenants = b1
    city = parties[s.P1].actor
    action = s.B1_SCALING_ACTIONS[1]
    response = post(
        client_a,
        url(live_workshop, team_a, "add", "actions"),
        action_fields(action, parties, [city]),
        expect=400,
    )
    assert "These actors are already core parties." in response.content.decode()
    assert escape(action.description) in response.content.decode()  # typed text kept


def test_replicate_without_a_place_is_refused(live_workshop, team_a, b1, client_a):
    parties, _tenants = b1
    response = post(
        client_a,
        url(live_workshop, team_a, "add", "actions"),
        action_fields(s.B1_SCALING_ACTIONS[0], parties, target_context=""),
        expect=400,
    )
    assert "Say where the model will be replicated." in response.content.decode()


def test_lower_is_better_warning_below_target_is_refused(live_workshop, team_a, b1, client_a):
    parties, _tenants = b1
    response = client_a.post(
        url(live_workshop, team_a, "add", "indicators"),
        indicator_fields(J4, parties, target="2", warning_threshold="1"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert (
        "For ‘lower is better’ the warning level must be at or above the target."  # noqa: RUF001
        in response.content.decode()
    )
    assert Indicator.objects.count() == 0


def test_duplicate_indicator_name_names_the_existing_one(live_workshop, team_a, b1, client_a):
    parties, _tenants = b1
    post(client_a, url(live_workshop, team_a, "add", "indicators"), indicator_fields(J1, parties))
    response = post(
        client_a,
        url(live_workshop, team_a, "add", "indicators"),
        indicator_fields(J1, parties, name=J1.name.upper()),
        expect=400,
    )
    assert f"This team already has an indicator called “{J1.name}”." in response.content.decode()


def test_second_reading_on_the_same_date_is_refused(live_workshop, team_a, b1, client_a):
    parties, _tenants = b1
    post(client_a, url(live_workshop, team_a, "add", "indicators"), indicator_fields(J1, parties))
    indicator = Indicator.objects.get()
    reading = {"observed_on": "2027-06-30", "value": "1420"}
    post(client_a, url(live_workshop, team_a, "reading", indicator.pk), reading)
    response = post(
        client_a,
        url(live_workshop, team_a, "reading", indicator.pk),
        {**reading, "value": "1500"},
        expect=400,
    )
    assert "There is already a reading for this date" in response.content.decode()
    assert list(IndicatorReading.objects.values_list("value", flat=True)) == [Decimal("1420.00")]


def test_locked_step_refuses_an_indicator(live_workshop, team_a, b1, client_a):
    parties, _tenants = b1
    step = live_workshop.steps.get(position=5)
    step.state = "locked"
    step.save(update_fields=["state"])
    response = post(
        client_a,
        url(live_workshop, team_a, "add", "indicators"),
        indicator_fields(J1, parties),
        expect=403,
    )
    assert "The facilitator has locked this step." in response.content.decode()
    assert Indicator.objects.count() == 0


def test_stale_indicator_edit_shows_both_values(live_workshop, team_a, b1, client_a, teammate_a):
    from tests.conftest import client_as_participant

    parties, _tenants = b1
    post(client_a, url(live_workshop, team_a, "add", "indicators"), indicator_fields(J1, parties))
    indicator = Indicator.objects.get()
    edit = url(live_workshop, team_a, "edit", "indicators", indicator.pk)
    post(
        client_as_participant(teammate_a),
        edit,
        indicator_fields(J1, parties, target="1700", version=1),
    )
    response = post(
        client_a, edit, indicator_fields(J1, parties, target="1650", version=1), expect=409
    )
    html = response.content.decode()
    assert "Someone else changed this since you opened it." in html
    assert "1700" in html and "1650" in html
    indicator.refresh_from_db()
    assert indicator.target == Decimal("1700.00")


def test_other_team_cannot_add_to_this_team(live_workshop, team_a, b1, participant_b):
    from tests.conftest import client_as_participant

    parties, _tenants = b1
    response = client_as_participant(participant_b).post(
        url(live_workshop, team_a, "add", "indicators"), indicator_fields(J1, parties)
    )
    assert response.status_code == 404  # another team's step is not theirs to see
    assert Indicator.objects.count() == 0


# --- The e-mailed health-check link -----------------------------------------------------------


def ratings(**overrides):
    data = {f"rating_{code}": "green" for code in s_codes()}
    data.update({f"rating_{k}": v for k, v in overrides.items()})
    return data


def s_codes():
    from workshop.steps.scale.rules import HEALTH_DIMENSION_CODES

    return HEALTH_DIMENSION_CODES


def invite(client, workshop, team, check, party, email, expires="2099-01-01"):
    post(
        client,
        url(workshop, team, "invite", check.pk),
        {"party": party.pk, "email": email, "expires_on": expires},
    )
    return re.search(r"https?://\S+/health/[\w-]+/", mail.outbox[-1].body).group(0)


@pytest.fixture
def check(live_workshop, team_a, b1, client_a):
    post(client_a, url(live_workshop, team_a, "add", "checks"), {"held_on": "2027-09-15"})
    return HealthCheck.objects.get()


def test_health_check_by_emailed_link_scores_by_rule_8_10(
    live_workshop, team_a, b1, client_a, client, check, facilitator
):
    from tests.conftest import client_as_user

    parties, _tenants = b1
    link_city = invite(client_a, live_workshop, team_a, check, parties[s.P1], "city@example.org")
    link_fdn = invite(client_a, live_workshop, team_a, check, parties[s.P2], "fdn@example.org")
    assert [m.to for m in mail.outbox] == [["city@example.org"], ["fdn@example.org"]]
    path_city = link_city.split("testserver", 1)[-1]
    assert client.get(path_city).status_code == 200
    # Red needs a comment (V33); nothing is stored until all seven are rated with it.
    response = client.post(path_city, ratings(trust="red"))
    assert response.status_code == 400
    assert "Say why you rated this red." in response.content.decode()
    response = client.post(path_city, {"rating_trust": "green"})
    assert "Rate all 7 dimensions." in response.content.decode()
    assert HealthResponse.objects.count() == 0
    city = ratings(trust="red", equity_mutual_benefit="amber")
    city["comment_trust"] = "Budget surprises"
    assert client.post(path_city, {**city, "respondent_name": "Ana"}).status_code == 200
    fdn = ratings(equity_mutual_benefit="amber", monitor_learn="amber")
    assert client.post(link_fdn.split("testserver", 1)[-1], fdn).status_code == 200
    # Reuse is refused with a clear message.
    again = client.post(path_city, city)
    assert again.status_code == 410
    assert "This link has been used" in again.content.decode()
    assert HealthResponse.objects.count() == 2

    scores = TeamScale.load(team_a).checks[0].scores
    # City: 12 - 2 (red) - 1 (amber) = 11 of 14; Foundation: 12 of 14; overall 23 of 28.
    assert scores.overall_pct == Decimal(23) / 28 * 100
    assert scores.dimensions["trust"].score_pct == Decimal(50)
    assert scores.dimensions["trust"].discuss is True
    assert scores.dimensions["equity_mutual_benefit"].score_pct == Decimal(50)
    assert scores.dimensions["equity_mutual_benefit"].discuss is True
    assert scores.dimensions["monitor_learn"].score_pct == Decimal(75)
    assert scores.dimensions["monitor_learn"].discuss is True  # 1 of 2 amber: ≥ 50 %
    assert scores.dimensions["need_recognised"].discuss is False
    page = reverse("steps:page", args=[live_workshop.pk, team_a.pk, 5])
    team_html = client_a.get(page).content.decode()
    assert "<span data-overall>82 %</span>" in team_html
    assert "data-per-respondent" not in team_html  # per-respondent % only to the facilitator
    facilitator_html = client_as_user(facilitator).get(page).content.decode()
    assert "data-per-respondent" in facilitator_html


def test_expired_link_is_refused(live_workshop, team_a, b1, client_a, client, check):
    parties, _tenants = b1
    link = invite(client_a, live_workshop, team_a, check, parties[s.P1], "city@example.org")
    HealthCheckInvite.objects.update(expires_on=datetime.date(2020, 1, 1))
    response = client.post(link.split("testserver", 1)[-1], ratings())
    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()
    assert HealthResponse.objects.count() == 0


def test_unknown_token_is_404(db, client):
    assert client.get("/health/not-a-token/").status_code == 404


def test_one_link_per_party(live_workshop, team_a, b1, client_a, check):
    parties, _tenants = b1
    invite(client_a, live_workshop, team_a, check, parties[s.P1], "city@example.org")
    response = post(
        client_a,
        url(live_workshop, team_a, "invite", check.pk),
        {"party": parties[s.P1].pk, "email": "x@example.org", "expires_on": "2099-01-01"},
        expect=400,
    )
    assert "Select a valid choice." in response.content.decode()
    assert HealthCheckInvite.objects.count() == 1


# --- Query counts -----------------------------------------------------------------------------


def _indicators(team, parties, n, start=0):
    for i in range(start, start + n):
        indicator = Indicator.objects.create(
            team=team,
            name=f"Indicator {i}",
            indicator_type="outcome",
            unit="%",
            direction="higher_is_better",
            baseline=1,
            target=10,
            warning_threshold=5,
            frequency="annual",
            data_source="x",
            owner=parties[s.P1],
        )
        for day in (1, 2):
            IndicatorReading.objects.create(
                team=team, indicator=indicator, observed_on=datetime.date(2027, 1, day), value=day
            )


def _count_page(client, workshop, team, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("steps:page", args=[workshop.pk, team.pk, 5]))
    assert response.status_code == 200
    return len(queries)


def test_step_page_queries_do_not_grow_with_indicators(
    live_workshop, team_a, b1, client_a, django_assert_num_queries
):
    parties, _tenants = b1
    _indicators(team_a, parties, 3)
    client_a.get(reverse("steps:page", args=[live_workshop.pk, team_a.pk, 5]))  # session warm-up
    few = _count_page(client_a, live_workshop, team_a, django_assert_num_queries)
    _indicators(team_a, parties, 27, start=3)
    assert Indicator.objects.count() == 30
    with django_assert_num_queries(few):
        client_a.get(reverse("steps:page", args=[live_workshop.pk, team_a.pk, 5]))
