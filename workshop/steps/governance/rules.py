"""Step 3 (the charter) derived values and row rules as pure functions over plain data.

DOMAIN.md 4.1-4.9 and 8.5-8.7, 8.9, 8.12, 8.13. Foreign keys are refs; a charter and all its
children travel together as ``CharterRecords``. Validation helpers return lists of messages
(empty = valid) so forms, the JSON import and the checks share one wording.
"""

import datetime
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from workshop.steps.checks import Alert, Check
from workshop.steps.derived import (
    HUNDRED,
    add_months,
    as_decimal,
    pct_str,
    percent,
    round_half_up,
)

# --- Enumeration codes (DOMAIN.md 4.1-4.11) ----------------------------------------------------

AGREEMENT_TYPES = ("partnering_agreement", "mou", "collaboration_agreement", "binding_contract")
DRAFT, IN_REVIEW, AGREED, SUPERSEDED = "draft", "in_review", "agreed", "superseded"
CHARTER_STATUSES = (DRAFT, IN_REVIEW, AGREED, SUPERSEDED)
PRINCIPLES = (
    "equity",
    "transparency",
    "mutual_benefit",
    "diversity",
    "openness",
    "courage",
    "accountability",
)
GOVERNANCE_MODELS = (
    "lead_organisation",
    "shared_participant",
    "network_administrative_org",
    "hybrid",
)
IP_BACKGROUND = ("each_retains", "licensed_to_partnership", "other")
IP_RESULTS = (
    "joint",
    "generator_owns_licence_to_all",
    "lead_owns_licence_to_all",
    "open_licence",
    "other",
)
EXIT_TRIGGERS = (
    "voluntary",
    "material_breach",
    "stopping_as_success",
    "change_in_strategy",
    "no_longer_viable",
    "regulatory_change",
)
PRO_RATA_BASES = ("pledged", "delivered")
SIGN_OFF_DECISIONS = ("agree", "agree_with_reservations", "object")
AGREEING_DECISIONS = ("agree", "agree_with_reservations")

CORE, ASSOCIATE, OBSERVER = "core", "associate", "observer"
MEMBERSHIPS = (CORE, ASSOCIATE, OBSERVER)

BODY_TYPES = (
    "steering_group",
    "board",
    "management_group",
    "working_group",
    "secretariat",
    "advisory_panel",
    "community_forum",
)
CHAIR_ARRANGEMENTS = ("fixed_party", "rotating", "co_chairs", "independent", "elected")
MEETING_FREQUENCIES = (
    "weekly",
    "fortnightly",
    "monthly",
    "bimonthly",
    "quarterly",
    "semiannual",
    "annual",
    "as_needed",
)

DECISION_SCOPES = (
    "strategy_budget",
    "workplan",
    "expenditure",
    "admission",
    "amendment",
    "exit_dissolution",
    "operational",
    "emergency",
    "brand_publication",
    "other",
)
DECISION_METHODS = (
    "consensus",
    "consent",
    "unanimity",
    "simple_majority",
    "supermajority",
    "lead_decides_after_consultation",
    "delegated",
)
FALLBACK_REQUIRED_METHODS = ("consensus", "consent", "unanimity")
DEADLOCK_FALLBACKS = (
    "escalate_ladder",
    "status_quo",
    "chair_casting_vote",
    "majority_at_next_meeting",
    "lead_decides",
)
# 4.4: rules must exist for these scopes, plus one of STRATEGY_SCOPES.
REQUIRED_DECISION_SCOPES = ("admission", "amendment", "exit_dissolution")
STRATEGY_SCOPES = ("strategy_budget", "workplan")
# 8.12: x within this distance of an integer means that integer (9 seats at 66.67 % need 6, not 7).
VOTES_TOLERANCE = Decimal("0.01")

RACI_CODES = ("R", "A", "C", "I")

CONTRIBUTION_TYPES = (
    "cash",
    "staff_time",
    "volunteer_time",
    "land_access",
    "equipment_materials",
    "data_knowledge",
    "network_access",
    "reputation_legitimacy",
    "other",
)
VALUATION_METHODS = ("actual", "agreed_rate", "market_value", "not_monetised")
CONTRIBUTION_STATUSES = ("pledged", "partially_delivered", "delivered", "withdrawn")

VALUE_KINDS = ("monetary", "non_monetary")
AMOUNT_PERIODS = ("one_off", "per_year", "per_event")
EQUAL_SPLIT, PRO_RATA, FIXED_PERCENTAGE = "equal_split", "pro_rata_contribution", "fixed_percentage"
MECHANISMS = (
    EQUAL_SPLIT,
    PRO_RATA,
    FIXED_PERCENTAGE,
    "outcome_based",
    "needs_based",
    "reinvest_in_commons",
    "open_access",
    "recognition",
    "other",
)

