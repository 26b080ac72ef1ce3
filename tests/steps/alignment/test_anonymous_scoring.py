"""Anonymous scoring (issue 18): the reveal shows spread and disagreement, never who scored what;
the choice is told to voters and fixed once any score exists."""

# ruff: noqa: F811 (the fixtures imported from test_views)

import pytest
from django.urls import reverse

from tests.conftest import client_as_participant, client_as_user
from tests.facilitation.test_workshops import edit_data
from tests.steps.alignment.entry import url
from tests.steps.alignment.test_views import board_a, lead_a, step2  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

NOTE = "Scores in this workshop are revealed anonymously"


def _vote(client, workshop, team, candidate, values):
    client.post(url("vote", workshop, team, candidate.pk), values)


def _anonymous(workshop):
    workshop.anonymous_scoring = True
    workshop.save(update_fields=["anonymous_scoring"])


def test_anonymous_reveal_shows_spread_and_disagreement_without_names(
    live_workshop,
    team_a,
    participant_a,
    teammate_a,
    lead_a,
    board_a,
):
    _anonymous(live_workshop)
    values, capital, candidate = board_a
    marcus, amara = client_as_participant(participant_a), client_as_participant(teammate_a)
    assert NOTE in marcus.get(url("scoring", live_workshop, team_a)).content.decode()
    _vote(marcus, live_workshop, team_a, candidate, {f"c{values.pk}": "5", f"c{capital.pk}": "2"})
    _vote(amara, live_workshop, team_a, candidate, {f"c{values.pk}": "3", f"c{capital.pk}": "3"})
    client_as_participant(lead_a).post(url("reveal", live_workshop, team_a))
    for client in (marcus, amara, client_as_user(live_workshop.owner)):
        html = client.get(url("scoring", live_workshop, team_a)).content.decode()
        assert NOTE in html
        assert "Marcus" not in html.split('id="scoring"', 1)[1].split("ranking", 1)[0]
        assert "Amara</span>" not in html
        assert "Scores given: 5 · 3" in html
        assert "spread 2" in html and "discuss-badge" in html
    step_page = amara.get(
        reverse("steps:page", args=[live_workshop.pk, team_a.pk, 2])
    ).content.decode()
    assert "Marcus</span> 5" not in step_page and "Scores given: 5 · 3" in step_page


def test_named_reveal_is_unchanged_by_default(
    live_workshop,
    team_a,
    participant_a,
    lead_a,
    board_a,
):
    values, capital, candidate = board_a
    marcus = client_as_participant(participant_a)
    assert NOTE not in marcus.get(url("scoring", live_workshop, team_a)).content.decode()
    _vote(marcus, live_workshop, team_a, candidate, {f"c{values.pk}": "5", f"c{capital.pk}": "2"})
    client_as_participant(lead_a).post(url("reveal", live_workshop, team_a))
    html = marcus.get(url("scoring", live_workshop, team_a)).content.decode()
    assert "Marcus</span> 5" in html and "Scores given" not in html


def test_choice_is_saved_before_voting_and_fixed_after_the_first_score(
    live_workshop,
    team_a,
    participant_a,
    facilitator,
    board_a,
):
    jordan = client_as_user(facilitator)
    edit = reverse("facilitation:edit", args=[live_workshop.pk])
    response = jordan.post(edit, edit_data(live_workshop, anonymous_scoring="on"))
    assert response.status_code == 302
    live_workshop.refresh_from_db()
    assert live_workshop.anonymous_scoring is True
    values, capital, candidate = board_a
    _vote(
        client_as_participant(participant_a),
        live_workshop,
        team_a,
        candidate,
        {f"c{values.pk}": "4", f"c{capital.pk}": "4"},
    )
    response = jordan.post(edit, edit_data(live_workshop))  # unticked
    assert response.status_code == 200
    assert "how scores are revealed is fixed once voting starts" in response.content.decode()
    live_workshop.refresh_from_db()
    assert live_workshop.anonymous_scoring is True
    # Saving other settings with the same choice still works.
    response = jordan.post(edit, edit_data(live_workshop, anonymous_scoring="on", title="Renamed"))
    assert response.status_code == 302


def test_votes_csv_leaves_names_out_when_anonymous(
    live_workshop, team_a, participant_a, facilitator, board_a
):
    values, capital, candidate = board_a
    _vote(
        client_as_participant(participant_a),
        live_workshop,
        team_a,
        candidate,
        {f"c{values.pk}": "4", f"c{capital.pk}": "2"},
    )
    address = reverse("facilitation:export_csv", args=[live_workshop.pk, "votes"])
    jordan = client_as_user(facilitator)
    assert "Marcus" in jordan.get(address).content.decode()
    _anonymous(live_workshop)
    sheet = jordan.get(address).content.decode()
    assert "Marcus" not in sheet and "participant" not in sheet.splitlines()[0]
    assert len(sheet.splitlines()) == 3  # header and the two votes, still there
