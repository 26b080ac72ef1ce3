"""Step 3 across teams (DOMAIN.md 10): each team's charter side by side: completeness and the
section-state matrix, governance, parties, contributions and dependency, value streams, ladder and
exit, RACI and allocation errors, the latest version and who has still to sign it.

`load_snapshots` reads the charter tables of the whole workshop once (a fixed number of queries,
whatever the number of teams) and builds each team's snapshot the way `snapshot.build_snapshot`
does for one charter; a test holds the two equal. Every derived value then comes from rules.py
through `records_from_snapshot`, exactly as on the team's own charter pages.
"""

from collections import Counter
from functools import cached_property

from workshop.facilitation.models import StepProgress
from workshop.steps.alignment.models import Candidate
from workshop.steps.derived import pct_str
from workshop.steps.governance import checks, rules
from workshop.steps.governance.models import (
    Charter,
    CharterParty,
    CharterSectionStatus,
    CharterVersion,
    Contribution,
    DecisionRule,
    EscalationStep,
    GovernanceModel,
    GoverningBody,
    RaciActivity,
    RaciAssignment,
    RiskItem,
    Seat,
    SignOff,
    ValueAllocation,
    ValueStream,
)
from workshop.steps.governance.presentation import money, section_title
from workshop.steps.governance.publishing import sign_off_data, version_data

# The private helpers build_snapshot itself uses, so refs and field lists cannot drift apart.
from workshop.steps.governance.snapshot import (
    CHARTER_FIELDS,
    _fields,
    _in_party_order,
    _Refs,
    records_from_snapshot,
)
from workshop.steps.mapping.models import Actor, SharedPurpose


def _by_team(rows, team_of=lambda row: row.team_id):
    grouped = {}
    for row in rows:
        grouped.setdefault(team_of(row), []).append(row)
    return grouped


def _context(workshop, team_id, purposes, convenors, selected, step1_done):
    """What steps 1 and 2 bring to a charter, as snapshot._context has it."""
    purpose = purposes.get(team_id)
    gaps = []
    if purpose is not None:
        gaps = [
            {"title": gap.title, "priority": gap.priority}
            for gap in sorted(purpose.addresses_gaps.all(), key=lambda g: (-g.priority, g.title))
        ]
    convenor = convenors.get(team_id)
    return {
        "purpose_statement": purpose.statement if purpose else "",
        "long_term_vision": purpose.long_term_vision if purpose else "",
        "gaps": gaps,
        "convenor_actor": convenor.name if convenor else None,
        "selected_candidate_actors": sorted(selected.get(team_id, [])),
        "step1_submitted": team_id in step1_done,
        "dependency_threshold_pct": str(
            workshop.dependency_threshold_pct or rules.DEFAULT_DEPENDENCY_THRESHOLD_PCT
        ),
        "currency": workshop.currency or "",
    }


