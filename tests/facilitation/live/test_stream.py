import asyncio
import contextlib
import re

from django.test import RequestFactory

from tests.facilitation.live.conftest import run
from workshop.facilitation.live import presence
from workshop.facilitation.live.broker import Event, apublish, subscribe
from workshop.facilitation.live.stream import event_stream, format_event


def test_format_event_encodes_dict_data_as_json_on_one_line():
    frame = format_event(Event("step-changed", {"step": 3, "title": "Pilot"}, "17"))
    assert frame == 'id: 17\nevent: step-changed\ndata: {"step":3,"title":"Pilot"}\n\n'


def test_format_event_sends_one_data_line_per_payload_line():
    frame = format_event(Event("message", "one\ntwo\r\nthree\rfour\n", "9"))
    assert frame == (
        "id: 9\nevent: message\ndata: one\ndata: two\ndata: three\ndata: four\ndata: \n\n"
    )


def test_format_event_keeps_characters_sse_does_not_treat_as_line_breaks():
    frame = format_event(Event("message", "a\u2028b\x0bc"))
    assert frame == "event: message\ndata: a\u2028b\x0bc\n\n"


def test_format_event_sends_an_empty_data_line_for_empty_data():
    assert (
        format_event(Event("timer-changed", "", "1")) == "id: 1\nevent: timer-changed\ndata: \n\n"
    )


def test_format_event_cannot_be_broken_out_of_by_user_text():
    # A participant's text must not be able to start a new event of its own.
    frame = format_event(Event("message", "hi\n\nevent: sync\ndata: {}"))
    assert frame == "event: message\ndata: hi\ndata: \ndata: event: sync\ndata: data: {}\n\n"


def _stream(**kwargs):
    request = RequestFactory().get("/live/")
    kwargs.setdefault("initial_events", [Event("sync", {"step": 1}, "s1")])
    return event_stream(request, 11, **kwargs)


class Reader:
    """Reads a streaming response the way Django's ASGI handler does; disconnect() cancels it."""

    def __init__(self, response):
        self.chunks: asyncio.Queue = asyncio.Queue()
        self.task = asyncio.create_task(self._read(response))

    async def _read(self, response):
        async for chunk in response.streaming_content:
            await self.chunks.put(chunk.decode())

    async def take(self, count, timeout=5):
        return [await asyncio.wait_for(self.chunks.get(), timeout) for _ in range(count)]

    async def disconnect(self):
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


def test_stream_response_has_event_stream_headers(inprocess_broker):
    response = _stream()
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"
    assert response["X-Accel-Buffering"] == "no"
    assert response.streaming is True


def test_stream_sends_retry_then_initial_events_then_live_events(any_broker):
    async def scenario():
        reader = Reader(_stream())
        first = await reader.take(2)
        await apublish(11, "step-changed", {"step": 2})
        live = await reader.take(1)
        await reader.disconnect()
        return first, live[0], any_broker.subscriber_count(11)

    first, live, remaining = run(scenario())
    assert first[0].startswith("retry: ")
    assert first[1] == 'id: s1\nevent: sync\ndata: {"step":1}\n\n'
    assert live.startswith("id: ")
    assert live.endswith('\nevent: step-changed\ndata: {"step":2}\n\n')
    assert remaining == 0


def test_stream_sends_keepalive_comment_while_idle(inprocess_broker):
    async def scenario():
        reader = Reader(_stream(keepalive_seconds=0.05))
        chunks = await reader.take(4)
        await reader.disconnect()
        return chunks

    assert run(scenario())[2:] == [": keep-alive\n\n", ": keep-alive\n\n"]


def test_stream_reads_initial_state_after_subscribing_when_given_a_callable(any_broker):
    async def current_state():
        # A change lands between subscribing and reading the state: the stream must still carry it.
        await apublish(11, "team-3-changed", {"team": 3})
        return [Event("sync", {"step": 1}, "s1")]

    async def scenario():
        reader = Reader(_stream(initial_events=current_state))
        chunks = await reader.take(3)
        await reader.disconnect()
        return chunks

    chunks = run(scenario())
    assert chunks[1] == 'id: s1\nevent: sync\ndata: {"step":1}\n\n'
    assert chunks[2].endswith('\nevent: team-3-changed\ndata: {"team":3}\n\n')


