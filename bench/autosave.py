"""Saves under load: N participants saving their team's work while they type.

Self-contained: a throw-away database (SQLite in a temporary folder, or with --database postgres one it
creates and drops on 127.0.0.1:5432), migrated and seeded here; one uvicorn process on 127.0.0.1, started
and stopped here. Each simulated participant has its own team, session cookie and CSRF token and saves
every 5-15 s (--interval 10), so 200 participants offer about 20 saves a second, timed once every
participant has opened its page. By default they save their team notes (autosave, carrying the version
it started from); --kinds mixed rotates through the step tools the way their pages post them: notes,
adding an actor and a flow on the map (step 1) and a private score vote (step 2). At the end every
note must hold its participant's last text and version: a save that is not stored is an error.

    .venv/bin/python bench/autosave.py [--participants 200] [--seconds 60] [--quick]
        [--database postgres] [--kinds notes|mixed|notes,actor,...]

Prints its figures last: database=.. participants=.. saves=.. rate_per_s=.. p50_ms=.. p95_ms=..
max_ms=.. errors=.. and the p95 of each kind of save.
"""

import argparse
import asyncio
import random
import socket
import statistics
import sys
import time

from _setup import ADMIN_URL, django_script, migrate, percentile, servers, throwaway_database


def prepare(env, participants):
    """Migrate, load the pattern and create one live workshop with a team per participant."""
    migrate(env)
    script = f"""
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from patterns.models import Pattern
from workshop.facilitation.access import SESSION_KEY
from workshop.facilitation.models import Participant, Workshop
owner = get_user_model().objects.create_user(username="bench@example.org", email="bench@example.org")
pattern = Pattern.objects.get(slug="ecosystem-partnership-design")
names = [f"Team {{i}}" for i in range({participants})]
workshop = Workshop.create_from_pattern(pattern, owner, "Bench", names)
workshop.start()
workshop.advance_to(workshop.steps.get(position=1))
step2 = workshop.steps.get(position=2)
step2.state = "open"
step2.save()
from workshop.steps.mapping.models import Actor
from workshop.steps.alignment.models import Candidate, Criterion
out = []
for team in workshop.teams.all():
    p = Participant.objects.create(workshop=workshop, team=team, display_name=f"P {{team.pk}}")
    a = Actor.objects.create(team=team, name="River trust", actor_type="organisation",
        sector="civil_society", agency="high", influence=3, interest=4, stance="supportive")
    b = Actor.objects.create(team=team, name="Town council", actor_type="organisation",
        sector="public", agency="high", influence=5, interest=3, stance="neutral")
    crit = Criterion.objects.create(team=team, name="Shared values", category="values_alignment",
        weight=25, order=1)
    cand = Candidate.objects.create(team=team, actor=a, status="long_list")
    s = SessionStore()
    s[SESSION_KEY] = {{str(workshop.pk): p.pk}}
    s.create()
    base = f"/w/{{workshop.pk}}/team/{{team.pk}}/step/"
    out.append({{"session": s.session_key, "url": base + "1/notes/", "team": team.pk,
                "actor_url": base + "1/map/actors/add/", "flow_url": base + "1/map/flows/add/",
                "vote_url": base + f"2/alignment/scoring/{{cand.pk}}/vote/",
                "a": a.pk, "b": b.pk, "criterion": crit.pk}})
print(json.dumps(out))
"""
    return django_script(env, script)


KINDS = ("notes", "actor", "flow", "score")
kinds_in_use = list(KINDS)
by_kind: dict[str, list[float]] = {}