def load_snapshots(workshop) -> dict[int, tuple]:
    """Team id → (charter, snapshot) for every team of the workshop with a charter."""
    charters = list(Charter.objects.filter(team__workshop=workshop))
    if not charters:
        return {}
    in_workshop = {"team__workshop": workshop}
    parties = _by_team(CharterParty.objects.filter(**in_workshop).select_related("actor"))
    bodies = _by_team(GoverningBody.objects.filter(**in_workshop))
    seats = _by_team(
        Seat.objects.filter(**in_workshop).select_related("represents_proxy_for"),
    )
    rotation = list(
        GoverningBody.rotation_order.through.objects.filter(
            governingbody__team__workshop=workshop
        ).order_by("pk")
    )
    decision_rules = _by_team(DecisionRule.objects.filter(**in_workshop))
    vetoes = list(
        DecisionRule.veto_parties.through.objects.filter(
            decisionrule__team__workshop=workshop
        ).order_by("pk")
    )
    activities = _by_team(RaciActivity.objects.filter(**in_workshop))
    assignments = list(RaciAssignment.objects.filter(activity__team__workshop=workshop))
    contributions = _by_team(Contribution.objects.filter(**in_workshop))
    streams = _by_team(ValueStream.objects.filter(**in_workshop))
    eligible = list(
        ValueStream.eligible_parties.through.objects.filter(valuestream__team__workshop=workshop)
    )
    allocations = list(ValueAllocation.objects.filter(stream__team__workshop=workshop))
    escalation = _by_team(EscalationStep.objects.filter(**in_workshop))
    risks = _by_team(RiskItem.objects.filter(**in_workshop))
    statuses = _by_team(
        CharterSectionStatus.objects.filter(
            **in_workshop, state=CharterSectionStatus.State.NOT_RELEVANT
        ).order_by("section")
    )
    purposes = {}
    for purpose in SharedPurpose.objects.filter(**in_workshop).prefetch_related("addresses_gaps"):
        purposes.setdefault(purpose.team_id, purpose)
    convenors = {}
    for actor in Actor.objects.filter(**in_workshop, is_convenor=True).only("team", "name"):
        convenors.setdefault(actor.team_id, actor)
    selected = {}
    for team_id, name in Candidate.objects.filter(
        **in_workshop, status=Candidate.Status.SELECTED
    ).values_list("team_id", "actor__name"):
        selected.setdefault(team_id, []).append(name)
    step1_done = set(
        StepProgress.objects.filter(
            **in_workshop, step__position=1, status=StepProgress.Status.SUBMITTED
        ).values_list("team_id", flat=True)
    )
    result = {}
    for charter in charters:
        team_id = charter.team_id
        snapshot = _snapshot(
            charter,
            parties.get(team_id, []),
            bodies.get(team_id, []),
            seats.get(team_id, []),
            rotation,
            decision_rules.get(team_id, []),
            vetoes,
            activities.get(team_id, []),
            assignments,
            contributions.get(team_id, []),
            streams.get(team_id, []),
            eligible,
            allocations,
            escalation.get(team_id, []),
            risks.get(team_id, []),
            statuses.get(team_id, []),
        )
        snapshot["context"] = _context(workshop, team_id, purposes, convenors, selected, step1_done)
        result[team_id] = (charter, snapshot)
    return result


