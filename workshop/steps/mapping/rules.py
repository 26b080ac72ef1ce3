"""Step 1 derived values as pure functions over plain data (DOMAIN.md 2.1-2.5, 8.2-8.4).

Records arrive as the frozen dataclasses below; a foreign key is the target's ``ref``
(``"actor:calder-county"``), a many-to-many a tuple of refs. Nothing here touches the ORM.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from workshop.steps.checks import Alert
from workshop.steps.derived import pct_str, percent, sort_ranked

# Enumeration codes (DOMAIN.md 2.1-2.5); the models' TextChoices use the same codes.
YES, PARTLY, NO, UNSURE = "yes", "partly", "no", "unsure"
FIT_ANSWERS = (YES, PARTLY, NO)
CONTRACT_ANSWERS = (YES, NO, UNSURE)
FIT_QUESTIONS = ("can_achieve_alone", "needs_rapid_unilateral_decisions", "ip_risk_unmitigable")
PROCEED, PROCEED_WITH_CAVEATS, RECONSIDER = "proceed", "proceed_with_caveats", "reconsider"
FIT_VERDICTS = (PROCEED, PROCEED_WITH_CAVEATS, RECONSIDER)

FORCES = ("control_vs_capabilities", "short_term_vs_ecosystem_health", "exploitation_vs_synergy")

ACTOR_TYPES = (
    "organisation",
    "community",
    "individual",
    "ecosystem",
    "future_generations",
    "ai_agent",
)
# The "no non-human or future actor" warning looks for these (stakeholder-architecture).
NON_HUMAN_OR_FUTURE_TYPES = ("ecosystem", "future_generations")
SECTORS = (
    "public",
    "private",
    "civil_society",
    "community",
    "academic",
    "philanthropic",
    "other",
)
RELATIONSHIPS = ("user", "provider", "governor", "investor", "beneficiary", "affected_bystander")
AGENCIES = ("high", "low", "none")
STANCES = ("supportive", "neutral", "resistant", "unknown")

DIRECTIONS = ("one_way", "two_way")
TANGIBLE_FLOW_TYPES = (
    "money",
    "goods_materials",
    "services",
    "land_water_access",
    "authority_permission",
    "in_kind_labour",
)
INTANGIBLE_FLOW_TYPES = (
    "information_data",
    "knowledge_expertise",
    "trust_reputation",
    "influence_advocacy",
)
FLOW_TYPES = TANGIBLE_FLOW_TYPES + INTANGIBLE_FLOW_TYPES
FLOW_STATUSES = ("existing", "proposed", "missing")
FLOW_QUALITIES = ("strong", "adequate", "strained", "conflict")

GAP_TYPES = (
    "unmet_need",
    "missing_flow",
    "underused_resource",
    "duplication",
    "conflict_hotspot",
    "unheard_stakeholder",
)

MANAGE_CLOSELY, KEEP_SATISFIED, KEEP_INFORMED, MONITOR = (
    "manage_closely",
    "keep_satisfied",
    "keep_informed",
    "monitor",
)
QUADRANTS = (MANAGE_CLOSELY, KEEP_SATISFIED, KEEP_INFORMED, MONITOR)
DEFAULT_QUADRANT_THRESHOLD = 3

# Warning limits of 2.7: "under 25 %" and "more than 60 %" (the limits themselves are fine).
MIN_INTANGIBLE_PCT = Decimal(25)
MAX_HUB_PCT = Decimal(60)


@dataclass(frozen=True)
class FitCheckData:
    can_achieve_alone: str = ""
    needs_rapid_unilateral_decisions: str = ""
    ip_risk_unmitigable: str = ""
    contract_would_suffice: str = ""

    @property
    def answered(self) -> bool:
        return all(getattr(self, question) in FIT_ANSWERS for question in FIT_QUESTIONS)


@dataclass(frozen=True)
class ForceAssessmentData:
    force: str
    position: int
    recorded_in_step: int
    note: str = ""


@dataclass(frozen=True)
class ActorData:
    ref: str
    name: str
    actor_type: str
    agency: str
    influence: int
    interest: int
    proxy: str | None = None
    is_convenor: bool = False
    sector: str = ""
    relationship: str = ""
    stance: str = ""

    @property
    def voiceless(self) -> bool:
        return self.agency == "none"


@dataclass(frozen=True)
class FlowData:
    ref: str
    source: str
    target: str
    direction: str
    flow_type: str
    status: str
    label: str = ""
    quality: str = ""
    amount: Decimal | None = None
    amount_unit: str = ""

    @property
    def actors(self) -> frozenset[str]:
        return frozenset((self.source, self.target))


@dataclass(frozen=True)
class GapData:
    ref: str
    title: str
    gap_type: str
    severity: int
    opportunity: int
    affected_actors: tuple[str, ...] = ()
    related_flows: tuple[str, ...] = ()


@dataclass(frozen=True)
class SharedPurposeData:
    statement: str
    addresses_gaps: tuple[str, ...] = ()
    time_horizon_years: int | None = None
    geographic_scope: str = ""


# --- 2.1 Fit check ---------------------------------------------------------------------------


def fit_verdict(fit: FitCheckData) -> str:
    """First match wins: any ``yes`` → reconsider, any ``partly`` → caveats, else proceed."""
    answers = [getattr(fit, question) for question in FIT_QUESTIONS]
    if YES in answers:
        return RECONSIDER
    if PARTLY in answers:
        return PROCEED_WITH_CAVEATS
    return PROCEED


def fit_warnings(fit: FitCheckData) -> tuple[Alert, ...]:
    """One warning per ``yes`` answer, plus one when a contract would suffice; never blocking."""
    messages = {
        "can_achieve_alone": _(
            "You could reach your objective as efficiently alone; a partnership may not pay off."
        ),
        "needs_rapid_unilateral_decisions": _(
            "You need rapid unilateral decisions; consensus-building will slow you down."
        ),
        "ip_risk_unmitigable": _(
            "The risk to your intellectual property cannot be mitigated; the pattern advises"
            " against partnering."
        ),
    }
    alerts = [
        Alert(f"fit_{question}", messages[question])
        for question in FIT_QUESTIONS
        if getattr(fit, question) == YES
    ]
    if fit.contract_would_suffice == YES:
        alerts.append(
            Alert(
                "fit_contract_would_suffice",
                _("A contract may be enough; you may not need a partner."),
            )
        )
    return tuple(alerts)


# --- 8.2 Quadrant ----------------------------------------------------------------------------


def quadrant(influence: int, interest: int, threshold: int = DEFAULT_QUADRANT_THRESHOLD) -> str:
    """Mendelow grid; a value equal to the threshold counts as high."""
    high_influence, high_interest = influence >= threshold, interest >= threshold
    if high_influence and high_interest:
        return MANAGE_CLOSELY
    if high_influence:
        return KEEP_SATISFIED
    if high_interest:
        return KEEP_INFORMED
    return MONITOR


def quadrants(
    actors: Iterable[ActorData], threshold: int = DEFAULT_QUADRANT_THRESHOLD
) -> dict[str, str]:
    """Actor ref → quadrant code, in actor order."""
    return {actor.ref: quadrant(actor.influence, actor.interest, threshold) for actor in actors}


def quadrant_counts(
    actors: Iterable[ActorData], threshold: int = DEFAULT_QUADRANT_THRESHOLD
) -> dict[str, int]:
    """Every quadrant code → number of actors in it (zeros included, in grid order)."""
    counts = Counter(quadrants(actors, threshold).values())
    return {code: counts[code] for code in QUADRANTS}


# --- 8.3 Network metrics ---------------------------------------------------------------------


def tangibility(flow_type: str) -> str:
    return "intangible" if flow_type in INTANGIBLE_FLOW_TYPES else "tangible"


def degrees(actors: Iterable[ActorData], flows: Iterable[FlowData]) -> dict[str, int]:
    """Actor ref → number of flows touching it; a two-way flow is one flow, so it counts once."""
    result = {actor.ref: 0 for actor in actors}
    for flow in flows:
        for ref in flow.actors:
            if ref in result:
                result[ref] += 1
    return result


def isolated_actors(actors: Sequence[ActorData], flows: Iterable[FlowData]) -> tuple[str, ...]:
    return tuple(ref for ref, degree in degrees(actors, flows).items() if degree == 0)


def hub_share(actors: Iterable[ActorData], flows: Sequence[FlowData]) -> Decimal | None:
    """% of flows touching the convenor; None with no convenor or no flows."""
    convenor = next((actor.ref for actor in actors if actor.is_convenor), None)
    if convenor is None:
        return None
    return percent(sum(1 for flow in flows if convenor in flow.actors), len(flows))


def intangible_share(flows: Sequence[FlowData]) -> Decimal | None:
    """% of flows that are intangible (Allee); None with no flows."""
    intangible = sum(1 for flow in flows if flow.flow_type in INTANGIBLE_FLOW_TYPES)
    return percent(intangible, len(flows))


def counts_by(values: Iterable[str], codes: Sequence[str]) -> dict[str, int]:
    """Every code → count, zeros included, in enumeration order (fixed columns across teams)."""
    counts = Counter(values)
    return {code: counts[code] for code in codes}


@dataclass(frozen=True)
class NetworkMetrics:
    flow_count: int
    degrees: dict[str, int]
    isolated: tuple[str, ...]
    hub_share: Decimal | None
    intangible_share: Decimal | None
    by_type: dict[str, int]
    by_status: dict[str, int]
    voiceless: tuple[str, ...]


def network_metrics(actors: Sequence[ActorData], flows: Sequence[FlowData]) -> NetworkMetrics:
    actor_degrees = degrees(actors, flows)
    return NetworkMetrics(
        flow_count=len(flows),
        degrees=actor_degrees,
        isolated=tuple(ref for ref, degree in actor_degrees.items() if degree == 0),
        hub_share=hub_share(actors, flows),
        intangible_share=intangible_share(flows),
        by_type=counts_by((flow.flow_type for flow in flows), FLOW_TYPES),
        by_status=counts_by((flow.status for flow in flows), FLOW_STATUSES),
        voiceless=tuple(actor.ref for actor in actors if actor.voiceless),
    )


def network_warnings(actors: Sequence[ActorData], flows: Sequence[FlowData]) -> tuple[Alert, ...]:
    """The non-blocking warnings of 2.7, in the order listed there."""
    alerts = []
    names = {actor.ref: actor.name for actor in actors}
    isolated = isolated_actors(actors, flows)
    if isolated:
        alerts.append(
            Alert(
                "isolated_actors",
                _("Not connected by any flow: %(names)s.")
                % {"names": ", ".join(names[ref] for ref in isolated)},
                isolated,
            )
        )
    if not any(actor.actor_type in NON_HUMAN_OR_FUTURE_TYPES for actor in actors):
        alerts.append(
            Alert(
                "no_non_human_or_future_actor",
                _(
                    "No ecosystem or future-generations actor: who speaks for nature and the"
                    " future?"
                ),
            )
        )
    intangible = intangible_share(flows)
    if intangible is not None and intangible < MIN_INTANGIBLE_PCT:
        alerts.append(
            Alert(
                "low_intangible_share",
                _(
                    "Intangible flows are %(share)s %% of all flows (under 25 %%): are trust,"
                    " knowledge and information missing from the map?"
                )
                % {"share": pct_str(intangible)},
            )
        )
    hub = hub_share(actors, flows)
    if hub is not None and hub > MAX_HUB_PCT:
        convenor = next(actor for actor in actors if actor.is_convenor)
        alerts.append(
            Alert(
                "hub_dependency",
                _("%(share)s %% of flows touch the convenor (more than 60 %%): hub dependency.")
                % {"share": pct_str(hub)},
                (convenor.ref,),
            )
        )
    return tuple(alerts)


# --- 8.4 Gap priority ------------------------------------------------------------------------


def gap_priority(gap: GapData) -> int:
    return gap.severity * gap.opportunity


@dataclass(frozen=True)
class RankedGap:
    gap: GapData
    priority: int
    rank: int


def rank_gaps(gaps: Iterable[GapData]) -> tuple[RankedGap, ...]:
    """Priority descending, then title; equal priorities share a rank (1, 1, 3)."""
    ranked = sort_ranked(gaps, value=gap_priority, name=lambda gap: gap.title)
    return tuple(RankedGap(gap, gap_priority(gap), rank) for gap, rank in ranked)
