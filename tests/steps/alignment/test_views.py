"""Step 2's forms and pages: blind votes, the reveal, consensus, bad inputs, access and deletes."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_as_participant, client_as_user
from tests.steps.alignment.entry import form_errors, make_lead, open_step_2, url
from workshop.facilitation.forms import WorkshopForm
from workshop.steps.alignment.models import (
    Candidate,
    Conversation,
    Criterion,
    Score,
    ScoreVote,
    ScoringRound,
)
from workshop.steps.mapping.models import Actor

pytestmark = pytest.mark.django_db


def actor(team, name, convenor=False):
    return Actor.objects.create(
        team=team,
        name=name,
        actor_type="organisation",
        sector="public",
        influence=3,
        interest=3,
        is_convenor=convenor,
    )


def criterion(team, name="Shared values", weight="25", order=1, **extra):
    return Criterion.objects.create(
        team=team,
        name=name,
        category=extra.pop("category", "values_alignment"),
        weight=Decimal(weight),
        order=order,
        **extra,
    )


@pytest.fixture
def step2(live_workshop):
    return open_step_2(live_workshop)


@pytest.fixture
def lead_a(live_workshop, team_a):
    return make_lead(live_workshop, team_a, "Lin")


@pytest.fixture
def board_a(team_a, step2):
    """Two criteria and one candidate for team A."""
    first = criterion(team_a, "Shared values", "25", 1, scoring_guide="1 = none, 5 = fully shared")
    second = criterion(team_a, "Capital", "75", 2, category="financial_capacity")
    candidate = Candidate.objects.create(
        team=team_a, actor=actor(team_a, "Hartwell Family Foundation")
    )
    return first, second, candidate


def criterion_data(**overrides):
    data = {
        "name": "Long-term vision",
        "category": "long_term_vision",
        "weight": "10",
        "min_acceptable": "",
        "scoring_guide": "",
        "description": "",
    }
    data.update(overrides)
    return data


# --- Votes, reveal, consensus ---------------------------------------------------------------


def test_votes_stay_private_until_the_lead_reveals_them(
    live_workshop, team_a, participant_a, teammate_a, lead_a, board_a
):
    values, capital, candidate = board_a
    marcus, amara = client_as_participant(participant_a), client_as_participant(teammate_a)
    marcus.post(
        url("vote", live_workshop, team_a, candidate.pk),
        {f"c{values.pk}": "5", f"c{capital.pk}": "2"},
    )
    amara.post(
        url("vote", live_workshop, team_a, candidate.pk),
        {f"c{values.pk}": "4", f"c{capital.pk}": "3"},
    )
    assert sorted(ScoreVote.objects.values_list("participant__display_name", "value")) == [
        ("Amara", 3),
        ("Amara", 4),
        ("Marcus", 2),
        ("Marcus", 5),
    ]
    amaras_view = amara.get(url("scoring", live_workshop, team_a)).content.decode()
    assert "Your scores are private until the reveal." in amaras_view
    assert "Marcus" not in amaras_view
    assert 'value="4" checked' in amaras_view  # her own vote, and only hers
    assert 'value="5" checked' not in amaras_view
    # A member who is not the lead cannot reveal.
    assert amara.post(url("reveal", live_workshop, team_a)).status_code == 403
    assert (
        client_as_participant(lead_a).post(url("reveal", live_workshop, team_a)).status_code == 302
    )
    assert ScoringRound.objects.get(team=team_a).revealed is True

    revealed = amara.get(url("scoring", live_workshop, team_a)).content.decode()
    assert 'Amara</span> 4 · <span class="user-text" dir="auto">Marcus</span> 5' in revealed
    assert "mean 4.50" in revealed
    assert "mean 2.50" in revealed
    assert revealed.count("spread 1") == 2
    assert "discuss-badge" not in revealed
    # Consensus prefilled with the rounded mean, half up: 4.5 -> 5 and 2.5 -> 3.
    assert f'id="agree{candidate.pk}-c{values.pk}-5" value="5" checked' in revealed
    assert f'id="agree{candidate.pk}-c{capital.pk}-3" value="3" checked' in revealed


def test_spread_of_two_is_marked_for_discussion(
    live_workshop, team_a, participant_a, teammate_a, board_a
):
    values, _capital, candidate = board_a
    for who, value in ((participant_a, "5"), (teammate_a, "3")):
        client_as_participant(who).post(
            url("vote", live_workshop, team_a, candidate.pk), {f"c{values.pk}": value}
        )
    client_as_user(live_workshop.owner).post(url("reveal", live_workshop, team_a))
    page = client_as_participant(participant_a).get(url("scoring", live_workshop, team_a))
    html = page.content.decode()
    assert html.count("matrix-row disagreement") == 1
    assert "spread 2" in html
    assert "⚠ </span>Discuss" in html
    assert "No votes" in html  # capital: nobody voted


def test_consensus_is_refused_before_the_reveal_and_saved_after(
    live_workshop, team_a, participant_a, lead_a, board_a
):
    values, capital, candidate = board_a
    client = client_as_participant(participant_a)
    address = url("consensus", live_workshop, team_a, candidate.pk)
    early = client.post(address, {f"c{values.pk}": "4"})
    assert early.status_code == 409
    assert "Reveal the scores first" in form_errors(early)
    assert not Score.objects.exists()
    client_as_participant(lead_a).post(url("reveal", live_workshop, team_a))
    assert client.post(address, {f"c{values.pk}": "4", f"c{capital.pk}": "2"}).status_code == 302
    assert sorted(Score.objects.values_list("criterion__name", "value", "version")) == [
        ("Capital", 2, 1),
        ("Shared values", 4, 1),
    ]
    ranking = client.get(url("ranking", live_workshop, team_a)).content.decode()
    assert "2.50" in ranking  # (25*4 + 75*2) / 100


def test_stale_consensus_shows_both_values_and_keeps_the_stored_one(
    live_workshop, team_a, participant_a, teammate_a, lead_a, board_a
):
    values, _capital, candidate = board_a
    client_as_participant(lead_a).post(url("reveal", live_workshop, team_a))
    address = url("consensus", live_workshop, team_a, candidate.pk)
    client_as_participant(participant_a).post(address, {f"c{values.pk}": "4", f"v{values.pk}": "0"})
    stale = client_as_participant(teammate_a).post(
        address, {f"c{values.pk}": "2", f"v{values.pk}": "0"}, HTTP_HX_REQUEST="true"
    )
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "Someone else changed this since you opened it." in html
    assert "<td>4</td><td>2</td>" in html
    assert f'id="agree{candidate.pk}-c{values.pk}-2" value="2" checked' in html
    assert Score.objects.get().value == 4


def test_vote_outside_the_scale_is_refused_with_the_scale(
    live_workshop, team_a, participant_a, board_a
):
    values, _capital, candidate = board_a
    response = client_as_participant(participant_a).post(
        url("vote", live_workshop, team_a, candidate.pk), {f"c{values.pk}": "6"}
    )
    assert response.status_code == 400
    assert form_errors(response) == "Enter a whole number from 1 to 5."
    assert not ScoreVote.objects.exists()


def test_locked_step_refuses_a_score_and_keeps_the_typed_value(
    live_workshop, team_a, participant_a, lead_a, board_a, step2
):
    values, _capital, candidate = board_a
    client_as_participant(lead_a).post(url("reveal", live_workshop, team_a))
    step2.state = "locked"
    step2.save()
    response = client_as_participant(participant_a).post(
        url("consensus", live_workshop, team_a, candidate.pk),
        {f"c{values.pk}": "3"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    assert "The facilitator has locked this step." in response.content.decode()
    assert f'id="agree{candidate.pk}-c{values.pk}-3" value="3" checked' in response.content.decode()
    assert not Score.objects.exists()


def test_score_for_another_teams_candidate_is_not_found(
    live_workshop, team_a, team_b, participant_a, step2
):
    theirs = Candidate.objects.create(team=team_b, actor=actor(team_b, "Riverfront BID"))
    response = client_as_participant(participant_a).post(
        url("vote", live_workshop, team_a, theirs.pk), {"c1": "3"}
    )
    assert response.status_code == 404
    assert not ScoreVote.objects.exists()


def test_facilitator_can_reveal_and_other_teams_cannot(
    live_workshop, team_a, participant_b, board_a
):
    assert (
        client_as_participant(participant_b).post(url("reveal", live_workshop, team_a)).status_code
        == 404
    )
    assert not ScoringRound.objects.exists()
    assert (
        client_as_user(live_workshop.owner).post(url("reveal", live_workshop, team_a)).status_code
        == 302
    )
    assert ScoringRound.objects.get(team=team_a).revealed is True


# --- Criteria -----------------------------------------------------------------------------------


def test_concurrent_weight_edit_shows_both_values(
    live_workshop, team_a, participant_a, teammate_a, step2
):
    c1 = criterion(team_a, "Shared values", "25")
    address = url("criterion_edit", live_workshop, team_a, c1.pk)
    data = criterion_data(name="Shared values", category="values_alignment", version="1")
    assert (
        client_as_participant(participant_a).post(address, {**data, "weight": "30"}).status_code
        == 302
    )
    stale = client_as_participant(teammate_a).post(address, {**data, "weight": "20"})
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "Someone else changed this since you opened it." in html
    assert (
        '<td class="user-text" dir="auto">30.00</td><td class="user-text" dir="auto">20</td>'
        in html
    )
    assert 'name="weight" value="20"' in html
    c1.refresh_from_db()
    assert (c1.weight, c1.version) == (Decimal("30.00"), 2)


@pytest.mark.parametrize(
    ("weight", "messages"),
    [
        (
            "0.001",
            "Ensure this value is greater than or equal to 0.01. Ensure that there are no more "
            "than 2 decimal places.",
        ),
        ("45,000", "Enter a number."),
        ("NaN", "Enter a number."),
        ("-1", "Ensure this value is greater than or equal to 0.01."),
        ("1000.01", "Ensure this value is less than or equal to 1000.00."),
    ],
)
def test_bad_weights_are_refused_beside_the_field(
    live_workshop, team_a, participant_a, step2, weight, messages
):
    response = client_as_participant(participant_a).post(
        url("criteria", live_workshop, team_a), criterion_data(weight=weight)
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert form_errors(response).replace("\n", " ") == messages.replace(". E", ".E")
    assert f'name="weight" value="{weight}"' in html
    assert 'aria-invalid="true"' in html
    assert not Criterion.objects.exists()


def test_weights_any_scale_accepted_and_normalised(live_workshop, team_a, participant_a, step2):
    client = client_as_participant(participant_a)
    for name, weight in (("Values", "0.35"), ("Money", "0.65")):
        client.post(
            url("criteria", live_workshop, team_a), criterion_data(name=name, weight=weight)
        )
    page = client.get(url("criteria", live_workshop, team_a)).content.decode()
    assert "35.00 %" in page and "65.00 %" in page


def test_duplicate_criterion_name_names_the_existing_one(
    live_workshop, team_a, participant_a, step2
):
    criterion(team_a, "Shared values")
    response = client_as_participant(participant_a).post(
        url("criteria", live_workshop, team_a), criterion_data(name="  SHARED   values ")
    )
    assert response.status_code == 400
    expected = "A criterion called ‘Shared values’ already exists in this team."  # noqa: RUF001
    assert form_errors(response) == expected


def test_must_have_minimum_must_be_on_the_scale(live_workshop, team_a, participant_a, step2):
    response = client_as_participant(participant_a).post(
        url("criteria", live_workshop, team_a), criterion_data(min_acceptable="7")
    )
    assert form_errors(response) == "Enter a whole number from 1 to 5."


def test_financial_weight_above_sixty_percent_is_flagged(
    live_workshop, team_a, participant_a, step2
):
    criterion(team_a, "Capital", "61", category="financial_capacity")
    criterion(team_a, "Values", "39", 2)
    html = (
        client_as_participant(participant_a)
        .get(url("criteria", live_workshop, team_a))
        .content.decode()
    )
    assert "Financial and technical 61.00 %" in html
    assert "More than 60 % of the weight is on money and technical skill" in html


def test_reorder_moves_a_criterion_up(live_workshop, team_a, participant_a, step2):
    first = criterion(team_a, "First", order=1)
    second = criterion(team_a, "Second", order=2)
    client_as_participant(participant_a).post(
        url("criterion_move", live_workshop, team_a, second.pk), {"direction": "up"}
    )
    assert list(Criterion.objects.values_list("name", flat=True)) == ["Second", "First"]
    assert first.pk != second.pk


def test_htmx_add_returns_fresh_form_and_the_list_out_of_band(
    live_workshop, team_a, participant_a, step2
):
    response = client_as_participant(participant_a).post(
        url("criteria", live_workshop, team_a), criterion_data(), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-swap-oob="true"' in html
    assert "Long-term vision" in html
    assert 'name="name" value="Long-term vision"' not in html  # the form is empty again


def test_deleting_a_criterion_confirms_counts_then_cascades(
    live_workshop, team_a, participant_a, board_a
):
    values, _capital, candidate = board_a
    Score.objects.create(team=team_a, candidate=candidate, criterion=values, value=4)
    ScoreVote.objects.create(
        team=team_a, candidate=candidate, criterion=values, value=4, participant=participant_a
    )
    client = client_as_participant(participant_a)
    address = url("criterion_delete", live_workshop, team_a, values.pk)
    confirm = client.get(address).content.decode()
    assert "1 agreed scores" in confirm
    assert "1 private votes" in confirm
    assert Criterion.objects.count() == 2
    assert client.post(address).status_code == 302
    assert (Criterion.objects.count(), Score.objects.count(), ScoreVote.objects.count()) == (
        1,
        0,
        0,
    )


# --- Candidates and conversations -----------------------------------------------------------------


def test_candidate_rules_convenor_duplicate_and_rationale(
    live_workshop, team_a, team_b, participant_a, step2
):
    own = actor(team_a, "Millrace Park Foundation", convenor=True)
    bank = actor(team_a, "First Harbor Bank")
    theirs = actor(team_b, "Riverfront BID")
    client = client_as_participant(participant_a)
    address = url("candidates", live_workshop, team_a)
    page = client.get(f"/w/{live_workshop.pk}/team/{team_a.pk}/step/2/").content.decode()
    assert f'<option value="{bank.pk}">First Harbor Bank</option>' in page
    assert f'<option value="{own.pk}">' not in page

    def add(actor_id, status="shortlisted", rationale=""):
        return client.post(
            address, {"actor": actor_id, "status": status, "decision_rationale": rationale}
        )

    assert form_errors(add(own.pk)) == (
        "Millrace Park Foundation is your own organisation (the convenor), not a candidate partner."
    )
    assert form_errors(add(theirs.pk)) == (
        "Select a valid choice. That choice is not one of the available choices."
    )
    assert form_errors(add(bank.pk, "selected")) == "Say why: a rationale is needed for selected."
    assert add(bank.pk).status_code == 302
    assert form_errors(add(bank.pk)) == "This actor is already a candidate."
    assert Candidate.objects.count() == 1


def test_conditional_conversation_needs_conditions(
    live_workshop, team_a, team_b, participant_a, board_a
):
    _v, _c, candidate = board_a
    theirs = Candidate.objects.create(team=team_b, actor=actor(team_b, "Riverfront BID"))
    client = client_as_participant(participant_a)
    data = {
        "candidate": candidate.pk,
        "held_on": "2026-02-12",
        "interest_level": "medium",
        "willingness": "conditional",
    }
    response = client.post(url("conversations", live_workshop, team_a), data)
    assert response.status_code == 400
    assert form_errors(response) == "Say what the conditions are."
    tampered = client.post(
        url("conversations", live_workshop, team_a),
        {**data, "candidate": theirs.pk, "conditions": "x"},
    )
    assert (
        form_errors(tampered)
        == "Select a valid choice. That choice is not one of the available choices."
    )
    ok = client.post(
        url("conversations", live_workshop, team_a), {**data, "conditions": "Signalised crossings"}
    )
    assert ok.status_code == 302
    assert Conversation.objects.get().conditions == "Signalised crossings"


# --- The workshop's scale once scores exist (C-G24) -------------------------------------------------


def test_score_scale_cannot_change_once_votes_exist(live_workshop, team_a, participant_a, board_a):
    values, _capital, candidate = board_a
    assert live_workshop.scores_exist() is False
    ScoreVote.objects.create(
        team=team_a, candidate=candidate, criterion=values, value=3, participant=participant_a
    )
    assert live_workshop.scores_exist() is True
    form = WorkshopForm(
        {
            "title": live_workshop.title,
            "currency": "USD",
            "score_scale": "1-10",
            "teams_chosen_on_join": "on",
            "team_size_limit": "",
            "context_label": "",
        },
        instance=live_workshop,
    )
    assert form.is_valid() is False
    assert form.errors["score_scale"] == ["Scores already use this scale."]


# --- Query counts -------------------------------------------------------------------------------------


def fill(team, participant, size):
    criteria = Criterion.objects.bulk_create(
        Criterion(
            team=team,
            name=f"C{i}",
            name_key=f"c{i}",
            category="values_alignment",
            weight=1,
            order=i,
        )
        for i in range(size)
    )
    actors = Actor.objects.bulk_create(
        Actor(
            team=team,
            name=f"A{i}",
            name_key=f"a{i}",
            actor_type="organisation",
            sector="public",
            influence=3,
            interest=3,
        )
        for i in range(size)
    )
    candidates = Candidate.objects.bulk_create(Candidate(team=team, actor=a) for a in actors)
    Score.objects.bulk_create(
        Score(team=team, candidate=c, criterion=k, value=3) for c in candidates for k in criteria
    )
    ScoreVote.objects.bulk_create(
        ScoreVote(team=team, candidate=c, criterion=k, value=3, participant=participant)
        for c in candidates
        for k in criteria
    )


@pytest.mark.parametrize("name", ["scoring", "ranking"])
@pytest.mark.parametrize("revealed", [False, True])
def test_scoring_and_ranking_pages_use_the_same_queries_for_5_and_50(
    live_workshop, team_a, team_b, participant_a, participant_b, step2, name, revealed
):
    fill(team_a, participant_a, 5)
    fill(team_b, participant_b, 50)
    for team in (team_a, team_b):
        ScoringRound.objects.create(team=team, revealed=revealed)
    counts = []
    for team, who in ((team_a, participant_a), (team_b, participant_b)):
        client = client_as_participant(who)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, live_workshop, team)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 20
