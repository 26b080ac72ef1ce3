"""Millrace Park B1, B2, B3 step 1, entered through the forms: the scenario's numbers exactly."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import client_as_participant, make_participant
from tests.steps import scenario_data as s
from tests.steps.mapping.millrace import load_step1
from workshop.facilitation.models import StepProgress
from workshop.steps.mapping import board as boards

pytestmark = pytest.mark.django_db


@pytest.fixture
def sponsors(live_workshop):
    return live_workshop.teams.create(name="Sponsors")


def enter(live_workshop, team, scenario):
    client = client_as_participant(make_participant(live_workshop, team, "Tester"))
    ids = load_step1(client, team, scenario)
    return client, ids, boards.load(team)


def by_name(board, values):
    return {board.actor_by_id[int(ref.split(":")[1])].name: value for ref, value in values.items()}


def test_b1_riverside_matches_the_scenario(live_workshop, team_a):
    client, _ids, board = enter(live_workshop, team_a, s.B1)
    assert board.fit_verdict == "proceed_with_caveats"
    assert [(f.force, f.position) for f in board.forces] == [
        ("control_vs_capabilities", 3),
        ("short_term_vs_ecosystem_health", 3),
        ("exploitation_vs_synergy", 2),
    ]
    assert board.quadrant_counts == {
        "manage_closely": 3,
        "keep_satisfied": 4,
        "keep_informed": 4,
        "monitor": 1,
    }
    degrees = by_name(board, board.metrics.degrees)
    assert degrees == {
        s.CITY: 7,
        s.FOUNDATION: 7,
        s.EASTBANK: 3,
        s.DISTRICT: 2,
        s.TRANSIT: 2,
        s.YOUTH: 2,
        s.COUNTY: 1,
        s.HARTWELL: 1,
        s.BANK: 1,
        s.TENANTS: 1,
        s.BID: 1,
        s.FUTURE: 0,
    }
    assert sum(degrees.values()) == 28
    assert {k: v for k, v in board.metrics.by_type.items() if v} == {
        "money": 6,
        "services": 3,
        "authority_permission": 2,
        "information_data": 2,
        "trust_reputation": 1,
    }
    assert board.metrics.by_status == {"existing": 5, "proposed": 8, "missing": 1}
    assert board.intangible_pct == "21.4"
    assert board.hub_pct == "50.0"
    assert [(g["rank"], g["gap"].title, g["priority"]) for g in board.ranked_gaps] == [
        (1, s.G2, 20),
        (1, s.G1, 20),
        (3, s.G4, 16),
        (4, s.G3, 15),
    ]
    assert board.completion.complete is True
    assert [w.key for w in board.completion.warnings] == ["isolated_actors", "low_intangible_share"]
    progress = StepProgress.objects.get(team=team_a, step__position=1)
    assert (progress.completion_pct, progress.warnings_count) == (100, 2)
    amounts = {f.label: f.amount for f in board.flows if f.amount is not None}
    assert amounts["Sales-tax capital allocation (30 % of district receipts)"] == Decimal(
        "4500000.00"
    )
    page = client.get(reverse("steps:page", args=[live_workshop.pk, team_a.pk, 1]))
    assert page.status_code == 200
    assert "Proceed with caveats" in page.content.decode()


def test_b2_city_hall_matches_the_scenario(live_workshop, team_b):
    _client, _ids, board = enter(live_workshop, team_b, s.B2)
    assert board.fit_verdict == "proceed"
    assert board.quadrant_counts == {
        "manage_closely": 6,
        "keep_satisfied": 2,
        "keep_informed": 1,
        "monitor": 0,
    }
    degrees = by_name(board, board.metrics.degrees)
    assert degrees[s.CITY] == 7
    assert degrees[s.FOUNDATION] == 3
    assert degrees[s.B2_COUNTY] == 0
    assert (
        sorted(v for k, v in degrees.items() if k not in (s.CITY, s.FOUNDATION, s.B2_COUNTY))
        == [1] * 6
    )
    assert board.hub_pct == "87.5"
    assert board.intangible_pct == "25.0"
    assert board.metrics.by_status == {"existing": 2, "proposed": 6, "missing": 0}
    assert board.completion.complete is True
    assert [w.key for w in board.completion.warnings] == [
        "isolated_actors",
        "no_non_human_or_future_actor",
        "hub_dependency",
    ]
    assert [(g["gap"].title, g["priority"]) for g in board.ranked_gaps] == [(s.B2_GAP_TITLE, 16)]


def test_b3_sponsors_is_blocked_with_six_checks_and_four_warnings(live_workshop, sponsors):
    _client, _ids, board = enter(live_workshop, sponsors, s.B3)
    assert [c.key for c in board.completion.blocking] == [
        "fit_check",
        "actors",
        "actor_types",
        "flows",
        "gaps",
        "purpose",
    ]
    warnings = board.completion.warnings
    assert [w.key for w in warnings] == [
        "isolated_actors",
        "no_non_human_or_future_actor",
        "low_intangible_share",
        "hub_dependency",
    ]
    assert warnings[0].message == "Not connected by any flow: City of Port Calder, Riverfront BID."
    assert board.intangible_pct == "0.0"
    assert board.hub_pct == "100.0"
    progress = StepProgress.objects.get(team=sponsors, step__position=1)
    assert progress.warnings_count == 4
    assert progress.completion_pct == 14  # 1 of 7 checks (every voiceless actor has a proxy)
