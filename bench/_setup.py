"""What the benches share: a throw-away database, Django or uvicorn on it, and the real ways in.

Not a bench itself: each bench imports it from this folder (`python bench/X.py` puts bench/ first on
sys.path) and stays runnable on its own. Nothing here touches the project's own database or Redis keys:
every run gets a new SQLite file (or PostgreSQL database, dropped afterwards) and its own cache prefix.
"""

import argparse
import asyncio
import io
import json
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
FACILITATOR = "lead@example.org"
PASSWORD = "bench-facilitator-42"  # noqa: S105 - a throw-away account in a throw-away database


# The database and the settings.


def bench_env(debug: bool = False) -> dict:
    """This process's environment with the bench's settings: no DATABASE_URL or REDIS_URL of its own."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workshop.settings",
        "DJANGO_DEBUG": "true" if debug else "false",
        "DJANGO_HTTPS": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "DJANGO_CACHE_PREFIX": f"pw-bench-{uuid.uuid4().hex[:8]}",
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    return env


@contextmanager
def throwaway_database(
    debug: bool = False, postgres: bool = False, redis_url: str = "", admin_url: str = ADMIN_URL
):
    """Yields the environment of an empty database, gone afterwards.

    SQLite in a temporary folder (the folder is `Path(env["DJANGO_SQLITE_PATH"]).parent`, for other
    throw-away files), or with `postgres` a database created through `admin_url` and dropped at the
    end. With `redis_url` the live broker, presence and cache go through that Redis db.
    """
    env = bench_env(debug)
    database = ""
    with tempfile.TemporaryDirectory(prefix="pw-bench-") as folder:
        env["DJANGO_SQLITE_PATH"] = str(Path(folder) / "db.sqlite3")
        if redis_url:
            env["REDIS_URL"] = redis_url
        if postgres:
            import psycopg

            database = f"pw_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
            env["DATABASE_URL"] = admin_url.rsplit("/", 1)[0] + "/" + database
        try:
            yield env
        finally:
            if database:
                import psycopg

                with psycopg.connect(admin_url, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def migrate(*envs: dict, patterns: bool = True) -> None:
    """Migrates each env's database and loads the shipped pattern library, in child processes.

    Several databases are prepared side by side: most of a migration is Python starting up and
    planning, on one core each.
    """
    steps = [["migrate", "--no-input", "-v0"]] + (
        [["load_patterns", "patterns/library"]] * patterns
    )
    for args in steps:
        running = [(manage_process(env, *args), args) for env in envs]
        for process, args in running:
            out, err = process.communicate()
            if process.returncode:
                sys.exit(f"manage.py {' '.join(args)} failed:\n{out}{err}")


def manage_process(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def django_script(env: dict, body: str):
    """Runs `body` with Django set up in a child process; returns the JSON of its last printed line."""
    script = "import django, json\ndjango.setup()\n" + body
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def django_here(env: dict, migrated: bool = True, patterns: bool = True) -> None:
    """Django set up in this process on env's database (for benches that time code, not HTTP)."""
    for key in ("DATABASE_URL", "REDIS_URL"):
        if key not in env:
            os.environ.pop(key, None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    if migrated:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if patterns:
            call_command("load_patterns", "patterns/library", stdout=io.StringIO())


@contextmanager
def django_on_throwaway_database(debug: bool = True):
    """Django set up in this process on a migrated throw-away SQLite database; yields its env."""
    with throwaway_database(debug=debug) as env:
        django_here(env)
        yield env


def runs_option(description: str, default: int, quick: int = 5) -> int:
    """The --runs and --quick options of a bench that repeats one measurement; returns the runs."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--runs", type=int, default=default)
    parser.add_argument("--quick", action="store_true", help=f"{quick} runs")
    args = parser.parse_args()
    return quick if args.quick else args.runs


# Workshops to measure.


LIVE_WORKSHOP = """
from django.contrib.auth import get_user_model
from patterns.models import Pattern
from workshop.facilitation.models import Workshop
owner = get_user_model().objects.create_user(
    username="{email}", email="{email}", password="{password}")
pattern = Pattern.objects.get(slug="ecosystem-partnership-design")
workshop = Workshop.create_from_pattern(pattern, owner, "Bench", [f"Team {{i}}" for i in range({teams})])
workshop.start()
workshop.advance_to(workshop.steps.get(position=1))
print(json.dumps({{"id": workshop.pk, "code": workshop.join_code,
    "teams": list(workshop.teams.values_list("pk", flat=True)),
    "steps": {{str(s.position): s.pk for s in workshop.steps.all()}}}}))
"""


def live_workshop(env: dict, teams: int) -> dict:
    """A started workshop at step 1 with `teams` empty teams, its facilitator able to log in.

    Returns {"id", "code" (the join code), "teams" (ids), "steps" (position as text -> id)}.
    """
    return django_script(
        env, LIVE_WORKSHOP.format(email=FACILITATOR, password=PASSWORD, teams=teams)
    )


def live_workshop_here(team_names: list[str], start: bool = True, **options):
    """The same in this process (after `django_here`): the workshop, its owner not able to log in.

    Without `start`, a draft that has not begun (as a charter's seed data needs no live flow).
    """
    from django.contrib.auth import get_user_model

    from patterns.models import Pattern
    from workshop.facilitation.models import Workshop

    owner = get_user_model().objects.create_user(username="bench@example.org")
    pattern = Pattern.objects.get(slug="ecosystem-partnership-design")
    workshop = Workshop.create_from_pattern(pattern, owner, "Bench", team_names, **options)
    if start:
        workshop.start()
        workshop.advance_to(workshop.steps.get(position=1))
    return workshop


def one_team_here():
    """A started workshop with one team, "Map team", and a test client as one of its members."""
    workshop = live_workshop_here(["Map team"])
    team = workshop.teams.get()
    return workshop, team, participant_test_client(workshop, team)


def participant_test_client(workshop, team, name: str = "Bench"):
    """Django's test client as a new participant of `team` (the suite's session cookie)."""
    from tests.conftest import client_as_participant
    from workshop.facilitation.models import Participant

    participant = Participant.objects.create(workshop=workshop, team=team, display_name=name)
    return client_as_participant(participant)


# uvicorn on 127.0.0.1.


def start_server(env: dict, backlog: int = 4096) -> tuple[subprocess.Popen, int]:
    """One uvicorn process on a free port of 127.0.0.1; returns it and the port."""
    # Bound here and handed to uvicorn, so there is no race for the port.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # uvicorn takes a passed descriptor for a Unix socket and leaves Nagle on; accepted sockets
    # inherit TCP_NODELAY from the listening one, which saves ~40 ms per small response.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    command = [sys.executable, "-m", "uvicorn", "workshop.asgi:application"]
    command += ["--fd", str(sock.fileno()), "--log-level", "warning", "--lifespan", "off"]
    command += ["--no-access-log", "--backlog", str(backlog)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, pass_fds=[sock.fileno()])
    sock.close()
    return process, port


def wait_until_serving(port: int, timeout: float = 30) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def servers(env: dict, count: int = 1, backlog: int = 4096):
    """Yields `count` serving uvicorn processes as (process, port) pairs; stops them afterwards."""
    running = []
    try:
        for _ in range(count):
            running.append(start_server(env, backlog))
        for _, port in running:
            wait_until_serving(port)
        yield running
    finally:
        for process, _ in running:
            process.terminate()
        for process, _ in running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def raise_file_limit() -> None:
    """Hundreds of open streams need more descriptors than the usual soft limit of 1,024."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# The real ways in: the join form and the facilitator's login.


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


def source_address(number: int) -> str:
    """Participant `number`'s own 127.x.y.z address: phones on their own networks, so the
    per-network join limit (20 a minute) holds for a room of hundreds."""
    return f"127.{1 + number // 60000}.{(number // 250) % 240}.{2 + number % 250}"


def phone_client(port: int, number: int):
    """An httpx client for participant `number`, from its own source address."""
    import httpx

    return httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}",
        transport=httpx.AsyncHTTPTransport(local_address=source_address(number)),
        timeout=60,
    )


