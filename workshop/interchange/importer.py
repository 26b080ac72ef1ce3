"""Creating a new workshop from an epd-workshop/1 document (DOMAIN.md 12).

First the JSON Schema, then the same rules as the forms: every record is built through its step's
form, so limits, choices and messages are identical. Every error is reported with its JSON path, and
nothing is kept unless the whole document imports (one transaction, rolled back on any error). The
`derived` blocks are ignored: they are computed again from the records.
"""

import json
from collections import deque
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from workshop.facilitation.models import Participant, StepProgress, Team, Workshop
from workshop.interchange.context import ImportContext
from workshop.interchange.document import FORMAT, step_modules
from workshop.interchange.schema import schema_errors
from workshop.text import LABEL_MAX, NAME_MAX, clean_name

SCORE_SCALES = ((1, 5), (0, 5), (1, 10))
MAX_BYTES = 10 * 1024 * 1024  # the largest file an import reads (the upload is cut off beyond it)
MAX_DEPTH = 64  # the format nests about 10 deep; deeper is not a workshop file


@dataclass
class ImportResult:
    workshop: Workshop | None = None
    errors: list[str] = field(default_factory=list)


class _Rollback(Exception):
    pass


def too_large(size: int) -> str:
    return _("The file is %(size)s MB; a workshop file can be at most %(max)s MB.") % {
        "size": f"{size / (1024 * 1024):.1f}",
        "max": MAX_BYTES // (1024 * 1024),
    }


def _no_constant(name):
    raise ValueError(_("%(name)s is not a JSON number") % {"name": name})


def parse(raw: bytes | str) -> tuple[object, list[str]]:
    """The document from the file's bytes, or an error saying why it is not JSON.

    Callers cap the size before reading (MAX_BYTES); nesting that would exhaust the parser's
    recursion, NaN/Infinity (not JSON) and integers too long to convert are errors, not crashes.
    """
    if len(raw) > MAX_BYTES:
        return None, ["(document): " + too_large(len(raw))]
    try:
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8-sig")
        return json.loads(raw, parse_constant=_no_constant), []
    except UnicodeDecodeError:
        return None, [_("(document): The file is not UTF-8 text.")]
    except json.JSONDecodeError as error:
        return None, [
            _("(document): Not valid JSON (line %(line)s, column %(col)s: %(msg)s).")
            % {"line": error.lineno, "col": error.colno, "msg": error.msg}
        ]
    except RecursionError:
        return None, [_NESTING()]
    except ValueError as error:  # NaN, Infinity; an integer of more than 4300 digits
        return None, [_("(document): Not valid JSON (%(msg)s).") % {"msg": error}]


def _NESTING():
    return _(
        "(document): Lists and objects nest more than %(n)s levels deep; "
        "a workshop file needs far fewer."
    ) % {"n": MAX_DEPTH}


