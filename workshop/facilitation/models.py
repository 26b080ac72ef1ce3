"""Workshops, their agenda of steps, teams and participants, and the live flow state."""

import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Join codes avoid characters that are easy to confuse when read aloud or from a projector.
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6

SCORE_SCALES = {"1-5": (1, 5), "0-5": (0, 5), "1-10": (1, 10)}
TEAM_COLOURS = [
    "#1f5f8b",
    "#b5523b",
    "#2f7d4f",
    "#7a4f9a",
    "#a06a00",
    "#0f7c8c",
    "#9b3b6b",
    "#4a5a6a",
]


def name_key(name: str) -> str:
    """The key two names share when they are the same to a person (DOMAIN.md 1.4)."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class WorkshopQuerySet(models.QuerySet):
    def facilitated_by(self, user):
        return self.filter(Q(owner=user) | Q(co_facilitators=user)).distinct()

    def open(self):
        return self.filter(status__in=[Workshop.Status.DRAFT, Workshop.Status.LIVE])


class Workshop(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LIVE = "live", _("Live")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=200)
    pattern = models.ForeignKey("patterns.Pattern", on_delete=models.PROTECT, related_name="+")
    context_label = models.CharField(_("context lens"), max_length=20, blank=True)
    join_code = models.CharField(max_length=8, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    paused = models.BooleanField(default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_workshops"
    )
    co_facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="co_facilitated_workshops"
    )
    # The participants' language until they choose one (after their browser's, see languages/choice.py).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="GBP",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO code such as GBP."))],
    )
    score_min = models.PositiveSmallIntegerField(default=1)
    score_max = models.PositiveSmallIntegerField(default=5)
    quadrant_threshold = models.PositiveSmallIntegerField(default=3)
    dependency_threshold_pct = models.DecimalField(max_digits=5, decimal_places=2, default=50)
    # Step 2's reveal shows spread and disagreement but not who gave which score (issue 18);
    # chosen before voting starts: fixed once any score exists (WorkshopForm).
    anonymous_scoring = models.BooleanField(_("reveal step 2's scores anonymously"), default=False)
    # Other teams' work is visible to participants only while the facilitator opens the gallery.
    gallery_open = models.BooleanField(default=False)
    # A compact join code and QR in a corner of the projector while a step runs, for latecomers.
    projector_join_shown = models.BooleanField(default=True)
    teams_chosen_on_join = models.BooleanField(
        _("participants pick their team when they join"), default=True
    )
    team_size_limit = models.PositiveSmallIntegerField(
        _("largest team size"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    current_step = models.ForeignKey(
        "WorkshopStep", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The countdown: running when timer_started_at is set; remaining time is kept when paused.
    timer_seconds = models.PositiveIntegerField(default=0)
    timer_started_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change of the live flow, so a reconnecting screen can tell it is current.
    flow_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["join_code"],
                condition=Q(status__in=["draft", "live"]),
                name="join_code_unique_among_open",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("facilitation:console", args=[self.pk])

    @classmethod
    @transaction.atomic
    def create_from_pattern(
        cls, pattern, owner, title, team_names=(), timebox_minutes=20, **fields
    ):
        """A draft workshop whose agenda is the pattern's implementation steps, with the given teams."""
        from workshop.steps import registry

        workshop = cls(pattern=pattern, owner=owner, title=title, **fields)
        workshop.assign_join_code()
        workshop.save()
        for step in pattern.implementation_steps():
            WorkshopStep.objects.create(
                workshop=workshop,
                position=step.number,
                pattern_step_number=step.number,
                kind=registry.kind_for(pattern.slug, step.number),
                title=step.title,
                timebox_minutes=timebox_minutes,
            )
        for index, name in enumerate(team_names):
            Team.objects.create(
                workshop=workshop, name=name, colour=TEAM_COLOURS[index % len(TEAM_COLOURS)]
            )
        return workshop

    @property
    def is_open(self):
        return self.status in (self.Status.DRAFT, self.Status.LIVE)

    @property
    def is_read_only(self):
        return not self.is_open

    def is_facilitator(self, user) -> bool:
        if not user.is_authenticated:
            return False
        if self.owner_id == user.pk:
            return True
        return self.co_facilitators.filter(pk=user.pk).exists()

    def assign_join_code(self):
        open_codes = set(Workshop.objects.open().values_list("join_code", flat=True))
        code = new_join_code()
        while code in open_codes:
            code = new_join_code()
        self.join_code = code

    # The live flow. Each verb saves and bumps flow_version; views publish the matching event.

    def _bump(self, *fields):
        self.flow_version = F("flow_version") + 1
        self.save(update_fields=[*fields, "flow_version"])
        self.refresh_from_db(fields=["flow_version"])

    def start(self):
        self.status = self.Status.LIVE
        self.paused = False
        self.started_at = self.started_at or timezone.now()
        self._bump("status", "paused", "started_at")

    def pause(self):
        self.paused = True
        self.timer_pause(save=False)
        self._bump("paused", "timer_seconds", "timer_started_at")

    def resume(self):
        self.paused = False
        self._bump("paused")

    def end(self):
        self.status = self.Status.CLOSED
        self.paused = False
        self.timer_pause(save=False)
        self.ended_at = timezone.now()
        self._bump("status", "paused", "ended_at", "timer_seconds", "timer_started_at")

    def reopen(self):
        self.status = self.Status.LIVE
        self.ended_at = None
        self._bump("status", "ended_at")

    def set_gallery(self, is_open: bool):
        """Opens or closes the gallery: participants may then read (never change) other teams' work."""
        self.gallery_open = is_open
        self._bump("gallery_open")

    def set_projector_join(self, shown: bool):
        """Shows or hides the join code in the projector's corner during the session."""
        self.projector_join_shown = shown
        self._bump("projector_join_shown")

    def archive(self):
        self.status = self.Status.ARCHIVED
        self._bump("status")

    def scores_exist(self) -> bool:
        """Whether any team has scored a candidate (agreed or private vote); the score scale is
        fixed from then on (V12)."""
        from django.apps import apps  # step 2's models import this module

        return any(
            apps.get_model("alignment", name).objects.filter(team__workshop=self).exists()
            for name in ("Score", "ScoreVote")
        )

    def keep_join_code_unique(self):
        """Before reopening: another workshop may have taken this code while this one was closed."""
        taken = (
            Workshop.objects.open().filter(join_code=self.join_code).exclude(pk=self.pk).exists()
        )
        if taken:
            self.assign_join_code()
            self.save(update_fields=["join_code"])

    @transaction.atomic
    def move_step(self, step, offset: int) -> bool:
        """Swaps `step` with its neighbour above (-1) or below (+1); False at either end."""
        steps = list(self.steps.select_for_update().order_by("position"))
        index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
        other_index = index + offset
        if not 0 <= other_index < len(steps):
            return False
        mine, theirs = steps[index], steps[other_index]
        # Positions are unique per workshop, so the swap goes through a free position.
        free = max(s.position for s in steps) + 1
        a, b = mine.position, theirs.position
        WorkshopStep.objects.filter(pk=mine.pk).update(position=free)
        WorkshopStep.objects.filter(pk=theirs.pk).update(position=a)
        WorkshopStep.objects.filter(pk=mine.pk).update(position=b)
        step.position = b
        return True

    def advance_to(self, step):
        """Makes `step` current, opens it if it was pending, and sets the timer to its timebox."""
        if step.state == WorkshopStep.State.PENDING:
            step.state = WorkshopStep.State.OPEN
            step.save(update_fields=["state"])
        self.current_step = step
        self.timer_seconds = step.timebox_minutes * 60
        self.timer_started_at = None
        self._bump("current_step", "timer_seconds", "timer_started_at")

    # Timer: the remaining seconds are derived from server time, so every screen agrees.

    def timer_remaining(self, now=None) -> int:
        if self.timer_started_at is None:
            return self.timer_seconds
        elapsed = ((now or timezone.now()) - self.timer_started_at).total_seconds()
        return max(0, round(self.timer_seconds - elapsed))

    @property
    def timer_running(self):
        return self.timer_started_at is not None

    def timer_ends_at(self):
        if self.timer_started_at is None:
            return None
        return self.timer_started_at + timedelta(seconds=self.timer_seconds)

    def timer_start(self):
        if self.timer_started_at is None and self.timer_seconds > 0:
            self.timer_started_at = timezone.now()
            self._bump("timer_started_at")

    def timer_pause(self, save=True):
        if self.timer_started_at is not None:
            self.timer_seconds = self.timer_remaining()
            self.timer_started_at = None
            if save:
                self._bump("timer_seconds", "timer_started_at")

    def timer_extend(self, minutes: int):
        self.timer_seconds = max(0, self.timer_seconds + minutes * 60)
        self._bump("timer_seconds")

    def timer_reset(self):
        minutes = self.current_step.timebox_minutes if self.current_step else 0
        self.timer_seconds = minutes * 60
        self.timer_started_at = None
        self._bump("timer_seconds", "timer_started_at")

    def live_state(self) -> dict:
        """What a screen needs to be current: sent as the stream's first event."""
        current = self.current_step
        return {
            "flow_version": self.flow_version,
            "status": self.status,
            "paused": self.paused,
            "gallery_open": self.gallery_open,
            "projector_join_shown": self.projector_join_shown,
            "current_step": current.position if current else None,
            "timer": {
                "running": self.timer_running,
                "remaining": self.timer_remaining(),
                "ends_at": self.timer_ends_at().isoformat() if self.timer_running else None,
            },
        }

    @transaction.atomic
    def duplicate(self, owner):
        """A new draft with the same structure (agenda and teams), none of the teams' work."""
        copy = Workshop.objects.get(pk=self.pk)
        copy.pk = None
        copy.title = _("Copy of %(title)s") % {"title": self.title}
        copy.status = self.Status.DRAFT
        copy.paused = False
        copy.owner = owner
        copy.current_step = None
        copy.timer_started_at = None
        copy.started_at = copy.ended_at = None
        copy.flow_version = 1
        copy.assign_join_code()
        copy.save()
        for step in self.steps.all():
            WorkshopStep.objects.create(
                workshop=copy,
                position=step.position,
                pattern_step_number=step.pattern_step_number,
                kind=step.kind,
                title=step.title,
                timebox_minutes=step.timebox_minutes,
                skipped=step.skipped,
            )
        for team in self.teams.all():
            Team.objects.create(workshop=copy, name=team.name, colour=team.colour)
        copy.timer_seconds = 0
        copy.save(update_fields=["timer_seconds"])
        return copy