def _snapshot(
    charter,
    parties,
    bodies,
    seats,
    rotation,
    decision_rules,
    vetoes,
    activities,
    assignments,
    contributions,
    streams,
    eligible,
    allocations,
    escalation,
    risks,
    statuses,
) -> dict:
    """build_snapshot's tree from rows already read (same refs, fields and order)."""
    party_refs, actor_refs = _Refs("party"), _Refs("actor")
    party_ref = {}
    snapshot = _fields(charter, CHARTER_FIELDS)
    snapshot["principles"] = list(charter.principles or [])
    snapshot["exit_triggers"] = list(charter.exit_triggers or [])
    snapshot["parties"] = []
    for position, party in enumerate(parties, start=1):
        ref = party_ref[party.pk] = party_refs(party.actor.name, position)
        snapshot["parties"].append(
            {
                "ref": ref,
                "actor": actor_refs(party.actor.name, position),
                "name": party.actor.name,
                **_fields(
                    party,
                    (
                        "membership",
                        "representative_name",
                        "representative_role",
                        "has_authority_to_sign",
                        "partner_objectives",
                        "what_they_bring",
                        "what_they_gain",
                        "order",
                    ),
                ),
            }
        )

    def pref(pk):
        return party_ref.get(pk) if pk else None

    body_refs, body_ref = _Refs("body"), {}
    snapshot["bodies"] = []
    for position, body in enumerate(bodies, start=1):
        ref = body_ref[body.pk] = body_refs(body.name, position)
        snapshot["bodies"].append(
            {
                "ref": ref,
                **_fields(
                    body,
                    (
                        "name",
                        "body_type",
                        "purpose",
                        "chair_arrangement",
                        "rotation_months",
                        "meeting_frequency",
                        "quorum_count",
                        "quorum_condition",
                        "meetings_public",
                    ),
                ),
                "chair_party": pref(body.chair_party_id),
                "rotation_order": [
                    pref(row.charterparty_id) for row in rotation if row.governingbody_id == body.pk
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
                    for seat in seats
                    if seat.body_id == body.pk
                ],
            }
        )

    snapshot["decision_rules"] = [
        {
            "ref": f"decision_rule:{position}",
            **_fields(
                rule,
                (
                    "scope",
                    "scope_detail",
                    "method",
                    "threshold_pct",
                    "max_days_to_decide",
                    "deadlock_fallback",
                ),
            ),
            "body": body_ref.get(rule.body_id),
            "decider": pref(rule.decider_id),
            "veto_parties": [
                pref(pk)
                for pk in _in_party_order(
                    [v.charterparty_id for v in vetoes if v.decisionrule_id == rule.pk], parties
                )
            ],
        }
        for position, rule in enumerate(decision_rules, start=1)
    ]

    order_of = {p.pk: (p.order, p.pk) for p in parties}
    raci_refs = _Refs("raci")
    snapshot["raci"] = [
        {
            "ref": raci_refs(activity.name, position),
            **_fields(activity, ("name", "description", "order")),
            "assignments": [
                {"party": pref(a.party_id), "code": a.code}
                for a in sorted(assignments, key=lambda a: order_of.get(a.party_id, (0, 0)))
                if a.activity_id == activity.pk
            ],
        }
        for position, activity in enumerate(activities, start=1)
    ]

    snapshot["contributions"] = [
        {
            "ref": f"contribution:{position}",
            "party": pref(c.party_id),
            "channelled_via": pref(c.channelled_via_id),
            **_fields(
                c,
                (
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
                ),
            ),
        }
        for position, c in enumerate(contributions, start=1)
    ]

    stream_refs = _Refs("value_stream")
    snapshot["value_streams"] = [
        {
            "ref": stream_refs(stream.name, position),
            **_fields(
                stream,
                (
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
                ),
            ),
            "eligible_parties": [
                pref(pk)
                for pk in _in_party_order(
                    [e.charterparty_id for e in eligible if e.valuestream_id == stream.pk], parties
                )
            ],
            "allocations": [
                {
                    "party": pref(a.party_id),
                    "recipient_label": a.recipient_label,
                    "percentage": str(a.percentage),
                }
                for a in allocations
                if a.stream_id == stream.pk
            ],
        }
        for position, stream in enumerate(streams, start=1)
    ]

    snapshot["escalation"] = [
        {
            "ref": f"escalation:{step.order}",
            **_fields(step, ("order", "level", "who", "method", "max_days", "cost_sharing")),
        }
        for step in escalation
    ]
    snapshot["risks"] = [
        {
            "ref": f"risk:{position}",
            **_fields(risk, ("title", "category", "likelihood", "impact", "mitigation")),
            "owner": pref(risk.owner_id),
        }
        for position, risk in enumerate(risks, start=1)
    ]
    snapshot["section_statuses"] = [
        {"section": s.section, "state": s.state, "justification": s.justification} for s in statuses
    ]
    return snapshot


def _labelled_counts(codes, choices) -> list[tuple[str, int]]:
    """(label, count) in the order of the choices, only those present."""
    counts = Counter(codes)
    return [(str(label), counts[code]) for code, label in choices if counts[code]]


