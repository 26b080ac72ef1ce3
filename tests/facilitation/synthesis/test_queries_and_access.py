"""Who may open the pages across teams, the merge and keep-apart calls, and query counts that stay the
same as teams, actors, criteria and candidates grow."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_as_participant, client_as_user
from workshop.facilitation.models import ActorClusterLink, Team
from workshop.steps.alignment.models import Candidate, Conversation, Criterion, Score
from workshop.steps.mapping.models import Actor, Flow, SharedPurpose, ValueGap

pytestmark = pytest.mark.django_db

PAGES = [
    "across_mapping",
    "across_mapping_part",
    "across_alignment",
    "across_alignment_part",
    "across_alerts",
    "across_alerts_part",
]


def url(name, workshop, *args):
    return reverse(f"facilitation:{name}", args=[workshop.pk, *args])


def populate(workshop, teams: int, actors: int):
    """`teams` teams, each with `actors` actors, a flow per actor pair in a chain, a gap, a purpose,
    three criteria and every actor a fully scored candidate (half of them selected, talked to)."""
    existing = list(workshop.teams.all())
    for index in range(len(existing), teams):
        existing.append(Team.objects.create(workshop=workshop, name=f"Team {index + 1}"))
    for team in existing[:teams]:
        made = [
            Actor.objects.create(
                team=team,
                name=f"Actor {number} of the valley",
                actor_type="organisation" if number % 2 else "community",
                sector="public",
                influence=1 + number % 5,
                interest=1 + (number * 3) % 5,
                is_convenor=number == 0,
            )
            for number in range(actors)
        ]
        flows = [
            Flow.objects.create(
                team=team, source=a, target=b, flow_type="money", label=f"Flow {a.pk}"
            )
            for a, b in itertools.pairwise(made)
        ]
        gap = ValueGap.objects.create(
            team=team, title="A gap", gap_type="unmet_need", severity=3, opportunity=4
        )
        gap.affected_actors.set(made[:2])
        gap.related_flows.set(flows[:1])
        purpose = SharedPurpose.objects.create(
            team=team, statement="A purpose long enough to count."
        )
        purpose.addresses_gaps.set([gap])
        criteria = [
            Criterion.objects.create(team=team, name=name, category=category, weight=weight)
            for name, category, weight in [
                ("Values", "values_alignment", 30),
                ("Money", "financial_capacity", 50),
                ("Skills", "technical_capacity", 20),
            ]
        ]
        for number, actor in enumerate(made):
            candidate = Candidate.objects.create(
                team=team,
                actor=actor,
                status="selected" if number % 2 else "shortlisted",
                decision_rationale="Because",
            )
            Score.objects.bulk_create(
                Score(team=team, candidate=candidate, criterion=c, value=1 + (number + i) % 5)
                for i, c in enumerate(criteria)
            )
            if number % 4 == 1:
                Conversation.objects.create(
                    team=team,
                    candidate=candidate,
                    held_on=datetime.date(2026, 2, 1),
                    interest_level="high",
                    willingness="willing",
                )


def count_queries(client, address) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_queries_stay_constant_as_teams_and_actors_grow(
    live_workshop, facilitator, django_assert_num_queries, page
):
    ActorClusterLink.decide(live_workshop, "actor 1 of the valley", "actor 2 of the valley", "same")
    jordan = client_as_user(facilitator)
    populate(live_workshop, teams=2, actors=5)
    small = count_queries(jordan, url(page, live_workshop))
    # Six teams of fifty actors (and fifty candidates each): the same number of queries.
    for model in (Candidate, Criterion, SharedPurpose, ValueGap, Actor):
        model.objects.all().delete()
    populate(live_workshop, teams=6, actors=50)
    with django_assert_num_queries(small):
        assert jordan.get(url(page, live_workshop)).status_code == 200


FACILITATOR = {"anonymous": 302, "participant": 302, "other": 404, "owner": 200, "co": 200}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", list(FACILITATOR))
def test_only_the_workshops_facilitators_open_the_pages(
    live_workshop, participant_a, co_facilitator, other_facilitator, facilitator, page, persona
):
    from django.test import Client

    client = {
        "anonymous": Client(),
        "participant": client_as_participant(participant_a),
        "other": client_as_user(other_facilitator),
        "owner": client_as_user(facilitator),
        "co": client_as_user(co_facilitator),
    }[persona]
    response = client.get(url(page, live_workshop))
    assert response.status_code == FACILITATOR[persona]
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")


def two_teams_with_a_possible_match(workshop):
    riverside, city_hall = workshop.teams.all()
    for team, name in (
        (riverside, "Calder County Board of Commissioners"),
        (city_hall, "Calder County"),
    ):
        Actor.objects.create(
            team=team,
            name=name,
            actor_type="organisation",
            sector="public",
            influence=4,
            interest=2,
        )


def test_keep_apart_with_htmx_returns_the_body_and_the_merge_form(live_workshop, co_facilitator):
    two_teams_with_a_possible_match(live_workshop)
    sam = client_as_user(co_facilitator)
    page = sam.get(url("across_mapping", live_workshop)).content.decode()
    assert page.count("data-possible") == 1
    response = sam.post(
        url("cluster_decide", live_workshop),
        {
            "key_a": "calder county",
            "key_b": "calder county board of commissioners",
            "decision": "different",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('\n<div id="across-body"') or html.lstrip().startswith(
        '<div id="across-body"'
    )
    assert 'id="merge-by-hand"' in html and 'hx-swap-oob="true"' in html
    assert "“Calder County” and “Calder County Board of Commissioners” are kept apart." in html
    assert "data-possible" not in html
    link = ActorClusterLink.objects.get()
    assert (link.decision, link.decided_by) == ("different", co_facilitator)


def test_undo_brings_the_possible_match_back(live_workshop, facilitator):
    two_teams_with_a_possible_match(live_workshop)
    link = ActorClusterLink.decide(
        live_workshop, "calder county board of commissioners", "calder county", "different"
    )
    jordan = client_as_user(facilitator)
    response = jordan.post(url("cluster_undo", live_workshop, link.pk))
    assert response.status_code == 302
    assert ActorClusterLink.objects.count() == 0
    assert (
        jordan.get(url("across_mapping", live_workshop)).content.decode().count("data-possible")
        == 1
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"key_a": "calder county", "key_b": "calder county"},
            "key_b",
            "Choose two different actors.",
        ),
        (
            {"key_a": "calder county", "key_b": "nobody here"},
            "key_b",
            "Choose an actor from the list.",
        ),
        ({"key_a": "", "key_b": "calder county"}, "key_a", "This field is required."),
    ],
)
def test_bad_merge_shows_the_message_beside_the_field(
    live_workshop, facilitator, data, field, message
):
    two_teams_with_a_possible_match(live_workshop)
    jordan = client_as_user(facilitator)
    response = jordan.post(url("cluster_decide", live_workshop), {**data, "decision": "same"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<div class="invalid-feedback d-block" id="id_{field}-error">{message}</div>' in html
    assert 'aria-invalid="true"' in html
    assert ActorClusterLink.objects.count() == 0
    htmx = jordan.post(
        url("cluster_decide", live_workshop), {**data, "decision": "same"}, HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 400
    assert message in htmx.content.decode()


def test_other_facilitators_cannot_decide_or_undo(live_workshop, other_facilitator, participant_a):
    two_teams_with_a_possible_match(live_workshop)
    link = ActorClusterLink.decide(
        live_workshop, "calder county", "calder county board of commissioners", "same"
    )
    riley = client_as_user(other_facilitator)
    data = {
        "key_a": "calder county",
        "key_b": "calder county board of commissioners",
        "decision": "different",
    }
    assert riley.post(url("cluster_decide", live_workshop), data).status_code == 404
    assert riley.post(url("cluster_undo", live_workshop, link.pk)).status_code == 404
    marcus = client_as_participant(participant_a)
    assert marcus.post(url("cluster_decide", live_workshop), data).status_code == 302
    link.refresh_from_db()
    assert link.decision == "same"


def test_archived_workshop_pages_open_but_merging_is_refused(live_workshop, facilitator):
    two_teams_with_a_possible_match(live_workshop)
    live_workshop.end()
    live_workshop.archive()
    jordan = client_as_user(facilitator)
    page = jordan.get(url("across_mapping", live_workshop)).content.decode()
    assert "Merging is closed for this workshop." in page
    data = {
        "key_a": "calder county",
        "key_b": "calder county board of commissioners",
        "decision": "same",
    }
    assert jordan.post(url("cluster_decide", live_workshop), data).status_code == 403


def test_console_shows_the_tabs_across_teams(live_workshop, facilitator):
    html = client_as_user(facilitator).get(url("console", live_workshop)).content.decode()
    assert f'href="{url("across_mapping", live_workshop)}"' in html
    assert f'href="{url("across_alignment", live_workshop)}"' in html
    assert f'href="{url("across_alerts", live_workshop)}"' in html
    assert 'aria-current="page">Teams and steps</a>' in html
