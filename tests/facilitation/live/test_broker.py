import asyncio
import json
import time

import pytest
import redis
import redis.asyncio

from tests.facilitation.live.conftest import REDIS_TEST_URL, run
from workshop.facilitation.live import broker
from workshop.facilitation.live.broker import apublish, publish, subscribe


def test_subscriber_receives_events_in_order_with_name_data_and_id(any_broker):
    async def scenario():
        async with subscribe(4) as events:
            await apublish(4, "step-changed", {"step": 2})
            await apublish(4, "message", "line one\nline two")
            await apublish(4, "timer-changed")
            return [await events.receive(5) for _ in range(3)]

    received = run(scenario())
    assert [(e.name, e.data) for e in received] == [
        ("step-changed", {"step": 2}),
        ("message", "line one\nline two"),
        ("timer-changed", ""),
    ]
    assert len({e.id for e in received}) == 3
    assert all(e.id for e in received)


def test_sync_publish_from_another_thread_reaches_the_subscriber(any_broker):
    async def scenario():
        async with subscribe(4) as events:
            # Sync views run in a thread pool under ASGI; this is their path.
            await asyncio.to_thread(publish, 4, "team-12-changed", {"team": 12})
            return await events.receive(5)

    event = run(scenario())
    assert (event.name, event.data) == ("team-12-changed", {"team": 12})


def test_events_reach_only_subscribers_of_their_workshop(any_broker):
    async def scenario():
        async with subscribe(1) as first, subscribe(2) as second:
            await apublish(2, "message", "for two")
            await apublish(1, "message", "for one")
            return (await first.receive(5)).data, (await second.receive(5)).data

    assert run(scenario()) == ("for one", "for two")


def test_every_subscriber_of_a_workshop_receives_each_event(any_broker):
    async def scenario():
        async with subscribe(3) as a, subscribe(3) as b, subscribe(3) as c:
            await asyncio.to_thread(publish, 3, "sync", {"n": 1})
            return [(await s.receive(5)).data for s in (a, b, c)]

    assert run(scenario()) == [{"n": 1}, {"n": 1}, {"n": 1}]


def test_receive_returns_none_when_nothing_arrives_in_time(any_broker):
    async def scenario():
        async with subscribe(3) as events:
            return await events.receive(0.05)

    assert run(scenario()) is None


def test_slow_subscriber_is_dropped_without_holding_up_others(any_broker, monkeypatch):
    monkeypatch.setattr(broker, "QUEUE_SIZE", 5)

    async def scenario():
        async with subscribe(8) as slow, subscribe(8) as fast:
            fast_got = []
            for number in range(6):
                await apublish(8, "message", str(number))
                fast_got.append((await fast.receive(5)).data)
            slow_got = [event.data async for event in slow]  # ends: the stream was dropped
            return fast_got, slow_got, any_broker.subscriber_count(8)

    fast_got, slow_got, remaining = run(scenario())
    assert fast_got == ["0", "1", "2", "3", "4", "5"]
    assert slow_got == []
    assert remaining == 1


def test_leaving_the_subscribe_block_unsubscribes_even_on_error(any_broker):
    async def scenario():
        with pytest.raises(ConnectionResetError):
            async with subscribe(6):
                assert any_broker.subscriber_count(6) == 1
                raise ConnectionResetError
        return any_broker.subscriber_count(6)

    assert run(scenario()) == 0


def test_cancelled_reader_is_unsubscribed(any_broker):
    async def reader(started):
        async with subscribe(6) as events:
            started.set()
            await events.receive()

    async def scenario():
        started = asyncio.Event()
        task = asyncio.create_task(reader(started))
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return any_broker.subscriber_count(6)

    assert run(scenario()) == 0


@pytest.mark.parametrize("name", ["", "two words", "line\nbreak", "x" * 65, "-leading"])
def test_invalid_event_names_are_rejected(inprocess_broker, name):
    with pytest.raises(ValueError, match="Invalid event name"):
        publish(1, name)


def test_data_other_than_dict_or_text_is_rejected(inprocess_broker):
    with pytest.raises(TypeError):
        publish(1, "message", ["a list"])


def test_broker_is_chosen_from_settings(settings):
    settings.REDIS_URL = ""
    broker.reset_for_tests()
    assert type(broker.get_broker()) is broker.InProcessBroker
    settings.REDIS_URL = REDIS_TEST_URL
    broker.reset_for_tests()
    assert type(broker.get_broker()) is broker.RedisBroker
    broker.reset_for_tests()


def test_redis_events_travel_on_a_prefixed_channel_per_workshop(redis_broker, unique_prefix):
    client = redis.Redis.from_url(REDIS_TEST_URL)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(f"{unique_prefix}:live:21")
    pubsub.get_message(timeout=1)
    publish(21, "message", {"body": "hello"})
    message = pubsub.get_message(timeout=5)
    pubsub.close()
    client.close()
    assert message["channel"] == f"{unique_prefix}:live:21".encode()
    payload = json.loads(message["data"])
    assert (payload["n"], payload["d"]) == ("message", {"body": "hello"})


def test_redis_broker_runs_one_listener_for_all_subscribers_of_a_process(redis_broker):
    async def scenario():
        async with subscribe(1) as a, subscribe(2) as b, subscribe(2) as c:
            hubs = {id(s.hub) for s in (a, b, c)}
            listener = a.hub.listener
            await apublish(2, "message", "x")
            got = [(await b.receive(5)).data, (await c.receive(5)).data]
            return hubs, listener.done(), got

    hubs, listener_done, got = run(scenario())
    assert len(hubs) == 1
    assert listener_done is False
    assert got == ["x", "x"]


