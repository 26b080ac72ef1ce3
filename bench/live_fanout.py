"""Live fan-out: from a facilitator's nudge to the LAST of N participants' event streams receiving it.

Self-contained, with production settings (DJANGO_DEBUG=false): a throw-away database, its own uvicorn
process(es) on 127.0.0.1, stopped at the end. N participants (teams of 5) join through the real join
form, each from its own 127.x.y.z address (phones on their own networks, so the per-network join
limit holds), and open their real event stream (/w/<id>/events/) with the session the join gave them.
The facilitator logs in through the login form and sends M messages to everyone with the console's
real POST (/facilitate/<id>/message/, as htmx sends it); the app publishes each one as a "message"
event to every screen. Per message: the time from the POST leaving the bench to the first and to the
last stream that has the event (its frames parsed, the message told apart by its text). Two modes:
  inprocess  one process, SQLite, the in-process broker;
  redis2     two processes sharing a throw-away PostgreSQL database (--admin-url) and Redis
             (--redis-url), the streams split across both, every message posted to the first.
The streams are raw asyncio sockets in this process (cheap, so the figure is the server's); the
joins and the facilitator use httpx. Figures printed last, one key=value line per mode.

    .venv/bin/python bench/live_fanout.py [--clients 200] [--events 50] [--modes inprocess,redis2]
        [--quick]
"""

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections import Counter
from contextlib import ExitStack

import _setup as bench

BODY = "Bench nudge {}"  # the message's text; its number tells the events apart


class Stream:
    """One participant's event stream, opened with its session; when each numbered message arrives."""

    def __init__(self, number: int, port: int, workshop_id: int, session: str):
        self.number, self.port, self.workshop_id, self.session = number, port, workshop_id, session
        self.ready = asyncio.Event()
        self.received: dict[int, float] = {}
        self.error = ""

    async def run(self, stop: asyncio.Event) -> None:
        try:
            reader, writer = await asyncio.open_connection(
                "127.0.0.1", self.port, local_addr=(bench.source_address(self.number), 0)
            )
        except OSError as error:
            self.error = f"connect: {error}"
            self.ready.set()
            return
        writer.write(
            f"GET /w/{self.workshop_id}/events/ HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            f"Accept: text/event-stream\r\nCookie: sessionid={self.session}\r\n\r\n".encode()
        )
        try:
            reading = asyncio.ensure_future(self._read(reader))
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if reading.done() and not self.error:
                self.error = "stream ended early"
            reading.cancel()
            stopping.cancel()
        finally:
            writer.close()
            self.ready.set()

    async def _read(self, reader: asyncio.StreamReader) -> None:
        status = await reader.readline()
        if b" 200 " not in status:
            self.error = f"stream answered {status.decode(errors='replace').strip()}"
            return
        # The body is chunked; uvicorn writes each SSE frame as one chunk, so the frame's lines arrive
        # whole and the chunk-size lines between frames match neither prefix.
        event = b""
        while line := await reader.readline():
            if line.startswith(b"event: "):
                event = line[7:].strip()
                if event == b"sync":
                    self.ready.set()
            elif line.startswith(b"data: ") and event == b"message":
                arrived = time.perf_counter()
                body = json.loads(line[6:]).get("body", "")
                if body.startswith(BODY.format("")):
                    self.received.setdefault(int(body.rsplit(" ", 1)[1]), arrived)
            elif line in (b"\n", b"\r\n"):
                event = b""


