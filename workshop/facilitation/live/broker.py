"""Live events for a workshop: ``publish`` from anywhere, ``subscribe`` from an async stream.

Two implementations sit behind the same three functions. The in-process broker serves a single
server process; the Redis broker (used when ``settings.REDIS_URL`` is set) carries events between
processes through pub/sub. Either way each event loop has one ``_Hub`` that fans events out to its
clients' bounded queues, so one slow client never holds up the others: when its queue is full it
is dropped (its stream ends and the browser reconnects, receiving a fresh "sync" event).

Events that only tell pages to refetch (``COALESCED``) are fanned out at most once per
``COALESCE_SECONDS`` per workshop by each hub: the first at once, any later ones in that window as
one event at its end, the newest. A room of 200 joining (or typing) then costs each stream one
such event a second, not 200, so no queue overflows, and pages still end on the latest state.
"""

import asyncio
import collections
import contextlib
import itertools
import json
import logging
import re
import threading
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

logger = logging.getLogger(__name__)

QUEUE_SIZE = 100
# Their data is a hint only (pages refetch what they show), so the newest stands for all the rest.
# Flow, team and message events are never merged.
COALESCED = frozenset({"presence-changed", "progress-changed", "teams-changed"})
COALESCE_SECONDS = 1.0
PUBLISH_CONNECTIONS = 20  # per process (event loop), for apublish in Redis mode
# An event name travels in an SSE "event:" line and in htmx triggers: keep it to a safe alphabet.
EVENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Event:
    name: str
    data: dict | str = ""
    id: str = ""


_ids = itertools.count(1)


def _new_id() -> str:
    # Unique within a process and increasing over time; good enough for the SSE "id:" line.
    return f"{time.time_ns():x}-{next(_ids)}"


def make_event(event: str, data: dict | str = "") -> Event:
    if not isinstance(event, str) or not EVENT_NAME.match(event):
        raise ValueError(f"Invalid event name {event!r}: use letters, digits, '-', '_' or '.'.")
    if not isinstance(data, dict | str):
        raise TypeError("Event data must be a dict or a str.")
    return Event(event, data, _new_id())


class Subscription:
    """One client's view of a workshop's events: an async iterator over a bounded queue.

    A ``COALESCED`` event still queued is replaced by a newer one of its name, in its place: a
    client that has fallen a little behind skips straight to the latest hint.
    """

    def __init__(self, hub: "_Hub", workshop_id: int):
        self.hub = hub
        self.workshop_id = workshop_id
        self.queue: collections.deque = collections.deque()  # events, or names of `latest` ones
        self.latest: dict[str, Event] = {}
        self.waiter: asyncio.Future | None = None
        self.closed = False

    def deliver(self, event: Event) -> None:
        """Called on the subscriber's own loop; never blocks."""
        if self.closed:
            return
        if event.name in self.latest:
            self.latest[event.name] = event
            return
        if len(self.queue) >= QUEUE_SIZE:
            logger.warning("Live client of workshop %s fell behind; dropping it.", self.workshop_id)
            self.close()
            return
        if event.name in COALESCED:
            self.latest[event.name] = event
            self.queue.append(event.name)
        else:
            self.queue.append(event)
        self._wake()

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    def close(self) -> None:
        """Ends the stream: whatever is queued is discarded and the iterator stops."""
        if self.closed:
            return
        self.closed = True
        self.hub.remove(self)
        self.queue.clear()
        self.latest.clear()
        self._wake()

    async def receive(self, timeout: float | None = None) -> Event | None:
        """The next event, or None after ``timeout`` seconds; StopAsyncIteration once closed."""
        if not self.queue and not self.closed:
            self.waiter = asyncio.get_running_loop().create_future()
            try:
                # asyncio.timeout, not wait_for: no extra task per event for every client.
                async with asyncio.timeout(timeout):
                    await self.waiter
            except TimeoutError:
                return None
            finally:
                self.waiter = None
        if self.closed:
            raise StopAsyncIteration
        item = self.queue.popleft()
        return self.latest.pop(item) if isinstance(item, str) else item

    def __aiter__(self):
        return self

    async def __anext__(self) -> Event:
        return await self.receive()


