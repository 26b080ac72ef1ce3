"""Step 4 records (DOMAIN.md 5.1-5.3): pilots, their test cards, risks, lessons and the decision.

Derived values (timebox, each card's result, the tally) are never stored: rules.py computes them
from `completion.plain_*` data on every render.
"""

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshop.steps.base import TeamRecord
from workshop.text import LABEL_MAX, LONG_MAX, SHORT_MAX

MONEY = {"max_digits": 14, "decimal_places": 2}

# DOMAIN.md 4.11, sections 1-17: what a charter change may touch.
SECTION_CHOICES = [
    ("parties", _("Parties and representatives")),
    ("context", _("Context and ecosystem")),
    ("purpose", _("Shared purpose, vision and objectives")),
    ("principles", _("Partnering principles")),
    ("scope", _("Scope and boundaries")),
    ("roles", _("Roles and responsibilities")),
    ("governance", _("Governance structure")),
    ("decisions", _("Decision-making")),
    ("contributions", _("Contributions and resource commitments")),
    ("value", _("Value logic and distribution")),
    ("ip_data", _("IP, data, confidentiality and branding")),
    ("risks", _("Risks and safeguards")),
    ("conflict", _("Conflict resolution")),
    ("monitoring", _("Monitoring, review and learning")),
    ("admission", _("New partners and evolution")),
    ("exit", _("Withdrawal, exit and dissolution")),
    ("amendment", _("Amendment and version history")),
]


def _short(label, **kw):
    return models.TextField(label, blank=True, validators=[MaxLengthValidator(SHORT_MAX)], **kw)


class Pilot(TeamRecord):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        STOPPED_EARLY = "stopped_early", _("Stopped early")

    title = models.CharField(_("title"), max_length=LABEL_MAX)
    iteration = models.PositiveSmallIntegerField(_("iteration"), default=1)
    objective = _short(_("objective"))
    scope = models.TextField(_("scope"), blank=True, validators=[MaxLengthValidator(LONG_MAX)])
    parties = models.ManyToManyField(
        "governance.CharterParty", verbose_name=_("parties involved"), blank=True, related_name="+"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget_cash = models.DecimalField(
        _("cash budget"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    charter_version = models.ForeignKey(
        "governance.CharterVersion",
        verbose_name=_("charter version tested"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["iteration"]
        constraints = [
            models.UniqueConstraint(fields=["team", "iteration"], name="pilot_iteration_unique")
        ]

    def __str__(self):
        return self.title

    @property
    def ref(self):
        return f"pilot:{self.iteration}"


class Hypothesis(TeamRecord):
    """A test card: we believe / to verify we will / and measure / we are right if (5.2)."""

    KEYS = {"title_key": "title"}

    class Category(models.TextChoices):
        VALUE = "value", _("Value")
        OPERATIONAL = "operational", _("Operational")
        COLLABORATION_PROCESS = "collaboration_process", _("Collaboration process")
        FINANCIAL = "financial", _("Financial")
        STAKEHOLDER_ACCEPTANCE = "stakeholder_acceptance", _("Stakeholder acceptance")
        ECOLOGICAL_TECHNICAL = "ecological_technical", _("Ecological or technical")

    class Comparator(models.TextChoices):
        GTE = "gte", _("at least")
        LTE = "lte", _("at most")
        BETWEEN = "between", _("between")

    class Override(models.TextChoices):
        INCONCLUSIVE = "inconclusive", _("Inconclusive")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="hypotheses")
    title = models.CharField(_("title"), max_length=LABEL_MAX)
    title_key = models.CharField(max_length=LABEL_MAX, editable=False)
    belief = _short(_("We believe that …"))
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    criticality = models.SmallIntegerField(
        _("criticality"), default=2, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    test_method = _short(_("To verify that, we will …"))
    metric = models.CharField(_("And measure …"), max_length=LABEL_MAX, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    comparator = models.CharField(
        _("We are right if the result is"), max_length=10, choices=Comparator.choices, blank=True
    )
    target_value = models.DecimalField(_("target"), null=True, blank=True, **MONEY)
    target_value_max = models.DecimalField(_("upper limit"), null=True, blank=True, **MONEY)
    result_value = models.DecimalField(_("result"), null=True, blank=True, **MONEY)
    result_override = models.CharField(
        _("mark as"), max_length=20, choices=Override.choices, blank=True
    )
    result_note = _short(_("evidence and notes"))

    class Meta:
        ordering = ["criticality", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "title_key"], name="hypothesis_title_unique")
        ]

    def __str__(self):
        return self.title


class PilotRisk(TeamRecord):
    """A risk of this pilot; the pattern's three liabilities are offered first (4.9 categories)."""

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

    LIABILITIES = ("coordination_overhead", "conflict", "dependency")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(_("risk"), max_length=LABEL_MAX)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    likelihood = models.SmallIntegerField(
        _("likelihood"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.SmallIntegerField(
        _("impact"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    mitigation = _short(_("mitigation"))
    owner = models.ForeignKey(
        "governance.CharterParty",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title

    @property
    def rating(self):
        return self.likelihood * self.impact


class Lesson(TeamRecord):
    class Kind(models.TextChoices):
        WORKED = "worked", _("Worked")
        DID_NOT_WORK = "did_not_work", _("Did not work")
        SURPRISE = "surprise", _("Surprise")
        PROCESS = "process", _("Process")
        RELATIONSHIP = "relationship", _("Relationship")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="lessons")
    text = models.TextField(_("lesson"), validators=[MaxLengthValidator(SHORT_MAX)])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    hypotheses = models.ManyToManyField(
        Hypothesis, verbose_name=_("from the test cards"), blank=True, related_name="lessons"
    )
    action = _short(_("what we will do"))

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text[:80]


class CharterChange(TeamRecord):
    """A change a lesson proposes to the charter; set applied, then stamped by the next version."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="charter_changes")
    section = models.CharField(_("charter section"), max_length=20, choices=SECTION_CHOICES)
    description = models.TextField(_("change"), validators=[MaxLengthValidator(SHORT_MAX)])
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)
    applied_in_version = models.ForeignKey(
        "governance.CharterVersion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="pilot_changes",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_section_display()}: {self.description[:60]}"


class PilotDecision(TeamRecord):
    class Decision(models.TextChoices):
        SCALE = "scale", _("Scale")
        ITERATE = "iterate", _("Iterate")
        PIVOT = "pivot", _("Pivot")
        STOP = "stop", _("Stop")

    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="decision")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    rationale = models.TextField(_("reason"), validators=[MaxLengthValidator(SHORT_MAX)])
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_rule = models.ForeignKey(
        "governance.DecisionRule",
        verbose_name=_("decision rule used"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self):
        return self.get_decision_display()
