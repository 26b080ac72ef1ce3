"""Step 4 forms: every edit goes through `TeamRecordForm` (scoped choices, text rules, versions)."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from workshop.facilitation.models import name_key
from workshop.steps.editing import TeamRecordForm
from workshop.steps.governance.forms import Described
from workshop.steps.governance.models import CharterParty, CharterVersion
from workshop.steps.pilot import rules
from workshop.steps.pilot.models import (
    SECTION_CHOICES,
    CharterChange,
    Hypothesis,
    Lesson,
    Pilot,
    PilotDecision,
    PilotRisk,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})


class Segmented(forms.RadioSelect):
    """Up to five choices as a row of buttons (UX.md); drawn by steps/pilot/_field.html."""

    segmented = True

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "btn-check", **(attrs or {})}, choices)


def _party_name(party):
    return party.actor.name


class PilotRecordForm(Described, TeamRecordForm):
    """Text to NFC, parties by their actor's name, and the pilot set on new records."""

    more_fields = ()

    def __init__(self, *args, team, pilot=None, **kwargs):
        super().__init__(*args, team=team, **kwargs)
        self.pilot = pilot
        for field in self.fields.values():
            if getattr(field.widget, "segmented", False):
                field.widget.attrs["class"] = "btn-check"
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model is CharterParty:
                field.queryset = queryset.select_related("actor")
                field.label_from_instance = _party_name
        if pilot is not None and self.instance.pk is None and hasattr(self.instance, "pilot_id"):
            self.instance.pilot = pilot

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


