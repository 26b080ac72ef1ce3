"""Step 5 forms: team records go through `TeamRecordForm` (scoped choices, text rules, versions);
the health-check response is a plain form, because a respondent with a link has no account."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from workshop.facilitation.models import name_key
from workshop.steps.editing import TeamRecordForm
from workshop.steps.governance.forms import Described
from workshop.steps.governance.models import CharterParty
from workshop.steps.scale import rules
from workshop.steps.scale.models import (
    HealthCheck,
    HealthCheckInvite,
    HealthRating,
    HealthResponse,
    Indicator,
    IndicatorReading,
    ScalingAction,
    ScalingPlan,
    VitalitySignal,
)
from workshop.text import NAME_MAX, SHORT_MAX, clean_name, reject_control_characters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})


class Segmented(forms.RadioSelect):
    """Up to five choices as a row of buttons (UX.md); drawn by steps/scale/_field.html."""

    segmented = True


def party_name(party):
    return party.actor.name


class ScaleForm(Described, TeamRecordForm):
    """Text to NFC, parties by their actor's name, essential fields first."""

    more_fields = ()
    id_prefix = "scale"  # several forms share one page: ids must not collide

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, team=team, **kwargs)
        self.auto_id = f"id_{self.id_prefix}_%s"
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "btn-check"
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model is CharterParty:
                field.queryset = queryset.filter(charter__team=team).select_related("actor")
                field.label_from_instance = party_name

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = unicodedata.normalize("NFC", value)
        return cleaned

    def essential_fields(self):
        return [self[name] for name in self.fields if name not in self.more_fields]

    def extra_fields(self):
        return [self[name] for name in self.fields if name in self.more_fields]

    def extra_errors(self):
        return any(self[name].errors for name in self.more_fields if name in self.fields)


class ScalingPlanForm(ScaleForm):
    id_prefix = "plan"

    class Meta:
        model = ScalingPlan
        fields = ["summary", "preconditions", "horizon_end"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "preconditions": forms.Textarea(attrs={"rows": 2}),
            "horizon_end": DATE,
        }
        help_texts = {"preconditions": _("What must hold first, e.g. the pilot's targets met.")}


