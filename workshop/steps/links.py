"""E-mailed links for people without an account (health-check respondents, remote signers).

One pattern for both: an unguessable random token in the URL is the access check, the link dies at
its expiry date, and the mail names that date.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

LINK_DAYS = 14


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored for a link whose raw token only travels in the e-mail."""
    return hashlib.sha256(token.encode()).hexdigest()


def default_expiry(days: int = LINK_DAYS):
    return timezone.localdate() + timedelta(days=days)


def link_for(request, url_name: str, token: str) -> str:
    return request.build_absolute_uri(reverse(url_name, args=[token]))


def send_link(subject: str, body: str, email: str) -> None:
    """Sends one link mail with the project's EMAIL settings (locmem in tests)."""
    send_mail(subject, body, None, [email])