class WorkshopStep(models.Model):
    """One row of the agenda: a pattern implementation step, its tool kind, timebox and state."""

    class State(models.TextChoices):
        PENDING = "pending", _("Not opened")
        OPEN = "open", _("Open")
        LOCKED = "locked", _("Locked")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    pattern_step_number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30)
    title = models.CharField(max_length=200)
    timebox_minutes = models.PositiveSmallIntegerField(default=20)
    skipped = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "position"], name="step_position_unique")
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def is_editable(self):
        return self.state == self.State.OPEN and not self.skipped

    def read_progress(self):
        """The progress rows this step was read with (team_view prefetches the viewer's and the
        page's team's), or None when they were not read."""
        if "progress" in getattr(self, "_prefetched_objects_cache", {}):
            return self.progress.all()
        return None

    def progress_of(self, team):
        """This team's progress on the step, from the rows read with it when there are some."""
        rows = self.read_progress()
        if rows is not None:
            return next((row for row in rows if row.team_id == team.pk), None)
        return self.progress.filter(team=team).first()

    def pattern_step(self):
        return self.workshop.pattern.steps.filter(number=self.pattern_step_number).first()


class Team(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("team name"), max_length=120)
    name_key = models.CharField(max_length=120, editable=False)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1f5f8b",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1f5f8b."))],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "name_key"], name="team_name_unique")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = unicodedata.normalize("NFC", self.name.strip())
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    @property
    def is_full(self):
        limit = self.workshop.team_size_limit
        return limit is not None and self.members.count() >= limit


