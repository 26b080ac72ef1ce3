"""Step 3 records (DOMAIN.md 4.1-4.9): the charter, its parts, versions, sign-offs and comments.

Derived values (shares, votes needed, allocations, completeness, status) are never stored: they are
computed from `snapshot.build_snapshot()` through rules.py on every render.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshop.steps.base import TeamRecord
from workshop.text import LABEL_MAX, LONG_MAX, NAME_MAX, SHORT_MAX

MONEY = {"max_digits": 14, "decimal_places": 2}


def _short(label, **kw):
    return models.TextField(label, blank=True, validators=[MaxLengthValidator(SHORT_MAX)], **kw)


def _long(label):
    return models.TextField(label, blank=True, validators=[MaxLengthValidator(LONG_MAX)])


def _range(label, low, high, **kw):
    return models.SmallIntegerField(
        label, validators=[MinValueValidator(low), MaxValueValidator(high)], **kw
    )


class AgreementType(models.TextChoices):
    PARTNERING_AGREEMENT = "partnering_agreement", _("Partnering agreement (non-binding)")
    MOU = "mou", _("Memorandum of understanding")
    COLLABORATION_AGREEMENT = "collaboration_agreement", _("Collaboration agreement")
    BINDING_CONTRACT = "binding_contract", _("Binding contract")


class Principle(models.TextChoices):
    EQUITY = "equity", _("Equity")
    TRANSPARENCY = "transparency", _("Transparency")
    MUTUAL_BENEFIT = "mutual_benefit", _("Mutual benefit")
    DIVERSITY = "diversity", _("Diversity")
    OPENNESS = "openness", _("Openness")
    COURAGE = "courage", _("Courage")
    ACCOUNTABILITY = "accountability", _("Accountability")


class GovernanceModel(models.TextChoices):
    LEAD_ORGANISATION = "lead_organisation", _("Lead organisation")
    SHARED_PARTICIPANT = "shared_participant", _("Shared by the participants")
    NETWORK_ADMINISTRATIVE_ORG = (
        "network_administrative_org",
        _("Network administrative organisation (backbone)"),
    )
    HYBRID = "hybrid", _("Hybrid")


class IpBackground(models.TextChoices):
    EACH_RETAINS = "each_retains", _("Each party keeps its own")
    LICENSED_TO_PARTNERSHIP = "licensed_to_partnership", _("Licensed to the partnership")
    OTHER = "other", _("Other")


class IpResults(models.TextChoices):
    JOINT = "joint", _("Owned jointly")
    GENERATOR_OWNS = "generator_owns_licence_to_all", _("The creator owns it, licensed to all")
    LEAD_OWNS = "lead_owns_licence_to_all", _("The lead owns it, licensed to all")
    OPEN_LICENCE = "open_licence", _("Open licence")
    OTHER = "other", _("Other")


class ExitTrigger(models.TextChoices):
    VOLUNTARY = "voluntary", _("Voluntary withdrawal")
    MATERIAL_BREACH = "material_breach", _("Material breach")
    STOPPING_AS_SUCCESS = "stopping_as_success", _("Stopping because it succeeded")
    CHANGE_IN_STRATEGY = "change_in_strategy", _("Change in strategy")
    NO_LONGER_VIABLE = "no_longer_viable", _("No longer viable")
    REGULATORY_CHANGE = "regulatory_change", _("Regulatory change")


class ProRataBasis(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    DELIVERED = "delivered", _("Delivered")


class PdfPart(models.TextChoices):
    """The parts of the charter PDF a team may leave out (DOMAIN.md 4.11): the context section and
    the annexes, which show other steps' records; the agreed sections are always printed."""

    CONTEXT = "context", _("Section: Context and ecosystem")
    ANNEX_MAP = "annex_map", _("Annex: Ecosystem map")
    ANNEX_GRID = "annex_grid", _("Annex: Power and interest grid")
    ANNEX_SELECTION = "annex_selection", _("Annex: Partner selection (criteria and ranking)")
    ANNEX_PILOT = "annex_pilot", _("Annex: Pilot plan and learning")
    ANNEX_SCALING = "annex_scaling", _("Annex: Scaling plan")
    ANNEX_INDICATORS = "annex_indicators", _("Annex: Monitoring plan (indicators)")
    ANNEX_HEALTH = "annex_health", _("Annex: Latest health check")


