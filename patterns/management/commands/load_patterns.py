"""``manage.py load_patterns PATH [PATH ...]``: load pattern files and folders into the library."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from patterns.loading import SourceFile, files_in, load_sources, under_any


class Command(BaseCommand):
    help = (
        "Loads pattern Markdown files (and the .md files of folders) into the library. Re-running "
        "updates changed files and skips unchanged ones; --prune also removes patterns whose file "
        "has gone from the given folders. Each failing file is reported as path:line: message."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="pattern files or folders of them")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="delete patterns loaded from these folders whose file no longer exists",
        )

    def handle(self, *args, paths, prune=False, **options):
        sources, roots = [], []
        for given in paths:
            path = Path(given)
            if not path.exists():
                raise CommandError(f"{given}: no such file or folder")
            roots.append(str(path.resolve()))
            for file in files_in(path):
                sources.append(
                    SourceFile(name=str(file), data=file.read_bytes(), path=str(file.resolve()))
                )
        report = load_sources(sources, prune_paths=under_any(roots) if prune else None)
        for failure in report.failures:
            self.stderr.write(str(failure))
        if report.pruned:
            self.stdout.write(f"pruned {len(report.pruned)}: {', '.join(report.pruned)}")
        self.stdout.write(report.summary())
        if report.failures:
            raise CommandError(f"{len(report.failures)} file(s) could not be loaded", returncode=1)
