"""A generated epd-workshop/1 document that uses every optional field and every choice of every
enumeration (rotating chairs, co-chairs, supermajorities, every contribution kind, …).

The choices are read from the JSON Schema (docs/epd-workshop-1.schema.json, whose enumerations a
test keeps equal to the models' choices), so a new choice is generated without touching this
file: list records are made as many times as their longest enumeration has choices and record i
takes choice i of each (cycling); what a team has once (fit check, the charter's own fields, a
pilot decision) takes choice i in team i, and there are as many teams as the longest of those.
`missing_choices` and `empty_fields` say what a document leaves out, so the test fails when a
choice or a field is never exercised.
"""

import copy
import json
from functools import cache
from pathlib import Path

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "epd-workshop-1.schema.json"
# Fields the format carries but that no record can fill in a valid charter or pilot, with why.
NEVER_FILLED = {
    # Derived on export ("derived" is ignored on import; the charter's status comes from versions).
    "teams[].derived",
}
# Choices an export cannot show, with why (each is covered elsewhere, as named).
NOT_EXPORTED = {
    # One workshop per document: tests/interchange/test_round_trip.py takes every status in turn.
    "workshop.status": None,
    # Derived from the versions and sign-offs (DOMAIN.md 4.1); import ignores it, and a charter
    # is only ever draft, in review or agreed (a *version* is superseded).
    "teams[].charter.status": None,
    # "auto" is the absence of a status row; export lists the sections marked not relevant.
    "teams[].charter.section_statuses[].state": ["auto"],
}


@cache
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def _resolve(node):
    while "$ref" in node:
        node = schema()["$defs"][node["$ref"].split("/")[-1]]
    return node


def _child(node, part):
    node = _resolve(node)
    if part == "[]":
        return node["items"]
    return node["properties"][part]


@cache
def choices(path: str) -> tuple:
    """The codes of the enumeration at `path` ("teams[].charter.bodies[].chair_arrangement")."""
    node = schema()
    for part in path.replace("[]", ".[]").split("."):
        node = _child(node, part)
    node = _resolve(node)
    return tuple(v for v in node["enum"] if v not in ("", None))


def enum_paths() -> list[str]:
    """Every enumeration of the schema, as a path with `[]` for list items."""
    found = []

    def walk(node, path):
        if "$ref" in node:
            return
        if "enum" in node and [v for v in node["enum"] if v not in ("", None)]:
            found.append(path)
        for key, child in node.get("properties", {}).items():
            walk(child, f"{path}.{key}" if path else key)
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{path}[]")

    walk(schema(), "")
    return found


def pick(path: str, n: int):
    options = choices(path)
    return options[n % len(options)]


def count(*paths: str) -> int:
    """How many records cover every choice of the enumerations at `paths`."""
    return max(len(choices(path)) for path in paths)


# --- Coverage --------------------------------------------------------------------------------


def values_at(document, path: str) -> list:
    """Every value found at `path` (with `[]` for each item of a list) in `document`."""
    values = [document]
    for part in path.replace("[]", ".[]").split("."):
        nxt = []
        for value in values:
            if part == "[]":
                nxt.extend(value if isinstance(value, list) else [])
            elif isinstance(value, dict) and part in value:
                nxt.append(value[part])
        values = nxt
    return values


def missing_choices(document) -> dict[str, list]:
    """Enumeration path → the choices that appear nowhere at that path in `document`."""
    missing = {}
    for path in enum_paths():
        seen = set()
        for value in values_at(document, path):
            seen.update(value if isinstance(value, list) else [value])
        absent = [c for c in choices(path) if c not in seen]
        if path in NOT_EXPORTED:
            skip = NOT_EXPORTED[path]
            absent = [] if skip is None else [c for c in absent if c not in skip]
        if absent:
            missing[path] = absent
    return missing


def field_paths() -> list[str]:
    """Every property the schema names, as a path with `[]` for list items."""
    found = []

    def walk(node, path, depth=0):
        node = _resolve(node)
        for key, child in node.get("properties", {}).items():
            here = f"{path}.{key}" if path else key
            found.append(here)
            walk(child, here, depth + 1)
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{path}[]", depth + 1)

    walk(schema(), "")
    return found


