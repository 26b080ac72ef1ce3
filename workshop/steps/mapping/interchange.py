"""Step 1's part of the epd-workshop/1 document (DOMAIN.md 12), both directions.

Export reads the team's records in their display order; import builds each record through the same
form a person uses, so every limit, choice and message is identical.
"""

from django.utils import translation

from workshop.interchange.context import FAILED, RefNamer, form_data, plain, positional
from workshop.steps.derived import pct_str
from workshop.steps.mapping import rules, suggestion_records
from workshop.steps.mapping.forms import (
    ActorForm,
    FitCheckForm,
    FlowForm,
    ForceAssessmentForm,
    SharedPurposeForm,
    ValueGapForm,
)
from workshop.steps.mapping.models import (
    Actor,
    FitCheck,
    Flow,
    ForceAssessment,
    SharedPurpose,
    ValueGap,
)

KEYS = ("fit_check", "forces", "actors", "flows", "gaps", "purpose")
DERIVED = {
    "quadrants": {},
    "network": {},
    "gap_priority": {},
    "fit_verdict": None,
    "partner_suggestions": [],
}

FIT_FIELDS = (
    "can_achieve_alone",
    "needs_rapid_unilateral_decisions",
    "ip_risk_unmitigable",
    "contract_would_suffice",
    "notes",
)
ACTOR_FIELDS = (
    "name",
    "actor_type",
    "sector",
    "relationship",
    "agency",
    "influence",
    "interest",
    "stance",
    "goals",
    "resources_held",
    "is_convenor",
    "notes",
)
FLOW_FIELDS = (
    "direction",
    "flow_type",
    "label",
    "status",
    "quality",
    "amount",
    "amount_unit",
    "strength",
    "notes",
)
GAP_FIELDS = (
    "title",
    "gap_type",
    "description",
    "severity",
    "opportunity",
    "collaboration_idea",
)
PURPOSE_FIELDS = (
    "statement",
    "long_term_vision",
    "geographic_scope",
    "time_horizon_years",
    "beneficiaries",
    "success_looks_like",
)


def _fields(record, names) -> dict:
    return {name: plain(getattr(record, name)) for name in names}


# --- Export ------------------------------------------------------------------------------------


def export_team(team, ctx) -> dict:
    fit = FitCheck.objects.filter(team=team).first()
    actors = list(Actor.objects.filter(team=team))
    flows = list(Flow.objects.filter(team=team))
    gaps = list(
        ValueGap.objects.filter(team=team).prefetch_related("affected_actors", "related_flows")
    )
    purpose = SharedPurpose.objects.filter(team=team).prefetch_related("addresses_gaps").first()

    actor_refs = RefNamer("actor")
    for position, actor in enumerate(actors, start=1):
        ctx.refs[("actor", actor.pk)] = actor_refs(actor.name, position)
    for position, flow in enumerate(flows, start=1):
        ctx.refs[("flow", flow.pk)] = positional("flow", position)
    gap_refs = RefNamer("gap")
    for position, gap in enumerate(gaps, start=1):
        ctx.refs[("gap", gap.pk)] = gap_refs(gap.title, position)
    actor_order = {a.pk: i for i, a in enumerate(actors)}
    flow_order = {f.pk: i for i, f in enumerate(flows)}
    gap_order = {g.pk: i for i, g in enumerate(gaps)}
    convenor = next((a for a in actors if a.is_convenor), None)
    ctx.extra["convenor_actor"] = ctx.ref("actor", convenor.pk) if convenor else None
    ctx.extra["mapping"] = (fit, actors, flows, gaps, purpose)

    return {
        "fit_check": _fields(fit, FIT_FIELDS) if fit else None,
        "forces": [
            _fields(force, ("force", "position", "note", "recorded_in_step"))
            for force in ForceAssessment.objects.filter(team=team)
        ],
        "actors": [
            {
                "ref": ctx.ref("actor", actor.pk),
                **_fields(actor, ACTOR_FIELDS[:5]),
                "proxy": ctx.ref("actor", actor.proxy_id),
                **_fields(actor, ACTOR_FIELDS[5:]),
            }
            for actor in actors
        ],
        "flows": [
            {
                "ref": ctx.ref("flow", flow.pk),
                "source": ctx.ref("actor", flow.source_id),
                "target": ctx.ref("actor", flow.target_id),
                **_fields(flow, FLOW_FIELDS),
            }
            for flow in flows
        ],
        "gaps": [
            {
                "ref": ctx.ref("gap", gap.pk),
                **_fields(gap, GAP_FIELDS[:3]),
                "affected_actors": [
                    ctx.ref("actor", a.pk)
                    for a in sorted(gap.affected_actors.all(), key=lambda a: actor_order[a.pk])
                ],
                "related_flows": [
                    ctx.ref("flow", f.pk)
                    for f in sorted(gap.related_flows.all(), key=lambda f: flow_order[f.pk])
                ],
                **_fields(gap, GAP_FIELDS[3:]),
            }
            for gap in gaps
        ],
        "purpose": (
            {
                **_fields(purpose, PURPOSE_FIELDS),
                "addresses_gaps": [
                    ctx.ref("gap", g.pk)
                    for g in sorted(purpose.addresses_gaps.all(), key=lambda g: gap_order[g.pk])
                ],
            }
            if purpose
            else None
        ),
    }


