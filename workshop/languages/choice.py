"""Which language a screen is in, decided once per request from the session (no query).

In order: the person's own choice (the language menu; a facilitator's profile is copied into the
session when they log in), the browser's languages if one of them is shipped, the default language
of the workshop the participant joined, then English.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

CHOSEN = "language"  # the menu's choice
WORKSHOP_DEFAULT = "workshop_language"  # set when a participant joins


def shipped() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def supported(code) -> str | None:
    """The shipped language for `code` ("de-AT" -> "de"), or None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(str(code).lower())
    except LookupError:
        return None


def from_browser(header: str) -> str | None:
    for code, _quality in parse_accept_lang_header(header or ""):
        if code != "*" and (found := supported(code)):
            return found
    return None


def for_request(request) -> str:
    session = getattr(request, "session", None) or {}
    return (
        supported(session.get(CHOSEN))
        or from_browser(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        or supported(session.get(WORKSHOP_DEFAULT))
        or settings.LANGUAGE_CODE
    )


def remember(request, code: str) -> None:
    request.session[CHOSEN] = code
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from workshop.accounts.models import Profile

        Profile.objects.update_or_create(user=user, defaults={"language": code})


def remember_workshop_default(request, workshop) -> None:
    request.session[WORKSHOP_DEFAULT] = workshop.language


def restore_on_login(sender, request, user, **kwargs):
    """A facilitator's saved language follows them to any browser they log in from."""
    from workshop.accounts.models import Profile

    code = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    if code and supported(code) and request is not None and hasattr(request, "session"):
        request.session[CHOSEN] = code