def empty_fields(document) -> list[str]:
    """Schema fields that hold nothing anywhere in `document` (absent, null, "", [] or {})."""
    return [
        path
        for path in field_paths()
        if not any(v not in (None, "", [], {}) for v in values_at(document, path))
        and not any(path.startswith(skip) for skip in NEVER_FILLED)
    ]


# --- The document ----------------------------------------------------------------------------

C = "teams[].charter."
TEAM_CHOICES = (
    "teams[].fit_check.can_achieve_alone",
    "teams[].fit_check.needs_rapid_unilateral_decisions",
    "teams[].fit_check.ip_risk_unmitigable",
    "teams[].fit_check.contract_would_suffice",
    C + "agreement_type",
    C + "governance_model",
    C + "ip_background",
    C + "ip_results",
    C + "pro_rata_basis",
    "teams[].pilots[].pilot_decision.decision",
)
MEMBERS = ["Ana Lopes", "Ben Ode", "Chidi Okafor"]
ACTORS = [
    "Harbour Trust",
    "City Council",
    "River Lune",
    "Dock Cooperative",
    "Tenants Union",
    "Future Residents",
    "Port Bank",
    "Sailing Club",
    "Ferry Company",
    "University Lab",
    "Fish Market",
    "Lighthouse Guild",
    "Harbour Police",
]


def slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name)


def actor_ref(index: int) -> str:
    return f"actor:{slug(ACTORS[index])}"


def party_ref(index: int) -> str:
    return f"party:{slug(ACTORS[index])}"


def generated_document(pattern_slug="ecosystem-partnership-design") -> dict:
    teams = count(*TEAM_CHOICES)
    return {
        "format": "epd-workshop/1",
        "pattern_slug": pattern_slug,
        "workshop": {
            "title": "Generated workshop",
            "pattern_slug": pattern_slug,
            "status": "live",
            "current_step": 3,
            "currency": "EUR",
            "score_min": 1,
            "score_max": 5,
            "quadrant_threshold": 3,
            "dependency_threshold_pct": "40.00",
            "facilitators": ["Jordan Reyes"],
        },
        "teams": [team(n) for n in range(teams)],
    }


def team(n: int) -> dict:
    actors_ = actors(n)
    data = {
        "name": f"Team {n + 1}",
        "colour": "#2a7f62",
        "convenor_actor": actor_ref(0),
        "members": [
            {"display_name": name, "role": pick("teams[].members[].role", i)}
            for i, name in enumerate(MEMBERS)
        ],
        "step_progress": [
            {
                "step": step,
                "status": pick("teams[].step_progress[].status", step - 1 + n),
                "locked": step == 1,
            }
            for step in range(1, 6)
        ],
        "fit_check": {
            **{
                key: pick(f"teams[].fit_check.{key}", n)
                for key in (
                    "can_achieve_alone",
                    "needs_rapid_unilateral_decisions",
                    "ip_risk_unmitigable",
                    "contract_would_suffice",
                )
            },
            "notes": "Checked with the board.",
        },
        "forces": [
            {
                "force": force,
                "position": 1 + (i + step) % 5,
                "note": f"Force note {i}",
                "recorded_in_step": step,
            }
            for i, force in enumerate(choices("teams[].forces[].force"))
            for step in (1, 5)
        ],
        "actors": actors_,
        "flows": flows(),
        "gaps": gaps(),
        "purpose": {
            "statement": "Open the harbour to everyone, kept by those who use it.",
            "long_term_vision": "A working harbour that pays for its own upkeep.",
            "geographic_scope": "The inner harbour and its quays",
            "time_horizon_years": 15,
            "beneficiaries": "Residents, boat users, visitors",
            "addresses_gaps": [g["ref"] for g in gaps()[:2]],
            "success_looks_like": "Quays open every day of the year.",
        },
        "criteria": criteria(),
        "candidates": candidates(),
        "charter": charter(n),
        "pilots": pilots(n),
        "scaling_plan": scaling_plan(),
        "indicators": indicators(),
        "health_checks": health_checks(),
        "signals": signals(),
    }
    return data


