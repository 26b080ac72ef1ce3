import asyncio

import pytest
from django.core.management import CommandError, call_command

from tests.facilitation.live.conftest import run
from workshop.facilitation.live.broker import subscribe


def test_publish_event_command_reaches_subscribers(any_broker):
    async def scenario():
        async with subscribe(3) as events:
            await asyncio.to_thread(
                call_command, "publish_event", "3", "message", '{"body": "Break"}'
            )
            await asyncio.to_thread(call_command, "publish_event", "3", "sync")
            return [await events.receive(5) for _ in range(2)]

    first, second = run(scenario())
    assert (first.name, first.data) == ("message", {"body": "Break"})
    assert (second.name, second.data) == ("sync", "")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["3", "message", "{not json"], "DATA looks like JSON but is not valid"),
        (["3", "bad name"], "Invalid event name"),
    ],
)
def test_publish_event_command_refuses_bad_input(inprocess_broker, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("publish_event", *arguments)