class Charter(TeamRecord):
    """One per team, edited as a live draft; each publish freezes a `CharterVersion`."""

    title = models.CharField(_("title"), max_length=LABEL_MAX)
    agreement_type = models.CharField(
        _("agreement type"),
        max_length=30,
        choices=AgreementType.choices,
        default=AgreementType.PARTNERING_AGREEMENT,
    )
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    term_end_date = models.DateField(_("term ends"), null=True, blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    vision = _long(_("vision"))
    objectives = _long(_("shared objectives (one per line)"))
    principles = models.JSONField(_("principles"), default=list, blank=True)
    scope_in = _long(_("in scope"))
    scope_out = _long(_("out of scope"))
    governance_model = models.CharField(
        _("governance model"), max_length=30, choices=GovernanceModel.choices, blank=True
    )
    ip_background = models.CharField(
        _("background IP"),
        max_length=30,
        choices=IpBackground.choices,
        default=IpBackground.EACH_RETAINS,
        blank=True,
    )
    ip_results = models.CharField(
        _("results IP"), max_length=40, choices=IpResults.choices, blank=True
    )
    ip_open_licence = models.CharField(_("open licence"), max_length=40, blank=True)
    data_sharing = _long(_("data sharing and confidentiality"))
    branding_communications = _short(_("branding and communications"))
    exit_notice_days = _range(_("exit notice (days)"), 0, 730, null=True, blank=True)
    exit_triggers = models.JSONField(_("exit triggers"), default=list, blank=True)
    exit_obligations = _long(_("obligations on exit"))
    dissolution = _short(_("dissolution"))
    admission_process = _short(_("admission process"))
    review_cadence_months = _range(_("review every (months)"), 1, 60, null=True, blank=True)
    pro_rata_basis = models.CharField(
        _("pro-rata basis"),
        max_length=10,
        choices=ProRataBasis.choices,
        default=ProRataBasis.PLEDGED,
    )
    # Presentation, not content: outside the version snapshot and the JSON interchange, and applied
    # to whichever version is previewed or downloaded (docs/charter-pdf.md).
    pdf_omit = models.JSONField(_("left out of the PDF"), default=list, blank=True)
    # The language the PDF prints its titles and labels in; empty = the workshop's language.
    pdf_language = models.CharField(
        _("charter language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team"], name="one_charter_per_team")]

    def __str__(self):
        return self.title