# 4.8: the ladder may not step back down this ranking; the two final methods end it.
ESCALATION_RANK = {
    "direct_talks": 1,
    "senior_review": 2,
    "facilitated_dialogue": 3,
    "mediation": 4,
    "expert_determination": 5,
    "arbitration": 6,
}
FINAL_ESCALATION_METHODS = ("withdrawal", "external_authority")
ESCALATION_METHODS = (*ESCALATION_RANK, *FINAL_ESCALATION_METHODS)
MIN_ESCALATION_STEPS = 2

RISK_CATEGORIES = (
    "coordination_overhead",
    "conflict",
    "dependency",
    "exploitation_ip",
    "reputational",
    "delivery",
    "regulatory",
    "financial",
    "other",
)
LIABILITY_CATEGORIES = ("coordination_overhead", "conflict", "dependency")  # the pattern's three

# 4.11 sections 1-17: the CharterSectionStatus keys, in charter order.
SECTION_KEYS = (
    "parties",
    "context",
    "purpose",
    "principles",
    "scope",
    "roles",
    "governance",
    "decisions",
    "contributions",
    "value",
    "ip_data",
    "risks",
    "conflict",
    "monitoring",
    "admission",
    "exit",
    "amendment",
)
FULLY, PARTIALLY, NOT_IN_PLACE, NOT_RELEVANT = "fully", "partially", "not_in_place", "not_relevant"
SECTION_STATES = (FULLY, PARTIALLY, NOT_IN_PLACE, NOT_RELEVANT)

REVIEW_WARNING_MONTHS = 24
DEFAULT_DEPENDENCY_THRESHOLD_PCT = Decimal(50)
CENT = Decimal("0.01")


# --- Plain inputs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CharterData:
    title: str
    agreement_type: str = ""
    effective_date: datetime.date | None = None
    term_end_date: datetime.date | None = None
    review_date: datetime.date | None = None
    vision: str = ""
    objectives: str = ""
    principles: tuple[str, ...] = ()
    scope_in: str = ""
    scope_out: str = ""
    governance_model: str = ""
    ip_background: str = ""
    ip_results: str = ""
    ip_open_licence: str = ""
    data_sharing: str = ""
    branding_communications: str = ""
    exit_notice_days: int | None = None
    exit_triggers: tuple[str, ...] = ()
    exit_obligations: str = ""
    dissolution: str = ""
    admission_process: str = ""
    review_cadence_months: int | None = None
    pro_rata_basis: str = "pledged"


@dataclass(frozen=True)
class CharterPartyData:
    """``name`` is the party's actor's name; ``id`` breaks allocation ties after ``order``."""

    ref: str
    actor: str
    name: str
    membership: str
    representative_name: str = ""
    representative_role: str = ""
    has_authority_to_sign: bool | None = None
    partner_objectives: str = ""
    what_they_gain: str = ""
    order: int = 0
    id: int | None = None

    @property
    def can_vote(self) -> bool:
        return self.membership != OBSERVER

    @property
    def can_sign(self) -> bool:
        return self.membership in (CORE, ASSOCIATE)


@dataclass(frozen=True)
class GoverningBodyData:
    ref: str
    name: str
    body_type: str
    chair_arrangement: str
    meeting_frequency: str
    quorum_count: int | None = None
    chair_party: str | None = None
    rotation_months: int | None = None
    rotation_order: tuple[str, ...] = ()
    purpose: str = ""


@dataclass(frozen=True)
class SeatData:
    body: str
    party: str | None
    votes: int
    seat_label: str = ""
    represents_proxy_for: str | None = None


@dataclass(frozen=True)
class DecisionRuleData:
    ref: str
    scope: str
    method: str
    body: str | None = None
    decider: str | None = None
    threshold_pct: Decimal | None = None
    veto_parties: tuple[str, ...] = ()
    deadlock_fallback: str = ""
    scope_detail: str = ""


@dataclass(frozen=True)
class RaciActivityData:
    ref: str
    name: str
    order: int = 0


@dataclass(frozen=True)
class RaciAssignmentData:
    activity: str
    party: str
    code: str


@dataclass(frozen=True)
class ContributionData:
    ref: str
    party: str
    contribution_type: str
    valuation_method: str
    status: str
    value: Decimal | None = None
    delivered_value: Decimal | None = None
    channelled_via: str | None = None
    description: str = ""
    quantity: Decimal | None = None
    unit_rate: Decimal | None = None


@dataclass(frozen=True)
class ValueStreamData:
    ref: str
    name: str
    kind: str
    mechanism: str
    expected_amount: Decimal | None = None
    amount_period: str = ""
    eligible_parties: tuple[str, ...] = ()
    source_description: str = ""
    beneficiaries_text: str = ""


