"""A workshop's events as a Server-Sent Events response (uvicorn serves it; runserver buffers)."""

import asyncio
import functools
import inspect
import json
import math
import random
import re
from collections.abc import Awaitable, Callable

from asgiref.sync import sync_to_async
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.http import StreamingHttpResponse

from workshop.facilitation.live import presence
from workshop.facilitation.live.broker import Event, subscribe

# How long a browser waits before reconnecting a dropped stream, drawn per connection: after a
# restart or a network drop a room comes back spread over four seconds, not in the same instant.
RETRY_MS = (1000, 5000)


def retry_field() -> str:
    return f"retry: {random.randint(*RETRY_MS)}\n\n"  # noqa: S311 (spread, not secret)


KEEPALIVE = ": keep-alive\n\n"
# SSE ends a line at CR, LF or CRLF, and at nothing else (str.splitlines would split more).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

InitialEvents = list[Event] | Callable[[], list[Event]] | Callable[[], Awaitable[list[Event]]]


def format_event(event: Event) -> str:
    """One event in SSE framing: id, event, one data line per payload line, blank line."""
    if isinstance(event.data, dict):
        payload = json.dumps(event.data, cls=DjangoJSONEncoder, separators=(",", ":"))
    else:
        payload = str(event.data)
    lines = []
    if event.id:
        lines.append(f"id: {_LINE_BREAK.sub('', event.id)}")
    lines.append(f"event: {_LINE_BREAK.sub('', event.name)}")
    lines.extend(f"data: {line}" for line in _LINE_BREAK.split(payload))
    return "\n".join(lines) + "\n\n"


def released(read: Callable) -> Callable:
    """`read`, then its thread's database connections closed (on PostgreSQL: back to the pool).

    A stream stays open for hours. Its sync reads run in the request's thread, whose connection
    Django would give back only when the response ends: a room of phones would hold every
    connection of the pool and every other request would wait for one.
    """

    @functools.wraps(read)
    def run(*args, **kwargs):
        try:
            return read(*args, **kwargs)
        finally:
            for connection in connections.all(initialized_only=True):
                # Inside a transaction (a test's, say) the connection is not ours to close.
                if not connection.in_atomic_block:
                    connection.close()

    return run


async def _resolve(initial_events: InitialEvents) -> list[Event]:
    if not callable(initial_events):
        return list(initial_events)
    if inspect.iscoroutinefunction(initial_events):
        return list(await initial_events())
    # A sync callable most likely reads the database: run it where Django's sync code runs.
    return list(await sync_to_async(released(initial_events))())


def event_stream(
    request,
    workshop_id: int,
    *,
    initial_events: InitialEvents,
    keepalive_seconds: float = 15,
    presence_key: str | None = None,
    presence_info: dict | None = None,
    presence_ttl: int = presence.TTL,
    after_event: Callable[[Event], Awaitable[Event | None]] | None = None,
) -> StreamingHttpResponse:
    """Streams the workshop's events: ``retry``, the initial events, then live ones till disconnect.

    The subscription opens before the initial events are sent. Pass ``initial_events`` as a
    callable (sync or async) to have the "sync" state read after subscribing, so no event falls in
    between. With ``presence_key`` the connection marks that member online while it is open (a
    heartbeat every third of ``presence_ttl``) and offline when it closes, publishing
    "presence-changed" each time. ``after_event(event)`` may answer a live event with one more of
    this screen's own (its next step, rendered for it), sent right after it.
    """
    interval = presence_ttl / 3

    async def body():
        async with subscribe(workshop_id) as events:
            try:
                yield retry_field()
                for event in await _resolve(initial_events):
                    yield format_event(event)
                if presence_key:
                    await presence.announce(
                        workshop_id, presence_key, presence_info or {}, presence_ttl
                    )
                loop = asyncio.get_running_loop()
                next_keepalive = loop.time() + keepalive_seconds
                next_beat = loop.time() + interval if presence_key else math.inf
                while True:
                    timeout = max(0.0, min(next_keepalive, next_beat) - loop.time())
                    try:
                        event = await events.receive(timeout)
                    except StopAsyncIteration:
                        # Dropped as too slow, or the broker lost Redis: the client reconnects.
                        return
                    now = loop.time()
                    if event is not None:
                        yield format_event(event)
                        own = await after_event(event) if after_event else None
                        if own is not None:
                            yield format_event(own)
                        next_keepalive = now + keepalive_seconds
                    elif now >= next_keepalive:
                        yield KEEPALIVE
                        next_keepalive = now + keepalive_seconds
                    if now >= next_beat:
                        await presence.announce(
                            workshop_id, presence_key, presence_info or {}, presence_ttl
                        )
                        next_beat = now + interval
            finally:
                if presence_key:
                    # Shielded: the client is gone and Django cancels us; still record the leave.
                    await asyncio.shield(presence.depart(workshop_id, presence_key))

    response = StreamingHttpResponse(body(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
