"""Publishes a live event to a workshop's streams (ops: nudge every screen, e.g. to resync)."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workshop.facilitation.live.broker import publish


class Command(BaseCommand):
    help = (
        "Publish a live event to every stream of a workshop (through Redis when REDIS_URL is set)."
    )

    def add_arguments(self, parser):
        parser.add_argument("workshop_id", type=int)
        parser.add_argument("event", help='Event name, e.g. "sync" or "message".')
        parser.add_argument("data", nargs="?", default="", help="Text, or a JSON object.")

    def handle(self, *, workshop_id, event, data, **options):
        payload = data
        if data.lstrip().startswith("{"):
            try:
                payload = json.loads(data)
            except ValueError as error:
                raise CommandError(f"DATA looks like JSON but is not valid: {error}") from None
            if not isinstance(payload, dict):
                raise CommandError("DATA must be a JSON object or plain text.")
        try:
            publish(workshop_id, event, payload)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if not settings.REDIS_URL:
            self.stderr.write(
                "REDIS_URL is not set: without Redis an event reaches only streams of this process."
            )
        self.stdout.write(f"Published {event!r} to workshop {workshop_id}.")
