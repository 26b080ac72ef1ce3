"""The charter's whole content as one plain tree (DOMAIN.md 12.1 "charter"), and back to rule inputs.

`build_snapshot(charter)` is what a published version freezes, what the on-screen preview, the
version diff and the PDF render, and what `records_from_snapshot` turns into rules.py's
`CharterRecords` for every derived value. Field names are the model field names, enumerations
their codes, decimals strings, dates ISO 8601, and records refer to each other by refs
(`party:<actor-slug>`, `body:<slug>`, …), never by database ids.

Reading and building are apart: `load_rows` reads one charter's rows, or a whole workshop's in the
same fixed number of queries (the facilitator's step 3 across teams), and `snapshot_from_rows`
builds the tree from them without a query, so every snapshot comes from the same code.

Beyond 12.1, for rendering a frozen version on its own: each party carries its actor's `name`, and
a `context` block holds what steps 1-2 contributed (purpose, gaps, convenor, selected partners).
"""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify

from workshop.steps.governance import rules
from workshop.steps.governance.models import (
    Charter,
    CharterParty,
    CharterSectionStatus,
    Contribution,
    DecisionRule,
    EscalationStep,
    GoverningBody,
    RaciActivity,
    RaciAssignment,
    RiskItem,
    Seat,
    ValueAllocation,
    ValueStream,
)

CHARTER_FIELDS = (
    "title",
    "agreement_type",
    "effective_date",
    "term_end_date",
    "review_date",
    "vision",
    "objectives",
    "principles",
    "scope_in",
    "scope_out",
    "governance_model",
    "ip_background",
    "ip_results",
    "ip_open_licence",
    "data_sharing",
    "branding_communications",
    "exit_notice_days",
    "exit_triggers",
    "exit_obligations",
    "dissolution",
    "admission_process",
    "review_cadence_months",
    "pro_rata_basis",
)

# Each record's fields as the snapshot has them (and as the JSON interchange reads them back).
PARTY_FIELDS = (
    "membership",
    "representative_name",
    "representative_role",
    "has_authority_to_sign",
    "partner_objectives",
    "what_they_bring",
    "what_they_gain",
    "order",
)
BODY_FIELDS = (
    "name",
    "body_type",
    "purpose",
    "chair_arrangement",
    "rotation_months",
    "meeting_frequency",
    "quorum_count",
    "quorum_condition",
    "meetings_public",
)
RULE_FIELDS = (
    "scope",
    "scope_detail",
    "method",
    "threshold_pct",
    "max_days_to_decide",
    "deadlock_fallback",
)
RACI_FIELDS = ("name", "description", "order")
CONTRIBUTION_FIELDS = (
    "contribution_type",
    "description",
    "quantity",
    "unit",
    "valuation_method",
    "unit_rate",
    "value",
    "period_start",
    "period_end",
    "status",
    "delivered_value",
    "for_pilot",
    "evidence",
)
STREAM_FIELDS = (
    "name",
    "kind",
    "source_description",
    "expected_amount",
    "amount_period",
    "mechanism",
    "outcome_metric",
    "outcome_formula",
    "beneficiaries_text",
    "trigger",
    "sla_text",
    "quality_gate",
)
ESCALATION_FIELDS = ("order", "level", "who", "method", "max_days", "cost_sharing")
RISK_FIELDS = ("title", "category", "likelihood", "impact", "mitigation")


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _fields(record, names) -> dict:
    return {name: _plain(getattr(record, name)) for name in names}


class _Refs:
    """`KIND:slug` refs, unique within a kind: a repeated or empty slug gets its position."""

    def __init__(self, kind):
        self.kind = kind
        self.used = set()

    def __call__(self, name, position) -> str:
        slug = slugify(name) or str(position)
        candidate, n = slug, 2
        while candidate in self.used:
            candidate, n = f"{slug}-{n}", n + 1
        self.used.add(candidate)
        return f"{self.kind}:{candidate}"


