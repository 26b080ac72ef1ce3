"""A team's members who follow the group get one shared rendering of the step (fragments.py):
rendered once, never stale after a save, never showing one member's private scores to another,
and always carrying the viewer's own CSRF token."""

# ruff: noqa: F811 (fixtures imported from the alignment tests)

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_as_participant, client_as_user
from tests.steps.alignment.entry import url as alignment_url
from tests.steps.alignment.test_views import board_a, lead_a, step2  # noqa: F401 (fixtures)
from workshop.steps.notes.models import TeamNote

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def swap(client, workshop):
    url = reverse("facilitation:participant_home", args=(workshop.pk,)) + "?swap=step"
    response = client.get(url, **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def step_main(html):
    """The shared part, with the viewer's token taken out (the live bar is each viewer's own)."""
    start = html.index("data-step-root")
    return TOKEN.sub("", html[start : html.index('id="live-bar"')])


def queries_for(client, workshop):
    with CaptureQueriesContext(connection) as queries:
        swap(client, workshop)
    return len(queries)


def test_teammates_get_the_same_step_rendered_once(live_workshop, participant_a, teammate_a):
    live_workshop.advance_to(live_workshop.steps.get(position=4))
    first, second = client_as_participant(participant_a), client_as_participant(teammate_a)
    swap(first, live_workshop), swap(second, live_workshop)  # sessions and CSRF cookies set
    from django.core.cache import cache

    cache.clear()
    rendering = queries_for(first, live_workshop)
    shared = queries_for(second, live_workshop)
    assert shared < rendering - 5  # the second member does not read the step's records
    assert step_main(swap(first, live_workshop)) == step_main(swap(second, live_workshop))


def test_a_save_through_any_endpoint_is_shown_on_the_next_swap(
    live_workshop, team_a, participant_a, teammate_a
):
    step = live_workshop.steps.get(position=4)
    live_workshop.advance_to(step)
    first, second = client_as_participant(participant_a), client_as_participant(teammate_a)
    assert "Pilot in the Millrace depot" not in swap(first, live_workshop)
    notes = reverse("steps:notes", args=(live_workshop.pk, team_a.pk, 4))
    answer = second.post(
        notes, {"text": "Pilot in the Millrace depot", "version": "0"}, HTTP_X_AUTOSAVE="1"
    )
    assert answer.status_code == 200
    assert TeamNote.objects.get(team=team_a, step=step).text == "Pilot in the Millrace depot"
    assert "Pilot in the Millrace depot" in swap(first, live_workshop)


def test_another_team_and_the_facilitator_see_their_own_rendering(
    live_workshop, team_a, participant_a, participant_b, facilitator
):
    live_workshop.advance_to(live_workshop.steps.get(position=4))
    TeamNote.objects.create(team=team_a, step=live_workshop.steps.get(position=4), text="A only")
    assert "A only" in swap(client_as_participant(participant_a), live_workshop)
    assert "A only" not in swap(client_as_participant(participant_b), live_workshop)
    page = reverse("steps:page", args=(live_workshop.pk, team_a.pk, 4)) + "?swap=step"
    html = client_as_user(facilitator).get(page, **HTMX).content.decode()
    assert "A only" in html and "viewing this team's work as a facilitator" in html


def test_private_scores_are_never_shared(
    live_workshop, team_a, participant_a, teammate_a, lead_a, board_a
):
    values, capital, candidate = board_a
    live_workshop.advance_to(live_workshop.steps.get(position=2))
    marcus, amara = client_as_participant(participant_a), client_as_participant(teammate_a)
    vote = alignment_url("vote", live_workshop, team_a, candidate.pk)
    marcus.post(vote, {f"c{values.pk}": "5", f"c{capital.pk}": "2"})
    checked = 'value="5" checked'
    mine = swap(marcus, live_workshop)
    theirs = swap(amara, live_workshop)
    assert checked in mine and "You have scored 2 of 2." in mine
    assert checked not in theirs and "You have scored 0 of 2." in theirs
    assert checked in swap(marcus, live_workshop)  # from the cache, still Marcus's own
    # The lead's rendering has the reveal button; a member's has not.
    assert "Reveal scores to the team" in swap(client_as_participant(lead_a), live_workshop)
    assert "Reveal scores to the team" not in theirs


def test_the_shared_html_carries_the_viewers_own_csrf_token(
    live_workshop, team_a, participant_a, teammate_a
):
    step = live_workshop.steps.get(position=4)
    live_workshop.advance_to(step)
    swap(client_as_participant(participant_a), live_workshop)  # renders and keeps it
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client_as_participant(teammate_a).cookies
    html = swap(strict, live_workshop)
    token = TOKEN.search(html).group(1)
    notes = reverse("steps:notes", args=(live_workshop.pk, team_a.pk, 4))
    data = {"text": "Saved with my token", "version": "0", "csrfmiddlewaretoken": token}
    answer = strict.post(notes, data, HTTP_X_AUTOSAVE="1")
    assert answer.status_code == 200
    assert TeamNote.objects.get(team=team_a, step=step).text == "Saved with my token"


def test_each_language_gets_its_own_rendering(live_workshop, participant_a, teammate_a):
    live_workshop.advance_to(live_workshop.steps.get(position=4))
    english = swap(client_as_participant(participant_a), live_workshop)
    german_client = client_as_participant(teammate_a)
    german_client.cookies["django_language"] = "de"
    german = german_client.get(
        reverse("facilitation:participant_home", args=(live_workshop.pk,)) + "?swap=step",
        HTTP_ACCEPT_LANGUAGE="de",
        **HTMX,
    ).content.decode()
    assert "Team notes" in english
    assert "Team notes" not in german and "Teamnotizen" in german


def bar(client, workshop, position):
    url = reverse("facilitation:live_bar", args=(workshop.pk,)) + f"?step={position}"
    return client.get(url, **HTMX).content.decode()


def test_the_bar_is_shared_but_its_timer_is_each_answers_own(live_workshop, participant_a):
    from datetime import timedelta

    from workshop.facilitation.models import Workshop

    live_workshop.advance_to(live_workshop.steps.get(position=2))
    live_workshop.timer_start()
    client = client_as_participant(participant_a)
    first = re.search(r'data-remaining="(\d+)"', bar(client, live_workshop, 2)).group(1)
    # A minute passes: nothing is written, so the shared bar stays; the timer must not.
    Workshop.objects.filter(pk=live_workshop.pk).update(
        timer_started_at=live_workshop.timer_started_at - timedelta(seconds=60)
    )
    later = re.search(r'data-remaining="(\d+)"', bar(client, live_workshop, 2)).group(1)
    assert int(first) - int(later) >= 59


def test_the_bar_follows_the_flow(live_workshop, participant_a, facilitator):
    live_workshop.advance_to(live_workshop.steps.get(position=2))
    client = client_as_participant(participant_a)
    assert "The group is on step" not in bar(client, live_workshop, 2)
    step3 = live_workshop.steps.get(position=3)
    client_as_user(facilitator).post(
        reverse("facilitation:step_current", args=(live_workshop.pk, step3.pk))
    )
    assert "The group is on step 3." in bar(client, live_workshop, 2)


def test_every_write_request_gives_what_it_names_a_new_revision(
    live_workshop, team_a, team_b, participant_a, facilitator
):
    from workshop.steps import fragments

    def revision(*scope):
        return fragments.revisions(fragments.scopes(*scope))

    a, b = revision(live_workshop.pk, team_a.pk), revision(live_workshop.pk, team_b.pk)
    notes = reverse("steps:notes", args=(live_workshop.pk, team_a.pk, 1))
    client_as_participant(participant_a).post(notes, {"text": "x", "version": "0"})
    assert revision(live_workshop.pk, team_a.pk) != a  # the team's own
    assert revision(live_workshop.pk, team_b.pk) == b  # another team's stays
    client_as_user(facilitator).post(
        reverse("facilitation:message", args=(live_workshop.pk,)), {"body": "Five minutes"}
    )
    assert revision(live_workshop.pk, team_b.pk) != b  # the facilitator's: the whole workshop
    b = revision(live_workshop.pk, team_b.pk)
    client_as_participant(participant_a).get(notes)
    assert revision(live_workshop.pk, team_b.pk) == b  # reading changes nothing


def test_a_claimed_key_is_rendered_once_and_its_claim_given_back(rf):
    """While one screen renders a key, another asking for it is told to wait (Busy), not to
    render it again; the claim goes when the rendering ends, even when the rendering fails."""
    from django.core.cache import cache

    from workshop.steps import fragments

    renders = []

    def render(_slot):
        renders.append(1)
        return "<p>step</p>"

    def failing(_slot):
        raise RuntimeError("the template broke")

    first, second = rf.get("/"), rf.get("/")
    parts = ("test-claim", 1)
    with pytest.raises(RuntimeError):
        fragments.shared(first, parts, failing, claim=True)
    assert fragments.shared(first, parts, render, claim=True) == "<p>step</p>"
    assert renders == [1] and first._fragment_rendered
    assert fragments.shared(second, parts, render, claim=True) == "<p>step</p>"
    assert renders == [1]  # from the cache

    held = ("test-claim", 2)
    cache.clear()
    with pytest.raises(fragments.Busy) as busy:
        cache.add(f"claim:{fragments.cache_key(held)}", 1, 10)
        fragments.shared(second, held, render, claim=True)
    assert busy.value.key == fragments.cache_key(held) and renders == [1]
    # Without claiming (a screen that waited long enough), it renders regardless.
    assert fragments.shared(second, held, render) == "<p>step</p>" and renders == [1, 1]


def test_teams_share_one_bar_each_with_its_own_links(
    live_workshop, team_a, team_b, participant_a, participant_b, monkeypatch
):
    """The bar is rendered once for all teams, its step links then point to each viewer's team;
    with the gallery open each team's bar lists the others, so it is the team's own."""
    from workshop.facilitation.models import Workshop

    live_workshop.advance_to(live_workshop.steps.get(position=2))
    first, second = client_as_participant(participant_a), client_as_participant(participant_b)
    from workshop.steps import views

    rendered = []
    live_context = views.live_context
    monkeypatch.setattr(views, "live_context", lambda *a: rendered.append(1) or live_context(*a))
    bar(first, live_workshop, 2)
    theirs = bar(second, live_workshop, 2)
    assert len(rendered) == 1  # the second team's bar came from the first's rendering
    mine = bar(first, live_workshop, 2)
    assert f"/team/{team_b.pk}/step/1/" in theirs and f"/team/{team_a.pk}/" not in theirs
    assert f"/team/{team_a.pk}/step/1/" in mine and f"/team/{team_b.pk}/" not in mine
    assert "987654321" not in theirs + mine

    Workshop.objects.filter(pk=live_workshop.pk).update(gallery_open=True)
    from workshop.steps import fragments

    fragments.bump(f"w{live_workshop.pk}")
    gallery_a, gallery_b = bar(first, live_workshop, 2), bar(second, live_workshop, 2)
    assert f"/team/{team_b.pk}/step/2/" in gallery_a and team_b.name in gallery_a
    assert f"/team/{team_a.pk}/step/2/" in gallery_b and team_a.name in gallery_b