class Participant(models.Model):
    """Someone who joined with the code; no account, known by the session cookie."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Team lead")
        MEMBER = "member", _("Member")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    display_name = models.CharField(_("display name"), max_length=120)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name", "pk"]

    def __str__(self):
        return self.display_name

    @property
    def initials(self):
        parts = self.display_name.split()
        return "".join(p[0] for p in parts[:2]).upper() or "?"

    @property
    def presence_key(self):
        return f"p{self.pk}"


class StepProgress(models.Model):
    """Where one team stands in one step (DOMAIN.md 1.1)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        REOPENED = "reopened", _("Reopened")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="progress")
    step = models.ForeignKey(WorkshopStep, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    # Set by the facilitator to reopen a step for one team after the workshop (later reviews).
    reopened_for_team = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # The step's "complete when" results, refreshed after each edit so the facilitator's grid reads one
    # row per cell instead of recomputing every team's step (see workshop.steps.completion).
    completion = models.JSONField(default=list, blank=True)
    completion_pct = models.PositiveSmallIntegerField(default=0)
    warnings_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "step"], name="progress_unique")]

    def __str__(self):
        return f"{self.team} · {self.step}: {self.get_status_display()}"

    @classmethod
    def record_activity(cls, team, step):
        """Marks the team active on the step: one UPDATE per save (a typing room saves ~100 times a
        second), the row created only the first time."""
        now = timezone.now()
        started = models.Case(
            models.When(status=cls.Status.NOT_STARTED, then=models.Value(cls.Status.IN_PROGRESS)),
            default=models.F("status"),
        )
        updated = cls.objects.filter(team=team, step=step).update(
            last_activity_at=now, status=started
        )
        if not updated:
            cls.objects.get_or_create(
                team=team,
                step=step,
                defaults={"last_activity_at": now, "status": cls.Status.IN_PROGRESS},
            )