@dataclass
class CharterRows:
    """Every row one charter's snapshot is built from, as `load_rows` reads them."""

    charter: Charter
    workshop: object
    parties: list = field(default_factory=list)
    bodies: list = field(default_factory=list)
    seats: list = field(default_factory=list)
    rotation: list = field(default_factory=list)
    decision_rules: list = field(default_factory=list)
    vetoes: list = field(default_factory=list)
    raci: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    contributions: list = field(default_factory=list)
    streams: list = field(default_factory=list)
    eligible: list = field(default_factory=list)
    allocations: list = field(default_factory=list)
    escalation: list = field(default_factory=list)
    risks: list = field(default_factory=list)
    statuses: list = field(default_factory=list)
    # What steps 1 and 2 bring (carried over, not retyped).
    purpose: object = None
    convenor: object = None
    selected: list = field(default_factory=list)
    step1_submitted: bool = False


def load_rows(charters) -> dict[int, CharterRows]:
    """Charter pk → its rows, for one charter or a whole workshop's: the same queries either way."""
    from workshop.facilitation.models import StepProgress
    from workshop.steps.mapping.models import Actor, SharedPurpose

    rows = {charter.pk: CharterRows(charter, charter.team.workshop) for charter in charters}
    if not rows:
        return {}
    ids = list(rows)
    of_team = {r.charter.team_id: pk for pk, r in rows.items()}

    def put(name, records, charter_of=lambda record: record.charter_id):
        """Each record onto its charter's list `name`, in the query's order; record pk → charter pk."""
        records = list(records)
        for record in records:
            getattr(rows[charter_of(record)], name).append(record)
        return {record.pk: charter_of(record) for record in records}

    put("parties", CharterParty.objects.filter(charter__in=ids).select_related("actor"))
    body_charter = put("bodies", GoverningBody.objects.filter(charter__in=ids))
    put(
        "seats",
        Seat.objects.filter(body__charter__in=ids).select_related("represents_proxy_for"),
        lambda seat: body_charter[seat.body_id],
    )
    put(
        "rotation",
        GoverningBody.rotation_order.through.objects.filter(
            governingbody__charter__in=ids
        ).order_by("pk"),
        lambda row: body_charter[row.governingbody_id],
    )
    rule_charter = put("decision_rules", DecisionRule.objects.filter(charter__in=ids))
    put(
        "vetoes",
        DecisionRule.veto_parties.through.objects.filter(decisionrule__charter__in=ids).order_by(
            "pk"
        ),
        lambda row: rule_charter[row.decisionrule_id],
    )
    activity_charter = put("raci", RaciActivity.objects.filter(charter__in=ids))
    put(
        "assignments",
        RaciAssignment.objects.filter(activity__charter__in=ids),
        lambda a: activity_charter[a.activity_id],
    )
    put("contributions", Contribution.objects.filter(charter__in=ids))
    stream_charter = put("streams", ValueStream.objects.filter(charter__in=ids))
    put(
        "eligible",
        ValueStream.eligible_parties.through.objects.filter(valuestream__charter__in=ids),
        lambda row: stream_charter[row.valuestream_id],
    )
    put(
        "allocations",
        ValueAllocation.objects.filter(stream__charter__in=ids),
        lambda a: stream_charter[a.stream_id],
    )
    put("escalation", EscalationStep.objects.filter(charter__in=ids))
    put("risks", RiskItem.objects.filter(charter__in=ids))
    put(
        "statuses",
        CharterSectionStatus.objects.filter(
            charter__in=ids, state=CharterSectionStatus.State.NOT_RELEVANT
        ).order_by("section"),
    )

    teams = list(of_team)
    for purpose in SharedPurpose.objects.filter(team__in=teams).prefetch_related("addresses_gaps"):
        rows[of_team[purpose.team_id]].purpose = purpose
    for actor in Actor.objects.filter(team__in=teams, is_convenor=True):
        rows[of_team[actor.team_id]].convenor = actor
    for team_id, name in _selected_actor_names(teams):
        rows[of_team[team_id]].selected.append(name)
    for team_id in StepProgress.objects.filter(
        team__in=teams, step__position=1, status=StepProgress.Status.SUBMITTED
    ).values_list("team_id", flat=True):
        rows[of_team[team_id]].step1_submitted = True
    return rows


def _selected_actor_names(teams) -> list[tuple[int, str]]:
    """(team id, actor name) of every selected candidate of `teams`."""
    try:
        from workshop.steps.alignment.models import Candidate
    except ImportError:  # step 2 not installed
        return []
    return list(
        Candidate.objects.filter(team__in=teams, status=Candidate.Status.SELECTED).values_list(
            "team_id", "actor__name"
        )
    )


