"""Step 2 forms: criteria, candidates, conversations, private votes and consensus scores."""

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshop.facilitation.models import name_key
from workshop.steps.alignment import rules
from workshop.steps.alignment.models import (
    WEIGHT_MAX,
    WEIGHT_MIN,
    Candidate,
    Conversation,
    Criterion,
    Score,
    ScoreVote,
)
from workshop.steps.base import StaleRecord
from workshop.steps.derived import add_months
from workshop.steps.editing import CONFLICT_MESSAGE, TeamRecordForm
from workshop.text import SHORT_MAX, clean_long, clean_name


class StepFormMixin:
    """Bootstrap classes on the widgets; SHORT texts (DOMAIN.md 1.3): stripped, NFC, no control
    characters, at most 1,000 characters."""

    short_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                widget.attrs["class"] = "btn-check"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs["class"] = "form-control"
            if name in self.short_fields:
                widget.attrs.update({"dir": "auto", "data-max": SHORT_MAX})

    def clean(self):
        cleaned = super().clean()
        for name in self.short_fields:
            value = cleaned.get(name)
            if isinstance(value, str):
                try:
                    cleaned[name] = clean_long(value, SHORT_MAX)
                except forms.ValidationError as error:
                    if name not in self.errors:
                        self.add_error(name, error)
        return cleaned


def scale_message(workshop):
    return _("Enter a whole number from %(low)s to %(high)s.") % {
        "low": workshop.score_min,
        "high": workshop.score_max,
    }