class Message(models.Model):
    """A short nudge from a facilitator to everyone, or to one team."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="messages")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE)
    body = models.TextField(_("message"), validators=[MaxLengthValidator(280)])
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return self.body[:50]


class CoFacilitatorInvite(models.Model):
    """An invitation by e-mail address or one-time link; accepted once, then spent."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="invites")
    email = models.EmailField(blank=True)
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    INVITE_DAYS = 14

    def __str__(self):
        return self.email or self.token[:8]

    @property
    def is_usable(self):
        return self.accepted_at is None and timezone.now() - self.created_at < timedelta(
            days=self.INVITE_DAYS
        )


class ActivityLogEntry(models.Model):
    """What facilitators did, for the console's log."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=40)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.action} {self.detail}"


class ActorClusterLink(models.Model):
    """A facilitator's call on two actor names across teams: the same actor, or different ones.

    It overrides the automatic clustering of DOMAIN.md 10 ("Step 1 across teams"). Keys are stored in
    sorted order so one pair has one row; a rename leaves the row unused, never wrong.
    """

    class Decision(models.TextChoices):
        SAME = "same", _("Same actor")
        DIFFERENT = "different", _("Different actors")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="cluster_links")
    name_key_a = models.CharField(max_length=120)
    name_key_b = models.CharField(max_length=120)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "name_key_a", "name_key_b"], name="cluster_link_unique"
            )
        ]

    def __str__(self):
        return f"{self.name_key_a} / {self.name_key_b}: {self.decision}"

    @classmethod
    def decide(cls, workshop, key_a: str, key_b: str, decision: str, by=None):
        """Records (or changes) the decision for the pair, whichever order the keys come in."""
        first, second = sorted((key_a, key_b))
        link, _created = cls.objects.update_or_create(
            workshop=workshop,
            name_key_a=first,
            name_key_b=second,
            defaults={"decision": decision, "decided_by": by},
        )
        return link