class CharterParty(TeamRecord):
    class Membership(models.TextChoices):
        CORE = "core", _("Core")
        ASSOCIATE = "associate", _("Associate")
        OBSERVER = "observer", _("Observer")

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="parties")
    actor = models.ForeignKey(
        "mapping.Actor", verbose_name=_("actor"), on_delete=models.PROTECT, related_name="parties"
    )
    membership = models.CharField(
        _("membership"), max_length=10, choices=Membership.choices, default=Membership.CORE
    )
    representative_name = models.CharField(_("representative"), max_length=NAME_MAX, blank=True)
    representative_role = models.CharField(
        _("representative's role"), max_length=LABEL_MAX, blank=True
    )
    has_authority_to_sign = models.BooleanField(_("has authority to sign"), null=True, blank=True)
    partner_objectives = _short(_("this partner's objectives"))
    what_they_bring = _short(_("what they bring"))
    what_they_gain = _short(_("what they gain"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The participant in the room who signs for this party; null = nobody here signs for it.
    signer = models.ForeignKey(
        "facilitation.Participant",
        verbose_name=_("signs in the workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signing_for",
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "actor"], name="one_party_per_actor")
        ]

    def __str__(self):
        # Named in full on the "cannot delete this actor" page (DOMAIN.md 1.5).
        return str(
            _("Charter party %(name)s (with its contributions, allocations and RACI entries)")
            % {"name": self.actor.name}
        )

    @property
    def name(self):
        return self.actor.name

    @property
    def can_sign(self):
        return self.membership in (self.Membership.CORE, self.Membership.ASSOCIATE)


class GoverningBody(TeamRecord):
    KEYS = {"name_key": "name"}

    class BodyType(models.TextChoices):
        STEERING_GROUP = "steering_group", _("Steering group")
        BOARD = "board", _("Board")
        MANAGEMENT_GROUP = "management_group", _("Management group")
        WORKING_GROUP = "working_group", _("Working group")
        SECRETARIAT = "secretariat", _("Secretariat")
        ADVISORY_PANEL = "advisory_panel", _("Advisory panel")
        COMMUNITY_FORUM = "community_forum", _("Community forum")

    class Chair(models.TextChoices):
        FIXED_PARTY = "fixed_party", _("A fixed party")
        ROTATING = "rotating", _("Rotating")
        CO_CHAIRS = "co_chairs", _("Co-chairs")
        INDEPENDENT = "independent", _("Independent chair")
        ELECTED = "elected", _("Elected")

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        FORTNIGHTLY = "fortnightly", _("Fortnightly")
        MONTHLY = "monthly", _("Monthly")
        BIMONTHLY = "bimonthly", _("Every two months")
        QUARTERLY = "quarterly", _("Quarterly")
        SEMIANNUAL = "semiannual", _("Twice a year")
        ANNUAL = "annual", _("Yearly")
        AS_NEEDED = "as_needed", _("As needed")

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(_("name"), max_length=NAME_MAX)
    name_key = models.CharField(max_length=NAME_MAX, editable=False)
    body_type = models.CharField(_("type"), max_length=30, choices=BodyType.choices)
    purpose = _short(_("purpose"))
    chair_arrangement = models.CharField(_("chair"), max_length=20, choices=Chair.choices)
    chair_party = models.ForeignKey(
        CharterParty,
        verbose_name=_("chairing party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rotation_months = _range(_("months per chair"), 1, 60, null=True, blank=True)
    rotation_order = models.ManyToManyField(
        CharterParty, verbose_name=_("rotation order"), blank=True, related_name="+"
    )
    meeting_frequency = models.CharField(
        _("meets"), max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    quorum_count = models.PositiveSmallIntegerField(_("quorum"), null=True, blank=True)
    quorum_condition = _short(_("quorum condition"))
    meetings_public = models.BooleanField(_("meetings are public"), default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name_key"], name="body_name_unique")
        ]

    def __str__(self):
        return self.name


class Seat(TeamRecord):
    body = models.ForeignKey(GoverningBody, on_delete=models.CASCADE, related_name="seats")
    party = models.ForeignKey(
        CharterParty,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="seats",
    )
    seat_label = models.CharField(_("seat"), max_length=LABEL_MAX, blank=True)
    votes = _range(_("votes"), 0, 10, default=1)
    represents_proxy_for = models.ForeignKey(
        "mapping.Actor",
        verbose_name=_("held on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.seat_label or (self.party.name if self.party else str(_("Independent seat")))


class DecisionRule(TeamRecord):
    class Scope(models.TextChoices):
        STRATEGY_BUDGET = "strategy_budget", _("Strategy and budget")
        WORKPLAN = "workplan", _("Work plan")
        EXPENDITURE = "expenditure", _("Expenditure")
        ADMISSION = "admission", _("Admitting partners")
        AMENDMENT = "amendment", _("Amending the charter")
        EXIT_DISSOLUTION = "exit_dissolution", _("Exit and dissolution")
        OPERATIONAL = "operational", _("Operational")
        EMERGENCY = "emergency", _("Emergency")
        BRAND_PUBLICATION = "brand_publication", _("Brand and publication")
        OTHER = "other", _("Other")

    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("Consensus")
        CONSENT = "consent", _("Consent (no paramount objection)")
        UNANIMITY = "unanimity", _("Unanimity")
        SIMPLE_MAJORITY = "simple_majority", _("Simple majority")
        SUPERMAJORITY = "supermajority", _("Supermajority")
        LEAD_DECIDES = "lead_decides_after_consultation", _("Lead decides after consultation")
        DELEGATED = "delegated", _("Delegated")

    class Fallback(models.TextChoices):
        ESCALATE_LADDER = "escalate_ladder", _("Go up the conflict ladder")
        STATUS_QUO = "status_quo", _("Keep the status quo")
        CHAIR_CASTING_VOTE = "chair_casting_vote", _("The chair has a casting vote")
        MAJORITY_AT_NEXT_MEETING = "majority_at_next_meeting", _("Majority at the next meeting")
        LEAD_DECIDES = "lead_decides", _("The lead decides")

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="decision_rules")
    scope = models.CharField(_("decision about"), max_length=30, choices=Scope.choices)
    scope_detail = models.CharField(_("detail"), max_length=LABEL_MAX, blank=True)
    body = models.ForeignKey(
        GoverningBody,
        verbose_name=_("decided by body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decision_rules",
    )
    decider = models.ForeignKey(
        CharterParty,
        verbose_name=_("or decided by party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField(_("method"), max_length=40, choices=Method.choices)
    threshold_pct = models.DecimalField(
        _("threshold (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    veto_parties = models.ManyToManyField(
        CharterParty, verbose_name=_("parties with a veto"), blank=True, related_name="+"
    )
    max_days_to_decide = _range(_("decide within (days)"), 1, 365, null=True, blank=True)
    deadlock_fallback = models.CharField(
        _("if deadlocked"), max_length=30, choices=Fallback.choices, blank=True
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.scope_detail or self.get_scope_display()


class RaciActivity(TeamRecord):
    KEYS = {"name_key": "name"}

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="raci_activities")
    name = models.CharField(_("activity"), max_length=LABEL_MAX)
    name_key = models.CharField(max_length=LABEL_MAX, editable=False)
    description = _short(_("description"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name_key"], name="raci_name_unique")
        ]

    def __str__(self):
        return self.name


class RaciAssignment(models.Model):
    """One cell of the RACI table; saved only with its whole row (the activity's version)."""

    class Code(models.TextChoices):
        R = "R", _("Responsible")
        A = "A", _("Accountable")
        C = "C", _("Consulted")
        I = "I", _("Informed")  # noqa: E741 - the RACI letter

    activity = models.ForeignKey(RaciActivity, on_delete=models.CASCADE, related_name="assignments")
    party = models.ForeignKey(CharterParty, on_delete=models.CASCADE, related_name="raci")
    code = models.CharField(max_length=1, choices=Code.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "party"], name="one_raci_code_per_cell")
        ]

    def __str__(self):
        return self.code


class Contribution(TeamRecord):
    class Type(models.TextChoices):
        CASH = "cash", _("Cash")
        STAFF_TIME = "staff_time", _("Staff time")
        VOLUNTEER_TIME = "volunteer_time", _("Volunteer time")
        LAND_ACCESS = "land_access", _("Land or access")
        EQUIPMENT_MATERIALS = "equipment_materials", _("Equipment and materials")
        DATA_KNOWLEDGE = "data_knowledge", _("Data and knowledge (incl. IP)")
        NETWORK_ACCESS = "network_access", _("Network access")
        REPUTATION_LEGITIMACY = "reputation_legitimacy", _("Reputation and legitimacy")
        OTHER = "other", _("Other")

    class Valuation(models.TextChoices):
        ACTUAL = "actual", _("Actual amount")
        AGREED_RATE = "agreed_rate", _("Agreed rate")
        MARKET_VALUE = "market_value", _("Market value")
        NOT_MONETISED = "not_monetised", _("Not monetised")

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        PARTIALLY_DELIVERED = "partially_delivered", _("Partially delivered")
        DELIVERED = "delivered", _("Delivered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="contributions")
    party = models.ForeignKey(
        CharterParty,
        verbose_name=_("from party"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    channelled_via = models.ForeignKey(
        CharterParty,
        verbose_name=_("channelled via"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="channelled",
    )
    contribution_type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    description = models.CharField(_("description"), max_length=LABEL_MAX)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    valuation_method = models.CharField(
        _("valued as"), max_length=20, choices=Valuation.choices, default=Valuation.ACTUAL
    )
    unit_rate = models.DecimalField(
        _("rate per unit"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(_("value"), null=True, blank=True, **MONEY)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLEDGED
    )
    delivered_value = models.DecimalField(_("delivered so far"), null=True, blank=True, **MONEY)
    for_pilot = models.BooleanField(_("for the pilot"), default=False)
    evidence = _short(_("evidence"))

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.description


class ValueStream(TeamRecord):
    KEYS = {"name_key": "name"}

    class Kind(models.TextChoices):
        MONETARY = "monetary", _("Monetary")
        NON_MONETARY = "non_monetary", _("Non-monetary")

    class Period(models.TextChoices):
        ONE_OFF = "one_off", _("One-off")
        PER_YEAR = "per_year", _("Per year")
        PER_EVENT = "per_event", _("Per event")

    class Mechanism(models.TextChoices):
        EQUAL_SPLIT = "equal_split", _("Equal split")
        PRO_RATA = "pro_rata_contribution", _("Pro rata to contributions")
        FIXED_PERCENTAGE = "fixed_percentage", _("Fixed percentages")
        OUTCOME_BASED = "outcome_based", _("Outcome-based")
        NEEDS_BASED = "needs_based", _("Needs-based")
        REINVEST = "reinvest_in_commons", _("Reinvested in the commons")
        OPEN_ACCESS = "open_access", _("Open access")
        RECOGNITION = "recognition", _("Recognition")
        OTHER = "other", _("Other")

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="value_streams")
    name = models.CharField(_("name"), max_length=LABEL_MAX)
    name_key = models.CharField(max_length=LABEL_MAX, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MONETARY)
    source_description = _short(_("how the value is created"))
    expected_amount = models.DecimalField(_("expected amount"), null=True, blank=True, **MONEY)
    amount_period = models.CharField(_("per"), max_length=20, choices=Period.choices, blank=True)
    mechanism = models.CharField(_("shared by"), max_length=30, choices=Mechanism.choices)
    outcome_metric = models.CharField(_("outcome metric"), max_length=LABEL_MAX, blank=True)
    outcome_formula = _short(_("outcome formula"))
    eligible_parties = models.ManyToManyField(
        CharterParty, verbose_name=_("parties who benefit"), blank=True, related_name="streams"
    )
    beneficiaries_text = _short(_("other beneficiaries"))
    trigger = _short(_("trigger"))
    sla_text = _short(_("service level"))
    quality_gate = _short(_("quality gate"))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name_key"], name="stream_name_unique")
        ]

    def __str__(self):
        return self.name


class ValueAllocation(models.Model):
    """A fixed percentage of a stream; all of a stream's rows are saved together (sum = 100.00)."""

    stream = models.ForeignKey(ValueStream, on_delete=models.CASCADE, related_name="allocations")
    party = models.ForeignKey(
        CharterParty,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="allocations",
    )
    recipient_label = models.CharField(_("or recipient"), max_length=LABEL_MAX, blank=True)
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.recipient_label or self.party_id}: {self.percentage} %"


class EscalationStep(TeamRecord):
    class Method(models.TextChoices):
        DIRECT_TALKS = "direct_talks", _("Direct talks")
        SENIOR_REVIEW = "senior_review", _("Senior review")
        FACILITATED_DIALOGUE = "facilitated_dialogue", _("Facilitated dialogue")
        MEDIATION = "mediation", _("Mediation")
        EXPERT_DETERMINATION = "expert_determination", _("Expert determination")
        ARBITRATION = "arbitration", _("Arbitration")
        WITHDRAWAL = "withdrawal", _("Withdrawal")
        EXTERNAL_AUTHORITY = "external_authority", _("External authority")

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="escalation_steps")
    order = models.PositiveSmallIntegerField(_("step"))
    level = models.CharField(_("level"), max_length=LABEL_MAX)
    who = _short(_("who"))
    method = models.CharField(_("method"), max_length=30, choices=Method.choices)
    max_days = _range(_("time limit (days)"), 1, 365, null=True, blank=True)
    cost_sharing = _short(_("cost sharing"))

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "order"], name="escalation_order_unique")
        ]

    def __str__(self):
        return f"{self.order}. {self.level}"


class RiskItem(TeamRecord):
    class Category(models.TextChoices):
        COORDINATION_OVERHEAD = "coordination_overhead", _("Coordination overhead")
        CONFLICT = "conflict", _("Conflict")
        DEPENDENCY = "dependency", _("Dependency")
        EXPLOITATION_IP = "exploitation_ip", _("Exploitation or IP")
        REPUTATIONAL = "reputational", _("Reputational")
        DELIVERY = "delivery", _("Delivery")
        REGULATORY = "regulatory", _("Regulatory")
        FINANCIAL = "financial", _("Financial")
        OTHER = "other", _("Other")

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(_("risk"), max_length=LABEL_MAX)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    likelihood = _range(_("likelihood (1-5)"), 1, 5)
    impact = _range(_("impact (1-5)"), 1, 5)
    owner = models.ForeignKey(
        CharterParty,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mitigation = _short(_("mitigation"))

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title


class CharterSectionStatus(TeamRecord):
    """A section the team marks not relevant, with why (DOMAIN.md 4.1); absent = derived."""

    class State(models.TextChoices):
        AUTO = "auto", _("Derived from the content")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="section_statuses")
    section = models.CharField(max_length=20)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.AUTO)
    justification = _short(_("why it is not relevant"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["charter", "section"], name="one_status_per_section")
        ]

    def __str__(self):
        return f"{self.section}: {self.state}"


class CharterVersion(models.Model):
    """A frozen snapshot; never edited after publication."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        "facilitation.Participant", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField()
    content_sha256 = models.CharField(max_length=64)
    change_summary = _short(_("what changed"))
    pdf = models.FileField(upload_to="charters/", blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "number"], name="version_number_unique")
        ]

    def __str__(self):
        return f"v{self.number}"

    @property
    def signing_parties(self) -> tuple[str, ...]:
        """Refs of the parties that could sign when this version was published."""
        return tuple(
            p["ref"]
            for p in self.snapshot.get("parties", [])
            if p["membership"] in ("core", "associate")
        )


class SignOff(models.Model):
    class Decision(models.TextChoices):
        AGREE = "agree", _("Agree")
        AGREE_WITH_RESERVATIONS = "agree_with_reservations", _("Agree with reservations")
        OBJECT = "object", _("Object")

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="sign_offs")
    party = models.ForeignKey(
        CharterParty, null=True, on_delete=models.SET_NULL, related_name="sign_offs"
    )
    party_ref = models.CharField(max_length=200)  # the party as named in the version's snapshot
    signer = models.ForeignKey(
        "facilitation.Participant", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer_name = models.CharField(_("signer"), max_length=NAME_MAX)
    signer_role = models.CharField(_("signer's role"), max_length=LABEL_MAX, blank=True)
    signed_at = models.DateTimeField(auto_now=True)
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices)
    note = _short(_("note"))

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party_ref"], name="one_sign_off_per_party")
        ]

    def __str__(self):
        return f"{self.party_ref}: {self.decision}"


class CharterComment(models.Model):
    """A comment on one section of one version (null version = on the draft)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(
        CharterVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    section = models.CharField(max_length=20)
    author_name = models.CharField(max_length=NAME_MAX)
    author_participant = models.ForeignKey(
        "facilitation.Participant", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_facilitator = models.BooleanField(default=False)
    # Sent through a remote sign-off link, by a party representative who is not in the room.
    by_remote = models.BooleanField(default=False)
    body = models.TextField(_("comment"), validators=[MaxLengthValidator(SHORT_MAX)])
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class RemoteSignInvite(models.Model):
    """An e-mailed link for one party's representative to read one version, comment and sign.

    Only the token's hash is stored: the raw token travels in the e-mail alone. Resending makes a
    new token (the old link dies); a newer published version supersedes the link.
    """

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="remote_invites"
    )
    party = models.ForeignKey(
        CharterParty, verbose_name=_("party"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("representative's name"), max_length=NAME_MAX)
    email = models.EmailField(_("representative's e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_on = models.DateField(_("link expires on"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="one_remote_link_per_party")
        ]

    def __str__(self):
        return self.email

    def state(self, latest_number, today=None) -> str:
        """ok, revoked, expired or superseded (a newer version is published)."""
        today = today or timezone.localdate()
        if self.revoked_at is not None:
            return "revoked"
        if latest_number is not None and latest_number > self.version.number:
            return "superseded"
        if today > self.expires_on:
            return "expired"
        return "ok"
