"""`manage.py send_reminders`: e-mails the health checks and reviews that are due, once each.

Run daily by cron, e.g. `15 7 * * * cd /srv/workshop && .venv/bin/python manage.py send_reminders
--base-url https://workshop.example.org`. Running it twice sends nothing new.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workshop.steps.scale import reminders


class Command(BaseCommand):
    help = "Sends reminder e-mails, with a calendar invitation, for health checks and reviews due."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be sent")
        parser.add_argument("--today", help="the day to judge due dates by, YYYY-MM-DD")
        parser.add_argument(
            "--base-url",
            help="the site's address for links (default: https:// and the first allowed host)",
        )

    def handle(self, *args, dry_run, today, base_url, **options):
        day = self._day(today)
        base = base_url or self._default_base()
        if not base.startswith(("http://", "https://")):
            raise CommandError("--base-url starts with http:// or https://.")
        pairs = reminders.send_due(day, base, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for item, to in pairs:
            self.stdout.write(
                f"{verb} {item.kind} {item.due_date.isoformat()} "
                f"team={item.team.name!r} record={item.record_id} to={to}"
            )
        self.stdout.write(f"{verb} {len(pairs)} reminder(s) for {day.isoformat()}.")

    def _default_base(self):
        host = (settings.ALLOWED_HOSTS or ["localhost"])[0]
        if host == "*" or host.startswith("."):  # a pattern, not an address to link to
            raise CommandError("Give the site's address with --base-url.")
        return f"https://{host}"

    def _day(self, raw):
        if raw is None:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError as bad:
            raise CommandError("--today takes a date as YYYY-MM-DD.") from bad