class _Hub:
    """The subscribers of one event loop, by workshop. Touched only from that loop's thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.subscribers: dict[int, set[Subscription]] = {}
        self.listener: asyncio.Task | None = None
        self.listener_ready: asyncio.Future | None = None
        self.redis = None  # the async client apublish uses (Redis mode)
        # (workshop, event name) -> the newest event held back in the open window, or None
        self.held: dict[tuple[int, str], Event | None] = {}
        self.windows: dict[tuple[int, str], asyncio.TimerHandle] = {}

    def add(self, subscription: Subscription) -> None:
        self.subscribers.setdefault(subscription.workshop_id, set()).add(subscription)

    def remove(self, subscription: Subscription) -> None:
        group = self.subscribers.get(subscription.workshop_id)
        if group is not None:
            group.discard(subscription)
            if not group:
                del self.subscribers[subscription.workshop_id]

    def dispatch(self, workshop_id: int, event: Event) -> None:
        if event.name in COALESCED:
            key = (workshop_id, event.name)
            if key in self.held:
                self.held[key] = event  # sent when the window closes, unless a newer one comes
                return
            self._open_window(key)
        self._fan_out(workshop_id, event)

    def _fan_out(self, workshop_id: int, event: Event) -> None:
        for subscription in list(self.subscribers.get(workshop_id, ())):
            subscription.deliver(event)

    def _open_window(self, key: tuple[int, str]) -> None:
        self.held[key] = None
        self.windows[key] = self.loop.call_later(COALESCE_SECONDS, self._close_window, key)

    def _close_window(self, key: tuple[int, str]) -> None:
        self.windows.pop(key, None)
        event = self.held.pop(key, None)
        if event is not None:
            # Another window follows, so a steady stream of changes stays at one a window.
            self._open_window(key)
            self._fan_out(key[0], event)

    def cancel_windows(self) -> None:
        for handle in self.windows.values():
            handle.cancel()
        self.windows.clear()
        self.held.clear()

    def close_all(self) -> None:
        for group in list(self.subscribers.values()):
            for subscription in list(group):
                subscription.close()

    def count(self) -> int:
        return sum(len(group) for group in self.subscribers.values())


class _Broker:
    """What both implementations share: one hub per running event loop."""

    def __init__(self):
        self._hubs: dict[asyncio.AbstractEventLoop, _Hub] = {}
        self._lock = threading.Lock()

    def hub(self) -> _Hub:
        loop = asyncio.get_running_loop()
        with self._lock:
            for stale in [other for other in self._hubs if other.is_closed()]:
                del self._hubs[stale]
            if loop not in self._hubs:
                self._hubs[loop] = _Hub(loop)
            return self._hubs[loop]

    def hubs(self) -> list[_Hub]:
        with self._lock:
            return list(self._hubs.values())

    async def open(self, workshop_id: int) -> Subscription:
        hub = self.hub()
        subscription = Subscription(hub, workshop_id)
        hub.add(subscription)
        return subscription

    def subscriber_count(self, workshop_id: int | None = None) -> int:
        total = 0
        for hub in self.hubs():
            if workshop_id is None:
                total += hub.count()
            else:
                total += len(hub.subscribers.get(workshop_id, ()))
        return total

    async def aclose_hub(self) -> None:
        """Ends this loop's streams and closes its listener and connections."""
        hub = self.hub()
        hub.close_all()
        hub.cancel_windows()
        if hub.listener is not None:
            hub.listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await hub.listener
            hub.listener = None
        if hub.redis is not None:
            await hub.redis.aclose()
            hub.redis = None

    def shutdown(self) -> None:
        for hub in self.hubs():
            if hub.listener is not None and not hub.loop.is_closed():
                with contextlib.suppress(RuntimeError):
                    hub.loop.call_soon_threadsafe(hub.listener.cancel)


class InProcessBroker(_Broker):
    """One server process: hands each event to every loop's hub, thread-safely."""

    def publish(self, workshop_id: int, event: Event) -> None:
        try:
            current = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        for hub in self.hubs():
            if hub.loop is current:
                hub.dispatch(workshop_id, event)
            else:
                # RuntimeError: that loop has closed; its hub is pruned on the next subscribe.
                with contextlib.suppress(RuntimeError):
                    hub.loop.call_soon_threadsafe(hub.dispatch, workshop_id, event)

    async def apublish(self, workshop_id: int, event: Event) -> None:
        self.publish(workshop_id, event)


