"""Fails when a shipped language lacks a translation or locale/ lags behind the sources.

Extracts the messages again in a copy of the project (makemessages with the Makefile's options),
then compares: the same msgids as the committed catalogue, every one translated and none fuzzy,
and the committed .mo compiled from the committed .po. Needs GNU gettext (Debian: gettext).
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SOURCES = ["manage.py", "workshop", "patterns", "templates", "static/js", "locale"]
OPTIONS = [
    "--no-obsolete",
    "--add-location=file",
    *(f"--ignore={name}" for name in ("static/vendor", "tests", "bench", "node_modules")),
]
# Lines that change on every extraction without the catalogue changing.
VOLATILE = re.compile(r'^("POT-Creation-Date: .*\\n"|#: .*)$', re.M)


def catalogue_text(path: Path) -> str:
    return VOLATILE.sub("", path.read_text(encoding="utf-8"))


def statistics(po: Path) -> str:
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise CommandError(f"{po}: {done.stderr.strip()}")
    return done.stderr.strip()


class Command(BaseCommand):
    help = "Check that every shipped language is complete and locale/ is current."

    def add_arguments(self, parser):
        parser.add_argument("-l", "--locale", action="append", dest="locales", default=[])

    def handle(self, *args, locales, **options):
        base = Path(settings.BASE_DIR)
        locales = locales or [code for code, _name in settings.LANGUAGES if code != "en"]
        problems = []
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "project"
            for name in SOURCES:
                source = base / name
                if source.is_dir():
                    shutil.copytree(
                        source, copy / name, ignore=shutil.ignore_patterns("__pycache__")
                    )
                elif source.exists():
                    (copy / name).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, copy / name)
            command = [sys.executable, "manage.py", "makemessages", *OPTIONS, "-v0"]
            for code in locales:
                command += ["-l", code]
            done = subprocess.run(command, cwd=copy, capture_output=True, text=True)
            if done.returncode:
                raise CommandError(f"makemessages failed: {done.stderr.strip()}")
            for code in locales:
                po = base / "locale" / code / "LC_MESSAGES" / "django.po"
                fresh = copy / "locale" / code / "LC_MESSAGES" / "django.po"
                if not po.exists():
                    problems.append(
                        f"{code}: no catalogue {po.relative_to(base)}; run make messages"
                    )
                    continue
                if catalogue_text(po) != catalogue_text(fresh):
                    problems.append(
                        f"{code}: django.po is out of date with the sources; run make messages"
                    )
                counts = statistics(fresh)
                if "untranslated" in counts or "fuzzy" in counts:
                    problems.append(f"{code}: {counts}")
                mo = po.with_suffix(".mo")
                compiled = Path(scratch) / f"{code}.mo"
                subprocess.run(
                    ["msgfmt", "--check-format", "-o", str(compiled), str(po)], check=True
                )
                if not mo.exists() or mo.read_bytes() != compiled.read_bytes():
                    problems.append(
                        f"{code}: django.mo is not compiled from django.po; run make messages"
                    )
                self.stdout.write(f"{code}: {counts}")
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write("Translations complete and current.")
