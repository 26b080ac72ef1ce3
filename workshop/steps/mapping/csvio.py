"""CSV export and import of actors and flows, in columns a Kumu user recognises (DOMAIN.md 9).

Export: UTF-8 with a BOM (spreadsheets then read accents right), text cells that a spreadsheet would
run as a formula get a leading apostrophe, numbers stay plain. Import goes through the same forms as
the page, reports every error with its row, and saves nothing unless every row is valid.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from workshop.csvcells import FORMULA_STARTS, attachment, safe_cell, unescape_cell  # noqa: F401
from workshop.csvcells import csv_bytes as _write
from workshop.facilitation.models import name_key
from workshop.steps.mapping.forms import ActorForm, FlowForm
from workshop.steps.mapping.models import Actor, Flow

MAX_BYTES = 2 * 1024 * 1024

ACTOR_COLUMNS = [
    ("Label", "name"),
    ("Type", "actor_type"),
    ("Description", "notes"),
    ("Sector", "sector"),
    ("Relationship", "relationship"),
    ("Agency", "agency"),
    ("Proxy", "proxy"),
    ("Influence", "influence"),
    ("Interest", "interest"),
    ("Stance", "stance"),
    ("Goals", "goals"),
    ("Resources", "resources_held"),
    ("Convenor", "is_convenor"),
]
FLOW_COLUMNS = [
    ("From", "source"),
    ("To", "target"),
    ("Type", "flow_type"),
    ("Label", "label"),
    ("Direction", "direction"),
    ("Status", "status"),
    ("Quality", "quality"),
    ("Amount", "amount"),
    ("Amount unit", "amount_unit"),
    ("Strength", "strength"),
    ("Description", "notes"),
]
# Kumu's own direction words, accepted on import.
KUMU_DIRECTIONS = {"directed": "one_way", "mutual": "two_way", "undirected": "two_way"}


def actors_csv(board) -> bytes:
    names = board.actor_by_id
    rows = []
    for actor in board.actors:
        proxy = names[actor.proxy_id].name if actor.proxy_id else ""
        values = {
            "name": actor.name,
            "actor_type": actor.actor_type,
            "notes": actor.notes,
            "sector": actor.sector,
            "relationship": actor.relationship,
            "agency": actor.agency,
            "proxy": proxy,
            "influence": actor.influence,
            "interest": actor.interest,
            "stance": actor.stance,
            "goals": actor.goals,
            "resources_held": actor.resources_held,
            "is_convenor": actor.is_convenor,
        }
        rows.append([safe_cell(values[name]) for _col, name in ACTOR_COLUMNS])
    return _write([col for col, _name in ACTOR_COLUMNS], rows)


def flows_csv(board) -> bytes:
    names = board.actor_by_id
    rows = []
    for flow in board.flows:
        values = {
            "source": names[flow.source_id].name,
            "target": names[flow.target_id].name,
            "flow_type": flow.flow_type,
            "label": flow.label,
            "direction": flow.direction,
            "status": flow.status,
            "quality": flow.quality,
            "amount": "" if flow.amount is None else str(flow.amount),  # plain, never escaped
            "amount_unit": flow.amount_unit,
            "strength": flow.strength,
            "notes": flow.notes,
        }
        rows.append(
            [
                values[name] if name == "amount" else safe_cell(values[name])
                for _col, name in FLOW_COLUMNS
            ]
        )
    return _write([col for col, _name in FLOW_COLUMNS], rows)


# --- Import ------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    actors: int = 0
    flows: int = 0


def _read(upload, label, required, result) -> list[tuple[int, dict]] | None:
    """(spreadsheet row number, {column: cell}) for each row; None after reporting an error."""
    if upload is None:
        return []
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        result.errors.append(_("%(file)s: the file is larger than 2 MB.") % {"file": label})
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(
            _("%(file)s: the file is not UTF-8 text; save it as “CSV UTF-8”.") % {"file": label}
        )
        return None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [h.strip() for h in (reader.fieldnames or [])]
    missing = [column for column in required if column not in headers]
    if missing:
        result.errors.append(
            _("%(file)s: missing columns: %(columns)s.")
            % {"file": label, "columns": ", ".join(missing)}
        )
        return None
    reader.fieldnames = headers
    rows = []
    for number, row in enumerate(reader, start=2):
        cells = {key: unescape_cell((value or "").strip()) for key, value in row.items() if key}
        if any(cells.values()):
            rows.append((number, cells))
    return rows


def _choice(value, choices):
    """A code, or its label typed in any case."""
    lowered = value.strip().casefold()
    for code, label in choices:
        if lowered in (code, str(label).casefold()):
            return code
    return value


def _errors(form, label, number, columns):
    column_of = {name: column for column, name in columns}
    messages = []
    for name, errors in form.errors.items():
        where = column_of.get(name, "")
        for error in errors:
            messages.append(
                _("%(file)s, row %(row)d, %(column)s: %(error)s")
                % {"file": label, "row": number, "column": where or _("row"), "error": error}
                if where
                else _("%(file)s, row %(row)d: %(error)s")
                % {"file": label, "row": number, "error": error}
            )
    return messages


def import_files(team, actors_file, flows_file, by=None) -> ImportResult:
    result = ImportResult()
    actors_label, flows_label = _("Actors"), _("Connections")
    actor_rows = _read(actors_file, actors_label, ["Label", "Type"], result)
    flow_rows = _read(flows_file, flows_label, ["From", "To", "Type"], result)
    if result.errors:
        return result
    if not actor_rows and not flow_rows:
        result.errors.append(_("Choose a CSV file of actors or of connections."))
        return result
    with transaction.atomic():
        by_key = {actor.name_key: actor for actor in Actor.objects.filter(team=team)}
        # Actors that name a proxy come after the others, so the proxy may be a row of the same file.
        ordered = sorted(actor_rows, key=lambda item: bool(item[1].get("Proxy")))
        for number, cells in ordered:
            proxy_name = cells.get("Proxy", "")
            proxy = by_key.get(name_key(proxy_name)) if proxy_name else None
            data = {
                "name": cells.get("Label", ""),
                "actor_type": _choice(cells.get("Type", ""), Actor.Type.choices),
                "notes": cells.get("Description", ""),
                "sector": _choice(cells.get("Sector", ""), Actor.Sector.choices),
                "relationship": _choice(cells.get("Relationship", ""), Actor.Relationship.choices),
                "agency": _choice(cells.get("Agency", ""), Actor.Agency.choices),
                "proxy": proxy.pk if proxy else "",
                "influence": cells.get("Influence", ""),
                "interest": cells.get("Interest", ""),
                "stance": _choice(cells.get("Stance", ""), Actor.Stance.choices),
                "goals": cells.get("Goals", ""),
                "resources_held": cells.get("Resources", ""),
                "is_convenor": "on"
                if cells.get("Convenor", "").casefold() in ("yes", "true", "1", "x")
                else "",
            }
            form = ActorForm(data, instance=Actor(team=team), team=team)
            if proxy_name and proxy is None:
                result.errors.append(
                    _("%(file)s, row %(row)d, Proxy: no actor called ‘%(name)s’.")  # noqa: RUF001
                    % {"file": actors_label, "row": number, "name": proxy_name}
                )
                continue
            if form.is_valid():
                actor = form.save_versioned(by)
                by_key[actor.name_key] = actor
                result.actors += 1
            else:
                result.errors += _errors(form, actors_label, number, ACTOR_COLUMNS)
        for number, cells in flow_rows:
            ends = {}
            for column in ("From", "To"):
                name = cells.get(column, "")
                actor = by_key.get(name_key(name)) if name else None
                if name and actor is None:
                    result.errors.append(
                        _("%(file)s, row %(row)d, %(column)s: no actor called ‘%(name)s’.")  # noqa: RUF001
                        % {"file": flows_label, "row": number, "column": column, "name": name}
                    )
                ends[column] = actor.pk if actor else ""
            if any(cells.get(c) and not ends[c] for c in ("From", "To")):
                continue
            direction = cells.get("Direction", "")
            data = {
                "source": ends["From"],
                "target": ends["To"],
                "flow_type": _choice(cells.get("Type", ""), Flow.Type.choices),
                "label": cells.get("Label", ""),
                "direction": KUMU_DIRECTIONS.get(
                    direction.casefold(), _choice(direction, Flow.Direction.choices)
                ),
                "status": _choice(cells.get("Status", "") or "existing", Flow.Status.choices),
                "quality": _choice(cells.get("Quality", ""), Flow.Quality.choices),
                "amount": cells.get("Amount", ""),
                "amount_unit": cells.get("Amount unit", ""),
                "strength": cells.get("Strength", ""),
                "notes": cells.get("Description", ""),
            }
            form = FlowForm(data, instance=Flow(team=team), team=team)
            if form.is_valid():
                form.save_versioned(by)
                result.flows += 1
            else:
                result.errors += _errors(form, flows_label, number, FLOW_COLUMNS)
        if result.errors:
            transaction.set_rollback(True)
            result.actors = result.flows = 0
    return result
