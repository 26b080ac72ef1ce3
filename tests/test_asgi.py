"""workshop.asgi hands each request a single-thread executor kept from an earlier request, and lets
only a few requests run their sync code at once."""

import asyncio
import threading

import pytest
from asgiref.sync import sync_to_async

from workshop import asgi


@pytest.fixture
def recorded(monkeypatch):
    """Replaces Django with an app whose sync work is given per request; returns the idle list."""
    idle = []
    monkeypatch.setattr(asgi, "_idle", idle)

    async def app(scope, receive, send):
        await sync_to_async(scope["work"])()

    monkeypatch.setattr(asgi, "django_application", app)
    return idle


async def _request(work):
    await asgi.application({"type": "http", "work": work}, None, None)


async def _until(condition, timeout=2):
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.005)


def test_one_request_after_another_runs_on_the_same_thread(recorded):
    threads = []

    async def scenario():
        await _request(lambda: threads.append(threading.current_thread()))
        await _until(lambda: len(recorded) == 1)
        await _request(lambda: threads.append(threading.current_thread()))

    asyncio.run(scenario())
    # Thread objects, not idents: a new thread may get the ident of one that ended.
    assert threads[0] is threads[1]
    assert threads[0] is not threading.current_thread()


def test_requests_at_the_same_time_run_on_threads_of_their_own(recorded):
    # Each waits for the other: on a shared thread this would time out.
    both_running = threading.Barrier(2, timeout=2)

    async def scenario():
        await asyncio.gather(_request(both_running.wait), _request(both_running.wait))
        await _until(lambda: len(recorded) == 2)

    asyncio.run(scenario())


def test_a_thread_still_busy_after_its_request_was_cancelled_is_not_handed_out(recorded):
    release, started = threading.Event(), threading.Event()

    def slow():
        started.set()
        release.wait(2)

    async def scenario():
        request = asyncio.create_task(_request(slow))
        await asyncio.to_thread(started.wait, 2)
        request.cancel()  # a client that went away mid-request
        await asyncio.gather(request, return_exceptions=True)
        await asyncio.sleep(0.05)
        assert recorded == []  # its thread is still in `slow`
        release.set()
        await _until(lambda: len(recorded) == 1)

    asyncio.run(scenario())


def test_no_more_than_keep_idle_executors_are_kept(recorded, monkeypatch):
    monkeypatch.setattr(asgi, "KEEP_IDLE", 1)
    both_running = threading.Barrier(2, timeout=2)

    async def scenario():
        await asyncio.gather(_request(both_running.wait), _request(both_running.wait))
        await asyncio.sleep(0.05)

    asyncio.run(scenario())
    assert len(recorded) == 1


def test_other_scopes_go_straight_to_django(recorded, monkeypatch):
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])

    monkeypatch.setattr(asgi, "django_application", app)
    asyncio.run(asgi.application({"type": "lifespan"}, None, None))
    assert seen == ["lifespan"]
    assert recorded == []


def test_the_middleware_chain_switches_between_sync_and_async_only_around_the_view(monkeypatch):
    # A sync-only middleware below async-capable ones makes each request bounce between threads and
    # the event loop once more, and each MiddlewareMixin hook run async hops to a thread: below
    # ServeStatic (async only) the chain is entered once and left once, to the core that runs the view.
    from django.core.handlers.asgi import ASGIHandler
    from django.core.handlers.base import BaseHandler

    switches = []
    adapt = BaseHandler.adapt_method_mode

    def counting(self, is_async, method, method_is_async=None, *args, **kwargs):
        # The chain's own links pass method_is_async; process_view hooks (CSRF's) do not.
        if method_is_async is not None and is_async != method_is_async:
            switches.append(is_async)
        return adapt(self, is_async, method, method_is_async, *args, **kwargs)

    monkeypatch.setattr(BaseHandler, "adapt_method_mode", counting)
    ASGIHandler()  # loads the chain
    assert switches == [False, True]


def test_only_a_few_requests_run_at_once_the_rest_wait_their_turn(recorded, settings):
    settings.REQUEST_THREADS = 2
    running, most, lock = [0], [0], threading.Lock()
    release = threading.Event()

    def work():
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        release.wait(2)
        with lock:
            running[0] -= 1

    async def scenario():
        requests = [asyncio.create_task(_request(work)) for _ in range(5)]
        await _until(lambda: running[0] == 2)
        await asyncio.sleep(0.05)
        assert running[0] == 2  # the other three wait, in order
        release.set()
        await asyncio.gather(*requests)

    asyncio.run(scenario())
    assert most[0] == 2


def test_an_answer_that_has_started_gives_its_turn_back(monkeypatch, settings):
    # An event stream starts its answer and then stays open for hours: it must not keep a turn.
    settings.REQUEST_THREADS = 1
    monkeypatch.setattr(asgi, "_idle", [])

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        if scope["stream"]:
            await scope["closed"].wait()

    monkeypatch.setattr(asgi, "django_application", app)

    async def sent(message):
        pass

    async def scenario():
        closed = asyncio.Event()
        stream = asyncio.create_task(
            asgi.application({"type": "http", "stream": True, "closed": closed}, None, sent)
        )
        await asyncio.sleep(0.05)
        page = {"type": "http", "stream": False, "closed": None}
        await asyncio.wait_for(asgi.application(page, None, sent), 1)  # not behind the stream
        closed.set()
        await stream

    asyncio.run(scenario())
