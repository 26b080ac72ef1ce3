"""Rows for a Millrace Park team (tests/steps/scenario_data.py), created directly in the database.

Used by the charter tests and by bench/charter_pdf.py: steps 1-3 of a scenario team, and optionally
its published versions and sign-offs.
"""

from django.db import transaction

from tests.steps.scenario_data import B1, TeamScenario
from workshop.steps.alignment.models import Candidate, Criterion, Score
from workshop.steps.governance import snapshot as snapshots
from workshop.steps.governance.models import (
    Charter,
    CharterParty,
    CharterVersion,
    Contribution,
    DecisionRule,
    EscalationStep,
    GoverningBody,
    RaciActivity,
    RaciAssignment,
    RiskItem,
    Seat,
    SignOff,
    ValueAllocation,
    ValueStream,
)
from workshop.steps.mapping.models import Actor, Flow, SharedPurpose, ValueGap


def _fields(data, *names, **extra):
    return {**{name: getattr(data, name) for name in names}, **extra}


@transaction.atomic
def load_team(team, scenario: TeamScenario = B1, *, publish=True) -> Charter | None:
    """Steps 1-3 of `scenario` for `team`; with `publish`, its versions and sign-offs too."""
    actors = {}
    for data in scenario.actors:
        actors[data.ref] = Actor.objects.create(
            team=team,
            **_fields(
                data,
                "name",
                "actor_type",
                "agency",
                "influence",
                "interest",
                "is_convenor",
                "sector",
                "relationship",
                "stance",
            ),
        )
    for data in scenario.actors:
        if data.proxy:
            Actor.objects.filter(pk=actors[data.ref].pk).update(proxy=actors[data.proxy])
    flows = {}
    for data in scenario.flows:
        flows[data.ref] = Flow.objects.create(
            team=team,
            source=actors[data.source],
            target=actors[data.target],
            **_fields(
                data,
                "direction",
                "flow_type",
                "status",
                "label",
                "quality",
                "amount",
                "amount_unit",
            ),
        )
    gaps = {}
    for data in scenario.gaps:
        gap = ValueGap.objects.create(
            team=team, **_fields(data, "title", "gap_type", "severity", "opportunity")
        )
        gap.affected_actors.set([actors[ref] for ref in data.affected_actors])
        gap.related_flows.set([flows[ref] for ref in data.related_flows if ref in flows])
        gaps[data.ref] = gap
    if scenario.purpose:
        purpose = SharedPurpose.objects.create(
            team=team,
            statement=scenario.purpose.statement,
            time_horizon_years=scenario.purpose.time_horizon_years,
            geographic_scope=scenario.purpose.geographic_scope,
        )
        purpose.addresses_gaps.set([gaps[ref] for ref in scenario.purpose.addresses_gaps])

    criteria = {
        data.ref: Criterion.objects.create(
            team=team, **_fields(data, "name", "category", "weight", "min_acceptable", "order")
        )
        for data in scenario.criteria
    }
    candidates = {
        data.ref: Candidate.objects.create(
            team=team,
            actor=actors[data.actor],
            status=data.status,
            decision_rationale=data.decision_rationale,
        )
        for data in scenario.candidates
    }
    Score.objects.bulk_create(
        Score(
            team=team,
            candidate=candidates[s.candidate],
            criterion=criteria[s.criterion],
            value=s.value,
        )
        for s in scenario.scores
    )
    if scenario.charter is None:
        return None
    return _charter(team, scenario.charter, actors, publish)


