"""Millrace Park B1, B2 and B3 step 2 entered through the forms; exact expected values."""

import pytest

from tests.steps.alignment.entry import enter_step_2, ranking_rows, scenario_team, url
from tests.steps.scenario_data import B1, B2, B3, P1_NAME
from workshop.facilitation.models import StepProgress
from workshop.steps.alignment.board import Board

pytestmark = pytest.mark.django_db


def test_b1_ranking_weights_and_completion(live_workshop, team_a):
    _lead, client = scenario_team(live_workshop, team_a, B1)
    enter_step_2(live_workshop, team_a, B1, client)

    ranking = client.get(url("ranking", live_workshop, team_a)).content.decode()
    assert ranking_rows(ranking) == [
        ("1", "Calder Parks & Trails District Selected", "4.05", "81.0"),
        ("2", "Calder Regional Transit Authority Selected", "3.30", "66.0"),
        ("3", "Hartwell Family Foundation Selected", "3.25", "65.0"),
        ("4", "Eastbank Neighbourhood Association Selected", "3.15", "63.0"),
        ("5", "Riverfront Business Improvement District Declined by us", "2.80", "56.0"),
        (
            "—",
            f"First Harbor Bank Declined by us ⛔ gated: {P1_NAME} scored 2, minimum 3",
            "2.15",
            "—",
        ),
        ("—", "Millrace Tenants' Union In conversation incomplete (3/6 scored)", "—", "—"),
    ]
    board = Board(team_a)
    assert [share for _c, share in board.criteria_rows] == [
        "25.00",
        "20.00",
        "15.00",
        "15.00",
        "15.00",
        "10.00",
    ]
    assert (board.relational_share, board.financial_technical_share) == ("50.00", "35.00")
    assert board.completion.complete is True
    assert board.completion.warnings == ()
    progress = StepProgress.objects.get(team=team_a, step__position=2)
    assert (progress.completion_pct, progress.warnings_count) == (100, 0)
    page = client.get(f"/w/{live_workshop.pk}/team/{team_a.pk}/step/2/").content.decode()
    assert "Relational 50.00 %" in page
    assert "Financial and technical 35.00 %" in page


def test_b2_selection_below_rank_warning_shows_the_rationale(live_workshop, team_b):
    _lead, client = scenario_team(live_workshop, team_b, B2, "Dana")
    enter_step_2(live_workshop, team_b, B2, client)

    board = Board(team_b)
    assert [share for _c, share in board.criteria_rows] == [
        "35.00",
        "25.00",
        "20.00",
        "10.00",
        "10.00",
    ]
    assert (board.relational_share, board.financial_technical_share) == ("40.00", "60.00")
    assert board.too_financial is False  # 60 % is the limit, the warning is for more
    assert [(e.rank, e.candidate.name, e.display_score) for e in board.ranking] == [
        (1, "Calder Parks & Trails District", "4.15"),
        (2, "Millrace Park Foundation", "4.00"),
        (3, "Hartwell Family Foundation", "3.40"),
        (4, "Calder Regional Transit Authority (CRTA)", "3.05"),
        (5, "Riverfront BID", "2.70"),
    ]
    assert board.completion.complete is True
    (warning,) = board.completion.warnings
    assert warning.key == "selection_below_rank"
    assert warning.message == (
        "Calder Regional Transit Authority (CRTA) is selected with 3.05 but scores below "
        "Hartwell Family Foundation (3.40, Declined by us: City policy: donors do not sit on "
        "governance bodies)."
    )
    summary = client.get(url("ranking", live_workshop, team_b)).content.decode()
    assert ranking_rows(summary)[3] == (
        "4",
        "Calder Regional Transit Authority (CRTA) Selected",
        "3.05",
        "61.0",
    )


def test_b3_cannot_be_submitted_and_warns_about_financial_weight(live_workshop, team_b):
    _lead, client = scenario_team(live_workshop, team_b, B3, "Chris")
    enter_step_2(live_workshop, team_b, B3, client)

    board = Board(team_b)
    assert [(e.rank, e.candidate.name, e.display_score, e.note) for e in board.ranking] == [
        (1, "Millrace Park Foundation", "3.20", ""),
        (None, "City of Port Calder", "", "incomplete (1/2 scored)"),
    ]
    assert [check.key for check in board.completion.blocking] == [
        "criteria",
        "fully_scored",
        "selected",
    ]
    (warning,) = board.completion.warnings
    assert warning.key == "financial_technical_share"
    assert "100.00 %" in warning.message
    assert board.financial_technical_share == "100.00"

    response = client.post(f"/w/{live_workshop.pk}/team/{team_b.pk}/step/2/submit/", follow=True)
    assert "Not yet: 3 checks are still open." in response.content.decode()
    assert StepProgress.objects.get(team=team_b, step__position=2).status != "submitted"
