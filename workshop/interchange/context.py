"""What the steps' interchange modules share while one team is exported or imported.

Refs are `KIND:SLUG` (DOMAIN.md 12.1): the slug of the record's unique name, or its position; a
repeated slug gets `-2`, `-3` so refs stay unique per team.
"""

from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

FAILED = object()  # a record named in the document that did not import (its error is reported)


class RefNamer:
    """Hands out unique `kind:slug` refs for one kind within one team."""

    def __init__(self, kind: str):
        self.kind = kind
        self.used: set[str] = set()

    def __call__(self, name, position: int) -> str:
        slug = slugify(str(name)) or str(position)
        candidate, n = slug, 2
        while candidate in self.used:
            candidate, n = f"{slug}-{n}", n + 1
        self.used.add(candidate)
        return f"{self.kind}:{candidate}"


def positional(kind: str, position: int) -> str:
    return f"{kind}:{position}"


@dataclass
class ExportContext:
    """One team being exported: refs by (kind, pk), plus what a later step needs from an earlier."""

    team: object
    workshop: object
    refs: dict = field(default_factory=dict)  # (kind, pk) → ref
    extra: dict = field(default_factory=dict)

    def ref(self, kind, pk):
        return self.refs.get((kind, pk)) if pk else None


@dataclass
class ImportContext:
    """One team being imported: ref → saved record (or FAILED), and every error with its path."""

    team: object
    workshop: object
    path: str  # "teams[0]"
    errors: list = field(default_factory=list)
    records: dict = field(default_factory=dict)  # ref → record | FAILED
    members: dict = field(default_factory=dict)  # display name → Participant

    def error(self, path: str, message) -> None:
        self.errors.append(f"{path}: {message}")

    def form_errors(self, path: str, form, rename=None) -> None:
        """Every message of a bound form, as `path.field: message` (non-field errors at `path`)."""
        rename = rename or {}
        for name, messages in form.errors.items():
            where = path if name == "__all__" else f"{path}.{rename.get(name, name)}"
            for message in messages:
                self.error(where, message)

    def declare(self, ref, record) -> None:
        if ref:
            self.records[ref] = record

    def resolve(self, ref, kind: str, path: str):
        """The record a ref names; reports a missing or dangling ref (returns FAILED then)."""
        if ref is None or ref == "":
            return None
        if not isinstance(ref, str) or not ref.startswith(f"{kind}:") or ref not in self.records:
            self.error(
                path,
                _("‘%(ref)s’ does not match any %(kind)s ref in this team.")  # noqa: RUF001
                % {"ref": ref, "kind": kind},
            )
            self.records.setdefault(f"__dangling__{ref}", FAILED)
            return FAILED
        return self.records[ref]

    def resolve_many(self, refs, kind: str, path: str):
        """Records for a list of refs; FAILED if any failed or dangles."""
        found, failed = [], False
        for index, ref in enumerate(refs or []):
            record = self.resolve(ref, kind, f"{path}[{index}]")
            if record is FAILED:
                failed = True
            elif record is not None:
                found.append(record)
        return FAILED if failed else found


def form_value(value):
    """A JSON value as the form would receive it from a browser."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list):
        return [form_value(item) for item in value]
    return str(value)


def form_data(item: dict, names, model=None) -> dict:
    """Form input for `names`; an omitted field means its model default (DOMAIN.md 12.1)."""
    data = {}
    for name in names:
        if name not in item and model is not None:
            try:
                field = model._meta.get_field(name)
            except Exception:
                field = None
            if field is not None and field.has_default() and not callable(field.default):
                data[name] = form_value(field.default)
                continue
        data[name] = form_value(item.get(name))
    return data


def plain(value):
    """Decimals as strings, dates as ISO 8601 (DOMAIN.md 12)."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
