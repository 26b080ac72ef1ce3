"""Fixtures shared by the whole suite: a real ASGI server for live and browser tests."""

import socket
import threading
import time

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.3 s per user; the tests are about access, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded and generated files (published charters' PDFs) stay out of the work tree.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and presence live in the cache; each test starts from nothing.
    cache.clear()
    yield


class AsgiServer:
    """uvicorn serving the project in a thread of the test process, on a free loopback port."""

    def __init__(self, port=0):
        import uvicorn

        from workshop.asgi import application

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            application, log_level="warning", lifespan="off", timeout_graceful_shutdown=1
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def start(self):
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def stop(self):
        from workshop.facilitation.live import broker

        self.server.should_exit = True
        self.thread.join(timeout=5)
        self.sock.close()
        broker.reset_for_tests()  # the next server starts with a broker of its own


class RestartableServer:
    """The test's server; `restart()` stops it and serves again on the same port (a deploy)."""

    def __init__(self):
        self.current = AsgiServer().start()
        self.url = self.current.url

    def restart(self, while_down=None):
        port = self.current.port
        self.current.stop()
        if while_down:
            while_down()
        self.current = AsgiServer(port).start()

    def stop(self):
        self.current.stop()


@pytest.fixture
def asgi_server(transactional_db):
    """The app served by uvicorn (streaming works, unlike pytest-django's live_server)."""
    server = RestartableServer()
    yield server
    server.stop()


# ---- Personas (STYLE.md): a facilitator's workshop with two teams, and everyone around it ----------

REPO = __import__("pathlib").Path(__file__).resolve().parent.parent


@pytest.fixture
def partnership_pattern(db):
    import io

    from django.core.management import call_command

    from patterns.models import Pattern

    call_command("load_patterns", str(REPO / "patterns" / "library"), stdout=io.StringIO())
    return Pattern.objects.get(slug="ecosystem-partnership-design")


def make_facilitator(email, name="Jordan Reyes", password="correct horse battery"):
    from django.contrib.auth import get_user_model

    first, _, last = name.partition(" ")
    return get_user_model().objects.create_user(
        username=email.lower(), email=email, password=password, first_name=first, last_name=last
    )


@pytest.fixture
def facilitator(db):
    return make_facilitator("jordan@example.org")


@pytest.fixture
def co_facilitator(db):
    return make_facilitator("sam@example.org", "Sam Okafor")


@pytest.fixture
def other_facilitator(db):
    return make_facilitator("riley@example.org", "Riley Stone")


@pytest.fixture
def live_workshop(partnership_pattern, facilitator, co_facilitator):
    from workshop.facilitation.models import Workshop

    workshop = Workshop.create_from_pattern(
        partnership_pattern,
        facilitator,
        "Millrace Park Partnership",
        ["Riverside", "City Hall"],
        currency="USD",
    )
    workshop.co_facilitators.add(co_facilitator)
    workshop.start()
    workshop.advance_to(workshop.steps.get(position=1))
    return workshop


@pytest.fixture
def team_a(live_workshop):
    return live_workshop.teams.get(name="Riverside")


@pytest.fixture
def team_b(live_workshop):
    return live_workshop.teams.get(name="City Hall")


def make_participant(workshop, team, name):
    from workshop.facilitation.models import Participant

    return Participant.objects.create(workshop=workshop, team=team, display_name=name)


@pytest.fixture
def participant_a(live_workshop, team_a):
    return make_participant(live_workshop, team_a, "Marcus")


@pytest.fixture
def teammate_a(live_workshop, team_a):
    return make_participant(live_workshop, team_a, "Amara")


@pytest.fixture
def participant_b(live_workshop, team_b):
    return make_participant(live_workshop, team_b, "Dana")


@pytest.fixture
def other_workshop_participant(partnership_pattern, other_facilitator):
    from workshop.facilitation.models import Workshop

    other = Workshop.create_from_pattern(
        partnership_pattern, other_facilitator, "Elsewhere", ["Solo"]
    )
    other.start()
    return make_participant(other, other.teams.get(), "Chris")


def client_as_participant(participant):
    """A browser whose session cookie says it joined as `participant`."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client

    from workshop.facilitation.access import SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = {str(participant.workshop_id): participant.pk}
    session.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def client_as_user(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
