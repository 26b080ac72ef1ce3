from django import forms
from django.utils.translation import gettext_lazy as _

from workshop.steps.notes.models import LONG, TeamNote
from workshop.text import clean_long


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Team notes"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Shared with your team. Saved as you type."),
    )
    # The version this edit started from: a save from an older version is a conflict, not an overwrite.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    conflict = None  # the teammate's record when a save lost the race

    def __init__(self, *args, note=None, **kwargs):
        initial = {"text": note.text if note else "", "version": note.version if note else 0}
        super().__init__(*args, initial=initial, **kwargs)
        self.note = note

    def clean_text(self):
        return clean_long(self.cleaned_data["text"], LONG)

    def save(self, *, team, step, by, note_id=None):
        """Creates the notes or swaps in the text; `note_id` is the team's notes row, if any."""
        text = self.cleaned_data["text"]
        version = self.cleaned_data["version"]
        if version == 0:
            note, created = TeamNote.objects.get_or_create(
                team=team, step=step, defaults={"text": text, "created_by": by, "updated_by": by}
            )
            if created:
                return note
            # A teammate created the notes first: this edit started from nothing, so it is stale.
            from workshop.steps.base import StaleRecord

            raise StaleRecord(note)
        if note_id is None:
            return TeamNote.objects.create(
                team=team, step=step, text=text, created_by=by, updated_by=by
            )
        # Holds what this save wrote (id, text, version, updated_at and _by), not the whole row.
        note = TeamNote(pk=note_id, team=team, step=step, text=text)
        note.save_if_current(version, ["text"], by=by)
        return note
