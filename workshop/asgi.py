"""ASGI entry point: the app is served by uvicorn so Server-Sent Events stream."""

import asyncio
import gc
import os
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.core.asgi import get_asgi_application
from django.urls import get_resolver

from workshop import turns

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")

django_application = get_asgi_application()

# Django runs each request's sync code in a thread of its own, started for that request, and its
# database connection opens and closes with it (about 1.5 ms on SQLite, plus a checkpoint of the
# write-ahead log when the last one closes). Handing requests a single-thread executor kept from
# an earlier request reuses both the thread and, with CONN_MAX_AGE, its connection.
KEEP_IDLE = 32

_idle: list[ThreadPoolExecutor] = []


async def application(scope, receive, send):
    if scope["type"] != "http":
        return await django_application(scope, receive, send)
    turn = await turns.take()  # at most a few requests run Django at once (turns.py)
    holding = True

    async def send_then_free(message):
        # Once the answer starts, its sync work is done: an event stream then keeps its executor
        # for its own short reads, but not a turn.
        nonlocal holding
        if holding and message["type"] == "http.response.start":
            holding = False
            turn.release()
        await send(message)

    executor = _idle.pop() if _idle else ThreadPoolExecutor(1, thread_name_prefix="request")
    try:
        async with ThreadSensitiveContext(executor=executor):
            await django_application(scope, receive, send_then_free)
    finally:
        if holding:
            turn.release()
        _give_back(executor)


def _give_back(executor):
    """Back to the idle list once its thread is free (a request cancelled by a disconnect may leave
    a sync call running); executors beyond KEEP_IDLE are shut down."""
    loop = asyncio.get_running_loop()

    def drained(_future):
        try:
            loop.call_soon_threadsafe(_keep_or_close, executor)
        except RuntimeError:  # the server stopped meanwhile
            executor.shutdown(wait=False)

    executor.submit(int).add_done_callback(drained)


def _keep_or_close(executor):
    if len(_idle) < KEEP_IDLE:
        _idle.append(executor)
    else:
        executor.shutdown(wait=False)


# Import every view now, not during the first request (WeasyPrint alone takes about a second), then
# move these long-lived objects out of the collector's way: a full collection walks all of them
# (about 70 ms, every request in the process waiting) every few hundred requests.
_ = get_resolver().url_patterns
gc.freeze()
