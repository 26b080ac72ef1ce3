"""Step 1 records (DOMAIN.md 2.1-2.6): fit check, forces, actors, flows, value gaps, shared purpose.

Derived values (quadrant, degree, priority, verdict) are never stored: rules.py computes them on render
from `as_data()` snapshots.
"""

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from workshop.steps.base import TeamRecord
from workshop.steps.mapping import rules
from workshop.text import LABEL_MAX, LONG_MAX, NAME_MAX, SHORT_MAX

PURPOSE_MIN, PURPOSE_MAX = 20, 600


def _scale(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


def _short(label):
    return models.TextField(label, blank=True, validators=[MaxLengthValidator(SHORT_MAX)])


def _long(label):
    return models.TextField(label, blank=True, validators=[MaxLengthValidator(LONG_MAX)])


class FitAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class ContractAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Unsure")


class FitCheck(TeamRecord):
    """The pattern's "when NOT to use" questions, answered first (one per team). Warns, never blocks."""

    can_achieve_alone = models.CharField(
        _("Could we reach our objective as efficiently alone?"),
        max_length=10,
        choices=FitAnswer.choices,
        blank=True,
    )
    needs_rapid_unilateral_decisions = models.CharField(
        _("Do we need rapid, unilateral decisions?"),
        max_length=10,
        choices=FitAnswer.choices,
        blank=True,
    )
    ip_risk_unmitigable = models.CharField(
        _("Is there a risk to our intellectual property we cannot mitigate?"),
        max_length=10,
        choices=FitAnswer.choices,
        blank=True,
    )
    contract_would_suffice = models.CharField(
        _("Would a simple contract be enough?"),
        max_length=10,
        choices=ContractAnswer.choices,
        blank=True,
    )
    notes = _short(_("notes"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team"], name="one_fit_check_per_team")]

    def __str__(self):
        return str(_("Fit check"))

    def as_data(self) -> rules.FitCheckData:
        return rules.FitCheckData(
            can_achieve_alone=self.can_achieve_alone,
            needs_rapid_unilateral_decisions=self.needs_rapid_unilateral_decisions,
            ip_risk_unmitigable=self.ip_risk_unmitigable,
            contract_would_suffice=self.contract_would_suffice,
        )

    @property
    def verdict(self) -> str:
        return rules.fit_verdict(self.as_data())


class Force(models.TextChoices):
    CONTROL_VS_CAPABILITIES = "control_vs_capabilities", _("Control vs external capabilities")
    SHORT_TERM_VS_ECOSYSTEM_HEALTH = (
        "short_term_vs_ecosystem_health",
        _("Short-term competition vs long-term ecosystem health"),
    )
    EXPLOITATION_VS_SYNERGY = "exploitation_vs_synergy", _("Exploitation risk vs synergy")


class ForceAssessment(TeamRecord):
    """Where the team stands on one of the pattern's tensions; recorded in step 1 and again in 5."""

    force = models.CharField(_("force"), max_length=40, choices=Force.choices)
    position = _scale(_("position"))
    note = _short(_("note"))
    recorded_in_step = models.PositiveSmallIntegerField(
        _("recorded in step"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["recorded_in_step", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "force", "recorded_in_step"], name="one_force_per_team_step"
            )
        ]

    def __str__(self):
        return self.get_force_display()

    def as_data(self) -> rules.ForceAssessmentData:
        return rules.ForceAssessmentData(
            self.force, self.position, self.recorded_in_step, self.note
        )


class Actor(TeamRecord):
    KEYS = {"name_key": "name"}

    class Type(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        COMMUNITY = "community", _("Community")
        INDIVIDUAL = "individual", _("Individual")
        ECOSYSTEM = "ecosystem", _("Ecosystem (non-human)")
        FUTURE_GENERATIONS = "future_generations", _("Future generations")
        AI_AGENT = "ai_agent", _("AI agent")

    class Sector(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        COMMUNITY = "community", _("Community")
        ACADEMIC = "academic", _("Academic")
        PHILANTHROPIC = "philanthropic", _("Philanthropic")
        OTHER = "other", _("Other")

    class Relationship(models.TextChoices):
        USER = "user", _("User")
        PROVIDER = "provider", _("Provider")
        GOVERNOR = "governor", _("Governor")
        INVESTOR = "investor", _("Investor")
        BENEFICIARY = "beneficiary", _("Beneficiary")
        AFFECTED_BYSTANDER = "affected_bystander", _("Affected bystander")

    class Agency(models.TextChoices):
        HIGH = "high", _("High")
        LOW = "low", _("Low")
        NONE = "none", _("None")

    class Stance(models.TextChoices):
        SUPPORTIVE = "supportive", _("Supportive")
        NEUTRAL = "neutral", _("Neutral")
        RESISTANT = "resistant", _("Resistant")
        UNKNOWN = "unknown", _("Unknown")

    name = models.CharField(_("name"), max_length=NAME_MAX)
    name_key = models.CharField(max_length=NAME_MAX, editable=False)
    actor_type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    relationship = models.CharField(
        _("relationship"), max_length=30, choices=Relationship.choices, blank=True
    )
    agency = models.CharField(
        _("agency"), max_length=10, choices=Agency.choices, default=Agency.HIGH
    )
    proxy = models.ForeignKey(
        "self",
        verbose_name=_("proxy (who speaks for it)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="represents",
    )
    influence = _scale(_("influence"))
    interest = _scale(_("interest"))
    stance = models.CharField(
        _("stance"), max_length=20, choices=Stance.choices, default=Stance.UNKNOWN
    )
    goals = _short(_("goals"))
    resources_held = _short(_("resources held"))
    is_convenor = models.BooleanField(_("the team's convenor"), default=False)
    notes = _short(_("notes"))
    # Map layout: the server computes positions; a dragged node keeps its place (pinned).
    map_x = models.FloatField(null=True, blank=True)
    map_y = models.FloatField(null=True, blank=True)
    map_pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["name_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name_key"], name="actor_name_unique"),
            models.UniqueConstraint(
                fields=["team"], condition=Q(is_convenor=True), name="one_convenor_per_team"
            ),
            models.CheckConstraint(condition=~Q(proxy=F("pk")), name="actor_not_own_proxy"),
        ]

    def __str__(self):
        return self.name

    @property
    def ref(self) -> str:
        return f"actor:{self.pk}"

    def as_data(self) -> rules.ActorData:
        return rules.ActorData(
            ref=self.ref,
            name=self.name,
            actor_type=self.actor_type,
            agency=self.agency,
            influence=self.influence,
            interest=self.interest,
            proxy=f"actor:{self.proxy_id}" if self.proxy_id else None,
            is_convenor=self.is_convenor,
            sector=self.sector,
            relationship=self.relationship,
            stance=self.stance,
        )

    @property
    def voiceless(self) -> bool:
        return self.agency == self.Agency.NONE


class Flow(TeamRecord):
    KEYS = {"label_key": "label"}

    class Direction(models.TextChoices):
        ONE_WAY = "one_way", _("One way")
        TWO_WAY = "two_way", _("Two way")

    class Type(models.TextChoices):
        MONEY = "money", _("Money")
        GOODS_MATERIALS = "goods_materials", _("Goods and materials")
        SERVICES = "services", _("Services")
        LAND_WATER_ACCESS = "land_water_access", _("Land or water access")
        AUTHORITY_PERMISSION = "authority_permission", _("Authority or permission")
        IN_KIND_LABOUR = "in_kind_labour", _("In-kind labour")
        INFORMATION_DATA = "information_data", _("Information and data")
        KNOWLEDGE_EXPERTISE = "knowledge_expertise", _("Knowledge and expertise")
        TRUST_REPUTATION = "trust_reputation", _("Trust and reputation")
        INFLUENCE_ADVOCACY = "influence_advocacy", _("Influence and advocacy")

    class Status(models.TextChoices):
        EXISTING = "existing", _("Existing")
        PROPOSED = "proposed", _("Proposed")
        MISSING = "missing", _("Missing")

    class Quality(models.TextChoices):
        STRONG = "strong", _("Strong")
        ADEQUATE = "adequate", _("Adequate")
        STRAINED = "strained", _("Strained")
        CONFLICT = "conflict", _("Conflict")

    source = models.ForeignKey(
        Actor, verbose_name=_("from"), on_delete=models.CASCADE, related_name="flows_out"
    )
    target = models.ForeignKey(
        Actor, verbose_name=_("to"), on_delete=models.CASCADE, related_name="flows_in"
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.ONE_WAY
    )
    flow_type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    label = models.CharField(_("what passes"), max_length=LABEL_MAX)
    label_key = models.CharField(max_length=LABEL_MAX, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.EXISTING
    )
    quality = models.CharField(_("quality"), max_length=10, choices=Quality.choices, blank=True)
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    amount_unit = models.CharField(_("amount unit"), max_length=30, blank=True)
    strength = models.PositiveSmallIntegerField(
        _("strength"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    notes = _short(_("notes"))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="flow_not_self"),
        ]

    def __str__(self):
        return self.label

    @property
    def ref(self) -> str:
        return f"flow:{self.pk}"

    @property
    def tangibility(self) -> str:
        return rules.tangibility(self.flow_type)

    def as_data(self) -> rules.FlowData:
        return rules.FlowData(
            ref=self.ref,
            source=f"actor:{self.source_id}",
            target=f"actor:{self.target_id}",
            direction=self.direction,
            flow_type=self.flow_type,
            status=self.status,
            label=self.label,
            quality=self.quality,
            amount=self.amount,
            amount_unit=self.amount_unit,
        )


class ValueGap(TeamRecord):
    KEYS = {"title_key": "title"}

    class Type(models.TextChoices):
        UNMET_NEED = "unmet_need", _("Unmet need")
        MISSING_FLOW = "missing_flow", _("Missing flow")
        UNDERUSED_RESOURCE = "underused_resource", _("Underused resource")
        DUPLICATION = "duplication", _("Duplication")
        CONFLICT_HOTSPOT = "conflict_hotspot", _("Conflict hotspot")
        UNHEARD_STAKEHOLDER = "unheard_stakeholder", _("Unheard stakeholder")

    title = models.CharField(_("title"), max_length=LABEL_MAX)
    title_key = models.CharField(max_length=LABEL_MAX, editable=False)
    gap_type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    description = _long(_("description"))
    affected_actors = models.ManyToManyField(
        Actor, verbose_name=_("affected actors"), blank=True, related_name="gaps"
    )
    related_flows = models.ManyToManyField(
        Flow, verbose_name=_("related flows"), blank=True, related_name="gaps"
    )
    severity = _scale(_("severity"))
    opportunity = _scale(_("opportunity"))
    collaboration_idea = _short(_("collaboration idea"))

    class Meta:
        ordering = ["title_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "title_key"], name="gap_title_unique")
        ]

    def __str__(self):
        return self.title

    @property
    def ref(self) -> str:
        return f"gap:{self.pk}"

    @property
    def priority(self) -> int:
        return self.severity * self.opportunity

    def as_data(self) -> rules.GapData:
        """Reads the prefetched M2M (prefetch `affected_actors`, `related_flows` to avoid N+1)."""
        return rules.GapData(
            ref=self.ref,
            title=self.title,
            gap_type=self.gap_type,
            severity=self.severity,
            opportunity=self.opportunity,
            affected_actors=tuple(f"actor:{a.pk}" for a in self.affected_actors.all()),
            related_flows=tuple(f"flow:{f.pk}" for f in self.related_flows.all()),
        )


class SharedPurpose(TeamRecord):
    statement = models.TextField(
        _("shared purpose"), blank=True, validators=[MaxLengthValidator(PURPOSE_MAX)]
    )
    long_term_vision = _long(_("long-term vision"))
    geographic_scope = models.CharField(_("geographic scope"), max_length=LABEL_MAX, blank=True)
    time_horizon_years = models.PositiveSmallIntegerField(
        _("time horizon (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    beneficiaries = _short(_("beneficiaries"))
    addresses_gaps = models.ManyToManyField(
        ValueGap, verbose_name=_("gaps it addresses"), blank=True, related_name="purposes"
    )
    success_looks_like = _short(_("success looks like"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team"], name="one_purpose_per_team")]

    def __str__(self):
        return self.statement[:60]

    def as_data(self) -> rules.SharedPurposeData:
        return rules.SharedPurposeData(
            statement=self.statement,
            addresses_gaps=tuple(f"gap:{g.pk}" for g in self.addresses_gaps.all()),
            time_horizon_years=self.time_horizon_years,
            geographic_scope=self.geographic_scope,
        )


class SuggestionDismissal(models.Model):
    """A suggestion the team set aside (issue 18); the only stored part of the suggestions.

    Keyed by the suggestion's kind and actor refs, so it outlives a reload and shows for teammates; a
    deleted actor takes its dismissals with it.
    """

    class Kind(models.TextChoices):
        FLOW = "flow", _("Missing flow")
        PARTNER = "partner", _("Candidate partner")

    team = models.ForeignKey("facilitation.Team", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        "facilitation.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-dismissed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "kind", "actor", "partner"],
                name="one_dismissal_per_suggestion",
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.actor_id} ← {self.partner_id}"

    @property
    def key(self) -> tuple[str, str, str]:
        return (
            self.kind,
            f"actor:{self.actor_id}" if self.actor_id else "",
            f"actor:{self.partner_id}",
        )
