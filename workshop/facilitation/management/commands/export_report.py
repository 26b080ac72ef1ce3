"""`manage.py export_report CODE -o FILE.pdf`: a workshop's report for sponsors, from the shell."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshop.facilitation import report
from workshop.facilitation.models import Workshop


class Command(BaseCommand):
    help = "Writes a workshop's report for sponsors (every team on one PDF)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the workshop's join code")
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")

    def handle(self, *args, code, output, **options):
        candidates = Workshop.objects.filter(join_code=code.strip().upper()).order_by("-pk")
        # A join code is unique among open workshops; an archived one may share it.
        workshop = next((w for w in candidates if w.is_open), None) or candidates.first()
        if workshop is None:
            raise CommandError(f"No workshop with join code '{code}'.")
        built, rendered = report.render_report(workshop)
        Path(output).write_bytes(rendered.content)
        self.stdout.write(
            f"Wrote {output}: {workshop.title}, {len(built.teams)} teams, {rendered.pages} pages"
        )
