"""The text rules every form applies (DOMAIN.md 1.3): strip, NFC, no control characters, limits."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

NAME_MAX = 120
LABEL_MAX = 200
SHORT_MAX = 1000
LONG_MAX = 5000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def reject_control_characters(text: str) -> None:
    if "\x00" in text:
        raise forms.ValidationError(_("Null characters are not allowed."), code="null_characters")
    if _CONTROL.search(text):
        raise forms.ValidationError(_("Remove control characters."), code="control_characters")


def clean_name(text: str, limit: int = NAME_MAX) -> str:
    text = normalise(text)
    reject_control_characters(text)
    if not text:
        raise forms.ValidationError(_("This field is required."), code="required")
    if len(text) > limit:
        raise forms.ValidationError(
            _("Ensure this value has at most %(limit)d characters (it has %(n)d).")
            % {"limit": limit, "n": len(text)},
            code="max_length",
        )
    return text


def clean_long(text: str, limit: int = LONG_MAX) -> str:
    """For SHORT and LONG texts: tabs and line breaks are fine, other control characters are not."""
    text = unicodedata.normalize("NFC", text.strip())
    reject_control_characters(text)
    if len(text) > limit:
        raise forms.ValidationError(
            _("Ensure this value has at most %(limit)d characters (it has %(n)d).")
            % {"limit": limit, "n": len(text)},
            code="max_length",
        )
    return text
