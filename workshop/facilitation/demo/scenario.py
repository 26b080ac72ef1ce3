"""Scenario B (Millrace Park) as the steps' plain dataclasses: the demo `seed_demo` loads (loader.py)
and the data many tests check against (tests/steps/scenario_data.py re-exports it).

B1 "Riverside" is complete for steps 1-5; B2 "City Hall" and B3 "Sponsors" for steps 1-2. Refs
follow DOMAIN.md 12.1 (``KIND:slug`` of the unique name, or the 1-based position), so a fixture
loader or the JSON interchange can reuse them. Where the scenario leaves a required text to the
tester ("fill in belief …", "give every core party objectives …") a short plausible text is
supplied; every number and code is the scenario's.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify

from workshop.steps.alignment.rules import (
    CandidateData,
    ConversationData,
    CriterionData,
    ScoreData,
)
from workshop.steps.governance.rules import (
    CharterData,
    CharterPartyData,
    CharterRecords,
    CharterVersionData,
    ContributionData,
    DecisionRuleData,
    EscalationStepData,
    GoverningBodyData,
    RaciActivityData,
    RaciAssignmentData,
    RiskItemData,
    SeatData,
    SignOffData,
    ValueAllocationData,
    ValueStreamData,
)
from workshop.steps.mapping.rules import (
    ActorData,
    FitCheckData,
    FlowData,
    ForceAssessmentData,
    GapData,
    SharedPurposeData,
)
from workshop.steps.pilot.rules import (
    CharterChangeData,
    HypothesisData,
    LessonData,
    PilotData,
    PilotDecisionData,
)
from workshop.steps.scale.rules import (
    HealthCheckData,
    HealthResponseData,
    IndicatorData,
    IndicatorReadingData,
    ScalingActionData,
    ScalingPlanData,
    VitalitySignalData,
)

D = Decimal
date = datetime.date


def ref(kind: str, name: str) -> str:
    return f"{kind}:{slugify(name)}"


@dataclass(frozen=True)
class TeamScenario:
    name: str
    convenor_actor: str | None = None
    # Step 1
    fit_check: FitCheckData | None = None
    forces: tuple[ForceAssessmentData, ...] = ()
    actors: tuple[ActorData, ...] = ()
    flows: tuple[FlowData, ...] = ()
    gaps: tuple[GapData, ...] = ()
    purpose: SharedPurposeData | None = None
    # Step 2
    criteria: tuple[CriterionData, ...] = ()
    candidates: tuple[CandidateData, ...] = ()
    scores: tuple[ScoreData, ...] = ()
    conversations: tuple[ConversationData, ...] = ()
    # Step 3
    charter: CharterRecords | None = None
    # Step 4
    pilots: tuple[PilotData, ...] = ()
    hypotheses: tuple[HypothesisData, ...] = ()
    lessons: tuple[LessonData, ...] = ()
    charter_changes: tuple[CharterChangeData, ...] = ()
    pilot_decisions: tuple[PilotDecisionData, ...] = ()
    # Step 5
    scaling_plan: ScalingPlanData | None = None
    scaling_actions: tuple[ScalingActionData, ...] = ()
    indicators: tuple[IndicatorData, ...] = ()
    readings: tuple[IndicatorReadingData, ...] = ()
    health_checks: tuple[HealthCheckData, ...] = ()
    health_responses: tuple[HealthResponseData, ...] = ()
    signals: tuple[VitalitySignalData, ...] = ()

    def actor(self, name: str) -> ActorData:
        return next(actor for actor in self.actors if actor.name == name)


def _actor(name, actor_type, sector, agency, influence, interest, **extra) -> ActorData:
    return ActorData(
        ref=ref("actor", name),
        name=name,
        actor_type=actor_type,
        sector=sector,
        agency=agency,
        influence=influence,
        interest=interest,
        **extra,
    )


def _flows(rows) -> tuple[FlowData, ...]:
    """Rows of (source name, direction, target name, flow_type, label, status[, extras])."""
    flows = []
    for number, (source, direction, target, flow_type, label, status, *extra) in enumerate(
        rows, start=1
    ):
        flows.append(
            FlowData(
                ref=f"flow:{number}",
                source=ref("actor", source),
                target=ref("actor", target),
                direction=direction,
                flow_type=flow_type,
                status=status,
                label=label,
                **(extra[0] if extra else {}),
            )
        )
    return tuple(flows)


def _scores(criteria, rows) -> tuple[ScoreData, ...]:
    """rows: candidate name → values in criterion order (None = not scored)."""
    return tuple(
        ScoreData(ref("candidate", name), criterion.ref, value)
        for name, values in rows.items()
        for criterion, value in zip(criteria, values, strict=True)
        if value is not None
    )


# =============================================================================================
# B1 "Riverside"
# =============================================================================================

CITY = "City of Port Calder \u2013 Parks & Recreation"  # en dash, as in the scenario
COUNTY = "Calder County Board of Commissioners"
FOUNDATION = "Millrace Park Foundation"
DISTRICT = "Calder Parks & Trails District"
HARTWELL = "Hartwell Family Foundation"
BANK = "First Harbor Bank"
TRANSIT = "Calder Regional Transit Authority"
EASTBANK = "Eastbank Neighbourhood Association"
TENANTS = "Millrace Tenants' Union"
BID = "Riverfront Business Improvement District"
YOUTH = "Calder Youth Soccer League"
FUTURE = "Future park users (2050)"

B1_ACTORS = (
    _actor(
        CITY, "organisation", "public", "high", 5, 5, relationship="governor", stance="supportive"
    ),
    _actor(
        COUNTY, "organisation", "public", "high", 4, 2, relationship="governor", stance="neutral"
    ),
    _actor(
        FOUNDATION,
        "organisation",
        "civil_society",
        "high",
        3,
        5,
        relationship="provider",
        stance="supportive",
        is_convenor=True,
    ),
    _actor(
        DISTRICT,
        "organisation",
        "public",
        "high",
        4,
        3,
        relationship="investor",
        stance="supportive",
    ),
    _actor(
        HARTWELL,
        "organisation",
        "philanthropic",
        "high",
        4,
        2,
        relationship="investor",
        stance="supportive",
    ),
    _actor(
        BANK, "organisation", "private", "high", 3, 2, relationship="investor", stance="neutral"
    ),
    _actor(
        TRANSIT, "organisation", "public", "high", 4, 2, relationship="provider", stance="neutral"
    ),
    _actor(
        EASTBANK, "community", "community", "high", 2, 5, relationship="user", stance="supportive"
    ),
    _actor(
        TENANTS,
        "community",
        "community",
        "low",
        1,
        5,
        relationship="affected_bystander",
        stance="resistant",
    ),
    _actor(
        BID,
        "organisation",
        "private",
        "high",
        2,
        3,
        relationship="beneficiary",
        stance="supportive",
    ),
    _actor(
        YOUTH, "community", "civil_society", "high", 1, 2, relationship="user", stance="neutral"
    ),
    _actor(
        FUTURE,
        "future_generations",
        "other",
        "none",
        1,
        4,
        relationship="beneficiary",
        stance="unknown",
        proxy=ref("actor", CITY),
    ),
)

B1_FLOWS = _flows(
    [
        (
            DISTRICT,
            "one_way",
            CITY,
            "money",
            "Sales-tax capital allocation (30 % of district receipts)",
            "proposed",
            {"amount": D("4500000"), "amount_unit": "per_year"},
        ),
        (
            HARTWELL,
            "one_way",
            FOUNDATION,
            "money",
            "Lead gift, pledged over 5 years",
            "proposed",
            {"amount": D("10000000"), "amount_unit": "one_off"},
        ),
        (
            BANK,
            "one_way",
            FOUNDATION,
            "money",
            "Corporate gift (wants Riverwalk naming)",
            "proposed",
            {"amount": D("1500000"), "amount_unit": "one_off"},
        ),
        (
            FOUNDATION,
            "one_way",
            CITY,
            "money",
            "Private capital for construction",
            "proposed",
            {"amount": D("25000000"), "amount_unit": "one_off"},
        ),
        (
            CITY,
            "one_way",
            FOUNDATION,
            "authority_permission",
            "Master operating agreement: fundraise, programme, co-manage",
            "proposed",
        ),
        (
            CITY,
            "one_way",
            YOUTH,
            "services",
            "Field permits and pitch maintenance",
            "existing",
            {"quality": "strained"},
        ),
        (
            TRANSIT,
            "one_way",
            EASTBANK,
            "services",
            "Route 12 bus, hourly, stop 0.6 mi from park",
            "existing",
            {"quality": "adequate"},
        ),
        (
            TRANSIT,
            "two_way",
            CITY,
            "information_data",
            "Joint station-area planning for a Millrace BRT stop",
            "proposed",
        ),
        (
            EASTBANK,
            "one_way",
            CITY,
            "information_data",
            "Resident priorities and 311 reports",
            "existing",
            {"quality": "adequate"},
        ),
        (
            TENANTS,
            "two_way",
            FOUNDATION,
            "trust_reputation",
            "Community benefits commitments (local hiring, no-displacement pledge)",
            "missing",
        ),
        (
            BID,
            "one_way",
            FOUNDATION,
            "money",
            "Annual maintenance contribution",
            "proposed",
            {"amount": D("250000"), "amount_unit": "per_year"},
        ),
        (
            COUNTY,
            "one_way",
            DISTRICT,
            "authority_permission",
            "Ballot authorisation and board appointments",
            "existing",
            {"quality": "adequate"},
        ),
        (
            FOUNDATION,
            "one_way",
            EASTBANK,
            "services",
            "Free programming: concerts, nature walks",
            "proposed",
        ),
        (
            YOUTH,
            "one_way",
            CITY,
            "money",
            "Field permit fees",
            "existing",
            {"quality": "adequate", "amount": D("38000"), "amount_unit": "per_year"},
        ),
    ]
)

G1 = "Park cut off by highway and rail; no safe walking route"
G2 = "No transit stop within a 10-minute walk"
G3 = "Displacement fears; no community benefits agreement"
G4 = "Maintenance money runs out after capital works"


def _actor_refs(*names):
    return tuple(ref("actor", name) for name in names)


B1_GAPS = (
    GapData(ref("gap", G1), G1, "unmet_need", 5, 4, _actor_refs(EASTBANK, TENANTS, YOUTH)),
    GapData(
        ref("gap", G2),
        G2,
        "missing_flow",
        4,
        5,
        _actor_refs(EASTBANK, TENANTS, TRANSIT),
        ("flow:7", "flow:8"),
    ),
    GapData(
        ref("gap", G3), G3, "conflict_hotspot", 5, 3, _actor_refs(TENANTS, EASTBANK), ("flow:10",)
    ),
    GapData(ref("gap", G4), G4, "unmet_need", 4, 4, _actor_refs(CITY, FOUNDATION), ("flow:11",)),
)

B1_PURPOSE_STATEMENT = (
    "Reconnect Millrace Park to the neighbourhoods around it and keep it free, safe and well kept"
    " for everyone, with public ownership, public access and decisions made in the open."
)
B1_PURPOSE = SharedPurposeData(
    statement=B1_PURPOSE_STATEMENT,
    addresses_gaps=tuple(gap.ref for gap in B1_GAPS),
    time_horizon_years=20,
    geographic_scope="Millrace Park (60 acres) and its approaches across Route 9 and the rail line",
)

B1_FORCES = (
    ForceAssessmentData("control_vs_capabilities", 3, 1),
    ForceAssessmentData("short_term_vs_ecosystem_health", 3, 1),
    ForceAssessmentData("exploitation_vs_synergy", 2, 1),
    ForceAssessmentData("control_vs_capabilities", 4, 5),
    ForceAssessmentData("short_term_vs_ecosystem_health", 4, 5),
    ForceAssessmentData("exploitation_vs_synergy", 3, 5),
)

# --- B1 step 2 -------------------------------------------------------------------------------

P1_NAME = "Commitment to free public access and equity"
B1_CRITERIA = (
    CriterionData(ref("criterion", P1_NAME), P1_NAME, "values_alignment", D(25), 3, 1),
    CriterionData(
        ref("criterion", "Long-term maintenance funding capacity"),
        "Long-term maintenance funding capacity",
        "financial_capacity",
        D(20),
        None,
        2,
    ),
    CriterionData(
        ref("criterion", "Community trust in Eastbank and Millrace"),
        "Community trust in Eastbank and Millrace",
        "trust_legitimacy",
        D(15),
        None,
        3,
    ),
    CriterionData(
        ref("criterion", "Transit and access capability"),
        "Transit and access capability",
        "complementary_capability",
        D(15),
        None,
        4,
    ),
    CriterionData(
        ref("criterion", "Capital funding capacity"),
        "Capital funding capacity",
        "financial_capacity",
        D(15),
        None,
        5,
    ),
    CriterionData(
        ref("criterion", "Transparency: open meetings and shared decisions"),
        "Transparency: open meetings and shared decisions",
        "culture_ways_of_working",
        D(10),
        None,
        6,
    ),
)


def _candidate(name, status, rationale=""):
    return CandidateData(ref("candidate", name), ref("actor", name), name, status, rationale)


B1_CANDIDATES = (
    _candidate(DISTRICT, "selected", "Tax-funded capital; steward of public money"),
    _candidate(TRANSIT, "selected", "Only party that can fix access (G2)"),
    _candidate(HARTWELL, "selected", "Lead gift; long-term commitment"),
    _candidate(EASTBANK, "selected", "Community legitimacy"),
    _candidate(
        BID, "declined_by_us", "Prefers a funding agreement for maintenance; engage by contract"
    ),
    _candidate(
        BANK,
        "declined_by_us",
        "Fails free-access gate (wants exclusive event rights); engage by gift agreement only",
    ),
    _candidate(TENANTS, "in_conversation", "Not yet willing to join; offered a community seat"),
)

B1_SCORES = _scores(
    B1_CRITERIA,
    {
        DISTRICT: (5, 4, 3, 2, 5, 5),
        TRANSIT: (4, 2, 3, 5, 2, 4),
        HARTWELL: (4, 3, 3, 1, 5, 3),
        EASTBANK: (5, 1, 5, 2, 1, 5),
        BID: (3, 4, 2, 2, 3, 2),
        BANK: (2, 2, 2, 1, 4, 2),
        TENANTS: (5, None, 5, None, None, 4),
    },
)

B1_CONVERSATIONS = (
    ConversationData(ref("candidate", DISTRICT), date(2026, 2, 10), "high", "eager"),
    ConversationData(
        ref("candidate", TRANSIT),
        date(2026, 2, 12),
        "medium",
        "conditional",
        "BRT stop only if the City funds signalised crossings",
    ),
    ConversationData(ref("candidate", HARTWELL), date(2026, 2, 13), "high", "willing"),
    ConversationData(ref("candidate", EASTBANK), date(2026, 2, 16), "high", "willing"),
    ConversationData(
        ref("candidate", TENANTS),
        date(2026, 2, 18),
        "medium",
        "conditional",
        "written no-displacement pledge and local hiring before we join",
    ),
    ConversationData(
        ref("candidate", BANK),
        date(2026, 2, 19),
        "medium",
        "conditional",
        "Riverwalk naming and 12 private events a year",
    ),
)

# --- B1 step 3 -------------------------------------------------------------------------------


def party_ref(name: str) -> str:
    return ref("party", name)


P1, P2, P3, P4, P5, P6, P7 = (
    party_ref(name) for name in (CITY, FOUNDATION, DISTRICT, TRANSIT, HARTWELL, EASTBANK, COUNTY)
)

B1_PARTIES = (
    CharterPartyData(
        P1,
        ref("actor", CITY),
        CITY,
        "core",
        "Dana Whitfield",
        "Director of Parks & Recreation",
        True,
        "A renovated park the City can afford to maintain",
        "Non-City maintenance funding and capital works",
        1,
        1,
    ),
    CharterPartyData(
        P2,
        ref("actor", FOUNDATION),
        FOUNDATION,
        "core",
        "Marcus Lee",
        "President & CEO; backbone and secretariat",
        True,
        "Raise private capital and run free programming",
        "A co-management role and a lasting endowment",
        2,
        2,
    ),
    CharterPartyData(
        P3,
        ref("actor", DISTRICT),
        DISTRICT,
        "core",
        "Rosa Delgado",
        "Executive Director",
        True,
        "Spend sales-tax receipts on visible public benefit",
        "Bond-covenant reporting and a showcase project",
        3,
        3,
    ),
    CharterPartyData(
        P4,
        ref("actor", TRANSIT),
        TRANSIT,
        "core",
        "Ken Ishikawa",
        "Chief Planning Officer",
        True,
        "park ridership on the new BRT",
        "fare revenue and federal match",
        4,
        4,
    ),
    CharterPartyData(
        P5,
        ref("actor", HARTWELL),
        HARTWELL,
        "core",
        "Ellen Hartwell",
        "Trustee",
        True,
        "A lasting legacy in a free public park",
        "Recognition: Hartwell Meadow for 10 years",
        5,
        5,
    ),
    CharterPartyData(
        P6,
        ref("actor", EASTBANK),
        EASTBANK,
        "core",
        "Amara Osei",
        "President",
        True,
        "free programming and a vote",
        "benefits in V4",
        6,
        6,
    ),
    CharterPartyData(
        P7,
        ref("actor", COUNTY),
        COUNTY,
        "observer",
        "Commissioner Lydia Park",
        "Appointing authority for the District board",
        False,
        order=7,
        id=7,
    ),
)

BOARD = ref("body", "Park Partnership Board")
CAC = ref("body", "Community Advisory Council")
CAPITAL = ref("body", "Capital Projects Committee")

B1_BODIES = (
    GoverningBodyData(
        BOARD,
        "Park Partnership Board",
        "board",
        "co_chairs",
        "bimonthly",
        quorum_count=6,
        purpose="Sets strategy and budget; incl. ≥ 1 community seat for quorum",
    ),
    GoverningBodyData(
        CAC,
        "Community Advisory Council",
        "community_forum",
        "elected",
        "monthly",
        quorum_count=2,
        purpose="Voice of residents and park users",
    ),
    GoverningBodyData(
        CAPITAL,
        "Capital Projects Committee",
        "working_group",
        "fixed_party",
        "monthly",
        quorum_count=3,
        chair_party=P1,
        purpose="Oversees the capital construction programme",
    ),
)

B1_SEATS = (
    SeatData(BOARD, P1, 1, "City seat 1"),
    SeatData(BOARD, P1, 1, "City seat 2"),
    SeatData(BOARD, P2, 1, "Foundation seat 1"),
    SeatData(BOARD, P2, 1, "Foundation seat 2"),
    SeatData(BOARD, P3, 1, "District"),
    SeatData(BOARD, P4, 1, "Transit Authority"),
    SeatData(BOARD, P5, 1, "Hartwell Family Foundation"),
    SeatData(BOARD, P6, 1, "Eastbank Neighbourhood Association"),
    SeatData(BOARD, None, 1, "Millrace Tenants' Union community seat"),
    SeatData(BOARD, P7, 0, "County observer"),
    SeatData(CAC, P6, 1, "Eastbank Neighbourhood Association"),
    SeatData(CAC, None, 1, "Millrace Tenants' Union"),
    SeatData(CAC, None, 1, "Youth sports representative"),
    SeatData(CAPITAL, P1, 1, "City"),
    SeatData(CAPITAL, P2, 1, "Foundation"),
    SeatData(CAPITAL, P3, 1, "District"),
    SeatData(CAPITAL, P5, 1, "Hartwell Family Foundation"),
)

SUPER = D("66.67")
B1_DECISION_RULES = (
    DecisionRuleData(
        "decision_rule:1",
        "strategy_budget",
        "supermajority",
        BOARD,
        None,
        SUPER,
        (P1,),
        scope_detail="Master plan and annual capital programme",
    ),
    DecisionRuleData(
        "decision_rule:2",
        "workplan",
        "consensus",
        BOARD,
        deadlock_fallback="majority_at_next_meeting",
        scope_detail="Operating budget and maintenance plan",
    ),
    DecisionRuleData(
        "decision_rule:3",
        "admission",
        "supermajority",
        BOARD,
        None,
        SUPER,
        scope_detail="New partners",
    ),
    DecisionRuleData(
        "decision_rule:4",
        "amendment",
        "unanimity",
        BOARD,
        deadlock_fallback="status_quo",
        scope_detail="Charter changes",
    ),
    DecisionRuleData(
        "decision_rule:5",
        "exit_dissolution",
        "supermajority",
        BOARD,
        None,
        SUPER,
        scope_detail="Dissolution",
    ),
    DecisionRuleData(
        "decision_rule:6",
        "other",
        "supermajority",
        BOARD,
        None,
        SUPER,
        (P1, P6),
        scope_detail="Free access, fees, closures > 3 days/year for private events",
    ),
    DecisionRuleData(
        "decision_rule:7",
        "expenditure",
        "supermajority",
        BOARD,
        None,
        SUPER,
        scope_detail="Foundation funds over $1,000,000",
    ),
    DecisionRuleData(
        "decision_rule:8",
        "operational",
        "delegated",
        None,
        P2,
        scope_detail="Day-to-day programming and maintenance within approved plan",
    ),
    DecisionRuleData(
        "decision_rule:9",
        "brand_publication",
        "supermajority",
        BOARD,
        None,
        SUPER,
        (P1,),
        scope_detail="Naming of park features (never the park; max 10 years)",
    ),
)

RACI_NAMES = (
    "Capital construction programme",
    "Capital campaign fundraising",
    "Daily maintenance and horticulture",
    "Free community programming",
    "Transit connection (BRT stop and crossings)",
    "Public reporting and open meetings",
)
RACI_CODES_BY_ROW = (
    "ARRCIC",
    "CAIIRI",
    "ARIIIC",
    "CAIIIR",
    "RICAIC",
    "CAIIII",
)
B1_RACI_ACTIVITIES = tuple(
    RaciActivityData(ref("raci", name), name, order)
    for order, name in enumerate(RACI_NAMES, start=1)
)
B1_RACI_ASSIGNMENTS = tuple(
    RaciAssignmentData(activity.ref, party, code)
    for activity, codes in zip(B1_RACI_ACTIVITIES, RACI_CODES_BY_ROW, strict=True)
    for party, code in zip((P1, P2, P3, P4, P5, P6), codes, strict=True)
)


def _contribution(number, party, kind, description, method, value, **extra):
    return ContributionData(
        ref=f"contribution:{number}",
        party=party,
        contribution_type=kind,
        valuation_method=method,
        status="pledged",
        value=None if value is None else D(value),
        description=description,
        **extra,
    )


B1_CONTRIBUTIONS = (
    _contribution(
        1, P3, "cash", "Sales-tax capital allocation, $4.5M a year x 5", "actual", 22500000
    ),
    _contribution(2, P5, "cash", "Lead gift", "actual", 10000000, channelled_via=P2),
    _contribution(
        3,
        P2,
        "cash",
        "Capital campaign, other donors (incl. $1.5M First Harbor Bank gift)",
        "actual",
        20000000,
    ),
    _contribution(4, P2, "staff_time", "Conservancy staff, $600k a year x 5", "actual", 3000000),
    _contribution(5, P1, "cash", "City capital budget", "actual", 8000000),
    _contribution(
        6,
        P1,
        "staff_time",
        "Maintenance crews and project management, $1.2M a year x 5",
        "actual",
        6000000,
    ),
    _contribution(7, P1, "land_access", "Park land (60 acres)", "not_monetised", None),
    _contribution(8, P4, "cash", "BRT stop, signals and crossings", "actual", 6000000),
    _contribution(
        9,
        P6,
        "volunteer_time",
        "Volunteer maintenance pods and events: 10,000 h x 33.00",
        "agreed_rate",
        330000,
        quantity=D(10000),
        unit_rate=D("33.00"),
    ),
)

V1 = ref("value_stream", "Earned income (concessions, event rentals, parking)")
V2 = ref("value_stream", "Operating and maintenance cost share (pain share)")
V6 = ref("value_stream", "Capital contingency release")
B1_VALUE_STREAMS = (
    ValueStreamData(
        V1,
        "Earned income (concessions, event rentals, parking)",
        "monetary",
        "fixed_percentage",
        D(900000),
        "per_year",
        source_description="Concessions, event rentals and parking in the park",
    ),
    ValueStreamData(
        V2,
        "Operating and maintenance cost share (pain share)",
        "monetary",
        "fixed_percentage",
        D(2400000),
        "per_year",
        source_description="The yearly cost of operating and maintaining the park",
    ),
    ValueStreamData(
        ref("value_stream", "Donor recognition"),
        "Donor recognition",
        "non_monetary",
        "recognition",
        eligible_parties=(P5,),
        source_description="“Hartwell Meadow” named for 10 years; donor wall",
    ),
    ValueStreamData(
        ref("value_stream", "Community benefits"),
        "Community benefits",
        "non_monetary",
        "needs_based",
        eligible_parties=(P6,),
        source_description="Construction and park jobs",
        beneficiaries_text=(
            "Eastbank and Millrace residents: 30 % of construction hours to Calder residents;"
            " 15 paid youth jobs a year"
        ),
    ),
    ValueStreamData(
        ref("value_stream", "Park data"),
        "Park data",
        "non_monetary",
        "open_access",
        eligible_parties=(P1, P2),
        source_description="Visitor counts and surveys",
        beneficiaries_text="Everyone, through the City open-data portal",
    ),
    ValueStreamData(
        V6,
        "Capital contingency release",
        "monetary",
        "equal_split",
        D(100000),
        "one_off",
        eligible_parties=(P1, P2, P3),
        source_description="Unspent capital contingency",
    ),
    ValueStreamData(
        ref("value_stream", "Park-generated transit ridership"),
        "Park-generated transit ridership",
        "monetary",
        "other",
        eligible_parties=(P4,),
        source_description="fare revenue from park trips accrues to the Transit Authority",
    ),
)

B1_ALLOCATIONS = (
    ValueAllocationData(V1, D("50.00"), recipient_label="Maintenance endowment"),
    ValueAllocationData(V1, D("30.00"), recipient_label="Free community programming fund"),
    ValueAllocationData(V1, D("20.00"), party=P1),
    ValueAllocationData(V2, D("55.00"), party=P1),
    ValueAllocationData(V2, D("30.00"), party=P2),
    ValueAllocationData(V2, D("15.00"), party=P3),
)

B1_ESCALATION = (
    EscalationStepData(1, "City park administrator and Foundation COO", "direct_talks", 15),
    EscalationStepData(2, "Board co-chairs", "senior_review", 30),
    EscalationStepData(
        3, "Calder Community Dispute Resolution Center; costs shared equally", "mediation", 60
    ),
    EscalationStepData(
        4,
        "City Council decides public land-use matters under the City Charter; otherwise"
        " withdrawal under exit terms",
        "external_authority",
        None,
    ),
)

B1_RISKS = (
    RiskItemData(
        "risk:1",
        "A 9-seat board slows decisions",
        "coordination_overhead",
        3,
        3,
        P2,
        "Delegate day-to-day decisions to the Foundation (R8)",
    ),
    RiskItemData(
        "risk:2",
        "Green gentrification tension with tenants",
        "conflict",
        4,
        5,
        P1,
        "Community seat on the Board; no-displacement pledge",
    ),
    RiskItemData(
        "risk:3",
        "Campaign relies on one lead donor",
        "dependency",
        3,
        4,
        P2,
        "Broaden the donor base before the second phase",
    ),
    RiskItemData(
        "risk:4",
        "Naming-rights backlash",
        "reputational",
        2,
        3,
        P1,
        "Never name the park; naming limited to 10 years (R9)",
    ),
    RiskItemData(
        "risk:5",
        "Sales-tax receipts fall in a recession",
        "financial",
        3,
        4,
        P3,
        "Phase the capital programme; keep a contingency",
    ),
)

SIGNING_PARTIES = (P1, P2, P3, P4, P5, P6)
B1_VERSIONS = (
    CharterVersionData(1, date(2026, 3, 25), SIGNING_PARTIES),
    CharterVersionData(
        2,
        date(2026, 11, 20),
        SIGNING_PARTIES,
        "Pilot lessons; participatory budget; no-displacement pledge in V4 text",
    ),
)
B1_SIGN_OFFS = (
    SignOffData(1, P1, "agree"),
    SignOffData(1, P2, "agree"),
    SignOffData(1, P3, "agree"),
    SignOffData(
        1, P4, "agree_with_reservations", note="Subject to Transit board capital approval in June"
    ),
    SignOffData(1, P5, "agree"),
    SignOffData(1, P6, "object", note="No-displacement pledge missing"),
    *(SignOffData(2, party, "agree") for party in SIGNING_PARTIES),
)

B1_CHARTER = CharterData(
    title="Millrace Park Partnership Charter",
    agreement_type="mou",
    effective_date=date(2026, 4, 1),
    term_end_date=date(2046, 3, 31),
    review_date=date(2028, 3, 31),
    vision=B1_PURPOSE_STATEMENT,  # defaults from the shared purpose
    objectives=(
        "Open two safe crossings and a BRT stop by 2029.\n"
        "Keep the park free and open, with no more than 3 private-event closure days a year.\n"
        "Cover 45 % of maintenance from non-City sources by 2030.\n"
        "30 % of construction hours to Calder residents."
    ),
    principles=("transparency", "equity", "openness", "accountability", "Free and open to all"),
    scope_in="Millrace Park, its approaches, and programming in the park",
    scope_out=(
        "Commercial development on park land; policing; housing policy (partners support, but do"
        " not run, the City's anti-displacement ordinance)"
    ),
    governance_model="network_administrative_org",
    ip_background="each_retains",
    ip_results="generator_owns_licence_to_all",
    data_sharing=(
        "Visitor counts and surveys published on the City open-data portal quarterly. The donor"
        " database stays confidential to the Foundation."
    ),
    branding_communications="Joint brand use needs Board approval.",
    exit_notice_days=180,
    exit_triggers=("voluntary", "material_breach", "no_longer_viable", "regulatory_change"),
    exit_obligations=(
        "Capital improvements vest in the City on completion. On Foundation exit, endowment funds"
        " go to a successor conservancy or a City trust fund restricted to Millrace Park. The"
        " District's obligations follow its bond covenants. Donor restrictions are honoured."
        " Records go to the City within 60 days."
    ),
    dissolution="By 2/3 Board vote or at term end unless renewed",
    admission_process=(
        "Proposed by any party; 60-day consultation with the Community Advisory Council; Board 2/3"
    ),
    review_cadence_months=24,
    pro_rata_basis="pledged",
)

# The charter as entered in step 3 (the v1 content). The step-4 lessons' changes are recorded in
# B1_CHARTER_CHANGES (applied in v2) rather than folded in here.
B1_CHARTER_RECORDS = CharterRecords(
    charter=B1_CHARTER,
    parties=B1_PARTIES,
    bodies=B1_BODIES,
    seats=B1_SEATS,
    decision_rules=B1_DECISION_RULES,
    raci_activities=B1_RACI_ACTIVITIES,
    raci_assignments=B1_RACI_ASSIGNMENTS,
    contributions=B1_CONTRIBUTIONS,
    value_streams=B1_VALUE_STREAMS,
    allocations=B1_ALLOCATIONS,
    escalation_steps=B1_ESCALATION,
    risks=B1_RISKS,
    versions=B1_VERSIONS,
    sign_offs=B1_SIGN_OFFS,
    purpose_statement=B1_PURPOSE_STATEMENT,
    step1_submitted=True,
    convenor_actor=ref("actor", FOUNDATION),
    selected_candidate_actors=_actor_refs(DISTRICT, TRANSIT, HARTWELL, EASTBANK),
)

# --- B1 step 4 -------------------------------------------------------------------------------

PILOT_1, PILOT_2 = "pilot:1", "pilot:2"
B1_PILOTS = (
    PilotData(
        PILOT_1,
        "Millrace Connector pilot",
        1,
        date(2026, 5, 1),
        date(2026, 10, 31),
        (P1, P2, P4, P6),
        "completed",
        objective=(
            "Test whether temporary crossings, a pop-up bus stop, free weekend events and"
            " volunteer pods bring Eastbank and Millrace residents into the park"
        ),
        scope=(
            "Painted crossing and temporary signal at the Route 9 underpass; pop-up Route 12 stop"
            " at the north gate on weekends; 12 free weekend events; volunteer litter-pick pods"
        ),
        budget_cash=D(180000),
        charter_version=1,
    ),
    # Only the dates of the second iteration are given in the scenario.
    PilotData(PILOT_2, "Millrace Connector pilot 2", 2, date(2026, 11, 15), date(2027, 4, 30)),
)


def _hypothesis(
    title, category, criticality, belief, metric, unit, comparator, target, result, **extra
):
    return HypothesisData(
        ref=ref("hypothesis", title),
        pilot=PILOT_1,
        title=title,
        category=category,
        criticality=criticality,
        belief=belief,
        test_method=extra.pop("test_method", "Measure during the pilot"),
        metric=metric,
        unit=unit,
        comparator=comparator,
        target_value=D(target),
        result_value=D(result),
        **extra,
    )


B1_HYPOTHESES = (
    _hypothesis(
        "Neighbours come",
        "value",
        1,
        "Eastbank and Millrace residents will visit more once the park is reachable",
        "Change in weekend visits by Eastbank/Millrace residents vs April baseline",
        "%",
        "gte",
        30,
        41,
    ),
    _hypothesis(
        "Pop-up stop used",
        "operational",
        2,
        "Residents will ride Route 12 to the park if a stop is at the gate",
        "Boardings at pop-up stop per weekend day",
        "count",
        "gte",
        150,
        96,
        test_method=(
            "Run a pop-up weekend stop at the north gate for 26 weekends and count boardings"
        ),
    ),
    _hypothesis(
        "Volunteers carry litter-picking",
        "collaboration_process",
        2,
        "Volunteer pods will do a large share of litter picking",
        "Share of litter-pick hours done by volunteer pods",
        "%",
        "gte",
        40,
        45,
    ),
    _hypothesis(
        "Tenants feel welcome",
        "stakeholder_acceptance",
        1,
        "Millrace residents will feel the park is for them",
        "Millrace residents agreeing “the park is for people like me”",
        "%",
        "gte",
        60,
        48,
    ),
    _hypothesis(
        "Board decides promptly",
        "collaboration_process",
        3,
        "A 9-seat board can still decide at its first meeting",
        "Board proposals decided at first meeting",
        "%",
        "gte",
        80,
        83,
    ),
    _hypothesis(
        "Crossing wait acceptable",
        "operational",
        3,
        "A temporary signal keeps waits short enough",
        "Median wait at temporary signal",
        "seconds",
        "between",
        30,
        70,
        target_value_max=D(90),
    ),
)

B1_LESSONS = (
    LessonData(
        "lesson:1",
        PILOT_1,
        "Hourly buses and a stop at the wrong gate kept boardings low",
        "did_not_work",
        (ref("hypothesis", "Pop-up stop used"),),
    ),
    LessonData(
        "lesson:2",
        PILOT_1,
        "Events were programmed for tenants, not with them",
        "did_not_work",
        (ref("hypothesis", "Tenants feel welcome"),),
    ),
)

B1_CHARTER_CHANGES = (
    CharterChangeData(
        "lesson:1",
        "roles",
        "Activity 5: Eastbank NA moves from C to R (chooses stop site with Transit)",
        2,
    ),
    CharterChangeData(
        "lesson:2",
        "value",
        "New stream V8 'Participatory programming budget', $40,000 per_year, needs_based,"
        " eligible P6, beneficiaries 'Millrace and Eastbank residents'",
        2,
    ),
    CharterChangeData(
        "lesson:2",
        "decisions",
        "R10 operational: spending V8; body Community Advisory Council; simple_majority",
        2,
    ),
)

B1_PILOT_DECISIONS = (
    PilotDecisionData(
        PILOT_1,
        "iterate",
        "Access works (H1, H6) but transit and belonging do not; run a second pilot with"
        " 20-minute weekend buses and co-programming",
        date(2026, 11, 10),
    ),
)

# --- B1 step 5 -------------------------------------------------------------------------------

B1_SCALING_PLAN = ScalingPlanData(
    summary=(
        "Finish the connector, then copy it along the riverfront, bring tenants in as partners,"
        " and lock the cost share into City law"
    ),
    preconditions="Pilot 2 meets H2 and H4 targets",
    horizon_end=date(2031, 3, 31),
)

B1_SCALING_ACTIONS = (
    ScalingActionData(
        "scaling_action:1",
        "replicate",
        "Apply the connector model to three riverfront parks",
        P2,
        date(2029, 12, 31),
        target_context="Calder Point, Ferry Landing, Old Mill parks",
    ),
    ScalingActionData(
        "scaling_action:2",
        "add_partners",
        "Bring Millrace Tenants' Union in as a full party (later: Calder Public Schools,"
        " outdoor classroom)",
        P2,
        date(2028, 6, 30),
        new_actors=_actor_refs(TENANTS),
    ),
    ScalingActionData(
        "scaling_action:3",
        "institutionalise",
        "Put the maintenance cost share (V2) into a City ordinance; prepare the 2045 tax renewal",
        P1,
        date(2028, 12, 31),
    ),
    ScalingActionData(
        "scaling_action:4",
        "expand_scope",
        "Extend the partnership to the 2-mile riverfront trail",
        P3,
        date(2030, 6, 30),
    ),
    ScalingActionData(
        "scaling_action:5", "diversify", "Green-jobs programme with the BID", P2, date(2029, 6, 30)
    ),
)


def _indicator(
    code, name, kind, unit, direction, baseline, target, warning, frequency, owner, source
):
    return IndicatorData(
        ref=ref("indicator", name),
        name=name,
        indicator_type=kind,
        unit=unit,
        direction=direction,
        baseline=D(baseline),
        target=D(target),
        warning_threshold=D(warning),
        frequency=frequency,
        data_source=source,
        owner=owner,
    )


HIGHER, LOWER = "higher_is_better", "lower_is_better"
B1_INDICATORS = (
    _indicator(
        "J1",
        "Weekend visits from adjacent neighbourhoods",
        "outcome",
        "visits/day",
        HIGHER,
        "1150",
        "1600",
        "1300",
        "quarterly",
        P2,
        "Gate counters + postcode intercepts",
    ),
    _indicator(
        "J2",
        "Maintenance cost covered by non-City sources",
        "outcome",
        "%",
        HIGHER,
        "20",
        "45",
        "35",
        "annual",
        P1,
        "City budget report",
    ),
    _indicator(
        "J3",
        "Millrace residents: “park is for people like me”",
        "outcome",
        "%",
        HIGHER,
        "48",
        "65",
        "55",
        "annual",
        P1,
        "Resident survey",
    ),
    _indicator(
        "J4",
        "Disputes escalated beyond ladder step 1",
        "vitality_decay",
        "count/quarter",
        LOWER,
        "0",
        "0",
        "1",
        "quarterly",
        P2,
        "Ladder log",
    ),
    _indicator(
        "J5",
        "Board attendance (voting seats)",
        "partnership_health",
        "%",
        HIGHER,
        "89",
        "90",
        "75",
        "quarterly",
        P2,
        "Board minutes",
    ),
    _indicator(
        "J6",
        "Largest party share of cash",
        "vitality_decay",
        "%",
        LOWER,
        "33.83",
        "40",
        "50",
        "annual",
        P2,
        "Contribution ledger",
    ),
)
J1, J2, J3, J4, J5, J6 = (indicator.ref for indicator in B1_INDICATORS)

B1_READINGS = (
    IndicatorReadingData(J1, date(2027, 6, 30), D("1420")),
    IndicatorReadingData(J2, date(2027, 12, 31), D("46")),
    IndicatorReadingData(J3, date(2027, 12, 31), D("52")),
    IndicatorReadingData(J4, date(2027, 6, 30), D("1")),
    IndicatorReadingData(J5, date(2027, 6, 30), D("78")),
    IndicatorReadingData(J6, date(2027, 3, 31), D("33.83")),
)

B1_HEALTH_CHECKS = (
    HealthCheckData("health_check:1", date(2027, 9, 15)),
)  # scheduled, no responses

B1 = TeamScenario(
    name="Riverside",
    convenor_actor=ref("actor", FOUNDATION),
    fit_check=FitCheckData("no", "partly", "no", "no"),
    forces=B1_FORCES,
    actors=B1_ACTORS,
    flows=B1_FLOWS,
    gaps=B1_GAPS,
    purpose=B1_PURPOSE,
    criteria=B1_CRITERIA,
    candidates=B1_CANDIDATES,
    scores=B1_SCORES,
    conversations=B1_CONVERSATIONS,
    charter=B1_CHARTER_RECORDS,
    pilots=B1_PILOTS,
    hypotheses=B1_HYPOTHESES,
    lessons=B1_LESSONS,
    charter_changes=B1_CHARTER_CHANGES,
    pilot_decisions=B1_PILOT_DECISIONS,
    scaling_plan=B1_SCALING_PLAN,
    scaling_actions=B1_SCALING_ACTIONS,
    indicators=B1_INDICATORS,
    readings=B1_READINGS,
    health_checks=B1_HEALTH_CHECKS,
)

# =============================================================================================
# B2 "City Hall" (steps 1-2)
# =============================================================================================

B2_COUNTY = "Calder County"
B2_CRTA = "Calder Regional Transit Authority (CRTA)"
B2_EASTBANK = "Eastbank Neighborhood Association"
B2_BID = "Riverfront BID"
COUNCIL = "Port Calder City Council"

B2_ACTORS = (
    _actor(CITY, "organisation", "public", "high", 5, 5, stance="supportive", is_convenor=True),
    _actor(FOUNDATION, "organisation", "civil_society", "high", 4, 4, stance="supportive"),
    _actor(DISTRICT, "organisation", "public", "high", 4, 3, stance="supportive"),
    _actor(B2_COUNTY, "organisation", "public", "high", 4, 3, stance="neutral"),
    _actor(HARTWELL, "organisation", "philanthropic", "high", 3, 2, stance="supportive"),
    _actor(B2_CRTA, "organisation", "public", "high", 4, 3, stance="neutral"),
    _actor(B2_EASTBANK, "community", "community", "high", 2, 4, stance="supportive"),
    _actor(B2_BID, "organisation", "private", "high", 3, 3, stance="supportive"),
    _actor(COUNCIL, "organisation", "public", "high", 5, 2, stance="neutral"),
)

B2_FLOWS = _flows(
    [
        (DISTRICT, "one_way", CITY, "money", "Sales-tax allocation", "proposed"),
        (FOUNDATION, "one_way", CITY, "money", "Private capital", "proposed"),
        (CITY, "one_way", FOUNDATION, "authority_permission", "Operating agreement", "proposed"),
        (HARTWELL, "one_way", FOUNDATION, "money", "Lead gift", "proposed"),
        (B2_CRTA, "one_way", CITY, "information_data", "Stop planning", "proposed"),
        (B2_BID, "one_way", CITY, "money", "Maintenance contribution", "proposed"),
        (
            B2_EASTBANK,
            "one_way",
            CITY,
            "influence_advocacy",
            "Lobbying for free access",
            "existing",
        ),
        (COUNCIL, "one_way", CITY, "authority_permission", "Budget appropriation", "existing"),
    ]
)

B2_GAP_TITLE = "Maintenance budget cut 12 %"
B2_GAPS = (GapData(ref("gap", B2_GAP_TITLE), B2_GAP_TITLE, "unmet_need", 4, 4, _actor_refs(CITY)),)
B2_PURPOSE = SharedPurposeData(
    "A renovated Millrace Park the City can afford to keep up for 20 years.",
    addresses_gaps=(ref("gap", B2_GAP_TITLE),),
)

B2_CRITERIA = (
    CriterionData(
        ref("criterion", "Capital and operating funding capacity"),
        "Capital and operating funding capacity",
        "financial_capacity",
        D("0.35"),
        None,
        1,
    ),
    CriterionData(
        ref("criterion", "Operational capability (maintenance, programming)"),
        "Operational capability (maintenance, programming)",
        "technical_capacity",
        D("0.25"),
        None,
        2,
    ),
    CriterionData(
        ref("criterion", "Alignment with the City's equity and free-access policy"),
        "Alignment with the City's equity and free-access policy",
        "values_alignment",
        D("0.20"),
        None,
        3,
    ),
    CriterionData(
        ref("criterion", "Political and public legitimacy"),
        "Political and public legitimacy",
        "trust_legitimacy",
        D("0.10"),
        None,
        4,
    ),
    CriterionData(
        ref("criterion", "20-year commitment"),
        "20-year commitment",
        "long_term_vision",
        D("0.10"),
        None,
        5,
    ),
)

# The scenario leaves the selected candidates' rationale blank but expects step 2 complete,
# which needs one (3.5), so a short rationale is supplied.
B2_CANDIDATES = (
    _candidate(DISTRICT, "selected", "Administers the sales tax that funds the renovation"),
    _candidate(FOUNDATION, "selected", "Raises private capital and can co-manage"),
    _candidate(HARTWELL, "declined_by_us", "City policy: donors do not sit on governance bodies"),
    _candidate(B2_CRTA, "selected", "Needed for the transit stop"),
    _candidate(B2_BID, "parked"),
)

B2_SCORES = _scores(
    B2_CRITERIA,
    {
        DISTRICT: (5, 2, 5, 4, 5),
        FOUNDATION: (4, 4, 4, 3, 5),
        HARTWELL: (5, 1, 4, 3, 3),
        B2_CRTA: (2, 3, 4, 4, 4),
        B2_BID: (3, 3, 2, 2, 3),
    },
)

B2_CONVERSATIONS = (
    ConversationData(ref("candidate", DISTRICT), date(2026, 2, 11), "high", "eager"),
    ConversationData(ref("candidate", FOUNDATION), date(2026, 2, 12), "high", "willing"),
    ConversationData(ref("candidate", B2_CRTA), date(2026, 2, 13), "medium", "willing"),
)

B2 = TeamScenario(
    name="City Hall",
    convenor_actor=ref("actor", CITY),
    fit_check=FitCheckData("no", "no", "no"),
    actors=B2_ACTORS,
    flows=B2_FLOWS,
    gaps=B2_GAPS,
    purpose=B2_PURPOSE,
    criteria=B2_CRITERIA,
    candidates=B2_CANDIDATES,
    scores=B2_SCORES,
    conversations=B2_CONVERSATIONS,
)

# =============================================================================================
# B3 "Sponsors" (deliberately sparse)
# =============================================================================================

B3_CITY = "City of Port Calder"

B3_ACTORS = (
    _actor(BANK, "organisation", "private", "high", 4, 4, is_convenor=True),
    _actor(FOUNDATION, "organisation", "civil_society", "high", 3, 5),
    _actor(B3_CITY, "organisation", "public", "high", 5, 5),
    _actor(B2_BID, "organisation", "private", "high", 3, 3),
)
B3_FLOWS = _flows(
    [
        (
            BANK,
            "one_way",
            FOUNDATION,
            "money",
            "Corporate gift",
            "proposed",
            {"amount": D("1500000"), "amount_unit": "one_off"},
        )
    ]
)
B3_CRITERIA = (
    CriterionData(
        ref("criterion", "Capital funding"), "Capital funding", "financial_capacity", D(60), None, 1
    ),
    CriterionData(
        ref("criterion", "Construction capability"),
        "Construction capability",
        "technical_capacity",
        D(40),
        None,
        2,
    ),
)
B3_CANDIDATES = (_candidate(FOUNDATION, "shortlisted"), _candidate(B3_CITY, "shortlisted"))
B3_SCORES = _scores(B3_CRITERIA, {FOUNDATION: (4, 2), B3_CITY: (5, None)})

B3 = TeamScenario(
    name="Sponsors",
    convenor_actor=ref("actor", BANK),
    actors=B3_ACTORS,
    flows=B3_FLOWS,
    criteria=B3_CRITERIA,
    candidates=B3_CANDIDATES,
    scores=B3_SCORES,
)