def derive(team, ctx) -> dict:
    """quadrants, network, gap_priority and fit_verdict (DOMAIN.md 8.2-8.4, 2.1), by ref."""
    fit, actors, flows, gaps, _purpose = ctx.extra["mapping"]
    ref = ctx.ref
    actor_data = [
        rules.ActorData(
            ref=ref("actor", a.pk),
            name=a.name,
            actor_type=a.actor_type,
            agency=a.agency,
            influence=a.influence,
            interest=a.interest,
            proxy=ref("actor", a.proxy_id),
            is_convenor=a.is_convenor,
            sector=a.sector,
            relationship=a.relationship,
            stance=a.stance,
        )
        for a in actors
    ]
    flow_data = [
        rules.FlowData(
            ref=ref("flow", f.pk),
            source=ref("actor", f.source_id),
            target=ref("actor", f.target_id),
            direction=f.direction,
            flow_type=f.flow_type,
            status=f.status,
            label=f.label,
        )
        for f in flows
    ]
    metrics = rules.network_metrics(actor_data, flow_data)
    threshold = ctx.workshop.quadrant_threshold
    return {
        "quadrants": dict(rules.quadrants(actor_data, threshold)),
        "network": {
            "isolated": list(metrics.isolated),
            "hub_share": pct_str(metrics.hub_share) or None,
            "intangible_share": pct_str(metrics.intangible_share) or None,
        },
        "gap_priority": {ref("gap", g.pk): g.priority for g in gaps},
        "fit_verdict": rules.fit_verdict(fit.as_data()) if fit else None,
        "partner_suggestions": partner_suggestions(team, ctx),
    }


def partner_suggestions(team, ctx) -> list[dict]:
    """Every suggestion, dismissed or not: dismissals are the room's working state, outside the
    format, so export → import → export stays the same document. Reasons are in English."""

    def as_ref(db_ref):
        return ctx.ref("actor", int(db_ref.split(":")[1])) if db_ref else None

    with translation.override("en"):
        found = suggestion_records.for_team(team, ctx.workshop, include_dismissed=True)
        return [
            {
                "kind": s.kind,
                "actor": as_ref(s.actor),
                "partner": as_ref(s.partner),
                "score": s.score_str,
                "reason": s.reason,
            }
            for s in found
        ]


# --- Import ------------------------------------------------------------------------------------


def import_team(item: dict, team, ctx) -> None:
    base = ctx.path
    fit = item.get("fit_check")
    if fit:
        form = FitCheckForm(form_data(fit, FIT_FIELDS, FitCheck), team=team)
        _save(form, ctx, f"{base}.fit_check")
    for index, force in enumerate(item.get("forces") or []):
        form = ForceAssessmentForm(
            form_data(force, ("position", "note")),
            team=team,
            force=force.get("force"),
            recorded_in_step=force.get("recorded_in_step"),
        )
        _save(form, ctx, f"{base}.forces[{index}]")
    _import_actors(item.get("actors") or [], team, ctx, f"{base}.actors")
    for index, flow in enumerate(item.get("flows") or []):
        path = f"{base}.flows[{index}]"
        data = form_data(flow, FLOW_FIELDS, Flow)
        ends = [
            ctx.resolve(flow.get(end), "actor", f"{path}.{end}") for end in ("source", "target")
        ]
        record = FAILED
        if FAILED not in ends:
            data["source"], data["target"] = (end.pk if end else "" for end in ends)
            record = _save(FlowForm(data, team=team), ctx, path)
        ctx.declare(flow.get("ref"), record)
    for index, gap in enumerate(item.get("gaps") or []):
        path = f"{base}.gaps[{index}]"
        data = form_data(gap, GAP_FIELDS, ValueGap)
        actors = ctx.resolve_many(gap.get("affected_actors"), "actor", f"{path}.affected_actors")
        flows = ctx.resolve_many(gap.get("related_flows"), "flow", f"{path}.related_flows")
        record = FAILED
        if actors is not FAILED and flows is not FAILED:
            data["affected_actors"] = [a.pk for a in actors]
            data["related_flows"] = [f.pk for f in flows]
            record = _save(ValueGapForm(data, team=team), ctx, path)
        ctx.declare(gap.get("ref"), record)
    purpose = item.get("purpose")
    if purpose:
        path = f"{base}.purpose"
        gaps = ctx.resolve_many(purpose.get("addresses_gaps"), "gap", f"{path}.addresses_gaps")
        if gaps is not FAILED:
            data = form_data(purpose, PURPOSE_FIELDS, SharedPurpose)
            data["addresses_gaps"] = [g.pk for g in gaps]
            _save(SharedPurposeForm(data, team=team), ctx, path)
    convenor = item.get("convenor_actor")
    if convenor:
        ctx.resolve(convenor, "actor", f"{base}.convenor_actor")


def _import_actors(actors: list, team, ctx, base: str) -> None:
    """Proxies first: an actor without agency names one that already exists."""
    for actor in actors:
        ctx.declare(actor.get("ref"), None)  # known; resolved to its record once saved
    pending = list(enumerate(actors))
    while pending:
        ready = [
            (i, a)
            for i, a in pending
            if not a.get("proxy") or ctx.records.get(a["proxy"]) is not None
        ]
        if not ready:  # proxies that never import (missing, or a loop): report each
            ready = pending
        for index, actor in ready:
            path = f"{base}[{index}]"
            data = form_data(actor, ACTOR_FIELDS, Actor)
            proxy = ctx.resolve(actor.get("proxy"), "actor", f"{path}.proxy")
            record = FAILED
            if proxy is not FAILED:
                data["proxy"] = proxy.pk if proxy else ""
                record = _save(ActorForm(data, team=team), ctx, path)
            ctx.declare(actor.get("ref"), record)
        pending = [p for p in pending if p not in ready]


def _save(form, ctx, path, rename=None):
    if not form.is_valid():
        ctx.form_errors(path, form, rename)
        return FAILED
    return form.save_versioned(by=None)
