"""Turns to run Django's sync code (workshop/turns.py): a few at once, in order, on any event loop."""

import asyncio

from workshop import turns


def _crowd(settings, n=6):
    settings.REQUEST_THREADS = 2
    running, most = [0], [0]

    async def one():
        turn = await turns.take()
        running[0] += 1
        most[0] = max(most[0], running[0])
        await asyncio.sleep(0.01)
        running[0] -= 1
        turn.release()

    async def all_of_them():
        await asyncio.gather(*(one() for _ in range(n)))

    return all_of_them, most


def test_only_so_many_hold_a_turn_at_once(settings):
    crowd, most = _crowd(settings)
    asyncio.run(crowd())
    assert most[0] == 2


def test_a_new_event_loop_gets_turns_of_its_own(settings):
    # Each test server (and uvicorn after a restart) runs its own loop; a semaphore bound to an
    # earlier loop would fail the first request that has to wait.
    for _ in range(2):
        crowd, most = _crowd(settings)
        asyncio.run(crowd())
        assert most[0] == 2
