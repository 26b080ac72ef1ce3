"""CSV per record kind across all teams (DOMAIN.md 10 "Exports"), read off the JSON document so the
columns are the format's field names. A `team` column comes first; refs are shown as the names they
stand for; cells are formula-safe and numbers plain (workshop.csvcells)."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from workshop.csvcells import csv_bytes, safe_cell

DECIMAL_FIELDS = {
    "weight",
    "amount",
    "quantity",
    "unit_rate",
    "value",
    "delivered_value",
    "expected_amount",
    "percentage",
    "threshold_pct",
}


def _charter(team):
    return team.get("charter") or {}


def _candidate_rows(team):
    ranking = {r["candidate"]: r for r in team["derived"].get("ranking", [])}
    for candidate in team.get("candidates") or []:
        entry = ranking.get(candidate["ref"], {})
        yield {
            **candidate,
            "weighted_score": entry.get("score"),
            "rank": entry.get("rank"),
            "ranking_status": entry.get("status"),
        }


def _nested(parent_key, child_key, parent_field):
    def rows(team):
        for parent in team.get(parent_key) or []:
            for child in parent.get(child_key) or []:
                yield {parent_field: parent["ref"], **child}

    return rows


def _scores(team):
    for candidate in team.get("candidates") or []:
        for criterion, value in (candidate.get("scores") or {}).items():
            yield {"candidate": candidate["ref"], "criterion": criterion, "value": value}


def _charter_list(key):
    return lambda team: _charter(team).get(key) or []


def _charter_nested(parent_key, child_key, parent_field):
    def rows(team):
        for parent in _charter(team).get(parent_key) or []:
            for child in parent.get(child_key) or []:
                yield {parent_field: parent["ref"], **child}

    return rows


# kind → (label, rows of one team's document block)
KINDS = {
    "actors": (_("Actors"), lambda team: team.get("actors") or []),
    "flows": (_("Flows"), lambda team: team.get("flows") or []),
    "gaps": (_("Value gaps"), lambda team: team.get("gaps") or []),
    "criteria": (_("Criteria"), lambda team: team.get("criteria") or []),
    "candidates": (_("Candidates"), _candidate_rows),
    "scores": (_("Consensus scores"), _scores),
    "votes": (_("Private votes"), _nested("candidates", "votes", "candidate")),
    "conversations": (_("Conversations"), _nested("candidates", "conversations", "candidate")),
    "parties": (_("Charter parties"), _charter_list("parties")),
    "bodies": (_("Governing bodies"), _charter_list("bodies")),
    "seats": (_("Seats"), _charter_nested("bodies", "seats", "body")),
    "decision_rules": (_("Decision rules"), _charter_list("decision_rules")),
    "contributions": (_("Contributions"), _charter_list("contributions")),
    "value_streams": (_("Value streams"), _charter_list("value_streams")),
    "allocations": (
        _("Fixed allocations"),
        _charter_nested("value_streams", "allocations", "stream"),
    ),
    "escalation": (_("Escalation ladder"), _charter_list("escalation")),
    "risks": (_("Risks"), _charter_list("risks")),
}


def ref_names(team) -> dict:
    """Ref → the name a person reads, for one team's block."""
    names = {a["ref"]: a.get("name") for a in team.get("actors") or []}
    names.update({g["ref"]: g.get("title") for g in team.get("gaps") or []})
    names.update({c["ref"]: c.get("name") for c in team.get("criteria") or []})
    names.update(
        {c["ref"]: names.get(c.get("actor"), c["ref"]) for c in team.get("candidates") or []}
    )
    charter = _charter(team)
    names.update(
        {p["ref"]: p.get("name") or names.get(p.get("actor")) for p in charter.get("parties") or []}
    )
    for key in ("bodies", "value_streams", "raci"):
        names.update({r["ref"]: r.get("name") for r in charter.get(key) or []})
    return names


def _cell(key, value, names):
    if isinstance(value, list):
        return "; ".join(str(names.get(v, v)) if isinstance(v, str) else str(v) for v in value)
    if isinstance(value, dict):
        return None  # nested records have their own kind
    if isinstance(value, str):
        if key in DECIMAL_FIELDS:
            try:
                return Decimal(value)
            except InvalidOperation:
                return value
        return names.get(value, value) if ":" in value and key != "ref" else value
    return value


def kind_csv(document: dict, kind: str) -> bytes:
    _label, rows_of = KINDS[kind]
    columns: list[str] = []
    table = []
    for team in document["teams"]:
        names = ref_names(team)
        for row in rows_of(team):
            values = {
                key: _cell(key, value, names)
                for key, value in row.items()
                if not isinstance(value, dict)
            }
            for key in values:
                if key not in columns:
                    columns.append(key)
            table.append((team["name"], values))
    header = ["team", *columns]
    rows = [
        [safe_cell(team), *(safe_cell(values.get(c)) for c in columns)] for team, values in table
    ]
    return csv_bytes(header, rows)
