"""Fixtures shared by the whole suite: a real ASGI server for live and browser tests."""

import socket
import threading
import time

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and presence live in the cache; each test starts from nothing.
    cache.clear()
    yield


class AsgiServer:
    """uvicorn serving the project in a thread of the test process, on a free loopback port."""

    def __init__(self):
        import uvicorn

        from workshop.asgi import application

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(application, log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self):
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def asgi_server(transactional_db):
    """The app served by uvicorn (streaming works, unlike pytest-django's live_server)."""
    server = AsgiServer().start()
    yield server
    server.stop()
