"""`manage.py export_workshop CODE [-o FILE]`: the epd-workshop/1 document of one workshop."""

import json

from django.core.management.base import BaseCommand, CommandError

from workshop.facilitation.models import Workshop
from workshop.interchange.document import export_document


def find_workshop(code=None, workshop_id=None) -> Workshop:
    """By join code (an open workshop before a closed one sharing the code), or by id."""
    if workshop_id is not None:
        workshop = Workshop.objects.filter(pk=workshop_id).first()
    else:
        matches = list(Workshop.objects.filter(join_code=(code or "").strip().upper()))
        matches.sort(key=lambda w: (not w.is_open, -w.created_at.timestamp()))
        workshop = matches[0] if matches else None
    if workshop is None:
        raise CommandError(
            f"No workshop with {'id ' + str(workshop_id) if workshop_id else 'code ' + repr(code)}."
        )
    return workshop


def document_json(workshop) -> str:
    return json.dumps(export_document(workshop), ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = "Writes a workshop as an epd-workshop/1 JSON document (DOMAIN.md 12)."

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", help="the workshop's join code")
        parser.add_argument("--id", type=int, dest="workshop_id", help="the workshop's id instead")
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    def handle(self, *args, code=None, workshop_id=None, output=None, **options):
        if code is None and workshop_id is None:
            raise CommandError("Give a join code or --id.")
        text = document_json(find_workshop(code, workshop_id))
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text, ending="")
