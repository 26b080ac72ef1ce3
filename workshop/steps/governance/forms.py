"""Charter forms: one per record kind, the charter's fields per section, RACI rows and allocations.

Row rules come from rules.py (one wording for forms, import and checks). Every form is a
`TeamRecordForm`, so choices are scoped to the team, text follows DOMAIN.md 1.3 and saves compare
and swap versions.
"""

import unicodedata
from decimal import Decimal

from django import forms
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from workshop.facilitation.models import name_key
from workshop.steps.editing import TeamRecordForm
from workshop.steps.governance import carryover, rules
from workshop.steps.governance.models import (
    Charter,
    CharterParty,
    CharterSectionStatus,
    Contribution,
    DecisionRule,
    EscalationStep,
    ExitTrigger,
    GoverningBody,
    PdfPart,
    Principle,
    RaciActivity,
    RaciAssignment,
    RiskItem,
    Seat,
    SignOff,
    ValueAllocation,
    ValueStream,
)
from workshop.text import LABEL_MAX, NAME_MAX, SHORT_MAX, clean_long, clean_name

ONE_TO_FIVE = [(n, str(n)) for n in range(1, 6)]


class Segmented(forms.RadioSelect):
    """1-5 choices as a row of buttons (UX.md): radios styled as a Bootstrap btn-group."""

    template_name = "steps/governance/widgets/segmented.html"
    segmented = True


class Described:
    """Bootstrap classes on every input, and each field's error linked to it for screen readers."""

    more_fields = ()  # shown behind "More details" (UX.md: essential fields first)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, Segmented):
                continue
            if isinstance(
                widget, (forms.CheckboxSelectMultiple | forms.RadioSelect, forms.CheckboxInput)
            ):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css
            if isinstance(widget, forms.Textarea | forms.TextInput):
                widget.attrs["dir"] = "auto"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class CharterRecordForm(Described, TeamRecordForm):
    """Scopes choices to this charter, normalises text to NFC, and sets `charter` on create."""

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, team=charter.team, **kwargs)
        self.charter = charter
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model is CharterParty:
                field.queryset = queryset.filter(charter=charter).select_related("actor")
                field.label_from_instance = lambda party: party.actor.name
        if self.instance.pk is None and hasattr(self.instance, "charter_id"):
            self.instance.charter = charter

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = unicodedata.normalize("NFC", value)
        return cleaned

    def _unique_name(self, model, field, message):
        value = self.cleaned_data.get(field)
        if not value:
            return value
        clash = (
            model.objects.filter(team=self.team, name_key=name_key(value))
            .exclude(pk=self.instance.pk)
            .first()
        )
        if clash:
            raise forms.ValidationError(message % {"name": getattr(clash, field)})
        return value


# --- The charter's own fields, by section ------------------------------------------------------

