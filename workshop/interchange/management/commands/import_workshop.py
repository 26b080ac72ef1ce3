"""`manage.py import_workshop FILE --owner EMAIL`: a new workshop from an epd-workshop/1 document.

Every error is printed with its JSON path and nothing is imported (exit status 1). On success the
last line printed is the new workshop's join code.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from workshop.accounts.facilitators import create_facilitator, normalise_email
from workshop.interchange.importer import MAX_BYTES, import_document, parse, too_large


def reset_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


class Command(BaseCommand):
    help = "Creates a new workshop from an epd-workshop/1 JSON document (DOMAIN.md 12)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON document")
        parser.add_argument("--owner", required=True, help="the facilitator's e-mail address")
        parser.add_argument(
            "--base-url", default="", help="prefix for the printed password-reset link"
        )

    def handle(self, *args, file, owner, base_url="", **options):
        try:
            with open(file, "rb") as handle:
                # Never more than the cap is read (MAX_BYTES); a pipe has no size to ask first.
                size = os.fstat(handle.fileno()).st_size
                raw = handle.read(MAX_BYTES + 1) if size <= MAX_BYTES else b""
                if size > MAX_BYTES or len(raw) > MAX_BYTES:
                    self._fail([f"{file}: " + too_large(max(size, len(raw)))])
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        document, errors = parse(raw)
        if errors:
            self._fail(errors)
        email = normalise_email(owner)
        User = get_user_model()
        with transaction.atomic():
            user = User.objects.filter(username__iexact=email).first()
            created = user is None
            if created:
                user = create_facilitator(name=email.split("@")[0], email=email, password=None)
            result = import_document(document, user)
            if result.errors:
                transaction.set_rollback(True)
        if result.errors:
            self._fail(result.errors)
        workshop = result.workshop
        self.stdout.write(f"Imported “{workshop.title}” with {workshop.teams.count()} team(s).")
        if created:
            self.stdout.write(f"Created an account for {email} with no password. Set one here:")
            self.stdout.write(base_url.rstrip("/") + reset_link(user))
        self.stdout.write(workshop.join_code)

    def _fail(self, errors):
        for error in errors:
            self.stderr.write(error)
        raise CommandError(f"Nothing imported: {len(errors)} error(s).")
