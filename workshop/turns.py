"""Turns to run Django's synchronous code: at most `settings.REQUEST_THREADS` at once per process.

On two cores a room's 200 simultaneous requests in 200 threads all crawl together through the GIL
and finish together, seconds late; taken a few at a time, the first answers leave in milliseconds
and the last no later than before. Requests take a turn in workshop.asgi; an event stream takes one
when it renders its screen's next step (views/stream.py).
"""

import asyncio

from django.conf import settings

_semaphore: asyncio.Semaphore | None = None
_loop = None


def _turns() -> asyncio.Semaphore:
    # One per event loop: a semaphore is bound to the loop it first waited on (tests run several).
    global _semaphore, _loop
    loop = asyncio.get_running_loop()
    if _semaphore is None or _loop is not loop:
        _semaphore, _loop = asyncio.Semaphore(max(1, settings.REQUEST_THREADS)), loop
    return _semaphore


async def take() -> asyncio.Semaphore:
    """Waits for a turn, in order; give it back with `.release()` on what this returns."""
    turns = _turns()
    await turns.acquire()
    return turns