def _context(rows: CharterRows) -> dict:
    """What steps 1 and 2 bring to the charter (carried over, not retyped)."""
    purpose, convenor, workshop = rows.purpose, rows.convenor, rows.workshop
    gaps = []
    if purpose is not None:
        gaps = [
            {"title": gap.title, "priority": gap.priority}
            for gap in sorted(purpose.addresses_gaps.all(), key=lambda g: (-g.priority, g.title))
        ]
    return {
        "purpose_statement": purpose.statement if purpose else "",
        "long_term_vision": purpose.long_term_vision if purpose else "",
        "gaps": gaps,
        "convenor_actor": convenor.name if convenor else None,
        "selected_candidate_actors": sorted(rows.selected),
        "step1_submitted": rows.step1_submitted,
        "dependency_threshold_pct": str(
            getattr(workshop, "dependency_threshold_pct", None)
            or rules.DEFAULT_DEPENDENCY_THRESHOLD_PCT
        ),
        "currency": getattr(workshop, "currency", "") or "",
    }


def party_refs(parties) -> dict[int, str]:
    """Party pk → its snapshot ref (``party:<actor-slug>``), for parties in the charter's order."""
    refs = _Refs("party")
    return {party.pk: refs(party.actor.name, position) for position, party in enumerate(parties, 1)}


def build_snapshot(charter: Charter) -> dict:
    """The charter and every child record as plain data; a constant number of queries."""
    return snapshot_from_rows(load_rows([charter])[charter.pk])


def snapshot_from_rows(rows: CharterRows) -> dict:
    """The snapshot tree of rows already read; no queries."""
    charter, parties = rows.charter, rows.parties
    actor_refs = _Refs("actor")
    party_ref = party_refs(parties)
    snapshot = _fields(charter, CHARTER_FIELDS)
    snapshot["principles"] = list(charter.principles or [])
    snapshot["exit_triggers"] = list(charter.exit_triggers or [])
    snapshot["parties"] = []
    for position, party in enumerate(parties, start=1):
        snapshot["parties"].append(
            {
                "ref": party_ref[party.pk],
                "actor": actor_refs(party.actor.name, position),
                "name": party.actor.name,
                **_fields(party, PARTY_FIELDS),
            }
        )

    def pref(pk):
        return party_ref.get(pk) if pk else None

    body_refs, body_ref = _Refs("body"), {}
    snapshot["bodies"] = []
    for position, body in enumerate(rows.bodies, start=1):
        ref = body_ref[body.pk] = body_refs(body.name, position)
        snapshot["bodies"].append(
            {
                "ref": ref,
                **_fields(body, BODY_FIELDS),
                "chair_party": pref(body.chair_party_id),
                # In party order, as the form lists them: the rows' own order is the order a
                # set of ids was added in, which differs from one save (or import) to the next.
                "rotation_order": [
                    pref(pk)
                    for pk in _in_party_order(
                        [r.charterparty_id for r in rows.rotation if r.governingbody_id == body.pk],
                        parties,
                    )
                ],
                "seats": [
                    {
                        "party": pref(seat.party_id),
                        "seat_label": seat.seat_label,
                        "votes": seat.votes,
                        "represents_proxy_for": (
                            seat.represents_proxy_for.name if seat.represents_proxy_for else None
                        ),
                    }
                    for seat in rows.seats
                    if seat.body_id == body.pk
                ],
            }
        )

    snapshot["decision_rules"] = [
        {
            "ref": f"decision_rule:{position}",
            **_fields(rule, RULE_FIELDS),
            "body": body_ref.get(rule.body_id),
            "decider": pref(rule.decider_id),
            "veto_parties": [
                pref(pk)
                for pk in _in_party_order(
                    [v.charterparty_id for v in rows.vetoes if v.decisionrule_id == rule.pk],
                    parties,
                )
            ],
        }
        for position, rule in enumerate(rows.decision_rules, start=1)
    ]

    order_of = {p.pk: (p.order, p.pk) for p in parties}
    assignments = sorted(rows.assignments, key=lambda a: order_of.get(a.party_id, (0, 0)))
    raci_refs = _Refs("raci")
    snapshot["raci"] = [
        {
            "ref": raci_refs(activity.name, position),
            **_fields(activity, RACI_FIELDS),
            "assignments": [
                {"party": pref(a.party_id), "code": a.code}
                for a in assignments
                if a.activity_id == activity.pk
            ],
        }
        for position, activity in enumerate(rows.raci, start=1)
    ]

    snapshot["contributions"] = [
        {
            "ref": f"contribution:{position}",
            "party": pref(c.party_id),
            "channelled_via": pref(c.channelled_via_id),
            **_fields(c, CONTRIBUTION_FIELDS),
        }
        for position, c in enumerate(rows.contributions, start=1)
    ]

    stream_refs = _Refs("value_stream")
    snapshot["value_streams"] = [
        {
            "ref": stream_refs(stream.name, position),
            **_fields(stream, STREAM_FIELDS),
            "eligible_parties": [
                pref(pk)
                for pk in _in_party_order(
                    [e.charterparty_id for e in rows.eligible if e.valuestream_id == stream.pk],
                    parties,
                )
            ],
            "allocations": [
                {
                    "party": pref(a.party_id),
                    "recipient_label": a.recipient_label,
                    "percentage": str(a.percentage),
                }
                for a in rows.allocations
                if a.stream_id == stream.pk
            ],
        }
        for position, stream in enumerate(rows.streams, start=1)
    ]

    snapshot["escalation"] = [
        {"ref": f"escalation:{step.order}", **_fields(step, ESCALATION_FIELDS)}
        for step in rows.escalation
    ]
    snapshot["risks"] = [
        {
            "ref": f"risk:{position}",
            **_fields(risk, RISK_FIELDS),
            "owner": pref(risk.owner_id),
        }
        for position, risk in enumerate(rows.risks, start=1)
    ]
    snapshot["section_statuses"] = [
        {"section": s.section, "state": s.state, "justification": s.justification}
        for s in rows.statuses
    ]
    snapshot["context"] = _context(rows)
    return snapshot


