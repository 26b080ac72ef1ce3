"""A reconnect is cheap and leaves no screen on a stale step (docs/live-updates.md, "Reconnecting")."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cache import SessionStore

from workshop.facilitation.access import SESSION_KEY
from workshop.facilitation.views import stream

pytestmark = pytest.mark.django_db


def _participant_request(rf, participant):
    request = rf.get(f"/w/{participant.workshop_id}/events/")
    request.session = SessionStore()
    request.session[SESSION_KEY] = {str(participant.workshop_id): participant.pk}
    request.user = AnonymousUser()
    return request


@pytest.mark.parametrize("streams", [1, 3])
def test_opening_a_participant_stream_costs_three_queries_each_time(
    rf, live_workshop, participant_a, django_assert_num_queries, streams
):
    # After a restart a whole room reconnects: the workshop and the participant for the access
    # check, then the workshop's flow state for "sync" (read after subscribing); presence is cached.
    for _ in range(streams):
        request = _participant_request(rf, participant_a)
        with django_assert_num_queries(3):
            _key, info = stream._open_stream(request, live_workshop.pk)
            (sync,) = stream._sync_event(live_workshop.pk)
    assert info["participant"] == participant_a.pk
    assert sync.name == "sync"


def test_the_sync_event_carries_what_a_screen_needs_to_find_itself_stale(live_workshop):
    # live.js compares the step and the flow version with the page's on every (re)connect.
    live_workshop.advance_to(live_workshop.steps.get(position=2))
    live_workshop.refresh_from_db()
    (sync,) = stream._sync_event(live_workshop.pk)
    assert sync.data["current_step"] == 2
    assert sync.data["flow_version"] == live_workshop.flow_version