class CriterionForm(StepFormMixin, TeamRecordForm):
    short_fields = ("description", "scoring_guide")

    weight = forms.DecimalField(
        label=_("Weight"),
        max_digits=7,
        decimal_places=2,
        min_value=WEIGHT_MIN,
        max_value=WEIGHT_MAX,
        help_text=_("Points, ratios or a 1-10 rating: any scale, shown as a share of the total."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    min_acceptable = forms.IntegerField(
        label=_("Must-have minimum"),
        required=False,
        help_text=_(
            "Optional: a candidate scoring below this is set aside, whatever else it scores."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Criterion
        fields = ["name", "category", "weight", "scoring_guide", "min_acceptable", "description"]
        widgets = {
            "scoring_guide": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"scoring_guide": _("What a low, a middle and a top score mean.")}

    def __init__(self, *args, team, **kwargs):
        kwargs.setdefault("auto_id", "criterion_%s")
        super().__init__(*args, team=team, **kwargs)
        self.fields["name"].widget.attrs.update({"dir": "auto", "autocomplete": "off"})
        categories = list(self.fields["category"].choices)[1:]
        self.fields["category"].choices = [("", _("Choose a category")), *categories]
        self.fields["min_acceptable"].error_messages["invalid"] = scale_message(team.workshop)

    def clean_name(self):
        return clean_name(self.cleaned_data["name"])

    def clean_min_acceptable(self):
        value = self.cleaned_data["min_acceptable"]
        workshop = self.team.workshop
        if value is not None and not workshop.score_min <= value <= workshop.score_max:
            raise forms.ValidationError(scale_message(workshop), code="scale")
        return value

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name:
            existing = (
                Criterion.objects.filter(team=self.team, name_key=name_key(name))
                .exclude(pk=self.instance.pk)
                .first()
            )
            if existing:
                self.add_error(
                    "name",
                    _("A criterion called ‘%(name)s’ already exists in this team.")  # noqa: RUF001
                    % {"name": existing.name},
                )
        return cleaned

    def save_versioned(self, by):
        if self.instance.pk is None:
            last = Criterion.objects.filter(team=self.team).aggregate(last=Max("order"))["last"]
            self.instance.order = (last or 0) + 1
        return super().save_versioned(by)


class CandidateForm(StepFormMixin, TeamRecordForm):
    short_fields = ("decision_rationale", "complementary_capabilities")

    class Meta:
        model = Candidate
        fields = ["actor", "status", "decision_rationale", "complementary_capabilities"]
        widgets = {
            "decision_rationale": forms.Textarea(attrs={"rows": 2}),
            "complementary_capabilities": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "decision_rationale": _("Needed when you select, associate or decline a candidate."),
        }

    def __init__(self, *args, team, taken=None, **kwargs):
        """`taken`: the actors already candidates, when the caller has read the candidates."""
        kwargs.setdefault("auto_id", "candidate_%s")
        super().__init__(*args, team=team, **kwargs)
        if self.instance.pk:
            del self.fields["actor"]
            return
        actor = self.fields["actor"]
        actor.empty_label = _("Choose an actor from your map")
        # Offer only actors that can still become candidates; a tampered or stale id still gets
        # the precise message from clean_actor.
        if taken is None:
            taken = set(Candidate.objects.filter(team=team).values_list("actor_id", flat=True))
        actor.widget.choices = [("", actor.empty_label)] + [
            (a.pk, a.name)
            for a in actor.queryset.order_by("name_key")
            if not a.is_convenor and a.pk not in taken
        ]

    def clean_actor(self):
        actor = self.cleaned_data["actor"]
        if actor.is_convenor:
            raise forms.ValidationError(
                _("%(name)s is your own organisation (the convenor), not a candidate partner.")
                % {"name": actor.name},
                code="convenor",
            )
        if Candidate.objects.filter(team=self.team, actor=actor).exists():
            raise forms.ValidationError(_("This actor is already a candidate."), code="duplicate")
        return actor

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status in rules.RATIONALE_REQUIRED_STATUSES and not cleaned.get("decision_rationale"):
            self.add_error(
                "decision_rationale",
                _("Say why: a rationale is needed for %(status)s.")
                % {"status": Candidate.Status(status).label.lower()},
            )
        return cleaned

    def save_versioned(self, by):
        try:
            return super().save_versioned(by)
        except IntegrityError:
            # Two people added the same actor at once: the second sees the duplicate rule.
            raise StaleRecord(
                Candidate.objects.get(team=self.team, actor=self.cleaned_data["actor"])
            ) from None


class ConversationForm(StepFormMixin, TeamRecordForm):
    short_fields = (
        "participants",
        "their_interests",
        "what_they_could_bring",
        "concerns_red_flags",
        "conditions",
        "next_step",
    )

    class Meta:
        model = Conversation
        fields = [
            "candidate",
            "held_on",
            "interest_level",
            "willingness",
            "conditions",
            "participants",
            "their_interests",
            "what_they_could_bring",
            "concerns_red_flags",
            "next_step",
            "follow_up_on",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "interest_level": forms.RadioSelect,
            "willingness": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in (
                    "conditions",
                    "participants",
                    "their_interests",
                    "what_they_could_bring",
                    "concerns_red_flags",
                    "next_step",
                )
            },
        }

    def __init__(self, *args, team, **kwargs):
        kwargs.setdefault("auto_id", "conversation_%s")
        super().__init__(*args, team=team, **kwargs)
        self.fields["candidate"].queryset = self.fields["candidate"].queryset.select_related(
            "actor"
        )
        self.fields["candidate"].empty_label = _("Choose a candidate")
        for name in ("interest_level", "willingness"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > add_months(timezone.localdate(), 12):
            raise forms.ValidationError(
                _("Plan conversations at most a year ahead."), code="too_far"
            )
        return held_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("willingness") == Conversation.Willingness.CONDITIONAL and not cleaned.get(
            "conditions"
        ):
            self.add_error("conditions", _("Say what the conditions are."))
        held_on, follow_up = cleaned.get("held_on"), cleaned.get("follow_up_on")
        if held_on and follow_up and follow_up < held_on:
            self.add_error("follow_up_on", _("The follow-up must be on or after the conversation."))
        return cleaned


# --- Scoring: one form per candidate card -------------------------------------------------------


class CandidateScoresForm(forms.Form):
    """One whole-number field per criterion (``c<criterion id>``) on the workshop scale."""

    def __init__(self, *args, workshop, criteria, initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.criteria = list(criteria)
        choices = [(str(v), str(v)) for v in range(workshop.score_min, workshop.score_max + 1)]
        message = scale_message(workshop)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": message},
            )
            if initial_values and initial_values.get(criterion.pk) is not None:
                self.initial[f"c{criterion.pk}"] = str(initial_values[criterion.pk])

    def values(self) -> dict:
        """Criterion → chosen value, for the cells given."""
        return {
            c: self.cleaned_data[f"c{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"c{c.pk}") is not None
        }

    def rows(self, cells, prefix):
        """Per cell: the criterion, its radio choices (value, id, checked) and its messages."""
        result = []
        for cell in cells:
            pk = cell.criterion.pk
            typed = self.typed(pk)
            name = f"c{pk}"
            result.append(
                {
                    "cell": cell,
                    "name": name,
                    "id": f"{prefix}-{name}",
                    "choices": [
                        (value, f"{prefix}-{name}-{value}", typed == str(value))
                        for value in range(self.workshop.score_min, self.workshop.score_max + 1)
                    ],
                    "errors": self.errors.get(name, []) if self.is_bound else [],
                    "version": self.version_for(pk) if hasattr(self, "version_for") else None,
                }
            )
        return result

    def typed(self, criterion_id):
        """The value to show checked in a cell: what was typed if bound, else the initial value."""
        name = f"c{criterion_id}"
        if self.is_bound:
            return self.data.get(name) or None
        value = self.initial.get(name)
        return None if value is None else str(value)


class VoteForm(CandidateScoresForm):
    """A participant's own, private scores for one candidate."""

    @transaction.atomic
    def save(self, *, team, candidate, participant):
        for criterion, value in self.values().items():
            vote, created = ScoreVote.objects.get_or_create(
                participant=participant,
                candidate=candidate,
                criterion=criterion,
                defaults={
                    "team": team,
                    "value": value,
                    "created_by": participant,
                    "updated_by": participant,
                },
            )
            if not created and vote.value != value:
                vote.value = value
                vote.version += 1
                vote.updated_by = participant
                vote.save(update_fields=["value", "version", "updated_by", "updated_at"])


class ConsensusForm(CandidateScoresForm):
    """The team's agreed score per cell; each cell carries the version it was shown at."""

    def __init__(self, *args, scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scores = {s.criterion_id: s for s in (scores or [])}
        self.conflict = None
        self.conflict_cells: list[tuple[str, int, int]] = []  # (criterion, theirs, yours)
        for criterion in self.criteria:
            self.fields[f"v{criterion.pk}"] = forms.IntegerField(
                required=False, min_value=0, widget=forms.HiddenInput
            )
            score = self.scores.get(criterion.pk)
            self.initial[f"v{criterion.pk}"] = score.version if score else 0

    def version_for(self, criterion_id):
        if self.is_bound and f"v{criterion_id}" in self.data:
            return self.data.get(f"v{criterion_id}")
        return self.initial.get(f"v{criterion_id}", 0)

    def save_versioned(self, *, team, candidate, by):
        """Saves every chosen cell or none: a cell changed since it was shown raises StaleRecord."""
        stale = []
        try:
            with transaction.atomic():
                for criterion, value in self.values().items():
                    expected = self.cleaned_data.get(f"v{criterion.pk}") or 0
                    score = self.scores.get(criterion.pk)
                    current = Score.objects.filter(candidate=candidate, criterion=criterion).first()
                    if current is None and expected == 0:
                        try:
                            with transaction.atomic():
                                Score.objects.create(
                                    team=team,
                                    candidate=candidate,
                                    criterion=criterion,
                                    value=value,
                                    created_by=by,
                                    updated_by=by,
                                )
                        except IntegrityError:
                            current = Score.objects.get(candidate=candidate, criterion=criterion)
                            stale.append((criterion, current, value))
                        continue
                    if current is None or current.version != expected:
                        if current is not None and current.value == value:
                            continue  # the same value: nothing to disagree about
                        stale.append((criterion, current, value))
                        continue
                    if current.value != value:
                        score = current
                        score.value = value
                        score.save_if_current(expected, ["value"], by=by)
                if stale:
                    raise StaleRecord(stale)
        except StaleRecord as error:
            self.record_conflict(error.current)
            raise
        return True

    def record_conflict(self, stale):
        self.conflict = stale
        self.data = self.data.copy()
        for criterion, current, yours in stale:
            self.conflict_cells.append((criterion.name, current.value if current else None, yours))
            self.data[f"v{criterion.pk}"] = current.version if current else 0
        self.add_error(None, CONFLICT_MESSAGE)