class ScalingActionForm(ScaleForm):
    id_prefix = "action"
    more_fields = ("status", "resources_needed")

    class Meta:
        model = ScalingAction
        fields = [
            "pathway",
            "description",
            "new_actors",
            "target_context",
            "owner",
            "due_date",
            "status",
            "resources_needed",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "new_actors": forms.CheckboxSelectMultiple,
            "due_date": DATE,
            "status": Segmented,
            "resources_needed": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "new_actors": _("For “add partners”: who joins. Core parties are already in."),
            "target_context": _("For “replicate”: the new place or population."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("owner", "due_date"):
            self.fields[name].required = True
        self.fields["new_actors"].queryset = self.fields["new_actors"].queryset.order_by("name")

    def clean(self):
        cleaned = super().clean()
        pathway = cleaned.get("pathway")
        if not pathway:
            return cleaned
        core = set(
            CharterParty.objects.filter(charter__team=self.team, membership="core").values_list(
                "actor_id", flat=True
            )
        )
        actors = cleaned.get("new_actors") or []
        action = rules.ScalingActionData(
            ref="",
            pathway=pathway,
            description="",
            new_actors=tuple(str(a.pk) for a in actors),
            target_context=cleaned.get("target_context") or "",
        )
        for message in rules.scaling_action_errors(action, {str(pk) for pk in core}):
            where = (
                "target_context"
                if pathway == "replicate" and "replicated" in str(message)
                else "new_actors"
            )
            self.add_error(where, message)
        return cleaned


class IndicatorForm(ScaleForm):
    id_prefix = "indicator"
    more_fields = ("linked_hypothesis",)

    class Meta:
        model = Indicator
        fields = [
            "name",
            "indicator_type",
            "unit",
            "direction",
            "baseline",
            "target",
            "warning_threshold",
            "owner",
            "frequency",
            "data_source",
            "linked_hypothesis",
        ]
        widgets = {
            "direction": Segmented,
            "frequency": Segmented,
            "baseline": NUMBER,
            "target": NUMBER,
            "warning_threshold": NUMBER,
            "data_source": forms.TextInput,
        }
        help_texts = {
            "warning_threshold": _("Below target but above this is amber; past it is red."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].required = True
        hypotheses = self.fields["linked_hypothesis"]
        hypotheses.queryset = hypotheses.queryset.filter(team=self.team)

    def clean_name(self):
        name = clean_name(self.cleaned_data["name"], Indicator._meta.get_field("name").max_length)
        existing = (
            Indicator.objects.filter(team=self.team, name_key=name_key(name))
            .exclude(pk=self.instance.pk)
            .first()
        )
        if existing:
            raise forms.ValidationError(
                _("This team already has an indicator called “%(name)s”."),
                params={"name": existing.name},
            )
        return name

    def clean(self):
        cleaned = super().clean()
        direction, target = cleaned.get("direction"), cleaned.get("target")
        warning = cleaned.get("warning_threshold")
        if direction and target is not None and warning is not None:
            error = rules.warning_threshold_error(direction, target, warning)
            if error:
                self.add_error("warning_threshold", error)
        return cleaned


class ReadingForm(ScaleForm):
    class Meta:
        model = IndicatorReading
        fields = ["observed_on", "value", "note"]
        widgets = {"observed_on": DATE, "value": NUMBER, "note": forms.TextInput}

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.instance.indicator = indicator
        self.auto_id = f"id_reading_{indicator.pk}_%s"

    def clean_observed_on(self):
        day = self.cleaned_data["observed_on"]
        taken = IndicatorReading.objects.filter(indicator=self.indicator, observed_on=day).exclude(
            pk=self.instance.pk
        )
        if taken.exists():  # V32
            raise forms.ValidationError(
                _("There is already a reading for this date; edit that one instead.")
            )
        return day


class HealthCheckForm(ScaleForm):
    id_prefix = "check"

    class Meta:
        model = HealthCheck
        fields = ["held_on", "facilitated_by", "notes"]
        widgets = {"held_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
        labels = {"held_on": _("Date held or scheduled")}


class VitalitySignalForm(ScaleForm):
    id_prefix = "signal"
    more_fields = ("severity", "parties")

    severity = forms.TypedChoiceField(
        label=_("Severity (decay signs only)"),
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        required=False,
        empty_value=None,
        widget=Segmented,
    )

    class Meta:
        model = VitalitySignal
        fields = ["observed_on", "signal", "description", "severity", "parties"]
        widgets = {
            "observed_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
            "parties": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signal"].choices = [
            (_("Decay"), [c for c in VitalitySignal.Signal.choices if c[0] in rules.DECAY_SIGNALS]),
            (
                _("Vitality"),
                [c for c in VitalitySignal.Signal.choices if c[0] in rules.VITALITY_SIGNALS],
            ),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("signal") in rules.VITALITY_SIGNALS and cleaned.get("severity"):
            self.add_error("severity", _("Severity is for decay signs only."))
        return cleaned


class InviteForm(Described, forms.ModelForm):
    """Who answers for a party: the link goes to this address."""

    class Meta:
        model = HealthCheckInvite
        fields = ["party", "email", "expires_on"]
        widgets = {"expires_on": DATE}

    def __init__(self, *args, health_check, **kwargs):
        super().__init__(*args, **kwargs)
        self.health_check = health_check
        self.instance.health_check = health_check
        self.auto_id = f"id_invite_{health_check.pk}_%s"
        taken = set(
            HealthResponse.objects.filter(health_check=health_check).values_list(
                "respondent_party_id", flat=True
            )
        ) | set(
            HealthCheckInvite.objects.filter(health_check=health_check).values_list(
                "party_id", flat=True
            )
        )
        field = self.fields["party"]
        field.queryset = (
            CharterParty.objects.filter(charter__team=health_check.team)
            .exclude(pk__in=taken)
            .select_related("actor")
        )
        field.label_from_instance = party_name

    def clean_expires_on(self):
        from django.utils import timezone

        day = self.cleaned_data["expires_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return day

    def validate_unique(self):
        pass  # the party list already leaves out parties with a link or an answer


class HealthResponseForm(forms.Form):
    """Seven rows of green / amber / red, a comment per row (required for red: V33)."""

    respondent_name = forms.CharField(label=_("Your name"), max_length=NAME_MAX, required=False)

    def __init__(self, *args, parties=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parties is not None:  # answered in the team's own screen: say for which party
            self.fields = {
                "respondent_party": forms.ModelChoiceField(
                    label=_("Answering for"), queryset=parties
                ),
                **self.fields,
            }
            self.fields["respondent_party"].label_from_instance = party_name
            self.fields["respondent_party"].widget.attrs["class"] = "form-select"
        self.fields["respondent_name"].widget.attrs.update(
            {"class": "form-control", "dir": "auto", "autocomplete": "name"}
        )
        for code, label in rules.HEALTH_DIMENSIONS:
            self.fields[f"rating_{code}"] = forms.ChoiceField(
                label=label,
                choices=HealthRating.Rating.choices,
                widget=Segmented(attrs={"class": "btn-check"}),
                required=False,
            )
            self.fields[f"comment_{code}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=SHORT_MAX,
                strip=True,
                widget=forms.TextInput(attrs={"class": "form-control", "dir": "auto"}),
            )

    def rows(self):
        return [
            (label, self[f"rating_{code}"], self[f"comment_{code}"])
            for code, label in rules.HEALTH_DIMENSIONS
        ]

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                try:
                    reject_control_characters(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        missing = False
        for code in rules.HEALTH_DIMENSION_CODES:
            rating = cleaned.get(f"rating_{code}")
            if not rating:
                missing = True
                self.add_error(f"rating_{code}", _("Choose green, amber or red."))
            elif rating == rules.RED and not (cleaned.get(f"comment_{code}") or "").strip():
                self.add_error(f"comment_{code}", _("Say why you rated this red."))
        if missing:
            self.add_error(None, _("Rate all 7 dimensions."))
        return cleaned

    def save(self, health_check, party, by=None):
        response = HealthResponse.objects.create(
            team=health_check.team,
            health_check=health_check,
            respondent_party=party,
            respondent_name=self.cleaned_data.get("respondent_name", ""),
            created_by=by,
            updated_by=by,
        )
        HealthRating.objects.bulk_create(
            HealthRating(
                response=response,
                dimension=code,
                rating=self.cleaned_data[f"rating_{code}"],
                comment=unicodedata.normalize("NFC", self.cleaned_data[f"comment_{code}"]),
            )
            for code in rules.HEALTH_DIMENSION_CODES
        )
        return response