class RedisBroker(_Broker):
    """Many server processes: Redis pub/sub, one pattern listener per process (per event loop)."""

    def __init__(self, url: str, prefix: str):
        super().__init__()
        import redis

        self.url = url
        self.prefix = prefix
        # A sync client with its own connection pool; redis-py pools are thread-safe.
        self.client = redis.Redis.from_url(url)

    def channel(self, workshop_id: int) -> str:
        return f"{self.prefix}{int(workshop_id)}"

    @staticmethod
    def encode(event: Event) -> str:
        return json.dumps({"n": event.name, "d": event.data, "i": event.id}, cls=DjangoJSONEncoder)

    # A lost event costs a refetch at the next "sync"; failing the request that already saved would
    # cost more. So Redis errors are logged, not raised.
    def publish(self, workshop_id: int, event: Event) -> None:
        import redis

        try:
            self.client.publish(self.channel(workshop_id), self.encode(event))
        except redis.RedisError:
            logger.exception(
                "Could not publish live event %r to workshop %s.", event.name, workshop_id
            )

    async def apublish(self, workshop_id: int, event: Event) -> None:
        import redis.asyncio

        hub = self.hub()
        if hub.redis is None:
            # A room arriving at once publishes from hundreds of streams together: they wait for
            # one of a few connections, where the default pool refuses the 101st and loses events.
            pool = redis.asyncio.BlockingConnectionPool.from_url(
                self.url, max_connections=PUBLISH_CONNECTIONS, timeout=10
            )
            hub.redis = redis.asyncio.Redis.from_pool(pool)
        try:
            await hub.redis.publish(self.channel(workshop_id), self.encode(event))
        except redis.asyncio.RedisError:
            logger.exception(
                "Could not publish live event %r to workshop %s.", event.name, workshop_id
            )

    async def open(self, workshop_id: int) -> Subscription:
        hub = self.hub()
        if hub.listener is None or hub.listener.done():
            hub.listener_ready = hub.loop.create_future()
            hub.listener = hub.loop.create_task(self._listen(hub), name="live-redis-listener")
        # Wait until Redis confirms the subscription: nothing published after this returns is lost.
        await asyncio.shield(hub.listener_ready)
        return await super().open(workshop_id)

    async def _listen(self, hub: _Hub) -> None:
        import redis.asyncio

        # Named, so operators (and a test) can find this process's listener in CLIENT LIST.
        client = redis.asyncio.Redis.from_url(self.url, client_name=f"{self.prefix}listener")
        pubsub = client.pubsub()
        pattern = f"{self.prefix}*"
        try:
            await pubsub.psubscribe(pattern)
            async for message in pubsub.listen():
                kind = message["type"]
                if kind == "psubscribe":
                    if not hub.listener_ready.done():
                        hub.listener_ready.set_result(True)
                    else:
                        # redis-py reconnected and resubscribed: events in the gap are lost, so
                        # end the streams and let every browser reconnect and resync.
                        logger.warning("Live event listener reconnected; closing its streams.")
                        hub.close_all()
                elif kind == "pmessage":
                    self._fan_out(hub, message)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            # Events may have been missed: end every stream so browsers reconnect and resync.
            logger.exception("Live event listener lost Redis; closing this process's streams.")
            if not hub.listener_ready.done():
                hub.listener_ready.set_exception(error)
            hub.close_all()
        finally:
            if not hub.listener_ready.done():
                hub.listener_ready.cancel()
            with contextlib.suppress(Exception):
                await pubsub.aclose()
                await client.aclose()

    def _fan_out(self, hub: _Hub, message: dict) -> None:
        channel = message["channel"].decode()
        try:
            workshop_id = int(channel[len(self.prefix) :])
            payload = json.loads(message["data"])
            event = Event(payload["n"], payload["d"], payload["i"])
        except (ValueError, KeyError, TypeError):
            logger.warning("Ignoring a malformed live event on %s.", channel)
            return
        hub.dispatch(workshop_id, event)


_broker: _Broker | None = None
_broker_lock = threading.Lock()


def channel_prefix() -> str:
    """Separates deployments (and test runs) that share one Redis; follows the cache key prefix."""
    explicit = getattr(settings, "LIVE_CHANNEL_PREFIX", "")
    if explicit:
        return explicit
    cache_prefix = settings.CACHES.get("default", {}).get("KEY_PREFIX") or "pw"
    return f"{cache_prefix}:live:"


def get_broker() -> _Broker:
    """The broker chosen from settings at first use."""
    global _broker
    with _broker_lock:
        if _broker is None:
            url = getattr(settings, "REDIS_URL", "")
            _broker = RedisBroker(url, channel_prefix()) if url else InProcessBroker()
        return _broker


def reset_for_tests() -> None:
    """Forgets the broker (and stops its listeners) so the next use reads settings afresh."""
    global _broker
    with _broker_lock:
        if _broker is not None:
            _broker.shutdown()
        _broker = None


def publish(workshop_id: int, event: str, data: dict | str = "") -> None:
    """Sends an event to every stream of the workshop. Sync; safe from any thread."""
    get_broker().publish(int(workshop_id), make_event(event, data))


async def apublish(workshop_id: int, event: str, data: dict | str = "") -> None:
    """``publish`` for async code (no blocking network call on the event loop)."""
    await get_broker().apublish(int(workshop_id), make_event(event, data))


async def aclose() -> None:
    """Closes the current event loop's share of the broker (tests, and a server shutting down)."""
    if _broker is not None:
        await _broker.aclose_hub()


@asynccontextmanager
async def subscribe(workshop_id: int):
    """Yields an async iterator of the workshop's events; unsubscribes on exit, however it exits."""
    subscription = await get_broker().open(int(workshop_id))
    try:
        yield subscription
    finally:
        subscription.closed = True
        subscription.hub.remove(subscription)