@dataclass(frozen=True)
class ValueAllocationData:
    stream: str
    percentage: Decimal
    party: str | None = None
    recipient_label: str = ""


@dataclass(frozen=True)
class EscalationStepData:
    order: int
    level: str
    method: str
    max_days: int | None = None
    who: str = ""


@dataclass(frozen=True)
class RiskItemData:
    ref: str
    title: str
    category: str
    likelihood: int
    impact: int
    owner: str | None = None
    mitigation: str = ""

    @property
    def rating(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True)
class CharterVersionData:
    """``signing_parties``: refs of the parties that could sign when this version was published."""

    number: int
    published_at: datetime.date | datetime.datetime | None = None
    signing_parties: tuple[str, ...] = ()
    change_summary: str = ""


@dataclass(frozen=True)
class SignOffData:
    version: int
    party: str
    decision: str
    signer_name: str = ""
    note: str = ""


@dataclass(frozen=True)
class CharterSectionStatusData:
    section: str
    state: str  # auto | not_relevant
    justification: str = ""


@dataclass(frozen=True)
class CharterRecords:
    """A charter with every child record, plus the few facts it needs from steps 1-2."""

    charter: CharterData
    parties: tuple[CharterPartyData, ...] = ()
    bodies: tuple[GoverningBodyData, ...] = ()
    seats: tuple[SeatData, ...] = ()
    decision_rules: tuple[DecisionRuleData, ...] = ()
    raci_activities: tuple[RaciActivityData, ...] = ()
    raci_assignments: tuple[RaciAssignmentData, ...] = ()
    contributions: tuple[ContributionData, ...] = ()
    value_streams: tuple[ValueStreamData, ...] = ()
    allocations: tuple[ValueAllocationData, ...] = ()
    escalation_steps: tuple[EscalationStepData, ...] = ()
    risks: tuple[RiskItemData, ...] = ()
    versions: tuple[CharterVersionData, ...] = ()
    sign_offs: tuple[SignOffData, ...] = ()
    section_statuses: tuple[CharterSectionStatusData, ...] = ()
    purpose_statement: str = ""  # SharedPurpose.statement (step 1)
    step1_submitted: bool = False
    convenor_actor: str | None = None  # Team.convenor_actor
    selected_candidate_actors: tuple[str, ...] = ()  # actors of step 2's selected candidates
    dependency_threshold_pct: Decimal = DEFAULT_DEPENDENCY_THRESHOLD_PCT

    @property
    def core_parties(self) -> tuple[CharterPartyData, ...]:
        return tuple(party for party in self.parties if party.membership == CORE)

    def seats_of(self, body_ref: str) -> tuple[SeatData, ...]:
        return tuple(seat for seat in self.seats if seat.body == body_ref)


def _filled(value) -> bool:
    return bool(value.strip()) if isinstance(value, str) else value is not None


# --- 4.3 Bodies and 8.12 votes needed ----------------------------------------------------------


def voting_seat_count(seats: Iterable[SeatData]) -> int:
    return sum(1 for seat in seats if seat.votes > 0)


def total_votes(seats: Iterable[SeatData]) -> int:
    return sum(seat.votes for seat in seats)


def body_errors(body: GoverningBodyData, seats: Sequence[SeatData]) -> list[str]:
    """V28 and the chair rules of 4.3 for one body and its seats."""
    errors = []
    voting = voting_seat_count(seats)
    if body.quorum_count is not None:
        if body.quorum_count < 1:
            errors.append(_("Quorum must be at least 1."))
        elif body.quorum_count > voting:
            errors.append(_("Quorum cannot exceed the %(count)s voting seats.") % {"count": voting})
    if body.chair_arrangement == "fixed_party" and not body.chair_party:
        errors.append(_("Choose the party that chairs."))
    if body.chair_arrangement == "rotating":
        if not body.rotation_months:
            errors.append(_("Say how many months each chair serves."))
        if not body.rotation_order:
            errors.append(_("Say in which order the parties take the chair."))
        voting_parties = {seat.party for seat in seats if seat.votes > 0}
        if any(party not in voting_parties for party in body.rotation_order):
            errors.append(_("Only parties holding a voting seat can take the chair in rotation."))
    return errors


def votes_needed(method: str, threshold_pct: Decimal | None, votes: int) -> int | None:
    """Votes needed out of all ``votes`` of the body (8.12); None for methods without a count."""
    if method == "unanimity":
        return votes
    if method != "supermajority" or threshold_pct is None:
        return None
    x = Decimal(votes) * as_decimal(threshold_pct) / HUNDRED
    nearest = int(round_half_up(x, 0))
    if abs(x - nearest) <= VOTES_TOLERANCE:
        return nearest
    return math.ceil(x)


