"""Facilitator accounts are Django's built-in User; the e-mail address, lower-cased, is the username.

Keeping the username equal to the e-mail means Django's own ModelBackend signs people in, so no
custom authentication backend is needed. The person's full name is kept in ``first_name``, which is
what ``get_full_name()`` returns (``last_name`` stays empty: names are not split into parts).
"""

from django.contrib.auth import get_user_model

# User.username holds at most 150 characters, so this is the longest address an account can use.
EMAIL_MAX_LENGTH = 150


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_taken(email: str) -> bool:
    User = get_user_model()
    email = normalise_email(email)
    return User.objects.filter(username__iexact=email).exists() or (
        User.objects.filter(email__iexact=email).exists()
    )


def create_facilitator(*, name: str, email: str, password: str | None):
    """A new active facilitator account (not staff); `password=None` makes an unusable password."""
    email = normalise_email(email)
    return get_user_model().objects.create_user(
        username=email, email=email, password=password, first_name=name.strip()
    )
