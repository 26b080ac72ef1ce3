"""Partner and flow suggestions (issue 18) for a team of 200 actors with varied generated text.

Self-contained: a throw-away SQLite database in a temporary folder, migrated and seeded here. Times
the pure function (suggestions.suggest on prepared inputs) and the Suggestions panel fragment through
Django's test client (queries, the function and the template). Target: under 200 ms.

    .venv/bin/python bench/suggestions.py [--runs 20] [--quick]

Prints its figures last: actors=200 pure_p50_ms=.. pure_p95_ms=.. panel_p50_ms=.. panel_p95_ms=..
"""

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="5 runs")
    args = parser.parse_args()
    runs = 5 if args.quick else args.runs

    tmp = tempfile.mkdtemp(prefix="bench-suggestions-")
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
    from workshop.steps.mapping import suggestion_records, suggestions
    from workshop.steps.mapping.models import Actor, Flow, ValueGap

    call_command("migrate", verbosity=0)
    call_command("load_patterns", "patterns/library", stdout=io.StringIO())
    owner = get_user_model().objects.create_user(username="bench@example.org")
    pattern = Pattern.objects.get(slug="ecosystem-partnership-design")
    workshop = Workshop.create_from_pattern(pattern, owner, "Bench", ["Map team"])
    workshop.start()
    workshop.advance_to(workshop.steps.get(position=1))
    team = workshop.teams.get()
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
    participant = Participant.objects.create(workshop=workshop, team=team, display_name="Bench")
    session = SessionStore()
    session[SESSION_KEY] = {str(workshop.pk): participant.pk}
    session.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
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
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        return statistics.median(timings), p95

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
