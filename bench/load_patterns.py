"""Benchmark: load a synthetic library of 4,000 pattern files, reload it, and time library searches.

Builds the files from the readable samples (varied slugs and titles) in a temporary folder, uses a
throw-away SQLite database, and prints its figures last as key=value pairs.

    .venv/bin/python bench/load_patterns.py            # 4,000 files
    .venv/bin/python bench/load_patterns.py --quick    # 600 files, well under a minute
"""

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _setup import django_here, migrate, percentile, throwaway_database

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "tests" / "patterns" / "samples"  # in the repository: a clone runs alone
SKIP = {"README.md", "animal-communication-practice.md"}  # the broken sample would count as failed
WORDS = ["river", "commons", "guild", "harbour", "orchard", "signal", "ledger", "market", "canopy"]
QUERIES = [
    "partnership",
    "governance",
    "value stream",
    "alliance",
    "conflict",
    "river",
    "zzz",
    "co",
]


def build_library(folder: Path, count: int) -> None:
    import re

    samples = [
        p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.md")) if p.name not in SKIP
    ]
    rng = random.Random(7)
    for number in range(count):
        text = samples[number % len(samples)]
        word = rng.choice(WORDS)
        slug = f"{word}-{number:05d}"
        text = re.sub(r"^slug: .*$", f"slug: {slug}", text, count=1, flags=re.M)
        text = re.sub(
            r"^title: \"?(.*?)\"?$",
            lambda m, w=word, n=number: f'title: "{w.capitalize()} {m.group(1)} {n}"',
            text,
            count=1,
            flags=re.M,
        )
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")


def run_command(env: dict, folder: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "load_patterns", str(folder)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
    return elapsed, result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def measure_search(env: dict) -> tuple[list[float], list[float]]:
    """Times the library's query (count + first page) and the whole index view through the client."""
    django_here(env, migrated=False)
    from django.core.paginator import Paginator
    from django.test import Client

    from patterns.models import Pattern
    from patterns.views import PAGE_SIZE

    query_ms, view_ms = [], []
    client = Client()
    for _round in range(5):
        for query in QUERIES:
            started = time.perf_counter()
            page = Paginator(
                Pattern.objects.only("slug", "title", "summary", "domain").search(query), PAGE_SIZE
            ).get_page(1)
            list(page.object_list)
            query_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = client.get("/library/", {"q": query, "domain": "governance"})
            view_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return query_ms, view_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="600 files instead of 4,000")
    parser.add_argument("--files", type=int, default=None)
    args = parser.parse_args()
    count = args.files or (600 if args.quick else 4000)

    with throwaway_database(debug=True) as env:
        folder = Path(env["DJANGO_SQLITE_PATH"]).parent / "library"
        folder.mkdir()
        build_library(folder, count)
        migrate(env, patterns=False)
        seconds, first = run_command(env, folder)
        rerun_seconds, second = run_command(env, folder)
        failed = int(first.rsplit("failed ", 1)[-1]) if "failed " in first else -1
        query_ms, view_ms = measure_search(env)

    print(f"first run: {first}")
    print(f"second run: {second}")
    print(
        f"files={count} seconds={seconds:.1f} rerun_seconds={rerun_seconds:.1f} failed={failed} "
        f"search_ms_p50={statistics.median(query_ms):.1f} "
        f"search_ms_p95={percentile(query_ms, 0.95):.1f} "
        f"index_view_ms_p50={statistics.median(view_ms):.1f} "
        f"index_view_ms_p95={percentile(view_ms, 0.95):.1f}"
    )


if __name__ == "__main__":
    main()