def actors(n: int) -> list[dict]:
    rows = []
    p = "teams[].actors[]."
    for i, name in enumerate(ACTORS):
        row = {
            "ref": actor_ref(i),
            "name": name,
            "actor_type": pick(p + "actor_type", i),
            "sector": pick(p + "sector", i),
            "relationship": pick(p + "relationship", i),
            "agency": "high",
            "proxy": None,
            "influence": 1 + i % 5,
            "interest": 1 + (i * 2) % 5,
            "stance": pick(p + "stance", i),
            "goals": f"Goals of {name}",
            "resources_held": f"What {name} holds",
            "is_convenor": i == 0,
            "notes": f"Notes on {name}",
        }
        rows.append(row)
    # Agency: the parties (the first six) act for themselves; the others take each choice, and
    # one without agency has a proxy (DOMAIN.md 2.3).
    for i, agency in enumerate(choices(p + "agency")):
        rows[6 + i]["agency"] = agency
        if agency == "none":
            rows[6 + i]["proxy"] = actor_ref(0)
    return rows


def flows() -> list[dict]:
    p = "teams[].flows[]."
    rows = []
    for i in range(count(p + "flow_type", p + "direction", p + "status", p + "quality")):
        source, target = i % len(ACTORS), (i + 1) % len(ACTORS)
        money = pick(p + "flow_type", i) == "money"
        # Quality is for existing flows only: the first flows are existing, one per quality.
        qualities = choices(p + "quality")
        status = "existing" if i < len(qualities) else pick(p + "status", i)
        rows.append(
            {
                "ref": f"flow:{i + 1}",
                "source": actor_ref(source),
                "target": actor_ref(target),
                "direction": pick(p + "direction", i),
                "flow_type": pick(p + "flow_type", i),
                "label": f"Flow {i + 1}",
                "status": status,
                "quality": pick(p + "quality", i) if status == "existing" else "",
                "amount": "1200.50" if money else None,
                "amount_unit": "per_year" if money else "",
                "strength": 1 + i % 3,
                "notes": f"Flow note {i + 1}",
            }
        )
    return rows


def gaps() -> list[dict]:
    p = "teams[].gaps[]."
    return [
        {
            "ref": f"gap:gap-{i + 1}",
            "title": f"Gap {i + 1}",
            "gap_type": pick(p + "gap_type", i),
            "description": f"What is missing {i + 1}",
            "affected_actors": [actor_ref(i % 4), actor_ref(4)],
            "related_flows": ["flow:1"],
            "severity": 1 + i % 5,
            "opportunity": 1 + (i + 2) % 5,
            "collaboration_idea": f"Idea {i + 1}",
        }
        for i in range(count(p + "gap_type"))
    ]


def criteria() -> list[dict]:
    p = "teams[].criteria[]."
    return [
        {
            "ref": f"criterion:criterion-{i + 1}",
            "name": f"Criterion {i + 1}",
            "category": pick(p + "category", i),
            "weight": f"{i + 1}.50",
            "description": f"Why criterion {i + 1}",
            "scoring_guide": "1 = none, 5 = fully",
            "min_acceptable": 1 + i % 2,
            "order": i + 1,
        }
        for i in range(count(p + "category"))
    ]


def candidates() -> list[dict]:
    p = "teams[].candidates[]."
    conv = p + "conversations[]."
    rows = []
    names = criteria()
    for i in range(len(ACTORS) - 1):
        actor = 1 + i
        status = pick(p + "status", i)
        if actor <= 5:  # the parties are selected (the charter names them)
            status = "selected"
        rows.append(
            {
                "ref": f"candidate:{slug(ACTORS[actor])}",
                "actor": actor_ref(actor),
                "status": status,
                "complementary_capabilities": f"What {ACTORS[actor]} adds",
                "decision_rationale": f"Why {status}",
                "scores": {c["ref"]: 1 + (i + k) % 5 for k, c in enumerate(names)},
                "votes": [
                    {"participant": member, "criterion": names[0]["ref"], "value": 1 + k}
                    for k, member in enumerate(MEMBERS)
                ],
                "conversations": [
                    {
                        "held_on": f"2026-02-{10 + k:02d}",
                        "participants": "Ana, Ben",
                        "interest_level": pick(conv + "interest_level", i + k),
                        "willingness": "willing" if k == 0 else pick(conv + "willingness", i + k),
                        "their_interests": "Upkeep money",
                        "what_they_could_bring": "Boats and volunteers",
                        "concerns_red_flags": "Slow decisions",
                        "conditions": "A seat on the board",
                        "next_step": "Send the draft",
                        "follow_up_on": "2026-03-01",
                    }
                    for k in range(2)
                ],
            }
        )
    # Every selection of the party actors (1-5) once; the status choices cycle over the rest.
    seen = {row["actor"] for row in rows}
    for actor in range(1, 6):
        if actor_ref(actor) not in seen:
            extra = copy.deepcopy(rows[0])
            extra.update(ref=f"candidate:{slug(ACTORS[actor])}", actor=actor_ref(actor))
            rows.append(extra)
    return _spread_statuses(rows, p + "status")


