"""Step 1 page render with a large map: 60 actors and 120 flows, timed server-side.

Self-contained: a throw-away SQLite database in a temporary folder (DJANGO_SQLITE_PATH), migrated and
seeded here; the step page is fetched with Django's test client (no network), so the figure is the
server's render time: queries, derived values, the layout (cached after the first render) and templates.

    .venv/bin/python bench/map_page.py [--runs 30] [--quick]

Prints its figures last: actors=60 flows=120 p50_ms=.. p95_ms=.. first_ms=..
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="5 runs")
    args = parser.parse_args()
    runs = 5 if args.quick else args.runs

    tmp = tempfile.mkdtemp(prefix="bench-map-")
    os.environ.update(
        DJANGO_SQLITE_PATH=str(Path(tmp) / "bench.sqlite3"),
        DJANGO_DEBUG="true",
        DJANGO_SETTINGS_MODULE="workshop.settings",
        DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.test import Client

    from patterns.models import Pattern
    from workshop.facilitation.access import SESSION_KEY
    from workshop.facilitation.models import Participant, Workshop
    from workshop.steps.mapping.models import Actor, Flow

    call_command("migrate", verbosity=0)
    call_command("load_patterns", "patterns/library", stdout=io.StringIO())
    owner = get_user_model().objects.create_user(username="bench@example.org")
    pattern = Pattern.objects.get(slug="ecosystem-partnership-design")
    workshop = Workshop.create_from_pattern(pattern, owner, "Bench", ["Map team"])
    workshop.start()
    workshop.advance_to(workshop.steps.get(position=1))
    team = workshop.teams.get()
    types = [c for c, _label in Actor.Type.choices]
    sectors = [c for c, _label in Actor.Sector.choices]
    actors = [
        Actor.objects.create(
            team=team,
            name=f"Actor {i:02d} with a fairly long organisation name",
            actor_type=types[i % 4],
            sector=sectors[i % len(sectors)],
            influence=1 + i % 5,
            interest=1 + (i * 3) % 5,
        )
        for i in range(60)
    ]
    flow_types = [c for c, _label in Flow.Type.choices]
    statuses = [c for c, _label in Flow.Status.choices]
    for i in range(120):
        source = actors[i % 60]
        target = actors[(i * 7 + 1 + i // 60) % 60]
        if target == source:
            target = actors[(i + 1) % 60]
        Flow.objects.create(
            team=team,
            source=source,
            target=target,
            flow_type=flow_types[i % len(flow_types)],
            status=statuses[i % 3],
            label=f"Flow {i}",
        )
    participant = Participant.objects.create(workshop=workshop, team=team, display_name="Bench")
    session = SessionStore()
    session[SESSION_KEY] = {str(workshop.pk): participant.pk}
    session.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    url = f"/w/{workshop.pk}/team/{team.pk}/step/1/" + os.environ.get("BENCH_PATH", "?view=map")

    start = time.perf_counter()
    response = client.get(url)
    first_ms = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.status_code
    assert response.content.count(b'<g class="map-node" ') == 60
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        cProfile.runctx("client.get(url)", globals(), locals(), "/tmp/map.prof")  # noqa: S108
        pstats.Stats("/tmp/map.prof").sort_stats("cumulative").print_stats(25)  # noqa: S108
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(f"actors=60 flows=120 p50_ms={p50:.1f} p95_ms={p95:.1f} first_ms={first_ms:.1f}")


if __name__ == "__main__":
    main()
