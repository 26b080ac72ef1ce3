"""The JSON Schema check (docs/epd-workshop-1.schema.json), with every error at its JSON path."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "epd-workshop-1.schema.json"


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def json_path(parts) -> str:
    """`teams[0].criteria[2].weight` from jsonschema's path deque ("" for the whole document)."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _optional_message(error) -> str | None:
    """For an optional value of the wrong kind: what it should be, not "not valid under any of
    the given schemas"."""
    from django.utils.translation import gettext as _

    name = next((n for n, s in validator().schema["$defs"].items() if s == error.schema), "")
    value = repr(error.instance)
    if name == "optional_decimal":
        return _('%(value)s is not a decimal in a string such as "45000.00" (or empty).') % {
            "value": value
        }
    if name == "optional_date":
        return _('%(value)s is not a date such as "2026-03-01" (or empty).') % {"value": value}
    if name == "optional_datetime":
        return _(
            '%(value)s is not a date and time with a zone such as "2026-03-01T00:00:00Z" '
            "(or empty)."
        ) % {"value": value}
    if name.startswith("optional_ref_"):
        kind = name.removeprefix("optional_ref_")
        return _('%(value)s is not a ref such as "%(kind)s:…" (or empty).') % {
            "value": value,
            "kind": kind,
        }
    return None


def _message(error) -> str:
    if error.validator == "anyOf":
        return _optional_message(error) or error.message
    return error.message


def schema_errors(document) -> list[str]:
    errors = sorted(
        validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path))
    )
    return [f"{json_path(e.absolute_path) or '(document)'}: {_message(e)}" for e in errors]


@cache
def charter_validator() -> Draft202012Validator:
    """The charter block's schema alone: what a version's snapshot must also satisfy."""
    schema = validator().schema
    charter = schema["properties"]["teams"]["items"]["properties"]["charter"]
    return Draft202012Validator({**charter, "type": "object", "$defs": schema["$defs"]})


def charter_errors(snapshot, path: str) -> list[str]:
    """Schema errors of a version's snapshot, at `path` (`teams[0].charter.versions[0].snapshot`)."""
    errors = sorted(
        charter_validator().iter_errors(snapshot), key=lambda e: list(map(str, e.absolute_path))
    )
    return [
        f"{path}{'.' if e.absolute_path and isinstance(e.absolute_path[0], str) else ''}"
        f"{json_path(e.absolute_path)}: {_message(e)}"
        for e in errors
    ]