def rule_votes_needed(records: CharterRecords) -> dict[str, tuple[int, int]]:
    """Decision rule ref → (votes needed, votes of the body), for supermajority and unanimity."""
    result = {}
    for rule in records.decision_rules:
        if rule.body is None:
            continue
        votes = total_votes(records.seats_of(rule.body))
        needed = votes_needed(rule.method, rule.threshold_pct, votes)
        if needed is not None:
            result[rule.ref] = (needed, votes)
    return result


def decision_rule_errors(rule: DecisionRuleData) -> list[str]:
    """V18, V19 and "one of body or decider" (4.4)."""
    errors = []
    if rule.method == "supermajority":
        threshold = rule.threshold_pct
        if threshold is None or not (Decimal(50) < as_decimal(threshold) <= HUNDRED):
            errors.append(_("Threshold must be above 50 % and at most 100 %."))
    elif rule.threshold_pct is not None:
        errors.append(_("A threshold applies only to a supermajority."))
    if rule.method in FALLBACK_REQUIRED_METHODS and not rule.deadlock_fallback:
        errors.append(_("Say what happens if the decision is deadlocked."))
    if rule.body is None and rule.decider is None:
        errors.append(_("Choose the body or the party that decides."))
    return errors


def missing_decision_scopes(rules: Iterable[DecisionRuleData]) -> tuple[str, ...]:
    """Scopes 4.4 requires that have no rule (``strategy_budget`` stands for either of the two)."""
    scopes = {rule.scope for rule in rules}
    missing = [scope for scope in REQUIRED_DECISION_SCOPES if scope not in scopes]
    if not scopes & set(STRATEGY_SCOPES):
        missing.insert(0, "strategy_budget")
    return tuple(missing)


# --- 4.5 RACI ----------------------------------------------------------------------------------


def raci_row_errors(
    assignments: Mapping[str, str], parties: Sequence[CharterPartyData]
) -> list[str]:
    """Row rules for one activity: party ref → code ("" = no assignment).

    Exactly one A; at least one R, where the A counts as R (the A party may do the work, as in
    Millrace's "Public reporting" row); observers only C or I.
    """
    names = {party.ref: party.name for party in parties}
    codes = {ref: code for ref, code in assignments.items() if code}
    errors = []
    position = {party.ref: index for index, party in enumerate(parties)}
    in_order = sorted(codes, key=lambda ref: position.get(ref, len(position)))
    accountable = [names.get(ref, ref) for ref in in_order if codes[ref] == "A"]
    if len(accountable) != 1:
        if accountable:
            errors.append(
                _("Each activity needs exactly one Accountable party (found %(count)s: %(names)s).")
                % {"count": len(accountable), "names": ", ".join(accountable)}
            )
        else:
            errors.append(_("Each activity needs exactly one Accountable party (found 0)."))
    if not any(code in ("R", "A") for code in codes.values()):
        errors.append(_("Each activity needs at least one Responsible party."))
    observers = [
        party.name
        for party in parties
        if party.membership == OBSERVER and codes.get(party.ref) in ("R", "A")
    ]
    if observers:
        errors.append(
            _("Observers may only be Consulted or Informed: %(names)s.")
            % {"names": ", ".join(observers)}
        )
    return errors


def raci_rows(records: CharterRecords) -> dict[str, dict[str, str]]:
    """Activity ref → {party ref → code}, every activity present even when empty."""
    rows: dict[str, dict[str, str]] = {activity.ref: {} for activity in records.raci_activities}
    for assignment in records.raci_assignments:
        rows.setdefault(assignment.activity, {})[assignment.party] = assignment.code
    return rows


def raci_errors(records: CharterRecords) -> dict[str, list[str]]:
    """Activity ref → its row errors, only for invalid rows."""
    result = {}
    for activity, row in raci_rows(records).items():
        errors = raci_row_errors(row, records.parties)
        if errors:
            result[activity] = errors
    return result


# --- 8.5 Contributions and 8.6 dependency -------------------------------------------------------


def counted_value(contribution: ContributionData, basis: str = "pledged") -> Decimal | None:
    """The amount 8.5 adds up, or None when the contribution is left out of the arithmetic."""
    if contribution.valuation_method == "not_monetised" or contribution.status == "withdrawn":
        return None
    if basis == "delivered":
        if contribution.status == "delivered" and contribution.delivered_value is None:
            return as_decimal(contribution.value or 0)
        return as_decimal(contribution.delivered_value or 0)
    return as_decimal(contribution.value or 0)


