"""A room follows the facilitator: from the step-change request to each phone showing the new step.

Self-contained: a throw-away database (SQLite, or with --processes 2 a throw-away PostgreSQL database
on DATABASE_ADMIN_URL and Redis db REDIS_URL), its own uvicorn process(es) on 127.0.0.1 with
production settings (DJANGO_DEBUG=false). N participants join through the real join form (each from
its own 127.x.y.z address, as phones on their own networks, so the per-network join limit holds),
open their real event stream, and the logged-in facilitator makes the next step current with the real
POST. Each participant then does what static/js/live.js does on "flow-changed": it waits for the
"step" event its own stream sends next (the new step rendered for it) and shows that; when the stream
says it has none, or is silent for 8 s, it asks itself (/w/<id>/?swap=step, HX-Request). A screen
counts when its step HTML names the new step; one naming another step is stale. `asked` counts the
screens that had to ask.

    .venv/bin/python bench/room_follow.py [--participants 200] [--changes 3] [--processes 1] [--quick]
"""

import argparse
import asyncio
import json
import re
import statistics
import sys
import time

import httpx
from _setup import (
    ADMIN_URL,
    cpu_seconds,
    facilitator_client,
    join,
    join_all,
    key_values,
    live_workshop,
    load_average,
    migrate,
    percentile,
    phone_client,
    raise_file_limit,
    servers,
    throwaway_database,
)


class Phone:
    def __init__(self, number, port, workshop, team):
        self.number, self.port, self.workshop, self.team = number, port, workshop, team
        self.client = phone_client(port, number)
        self.ready = asyncio.Event()
        self.events = {}  # flow version -> arrival time
        self.screens = {}  # step position -> time its fragment was on screen
        self.stale = 0
        self.error = ""
        self.following = set()  # keeps the fragment requests' tasks alive
        self.waiting = None  # (flow state, the timer that asks when no step comes)
        self.asked = 0

    async def join(self):
        await join(self.client, self.workshop["code"], f"Phone {self.number}", self.team)

    async def listen(self, stop, retry=True):
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
                        state = json.loads(line[6:])
                        self.events[state["flow_version"]] = time.perf_counter()
                        if self.waiting:
                            self.waiting[1].cancel()
                        timer = asyncio.get_running_loop().call_later(8, self.ask, state)
                        self.waiting = (state, timer)
                    elif line.startswith("data: ") and event == "step" and self.waiting:
                        state, timer = self.waiting
                        timer.cancel()
                        self.waiting = None
                        data = json.loads(line[6:])
                        if data.get("html"):
                            self.show(data["html"], state)
                        else:
                            self.ask(state)
                    if stop.is_set():
                        return
        except httpx.RemoteProtocolError as error:
            # The server closed an idle kept-alive connection as the request went out: a browser
            # sends it again on a new one, once.
            if retry and not self.ready.is_set():
                return await self.listen(stop, retry=False)
            if not stop.is_set():
                self.error = f"stream: {error!r}"
        except Exception as error:
            if not stop.is_set():
                self.error = f"stream: {error!r}"
        finally:
            self.ready.set()

    def show(self, html, state):
        match = re.search(r'data-page-step="(\d+)"', html)
        if not match:
            self.error = "step without a step"
            return
        position = int(match.group(1))
        if position != state["current_step"]:
            self.stale += 1
        self.screens.setdefault(position, time.perf_counter())

    def ask(self, state):
        self.waiting = None
        self.asked += 1
        task = asyncio.ensure_future(self.follow(state))
        self.following.add(task)
        task.add_done_callback(self.following.discard)

    async def follow(self, state):
        # What live.js does when the stream brings no step: one fragment request, nothing else.
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


async def measure(ports, workshop, participants, changes, pids):
    teams = workshop["teams"]
    phones = [
        Phone(n, ports[n % len(ports)], workshop, teams[(n // 5) % len(teams)])
        for n in range(participants)
    ]
    await join_all(phone.join() for phone in phones)
    stop = asyncio.Event()
    tasks = [asyncio.create_task(phone.listen(stop)) for phone in phones]
    await asyncio.wait_for(asyncio.gather(*(phone.ready.wait() for phone in phones)), 120)
    await asyncio.sleep(0.5)
    facilitator, token = await facilitator_client(ports[0], workshop["id"])
    event_ms, screen_ms, change_cpu, bench_cpu = [], [], [], []
    for change in range(changes):
        position = 2 + change
        step_id = workshop["steps"][str(position)]
        cpu_before, own_before = sum(map(cpu_seconds, pids)), time.process_time()
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
        # The servers' CPU for one step change, and the bench's own (it shares the machine).
        change_cpu.append(sum(map(cpu_seconds, pids)) - cpu_before)
        bench_cpu.append(time.process_time() - own_before)
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
        "asked": sum(phone.asked for phone in phones),
        "change_cpu_s": round(statistics.mean(change_cpu), 2),
        "bench_cpu_s": round(statistics.mean(bench_cpu), 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--changes", type=int, default=3)
    parser.add_argument("--processes", type=int, default=1, choices=(1, 2))
    parser.add_argument("--quick", action="store_true", help="2 step changes")
    parser.add_argument("--admin-url", default=ADMIN_URL)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()
    if args.quick:
        args.changes = 2
    raise_file_limit()
    with throwaway_database(
        postgres=args.processes == 2,
        redis_url=args.redis_url if args.processes == 2 else "",
        admin_url=args.admin_url,
    ) as env:
        migrate(env)
        workshop = live_workshop(env, max(1, args.participants // 5))
        with servers(env, args.processes) as running:
            pids = [process.pid for process, _ in running]
            before = sum(map(cpu_seconds, pids))
            ports = [port for _, port in running]
            figures = asyncio.run(measure(ports, workshop, args.participants, args.changes, pids))
            figures["server_cpu_s"] = round(sum(map(cpu_seconds, pids)) - before, 1)
    figures["load_avg"] = load_average()
    print(key_values(figures))


if __name__ == "__main__":
    main()