def _in_party_order(pks, parties):
    """Party refs for `pks`, in the charter's party order."""
    position = {party.pk: index for index, party in enumerate(parties)}
    return sorted(pks, key=lambda pk: position.get(pk, len(position)))


def canonical_json(snapshot: dict) -> str:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_sha256(snapshot: dict) -> str:
    """SHA-256 of the snapshot as canonical JSON (sorted keys, no spaces, UTF-8)."""
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


# --- Back to rule inputs -----------------------------------------------------------------------


def _dec(value):
    return None if value in (None, "") else Decimal(value)


def _date(value):
    import datetime

    return datetime.date.fromisoformat(value) if value else None


def records_from_snapshot(snapshot: dict, versions=(), sign_offs=()) -> rules.CharterRecords:
    """rules.CharterRecords for a snapshot (the live draft's or a frozen version's)."""
    charter = rules.CharterData(
        title=snapshot["title"],
        agreement_type=snapshot["agreement_type"],
        effective_date=_date(snapshot["effective_date"]),
        term_end_date=_date(snapshot["term_end_date"]),
        review_date=_date(snapshot["review_date"]),
        vision=snapshot["vision"],
        objectives=snapshot["objectives"],
        principles=tuple(snapshot["principles"]),
        scope_in=snapshot["scope_in"],
        scope_out=snapshot["scope_out"],
        governance_model=snapshot["governance_model"],
        ip_background=snapshot["ip_background"],
        ip_results=snapshot["ip_results"],
        ip_open_licence=snapshot["ip_open_licence"],
        data_sharing=snapshot["data_sharing"],
        branding_communications=snapshot["branding_communications"],
        exit_notice_days=snapshot["exit_notice_days"],
        exit_triggers=tuple(snapshot["exit_triggers"]),
        exit_obligations=snapshot["exit_obligations"],
        dissolution=snapshot["dissolution"],
        admission_process=snapshot["admission_process"],
        review_cadence_months=snapshot["review_cadence_months"],
        pro_rata_basis=snapshot["pro_rata_basis"] or "pledged",
    )
    parties = tuple(
        rules.CharterPartyData(
            ref=p["ref"],
            actor=p["actor"],
            name=p["name"],
            membership=p["membership"],
            representative_name=p["representative_name"],
            representative_role=p["representative_role"],
            has_authority_to_sign=p["has_authority_to_sign"],
            partner_objectives=p["partner_objectives"],
            what_they_gain=p["what_they_gain"],
            order=p["order"],
            id=index,
        )
        for index, p in enumerate(snapshot["parties"])
    )
    bodies = tuple(
        rules.GoverningBodyData(
            ref=b["ref"],
            name=b["name"],
            body_type=b["body_type"],
            chair_arrangement=b["chair_arrangement"],
            meeting_frequency=b["meeting_frequency"],
            quorum_count=b["quorum_count"],
            chair_party=b["chair_party"],
            rotation_months=b["rotation_months"],
            rotation_order=tuple(b["rotation_order"]),
            purpose=b["purpose"],
        )
        for b in snapshot["bodies"]
    )
    seats = tuple(
        rules.SeatData(b["ref"], s["party"], s["votes"], s["seat_label"])
        for b in snapshot["bodies"]
        for s in b["seats"]
    )
    decision_rules = tuple(
        rules.DecisionRuleData(
            ref=r["ref"],
            scope=r["scope"],
            method=r["method"],
            body=r["body"],
            decider=r["decider"],
            threshold_pct=_dec(r["threshold_pct"]),
            veto_parties=tuple(r["veto_parties"]),
            deadlock_fallback=r["deadlock_fallback"],
            scope_detail=r["scope_detail"],
        )
        for r in snapshot["decision_rules"]
    )
    raci_activities = tuple(
        rules.RaciActivityData(a["ref"], a["name"], a["order"]) for a in snapshot["raci"]
    )
    raci_assignments = tuple(
        rules.RaciAssignmentData(a["ref"], x["party"], x["code"])
        for a in snapshot["raci"]
        for x in a["assignments"]
    )
    contributions = tuple(
        rules.ContributionData(
            ref=c["ref"],
            party=c["party"],
            contribution_type=c["contribution_type"],
            valuation_method=c["valuation_method"],
            status=c["status"],
            value=_dec(c["value"]),
            delivered_value=_dec(c["delivered_value"]),
            channelled_via=c["channelled_via"],
            description=c["description"],
            quantity=_dec(c["quantity"]),
            unit_rate=_dec(c["unit_rate"]),
        )
        for c in snapshot["contributions"]
    )
    streams = tuple(
        rules.ValueStreamData(
            ref=v["ref"],
            name=v["name"],
            kind=v["kind"],
            mechanism=v["mechanism"],
            expected_amount=_dec(v["expected_amount"]),
            amount_period=v["amount_period"],
            eligible_parties=tuple(v["eligible_parties"]),
            source_description=v["source_description"],
            beneficiaries_text=v["beneficiaries_text"],
        )
        for v in snapshot["value_streams"]
    )
    allocations = tuple(
        rules.ValueAllocationData(
            v["ref"], Decimal(a["percentage"]), a["party"], a["recipient_label"]
        )
        for v in snapshot["value_streams"]
        for a in v["allocations"]
    )
    escalation = tuple(
        rules.EscalationStepData(e["order"], e["level"], e["method"], e["max_days"], e["who"])
        for e in snapshot["escalation"]
    )
    risks = tuple(
        rules.RiskItemData(
            r["ref"],
            r["title"],
            r["category"],
            r["likelihood"],
            r["impact"],
            r["owner"],
            r["mitigation"],
        )
        for r in snapshot["risks"]
    )
    statuses = tuple(
        rules.CharterSectionStatusData(s["section"], s["state"], s["justification"])
        for s in snapshot["section_statuses"]
    )
    context = snapshot.get("context", {})
    actor_by_name = {p["name"]: p["actor"] for p in snapshot["parties"]}
    convenor = context.get("convenor_actor")
    return rules.CharterRecords(
        charter=charter,
        parties=parties,
        bodies=bodies,
        seats=seats,
        decision_rules=decision_rules,
        raci_activities=raci_activities,
        raci_assignments=raci_assignments,
        contributions=contributions,
        value_streams=streams,
        allocations=allocations,
        escalation_steps=escalation,
        risks=risks,
        versions=tuple(versions),
        sign_offs=tuple(sign_offs),
        section_statuses=statuses,
        purpose_statement=context.get("purpose_statement", ""),
        step1_submitted=context.get("step1_submitted", False),
        convenor_actor=actor_by_name.get(convenor, convenor),
        selected_candidate_actors=tuple(
            actor_by_name.get(name, name) for name in context.get("selected_candidate_actors", [])
        ),
        dependency_threshold_pct=Decimal(
            context.get("dependency_threshold_pct") or rules.DEFAULT_DEPENDENCY_THRESHOLD_PCT
        ),
    )