def contribution_errors(contribution: ContributionData) -> list[str]:
    """V25 and V24."""
    errors = []
    if contribution.channelled_via and contribution.channelled_via == contribution.party:
        errors.append(_("A contribution cannot be channelled through the same party."))
    if (
        contribution.delivered_value is not None
        and contribution.value is not None
        and contribution.delivered_value > contribution.value
    ):
        errors.append(_("The delivered value cannot exceed the value."))
    return errors


@dataclass(frozen=True)
class PartyContribution:
    party: str
    monetised_total: Decimal
    cash_total: Decimal
    share: Decimal | None  # % of all monetised contributions, unrounded
    cash_share: Decimal | None


@dataclass(frozen=True)
class ContributionSummary:
    parties: dict[str, PartyContribution]  # parties with ≥ 1 contribution record, in party order
    total: Decimal
    cash_total: Decimal
    largest_share: Decimal | None
    largest_cash_share: Decimal | None
    largest_non_convenor_share: Decimal | None
    largest_non_convenor_party: str | None = None
    channelled: dict[str, str] = field(default_factory=dict)  # contribution ref → via party

    def weights(self) -> dict[str, Decimal]:
        return {ref: row.monetised_total for ref, row in self.parties.items()}


def contribution_summary(records: CharterRecords) -> ContributionSummary:
    """Totals and shares per party (8.5); a channelled gift counts once, under its ``party``."""
    basis = records.charter.pro_rata_basis or "pledged"
    contributing = {c.party for c in records.contributions}
    ordered = [p.ref for p in _in_party_order(records.parties) if p.ref in contributing]
    ordered += sorted(contributing - set(ordered))  # records naming an unknown party still count
    monetised = dict.fromkeys(ordered, Decimal(0))
    cash = dict.fromkeys(ordered, Decimal(0))
    for contribution in records.contributions:
        value = counted_value(contribution, basis)
        if value is None:
            continue
        monetised[contribution.party] += value
        if contribution.contribution_type == "cash":
            cash[contribution.party] += value
    total = sum(monetised.values(), Decimal(0))
    cash_total = sum(cash.values(), Decimal(0))
    rows = {
        ref: PartyContribution(
            ref,
            monetised[ref],
            cash[ref],
            percent(monetised[ref], total),
            percent(cash[ref], cash_total),
        )
        for ref in ordered
    }
    convenor_parties = {p.ref for p in records.parties if p.actor == records.convenor_actor}
    non_convenor = [row for row in rows.values() if row.party not in convenor_parties]
    top_non_convenor = max(non_convenor, key=lambda row: row.share or 0, default=None)
    return ContributionSummary(
        parties=rows,
        total=total,
        cash_total=cash_total,
        largest_share=_max_or_none(row.share for row in rows.values()),
        largest_cash_share=_max_or_none(row.cash_share for row in rows.values()),
        largest_non_convenor_share=top_non_convenor.share if top_non_convenor else None,
        largest_non_convenor_party=top_non_convenor.party if top_non_convenor else None,
        channelled={c.ref: c.channelled_via for c in records.contributions if c.channelled_via},
    )