async def join(client, code: str, name: str, team: int, follow: bool = True) -> None:
    """Joins through the join form, as a phone does (its page, its CSRF token, the POST).

    With `follow`, also loads the page the join leads to (the team's step), as the browser does.
    """
    page = await client.get(f"/join/{code}/")
    data = {
        "csrfmiddlewaretoken": csrf_from(page.text),
        "code": code,
        "display_name": name,
        "team": str(team),
    }
    answer = await client.post(
        "/join/", data=data, headers={"Referer": str(page.url)}, follow_redirects=follow
    )
    if follow and (answer.status_code != 200 or "data-live-root" not in answer.text):
        raise RuntimeError(f"join answered {answer.status_code}")
    if not follow and answer.status_code != 302:
        raise RuntimeError(f"join answered {answer.status_code}")


async def join_all(joins, at_once: int = 20) -> None:
    """Awaits the join coroutines, `at_once` at a time (a room arriving, not in one instant)."""
    gate = asyncio.Semaphore(at_once)

    async def one(coroutine):
        async with gate:
            await coroutine

    await asyncio.gather(*(one(coroutine) for coroutine in joins))


async def facilitator_client(port: int, workshop_id: int):
    """The facilitator logged in through the login form; returns the client and a CSRF token."""
    import httpx

    client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60)
    page = await client.get("/accounts/login/")
    data = {"csrfmiddlewaretoken": csrf_from(page.text), "email": FACILITATOR, "password": PASSWORD}
    answer = await client.post("/accounts/login/", data=data, headers={"Referer": str(page.url)})
    if answer.status_code not in (302, 303):
        raise RuntimeError(f"login answered {answer.status_code}")
    console = await client.get(f"/facilitate/{workshop_id}/")
    return client, csrf_from(console.text) or client.cookies.get("csrftoken", "")


# Figures.


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def key_values(figures: dict) -> str:
    return " ".join(f"{key}={value}" for key, value in figures.items())


def load_average() -> float:
    return round(os.getloadavg()[0], 2)