def _spread_statuses(rows, path):
    """Parties' candidates stay selected; the others take every other status in turn."""
    others = [r for r in rows if r["actor"] not in {actor_ref(a) for a in range(1, 6)}]
    statuses = [s for s in choices(path) if s != "selected"]
    for k, row in enumerate(others):
        row["status"] = statuses[k % len(statuses)]
        row["decision_rationale"] = f"Why {row['status']}"
    return rows


# --- Step 3 ----------------------------------------------------------------------------------

PARTIES = 6  # actors 0-5


def charter(n: int) -> dict:
    p = C
    ip_results = pick(p + "ip_results", n)
    body = charter_body(n)
    return {
        "title": f"Harbour Charter {n + 1}",
        "agreement_type": pick(p + "agreement_type", n),
        "effective_date": "2026-04-01",
        "term_end_date": "2036-03-31",
        "review_date": "2027-04-01",
        "vision": "A harbour open to all.",
        "objectives": "Open the quays\nPay for upkeep",
        "principles": [*principle_codes(), "Be kind to boats"],
        "scope_in": "The quays",
        "scope_out": "The open sea",
        "governance_model": pick(p + "governance_model", n),
        "ip_background": pick(p + "ip_background", n),
        "ip_results": ip_results,
        "ip_open_licence": "CC-BY-4.0" if ip_results == "open_licence" else "",
        "data_sharing": "Counts are open data.",
        "branding_communications": "The board approves the logo.",
        "exit_notice_days": 90,
        "exit_triggers": list(choices(p + "exit_triggers[]")),
        "exit_obligations": "Return the boats.",
        "dissolution": "Assets go to the Trust.",
        "admission_process": "The board admits new partners.",
        "review_cadence_months": 12,
        "pro_rata_basis": pick(p + "pro_rata_basis", n),
        **body,
    }


def principle_codes() -> list[str]:
    """The coded principles (the schema lets custom text in beside them, so no enumeration)."""
    from workshop.steps.governance.models import Principle

    return list(Principle.values)


def charter_body(n: int) -> dict:
    return {
        "parties": parties(),
        "bodies": bodies(),
        "decision_rules": decision_rules(),
        "raci": raci(),
        "contributions": contributions(),
        "value_streams": value_streams(),
        "escalation": escalation(n),
        "risks": risks(),
        # Every section once, in turn not relevant (with why) or left to the checks ("auto").
        "section_statuses": [
            {
                "section": section,
                "state": state,
                "justification": f"Not for us: {section}" if state == "not_relevant" else "",
            }
            for i, section in enumerate(choices(C + "section_statuses[].section"))
            for state in ["not_relevant" if i % teams_for_sections() == n else "auto"]
        ],
        "versions": versions(),
    }


def teams_for_sections() -> int:
    return count(*TEAM_CHOICES)


def parties() -> list[dict]:
    p = C + "parties[]."
    memberships = choices(p + "membership")
    rows = []
    for i in range(PARTIES):
        # The first parties are core (they sign and chair); the last ones take the other choices.
        membership = memberships[max(0, i - (PARTIES - len(memberships)))]
        rows.append(
            {
                "ref": party_ref(i),
                "actor": actor_ref(i),
                "membership": membership,
                "representative_name": f"Rep {i + 1}",
                "representative_role": "Director",
                "has_authority_to_sign": True,
                "partner_objectives": f"Objectives of party {i + 1}",
                "what_they_bring": f"What party {i + 1} brings",
                "what_they_gain": f"What party {i + 1} gains",
                "order": i + 1,
            }
        )
    return rows


