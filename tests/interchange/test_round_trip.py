"""Round trip, property style: for a generated workshop that uses every optional field and every
choice of every enumeration (tests/interchange/generated.py, choices read from the schema, which
equals the models' choices), export → import → export gives the same document, and the imported
copy's PDF, CSV and ZIP render. Imports are all-or-nothing, with every error at its JSON path.
(The Millrace scenario's round trip is in test_millrace_round_trip.py.)"""

import copy
import json

import pytest
from django.apps import apps
from django.db import transaction

from tests.conftest import client_as_user
from tests.interchange import generated
from tests.interchange.documents import small
from tests.interchange.exports import assert_exports_render
from workshop.interchange.document import export_document
from workshop.interchange.importer import import_document

pytestmark = pytest.mark.django_db

STEP_APPS = ("facilitation", "mapping", "alignment", "governance", "pilot", "scale")
# Model fields with choices that the format does not carry (DOMAIN.md 12.1), with why.
NOT_IN_FORMAT = {
    # The facilitator's synthesis (which teams' actors are the same) is not part of the format.
    ("facilitation", "actorclusterlink", "decision"),
    # Only `locked` travels, as step_progress[].locked (DOMAIN.md 12.1); open/pending do not.
    ("facilitation", "workshopstep", "state"),
    # Languages are presentation (docs/languages.md): the screens' and the PDF's, not the design.
    ("facilitation", "workshop", "language"),
    ("governance", "charter", "pdf_language"),
    # Dismissed suggestions are the room's working state; the export lists every suggestion.
    ("mapping", "suggestiondismissal", "kind"),
    # Which reminder e-mails went out is the server's sending log, not the design.
    ("scale", "reminder", "kind"),
}


def model_choices():
    """(app, model, field) → the codes of every field with choices in the step apps."""
    found = {}
    for app in STEP_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if getattr(field, "choices", None) and field.concrete:
                    key = (app, model._meta.model_name, field.name)
                    found[key] = {str(code) for code, _label in field.flatchoices if code != ""}
    return found


def test_the_schema_offers_exactly_the_models_choices():
    """So the generated document, which reads the schema, covers a choice added to a model."""
    enums = {}
    for path in generated.enum_paths():
        enums.setdefault(path.rsplit(".", 1)[-1].removesuffix("[]"), []).append(
            set(generated.choices(path))
        )
    unmatched = {
        key: codes
        for key, codes in model_choices().items()
        if key not in NOT_IN_FORMAT and codes not in enums.get(key[2], [])
    }
    assert unmatched == {}
    assert set(model_choices()) >= NOT_IN_FORMAT  # no stale exceptions


def test_the_generated_document_uses_every_choice_and_every_field():
    document = generated.full_document()
    missing = generated.missing_choices(document)
    # What only an export shows (the derived status, the parties' names) is checked on the export.
    assert generated.empty_fields(document) == [
        "teams[].charter.status",
        "teams[].charter.parties[].name",
    ]
    assert {
        path: codes for path, codes in missing.items() if path not in generated.NOT_EXPORTED
    } == {}


def test_export_import_export_gives_the_same_document_and_the_copy_renders(
    partnership_pattern, facilitator
):
    imported = import_document(generated.full_document(), facilitator)
    assert imported.errors == []
    first = export_document(imported.workshop)
    assert generated.missing_choices(first) == {}
    assert generated.empty_fields(first) == []
    again = import_document(json.loads(json.dumps(first)), facilitator)
    assert again.errors == []
    assert export_document(again.workshop) == first

    client = client_as_user(facilitator)
    text = assert_exports_render(client, again.workshop, first)
    assert "Body 2" in text and "Rep 1" in text


@pytest.mark.parametrize("status", generated.choices("workshop.status"))
def test_every_workshop_status_round_trips(partnership_pattern, facilitator, status):
    document = small()
    document["workshop"]["status"] = status
    first = export_document(import_document(document, facilitator).workshop)
    assert first["workshop"]["status"] == status
    copy_ = import_document(json.loads(json.dumps(first)), facilitator).workshop
    assert export_document(copy_) == first


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for app in STEP_APPS
        for model in apps.get_app_config(app).get_models()
    }


def test_one_bad_record_in_the_last_team_imports_nothing(partnership_pattern, facilitator):
    document = generated.full_document()
    last = len(document["teams"]) - 1
    document["teams"][last]["signals"][-1]["severity"] = 9
    document["teams"][last]["charter"]["versions"][0]["sign_offs"][0]["party"] = "party:nobody"
    before = row_counts()
    result = import_document(document, facilitator)
    assert result.workshop is None
    assert result.errors == [
        f"teams[{last}].charter.versions[0].sign_offs[0].party: "
        "‘party:nobody’ is not a party of version 1.",  # noqa: RUF001
        f"teams[{last}].signals[{len(document['teams'][last]['signals']) - 1}].severity: "
        + result.errors[1].split(": ", 1)[1],
    ]
    assert "severity" in result.errors[1]
    assert row_counts() == before


WRONG = (None, 7, "x", [], {}, True)


def leaf_paths(value, path=()):
    """Every (path, value) of a document, containers included."""
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from leaf_paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from leaf_paths(child, (*path, index))


def replaced(document, path, value):
    changed = copy.deepcopy(document)
    target = changed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return changed


def test_a_wrong_type_anywhere_is_an_error_or_imports_never_a_crash(
    partnership_pattern, facilitator
):
    """Every value of a document with a published version, replaced by each other JSON type."""
    from tests.interchange.test_charter_import import rotating_document

    document = rotating_document()
    before = row_counts()
    tried = 0
    for path, value in list(leaf_paths(document)):
        if not path or path[0] == "format" or "derived" in path:
            continue
        for wrong in WRONG:
            if type(wrong) is type(value) or (wrong is None and value is None):
                continue
            with transaction.atomic():  # a copy that imports is rolled back
                result = import_document(replaced(document, path, wrong), facilitator)
                transaction.set_rollback(True)
            tried += 1
            if result.errors:
                assert result.workshop is None
                assert all(": " in error for error in result.errors), result.errors
    assert tried > 500
    assert row_counts() == before