def test_redis_malformed_message_is_ignored(redis_broker, unique_prefix):
    async def scenario():
        async with subscribe(5) as events:
            raw = redis.asyncio.Redis.from_url(REDIS_TEST_URL)
            await raw.publish(f"{unique_prefix}:live:5", "not json")
            await raw.aclose()
            await apublish(5, "message", "fine")
            return await events.receive(5)

    assert run(scenario()).data == "fine"


def test_redis_publish_failure_is_logged_not_raised(settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/15"  # nothing listens there
    broker.reset_for_tests()
    try:
        publish(2, "message", "lost")
        run(apublish(2, "message", "lost"))
    finally:
        broker.reset_for_tests()
    assert [r.getMessage() for r in caplog.records if r.name == broker.__name__] == [
        "Could not publish live event 'message' to workshop 2.",
        "Could not publish live event 'message' to workshop 2.",
    ]


def test_redis_subscribe_fails_loudly_when_redis_is_unreachable(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/15"
    broker.reset_for_tests()

    async def scenario():
        async with subscribe(2):
            pass

    try:
        with pytest.raises(redis.ConnectionError):
            run(scenario())
    finally:
        broker.reset_for_tests()


def test_redis_streams_end_when_the_listener_loses_its_connection(redis_broker, unique_prefix):
    async def scenario():
        async with subscribe(5) as events:
            raw = redis.asyncio.Redis.from_url(REDIS_TEST_URL)
            clients = await raw.client_list()
            listener = [c["id"] for c in clients if c["name"] == f"{unique_prefix}:live:listener"]
            await raw.client_kill_filter(_id=listener[0])
            await raw.aclose()
            remaining = [event async for event in events]  # ends: the browser would reconnect
            return len(listener), remaining, redis_broker.subscriber_count(5)

    assert run(scenario()) == (1, [], 0)


def test_a_burst_of_presence_changes_reaches_a_slow_client_as_one_event_without_a_drop(
    any_broker, monkeypatch
):
    # 300 members arriving at once used to fill a slow client's queue and drop its stream.
    monkeypatch.setattr(broker, "QUEUE_SIZE", 5)
    monkeypatch.setattr(broker, "COALESCE_SECONDS", 0.2)

    async def scenario():
        async with subscribe(9) as slow:
            await apublish(9, "flow-changed", {"step": 1})
            for number in range(300):
                await apublish(9, "presence-changed", {"member": f"p-{number}", "online": True})
            await apublish(9, "flow-changed", {"step": 2})
            await asyncio.sleep(0.5)  # the client reads nothing meanwhile; the window closes
            received = []
            while (event := await slow.receive(0.5)) is not None:
                received.append((event.name, event.data))
            return received, any_broker.subscriber_count(9)

    received, remaining = run(scenario())
    assert received == [
        ("flow-changed", {"step": 1}),
        # One slot, queued with the first change, holding the latest by the time it is read.
        ("presence-changed", {"member": "p-299", "online": True}),
        ("flow-changed", {"step": 2}),  # never merged, never held back
    ]
    assert remaining == 1


def test_a_steady_stream_of_hints_costs_one_event_a_window_and_ends_on_the_latest(
    inprocess_broker, monkeypatch
):
    monkeypatch.setattr(broker, "COALESCE_SECONDS", 0.1)

    async def scenario():
        async with subscribe(9) as events:
            received = []

            async def read():
                while (event := await events.receive(0.4)) is not None:
                    received.append(event.data)

            reader = asyncio.create_task(read())
            started = time.monotonic()
            for number in range(60):  # a save every 10 ms for 0.6 s or so
                await apublish(9, "progress-changed", {"team": number})
                await asyncio.sleep(0.01)
            windows = (time.monotonic() - started) / 0.1
            await reader
            return received, windows

    received, windows = run(scenario())
    assert 3 <= len(received) <= windows + 2  # about one per 0.1 s window, not 60
    assert received[-1] == {"team": 59}


def test_a_hint_still_queued_is_replaced_by_a_newer_one_in_its_place(inprocess_broker, monkeypatch):
    # Windows keep closing while the client is stuck: its queue keeps one slot for the hint.
    monkeypatch.setattr(broker, "QUEUE_SIZE", 3)
    monkeypatch.setattr(broker, "COALESCE_SECONDS", 0.02)

    async def scenario():
        async with subscribe(9) as stuck:
            await apublish(9, "presence-changed", {"n": 0})
            await apublish(9, "message", "hello")
            for number in range(1, 20):
                await asyncio.sleep(0.03)  # each publish lands in a window of its own
                await apublish(9, "presence-changed", {"n": number})
            await asyncio.sleep(0.1)
            received = []
            while (event := await stuck.receive(0.2)) is not None:
                received.append((event.name, event.data))
            return received

    assert run(scenario()) == [("presence-changed", {"n": 19}), ("message", "hello")]


def test_a_client_behind_on_events_that_are_never_merged_is_still_dropped(
    inprocess_broker, monkeypatch
):
    monkeypatch.setattr(broker, "QUEUE_SIZE", 3)

    async def scenario():
        async with subscribe(9) as slow:
            for number in range(4):
                await apublish(9, "flow-changed", {"n": number})
            return [event async for event in slow], inprocess_broker.subscriber_count(9)

    assert run(scenario()) == ([], 0)
