"""One workshop whose every free-text field holds hostile text (tests/hostile/corpus.py).

Built from the generated document that fills every record kind and optional field of the format
(tests/interchange/generated.py), then every CharField and TextField of the facilitation and step
models that a person types (names, notes, descriptions, comments, messages, units, …) is
overwritten with the corpus, cycling, one string per field. Model saves, not the forms, so a field
whose form would clean the text (trim it, drop a control character) still carries it as typed
(the forms' limits are tested in test_long_text_and_markdown.py). Then the charter is published again, so its
latest version, PDF and ZIP hold the hostile text too."""

import itertools

from django.apps import apps
from django.db import models

from tests.conftest import make_participant
from tests.hostile.corpus import CORPUS, fitted
from tests.interchange import generated
from workshop.facilitation.models import ActivityLogEntry, Message, Participant, name_key
from workshop.interchange.importer import import_document

STEP_APPS = ("facilitation", "mapping", "alignment", "governance", "pilot", "scale", "notes")
# Text fields that are not typed by anyone, or whose value is a code the app reads: with why.
NOT_TYPED = {
    "join_code",  # generated
    "currency",  # an ISO code chosen from a list
    "colour",  # a colour input's #rrggbb
    "token",  # generated secret
    "email",  # an EmailField, validated as an address
    "content_sha256",  # computed
    "section",  # a charter section's code
    "party_ref",  # a ref computed at sign-off
    "action",  # the activity log's verb code
    "kind",  # a step kind's registry slug
    "context_label",  # a pattern context's code
    "ip_open_licence",  # a licence code chosen from a list
}


def typed_fields(model):
    """The model's free-text fields: Char/Text, no choices, not a code, not a *_key shadow."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name not in NOT_TYPED
        and not field.name.endswith("_key")
        and not field.name.startswith("name_key")
    ]


def typed_models():
    for app in STEP_APPS:
        for model in apps.get_app_config(app).get_models():
            fields = typed_fields(model)
            if fields:
                yield model, fields


def fill_every_typed_field():
    """Overwrites every free-text field of every row; returns {(label, field): [values]}."""
    strings = itertools.cycle(CORPUS)
    filled = {}
    for model, fields in typed_models():
        keys = {f.name for f in model._meta.concrete_fields if f.name.endswith("_key")}
        for row in model.objects.order_by("pk"):
            changes = {}
            for field in fields:
                value = fitted(next(strings), field.max_length, f" #{row.pk}")
                changes[field.name] = value
                if f"{field.name}_key" in keys:  # what uniqueness and matching read
                    changes[f"{field.name}_key"] = name_key(value)[: field.max_length]
                filled.setdefault((model._meta.label, field.name), []).append(value)
            model.objects.filter(pk=row.pk).update(**changes)
    return filled


class Hostile:
    def __init__(self, workshop, filled, lead):
        self.workshop = workshop
        self.filled = filled
        self.lead = lead

    def values(self):
        return [value for values in self.filled.values() for value in values]


def build_hostile(facilitator) -> Hostile:
    """The hostile workshop, imported for `facilitator` (the partnership pattern loaded)."""
    from workshop.steps.governance.models import Charter, CharterComment
    from workshop.steps.governance.publishing import publish
    from workshop.steps.notes.models import TeamNote

    result = import_document(generated.full_document(), facilitator)
    assert result.errors == []
    workshop = result.workshop
    team = workshop.teams.order_by("pk").first()
    lead = make_participant(workshop, team, "lead")
    lead.role = Participant.Role.LEAD
    lead.save(update_fields=["role"])
    for other in workshop.teams.exclude(pk=team.pk):
        make_participant(workshop, other, "member")
    # What the format does not carry: team notes on every step, comments, nudges.
    for step in workshop.steps.all():
        TeamNote.objects.create(team=team, step=step, text="note")
    charter = Charter.objects.get(team=team)
    CharterComment.objects.create(charter=charter, section="vision", author_name="a", body="c")
    Message.objects.create(workshop=workshop, team=None, body="m", sent_by=facilitator)
    Message.objects.create(workshop=workshop, team=team, body="m", sent_by=facilitator)
    # The console's log repeats what was typed (a team's new name, a message's start).
    ActivityLogEntry.objects.create(workshop=workshop, user=facilitator, action="edited")
    filled = fill_every_typed_field()
    lead.refresh_from_db()
    publish(charter, lead, "republished with hostile text")
    workshop.refresh_from_db()
    return Hostile(workshop, filled, lead)
