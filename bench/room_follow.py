"""A room follows the facilitator: from the step-change request to each phone showing the new step.

Self-contained: a throw-away database (SQLite, or with --processes 2 a throw-away PostgreSQL database
on DATABASE_ADMIN_URL and Redis db REDIS_URL), its own uvicorn process(es) on 127.0.0.1 with
production settings (DJANGO_DEBUG=false). N participants join through the real join form (each from
its own 127.x.y.z address, as phones on their own networks, so the per-network join limit holds),
open their real event stream, and the logged-in facilitator makes the next step current with the real
POST. Each participant then does what static/js/live.js does on "flow-changed": one request for the
new step's fragment (/w/<id>/?swap=step, HX-Request), swapped in place. A screen counts when that
answer names the new step; one naming another step is stale.

    .venv/bin/python bench/room_follow.py [--participants 200] [--changes 3] [--processes 1] [--quick]
"""

import argparse
import asyncio
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from live_fanout import cpu_seconds, start_server  # noqa: E402

PASSWORD = "bench-room-follow-42"  # noqa: S105 - a throw-away account


def prepare(env, teams):
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "load_patterns", "patterns/library"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    script = f"""
import django, json
django.setup()
from django.contrib.auth import get_user_model
from patterns.models import Pattern
from workshop.facilitation.models import Workshop
owner = get_user_model().objects.create_user(
    username="lead@example.org", email="lead@example.org", password="{PASSWORD}")
pattern = Pattern.objects.get(slug="ecosystem-partnership-design")
workshop = Workshop.create_from_pattern(pattern, owner, "Bench", [f"Team {{i}}" for i in range({teams})])
workshop.start()
workshop.advance_to(workshop.steps.get(position=1))
print(json.dumps({{"id": workshop.pk, "code": workshop.join_code,
    "teams": list(workshop.teams.values_list("pk", flat=True)),
    "steps": {{s.position: s.pk for s in workshop.steps.all()}}}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def csrf_from(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


class Phone:
    def __init__(self, number, port, workshop, team):
        self.number, self.port, self.workshop, self.team = number, port, workshop, team
        address = f"127.{1 + number // 60000}.{(number // 250) % 240}.{2 + number % 250}"
        self.client = httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}",
            transport=httpx.AsyncHTTPTransport(local_address=address),
            timeout=60,
        )
        self.ready = asyncio.Event()
        self.events = {}  # flow version -> arrival time
        self.screens = {}  # step position -> time its fragment was on screen
        self.stale = 0
        self.error = ""
        self.following = set()  # keeps the fragment requests' tasks alive

    async def join(self):
        page = await self.client.get(f"/join/{self.workshop['code']}/")
        data = {
            "csrfmiddlewaretoken": csrf_from(page.text),
            "code": self.workshop["code"],
            "display_name": f"Phone {self.number}",
            "team": str(self.team),
        }
        answer = await self.client.post(
            "/join/", data=data, headers={"Referer": str(page.url)}, follow_redirects=True
        )
        if answer.status_code != 200 or "data-live-root" not in answer.text:
            raise RuntimeError(f"join answered {answer.status_code}")

    async def listen(self, stop):
        try:
            url = f"/w/{self.workshop['id']}/events/"
            async with self.client.stream("GET", url, timeout=None) as stream:
                event = ""
                async for line in stream.aiter_lines():
                    if line.startswith("event: "):
                        event = line[7:]
                        if event == "sync":
                            self.ready.set()
                    elif line.startswith("data: ") and event == "flow-changed":
                        import json

                        state = json.loads(line[6:])
                        self.events[state["flow_version"]] = time.perf_counter()
                        task = asyncio.ensure_future(self.follow(state))
                        self.following.add(task)
                        task.add_done_callback(self.following.discard)
                    if stop.is_set():
                        return
        except Exception as error:
            if not stop.is_set():
                self.error = f"stream: {error!r}"
        finally:
            self.ready.set()

    async def follow(self, state):
        # What live.js does: one fragment request, nothing else.
        try:
            answer = await self.client.get(
                f"/w/{self.workshop['id']}/",
                params={"swap": "step", "v": state["flow_version"]},
                headers={"HX-Request": "true"},
            )
            now = time.perf_counter()
            match = re.search(r'data-page-step="(\d+)"', answer.text)
            if answer.status_code != 200 or not match:
                self.error = f"fragment answered {answer.status_code}"
                return
            position = int(match.group(1))
            if position != state["current_step"]:
                self.stale += 1
            self.screens.setdefault(position, now)
        except Exception as error:
            self.error = f"fragment: {error!r}"


async def facilitator_client(port, workshop):
    client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60)
    page = await client.get("/accounts/login/")
    data = {
        "csrfmiddlewaretoken": csrf_from(page.text),
        "email": "lead@example.org",
        "password": PASSWORD,
    }
    answer = await client.post("/accounts/login/", data=data, headers={"Referer": str(page.url)})
    if answer.status_code not in (302, 303):
        raise RuntimeError(f"login answered {answer.status_code}")
    console = await client.get(f"/facilitate/{workshop['id']}/")
    return client, csrf_from(console.text) or client.cookies.get("csrftoken", "")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def measure(ports, workshop, participants, changes):
    teams = workshop["teams"]
    phones = [
        Phone(n, ports[n % len(ports)], workshop, teams[(n // 5) % len(teams)])
        for n in range(participants)
    ]
    gate = asyncio.Semaphore(20)

    async def join(phone):
        async with gate:
            await phone.join()

    await asyncio.gather(*(join(phone) for phone in phones))
    stop = asyncio.Event()
    tasks = [asyncio.create_task(phone.listen(stop)) for phone in phones]
    await asyncio.wait_for(asyncio.gather(*(phone.ready.wait() for phone in phones)), 120)
    await asyncio.sleep(0.5)
    facilitator, token = await facilitator_client(ports[0], workshop)
    event_ms, screen_ms = [], []
    for change in range(changes):
        position = 2 + change
        step_id = workshop["steps"][str(position)]
        started = time.perf_counter()
        answer = await facilitator.post(
            f"/facilitate/{workshop['id']}/steps/{step_id}/current/",
            data={"csrfmiddlewaretoken": token},
            headers={"X-CSRFToken": token, "Referer": f"http://127.0.0.1:{ports[0]}/"},
        )
        if answer.status_code >= 400:
            raise RuntimeError(f"step change answered {answer.status_code}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(
            position not in phone.screens for phone in phones if not phone.error
        ):
            await asyncio.sleep(0.02)
        for phone in phones:
            if position in phone.screens:
                screen_ms.append((phone.screens[position] - started) * 1000)
        arrivals = [max(phone.events.values()) for phone in phones if phone.events]
        event_ms.extend((t - started) * 1000 for t in arrivals)
        for phone in phones:
            phone.events.clear()
        await asyncio.sleep(1)
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await facilitator.aclose()
    await asyncio.gather(*(phone.client.aclose() for phone in phones))
    missing = participants * changes - len(screen_ms)
    kinds = sorted({phone.error.split(":")[0] for phone in phones if phone.error})
    if kinds:
        print("error kinds:", ", ".join(kinds), file=sys.stderr)
    return {
        "participants": participants,
        "event_p95_ms": round(percentile(event_ms, 0.95)) if event_ms else None,
        "screen_p50_ms": round(statistics.median(screen_ms)) if screen_ms else None,
        "screen_p95_ms": round(percentile(screen_ms, 0.95)) if screen_ms else None,
        "screen_max_ms": round(max(screen_ms)) if screen_ms else None,
        "errors": sum(bool(phone.error) for phone in phones) + max(0, missing),
        "stale": sum(phone.stale for phone in phones),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--changes", type=int, default=3)
    parser.add_argument("--processes", type=int, default=1, choices=(1, 2))
    parser.add_argument("--quick", action="store_true", help="2 step changes")
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()
    if args.quick:
        args.changes = 2
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workshop.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "DJANGO_CACHE_PREFIX": f"pw-bench-{uuid.uuid4().hex[:8]}",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    database = None
    with tempfile.TemporaryDirectory(prefix="pw-follow-") as folder:
        env["DJANGO_SQLITE_PATH"] = str(Path(folder) / "db.sqlite3")
        if args.processes == 2:
            import psycopg

            database = f"pw_follow_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(args.admin_url, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
            env["DATABASE_URL"] = args.admin_url.rsplit("/", 1)[0] + "/" + database
            env["REDIS_URL"] = args.redis_url
        servers = []
        try:
            workshop = prepare(env, max(1, args.participants // 5))
            workshop["steps"] = {str(k): v for k, v in workshop["steps"].items()}
            servers = [start_server(env) for _ in range(args.processes)]
            ports = [port for _, port in servers]
            for port in ports:
                deadline = time.monotonic() + 30
                while True:
                    try:
                        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                        break
                    except httpx.HTTPError:
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.2)
            before = sum(cpu_seconds(process.pid) for process, _ in servers)
            figures = asyncio.run(measure(ports, workshop, args.participants, args.changes))
            figures["server_cpu_s"] = round(
                sum(cpu_seconds(process.pid) for process, _ in servers) - before, 1
            )
        finally:
            for process, _ in servers:
                process.terminate()
                process.wait(10)
            if database:
                import psycopg

                with psycopg.connect(args.admin_url, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    figures["load_avg"] = round(os.getloadavg()[0], 2)
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