async def measure(servers_, workshop, clients, events, interval, at_once=20) -> dict:
    ports = [port for _, port in servers_]
    teams = workshop["teams"]
    sessions: dict[int, str] = {}
    join_errors = []

    async def join_one(number):
        client = bench.phone_client(ports[number % len(ports)], number)
        try:
            team = teams[(number // 5) % len(teams)]
            await bench.join(client, workshop["code"], f"Phone {number}", team, follow=False)
            sessions[number] = client.cookies["sessionid"]
        except Exception as error:
            join_errors.append(f"join: {error!r}")
        finally:
            await client.aclose()

    await bench.join_all(join_one(number) for number in range(clients))
    stop = asyncio.Event()
    streams = [
        Stream(number, ports[number % len(ports)], workshop["id"], session)
        for number, session in sorted(sessions.items())
    ]
    tasks = []
    # A room's screens arrive over a while, not in one instant: every stream that opens tells every
    # open one who is online, and 200 opening at once overflow the first ones' queues (the server
    # drops them). So --open-batch (20) at a time, each batch's first event in before the next, then
    # a quiet pause.
    for batch in range(0, len(streams), at_once):
        opening = streams[batch : batch + at_once]
        tasks += [asyncio.create_task(stream.run(stop)) for stream in opening]
        await asyncio.wait_for(asyncio.gather(*(stream.ready.wait() for stream in opening)), 60)
        await asyncio.sleep(0.2)
    await asyncio.sleep(1)
    dropped_early = sum(bool(stream.error) for stream in streams)
    facilitator, token = await bench.facilitator_client(ports[0], workshop["id"])
    headers = {
        "X-CSRFToken": token,
        "HX-Request": "true",
        "Referer": f"http://127.0.0.1:{ports[0]}/",
    }
    url = f"/facilitate/{workshop['id']}/message/"
    pids = [process.pid for process, _ in servers_]
    cpu_before, started = sum(map(bench.cpu_seconds, pids)), time.monotonic()
    sent: dict[int, float] = {}
    for seq in range(events):
        data = {"csrfmiddlewaretoken": token, "team": "", "body": BODY.format(seq)}
        sent[seq] = time.perf_counter()
        answer = await facilitator.post(url, data=data, headers=headers)
        if answer.status_code != 200:
            raise RuntimeError(f"message answered {answer.status_code}")
        await asyncio.sleep(interval)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
        len(stream.received) < events for stream in streams if not stream.error
    ):
        await asyncio.sleep(0.05)
    cpu_pct = 100 * (sum(map(bench.cpu_seconds, pids)) - cpu_before) / (time.monotonic() - started)
    stop.set()
    await asyncio.gather(*tasks)
    await facilitator.aclose()

    latencies, firsts, missed = [], [], 0
    for seq in range(events):
        arrivals = [stream.received.get(seq) for stream in streams]
        missed += sum(arrival is None for arrival in arrivals)
        got = [arrival - sent[seq] for arrival in arrivals if arrival is not None]
        if got:
            latencies.append(max(got) * 1000)
            firsts.append(min(got) * 1000)
    kinds = Counter(
        error.split(":")[0] for error in join_errors + [s.error for s in streams] if error
    )
    if kinds:
        print(f"errors: {dict(kinds)}, {dropped_early} stream(s) before timing", file=sys.stderr)
    return {
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(bench.percentile(latencies, 0.95), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "first_p50_ms": round(statistics.median(firsts), 1) if firsts else None,
        "errors": missed + len(join_errors) + sum(bool(stream.error) for stream in streams),
        "server_cpu_pct": round(cpu_pct, 1),
    }


def run_mode(mode: str, env: dict, args) -> dict:
    workshop = bench.live_workshop(env, teams=max(1, args.clients // 5))
    with bench.servers(env, count=2 if mode == "redis2" else 1) as running:
        figures = asyncio.run(
            measure(running, workshop, args.clients, args.events, args.interval, args.open_batch)
        )
    return {"mode": mode, "clients": args.clients, "events": args.events, **figures}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between messages")
    parser.add_argument(
        "--open-batch",
        type=int,
        default=20,
        help="streams opened at a time (the whole room at once overflows the first ones' queues)",
    )
    parser.add_argument("--modes", default="inprocess,redis2")
    parser.add_argument("--admin-url", default=bench.ADMIN_URL, help="PostgreSQL, for redis2")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15", help="for redis2")
    parser.add_argument("--quick", action="store_true", help="20 messages: under a minute")
    args = parser.parse_args()
    if args.quick:
        args.events = min(args.events, 20)
    bench.raise_file_limit()
    modes = args.modes.split(",")
    if not set(modes) <= {"inprocess", "redis2"}:
        parser.error("--modes: inprocess, redis2 or both")
    results = []
    with ExitStack() as stack:
        envs = [
            stack.enter_context(
                bench.throwaway_database(
                    postgres=mode == "redis2",
                    redis_url=args.redis_url if mode == "redis2" else "",
                    admin_url=args.admin_url,
                )
            )
            for mode in modes
        ]
        bench.migrate(*envs)
        for mode, env in zip(modes, envs, strict=True):
            print(f"running {mode}: {args.clients} clients, {args.events} events ...", flush=True)
            results.append({**run_mode(mode, env, args), "load_avg": bench.load_average()})
    for result in results:
        print(bench.key_values(result))
    return 1 if any(result["errors"] for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
