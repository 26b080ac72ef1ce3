"""Step 2 records (DOMAIN.md 3.1-3.4): criteria, candidates, votes, consensus scores, conversations.

Derived values (normalised weights, weighted scores, ranks, vote statistics) are never stored: rules.py
computes them on render from `as_data()` snapshots.
"""

from decimal import Decimal

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshop.steps.alignment import rules
from workshop.steps.base import TeamRecord
from workshop.text import NAME_MAX, SHORT_MAX

WEIGHT_MIN, WEIGHT_MAX = Decimal("0.01"), Decimal("1000.00")


def _short(label):
    return models.TextField(label, blank=True, validators=[MaxLengthValidator(SHORT_MAX)])


class Category(models.TextChoices):
    VALUES_ALIGNMENT = "values_alignment", _("Values alignment")
    CULTURE_WAYS_OF_WORKING = "culture_ways_of_working", _("Culture and ways of working")
    LONG_TERM_VISION = "long_term_vision", _("Long-term vision")
    TRUST_LEGITIMACY = "trust_legitimacy", _("Trust and legitimacy")
    COMPLEMENTARY_CAPABILITY = "complementary_capability", _("Complementary capability")
    ACCESS_REACH = "access_reach", _("Access and reach")
    FINANCIAL_CAPACITY = "financial_capacity", _("Financial capacity")
    TECHNICAL_CAPACITY = "technical_capacity", _("Technical capacity")
    RISK_TRACK_RECORD = "risk_track_record", _("Risk and track record")
    OTHER = "other", _("Other")


class Criterion(TeamRecord):
    KEYS = {"name_key": "name"}

    name = models.CharField(_("name"), max_length=NAME_MAX)
    name_key = models.CharField(max_length=NAME_MAX, editable=False)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    weight = models.DecimalField(
        _("weight"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(WEIGHT_MIN), MaxValueValidator(WEIGHT_MAX)],
    )
    description = _short(_("description"))
    scoring_guide = _short(_("scoring guide"))
    min_acceptable = models.SmallIntegerField(_("must-have minimum"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name_key"], name="criterion_name_unique")
        ]

    def __str__(self):
        return self.name

    @property
    def ref(self) -> str:
        return f"criterion:{self.pk}"

    def as_data(self) -> rules.CriterionData:
        return rules.CriterionData(
            self.ref, self.name, self.category, self.weight, self.min_acceptable, self.order
        )


class Candidate(TeamRecord):
    class Status(models.TextChoices):
        LONG_LIST = "long_list", _("Long list")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        IN_CONVERSATION = "in_conversation", _("In conversation")
        SELECTED = "selected", _("Selected")
        ASSOCIATE = "associate", _("Associate")
        DECLINED_BY_US = "declined_by_us", _("Declined by us")
        DECLINED_BY_THEM = "declined_by_them", _("Declined by them")
        PARKED = "parked", _("Parked")

    actor = models.ForeignKey(
        "mapping.Actor",
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.LONG_LIST
    )
    complementary_capabilities = _short(_("complementary capabilities"))
    decision_rationale = _short(_("decision rationale"))

    class Meta:
        ordering = ["actor__name_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "actor"], name="one_candidate_per_actor")
        ]

    def __str__(self):
        return self.actor.name

    @property
    def ref(self) -> str:
        return f"candidate:{self.pk}"

    def as_data(self) -> rules.CandidateData:
        return rules.CandidateData(
            self.ref,
            self.actor.ref,
            self.actor.name,
            self.status,
            self.decision_rationale,
            str(self.get_status_display()),
        )


class Score(TeamRecord):
    """The team's consensus score for one candidate on one criterion; rankings use it (8.1)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.SmallIntegerField(_("score"))
    evidence = _short(_("evidence"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "criterion"], name="one_score_per_cell")
        ]

    def __str__(self):
        return f"{self.candidate_id}/{self.criterion_id}: {self.value}"

    def as_data(self) -> rules.ScoreData:
        return rules.ScoreData(
            f"candidate:{self.candidate_id}", f"criterion:{self.criterion_id}", self.value
        )


class ScoreVote(TeamRecord):
    """One participant's private score for a cell, hidden from teammates until the reveal (3.3)."""

    participant = models.ForeignKey(
        "facilitation.Participant", on_delete=models.CASCADE, related_name="score_votes"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="votes")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(_("score"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "candidate", "criterion"], name="one_vote_per_person_cell"
            )
        ]

    def __str__(self):
        return f"{self.participant_id}: {self.candidate_id}/{self.criterion_id} = {self.value}"

    def as_data(self) -> rules.ScoreVoteData:
        return rules.ScoreVoteData(
            f"participant:{self.participant_id}",
            f"candidate:{self.candidate_id}",
            f"criterion:{self.criterion_id}",
            self.value,
        )


class ScoringRound(TeamRecord):
    """Whether the team's votes are revealed to the team (one per team)."""

    revealed = models.BooleanField(default=False)
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team"], name="one_scoring_round_per_team")]

    def __str__(self):
        return f"{self.team_id}: {'revealed' if self.revealed else 'blind'}"


class Conversation(TeamRecord):
    class Interest(models.TextChoices):
        NONE = "none", _("None")
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class Willingness(models.TextChoices):
        UNWILLING = "unwilling", _("Unwilling")
        CONDITIONAL = "conditional", _("Conditional")
        WILLING = "willing", _("Willing")
        EAGER = "eager", _("Eager")

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    held_on = models.DateField(_("held on"))
    participants = _short(_("who took part"))
    interest_level = models.CharField(_("their interest"), max_length=10, choices=Interest.choices)
    willingness = models.CharField(
        _("willingness to collaborate"), max_length=12, choices=Willingness.choices
    )
    their_interests = _short(_("their interests"))
    what_they_could_bring = _short(_("what they could bring"))
    concerns_red_flags = _short(_("concerns and red flags"))
    conditions = _short(_("conditions"))
    next_step = _short(_("next step"))
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.candidate} · {self.held_on}"

    def as_data(self) -> rules.ConversationData:
        return rules.ConversationData(
            f"candidate:{self.candidate_id}",
            self.held_on,
            self.interest_level,
            self.willingness,
            self.conditions,
        )
