"""CSV per record kind across all teams (DOMAIN.md 10 "Exports"), read off the JSON document so the
columns are the format's field names. A `team` column comes first; refs are shown as the names they
stand for; cells are formula-safe and numbers plain (workshop.csvcells)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from workshop.csvcells import csv_bytes, safe_cell
from workshop.steps.pilot import rules as pilot_rules

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
    "baseline",
    "target",
    "warning_threshold",
    "overall_pct",
    "budget_cash",
    "target_value",
    "target_value_max",
    "result_value",
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


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _pilot_rows(team):
    """A pilot's own fields, its timebox, the tally of its cards' results and its decision."""
    tally = team["derived"].get("hypothesis_tally") or {}
    for pilot in team.get("pilots") or []:
        nested = ("risks", "hypotheses", "lessons", "pilot_decision")
        own = {key: value for key, value in pilot.items() if key not in nested}
        dates = pilot_rules.PilotData(
            ref=pilot["ref"],
            title=pilot.get("title") or "",
            iteration=pilot.get("iteration"),
            start_date=_date(pilot.get("start_date")),
            end_date=_date(pilot.get("end_date")),
        )
        counts = tally.get(pilot["ref"]) or {}
        decision = pilot.get("pilot_decision") or {}
        yield {
            **own,
            "timebox_days": pilot_rules.timebox_days(dates),
            **{result: counts.get(result) for result in pilot_rules.RESULTS},
            "decision": decision.get("decision"),
            "rationale": decision.get("rationale"),
            "decided_on": decision.get("decided_on"),
            "decision_rule": decision.get("decision_rule"),
        }


def _hypothesis_rows(team):
    """Each test card with its result (DOMAIN.md 5.2), which the derived block only tallies."""
    for pilot in team.get("pilots") or []:
        for card in pilot.get("hypotheses") or []:
            data = pilot_rules.HypothesisData(
                ref=card["ref"],
                pilot=pilot["ref"],
                title=card.get("title") or "",
                comparator=card.get("comparator") or "",
                target_value=card.get("target_value") or None,
                target_value_max=card.get("target_value_max") or None,
                result_value=card.get("result_value") or None,
                result_override=card.get("result_override") or "",
            )
            yield {
                "pilot": pilot["ref"],
                **card,
                "result": pilot_rules.hypothesis_result(data),
            }


def _lesson_rows(team):
    for pilot in team.get("pilots") or []:
        for lesson in pilot.get("lessons") or []:
            changes = lesson.get("charter_changes") or []
            yield {
                "pilot": pilot["ref"],
                **lesson,
                "charter_changes": len(changes),
                "charter_change_applied": any(c.get("applied_in_version") for c in changes),
            }


def _charter_changes(team):
    for pilot in team.get("pilots") or []:
        for lesson in pilot.get("lessons") or []:
            for change in lesson.get("charter_changes") or []:
                yield {"pilot": pilot["ref"], "lesson": lesson["ref"], **change}


def _scaling_actions(team):
    return (team.get("scaling_plan") or {}).get("actions") or []


def _indicator_rows(team):
    rag = team["derived"].get("indicator_rag") or {}
    for indicator in team.get("indicators") or []:
        row = {key: value for key, value in indicator.items() if key != "readings"}
        yield {**row, "rag": rag.get(indicator["ref"])}


def _health_check_rows(team):
    health = team["derived"].get("health") or {}
    for check in team.get("health_checks") or []:
        scores = health.get(check["ref"]) or {}
        dimensions = scores.get("dimensions") or {}
        yield {
            **{key: value for key, value in check.items() if key != "responses"},
            "respondents": len(check.get("responses") or []),
            "overall_pct": scores.get("overall_pct"),
            "discuss": [code for code, row in dimensions.items() if row.get("discuss")],
        }


def _health_ratings(team):
    """One row per answer to one dimension, so a spreadsheet can pivot the heat map."""
    for check in team.get("health_checks") or []:
        for response in check.get("responses") or []:
            for rating in response.get("ratings") or []:
                yield {
                    "health_check": check["ref"],
                    "respondent_party": response.get("respondent_party"),
                    "respondent_name": response.get("respondent_name"),
                    **rating,
                }


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
    "pilots": (_("Pilots"), _pilot_rows),
    "hypotheses": (_("Test cards"), _hypothesis_rows),
    "pilot_risks": (_("Pilot risks"), _nested("pilots", "risks", "pilot")),
    "lessons": (_("Lessons"), _lesson_rows),
    "charter_changes": (_("Charter changes from lessons"), _charter_changes),
    "scaling_actions": (_("Scaling actions"), _scaling_actions),
    "indicators": (_("Indicators"), _indicator_rows),
    "readings": (_("Indicator readings"), _nested("indicators", "readings", "indicator")),
    "health_checks": (_("Health checks"), _health_check_rows),
    "health_ratings": (_("Health-check answers"), _health_ratings),
    "signals": (_("Vitality and decay signs"), lambda team: team.get("signals") or []),
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
    names.update({f"version:{v['number']}": v["number"] for v in charter.get("versions") or []})
    for pilot in team.get("pilots") or []:
        names[pilot["ref"]] = pilot.get("title")
        names.update({h["ref"]: h.get("title") for h in pilot.get("hypotheses") or []})
        names.update({lesson["ref"]: lesson.get("text") for lesson in pilot.get("lessons") or []})
    names.update({i["ref"]: i.get("name") for i in team.get("indicators") or []})
    names.update({c["ref"]: c.get("held_on") for c in team.get("health_checks") or []})
    return names


def _nested_records(value) -> bool:
    """A dict, or a list of dicts: records that have their own kind, not one cell."""
    return isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(item, dict) for item in value)
    )


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
                pass  # not a number: a flow's `target` is an actor ref, an indicator's a decimal
        return names.get(value, value) if ":" in value and key != "ref" else value
    return value


def kind_csv(document: dict, kind: str, anonymous_votes: bool = False) -> bytes:
    """``anonymous_votes``: the workshop reveals scores anonymously, so the votes sheet leaves out
    who gave each (the JSON keeps them: the format names each vote's participant)."""
    _label, rows_of = KINDS[kind]
    columns: list[str] = []
    table = []
    for team in document["teams"]:
        names = ref_names(team)
        for row in rows_of(team):
            if kind == "votes" and anonymous_votes:
                row = {key: value for key, value in row.items() if key != "participant"}
            values = {
                key: _cell(key, value, names)
                for key, value in row.items()
                if not _nested_records(value)
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