def bodies() -> list[dict]:
    p = C + "bodies[]."
    rows = []
    voting = [party_ref(i) for i in range(3)]
    for i in range(count(p + "body_type", p + "chair_arrangement", p + "meeting_frequency")):
        chair = pick(p + "chair_arrangement", i)
        rows.append(
            {
                "ref": f"body:body-{i + 1}",
                "name": f"Body {i + 1}",
                "body_type": pick(p + "body_type", i),
                "purpose": f"Body {i + 1} decides",
                "chair_arrangement": chair,
                "chair_party": party_ref(0) if chair == "fixed_party" else None,
                "rotation_months": 6 if chair == "rotating" else None,
                "rotation_order": voting if chair == "rotating" else [],
                "meeting_frequency": pick(p + "meeting_frequency", i),
                "quorum_count": 2,
                "quorum_condition": "incl. the Trust",
                "meetings_public": i % 2 == 0,
                "seats": [
                    *(
                        {"party": ref, "seat_label": f"Seat {k + 1}", "votes": 1 + k % 2}
                        for k, ref in enumerate(voting)
                    ),
                    {
                        "party": None,
                        "seat_label": "River seat",
                        "votes": 0,
                        "represents_proxy_for": actor_ref(8),
                    },
                ],
            }
        )
    return rows


def decision_rules() -> list[dict]:
    p = C + "decision_rules[]."
    rows = []
    for i in range(count(p + "scope", p + "method", p + "deadlock_fallback")):
        method = pick(p + "method", i)
        by_body = method not in ("lead_decides_after_consultation", "delegated")
        rows.append(
            {
                "ref": f"decision_rule:{i + 1}",
                "scope": pick(p + "scope", i),
                "scope_detail": f"Decisions of kind {i + 1}",
                "method": method,
                "threshold_pct": "66.67" if method == "supermajority" else None,
                "max_days_to_decide": 30,
                "deadlock_fallback": pick(p + "deadlock_fallback", i),
                "body": f"body:body-{1 + i % 3}" if by_body else None,
                "decider": None if by_body else party_ref(0),
                "veto_parties": [party_ref(1)] if i % 2 else [],
            }
        )
    return rows


def raci() -> list[dict]:
    codes = choices(C + "raci[].assignments[].code")
    return [
        {
            "ref": f"raci:activity-{i + 1}",
            "name": f"Activity {i + 1}",
            "description": f"What activity {i + 1} is",
            "order": i + 1,
            "assignments": [
                {"party": party_ref(k), "code": code}
                for k, code in enumerate(sorted(codes, key=lambda c: c != "A"))
            ],
        }
        for i in range(2)
    ]


def contributions() -> list[dict]:
    p = C + "contributions[]."
    rows = []
    for i in range(count(p + "contribution_type", p + "valuation_method", p + "status")):
        monetised = pick(p + "valuation_method", i) != "not_monetised"
        rows.append(
            {
                "ref": f"contribution:{i + 1}",
                "party": party_ref(i % 4),
                "channelled_via": party_ref(5) if i == 1 else None,
                "contribution_type": pick(p + "contribution_type", i),
                "description": f"Contribution {i + 1}",
                "quantity": "10.00",
                "unit": "days",
                "valuation_method": pick(p + "valuation_method", i),
                "unit_rate": "250.00",
                "value": "2500.00" if monetised else None,
                "period_start": "2026-04-01",
                "period_end": "2027-03-31",
                "status": pick(p + "status", i),
                "delivered_value": "1000.00" if monetised else None,
                "for_pilot": i % 2 == 0,
                "evidence": f"Invoice {i + 1}",
            }
        )
    return rows


def value_streams() -> list[dict]:
    p = C + "value_streams[]."
    rows = []
    for i in range(count(p + "kind", p + "amount_period", p + "mechanism")):
        mechanism = pick(p + "mechanism", i)
        fixed = mechanism == "fixed_percentage"
        rows.append(
            {
                "ref": f"value_stream:stream-{i + 1}",
                "name": f"Stream {i + 1}",
                "kind": pick(p + "kind", i),
                "source_description": f"Where stream {i + 1} comes from",
                "expected_amount": "30000.00",
                "amount_period": pick(p + "amount_period", i),
                "mechanism": mechanism,
                "outcome_metric": "Visitors",
                "outcome_formula": "1 EUR per visitor",
                "beneficiaries_text": "Residents",
                "trigger": "Year end",
                "sla_text": "Paid within 30 days",
                "quality_gate": "Audited accounts",
                "eligible_parties": [party_ref(0), party_ref(1)],
                "allocations": [
                    {"party": party_ref(0), "recipient_label": "", "percentage": "60.00"},
                    {"party": None, "recipient_label": "Upkeep fund", "percentage": "40.00"},
                ]
                if fixed
                else [],
            }
        )
    return rows


