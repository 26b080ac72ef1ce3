"""Partner and flow suggestions (issue 18) for a team of 200 actors with varied generated text.

Self-contained: a throw-away SQLite database in a temporary folder, migrated and seeded here. Times
the pure function (suggestions.suggest on prepared inputs) and the Suggestions panel fragment through
Django's test client (queries, the function and the template). Target: under 200 ms.

    .venv/bin/python bench/suggestions.py [--runs 20] [--quick]

Prints its figures last: actors=200 pure_p50_ms=.. pure_p95_ms=.. panel_p50_ms=.. panel_p95_ms=..
"""

import random
import statistics
import time

from _setup import django_on_throwaway_database, one_team_here, percentile, runs_option


def main():
    runs = runs_option(__doc__, default=20)
    with django_on_throwaway_database():
        measure(runs)


def measure(runs):
    from workshop.steps.mapping import suggestion_records, suggestions
    from workshop.steps.mapping.models import Actor, Flow, ValueGap

    workshop, team, client = one_team_here()
    rng = random.Random(18)
    words = (  # noqa: SIM905
        "storage cold transport delivery vans training volunteers land water access funding grants "
        "data sensors maps legal advice permits office space kitchen food surplus compost energy "
        "solar roofs housing tenants youth sport fields transit buses walking routes bikes repair "
        "tools marketing reach trust community events schools teachers health clinic care elderly"
    ).split()

    def phrase(n):
        return " ".join(rng.choice(words) for _ in range(n))

    count = 200
    actors = [
        Actor.objects.create(
            team=team,
            name=f"Actor {i:03d} {rng.choice(words).title()} Trust",
            actor_type="organisation",
            sector="public",
            influence=1 + i % 5,
            interest=1 + (i * 3) % 5,
            goals=f"We need {phrase(6)} for our {phrase(3)}",
            resources_held=f"We hold {phrase(5)} and {phrase(3)}",
        )
        for i in range(count)
    ]
    for _i in range(400):
        source, target = rng.sample(actors, 2)
        Flow.objects.create(
            team=team, source=source, target=target, flow_type="services", label=phrase(4)
        )
    for i in range(30):
        gap = ValueGap.objects.create(
            team=team, title=f"Gap {i}: no {phrase(4)}", gap_type="unmet_need", severity=3,
            opportunity=3, description=phrase(12),
        )  # fmt: skip
        gap.affected_actors.set(rng.sample(actors, 4))
    url = f"/w/{workshop.pk}/team/{team.pk}/step/1/map/suggestions/"

    inputs = suggestion_records.inputs(team)
    found = suggestions.suggest(*inputs)
    assert found, "the generated text should produce suggestions"

    def timed(fn):
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            timings.append((time.perf_counter() - start) * 1000)
        return statistics.median(timings), percentile(timings, 0.95)

    pure = timed(lambda: suggestions.suggest(*inputs))
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200

    def panel():
        response = client.get(url, HTTP_HX_REQUEST="true")
        assert response.status_code == 200

    page = timed(panel)
    print(
        f"actors={count} flows=400 gaps=30 suggestions={len(found)} runs={runs} "
        f"pure_p50_ms={pure[0]:.1f} pure_p95_ms={pure[1]:.1f} "
        f"panel_p50_ms={page[0]:.1f} panel_p95_ms={page[1]:.1f}"
    )


if __name__ == "__main__":
    main()
