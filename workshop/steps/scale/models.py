"""Step 5 records (DOMAIN.md 6.1-6.5): the scaling plan, indicators with readings, health checks
with their responses and e-mailed invites, and vitality and decay signals.

Derived values (RAG, health scores, the vitality alert) are never stored: rules.py computes them on
every render from completion.TeamScale's plain data.
"""

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshop.steps.base import TeamRecord
from workshop.steps.links import new_token  # the invite default (migrations name it here)
from workshop.steps.scale import rules
from workshop.text import LABEL_MAX, LONG_MAX, NAME_MAX, SHORT_MAX

NUMBER = {"max_digits": 14, "decimal_places": 2}


def _short(label, **kw):
    return models.TextField(label, blank=True, validators=[MaxLengthValidator(SHORT_MAX)], **kw)


def _owner():
    return models.ForeignKey(
        "governance.CharterParty",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class Pathway(models.TextChoices):
    EXPAND_SCOPE = "expand_scope", _("Expand scope")
    ADD_PARTNERS = "add_partners", _("Add partners")
    REPLICATE = "replicate", _("Replicate elsewhere")
    INSTITUTIONALISE = "institutionalise", _("Institutionalise")
    DIVERSIFY = "diversify", _("Diversify")


class ScalingPlan(TeamRecord):
    summary = models.TextField(_("summary"), blank=True, validators=[MaxLengthValidator(LONG_MAX)])
    preconditions = _short(_("preconditions"))
    horizon_end = models.DateField(_("horizon end"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team"], name="one_scaling_plan_per_team")]

    def as_data(self) -> rules.ScalingPlanData:
        return rules.ScalingPlanData(self.summary, self.preconditions, self.horizon_end)


class ScalingAction(TeamRecord):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    pathway = models.CharField(_("pathway"), max_length=20, choices=Pathway.choices)
    description = models.TextField(_("description"), validators=[MaxLengthValidator(SHORT_MAX)])
    new_actors = models.ManyToManyField(
        "mapping.Actor", verbose_name=_("new partners"), blank=True, related_name="+"
    )
    target_context = models.CharField(
        _("where (new place or population)"), max_length=LABEL_MAX, blank=True
    )
    owner = _owner()
    due_date = models.DateField(_("due date"), null=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    resources_needed = _short(_("resources needed"))

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.description


class Indicator(TeamRecord):
    KEYS = {"name_key": "name"}

    class Type(models.TextChoices):
        OUTCOME = "outcome", _("Outcome")
        OUTPUT = "output", _("Output")
        PROCESS = "process", _("Process")
        PARTNERSHIP_HEALTH = "partnership_health", _("Partnership health")
        VITALITY_DECAY = "vitality_decay", _("Vitality and decay")

    class Direction(models.TextChoices):
        HIGHER = rules.HIGHER_IS_BETTER, _("Higher is better")
        LOWER = rules.LOWER_IS_BETTER, _("Lower is better")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        SEMIANNUAL = "semiannual", _("Twice a year")
        ANNUAL = "annual", _("Yearly")

    name = models.CharField(_("name"), max_length=LABEL_MAX)
    name_key = models.CharField(max_length=LABEL_MAX, editable=False)
    indicator_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    unit = models.CharField(_("unit"), max_length=30)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    baseline = models.DecimalField(_("baseline"), **NUMBER)
    target = models.DecimalField(_("target"), **NUMBER)
    warning_threshold = models.DecimalField(_("warning level"), **NUMBER)
    frequency = models.CharField(_("how often"), max_length=20, choices=Frequency.choices)
    data_source = models.TextField(_("data source"), validators=[MaxLengthValidator(SHORT_MAX)])
    owner = _owner()
    linked_hypothesis = models.ForeignKey(
        "pilot.Hypothesis",
        verbose_name=_("pilot test card it carries forward"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name_key"], name="indicator_name_per_team")
        ]

    def __str__(self):
        return self.name

    def as_data(self, ref, owner_ref=None) -> rules.IndicatorData:
        return rules.IndicatorData(
            ref=ref,
            name=self.name,
            indicator_type=self.indicator_type,
            unit=self.unit,
            direction=self.direction,
            baseline=self.baseline,
            target=self.target,
            warning_threshold=self.warning_threshold,
            frequency=self.frequency,
            data_source=self.data_source,
            owner=owner_ref,
        )


class IndicatorReading(TeamRecord):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="readings")
    observed_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), **NUMBER)
    note = _short(_("note"))

    class Meta:
        ordering = ["observed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "observed_on"], name="one_reading_per_indicator_date"
            )
        ]


class HealthCheck(TeamRecord):
    held_on = models.DateField(_("date"))
    facilitated_by = models.CharField(_("facilitated by"), max_length=LABEL_MAX, blank=True)
    notes = models.TextField(_("notes"), blank=True, validators=[MaxLengthValidator(LONG_MAX)])

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self):
        return str(self.held_on)