SECTION_FIELDS = {
    "cover": ("title", "agreement_type", "effective_date", "term_end_date", "pro_rata_basis"),
    "purpose": ("vision", "objectives"),
    "principles": ("principles",),
    "scope": ("scope_in", "scope_out"),
    "governance": ("governance_model",),
    "ip_data": (
        "ip_background",
        "ip_results",
        "ip_open_licence",
        "data_sharing",
        "branding_communications",
    ),
    "monitoring": ("review_date", "review_cadence_months"),
    "admission": ("admission_process",),
    "exit": ("exit_notice_days", "exit_triggers", "exit_obligations", "dissolution"),
}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CharterFieldsForm(CharterRecordForm):
    principles = forms.MultipleChoiceField(
        label=_lazy("Principles"),
        choices=Principle.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    custom_principles = forms.CharField(
        label=_lazy("Your own principles (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    exit_triggers = forms.MultipleChoiceField(
        label=_lazy("Exit triggers"),
        choices=ExitTrigger.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Charter
        fields = [name for names in SECTION_FIELDS.values() for name in names]
        widgets = {
            "effective_date": DATE,
            "term_end_date": DATE,
            "review_date": DATE,
            "agreement_type": forms.RadioSelect,
            "pro_rata_basis": forms.RadioSelect,
            "vision": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "scope_in": forms.Textarea(attrs={"rows": 3}),
            "scope_out": forms.Textarea(attrs={"rows": 3}),
            "data_sharing": forms.Textarea(attrs={"rows": 3}),
            "branding_communications": forms.Textarea(attrs={"rows": 2}),
            "exit_obligations": forms.Textarea(attrs={"rows": 3}),
            "dissolution": forms.Textarea(attrs={"rows": 2}),
            "admission_process": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        keep = set(SECTION_FIELDS[section]) | {"version"}
        if section == "principles":
            keep.add("custom_principles")
            codes = set(Principle.values)
            current = list(self.instance.principles or [])
            self.initial["principles"] = [p for p in current if p in codes]
            self.initial["custom_principles"] = "\n".join(p for p in current if p not in codes)
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "ip_background" in self.fields:
            self.fields["ip_background"].required = False

    def clean_custom_principles(self):
        lines = [line.strip() for line in self.cleaned_data["custom_principles"].splitlines()]
        result = []
        for line in lines:
            if line:
                result.append(clean_name(line, LABEL_MAX))
        return result

    def clean(self):
        cleaned = super().clean()
        if "principles" in self.fields:
            cleaned["principles"] = list(cleaned.get("principles") or []) + list(
                cleaned.get("custom_principles") or []
            )
        effective = cleaned.get("effective_date", self.instance.effective_date)
        for field, message in (
            ("term_end_date", _("The term must end after the effective date.")),
            ("review_date", _("The review date must be after the effective date.")),
        ):
            value = cleaned.get(field)
            if field in self.fields and value and effective and value <= effective:
                self.add_error(field, message)
        if (
            "ip_results" in self.fields
            and cleaned.get("ip_results") == "open_licence"
            and not cleaned.get("ip_open_licence")
        ):
            self.add_error("ip_open_licence", _("Name the open licence, e.g. CC-BY-4.0."))
        return cleaned

    def warnings(self):
        c = self.instance
        alert = rules.review_date_warning(c.effective_date, c.review_date)
        return [alert.message] if alert else []


# --- What the PDF includes -----------------------------------------------------------------------


class PdfContentsForm(Described, TeamRecordForm):
    """One checkbox per part a team may leave out of the PDF, saved as `Charter.pdf_omit`.

    Ticked = printed, so a new part defaults to printed; the charter's version guards the save.
    """

    include = forms.MultipleChoiceField(
        label=_lazy("Optional parts"),
        choices=PdfPart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Charter
        fields = ["pdf_language"]  # pdf_omit is set from `include` in clean()
        help_texts = {
            "pdf_language": _lazy(
                "Section titles, labels and dates print in this language; the charter's text "
                "prints as typed."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["include"] = self.included(self.instance.pdf_omit)
        language = self.fields["pdf_language"]
        language.choices = [("", _lazy("The workshop's language")), *language.choices[1:]]

    @staticmethod
    def included(omit) -> list[str]:
        return [code for code in PdfPart.values if code not in (omit or ())]

    def clean(self):
        cleaned = super().clean()
        if "include" in cleaned:
            chosen = set(cleaned["include"])
            cleaned["pdf_omit"] = [code for code in PdfPart.values if code not in chosen]
            self.instance.pdf_omit = cleaned["pdf_omit"]
        return cleaned

    def conflict_rows(self):
        if self.conflict is None or "pdf_omit" not in self.cleaned_data:
            return []
        labels = dict(PdfPart.choices)
        theirs, yours = (
            ", ".join(str(labels[code]) for code in self.included(omit))
            for omit in (self.conflict.pdf_omit, self.cleaned_data["pdf_omit"])
        )
        rows = [(self.fields["include"].label, theirs, yours)] if theirs != yours else []
        if self.conflict.pdf_language != self.cleaned_data.get("pdf_language", ""):
            names = dict(self.fields["pdf_language"].choices)
            rows.append(
                (
                    self.fields["pdf_language"].label,
                    str(names.get(self.conflict.pdf_language, "")),
                    str(names.get(self.cleaned_data.get("pdf_language", ""), "")),
                )
            )
        return rows


# --- Parties -------------------------------------------------------------------------------------

AUTHORITY_CHOICES = [("", _lazy("Not yet known")), ("true", _lazy("Yes")), ("false", _lazy("No"))]


class PartyForm(CharterRecordForm):
    more_fields = ("what_they_bring", "order")
    has_authority_to_sign = forms.TypedChoiceField(
        label=_lazy("Has authority to sign"),
        choices=AUTHORITY_CHOICES,
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
    )

    class Meta:
        model = CharterParty
        fields = [
            "actor",
            "membership",
            "representative_name",
            "representative_role",
            "has_authority_to_sign",
            "signer",
            "partner_objectives",
            "what_they_gain",
            "what_they_bring",
            "order",
        ]
        widgets = {
            "membership": forms.RadioSelect,
            "partner_objectives": forms.Textarea(attrs={"rows": 2}),
            "what_they_gain": forms.Textarea(attrs={"rows": 2}),
            "what_they_bring": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taken = CharterParty.objects.filter(charter=self.charter).exclude(pk=self.instance.pk)
        self.fields["actor"].queryset = (
            self.fields["actor"].queryset.exclude(pk__in=taken.values("actor")).order_by("name_key")
        )
        self.fields["signer"].queryset = self.fields["signer"].queryset.order_by("display_name")
        self.fields["signer"].label_from_instance = lambda p: p.display_name
        self.fields["signer"].empty_label = _("Nobody in the room")
        if self.instance.pk:
            self.initial["has_authority_to_sign"] = {True: "true", False: "false"}.get(
                self.instance.has_authority_to_sign, ""
            )
            self._show_conversation()
        if self.instance.what_they_bring:
            # What a partner brings (often carried from step 2) shows without unfolding.
            self.more_fields = ("order",)

    def _show_conversation(self):
        """Under each carried field: where its text came from, or what step 2 noted (one query)."""
        from workshop.steps.alignment.models import Conversation

        talk = (
            Conversation.objects.filter(team=self.team, candidate__actor=self.instance.actor_id)
            .order_by("-held_on", "-pk")
            .first()
        )
        if talk is None:
            return
        held_on = date_format(talk.held_on)
        for name, text in carryover.party_notes(talk).items():
            if (getattr(self.instance, name) or "").strip() == text:
                note = _("Carried over from your conversation of %(date)s in step 2.") % {
                    "date": held_on
                }
            else:
                note = _("Your conversation of %(date)s in step 2 noted: “%(text)s”") % {
                    "date": held_on,
                    "text": text,
                }
            self.fields[name].help_text = note

    def clean_actor(self):
        actor = self.cleaned_data["actor"]
        if actor.agency == "none":
            raise forms.ValidationError(
                _("%(name)s has no voice of its own: make its proxy the party.")
                % {"name": actor.name}
            )
        return actor


# --- Governing bodies and seats ------------------------------------------------------------------


class BodyForm(CharterRecordForm):
    more_fields = (
        "rotation_months",
        "rotation_order",
        "quorum_condition",
        "purpose",
        "meetings_public",
    )

    class Meta:
        model = GoverningBody
        fields = [
            "name",
            "body_type",
            "chair_arrangement",
            "chair_party",
            "rotation_months",
            "rotation_order",
            "meeting_frequency",
            "quorum_count",
            "quorum_condition",
            "purpose",
            "meetings_public",
        ]
        widgets = {
            "rotation_order": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "quorum_condition": forms.Textarea(attrs={"rows": 1}),
        }

    def clean_name(self):
        return self._unique_name(
            GoverningBody,
            "name",
            _("A body called ‘%(name)s’ already exists in this charter."),  # noqa: RUF001
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        seats = Seat.objects.filter(body=self.instance) if self.instance.pk else []
        body = rules.GoverningBodyData(
            "body",
            cleaned.get("name", ""),
            cleaned.get("body_type", ""),
            cleaned.get("chair_arrangement", ""),
            cleaned.get("meeting_frequency", ""),
            quorum_count=cleaned.get("quorum_count"),
            chair_party=str(cleaned["chair_party"].pk) if cleaned.get("chair_party") else None,
            rotation_months=cleaned.get("rotation_months"),
            rotation_order=tuple(str(p.pk) for p in cleaned.get("rotation_order") or []),
        )
        seat_data = [rules.SeatData("body", str(s.party_id), s.votes) for s in seats]
        field_for = {
            "Quorum": "quorum_count",
            "Choose the party": "chair_party",
            "Say how many months": "rotation_months",
            "Say in which order": "rotation_order",
            "Only parties": "rotation_order",
        }
        for message in rules.body_errors(body, seat_data):
            target = next((f for key, f in field_for.items() if message.startswith(key)), None)
            if target == "rotation_order" and not seat_data and message.startswith("Only"):
                continue  # seats come after the body; the rule is checked again on the charter
            self.add_error(target, message)
        return cleaned


class SeatForm(CharterRecordForm):
    more_fields = ("represents_proxy_for",)

    class Meta:
        model = Seat
        fields = ["party", "seat_label", "votes", "represents_proxy_for"]

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        if self.instance.pk is None:
            self.instance.body = body
        self.fields["party"].empty_label = _("Independent seat (no party)")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("party") and not cleaned.get("seat_label"):
            self.add_error("seat_label", _("Name an independent seat."))
        return cleaned


# --- Decision rules ------------------------------------------------------------------------------


class DecisionRuleForm(CharterRecordForm):
    more_fields = ("veto_parties", "max_days_to_decide")

    class Meta:
        model = DecisionRule
        fields = [
            "scope",
            "scope_detail",
            "body",
            "decider",
            "method",
            "threshold_pct",
            "deadlock_fallback",
            "veto_parties",
            "max_days_to_decide",
        ]
        widgets = {"veto_parties": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = self.fields["body"].queryset.filter(charter=self.charter)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        rule = rules.DecisionRuleData(
            "rule",
            cleaned.get("scope", ""),
            cleaned.get("method", ""),
            body="body" if cleaned.get("body") else None,
            decider="party" if cleaned.get("decider") else None,
            threshold_pct=cleaned.get("threshold_pct"),
            deadlock_fallback=cleaned.get("deadlock_fallback") or "",
        )
        for message in rules.decision_rule_errors(rule):
            if "hreshold" in message:
                self.add_error("threshold_pct", message)
            elif "deadlock" in message:
                self.add_error("deadlock_fallback", message)
            else:
                self.add_error("body", message)
        return cleaned


# --- RACI: one activity row, one select per party -----------------------------------------------

RACI_CHOICES = [("", "–")] + [(code, code) for code in rules.RACI_CODES]  # noqa: RUF001


class RaciRowForm(CharterRecordForm):
    more_fields = ("description", "order")

    class Meta:
        model = RaciActivity
        fields = ["name", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(
            CharterParty.objects.filter(charter=self.charter).select_related("actor")
        )
        stored = {}
        if self.instance.pk:
            stored = {a.party_id: a.code for a in self.instance.assignments.all()}
        self.party_fields = []
        for party in self.parties:
            name = f"party_{party.pk}"
            self.fields[name] = forms.ChoiceField(
                label=party.actor.name, choices=RACI_CHOICES, required=False
            )
            self.initial[name] = stored.get(party.pk, "")
            self.party_fields.append(name)

    def clean_name(self):
        return self._unique_name(
            RaciActivity,
            "name",
            _("An activity called ‘%(name)s’ already exists in this charter."),  # noqa: RUF001
        )

    def codes(self):
        return {p.pk: self.cleaned_data.get(f"party_{p.pk}", "") for p in self.parties}

    def clean(self):
        cleaned = super().clean()
        data = {str(p.pk): cleaned.get(f"party_{p.pk}", "") or "" for p in self.parties}
        party_data = [
            rules.CharterPartyData(str(p.pk), "", p.actor.name, p.membership) for p in self.parties
        ]
        for message in rules.raci_row_errors(data, party_data):
            self.add_error(None, message)
        return cleaned

    def save_versioned(self, by):
        with transaction.atomic():
            record = super().save_versioned(by)
            RaciAssignment.objects.filter(activity=record).delete()
            RaciAssignment.objects.bulk_create(
                RaciAssignment(activity=record, party_id=pk, code=code)
                for pk, code in self.codes().items()
                if code
            )
        return record

    def conflict_rows(self):
        rows = super().conflict_rows()
        if self.conflict is None:
            return rows
        theirs = {a.party_id: a.code for a in self.conflict.assignments.all()}
        rows = [row for row in rows if row[0] not in {p.actor.name for p in self.parties}]
        for party in self.parties:
            mine = self.cleaned_data.get(f"party_{party.pk}", "")
            if theirs.get(party.pk, "") != mine:
                rows.append((party.actor.name, theirs.get(party.pk, ""), mine))
        return rows


# --- Contributions -------------------------------------------------------------------------------

MONEY_MIN = _lazy("Enter an amount of 0 or more.")


class ContributionForm(CharterRecordForm):
    more_fields = (
        "quantity",
        "unit",
        "unit_rate",
        "delivered_value",
        "period_start",
        "period_end",
        "for_pilot",
        "evidence",
    )

    class Meta:
        model = Contribution
        fields = [
            "party",
            "contribution_type",
            "description",
            "valuation_method",
            "value",
            "quantity",
            "unit",
            "unit_rate",
            "status",
            "delivered_value",
            "channelled_via",
            "period_start",
            "period_end",
            "for_pilot",
            "evidence",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channelled_via"].empty_label = _("Directly (not channelled)")

    def clean(self):
        cleaned = super().clean()
        for name in ("value", "quantity", "unit_rate", "delivered_value"):
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, MONEY_MIN)
        if self.errors:
            return cleaned
        method = cleaned.get("valuation_method")
        quantity, rate = cleaned.get("quantity"), cleaned.get("unit_rate")
        if quantity is not None and not cleaned.get("unit"):
            self.add_error("unit", _("Say what the quantity counts (hours, days, items …)."))
        if method in ("agreed_rate", "market_value"):
            if rate is None:
                self.add_error("unit_rate", _("Enter the rate used."))
            elif quantity is None:
                self.add_error("quantity", _("Enter the quantity the rate applies to."))
            else:
                cleaned["value"] = (quantity * rate).quantize(Decimal("0.01"))
                self.instance.value = cleaned["value"]
        if method != "not_monetised" and cleaned.get("value") is None:
            self.add_error("value", _("Enter the value, or choose ‘Not monetised’."))  # noqa: RUF001
        if (
            cleaned.get("status") == "partially_delivered"
            and cleaned.get("delivered_value") is None
        ):
            self.add_error("delivered_value", _("Enter how much has been delivered."))
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("End date must be after the start date."))
        party, via = cleaned.get("party"), cleaned.get("channelled_via")
        data = rules.ContributionData(
            "c",
            str(party.pk) if party else "",
            cleaned.get("contribution_type", ""),
            method or "",
            cleaned.get("status", ""),
            value=cleaned.get("value"),
            delivered_value=cleaned.get("delivered_value"),
            channelled_via=str(via.pk) if via else None,
        )
        for message in rules.contribution_errors(data):
            self.add_error(
                "channelled_via" if "channelled" in message else "delivered_value", message
            )
        return cleaned


# --- Value streams and fixed allocations ---------------------------------------------------------


class ValueStreamForm(CharterRecordForm):
    more_fields = (
        "beneficiaries_text",
        "outcome_metric",
        "outcome_formula",
        "trigger",
        "sla_text",
        "quality_gate",
    )

    class Meta:
        model = ValueStream
        fields = [
            "name",
            "kind",
            "mechanism",
            "expected_amount",
            "amount_period",
            "eligible_parties",
            "source_description",
            "beneficiaries_text",
            "outcome_metric",
            "outcome_formula",
            "trigger",
            "sla_text",
            "quality_gate",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "eligible_parties": forms.CheckboxSelectMultiple,
            "source_description": forms.Textarea(attrs={"rows": 2}),
            "beneficiaries_text": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_name(self):
        return self._unique_name(
            ValueStream,
            "name",
            _("A value stream called ‘%(name)s’ already exists in this charter."),  # noqa: RUF001
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        mechanism = cleaned.get("mechanism")
        amount = cleaned.get("expected_amount")
        if amount is not None and amount < 0:
            self.add_error("expected_amount", MONEY_MIN)
        if amount is not None and not cleaned.get("amount_period"):
            self.add_error(
                "amount_period", _("Say whether the amount is one-off, yearly or per event.")
            )
        if mechanism in (rules.EQUAL_SPLIT, rules.PRO_RATA) and not cleaned.get("eligible_parties"):
            self.add_error("eligible_parties", _("Choose the parties who share this stream."))
        if mechanism == "outcome_based":
            for name in ("outcome_metric", "outcome_formula"):
                if not cleaned.get(name):
                    self.add_error(name, _("Outcome-based streams need a metric and a formula."))
        if mechanism in ("needs_based", "open_access") and not cleaned.get("beneficiaries_text"):
            self.add_error("beneficiaries_text", _("Say who benefits."))
        if mechanism == "other" and not cleaned.get("source_description"):
            self.add_error("source_description", _("Describe how the value is created."))
        return cleaned


class AllocationForm(Described, forms.ModelForm):
    class Meta:
        model = ValueAllocation
        fields = ["party", "recipient_label", "percentage"]

    def clean(self):
        cleaned = super().clean()
        if self.has_changed() and not cleaned.get("DELETE"):
            if not cleaned.get("party") and not cleaned.get("recipient_label", "").strip():
                self.add_error("recipient_label", _("Choose a party or name the recipient."))
            value = cleaned.get("recipient_label")
            if value:
                cleaned["recipient_label"] = clean_name(value, LABEL_MAX)
        return cleaned


class BaseAllocationFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        parties = CharterParty.objects.filter(charter=charter).select_related("actor")
        for form in [*self.forms, self.empty_form]:
            form.fields["party"].queryset = parties
            form.fields["party"].label_from_instance = lambda party: party.actor.name
            form.fields["party"].empty_label = _("— a named recipient —")

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        percentages = [
            form.cleaned_data["percentage"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("percentage") is not None
        ]
        error = rules.allocation_sum_error(percentages)
        if error:
            raise forms.ValidationError(error)


AllocationFormSet = forms.inlineformset_factory(
    ValueStream,
    ValueAllocation,
    form=AllocationForm,
    formset=BaseAllocationFormSet,
    extra=2,
    can_delete=True,
)


# --- Ladder, risks, section status -------------------------------------------------------------


class EscalationStepForm(CharterRecordForm):
    more_fields = ("who", "cost_sharing")

    class Meta:
        model = EscalationStep
        fields = ["order", "level", "method", "max_days", "who", "cost_sharing"]
        widgets = {"who": forms.Textarea(attrs={"rows": 2})}

    def clean_order(self):
        order = self.cleaned_data["order"]
        clash = (
            EscalationStep.objects.filter(charter=self.charter, order=order)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if clash:
            raise forms.ValidationError(_("Step %(n)s already exists.") % {"n": order})
        return order


class RiskForm(CharterRecordForm):
    likelihood = forms.TypedChoiceField(
        label=_lazy("Likelihood"), choices=ONE_TO_FIVE, coerce=int, widget=Segmented
    )
    impact = forms.TypedChoiceField(
        label=_lazy("Impact"), choices=ONE_TO_FIVE, coerce=int, widget=Segmented
    )

    class Meta:
        model = RiskItem
        fields = ["title", "category", "likelihood", "impact", "owner", "mitigation"]
        widgets = {"mitigation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The pattern's three liabilities come first.
        choices = list(RiskItem.Category.choices)
        self.fields["category"].choices = [("", "---------"), *choices]


class SectionStatusForm(CharterRecordForm):
    not_relevant = forms.BooleanField(
        label=_lazy("Not relevant for this partnership"), required=False
    )

    class Meta:
        model = CharterSectionStatus
        fields = ["justification"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.section = section
        self.initial.setdefault(
            "not_relevant", self.instance.state == CharterSectionStatus.State.NOT_RELEVANT
        )

    def clean(self):
        cleaned = super().clean()
        relevant = not cleaned.get("not_relevant")
        if not relevant and not (cleaned.get("justification") or "").strip():
            self.add_error("justification", _("Say why this section is not relevant."))
        self.instance.state = (
            CharterSectionStatus.State.AUTO if relevant else CharterSectionStatus.State.NOT_RELEVANT
        )
        cleaned["state"] = self.instance.state
        return cleaned


# --- Versions, sign-off, comments ---------------------------------------------------------------


class PublishForm(Described, forms.Form):
    change_summary = forms.CharField(
        label=_lazy("What changed in this version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_change_summary(self):
        return clean_long(self.cleaned_data["change_summary"], SHORT_MAX)


class SignOffForm(Described, forms.Form):
    decision = forms.ChoiceField(
        label=_lazy("Your decision"), choices=SignOff.Decision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_lazy("Note (required for reservations and objections)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_note(self):
        return clean_long(self.cleaned_data["note"], SHORT_MAX)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") in ("agree_with_reservations", "object") and not cleaned.get(
            "note"
        ):
            self.add_error("note", _("Say what your reservation or objection is."))
        return cleaned


class CommentForm(Described, forms.Form):
    body = forms.CharField(label=_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_body(self):
        body = clean_long(self.cleaned_data["body"], SHORT_MAX)
        if not body:
            raise forms.ValidationError(_("This field is required."))
        return body


class RemoteInviteForm(Described, forms.Form):
    """Who gets a remote sign-off link for a published version: a signing party's representative."""

    party = forms.ModelChoiceField(label=_lazy("Party"), queryset=CharterParty.objects.none())
    name = forms.CharField(label=_lazy("Representative's name"), max_length=NAME_MAX)
    email = forms.EmailField(label=_lazy("Representative's e-mail"))

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        # Parties that could sign this version, as its snapshot names them, and can still sign.
        refs = set(version.signing_parties)
        signing = [p["name"] for p in version.snapshot.get("parties", []) if p["ref"] in refs]
        self.fields["party"].queryset = (
            CharterParty.objects.filter(
                charter=version.charter_id,
                actor__name__in=signing,
                membership__in=(CharterParty.Membership.CORE, CharterParty.Membership.ASSOCIATE),
            )
            .select_related("actor")
            .order_by("order", "pk")
        )
        self.fields["party"].label_from_instance = lambda party: party.actor.name

    def clean_name(self):
        return clean_name(self.cleaned_data["name"])
