"""The DEBUG-only endpoints, served by uvicorn in a thread, so disconnects really happen."""

import json
import time

import httpx
import pytest

from tests.conftest import AsgiServer
from tests.facilitation.live.conftest import sse_events
from workshop.facilitation.live import presence


@pytest.fixture
def debug_server(settings, inprocess_broker, locmem_cache):
    settings.DEBUG = True
    server = AsgiServer().start()
    yield server
    server.stop()


def wait_until(condition, timeout=5):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_ping_endpoints_do_not_exist_outside_debug(client, settings):
    settings.DEBUG = False
    assert client.get("/live/ping/1/").status_code == 404
    assert client.post("/live/ping/1/publish/", {"event": "message"}).status_code == 404


def test_ping_publish_rejects_a_bad_event_name(client, settings, inprocess_broker):
    settings.DEBUG = True
    response = client.post("/live/ping/1/publish/", {"event": "two words"})
    assert response.status_code == 400
    assert "Invalid event name" in response.json()["error"]


def test_event_posted_to_a_sync_view_reaches_an_open_stream(debug_server):
    with (
        httpx.Client(base_url=debug_server.url, timeout=5) as http,
        http.stream("GET", "/live/ping/9/") as response,
    ):
        assert response.headers["content-type"] == "text/event-stream"
        assert response.headers["cache-control"] == "no-cache"
        events = sse_events(response.iter_lines())
        assert 1000 <= int(next(events)["retry"]) <= 5000  # jittered per connection
        assert next(events)["event"] == "sync"
        posted = http.post("/live/ping/9/publish/", data={"event": "message", "data": "a\nb"})
        assert posted.status_code == 200
        received = next(events)
    assert (received["event"], received["data"]) == ("message", "a\nb")


def test_disconnect_unsubscribes_and_clears_presence(debug_server, inprocess_broker):
    with (
        httpx.Client(base_url=debug_server.url, timeout=5) as http,
        http.stream("GET", "/live/ping/9/?member=ana") as response,
    ):
        events = sse_events(response.iter_lines())
        names = [next(events).get("event") for _ in range(3)]
        subscribed = inprocess_broker.subscriber_count(9)
        online = presence.online(9)
    assert names == [None, "sync", "presence-changed"]
    assert subscribed == 1
    assert online == {"ping:ana": {"name": "ana"}}
    assert wait_until(lambda: inprocess_broker.subscriber_count(9) == 0)
    assert wait_until(lambda: presence.online(9) == {})


def test_keepalive_comment_arrives_on_an_idle_stream(debug_server):
    with (
        httpx.Client(base_url=debug_server.url, timeout=5) as http,
        http.stream("GET", "/live/ping/9/?keepalive=0.1") as response,
    ):
        events = sse_events(response.iter_lines())
        first_three = [next(events) for _ in range(3)]
    assert 1000 <= int(first_three[0]["retry"]) <= 5000
    assert json.loads(first_three[1]["data"])["workshop"] == 9
    assert first_three[2] == {"comment": "keep-alive"}