def test_stream_accepts_a_sync_callable_for_initial_state(inprocess_broker):
    async def scenario():
        reader = Reader(_stream(initial_events=lambda: [Event("sync", "state", "s2")]))
        chunks = await reader.take(2)
        await reader.disconnect()
        return chunks

    assert run(scenario())[1] == "id: s2\nevent: sync\ndata: state\n\n"


def test_stream_with_presence_announces_arrival_and_departure(any_broker, any_cache):
    async def scenario():
        async with subscribe(11) as watcher:
            reader = Reader(_stream(presence_key="p-5", presence_info={"name": "Ana", "team": 2}))
            chunks = await reader.take(3)
            online_while_open = await presence.aonline(11)
            await reader.disconnect()
            arrival = await watcher.receive(5)
            departure = await watcher.receive(5)
            return chunks, online_while_open, arrival, departure, await presence.aonline(11)

    chunks, online_while_open, arrival, departure, online_after = run(scenario())
    assert chunks[2].endswith('event: presence-changed\ndata: {"member":"p-5","online":true}\n\n')
    assert online_while_open == {"p-5": {"name": "Ana", "team": 2}}
    assert (arrival.name, arrival.data) == ("presence-changed", {"member": "p-5", "online": True})
    assert (departure.name, departure.data) == (
        "presence-changed",
        {"member": "p-5", "online": False},
    )
    assert online_after == {}


def test_stream_heartbeat_keeps_presence_alive_past_its_ttl(inprocess_broker, locmem_cache):
    async def scenario():
        reader = Reader(_stream(presence_key="p-6", presence_info={}, presence_ttl=0.3))
        await reader.take(3)
        await asyncio.sleep(0.6)
        online = await presence.aonline(11)
        await reader.disconnect()
        return online, await presence.aonline(11)

    assert run(scenario()) == ({"p-6": {}}, {})


def test_stream_ends_when_its_client_is_dropped_as_too_slow(inprocess_broker, monkeypatch):
    from workshop.facilitation.live import broker

    monkeypatch.setattr(broker, "QUEUE_SIZE", 3)

    async def scenario():
        response = _stream()
        iterator = aiter(response.streaming_content)
        first = [await anext(iterator), await anext(iterator)]
        for number in range(4):  # the client reads nothing meanwhile
            await apublish(11, "message", str(number))
        rest = [chunk async for chunk in iterator]
        return len(first), rest, inprocess_broker.subscriber_count(11)

    assert run(scenario()) == (2, [], 0)


def test_each_connection_gets_its_own_reconnect_delay_within_one_to_five_seconds(inprocess_broker):
    # A room reconnecting after a restart is spread over the range, not all at the same instant.
    async def scenario():
        delays = []
        for _ in range(40):
            reader = Reader(_stream())
            (first,) = await reader.take(1)
            await reader.disconnect()
            assert re.fullmatch(r"retry: \d+\n\n", first)
            delays.append(int(first.split()[1]))
        return delays

    delays = run(scenario())
    assert all(1000 <= delay <= 5000 for delay in delays)
    assert len(set(delays)) > 10


def test_a_room_joining_at_once_does_not_drop_a_stream_that_is_slow_to_read(
    any_broker, locmem_cache, monkeypatch
):
    from workshop.facilitation.live import broker

    monkeypatch.setattr(broker, "QUEUE_SIZE", 10)
    monkeypatch.setattr(broker, "COALESCE_SECONDS", 0.3)

    async def scenario():
        console = aiter(_stream().streaming_content)
        head = [await anext(console), await anext(console)]  # retry, sync; then it reads nothing
        room = [Reader(_stream(presence_key=f"p-{n}", presence_info={})) for n in range(120)]
        while len(await presence.aonline(11)) < 120:
            await asyncio.sleep(0.05)
        await apublish(11, "flow-changed", {"step": 2})
        await asyncio.sleep(0.5)
        chunks = []

        async def read():
            async for chunk in console:
                chunks.append(chunk.decode())

        reader = asyncio.create_task(read())
        await asyncio.sleep(0.5)
        still_open = not reader.done()
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reader
        for member in room:
            await member.disconnect()
        return len(head), still_open, chunks

    heads, still_open, chunks = run(scenario(), timeout=30)
    names = [re.search(r"^event: (.*)$", chunk, re.M).group(1) for chunk in chunks]
    assert heads == 2
    assert still_open
    assert "flow-changed" in names
    assert 1 <= names.count("presence-changed") <= 3  # 120 arrivals, merged