async def participant(base, record, seconds, interval, latencies, errors, finals, arrived, start):
    import httpx

    cookies = {"sessionid": record["session"]}
    # Without TCP_NODELAY, Nagle's algorithm and delayed ACKs add ~40 ms to every small request.
    transport = httpx.AsyncHTTPTransport(
        socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    )
    # uvicorn closes a connection idle for 5 s; reusing one at that instant fails with a ReadError
    # (browsers retry, httpx does not), so the client lets idle connections go first, as a browser
    # whose connection was closed would open a new one.
    limits = httpx.Limits(keepalive_expiry=4)
    async with httpx.AsyncClient(
        base_url=base, cookies=cookies, timeout=30, transport=transport, limits=limits
    ) as client:
        page = await client.get(record["url"])
        token = page.cookies.get("csrftoken") or client.cookies.get("csrftoken")
        # The saves are timed once every participant has its page: 200 pages opened in the same
        # instant is a different (and unrealistic) load.
        arrived()
        await start.wait()
        if page.status_code != 200 or not token:
            errors.append(f"setup {page.status_code}")
            return
        version, text, saves = 0, "", 0
        deadline = time.monotonic() + seconds
        await asyncio.sleep(random.uniform(0, interval))
        turn = 0
        while time.monotonic() < deadline:
            kind = kinds_in_use[turn % len(kinds_in_use)]
            turn += 1
            headers = {"X-CSRFToken": token, "Referer": base + "/", "HX-Request": "true"}
            if kind == "notes":
                text += f" word{saves}"
                url, data = record["url"], {"text": text.strip(), "version": version}
                headers = {**headers, "X-Autosave": "1"}
            elif kind == "actor":
                url, data = (
                    record["actor_url"],
                    {
                        "name": f"Actor {turn}",
                        "actor_type": "organisation",
                        "sector": "private",
                        "influence": 2,
                        "interest": 3,
                        "agency": "high",
                        "stance": "neutral",
                    },
                )
            elif kind == "flow":
                url, data = (
                    record["flow_url"],
                    {
                        "source": record["a"],
                        "target": record["b"],
                        "flow_type": "information_data",
                        "label": f"Update {turn}",
                        "status": "existing",
                        "direction": "one_way",
                    },
                )
            else:
                url, data = record["vote_url"], {f"c{record['criterion']}": 1 + turn % 5}
            started = time.perf_counter()
            try:
                response = await client.post(url, data=data, headers=headers)
            except httpx.HTTPError as error:
                errors.append(type(error).__name__)
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            by_kind.setdefault(kind, []).append(latencies[-1])
            if response.status_code != 200:
                errors.append(f"{kind} {response.status_code}")
            elif kind == "notes":
                version = response.json()["version"]
                saves += 1
            await asyncio.sleep(random.uniform(interval * 0.5, interval * 1.5))
        finals[record["team"]] = (text.strip(), version)


def verify(env, finals):
    """Every participant's last save is what the database holds."""
    script = """
from workshop.steps.notes.models import TeamNote
print(json.dumps({n.team_id: [n.text, n.version] for n in TeamNote.objects.all()}))
"""
    stored = {int(k): tuple(v) for k, v in django_script(env, script).items()}
    return sum(1 for team, final in finals.items() if final[1] and stored.get(team) != final)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--interval",
        type=float,
        default=10,
        help="mean seconds between one participant's saves (the page saves 0.8 s after typing stops)",
    )
    parser.add_argument("--quick", action="store_true", help="a short run (under a minute)")
    parser.add_argument(
        "--kinds",
        default="notes",
        help="comma-separated kinds of save among notes,actor,flow,score, or 'mixed' for all four "
        "(default notes: the issue's figure is participants saving their notes)",
    )
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="sqlite: the embedded default; postgres: a throw-away database on --admin-url",
    )
    parser.add_argument(
        "--admin-url", default=ADMIN_URL, help="PostgreSQL, for --database postgres"
    )
    args = parser.parse_args()
    if args.quick:
        args.seconds = min(args.seconds, 25)
    kinds_in_use[:] = KINDS if args.kinds == "mixed" else args.kinds.split(",")
    if not set(kinds_in_use) <= set(KINDS):
        parser.error(f"--kinds: choose among {', '.join(KINDS)} or 'mixed'")
    with throwaway_database(postgres=args.database == "postgres", admin_url=args.admin_url) as env:
        records = prepare(env, args.participants)
        with servers(env, backlog=2048) as [(_process, port)]:
            base = f"http://127.0.0.1:{port}"
            latencies, errors, finals = [], [], {}
            elapsed = asyncio.run(
                run_all(base, records, args.seconds, args.interval, latencies, errors, finals)
            )
        lost = verify(env, finals)
    saves = len(latencies)  # every kind of save, not only notes
    if errors:
        print("errors:", sorted(set(errors))[:10], file=sys.stderr)
    kinds = " ".join(f"{k}_p95_ms={percentile(v, 0.95):.1f}" for k, v in sorted(by_kind.items()))
    print(
        f"database={args.database} participants={args.participants} saves={saves} "
        f"rate_per_s={saves / elapsed:.1f} p50_ms={statistics.median(latencies):.1f} "
        f"p95_ms={percentile(latencies, 0.95):.1f} max_ms={max(latencies):.1f} "
        f"errors={len(errors) + lost} {kinds}"
    )


async def run_all(base, records, seconds, interval, latencies, errors, finals):
    """Returns the seconds from the moment every participant has its page."""
    start, waiting, started = asyncio.Event(), [len(records)], []

    def arrived():
        waiting[0] -= 1
        if not waiting[0]:
            started.append(time.monotonic())
            start.set()

    await asyncio.gather(
        *(
            participant(base, r, seconds, interval, latencies, errors, finals, arrived, start)
            for r in records
        )
    )
    return time.monotonic() - started[0]


if __name__ == "__main__":
    main()
