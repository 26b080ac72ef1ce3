"""Editing team records in a step: one form base and one save path for every step kind.

Every record a team edits together is a `TeamRecord` with a `version`. The form carries the version it
was rendered from; the save compares and swaps (DOMAIN.md 1.2), so of two saves from the same version
exactly one wins and the other sees both values side by side. Text fields follow DOMAIN.md 1.3.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from workshop.facilitation import events
from workshop.facilitation.access import edit_refusal
from workshop.facilitation.models import StepProgress
from workshop.steps.base import StaleRecord
from workshop.text import reject_control_characters

CONFLICT_MESSAGE = _("Someone else changed this since you opened it.")


class TeamRecordForm(forms.ModelForm):
    """A ModelForm for a team's record: scoped choices, text rules, compare-and-swap save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.conflict = None  # the stored record when a save lost the race
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        for field in self.fields.values():
            # Choices that point at team records list only this team's (a tampered id is "Select a
            # valid choice").
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "team_id"):
                field.queryset = queryset.filter(team=team)
            # Browsers cut pasted text at maxlength without a word; the server says the real length.
            if isinstance(field, forms.CharField) and "maxlength" in field.widget.attrs:
                field.widget.attrs["data-max"] = field.widget.attrs.pop("maxlength")

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and name in self.fields:
                try:
                    reject_control_characters(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def save_versioned(self, by):
        """Creates, or updates only if nobody saved since this form was rendered (else StaleRecord)."""
        record = self.instance
        with transaction.atomic():
            if record.pk is None:
                record.team = self.team
                record.created_by = by
                record.updated_by = by
                record.save()
                self._save_m2m()  # what ModelForm.save() would do after saving the instance
                return record
            expected = self.cleaned_data.get("version")
            if expected is None:
                expected = record.version
            fields = [
                f.name
                for f in record._meta.concrete_fields
                if f.name in self.cleaned_data and f.name != "version"
            ]
            record.save_if_current(expected, fields, by=by)
            self._save_m2m()
            return record

    def conflict_rows(self):
        """(label, their value, your value) for each field the two saves disagree on."""
        if self.conflict is None:
            return []
        rows = []
        for name, field in self.fields.items():
            if name == "version" or name not in self.cleaned_data:
                continue
            theirs = getattr(self.conflict, name, None)
            if hasattr(theirs, "all"):
                theirs = ", ".join(str(item) for item in theirs.all())
                yours = ", ".join(str(item) for item in self.cleaned_data[name] or [])
            else:
                yours = self.cleaned_data[name]
            display = getattr(self.conflict, f"get_{name}_display", None)
            their_text = display() if callable(display) else ("" if theirs is None else str(theirs))
            your_text = "" if yours is None else str(getattr(yours, "label", yours))
            if isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and yours not in (
                None,
                "",
            ):
                your_text = str(dict(field.choices).get(yours, yours))
            if their_text != your_text:
                rows.append((field.label, their_text, your_text))
        return rows


def save_team_record(request, form, team, step, kind: str):
    """The one save path: access, validation, compare-and-swap, progress and the live event.

    Returns (record, status): the saved record and 200, or None and 403 (not allowed), 400 (invalid,
    messages beside the fields) or 409 (stale: `form.conflict` holds the stored record). The form keeps
    everything the user typed in every case.
    """
    viewer = request.viewer
    refusal = edit_refusal(viewer, team, step)
    if refusal:
        form.is_valid()  # so the re-rendered form shows the typed values with any field messages
        form.add_error(None, refusal)
        return None, 403
    if not form.is_valid():
        return None, 400
    try:
        with transaction.atomic():  # one write lock per save on SQLite; the event after commit
            record = form.save_versioned(by=viewer.participant)
            record_change(team, step, kind, record.pk, by=viewer.participant)
    except StaleRecord as stale:
        form.conflict = stale.current
        if not form.conflict_rows():
            # The other save changed other fields of the record; every value here is already stored.
            return stale.current, 200
        form.data = form.data.copy()
        form.data["version"] = stale.current.version
        form.add_error(None, CONFLICT_MESSAGE)
        return None, 409
    return record, 200


def record_change(team, step, kind, record_id=None, by=None):
    """After any change to a team's records in a step: progress, completion and the live event."""
    from workshop.steps.completion import refresh

    StepProgress.record_activity(team, step)
    refresh(team, step)
    events.announce_team_change(team, kind, record_id, by=by.pk if by else None)