class PilotForm(PilotRecordForm):
    more_fields = ("budget_cash", "status", "charter_version")

    class Meta:
        model = Pilot
        fields = [
            "title",
            "objective",
            "scope",
            "start_date",
            "end_date",
            "parties",
            "budget_cash",
            "status",
            "charter_version",
        ]
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 2}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "start_date": DATE,
            "end_date": DATE,
            "parties": forms.CheckboxSelectMultiple,
            "budget_cash": NUMBER,
            "status": Segmented,
        }
        help_texts = {
            "scope": _("Where, who, and what is in and out. Small and well defined."),
            "parties": _("At least two parties from the charter."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        versions = self.fields["charter_version"]
        versions.queryset = CharterVersion.objects.filter(charter__team=self.team)
        versions.empty_label = _("The live draft")
        versions.label_from_instance = lambda version: f"v{version.number}"
        self.fields["parties"].queryset = self.fields["parties"].queryset.filter(
            charter__team=self.team
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("End date must be after the start date."))
        budget = cleaned.get("budget_cash")
        if budget is not None and budget < 0:
            self.add_error("budget_cash", _("Enter an amount of 0 or more."))
        return cleaned


class HypothesisForm(PilotRecordForm):
    class Meta:
        model = Hypothesis
        fields = [
            "title",
            "belief",
            "test_method",
            "metric",
            "unit",
            "comparator",
            "target_value",
            "target_value_max",
            "category",
            "criticality",
        ]
        widgets = {
            "belief": forms.Textarea(attrs={"rows": 2}),
            "test_method": forms.Textarea(attrs={"rows": 2}),
            "comparator": Segmented,
            "target_value": NUMBER,
            "target_value_max": NUMBER,
            "criticality": Segmented(choices=[(1, "1"), (2, "2"), (3, "3")]),
        }
        labels = {"target_value": _("target (the lower limit for “between”)")}
        help_texts = {
            "criticality": _("1 = most critical: test it first."),
            "unit": _("For example %, days, count, seconds, GBP."),
            "target_value_max": _("Only for “between”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["belief"].required = True
        self.fields["comparator"].choices = Hypothesis.Comparator.choices
        self.fields["criticality"].widget.choices = [(1, "1"), (2, "2"), (3, "3")]

    def clean(self):
        cleaned = super().clean()
        title = cleaned.get("title")
        pilot = self.pilot or self.instance.pilot
        if title:
            clash = Hypothesis.objects.filter(pilot=pilot, title_key=name_key(title))
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            existing = clash.first()
            if existing is not None:
                self.add_error(
                    "title",
                    _("A test card called ‘%(name)s’ already exists in this pilot.")  # noqa: RUF001
                    % {"name": existing.title},
                )
        comparator = cleaned.get("comparator") or ""
        if comparator != rules.BETWEEN:
            cleaned["target_value_max"] = None
        elif "target_value_max" not in self.errors and "target_value" not in self.errors:
            data = rules.HypothesisData(
                "",
                "",
                "",
                comparator=comparator,
                target_value=cleaned.get("target_value"),
                target_value_max=cleaned.get("target_value_max"),
            )
            for message in rules.hypothesis_errors(data):
                self.add_error("target_value_max", message)
        return cleaned


class ResultForm(PilotRecordForm):
    """What the pilot showed: the measured value, or inconclusive with the reason."""

    class Meta:
        model = Hypothesis
        fields = ["result_value", "result_override", "result_note"]
        widgets = {"result_value": NUMBER, "result_note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "result_value": _("Leave empty while the card is not tested."),
            "result_override": _("Tick when the result cannot settle the card (say why below)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result_override"] = forms.TypedChoiceField(
            label=_("Inconclusive"),
            required=False,
            choices=[("", _("No")), (Hypothesis.Override.INCONCLUSIVE, _("Yes"))],
            widget=Segmented,
            help_text=self.fields["result_override"].help_text,
        )

    def clean(self):
        cleaned = super().clean()
        data = rules.HypothesisData(
            "",
            "",
            "",
            result_override=cleaned.get("result_override") or "",
            result_note=cleaned.get("result_note") or "",
        )
        for message in rules.hypothesis_errors(data):
            self.add_error("result_note", message)
        return cleaned


class RiskForm(PilotRecordForm):
    more_fields = ("owner",)

    class Meta:
        model = PilotRisk
        fields = ["title", "category", "likelihood", "impact", "mitigation", "owner"]
        widgets = {
            "likelihood": Segmented(choices=[(n, str(n)) for n in range(1, 6)]),
            "impact": Segmented(choices=[(n, str(n)) for n in range(1, 6)]),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "likelihood": _("1 = rare, 5 = almost certain."),
            "impact": _("1 = minor, 5 = severe."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(
            charter__team=self.team
        )
        for name in ("likelihood", "impact"):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                widget=Segmented,
                help_text=self.fields[name].help_text,
                error_messages={"invalid_choice": _("Enter a whole number from 1 to 5.")},
            )
            if self.instance.pk:
                self.initial[name] = getattr(self.instance, name)
        if self.instance.pk is None and not self.is_bound and self.pilot is not None:
            # The pattern's liabilities come first: propose the first one not covered yet.
            covered = set(self.pilot.risks.values_list("category", flat=True))
            missing = [c for c in PilotRisk.LIABILITIES if c not in covered]
            if missing:
                self.initial["category"] = missing[0]


class LessonForm(PilotRecordForm):
    """A lesson, with an optional first charter change (more can be added later)."""

    more_fields = ("action", "change_section", "change_description")

    change_section = forms.ChoiceField(
        label=_("Charter section to change"),
        required=False,
        choices=[("", "—"), *SECTION_CHOICES],
    )
    change_description = forms.CharField(
        label=_("Proposed change"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Lesson
        fields = ["text", "kind", "hypotheses", "action"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "kind": Segmented,
            "hypotheses": forms.CheckboxSelectMultiple,
            "action": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pilot = self.pilot or getattr(self.instance, "pilot", None)
        self.fields["hypotheses"].queryset = Hypothesis.objects.filter(pilot=pilot)
        self.fields["kind"].choices = Lesson.Kind.choices
        if self.instance.pk:  # changes of an existing lesson are edited one by one
            del self.fields["change_section"]
            del self.fields["change_description"]

    def clean(self):
        cleaned = super().clean()
        section = cleaned.get("change_section")
        description = cleaned.get("change_description")
        if description and not section:
            self.add_error("change_section", _("Choose the section this change is for."))
        if section and not description:
            self.add_error("change_description", _("Describe the change."))
        if (
            description
            and len(description)
            > CharterChange._meta.get_field("description").validators[0].limit_value
        ):
            limit = CharterChange._meta.get_field("description").validators[0].limit_value
            self.add_error(
                "change_description",
                _("Ensure this value has at most %(limit)d characters (it has %(n)d).")
                % {"limit": limit, "n": len(description)},
            )
        return cleaned

    def save_versioned(self, by):
        created = self.instance.pk is None
        lesson = super().save_versioned(by)
        if created and self.cleaned_data.get("change_description"):
            CharterChange.objects.create(
                team=self.team,
                lesson=lesson,
                section=self.cleaned_data["change_section"],
                description=self.cleaned_data["change_description"],
                created_by=by,
                updated_by=by,
            )
        return lesson


class CharterChangeForm(PilotRecordForm):
    class Meta:
        model = CharterChange
        fields = ["section", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, lesson=None, **kwargs):
        super().__init__(*args, **kwargs)
        if lesson is not None and self.instance.pk is None:
            self.instance.lesson = lesson


class DecisionForm(PilotRecordForm):
    more_fields = ("decision_rule",)

    class Meta:
        model = PilotDecision
        fields = ["decision", "rationale", "decided_on", "decision_rule"]
        widgets = {
            "decision": Segmented,
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "decided_on": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = PilotDecision.Decision.choices
        rules_field = self.fields["decision_rule"]
        rules_field.queryset = rules_field.queryset.filter(charter__team=self.team)
        rules_field.label_from_instance = lambda rule: " · ".join(
            part for part in (rule.get_scope_display(), rule.scope_detail) if part
        )
