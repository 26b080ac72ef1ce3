"""Two uvicorn processes sharing Redis: an event published in one reaches a stream on the other."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.facilitation.live.conftest import REDIS_TEST_URL, sse_events

ROOT = Path(__file__).resolve().parents[3]


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    # The socket is bound here and handed over, so there is no race for the port.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "workshop.asgi:application",
        "--fd",
        str(sock.fileno()),
    ]
    command += ["--log-level", "warning", "--lifespan", "off", "--no-access-log"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, pass_fds=[sock.fileno()])
    sock.close()
    return process, f"http://127.0.0.1:{port}"


def wait_until_serving(url: str, timeout=60):  # two cores shared with other work
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.post(url + "/live/ping/0/publish/", data={"event": "ready"}, timeout=1)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture
def two_servers(tmp_path, unique_prefix):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workshop.settings",
        "DJANGO_DEBUG": "true",
        "DJANGO_HTTPS": "false",
        "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "REDIS_URL": REDIS_TEST_URL,
        "DJANGO_CACHE_PREFIX": unique_prefix,
    }
    env.pop("DATABASE_URL", None)
    servers = [start_server(env) for _ in range(2)]
    try:
        for _, url in servers:
            wait_until_serving(url)
        yield [url for _, url in servers]
    finally:
        for process, _ in servers:
            process.terminate()
        for process, _ in servers:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.redis
def test_event_published_through_one_process_reaches_a_stream_on_another(two_servers):
    url_a, url_b = two_servers
    with httpx.Client(timeout=10) as http, http.stream("GET", url_b + "/live/ping/42/") as stream:
        events = sse_events(stream.iter_lines())
        assert 1000 <= int(next(events)["retry"]) <= 5000  # jittered per connection
        sync = next(events)
        posted = http.post(
            url_a + "/live/ping/42/publish/", data={"event": "step-changed", "data": "step 3"}
        )
        received = next(events)
    assert posted.status_code == 200
    assert sync["event"] == "sync"
    assert json.loads(sync["data"])["pid"] != posted.json()["pid"]  # really two processes
    assert (received["event"], received["data"]) == ("step-changed", "step 3")


@pytest.mark.redis
def test_a_burst_of_presence_changes_through_one_process_reaches_another_merged(two_servers):
    url_a, url_b = two_servers
    with httpx.Client(timeout=10) as http, http.stream("GET", url_b + "/live/ping/43/") as stream:
        events = sse_events(stream.iter_lines())
        next(events), next(events)  # retry, sync
        for number in range(100):
            http.post(
                url_a + "/live/ping/43/publish/",
                data={"event": "presence-changed", "data": str(number)},
            )
        http.post(url_a + "/live/ping/43/publish/", data={"event": "flow-changed", "data": "3"})
        received = []
        while ("presence-changed", "99") not in received or ("flow-changed", "3") not in received:
            event = next(events)
            if "event" in event:
                received.append((event["event"], event["data"]))
    presence = [data for name, data in received if name == "presence-changed"]
    assert presence[-1] == "99"  # the latest arrives
    assert len(presence) < 20  # about one a second, not 100
    assert ("flow-changed", "3") in received
