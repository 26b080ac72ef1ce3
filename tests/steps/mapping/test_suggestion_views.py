"""The Suggestions panel: accept creates the record, dismissed ones stay dismissed (for teammates too)."""

import html
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.charter.millrace import load_team
from tests.conftest import client_as_participant
from tests.steps import scenario_data as s
from workshop.steps.alignment.models import Candidate
from workshop.steps.mapping import suggestion_records
from workshop.steps.mapping.models import Actor, Flow, SuggestionDismissal, ValueGap

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
CITY = "City of Port Calder – Parks & Recreation"  # noqa: RUF001
BID = "Riverfront Business Improvement District"


def url(name, workshop, team):
    return reverse(f"steps:mapping:{name}", args=[workshop.pk, team.pk, 1])


@pytest.fixture
def b1(team_a):
    load_team(team_a, s.B1, publish=False)
    return team_a


def actor(team, name):
    return Actor.objects.get(team=team, name=name)


def flow_key(team):
    return {"kind": "flow", "actor": actor(team, CITY).pk, "partner": actor(team, BID).pk}


def partner_key(team):
    convenor = Actor.objects.get(team=team, is_convenor=True)
    return {"kind": "partner", "actor": convenor.pk, "partner": actor(team, CITY).pk}


def test_panel_lists_suggestions_with_reasons_and_labelled_buttons(
    live_workshop, b1, participant_a
):
    client = client_as_participant(participant_a)
    response = client.get(url("suggestions", live_workshop, b1), **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Riverfront Business Improvement District offers" in content
    assert "Add as proposed flow" in content
    assert f"Add {html.escape(CITY)} as a candidate" in content
    assert "Dismiss" in content
    page = client.get(reverse("steps:page", args=[live_workshop.pk, b1.pk, 1]))
    assert 'id="suggestions"' in page.content.decode()


def test_dismissed_stays_dismissed_for_a_teammate_and_can_be_restored(
    live_workshop, b1, participant_a, teammate_a
):
    client = client_as_participant(participant_a)
    key = flow_key(b1)
    response = client.post(url("suggestion_dismiss", live_workshop, b1), key, **HTMX)
    assert response.status_code == 200
    assert SuggestionDismissal.objects.filter(team=b1, kind="flow").count() == 1
    assert (
        f'data-suggestion="flow-{key["actor"]}-{key["partner"]}"' not in response.content.decode()
    )
    # A second dismissal (a teammate at the same moment) is the same outcome, not an error.
    assert client.post(url("suggestion_dismiss", live_workshop, b1), key, **HTMX).status_code == 200
    assert SuggestionDismissal.objects.filter(team=b1).count() == 1

    mate = client_as_participant(teammate_a)
    content = mate.get(url("suggestions", live_workshop, b1), **HTMX).content.decode()
    assert f'data-suggestion="flow-{key["actor"]}-{key["partner"]}"' not in content
    assert f'data-dismissed="flow-{key["actor"]}-{key["partner"]}"' in content
    found = {x.key for x in suggestion_records.for_team(b1)}
    assert ("flow", f"actor:{key['actor']}", f"actor:{key['partner']}") not in found

    response = mate.post(url("suggestion_restore", live_workshop, b1), key, **HTMX)
    assert f'data-suggestion="flow-{key["actor"]}-{key["partner"]}"' in response.content.decode()
    assert not SuggestionDismissal.objects.exists()


def test_accepting_a_flow_suggestion_adds_a_proposed_flow(live_workshop, b1, participant_a):
    client = client_as_participant(participant_a)
    before = Flow.objects.filter(team=b1).count()
    response = client.post(url("suggestion_accept", live_workshop, b1), flow_key(b1), **HTMX)
    assert response.status_code == 200
    # The board refreshes; the event names the panel as its source, so the panel keeps its message.
    assert json.loads(response["HX-Trigger"]) == {"mapping-changed": {"source": "suggestions"}}
    flow = Flow.objects.filter(team=b1).latest("pk")
    assert Flow.objects.filter(team=b1).count() == before + 1
    assert (flow.source.name, flow.target.name) == (BID, CITY)
    assert (flow.status, flow.flow_type, flow.label) == (
        "proposed",
        "money",
        "Annual maintenance contribution",
    )
    assert "maintenance" in flow.notes
    # Now linked, so no longer suggested; accepting again says so.
    again = client.post(url("suggestion_accept", live_workshop, b1), flow_key(b1), **HTMX)
    assert again.status_code == 409
    assert "no longer applies" in again.content.decode()


def test_accepting_a_partner_suggestion_adds_a_step_2_candidate(live_workshop, b1, participant_a):
    alignment = live_workshop.steps.get(position=2)
    alignment.state = "open"
    alignment.save()
    client = client_as_participant(participant_a)
    response = client.post(url("suggestion_accept", live_workshop, b1), partner_key(b1), **HTMX)
    assert response.status_code == 200, response.content.decode()
    candidate = Candidate.objects.get(team=b1, actor__name=CITY)
    assert candidate.status == "long_list"
    assert "maintenance" in candidate.complementary_capabilities


def test_accepting_a_partner_respects_step_2_lock(live_workshop, b1, participant_a):
    alignment = live_workshop.steps.get(position=2)
    alignment.state = "locked"
    alignment.save()
    client = client_as_participant(participant_a)
    response = client.post(url("suggestion_accept", live_workshop, b1), partner_key(b1), **HTMX)
    assert response.status_code == 403
    assert "locked" in response.content.decode()
    assert not Candidate.objects.filter(team=b1, actor__name=CITY).exists()


def test_locked_step_refuses_dismissal_and_tampered_keys_are_404(
    live_workshop, b1, team_b, participant_a
):
    client = client_as_participant(participant_a)
    stranger = Actor.objects.create(
        team=team_b,
        name="Elsewhere",
        actor_type="organisation",
        sector="public",
        influence=1,
        interest=1,
    )
    tampered = {**flow_key(b1), "partner": stranger.pk}
    assert (
        client.post(url("suggestion_dismiss", live_workshop, b1), tampered, **HTMX).status_code
        == 404
    )
    bad = {"kind": "nonsense", "actor": "x", "partner": "y"}
    assert client.post(url("suggestion_dismiss", live_workshop, b1), bad, **HTMX).status_code == 404
    step = live_workshop.steps.get(position=1)
    step.state = "locked"
    step.save()
    response = client.post(url("suggestion_dismiss", live_workshop, b1), flow_key(b1), **HTMX)
    assert response.status_code == 403
    assert not SuggestionDismissal.objects.exists()


def test_panel_queries_do_not_grow_with_the_number_of_actors(live_workshop, team_a, participant_a):
    from tests.steps.mapping.test_csv_and_queries import make_network

    client = client_as_participant(participant_a)
    counts = []
    for size in (5, 50):
        ValueGap.objects.filter(team=team_a).delete()
        Actor.objects.filter(team=team_a).delete()
        actors = make_network(team_a, size)
        for i, one in enumerate(actors):
            one.goals = f"needs cold storage and transport {i}"
            one.resources_held = "storage space" if i % 2 else "delivery vans for transport"
            one.save()
        gap = ValueGap.objects.create(
            team=team_a, title="No cold storage", gap_type="unmet_need", severity=3, opportunity=3
        )
        gap.affected_actors.set(actors[:3])
        SuggestionDismissal.objects.create(
            team=team_a, kind="flow", actor=actors[0], partner=actors[1]
        )
        client.get(url("suggestions", live_workshop, team_a), **HTMX)  # presence, sessions
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("suggestions", live_workshop, team_a), **HTMX).status_code == 200
        counts.append(len(queries))
        assert (
            "Dismiss"
            in client.get(url("suggestions", live_workshop, team_a), **HTMX).content.decode()
        )
    assert counts[0] == counts[1]
