"""Open event streams must not hold database connections: a room of phones would starve the pool."""

import contextlib

import httpx
from django.conf import settings
from django.urls import reverse

from tests.conftest import client_as_participant
from tests.facilitation.live.conftest import sse_events


def _pool_size():
    pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool") or {}
    return pool.get("max_size", 20) if isinstance(pool, dict) else 20


def test_pages_still_answer_with_more_streams_open_than_the_pool_has_connections(
    asgi_server, live_workshop, participant_a, inprocess_broker
):
    jar = client_as_participant(participant_a).cookies
    cookies = {name: morsel.value for name, morsel in jar.items()}
    streams = _pool_size() + 2
    limits = httpx.Limits(max_connections=streams + 4)
    events_url = reverse("facilitation:events", args=[live_workshop.pk])
    with (
        httpx.Client(base_url=asgi_server.url, cookies=cookies, timeout=10, limits=limits) as http,
        contextlib.ExitStack() as open_streams,
    ):
        readers = []  # kept: a reader dropped or closed would close its connection
        for _ in range(streams):
            response = open_streams.enter_context(http.stream("GET", events_url))
            assert response.status_code == 200
            readers.append(sse_events(response.iter_lines()))
            # Past the initial "sync" event: the stream's own database reads are done.
            assert next(e for e in readers[-1] if "event" in e)["event"] == "sync"

        home = reverse("facilitation:participant_home", args=[live_workshop.pk])
        page = http.get(home, follow_redirects=True)

    # The team's step page: several reads, each needing a connection the streams left free.
    assert page.status_code == 200
    assert page.url.path == reverse("steps:page", args=[live_workshop.pk, participant_a.team_id, 1])