def escalation(n: int) -> list[dict]:
    p = C + "escalation[]."
    methods = list(choices(p + "method"))
    final = [m for m in methods if m in ("withdrawal", "external_authority")]
    steps = [m for m in methods if m not in final] + [final[n % len(final)]]
    return [
        {
            "ref": f"escalation:{i + 1}",
            "order": i + 1,
            "level": f"Level {i + 1}",
            "who": f"Who at level {i + 1}",
            "method": method,
            "max_days": None if i == len(steps) - 1 else 10 + i,
            "cost_sharing": "Shared equally",
        }
        for i, method in enumerate(steps)
    ]


def risks() -> list[dict]:
    p = C + "risks[]."
    return [
        {
            "ref": f"risk:{i + 1}",
            "title": f"Risk {i + 1}",
            "category": pick(p + "category", i),
            "likelihood": 1 + i % 5,
            "impact": 1 + (i + 1) % 5,
            "mitigation": f"Mitigation {i + 1}",
            "owner": party_ref(i % 3),
        }
        for i in range(count(p + "category"))
    ]


def versions() -> list[dict]:
    """Version 1 as another tool writes it: the charter's shape, no names or context."""
    decisions = choices(C + "versions[].sign_offs[].decision")
    return [
        {
            "number": 1,
            "note": "First draft",
            "published_by": MEMBERS[0],
            "published_at": "2026-03-01T10:00:00Z",
            "sign_offs": [
                {
                    "party": party_ref(i),
                    "signer_name": f"Rep {i + 1}",
                    "signer_role": "Director",
                    "signed_at": f"2026-03-0{2 + i}T09:00:00Z",
                    "decision": decision,
                    "note": "" if decision == "agree" else f"Because {i + 1}",
                }
                for i, decision in enumerate(decisions)
            ],
            "snapshot": None,  # filled in by team(): the charter as it was
        }
    ]


# --- Steps 4 and 5 ---------------------------------------------------------------------------


def pilots(n: int) -> list[dict]:
    p = "teams[].pilots[]."
    rows = []
    for i in range(count(p + "status")):
        rows.append(
            {
                "ref": f"pilot:{i + 1}",
                "iteration": i + 1,
                "title": f"Pilot {i + 1}",
                "objective": "Test the quays",
                "scope": "The north quay",
                "start_date": "2026-05-01",
                "end_date": "2026-10-31",
                "budget_cash": "18000.00",
                "status": pick(p + "status", i),
                "parties": [party_ref(0), party_ref(1)],
                "charter_version": "version:1",
                "risks": [
                    {
                        "title": f"Pilot risk {k + 1}",
                        "category": pick(p + "risks[].category", k),
                        "likelihood": 1 + k % 5,
                        "impact": 2,
                        "mitigation": "Watch it",
                        "owner": party_ref(0),
                    }
                    for k in range(count(p + "risks[].category"))
                ]
                if i == 0
                else [],
                "hypotheses": hypotheses(i) if i == 0 else [],
                "lessons": lessons() if i == 0 else [],
                "pilot_decision": {
                    "decision": pick(p + "pilot_decision.decision", n),
                    "rationale": "What the pilot showed",
                    "decided_on": "2026-11-10",
                    "decision_rule": "decision_rule:1",
                }
                if i == 0
                else None,
            }
        )
    return rows


def hypotheses(pilot: int) -> list[dict]:
    p = "teams[].pilots[].hypotheses[]."
    rows = []
    for i in range(count(p + "category", p + "comparator", p + "result_override")):
        comparator = pick(p + "comparator", i)
        override = pick(p + "result_override", i) if i == 0 else ""
        rows.append(
            {
                "ref": f"hypothesis:card-{i + 1}",
                "title": f"Card {i + 1}",
                "belief": f"We believe {i + 1}",
                "category": pick(p + "category", i),
                "criticality": 1 + i % 3,
                "test_method": "Count",
                "metric": "Visitors",
                "unit": "%",
                "comparator": comparator,
                "target_value": "30.00",
                "target_value_max": "50.00" if comparator == "between" else None,
                "result_value": "41.00",
                "result_override": override,
                "result_note": "Counters broke" if override else "",
            }
        )
    return rows


