"""Millrace Park B1's charter entered through the forms: every derived number of the scenario."""

import pytest

from workshop.steps.governance.presentation import present
from workshop.steps.governance.snapshot import build_snapshot

pytestmark = pytest.mark.django_db


def test_b1_charter_entered_through_forms_gives_the_scenario_numbers(b1):
    charter, _client = b1
    c = present(build_snapshot(charter))
    totals = {
        row["name"]: (row["monetised"], row["share"], row["cash"], row["cash_share"])
        for row in c["contribution_totals"]
    }
    assert totals == {
        "City of Port Calder \u2013 Parks & Recreation": (
            "14,000,000.00",
            "18.46",
            "8,000,000.00",
            "12.03",
        ),
        "Millrace Park Foundation": ("23,000,000.00", "30.33", "20,000,000.00", "30.08"),
        "Calder Parks & Trails District": ("22,500,000.00", "29.67", "22,500,000.00", "33.83"),
        "Calder Regional Transit Authority": ("6,000,000.00", "7.91", "6,000,000.00", "9.02"),
        "Hartwell Family Foundation": ("10,000,000.00", "13.19", "10,000,000.00", "15.04"),
        "Eastbank Neighbourhood Association": ("330,000.00", "0.44", "0.00", "0.00"),
    }
    assert (c["contribution_total"], c["contribution_cash_total"]) == (
        "75,830,000.00",
        "66,500,000.00",
    )
    assert c["dependency_alerts"] == ()
    assert (c["largest_share"], c["largest_cash_share"]) == ("30.33", "33.83")
    streams = {s["name"]: s for s in c["streams"]}
    assert streams["Capital contingency release"]["split"] == [
        {"name": "City of Port Calder \u2013 Parks & Recreation", "amount": "33,333.34"},
        {"name": "Millrace Park Foundation", "amount": "33,333.33"},
        {"name": "Calder Parks & Trails District", "amount": "33,333.33"},
    ]
    v1 = streams["Earned income (concessions, event rentals, parking)"]["allocation_rows"]
    assert [(r["recipient"], r["percentage"], r["amount"]) for r in v1] == [
        ("Maintenance endowment", "50.00", "450,000.00"),
        ("Free community programming fund", "30.00", "270,000.00"),
        ("City of Port Calder \u2013 Parks & Recreation", "20.00", "180,000.00"),
    ]
    v2 = streams["Operating and maintenance cost share (pain share)"]["allocation_rows"]
    assert [r["amount"] for r in v2] == ["1,320,000.00", "720,000.00", "360,000.00"]
    assert [r["needs"] for r in c["decision_rules"]] == [
        "needs 6 of 9 votes",
        "",
        "needs 6 of 9 votes",
        "needs 9 of 9 votes",
        "needs 6 of 9 votes",
        "needs 6 of 9 votes",
        "needs 6 of 9 votes",
        "",
        "needs 6 of 9 votes",
    ]
    board = c["bodies"][0]
    assert (board["quorum_count"], board["voting_seats"], board["errors"]) == (6, 9, [])
    assert all(not row["errors"] for row in c["raci"])
    assert [s["error"] for s in c["streams"]] == [""] * 7
    assert c["ladder_errors"] == []
    assert c["risk_warning"] is None
    assert c["review_warning"] is None
    assert c["completeness_pct"] == 100
    assert set(c["states"].values()) == {"fully"}


def test_b1_charter_pages_show_votes_needed_and_completeness(b1, live_workshop, team_a):
    from tests.steps.governance.millrace import url

    _charter, client = b1
    page = client.get(url(live_workshop, team_a, "section", "decisions")).content.decode()
    assert page.count("needs 6 of 9 votes") == 6
    assert "needs 9 of 9 votes" in page
    assert "100 % complete" in page
