import types

import pytest

from workshop.accounts.facilitators import create_facilitator

PASSWORD = "quiet-harbour-lantern-42"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher costs ~0.3 s a call; the rate-limit tests make dozens of attempts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class RatelimitClock:
    """Stands in for django-ratelimit's clock, so a test never straddles two counting windows."""

    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float):
        self.now += seconds


@pytest.fixture(autouse=True)
def ratelimit_clock(monkeypatch):
    clock = RatelimitClock(1_800_000_000.0)
    monkeypatch.setattr("django_ratelimit.core.time", types.SimpleNamespace(time=clock.time))
    return clock


@pytest.fixture
def facilitator(db):
    return create_facilitator(name="Ada Okafor", email="ada@example.org", password=PASSWORD)