class TeamCharter:
    """One team's charter and its derived values; `charter` is None before the team starts it."""

    def __init__(self, team, charter=None, snapshot=None, versions=(), sign_offs=()):
        self.team = team
        self.charter = charter
        self.snapshot = snapshot
        self.versions = list(versions)
        self.sign_offs = list(sign_offs)
        if snapshot is None:
            self.records = rules.CharterRecords(charter=rules.CharterData(title=""))
        else:
            self.records = records_from_snapshot(
                snapshot, version_data(self.versions), sign_off_data(self.sign_offs)
            )

    @cached_property
    def completion(self):
        return checks.step_completion(self.records)

    @cached_property
    def states(self) -> dict[str, str]:
        return rules.section_states(self.records)

    @property
    def completeness_pct(self) -> int:
        return rules.completeness_pct(self.states)

    @property
    def governance_model(self) -> str:
        code = self.records.charter.governance_model
        return str(dict(GovernanceModel.choices).get(code, code or ""))

    @property
    def decision_methods(self) -> list[tuple[str, int]]:
        return _labelled_counts(
            (r.method for r in self.records.decision_rules), DecisionRule.Method.choices
        )

    @property
    def party_counts(self) -> list[tuple[str, int]]:
        return _labelled_counts(
            (p.membership for p in self.records.parties), CharterParty.Membership.choices
        )

    @cached_property
    def contributions(self) -> rules.ContributionSummary:
        return rules.contribution_summary(self.records)

    @property
    def contribution_total(self) -> str:
        return money(self.contributions.total) if self.records.contributions else ""

    @property
    def cash_total(self) -> str:
        return money(self.contributions.cash_total) if self.records.contributions else ""

    @property
    def largest_share(self) -> str:
        return pct_str(self.contributions.largest_share)

    @property
    def largest_cash_share(self) -> str:
        return pct_str(self.contributions.largest_cash_share)

    @cached_property
    def dependency_alerts(self):
        return rules.dependency_alerts(self.contributions, self.records.dependency_threshold_pct)

    @property
    def share_alert(self) -> bool:
        return any(a.key == "dependency_share" for a in self.dependency_alerts)

    @property
    def cash_share_alert(self) -> bool:
        return any(a.key == "dependency_cash_share" for a in self.dependency_alerts)

    @property
    def streams_by_mechanism(self) -> list[tuple[str, int]]:
        return _labelled_counts(
            (s.mechanism for s in self.records.value_streams), ValueStream.Mechanism.choices
        )

    @property
    def ladder_length(self) -> int:
        return len(self.records.escalation_steps)

    @property
    def exit_notice_days(self):
        return self.records.charter.exit_notice_days

    @cached_property
    def raci_errors(self) -> list[tuple[str, list[str]]]:
        """(activity name, its errors) for every invalid RACI row."""
        errors = rules.raci_errors(self.records)
        return [(a.name, errors[a.ref]) for a in self.records.raci_activities if a.ref in errors]

    @cached_property
    def allocation_errors(self) -> list[tuple[str, str]]:
        errors = rules.allocation_errors(self.records)
        return [(s.name, errors[s.ref]) for s in self.records.value_streams if s.ref in errors]

    @cached_property
    def status(self) -> rules.CharterStatus:
        return rules.charter_status(self.records.versions, self.records.sign_offs)

    @property
    def latest(self):
        return self.versions[-1] if self.versions else None

    @cached_property
    def waiting_for(self) -> list[str]:
        """Names of the parties that can sign the latest version and have not agreed to it."""
        latest = self.latest
        if latest is None or self.status.status == rules.AGREED:
            return []
        agreed = {
            s.party_ref
            for s in self.sign_offs
            if s.version_id == latest.pk and s.decision in rules.AGREEING_DECISIONS
        }
        return [
            p["name"]
            for p in latest.snapshot.get("parties", [])
            if p["ref"] in latest.signing_parties and p["ref"] not in agreed
        ]

    @cached_property
    def objecting(self) -> list[str]:
        """Names of the parties that object to the latest version (one sign-off per party)."""
        latest = self.latest
        if latest is None:
            return []
        objected = {
            s.party_ref
            for s in self.sign_offs
            if s.version_id == latest.pk and s.decision == SignOff.Decision.OBJECT
        }
        return [p["name"] for p in latest.snapshot.get("parties", []) if p["ref"] in objected]


class Step3AcrossTeams:
    def __init__(self, workshop, teams):
        self.workshop = workshop
        self.teams = list(teams)
        snapshots = load_snapshots(workshop)
        versions = _by_team(
            CharterVersion.objects.filter(charter__team__workshop=workshop).select_related(
                "charter"
            ),
            lambda v: v.charter.team_id,
        )
        sign_offs = _by_team(
            SignOff.objects.filter(version__charter__team__workshop=workshop).select_related(
                "version__charter"
            ),
            lambda s: s.version.charter.team_id,
        )
        self.columns = []
        for team in self.teams:
            charter, snapshot = snapshots.get(team.pk, (None, None))
            self.columns.append(
                TeamCharter(
                    team,
                    charter,
                    snapshot,
                    versions.get(team.pk, []),
                    sign_offs.get(team.pk, []),
                )
            )

    @property
    def started(self):
        return [column for column in self.columns if column.charter is not None]

    @property
    def section_rows(self) -> list[tuple[str, str, list[str]]]:
        """(section key, title, each team's state or None without a charter) for sections 1-17."""
        return [
            (
                key,
                section_title(key),
                [column.states[key] if column.charter else None for column in self.columns],
            )
            for key in rules.SECTION_KEYS
        ]
