"""Step 1 page render with a large map: 60 actors and 120 flows, timed server-side.

Self-contained: a throw-away SQLite database in a temporary folder (DJANGO_SQLITE_PATH), migrated and
seeded here; the step page is fetched with Django's test client (no network), so the figure is the
server's render time: queries, derived values, the layout (cached after the first render) and templates.

    .venv/bin/python bench/map_page.py [--runs 30] [--quick]

Prints its figures last: actors=60 flows=120 p50_ms=.. p95_ms=.. first_ms=..
"""

import os
import statistics
import time

from _setup import django_on_throwaway_database, one_team_here, percentile, runs_option


def main():
    runs = runs_option(__doc__, default=30)
    with django_on_throwaway_database():
        measure(runs)


def measure(runs):
    from workshop.steps.mapping.models import Actor, Flow

    workshop, team, client = one_team_here()
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
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    print(f"actors=60 flows=120 p50_ms={p50:.1f} p95_ms={p95:.1f} first_ms={first_ms:.1f}")


if __name__ == "__main__":
    main()