def _charter(team, records, actors, publish) -> Charter:
    c = records.charter
    charter = Charter.objects.create(
        team=team,
        **{
            name: getattr(c, name)
            for name in snapshots.CHARTER_FIELDS
            if name not in ("principles", "exit_triggers")
        },
        principles=list(c.principles),
        exit_triggers=list(c.exit_triggers),
    )
    parties = {}
    for p in records.parties:
        parties[p.ref] = CharterParty.objects.create(
            team=team,
            charter=charter,
            actor=actors[p.actor],
            **_fields(
                p,
                "membership",
                "representative_name",
                "representative_role",
                "has_authority_to_sign",
                "partner_objectives",
                "what_they_gain",
                "order",
            ),
        )
    bodies = {}
    for b in records.bodies:
        body = GoverningBody.objects.create(
            team=team,
            charter=charter,
            chair_party=parties.get(b.chair_party),
            **_fields(
                b,
                "name",
                "body_type",
                "chair_arrangement",
                "meeting_frequency",
                "quorum_count",
                "rotation_months",
                "purpose",
            ),
        )
        body.rotation_order.set([parties[ref] for ref in b.rotation_order])
        bodies[b.ref] = body
    for s in records.seats:
        Seat.objects.create(
            team=team,
            body=bodies[s.body],
            party=parties.get(s.party),
            votes=s.votes,
            seat_label=s.seat_label,
        )
    for r in records.decision_rules:
        rule = DecisionRule.objects.create(
            team=team,
            charter=charter,
            body=bodies.get(r.body),
            decider=parties.get(r.decider),
            **_fields(r, "scope", "method", "threshold_pct", "deadlock_fallback", "scope_detail"),
        )
        rule.veto_parties.set([parties[ref] for ref in r.veto_parties])
    activities = {
        a.ref: RaciActivity.objects.create(team=team, charter=charter, name=a.name, order=a.order)
        for a in records.raci_activities
    }
    RaciAssignment.objects.bulk_create(
        RaciAssignment(activity=activities[a.activity], party=parties[a.party], code=a.code)
        for a in records.raci_assignments
    )
    for x in records.contributions:
        Contribution.objects.create(
            team=team,
            charter=charter,
            party=parties[x.party],
            channelled_via=parties.get(x.channelled_via),
            **_fields(
                x,
                "contribution_type",
                "valuation_method",
                "status",
                "value",
                "delivered_value",
                "description",
                "quantity",
                "unit_rate",
            ),
            unit="hours" if x.quantity is not None else "",
        )
    streams = {}
    for v in records.value_streams:
        stream = ValueStream.objects.create(
            team=team,
            charter=charter,
            **_fields(
                v,
                "name",
                "kind",
                "mechanism",
                "expected_amount",
                "amount_period",
                "source_description",
                "beneficiaries_text",
            ),
        )
        stream.eligible_parties.set([parties[ref] for ref in v.eligible_parties])
        streams[v.ref] = stream
    ValueAllocation.objects.bulk_create(
        ValueAllocation(
            stream=streams[a.stream],
            party=parties.get(a.party),
            recipient_label=a.recipient_label,
            percentage=a.percentage,
        )
        for a in records.allocations
    )
    for e in records.escalation_steps:
        EscalationStep.objects.create(
            team=team, charter=charter, **_fields(e, "order", "level", "method", "max_days", "who")
        )
    for r in records.risks:
        RiskItem.objects.create(
            team=team,
            charter=charter,
            owner=parties.get(r.owner),
            **_fields(r, "title", "category", "likelihood", "impact", "mitigation"),
        )
    if publish:
        for version in records.versions:
            publish_version(charter, version.change_summary)
        sign(charter, records.sign_offs, parties)
    return charter


def publish_version(charter, change_summary="") -> CharterVersion:
    snapshot = snapshots.build_snapshot(charter)
    number = CharterVersion.objects.filter(charter=charter).count() + 1
    return CharterVersion.objects.create(
        charter=charter,
        number=number,
        snapshot=snapshot,
        content_sha256=snapshots.content_sha256(snapshot),
        change_summary=change_summary,
    )


def sign(charter, sign_offs, parties):
    """Scenario sign-offs (party refs of scenario_data) against the published versions."""
    versions = {v.number: v for v in CharterVersion.objects.filter(charter=charter)}
    for s in sign_offs:
        version = versions.get(s.version)
        if version is None:
            continue
        party = parties[s.party]
        snapshot_ref = next(
            p["ref"] for p in version.snapshot["parties"] if p["name"] == party.actor.name
        )
        SignOff.objects.create(
            version=version,
            party=party,
            party_ref=snapshot_ref,
            signer_name=s.signer_name or party.representative_name,
            decision=s.decision,
            note=s.note,
        )
