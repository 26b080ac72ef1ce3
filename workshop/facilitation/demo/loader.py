"""Puts a scenario team (scenario.py) into the database, the way the steps' own code would.

Every row is validated (`full_clean`) and saved through its model; the charter is published, signed
and amended through governance.publishing and pilot.charter, the same functions the pages call, and
each finished step is submitted through steps.completion, which refuses a step whose checks fail.
"""

from django.db import transaction

from workshop.facilitation.demo import scenario as s
from workshop.steps import completion
from workshop.steps.alignment.models import Candidate, Conversation, Criterion, Score
from workshop.steps.governance import publishing
from workshop.steps.governance.models import (
    Charter,
    CharterParty,
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
from workshop.steps.mapping.models import (
    Actor,
    FitCheck,
    Flow,
    ForceAssessment,
    SharedPurpose,
    ValueGap,
)
from workshop.steps.pilot.charter import apply_change
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

# What the scenario leaves to the tester: the notes of each partner conversation (step 2), which
# the charter's "add the selected partners" carries into each party. Keyed by actor name.
CONVERSATION_NOTES = {
    s.DISTRICT: {
        "participants": "Rosa Delgado, Marcus Lee",
        "their_interests": "Show sales-tax payers visible public benefit",
        "what_they_could_bring": "Capital from the parks sales tax and project management",
        "next_step": "Share the bond-covenant reporting template",
    },
    s.TRANSIT: {
        "participants": "Ken Ishikawa, Dana Whitfield",
        "their_interests": "Park ridership on the new BRT line",
        "what_they_could_bring": "A BRT stop at the north gate and a weekend shuttle",
        "concerns_red_flags": "Capital approval by the Transit board in June",
        "next_step": "Walk the crossing sites together",
    },
    s.HARTWELL: {
        "participants": "Ellen Hartwell",
        "their_interests": "A lasting legacy in a free public park",
        "what_they_could_bring": "A USD 5 M lead gift over five years",
        "conditions": "Recognition as Hartwell Meadow for ten years",
    },
    s.EASTBANK: {
        "participants": "Amara Osei, Lin Chen",
        "their_interests": "Free programming and a real vote for residents",
        "what_they_could_bring": "Volunteer pods, outreach and local knowledge",
        "conditions": "A seat on the board and a share of earned income for the neighbourhood",
    },
    s.TENANTS: {
        "their_interests": "Stay in the neighbourhood the park will change",
        "concerns_red_flags": "Renovation raises rents nearby",
    },
    s.BANK: {
        "their_interests": "Visibility on the riverfront",
        "what_they_could_bring": "Sponsorship of the Riverwalk",
    },
    s.FOUNDATION: {
        "participants": "Marcus Lee, Dana Whitfield",
        "their_interests": "A co-management role and a lasting endowment",
        "what_they_could_bring": "Private capital and free programming, run as the secretariat",
        "conditions": "A seat with a vote on every body that spends what it raises",
    },
    s.B2_CRTA: {
        "participants": "Ken Ishikawa",
        "their_interests": "Riders for the BRT line",
        "what_they_could_bring": "A stop at the north gate",
        "conditions": "The City funds the signalised crossings",
    },
}

# Health-check answers for Riverside (the scenario only schedules the check), by party ref.
HEALTH_ANSWERS = {
    s.P1: dict.fromkeys(
        (
            "need_recognised",
            "clarity_of_purpose",
            "commitment_ownership",
            "trust",
            "robust_arrangements",
            "monitor_learn",
            "equity_mutual_benefit",
        ),
        "green",
    ),
    s.P2: {
        "need_recognised": "amber",
        "clarity_of_purpose": "green",
        "commitment_ownership": "green",
        "trust": "amber",
        "robust_arrangements": "green",
        "monitor_learn": "green",
        "equity_mutual_benefit": "green",
    },
    s.P6: {
        "need_recognised": "amber",
        "clarity_of_purpose": "green",
        "commitment_ownership": "green",
        "trust": "red",
        "robust_arrangements": "amber",
        "monitor_learn": "green",
        "equity_mutual_benefit": "green",
    },
}


def _new(model, **values):
    """One row, validated by its model as a form would be, then saved. A text the scenario leaves
    empty where the model requires one takes the model's default (an actor's stance: unknown)."""
    for name, value in list(values.items()):
        field = model._meta.get_field(name)
        if value == "" and not field.blank and field.has_default():
            del values[name]
    row = model(**values)
    row.full_clean(validate_unique=False, validate_constraints=False)
    row.save()
    return row


def _fields(data, *names):
    return {name: getattr(data, name) for name in names}


def load_steps_1_2(team, scenario) -> dict:
    """Step 1 (map) and step 2 (partner alignment); returns actor ref → Actor."""
    if scenario.fit_check:
        _new(FitCheck, team=team, **vars(scenario.fit_check))
    for force in scenario.forces:
        if force.recorded_in_step == 1:
            _new(ForceAssessment, team=team, **vars(force))
    actors = {}
    for data in scenario.actors:
        actors[data.ref] = _new(
            Actor,
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
            actor = actors[data.ref]
            actor.proxy = actors[data.proxy]
            actor.save(update_fields=["proxy"])
    flows = {}
    for data in scenario.flows:
        flows[data.ref] = _new(
            Flow,
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
        gap = _new(
            ValueGap, team=team, **_fields(data, "title", "gap_type", "severity", "opportunity")
        )
        gap.affected_actors.set([actors[ref] for ref in data.affected_actors])
        gap.related_flows.set([flows[ref] for ref in data.related_flows if ref in flows])
        gaps[data.ref] = gap
    if scenario.purpose:
        purpose = _new(
            SharedPurpose,
            team=team,
            **_fields(scenario.purpose, "statement", "time_horizon_years", "geographic_scope"),
        )
        purpose.addresses_gaps.set([gaps[ref] for ref in scenario.purpose.addresses_gaps])

    criteria = {
        data.ref: _new(
            Criterion,
            team=team,
            **_fields(data, "name", "category", "weight", "min_acceptable", "order"),
        )
        for data in scenario.criteria
    }
    candidates = {
        data.ref: _new(
            Candidate,
            team=team,
            actor=actors[data.actor],
            status=data.status,
            decision_rationale=data.decision_rationale,
        )
        for data in scenario.candidates
    }
    for score in scenario.scores:
        _new(
            Score,
            team=team,
            candidate=candidates[score.candidate],
            criterion=criteria[score.criterion],
            value=score.value,
        )
    for talk in scenario.conversations:
        candidate = candidates[talk.candidate]
        _new(
            Conversation,
            team=team,
            candidate=candidate,
            held_on=talk.held_on,
            interest_level=talk.interest_level,
            willingness=talk.willingness,
            **{
                "conditions": talk.conditions,
                **CONVERSATION_NOTES.get(candidate.actor.name, {}),
            },
        )
    return actors


def load_charter_draft(team, records, actors) -> tuple[Charter, dict]:
    """Step 3's draft; returns the charter and party ref → CharterParty."""
    c = records.charter
    charter = _new(
        Charter,
        team=team,
        **{
            name: getattr(c, name)
            for name in (
                "title",
                "agreement_type",
                "effective_date",
                "term_end_date",
                "review_date",
                "vision",
                "objectives",
                "scope_in",
                "scope_out",
                "governance_model",
                "ip_background",
                "ip_results",
                "data_sharing",
                "branding_communications",
                "exit_notice_days",
                "exit_obligations",
                "dissolution",
                "admission_process",
                "review_cadence_months",
                "pro_rata_basis",
            )
        },
        principles=list(c.principles),
        exit_triggers=list(c.exit_triggers),
    )
    parties = {}
    for p in records.parties:
        parties[p.ref] = _new(
            CharterParty,
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
        body = _new(
            GoverningBody,
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
    for seat in records.seats:
        _new(
            Seat,
            team=team,
            body=bodies[seat.body],
            party=parties.get(seat.party),
            votes=seat.votes,
            seat_label=seat.seat_label,
        )
    for r in records.decision_rules:
        rule = _new(
            DecisionRule,
            team=team,
            charter=charter,
            body=bodies.get(r.body),
            decider=parties.get(r.decider),
            **_fields(r, "scope", "method", "threshold_pct", "deadlock_fallback", "scope_detail"),
        )
        rule.veto_parties.set([parties[ref] for ref in r.veto_parties])
    activities = {
        a.ref: _new(RaciActivity, team=team, charter=charter, name=a.name, order=a.order)
        for a in records.raci_activities
    }
    for a in records.raci_assignments:
        _new(RaciAssignment, activity=activities[a.activity], party=parties[a.party], code=a.code)
    for x in records.contributions:
        _new(
            Contribution,
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
        stream = _new(
            ValueStream,
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
    for a in records.allocations:
        _new(
            ValueAllocation,
            stream=streams[a.stream],
            party=parties.get(a.party),
            recipient_label=a.recipient_label,
            percentage=a.percentage,
        )
    for e in records.escalation_steps:
        _new(
            EscalationStep,
            team=team,
            charter=charter,
            **_fields(e, "order", "level", "method", "max_days", "who"),
        )
    for r in records.risks:
        _new(
            RiskItem,
            team=team,
            charter=charter,
            owner=parties.get(r.owner),
            **_fields(r, "title", "category", "likelihood", "impact", "mitigation"),
        )
    return charter, parties


def sign_version(version, records, parties, signer):
    """The scenario's sign-offs of this version, through the page's own sign function."""
    for sign_off in records.sign_offs:
        if sign_off.version == version.number:
            publishing.sign(
                version, parties[sign_off.party], signer, sign_off.decision, sign_off.note
            )


def load_pilot(team, scenario, parties, v1, by) -> dict:
    """Step 4: pilots, assumption cards, a risk, lessons, charter changes and the decision."""
    pilots = {}
    for data in scenario.pilots:
        pilot = _new(
            Pilot,
            team=team,
            **_fields(data, "title", "iteration", "start_date", "end_date", "objective", "scope"),
            budget_cash=data.budget_cash,
            status=data.status,
            charter_version=v1 if data.charter_version == 1 else None,
        )
        pilot.parties.set([parties[ref] for ref in data.parties])
        pilots[data.ref] = pilot
    cards = {}
    for data in scenario.hypotheses:
        cards[data.ref] = _new(
            Hypothesis,
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
    _new(
        PilotRisk,
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
        lesson = _new(
            Lesson,
            team=team,
            pilot=pilots[data.pilot],
            **_fields(data, "text", "kind", "action"),
        )
        lesson.hypotheses.set([cards[ref] for ref in data.hypotheses])
        lessons[data.ref] = lesson
    for data in scenario.charter_changes:
        change = _new(
            CharterChange,
            team=team,
            lesson=lessons[data.lesson],
            section=data.section,
            description=data.description,
        )
        apply_change(change, by)
    for data in scenario.pilot_decisions:
        _new(
            PilotDecision,
            team=team,
            pilot=pilots[data.pilot],
            **_fields(data, "decision", "rationale", "decided_on"),
        )
    return pilots


def load_scale(team, scenario, parties, actors):
    """Step 5: the scaling path, indicators with readings, forces again and a health check."""
    if scenario.scaling_plan:
        _new(
            ScalingPlan,
            team=team,
            **_fields(scenario.scaling_plan, "summary", "preconditions", "horizon_end"),
        )
    for data in scenario.scaling_actions:
        action = _new(
            ScalingAction,
            team=team,
            **_fields(data, "pathway", "description", "target_context", "due_date", "status"),
            owner=parties[data.owner],
        )
        action.new_actors.set([actors[ref] for ref in data.new_actors])
    indicators = {}
    for data in scenario.indicators:
        indicators[data.ref] = _new(
            Indicator,
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
        _new(
            IndicatorReading,
            team=team,
            indicator=indicators[data.indicator],
            observed_on=data.observed_on,
            value=data.value,
        )
    for force in scenario.forces:
        if force.recorded_in_step == 5:
            _new(ForceAssessment, team=team, **vars(force))
    for data in scenario.health_checks:
        check = _new(HealthCheck, team=team, held_on=data.held_on, facilitated_by="Jordan Reyes")
        for ref, ratings in HEALTH_ANSWERS.items():
            party = parties[ref]
            response = _new(
                HealthResponse,
                team=team,
                health_check=check,
                respondent_party=party,
                respondent_name=party.representative_name,
            )
            for dimension, rating in ratings.items():
                _new(
                    HealthRating,
                    response=response,
                    dimension=dimension,
                    rating=rating,
                    comment="Trust was strained over the bus stop" if rating == "red" else "",
                )


def submit_steps(team, steps):
    """Submits each step through its checks; a step whose checks fail stays a draft."""
    return {step.position: completion.submit(team, step) for step in steps}


@transaction.atomic
def load_worked_team(workshop, team, scenario, lead):
    """A design through all five steps: map, alignment, a charter published twice and signed by
    every party, a pilot whose lessons amend the charter, and the scaling plan with its checks."""
    actors = load_steps_1_2(team, scenario)
    records = scenario.charter
    charter, parties = load_charter_draft(team, records, actors)
    v1 = publishing.publish(charter, lead)
    sign_version(v1, records, parties, lead)
    pilots = load_pilot(team, scenario, parties, v1, lead)
    v2 = publishing.publish(charter, lead, records.versions[1].change_summary)
    sign_version(v2, records, parties, lead)
    # The scenario gives only the dates of the second iteration: it tests the amended charter with
    # the first one's parties, so its page (the one step 4 opens on) is not blank.
    first, *later = (pilots[data.ref] for data in scenario.pilots)
    for pilot in later:
        pilot.charter_version = v2
        pilot.save(update_fields=["charter_version"])
        pilot.parties.set(first.parties.all())
    load_scale(team, scenario, parties, actors)
    return submit_steps(team, workshop.steps.order_by("position"))


@transaction.atomic
def load_early_team(workshop, team, scenario):
    """Steps 1 and 2 only (the charter not started), both submitted when their checks hold."""
    load_steps_1_2(team, scenario)
    return submit_steps(team, workshop.steps.filter(position__in=(1, 2)))