class HealthResponse(TeamRecord):
    # "check" in DOMAIN.md 6.4; renamed because Model.check() is Django's system-check hook.
    health_check = models.ForeignKey(
        HealthCheck, on_delete=models.CASCADE, related_name="responses"
    )
    respondent_party = models.ForeignKey(
        "governance.CharterParty",
        verbose_name=_("party"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    respondent_name = models.CharField(_("your name"), max_length=NAME_MAX, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["health_check", "respondent_party"], name="one_health_response_per_party"
            )
        ]


class HealthRating(models.Model):
    class Rating(models.TextChoices):
        GREEN = rules.GREEN, _("Green")
        AMBER = rules.AMBER, _("Amber")
        RED = rules.RED, _("Red")

    response = models.ForeignKey(HealthResponse, on_delete=models.CASCADE, related_name="ratings")
    dimension = models.CharField(max_length=30, choices=list(rules.HEALTH_DIMENSIONS))
    rating = models.CharField(max_length=10, choices=Rating.choices)
    comment = _short(_("comment"))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["response", "dimension"], name="one_rating_per_dim")
        ]

    def __str__(self):
        return f"{self.dimension}: {self.rating}"


class HealthCheckInvite(models.Model):
    """A link for one party's respondent: no account, one response, dead once used or expired."""

    health_check = models.ForeignKey(HealthCheck, on_delete=models.CASCADE, related_name="invites")
    party = models.ForeignKey(
        "governance.CharterParty", verbose_name=_("party"), on_delete=models.CASCADE
    )
    email = models.EmailField(_("respondent's e-mail"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    expires_on = models.DateField(_("link expires on"))
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["health_check", "party"], name="one_invite_per_party")
        ]

    def __str__(self):
        return self.email

    def usable(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.used_at is None and today <= self.expires_on


class VitalitySignal(TeamRecord):
    class Signal(models.TextChoices):
        FORMAL_DISPUTE = "formal_dispute", _("Formal dispute")
        INNOVATION_SLOWDOWN = "innovation_slowdown", _("Innovation slowing down")
        FRAGMENTATION = "fragmentation", _("Fragmentation / silos")
        INFORMATION_HOARDING = "information_hoarding", _("Information hoarding")
        DISENGAGEMENT = "disengagement", _("Disengagement")
        PARTNER_EXIT = "partner_exit", _("Partner exit")
        NEW_CONNECTION = "new_connection", _("New connection")
        RESOURCE_REALLOCATION = "resource_reallocation", _("Resources reallocated")
        NOVEL_SOLUTION = "novel_solution", _("Novel solution")
        PARTNER_JOINED = "partner_joined", _("Partner joined")

    observed_on = models.DateField(_("date"))
    signal = models.CharField(_("sign"), max_length=30, choices=Signal.choices)
    description = _short(_("what happened"))
    severity = models.PositiveSmallIntegerField(
        _("severity (decay only)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    parties = models.ManyToManyField(
        "governance.CharterParty", verbose_name=_("parties"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["observed_on", "pk"]

    @property
    def is_decay(self):
        return self.signal in rules.DECAY_SIGNALS

    def __str__(self):
        return self.get_signal_display()


class Reminder(models.Model):
    """One reminder e-mail sent: `send_reminders` skips what is here, so running it twice sends
    nothing new. `record_id` is the health check's, indicator's or charter's id, per `kind`."""

    class Kind(models.TextChoices):
        HEALTH_CHECK = "health_check", _("Health check")
        INDICATOR_REVIEW = "indicator_review", _("Indicator review")
        CHARTER_REVIEW = "charter_review", _("Charter review")

    team = models.ForeignKey("facilitation.Team", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    record_id = models.PositiveIntegerField()
    due_date = models.DateField()
    recipient = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_id", "due_date", "recipient"], name="one_reminder_each"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.record_id} {self.due_date} {self.recipient}"