def lessons() -> list[dict]:
    p = "teams[].pilots[].lessons[]."
    sections = choices(p + "charter_changes[].section")
    return [
        {
            "ref": f"lesson:{i + 1}",
            "text": f"Lesson {i + 1}",
            "kind": pick(p + "kind", i),
            "action": f"Do {i + 1}",
            "hypotheses": ["hypothesis:card-1"],
            "charter_changes": [
                {
                    "section": sections[(i * 4 + k) % len(sections)],
                    "description": f"Change {k + 1}",
                    "applied_in_version": "version:1" if k == 0 else None,
                }
                for k in range(4)
            ],
        }
        for i in range(max(count(p + "kind"), -(-len(sections) // 4)))
    ]


def scaling_plan() -> dict:
    p = "teams[].scaling_plan.actions[]."
    actions = []
    for i in range(count(p + "pathway", p + "status")):
        pathway = pick(p + "pathway", i)
        actions.append(
            {
                "ref": f"scaling_action:{i + 1}",
                "pathway": pathway,
                "description": f"Action {i + 1}",
                "new_actors": [actor_ref(7)] if pathway == "add_partners" else [],
                "target_context": "Three more harbours",
                "owner": party_ref(0),
                "due_date": "2029-12-31",
                "status": pick(p + "status", i),
                "resources_needed": "Two staff",
            }
        )
    return {
        "summary": "Copy the model along the coast",
        "preconditions": "Pilot 2 meets its targets",
        "horizon_end": "2031-03-31",
        "actions": actions,
    }


def indicators() -> list[dict]:
    p = "teams[].indicators[]."
    rows = []
    for i in range(count(p + "indicator_type", p + "direction", p + "frequency")):
        higher = pick(p + "direction", i) == "higher_is_better"
        rows.append(
            {
                "ref": f"indicator:indicator-{i + 1}",
                "name": f"Indicator {i + 1}",
                "indicator_type": pick(p + "indicator_type", i),
                "unit": "visits",
                "direction": pick(p + "direction", i),
                "baseline": "100.00",
                "target": "150.00" if higher else "50.00",
                "warning_threshold": "120.00" if higher else "80.00",
                "frequency": pick(p + "frequency", i),
                "data_source": "Gate counters",
                "owner": party_ref(0),
                "linked_hypothesis": "hypothesis:card-1",
                "readings": [
                    {"observed_on": "2027-03-31", "value": "110.00", "note": "First count"},
                    {"observed_on": "2027-06-30", "value": "130.00", "note": "Second count"},
                ],
            }
        )
    return rows


def health_checks() -> list[dict]:
    p = "teams[].health_checks[].responses[].ratings[]."
    dimensions, ratings = choices(p + "dimension"), choices(p + "rating")
    return [
        {
            "ref": "health_check:1",
            "held_on": "2027-09-15",
            "facilitated_by": "Jordan Reyes",
            "notes": "Held at the harbour office",
            "responses": [
                {
                    "respondent_party": party_ref(k),
                    "respondent_name": f"Rep {k + 1}",
                    "ratings": [
                        {
                            "dimension": dimension,
                            "rating": (rating := ratings[(d + k) % len(ratings)]),
                            "comment": f"Why {rating}",
                        }
                        for d, dimension in enumerate(dimensions)
                    ],
                }
                for k in range(2)
            ],
        }
    ]


def signals() -> list[dict]:
    from workshop.steps.scale.rules import DECAY_SIGNALS

    p = "teams[].signals[]."
    return [
        {
            "ref": f"signal:{i + 1}",
            "observed_on": f"2027-{1 + i % 12:02d}-15",
            "signal": pick(p + "signal", i),
            "description": f"Signal {i + 1}",
            "severity": 1 + i % 3 if pick(p + "signal", i) in DECAY_SIGNALS else None,
            "parties": [party_ref(i % 3)],
        }
        for i in range(count(p + "signal"))
    ]


def with_snapshots(document: dict) -> dict:
    """Each version's snapshot: the team's charter as it stands, without versions."""
    for data in document["teams"]:
        charter_ = data["charter"]
        for version in charter_["versions"]:
            version["snapshot"] = copy.deepcopy(
                {k: v for k, v in charter_.items() if k != "versions"}
            )
    return document


def full_document() -> dict:
    return with_snapshots(generated_document())