def _max_or_none(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    return max(present) if present else None


def dependency_alerts(
    summary: ContributionSummary, threshold_pct: Decimal = DEFAULT_DEPENDENCY_THRESHOLD_PCT
) -> tuple[Alert, ...]:
    """ "Risk of dependency" when the largest share or largest cash share exceeds the threshold."""
    alerts = []
    checks = (
        ("share", summary.largest_share, _("of monetised contributions")),
        ("cash_share", summary.largest_cash_share, _("of cash contributions")),
    )
    for attribute, largest, what in checks:
        if largest is None or largest <= as_decimal(threshold_pct):
            continue
        party = next(
            row.party for row in summary.parties.values() if getattr(row, attribute) == largest
        )
        alerts.append(
            Alert(
                f"dependency_{attribute}",
                _(
                    "Risk of dependency: one party holds %(share)s %% %(what)s"
                    " (threshold %(limit)s %%)."
                )
                % {
                    "share": pct_str(largest),
                    "what": what,
                    "limit": pct_str(as_decimal(threshold_pct)),
                },
                (party,),
            )
        )
    return tuple(alerts)


# --- 8.7 Allocating an amount -----------------------------------------------------------------


def _in_party_order(parties: Iterable[CharterPartyData]) -> list[CharterPartyData]:
    return sorted(parties, key=lambda p: (p.order, p.id if p.id is not None else 0))


def allocate(amount, weights: Sequence[tuple[Hashable, Decimal]]) -> dict[Hashable, Decimal]:
    """Split ``amount`` in proportion to the weights, exactly to the cent (largest remainder).

    ``weights`` come in tie-break order (party ``order``, then id): when remainders are equal the
    earlier party gets the spare cent. The parts always add up to the amount.
    """
    amount = round_half_up(amount)
    total = sum((as_decimal(w) for _key, w in weights), Decimal(0))
    if total == 0:
        return {key: Decimal("0.00") for key, _w in weights}
    raw = [(key, amount * as_decimal(w) / total) for key, w in weights]
    floors = {key: value.quantize(CENT, rounding=ROUND_FLOOR) for key, value in raw}
    spare_cents = int((amount - sum(floors.values(), Decimal(0))) / CENT)
    by_remainder = sorted(
        range(len(raw)), key=lambda index: (-(raw[index][1] - floors[raw[index][0]]), index)
    )
    for index in by_remainder[:spare_cents]:
        floors[raw[index][0]] += CENT
    return floors


def stream_allocations(
    stream: ValueStreamData,
    parties: Sequence[CharterPartyData],
    summary: ContributionSummary | None = None,
) -> dict[str, Decimal] | None:
    """Party ref → amount for an equal-split or pro-rata stream with an amount; else None."""
    if stream.expected_amount is None or stream.mechanism not in (EQUAL_SPLIT, PRO_RATA):
        return None
    eligible = [p for p in _in_party_order(parties) if p.ref in stream.eligible_parties]
    if stream.mechanism == EQUAL_SPLIT:
        weights = [(p.ref, Decimal(1)) for p in eligible]
    else:
        totals = summary.weights() if summary else {}
        weights = [(p.ref, totals.get(p.ref, Decimal(0))) for p in eligible]
    return allocate(stream.expected_amount, weights)


def fixed_allocation_amounts(
    stream: ValueStreamData, allocations: Iterable[ValueAllocationData]
) -> list[tuple[ValueAllocationData, Decimal]]:
    """Each fixed-percentage allocation with its share of the expected amount (rounded half up)."""
    if stream.expected_amount is None:
        return []
    return [
        (a, round_half_up(as_decimal(stream.expected_amount) * as_decimal(a.percentage) / HUNDRED))
        for a in allocations
        if a.stream == stream.ref
    ]


def allocation_sum_error(percentages: Iterable[Decimal]) -> str | None:
    """V21: the fixed allocations of one stream must add up to exactly 100.00."""
    total = sum((as_decimal(p) for p in percentages), Decimal(0))
    if total == HUNDRED:
        return None
    return _("Allocations add up to %(total)s %%; they must add up to 100 %%.") % {
        "total": round_half_up(total)
    }


def allocation_errors(records: CharterRecords) -> dict[str, str]:
    """Fixed-percentage stream ref → its sum error (a stream with no allocations sums to 0)."""
    result = {}
    for stream in records.value_streams:
        if stream.mechanism != FIXED_PERCENTAGE:
            continue
        error = allocation_sum_error(
            a.percentage for a in records.allocations if a.stream == stream.ref
        )
        if error:
            result[stream.ref] = error
    return result


# --- 4.8 Escalation ladder ----------------------------------------------------------------------


def ladder_errors(steps: Sequence[EscalationStepData]) -> list[str]:
    """V26: ≥ 2 steps, orders 1..n, no stepping back down, final methods last, last step open."""
    errors = []
    if len(steps) < MIN_ESCALATION_STEPS:
        errors.append(_("The ladder needs at least 2 steps."))
    ordered = sorted(steps, key=lambda step: step.order)
    if [step.order for step in ordered] != list(range(1, len(ordered) + 1)):
        errors.append(_("Number the steps 1, 2, 3 … without gaps or repeats."))
    previous_rank = 0
    for position, step in enumerate(ordered, start=1):
        last = position == len(ordered)
        if step.method in FINAL_ESCALATION_METHODS:
            if not last:
                errors.append(
                    _(
                        "Step %(order)s: withdrawal or an external authority can only be the"
                        " last step."
                    )
                    % {"order": step.order}
                )
        else:
            rank = ESCALATION_RANK.get(step.method, 0)
            if rank < previous_rank:
                errors.append(
                    _("Step %(order)s steps back down the ladder; each step must escalate.")
                    % {"order": step.order}
                )
            previous_rank = max(previous_rank, rank)
        if last:
            if step.max_days is not None:
                errors.append(_("The last step has no time limit."))
        elif step.max_days is None or not 1 <= step.max_days <= 365:
            errors.append(
                _("Step %(order)s needs a time limit of 1 to 365 days.") % {"order": step.order}
            )
    return errors


# --- 4.1 Review date, 4.9 risks, 4.2 parties ---------------------------------------------------


def review_date_warning(
    effective_date: datetime.date | None, review_date: datetime.date | None
) -> Alert | None:
    """Warn when the review falls more than 24 months after the start.

    Months count like a term, both ends inclusive: from 2026-04-01, 24 months run to 2028-03-31
    (no warning) and 2028-04-01 is one day more (warning), as the Millrace scenario expects.
    """
    if effective_date is None or review_date is None:
        return None
    last_day = add_months(effective_date, REVIEW_WARNING_MONTHS) - datetime.timedelta(days=1)
    if review_date <= last_day:
        return None
    return Alert("review_date", _("Review is more than 24 months after the start."))


def risk_warning(risks: Iterable[RiskItemData]) -> Alert | None:
    """The pattern's three liabilities should each have at least one risk."""
    present = {risk.category for risk in risks}
    missing = [category for category in LIABILITY_CATEGORIES if category not in present]
    if not missing:
        return None
    return Alert(
        "risk_liabilities",
        _("No risk recorded for: %(categories)s.") % {"categories": ", ".join(missing)},
    )


def unrepresented_selections(records: CharterRecords) -> tuple[str, ...]:
    """Actors of selected candidates that are not parties to the charter (4.2 warning)."""
    party_actors = {party.actor for party in records.parties}
    return tuple(a for a in records.selected_candidate_actors if a not in party_actors)


# --- 4.1 Charter status from sign-offs ---------------------------------------------------------


def version_agreed(version: CharterVersionData, sign_offs: Iterable[SignOffData]) -> bool:
    """Every party able to sign at publication has agreed (with or without reservations).

    A party's latest sign-off counts; an ``object`` keeps the version in review.
    """
    latest = {s.party: s.decision for s in sign_offs if s.version == version.number}
    return bool(version.signing_parties) and all(
        latest.get(party) in AGREEING_DECISIONS for party in version.signing_parties
    )


@dataclass(frozen=True)
class CharterStatus:
    status: str
    operative_version: int | None  # the latest agreed version
    version_states: dict[int, str]


def charter_status(
    versions: Iterable[CharterVersionData], sign_offs: Sequence[SignOffData]
) -> CharterStatus:
    ordered = sorted(versions, key=lambda version: version.number)
    if not ordered:
        return CharterStatus(DRAFT, None, {})
    agreed = [v.number for v in ordered if version_agreed(v, sign_offs)]
    operative = agreed[-1] if agreed else None
    states = {}
    for version in ordered:
        if version.number == operative:
            states[version.number] = AGREED
        elif operative is not None and version.number < operative:
            states[version.number] = SUPERSEDED
        else:
            states[version.number] = IN_REVIEW
    status = AGREED if ordered[-1].number == operative else IN_REVIEW
    return CharterStatus(status, operative, states)


# --- 8.13 Section checks and 8.9 completeness --------------------------------------------------


def _governing_body_ready(records: CharterRecords, body: GoverningBodyData) -> bool:
    return body.quorum_count is not None and not body_errors(body, records.seats_of(body.ref))


def section_checks(records: CharterRecords) -> dict[str, tuple[Check, ...]]:
    """Section key → its numbered checks (8.13), in charter order."""
    c = records.charter
    parties, core = records.parties, records.core_parties
    scopes = {rule.scope for rule in records.decision_rules}
    rows = raci_rows(records)
    doers = {ref for row in rows.values() for ref, code in row.items() if code in ("R", "A")}
    contributors = {contribution.party for contribution in records.contributions}
    beneficiaries = {ref for stream in records.value_streams for ref in stream.eligible_parties}
    beneficiaries |= {a.party for a in records.allocations if a.party}
    risk_categories = {risk.category for risk in records.risks}
    ip_ready = _filled(c.ip_background) and _filled(c.ip_results)
    if c.ip_results == "open_licence":
        ip_ready = ip_ready and _filled(c.ip_open_licence)
    return {
        "parties": (
            Check("parties_core", _("At least 2 core parties."), len(core) >= 2),
            Check(
                "parties_representatives",
                _("Every party has a representative name, role and authority flag."),
                bool(parties)
                and all(
                    _filled(p.representative_name)
                    and _filled(p.representative_role)
                    and p.has_authority_to_sign is not None
                    for p in parties
                ),
            ),
            Check(
                "parties_objectives",
                _("Every core party has objectives and says what it gains."),
                bool(core)
                and all(_filled(p.partner_objectives) and _filled(p.what_they_gain) for p in core),
            ),
        ),
        "context": (Check("context_step1", _("Step 1 is submitted."), records.step1_submitted),),
        "purpose": (
            Check("purpose_vision", _("Vision."), _filled(c.vision)),
            Check("purpose_objectives", _("Objectives."), _filled(c.objectives)),
            Check(
                "purpose_statement",
                _("Shared purpose statement."),
                _filled(records.purpose_statement),
            ),
        ),
        "principles": (Check("principles_any", _("At least one principle."), bool(c.principles)),),
        "scope": (
            Check("scope_in", _("What is in scope."), _filled(c.scope_in)),
            Check("scope_out", _("What is out of scope."), _filled(c.scope_out)),
        ),
        "roles": (
            Check(
                "roles_activity", _("At least one RACI activity."), bool(records.raci_activities)
            ),
            Check(
                "roles_voting_parties",
                _("Every party that can vote is Responsible or Accountable somewhere."),
                bool(parties) and all(p.ref in doers for p in parties if p.can_vote),
            ),
        ),
        "governance": (
            Check("governance_model", _("Governance model."), _filled(c.governance_model)),
            Check(
                "governance_body",
                _("At least one governing body with a quorum and a valid chair arrangement."),
                any(_governing_body_ready(records, body) for body in records.bodies),
            ),
        ),
        "decisions": (
            Check(
                "decisions_strategy",
                _("A strategy and budget or work-plan rule."),
                bool(scopes & set(STRATEGY_SCOPES)),
            ),
            Check("decisions_admission", _("An admission rule."), "admission" in scopes),
            Check("decisions_amendment", _("An amendment rule."), "amendment" in scopes),
            Check(
                "decisions_exit", _("An exit and dissolution rule."), "exit_dissolution" in scopes
            ),
        ),
        "contributions": (
            Check(
                "contributions_any", _("At least one contribution."), bool(records.contributions)
            ),
            Check(
                "contributions_core",
                _("Every core party contributes something."),
                bool(core) and all(p.ref in contributors for p in core),
            ),
        ),
        "value": (
            Check("value_stream", _("At least one value stream."), bool(records.value_streams)),
            Check(
                "value_core",
                _("Every core party benefits from at least one value stream."),
                bool(core) and all(p.ref in beneficiaries for p in core),
            ),
        ),
        "ip_data": (
            Check("ip_terms", _("Background and results IP terms."), ip_ready),
            Check("ip_data_sharing", _("Data sharing terms."), _filled(c.data_sharing)),
        ),
        "risks": tuple(
            Check(f"risks_{category}", label, category in risk_categories)
            for category, label in (
                ("coordination_overhead", _("A coordination-overhead risk.")),
                ("conflict", _("A conflict risk.")),
                ("dependency", _("A dependency risk.")),
            )
        ),
        "conflict": (
            Check(
                "conflict_ladder",
                _("At least 2 escalation steps."),
                len(records.escalation_steps) >= MIN_ESCALATION_STEPS,
            ),
        ),
        "monitoring": (
            Check("monitoring_review_date", _("Review date."), c.review_date is not None),
            Check("monitoring_cadence", _("Review cadence."), c.review_cadence_months is not None),
        ),
        "admission": (
            Check("admission_process", _("Admission process."), _filled(c.admission_process)),
            Check("admission_rule", _("An admission rule."), "admission" in scopes),
        ),
        "exit": (
            Check("exit_notice", _("Exit notice period."), c.exit_notice_days is not None),
            Check("exit_triggers", _("At least one exit trigger."), bool(c.exit_triggers)),
            Check("exit_obligations", _("Obligations on exit."), _filled(c.exit_obligations)),
            Check("exit_dissolution", _("How the partnership dissolves."), _filled(c.dissolution)),
        ),
        "amendment": (Check("amendment_rule", _("An amendment rule."), "amendment" in scopes),),
    }


def section_states(records: CharterRecords) -> dict[str, str]:
    """Section key → fully / partially / not_in_place / not_relevant (8.9)."""
    marked = {status.section for status in records.section_statuses if status.state == NOT_RELEVANT}
    states = {}
    for key, checks in section_checks(records).items():
        met = sum(1 for check in checks if check.met)
        if key in marked:
            states[key] = NOT_RELEVANT
        elif met == len(checks):
            states[key] = FULLY
        elif met:
            states[key] = PARTIALLY
        else:
            states[key] = NOT_IN_PLACE
    return states


def completeness_pct(states: Mapping[str, str]) -> int:
    """``(fully + partially / 2) / (17 - not_relevant) * 100``, 0 dp half up (8.9).

    With every section marked not relevant there is nothing left to do: 100.
    """
    relevant = sum(1 for state in states.values() if state != NOT_RELEVANT)
    if relevant == 0:
        return 100
    fully = sum(1 for state in states.values() if state == FULLY)
    partially = sum(1 for state in states.values() if state == PARTIALLY)
    score = (Decimal(fully) + Decimal(partially) / 2) * HUNDRED / relevant
    return int(round_half_up(score, 0))


def charter_completeness_pct(records: CharterRecords) -> int:
    return completeness_pct(section_states(records))
