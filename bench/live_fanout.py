"""Live fan-out: how long an event takes from publish to the LAST of N SSE clients receiving it.

Self-contained: starts its own uvicorn processes (DJANGO_DEBUG=true for the DEBUG-only ping
endpoints, a throw-away SQLite file) and stops them. Two modes:
  inprocess  one process, the in-process broker;
  redis2     two processes sharing Redis (REDIS_URL, default redis://127.0.0.1:6379/15), the clients
             split across both, every event published through the first.
Clients are raw asyncio sockets in this process; each event carries its send time, so
publish-to-receipt is measured on one clock. The figures are printed last, one key=value line per
mode.

    .venv/bin/python bench/live_fanout.py [--clients 200] [--events 50] [--quick]
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
WORKSHOP = 1


def start_server(env: dict) -> tuple[subprocess.Popen, int]:
    # Bound here and handed to uvicorn, so there is no race for the port.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # uvicorn takes a passed descriptor for a Unix socket and leaves Nagle on; accepted sockets
    # inherit TCP_NODELAY from the listening one.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    command = [sys.executable, "-m", "uvicorn", "workshop.asgi:application"]
    command += ["--fd", str(sock.fileno()), "--log-level", "warning", "--lifespan", "off"]
    command += ["--no-access-log", "--backlog", "4096"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, pass_fds=[sock.fileno()])
    sock.close()
    return process, port


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def http_request(port: int, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if body:
        head += "Content-Type: application/x-www-form-urlencoded\r\n"
    head += f"Content-Length: {len(body)}\r\n\r\n"
    writer.write(head.encode() + body)
    await writer.drain()
    response = await reader.read()
    writer.close()
    status = int(response.split(b" ", 2)[1])
    return status, response


async def wait_until_serving(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            await http_request(port, "POST", "/live/ping/0/publish/", b"event=ready")
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)


class Client:
    """One SSE connection; records when each numbered event arrives."""

    def __init__(self, port: int):
        self.port = port
        self.ready = asyncio.Event()
        self.received: dict[int, float] = {}
        self.error = ""

    async def run(self, stop: asyncio.Event) -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        except OSError as error:
            self.error = f"connect: {error}"
            self.ready.set()
            return
        writer.write(
            f"GET /live/ping/{WORKSHOP}/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
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
        # The body is chunked; SSE lines arrive whole inside chunks, so reading lines is enough.
        while line := await reader.readline():
            if line.startswith(b"event: sync"):
                self.ready.set()
            elif line.startswith(b'data: {"seq"'):
                arrived = time.perf_counter()
                payload = json.loads(line[6:])
                self.received[payload["seq"]] = arrived - payload["t"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def measure(ports: list[int], clients: int, events: int, interval: float) -> dict:
    stop = asyncio.Event()
    members = [Client(ports[number % len(ports)]) for number in range(clients)]
    tasks = [asyncio.create_task(member.run(stop)) for member in members]
    await asyncio.wait_for(asyncio.gather(*(member.ready.wait() for member in members)), 60)
    await asyncio.sleep(0.2)
    publisher = ports[0]
    for seq in range(events):
        data = json.dumps({"seq": seq, "t": time.perf_counter()})
        body = urlencode({"event": "bench", "data": data}).encode()
        status, _ = await http_request(publisher, "POST", f"/live/ping/{WORKSHOP}/publish/", body)
        if status != 200:
            raise RuntimeError(f"publish answered {status}")
        await asyncio.sleep(interval)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(
        len(member.received) < events for member in members if not member.error
    ):
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.gather(*tasks)

    latencies, firsts, errors = [], [], 0
    for seq in range(events):
        arrivals = [member.received.get(seq) for member in members]
        errors += sum(arrival is None for arrival in arrivals)
        got = [arrival for arrival in arrivals if arrival is not None]
        if got:
            latencies.append(max(got) * 1000)
            firsts.append(min(got) * 1000)
    return {
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "first_p50_ms": round(statistics.median(firsts), 1) if firsts else None,
        "errors": errors + sum(bool(member.error) for member in members),
    }


def run_mode(mode: str, args) -> dict:
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workshop.settings",
        "DJANGO_DEBUG": "true",
        "DJANGO_HTTPS": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_CACHE_PREFIX": f"pw-bench-{uuid.uuid4().hex[:8]}",
    }
    base_env.pop("DATABASE_URL", None)
    if mode == "redis2":
        base_env["REDIS_URL"] = args.redis_url
        count = 2
    else:
        base_env.pop("REDIS_URL", None)
        count = 1
    with tempfile.TemporaryDirectory(prefix="pw-bench-") as folder:
        base_env["DJANGO_SQLITE_PATH"] = str(Path(folder) / "db.sqlite3")
        servers = [start_server(base_env) for _ in range(count)]
        try:

            async def session():
                for _, port in servers:
                    await wait_until_serving(port)
                before = sum(cpu_seconds(process.pid) for process, _ in servers)
                started = time.monotonic()
                figures = await measure(
                    [port for _, port in servers], args.clients, args.events, args.interval
                )
                spent = sum(cpu_seconds(process.pid) for process, _ in servers) - before
                figures["server_cpu_pct"] = round(100 * spent / (time.monotonic() - started), 1)
                return figures

            figures = asyncio.run(session())
        finally:
            for process, _ in servers:
                process.terminate()
            for process, _ in servers:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
    return {"mode": mode, "clients": args.clients, "events": args.events, **figures}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between events")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--modes", default="inprocess,redis2")
    parser.add_argument("--quick", action="store_true", help="fewer events: well under a minute")
    args = parser.parse_args()
    if args.quick:
        args.events = min(args.events, 20)
    results = []
    for mode in args.modes.split(","):
        print(f"running {mode}: {args.clients} clients, {args.events} events ...", flush=True)
        results.append(run_mode(mode, args))
    for result in results:
        print(" ".join(f"{key}={value}" for key, value in result.items()))
    return 1 if any(result["errors"] for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
