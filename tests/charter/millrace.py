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


# Health-check answers for B1 (the scenario only schedules the check): three parties, scored by
# DOMAIN.md 8.10 to 36 of 42 points, overall 85.7 % (shown "86 %"); trust has a red (discuss),
# need_recognised half amber (discuss).
HEALTH_ANSWERS = {
    "P1": {
        "need_recognised": "green",
        "clarity_of_purpose": "green",
        "commitment_ownership": "green",
        "trust": "green",
        "robust_arrangements": "green",
        "monitor_learn": "green",
        "equity_mutual_benefit": "green",
    },
    "P2": {
        "need_recognised": "amber",
        "clarity_of_purpose": "green",
        "commitment_ownership": "green",
        "trust": "amber",
        "robust_arrangements": "green",
        "monitor_learn": "green",
        "equity_mutual_benefit": "green",
    },
    "P3": {
        "need_recognised": "amber",
        "clarity_of_purpose": "green",
        "commitment_ownership": "green",
        "trust": "red",
        "robust_arrangements": "amber",
        "monitor_learn": "green",
        "equity_mutual_benefit": "green",
    },
}


@transaction.atomic
def load_steps_4_5(team, scenario: TeamScenario = B1, *, health_answers=True):
    """Steps 4 and 5 of `scenario` for a team that `load_team` filled, created directly (the
    bench and the query-count tests; tests/steps/*/millrace.py enter the same through the forms).
    """
    from tests.steps import scenario_data as s
    from workshop.steps.pilot.models import (
        CharterChange,
        Hypothesis,
        Lesson,
        Pilot,
        PilotDecision,
        PilotRisk,
    )
    from workshop.steps.scale.models import (
        HealthCheck,
        HealthRating,
        HealthResponse,
        Indicator,
        IndicatorReading,
        ScalingAction,
        ScalingPlan,
    )

    charter = Charter.objects.get(team=team)
    parties = {
        s.party_ref(p.actor.name): p
        for p in CharterParty.objects.filter(charter=charter).select_related("actor")
    }
    actors = {s.ref("actor", a.name): a for a in Actor.objects.filter(team=team)}
    versions = {v.number: v for v in CharterVersion.objects.filter(charter=charter)}
    pilots = {}
    for data in scenario.pilots:
        pilot = Pilot.objects.create(
            team=team,
            **_fields(data, "title", "iteration", "start_date", "end_date", "objective", "scope"),
            budget_cash=data.budget_cash,
            status=data.status,
            charter_version=versions.get(data.charter_version),
        )
        pilot.parties.set([parties[ref] for ref in data.parties])
        pilots[data.ref] = pilot
    cards = {}
    for data in scenario.hypotheses:
        cards[data.ref] = Hypothesis.objects.create(
            team=team,
            pilot=pilots[data.pilot],
            **_fields(
                data,
                "title",
                "category",
                "criticality",
                "belief",
                "test_method",
                "metric",
                "unit",
                "comparator",
                "target_value",
                "target_value_max",
                "result_value",
                "result_override",
                "result_note",
            ),
        )
    first = pilots[scenario.pilots[0].ref]
    PilotRisk.objects.create(
        team=team,
        pilot=first,
        title="Bus operator pulls the weekend stop",
        category="dependency",
        likelihood=2,
        impact=4,
        mitigation="Back-up shuttle from the Foundation",
        owner=parties[s.P4],
    )
    lessons = {}
    for data in scenario.lessons:
        lesson = Lesson.objects.create(
            team=team, pilot=pilots[data.pilot], text=data.text, kind=data.kind
        )
        lesson.hypotheses.set([cards[ref] for ref in data.hypotheses])
        lessons[data.ref] = lesson
    for data in scenario.charter_changes:
        version = versions.get(data.applied_in_version)
        CharterChange.objects.create(
            team=team,
            lesson=lessons[data.lesson],
            section=data.section,
            description=data.description,
            applied_at=version.published_at if version else None,
            applied_in_version=version,
        )
    for data in scenario.pilot_decisions:
        PilotDecision.objects.create(
            team=team,
            pilot=pilots[data.pilot],
            decision=data.decision,
            rationale=data.rationale,
            decided_on=data.decided_on,
        )

    if scenario.scaling_plan:
        plan = scenario.scaling_plan
        ScalingPlan.objects.create(
            team=team,
            summary=plan.summary,
            preconditions=plan.preconditions,
            horizon_end=plan.horizon_end,
        )
    for data in scenario.scaling_actions:
        action = ScalingAction.objects.create(
            team=team,
            **_fields(data, "pathway", "description", "target_context", "due_date", "status"),
            owner=parties[data.owner],
        )
        action.new_actors.set([actors[ref] for ref in data.new_actors])
    indicators = {}
    for data in scenario.indicators:
        indicators[data.ref] = Indicator.objects.create(
            team=team,
            **_fields(
                data,
                "name",
                "indicator_type",
                "unit",
                "direction",
                "baseline",
                "target",
                "warning_threshold",
                "frequency",
                "data_source",
            ),
            owner=parties[data.owner],
        )
    for data in scenario.readings:
        IndicatorReading.objects.create(
            team=team,
            indicator=indicators[data.indicator],
            observed_on=data.observed_on,
            value=data.value,
        )
    for data in scenario.health_checks:
        check = HealthCheck.objects.create(team=team, held_on=data.held_on)
        if not health_answers:
            continue
        for code, ratings in HEALTH_ANSWERS.items():
            party = parties[getattr(s, code)]
            response = HealthResponse.objects.create(
                team=team,
                health_check=check,
                respondent_party=party,
                respondent_name=party.representative_name,
            )
            HealthRating.objects.bulk_create(
                HealthRating(
                    response=response,
                    dimension=dimension,
                    rating=rating,
                    comment="Trust was strained over the stop" if rating == "red" else "",
                )
                for dimension, rating in ratings.items()
            )