def _too_deep(document) -> bool:
    """Whether containers nest deeper than MAX_DEPTH (iterative: no recursion to exhaust)."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


def _format_errors(document) -> list[str]:
    """A file of another format or version is named as such, before any other check."""
    given = document.get("format") if isinstance(document, dict) else None
    if given == FORMAT:
        return []
    if isinstance(given, str) and given.startswith("epd-workshop/"):
        return [
            "format: "
            + _("This file is in format ‘%(given)s’; this app imports %(format)s only.")  # noqa: RUF001
            % {"given": given[:40], "format": FORMAT}
        ]
    return [
        "format: "
        + _("Not an %(format)s document (its “format” must be “%(format)s”).") % {"format": FORMAT}
    ]


def _duplicate_refs(document) -> list[str]:
    """Refs name records within a team (DOMAIN.md 12.1): one used twice is an error at both."""
    errors = []
    for index, team in enumerate(document["teams"]):
        seen = {}
        queue = deque([(team, f"teams[{index}]")])  # breadth first: the first use is the earlier
        while queue:
            value, path = queue.popleft()
            if isinstance(value, dict):
                ref = value.get("ref")
                if isinstance(ref, str):
                    if ref in seen:
                        errors.append(
                            f"{path}.ref: "
                            + _("‘%(ref)s’ is also the ref of %(other)s; refs must be unique.")  # noqa: RUF001
                            % {"ref": ref, "other": seen[ref]}
                        )
                    else:
                        seen[ref] = path
                queue.extend(
                    (child, f"{path}.{key}")
                    for key, child in value.items()
                    if key not in ("derived", "snapshot")  # a snapshot has its own refs
                )
            elif isinstance(value, list):
                queue.extend((child, f"{path}[{n}]") for n, child in enumerate(value))
    return errors


def import_document(document, owner) -> ImportResult:
    if _too_deep(document):
        return ImportResult(errors=[_NESTING()])
    errors = _format_errors(document) or schema_errors(document)
    errors = errors or _duplicate_refs(document)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        with transaction.atomic():
            result.workshop = _create(document, owner, result.errors)
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.workshop = None
    return result


def _create(document, owner, errors) -> Workshop | None:
    from patterns.models import Pattern

    data = document["workshop"]
    pattern = Pattern.objects.filter(slug=document["pattern_slug"]).first()
    if pattern is None:
        errors.append(
            "pattern_slug: "
            + _("No pattern called ‘%(slug)s’ is loaded.")  # noqa: RUF001
            % {"slug": document["pattern_slug"]}
        )
        return None
    if data.get("pattern_slug", pattern.slug) != pattern.slug:
        errors.append("workshop.pattern_slug: " + _("It must equal the document's pattern_slug."))
    title = _clean(data.get("title"), LABEL_MAX, "workshop.title", errors)
    scale = (data.get("score_min", 1), data.get("score_max", 5))
    if scale not in SCORE_SCALES:
        errors.append(
            "workshop.score_max: " + _("Use one of the scales 1–5, 0–5 or 1–10.")  # noqa: RUF001
        )
    if errors:
        return None
    workshop = Workshop.create_from_pattern(
        pattern,
        owner,
        title,
        currency=data.get("currency") or "GBP",
        score_min=scale[0],
        score_max=scale[1],
        quadrant_threshold=data.get("quadrant_threshold") or 3,
        dependency_threshold_pct=data.get("dependency_threshold_pct") or "50",
    )
    steps = {step.position: step for step in workshop.steps.all()}
    modules = step_modules()
    for index, item in enumerate(document["teams"]):
        path = f"teams[{index}]"
        name = _clean(item.get("name"), NAME_MAX, f"{path}.name", errors)
        if name is None:
            continue
        team = Team(workshop=workshop, name=name, colour=item.get("colour") or "#1f5f8b")
        if Team.objects.filter(workshop=workshop, name_key=_key(name)).exists():
            errors.append(
                f"{path}.name: "
                + _("A team called ‘%(name)s’ already exists in this workshop.")  # noqa: RUF001
                % {"name": name}
            )
            continue
        team.save()
        ctx = ImportContext(team=team, workshop=workshop, path=path, errors=errors)
        _members(item, team, ctx)
        for module in modules:
            module.import_team(item, team, ctx)
        _progress(item, team, steps, ctx)
    if errors:
        return None
    _flow(workshop, data, steps, document["teams"], errors)
    return workshop


def _key(name):
    from workshop.facilitation.models import name_key

    return name_key(name)


def _clean(value, limit, path, errors):
    try:
        return clean_name(value or "", limit)
    except forms.ValidationError as error:
        errors.extend(f"{path}: {message}" for message in error.messages)
        return None


def _members(item, team, ctx) -> None:
    for index, member in enumerate(item.get("members") or []):
        path = f"{ctx.path}.members[{index}]"
        name = _clean(member.get("display_name"), NAME_MAX, f"{path}.display_name", ctx.errors)
        if name is None:
            continue
        person = Participant.objects.create(
            workshop=team.workshop,
            team=team,
            display_name=name,
            role=member.get("role") or "member",
        )
        ctx.members.setdefault(name, person)


def _progress(item, team, steps, ctx) -> None:
    for index, row in enumerate(item.get("step_progress") or []):
        step = steps.get(row.get("step"))
        if step is None:
            ctx.error(
                f"{ctx.path}.step_progress[{index}].step",
                _("This workshop has no step %(n)s.") % {"n": row.get("step")},
            )
            continue
        StepProgress.objects.update_or_create(
            team=team, step=step, defaults={"status": row.get("status") or "not_started"}
        )
        if row.get("locked") and step.state != step.State.LOCKED:
            step.state = step.State.LOCKED
            step.save(update_fields=["state"])


def _flow(workshop, data, steps, teams, errors) -> None:
    """Status and current step as exported; each team's checks computed for the console grid."""
    from workshop.steps.completion import refresh

    current = data.get("current_step")
    if current is not None and current not in steps:
        errors.append(
            "workshop.current_step: " + _("This workshop has no step %(n)s.") % {"n": current}
        )
        return
    workshop.status = data.get("status") or Workshop.Status.DRAFT
    workshop.current_step = steps.get(current)
    workshop.save(update_fields=["status", "current_step"])
    for team in workshop.teams.all():
        for step in steps.values():
            refresh(team, step)
