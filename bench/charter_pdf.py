"""Charter PDF: how long one render of Millrace team B1's full charter takes, and its peak memory.

Self-contained: a throw-away SQLite database in a temporary folder (DJANGO_DEBUG=true), migrated
and seeded here with scenario B1 (tests/steps/scenario_data.py: steps 1-3, versions 1 and 2 with
their sign-offs, and steps 4-5 for the annexes). Renders the latest version's PDF N times in this process, the way the download
view does (document, template, WeasyPrint with the locked-down fetcher and the bundled fonts).

    .venv/bin/python bench/charter_pdf.py [--renders 10] [--quick]

Prints its figures last: seconds=.. (median wall time of one cold render: document, HTML and PDF)
cpu_seconds=.. (median CPU time, steadier on a busy machine) peak_mb=.. (peak RSS of this process)
pages=.. stored_s=.. (median time of a download once the PDF is stored: document, HTML, digest and
reading the file; workshop/charter/stored.py).
"""

import argparse
import resource
import statistics
import time
from pathlib import Path

from _setup import django_here, live_workshop_here, throwaway_database


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="3 renders")
    parser.add_argument("--out", help="also write the rendered PDF to this file, to look at")
    args = parser.parse_args()
    renders = 3 if args.quick else args.renders

    with throwaway_database(debug=True) as env:
        django_here(env)
        measure(args, renders, Path(env["DJANGO_SQLITE_PATH"]).parent)


def measure(args, renders, folder):
    from django.conf import settings

    settings.MEDIA_ROOT = f"{folder}/media"  # the stored PDFs
    team = seed()

    from workshop.charter import document, pdf, stored

    walls, cpus, pages = [], [], 0
    for _ in range(renders):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        rendered = pdf.render_document(document.build(team))
        walls.append(time.perf_counter() - wall0)
        cpus.append(time.process_time() - cpu0)
        pages = rendered.pages
        assert rendered.refused == [], rendered.refused
    if args.out:
        Path(args.out).write_bytes(rendered.content)
    stored.document_pdf(document.build(team))  # the first download stores it
    served = []
    for _ in range(renders):
        wall0 = time.perf_counter()
        content = stored.document_pdf(document.build(team))
        served.append(time.perf_counter() - wall0)
        assert content.startswith(b"%PDF-")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        f"renders={renders} first_s={walls[0]:.2f} max_s={max(walls):.2f} bytes={len(rendered.content)}"
    )
    print(
        f"seconds={statistics.median(walls):.2f} cpu_seconds={statistics.median(cpus):.2f} "
        f"peak_mb={peak_mb:.0f} pages={pages} stored_s={statistics.median(served):.3f}"
    )


def seed():
    from tests.charter.millrace import load_steps_4_5, load_team

    team = live_workshop_here(["Riverside"], start=False, currency="USD").teams.get()
    load_team(team)
    load_steps_4_5(team)
    return team


if __name__ == "__main__":
    main()
