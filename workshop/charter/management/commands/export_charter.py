"""`manage.py export_charter CODE --team NAME -o FILE.pdf`: a team's charter PDF, from the shell."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshop.charter import document, pdf
from workshop.facilitation.models import Team, Workshop, name_key


class Command(BaseCommand):
    help = (
        "Writes a team's charter as PDF: the latest published version by default "
        "(the live draft while nothing is published)."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="the workshop's join code")
        parser.add_argument("--team", required=True, help="the team's name")
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")
        parser.add_argument(
            "--charter-version",
            dest="charter_version",
            default=None,
            help='a version number, or "live" for the live draft',
        )

    def handle(self, *args, code, team, output, charter_version, **options):
        workshop = self._workshop(code)
        found = Team.objects.filter(workshop=workshop, name_key=name_key(team)).first()
        if found is None:
            names = ", ".join(workshop.teams.values_list("name", flat=True)) or "none"
            raise CommandError(f"No team called '{team}' in workshop {code}. Teams: {names}.")
        try:
            doc = document.build(found, self._version(charter_version))
        except document.NoCharter as missing:
            raise CommandError(str(missing)) from missing
        rendered = pdf.render_document(doc)
        Path(output).write_bytes(rendered.content)
        self.stdout.write(
            f"Wrote {output}: {doc.title}, {doc.version_label} ({doc.status_label}), "
            f"{rendered.pages} pages"
        )

    def _workshop(self, code):
        candidates = Workshop.objects.filter(join_code=code.strip().upper()).order_by("-pk")
        # A join code is unique among open workshops; an archived one may share it.
        workshop = next((w for w in candidates if w.is_open), None) or candidates.first()
        if workshop is None:
            raise CommandError(f"No workshop with join code '{code}'.")
        return workshop

    def _version(self, raw):
        if raw is None:
            return None
        if raw == document.LIVE:
            return document.LIVE
        if not raw.isdigit():
            raise CommandError('--charter-version takes a number or "live".')
        return int(raw)
