"""Both broker modes, and helpers for running async code from sync tests.

The Redis tests always use the machine's Redis (db 15, as in CI), each run under its own channel and
cache prefix so engineers and CI runs sharing that server never see each other's events.
"""

import asyncio
import uuid

import pytest
import redis

from workshop.facilitation.live import broker

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def run(coroutine, timeout=10):
    """Runs a coroutine in a fresh event loop, failing (not hanging) after ``timeout`` seconds."""

    async def bounded():
        try:
            return await asyncio.wait_for(coroutine, timeout)
        finally:
            await broker.aclose()  # the loop ends here: close its Redis connections first

    return asyncio.run(bounded())


@pytest.fixture
def unique_prefix():
    return f"pw-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def inprocess_broker(settings):
    settings.REDIS_URL = ""
    broker.reset_for_tests()
    yield broker.get_broker()
    broker.reset_for_tests()


@pytest.fixture
def redis_broker(settings, unique_prefix):
    settings.REDIS_URL = REDIS_TEST_URL
    settings.LIVE_CHANNEL_PREFIX = f"{unique_prefix}:live:"
    broker.reset_for_tests()
    yield broker.get_broker()
    broker.reset_for_tests()


@pytest.fixture(params=["inprocess", "redis"])
def any_broker(request):
    """Runs the test once with each implementation."""
    return request.getfixturevalue(f"{request.param}_broker")


@pytest.fixture
def redis_cache(settings, unique_prefix):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": unique_prefix,
        }
    }
    yield
    client = redis.Redis.from_url(REDIS_TEST_URL)
    keys = list(client.scan_iter(f"{unique_prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def locmem_cache(settings, unique_prefix):
    # LocMem caches with one LOCATION share their data: a fresh one per test.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": unique_prefix,
        }
    }


@pytest.fixture(params=["locmem", "redis"])
def any_cache(request):
    """Runs the test once with each cache (presence lives there)."""
    request.getfixturevalue(f"{request.param}_cache")
    return request.param


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/facilitation/live/" not in str(item.fspath):
            continue
        params = getattr(getattr(item, "callspec", None), "params", {})
        if {"redis_broker", "redis_cache"} & set(item.fixturenames) or "redis" in params.values():
            item.add_marker(pytest.mark.redis)


def sse_events(lines):
    """Parses SSE lines (httpx's iter_lines) into dicts of event, data, id; comments too."""
    fields: dict = {}
    for line in lines:
        if line == "":
            if fields:
                yield fields
            fields = {}
        elif line.startswith(":"):
            yield {"comment": line[1:].strip()}
        else:
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "data" and "data" in fields:
                fields["data"] += "\n" + value
            else:
                fields[name] = value
