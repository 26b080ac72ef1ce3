"""Hostile imports: a 50 MB file, deep nesting, wrong types, duplicate refs, another format
version, non-JSON numbers. Each gets a clear error (in the upload form beside the field, and from
the management command) and nothing is imported; the upload is cut off before anything parses it."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopFutureHandlers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils.html import escape

from tests.conftest import client_as_user
from tests.interchange.documents import small
from workshop.facilitation.models import Team, Workshop
from workshop.interchange.importer import MAX_BYTES, import_document, parse
from workshop.interchange.uploads import CappedUpload
from workshop.steps.mapping.models import Actor

pytestmark = pytest.mark.django_db

FIFTY_MB = 50 * 1024 * 1024
TOO_LARGE = "The file is 50.0 MB; a workshop file can be at most 10 MB."
NESTING = (
    "(document): Lists and objects nest more than 64 levels deep; a workshop file needs far fewer."
)


def counts():
    return Workshop.objects.count(), Team.objects.count(), Actor.objects.count()


def post(client, data: bytes):
    upload = SimpleUploadedFile("w.json", data, "application/json")
    return client.post(reverse("facilitation:import"), {"file": upload})


def run_import(tmp_path, data: bytes):
    path = tmp_path / "w.json"
    path.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_workshop", str(path), "--owner", "jordan@example.org", stderr=err)
    return err.getvalue().splitlines(), str(failed.value)


def test_a_50_mb_upload_is_refused_beside_the_field_and_nothing_is_kept(
    partnership_pattern, facilitator
):
    before = counts()
    response = post(client_as_user(facilitator), b" " * FIFTY_MB)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<div class="invalid-feedback d-block" id="import-file-error">{TOO_LARGE}</div>' in html
    assert 'aria-describedby="import-file-help import-file-error"' in html
    assert counts() == before


def test_the_upload_handler_keeps_nothing_past_the_cap():
    handler = CappedUpload(limit=10)
    with pytest.raises(StopFutureHandlers):  # no other handler stores the file
        handler.new_file("file", "w.json", "application/json", None)
    handler.receive_data_chunk(b"x" * 8, 0)
    handler.receive_data_chunk(b"y" * 8, 8)
    handler.receive_data_chunk(b"z" * 8, 16)
    upload = handler.file_complete(24)
    assert (upload.size, upload.read()) == (24, b"")
    small_file = CappedUpload(limit=10)
    with pytest.raises(StopFutureHandlers):
        small_file.new_file("file", "w.json", "application/json", None)
    small_file.receive_data_chunk(b"{}", 0)
    assert small_file.file_complete(2).read() == b"{}"


def test_the_command_refuses_a_50_mb_file_without_reading_it(partnership_pattern, tmp_path):
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(FIFTY_MB)  # sparse: 50 MB long, nothing written
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 1 error"):
        call_command("import_workshop", str(path), "--owner", "a@example.org", stderr=err)
    assert err.getvalue().strip() == f"{path}: {TOO_LARGE}"
    assert counts() == (0, 0, 0)


def test_parse_refuses_more_than_the_cap():
    assert parse(b" " * (MAX_BYTES + 1))[1] == [
        "(document): The file is 10.0 MB; a workshop file can be at most 10 MB."
    ]


def test_nesting_that_would_exhaust_the_parser_is_an_error(partnership_pattern, facilitator):
    deep = b"[" * 200_000 + b"]" * 200_000
    assert parse(deep) == (None, [NESTING])
    response = post(client_as_user(facilitator), deep)
    assert response.status_code == 400
    assert NESTING in response.content.decode()


def test_nesting_the_parser_takes_is_refused_before_any_other_check(
    partnership_pattern, facilitator, tmp_path
):
    document = small()
    value = "bottom"
    for _level in range(100):
        value = {"deeper": [value]}
    document["teams"][0]["derived"] = value  # ignored on import, but still not a workshop file
    before = counts()
    assert import_document(document, facilitator).errors == [NESTING]
    lines, summary = run_import(tmp_path, json.dumps(document).encode())
    assert (lines, summary) == ([NESTING], "Nothing imported: 1 error(s).")
    assert counts() == before


@pytest.mark.parametrize(
    "given,message",
    [
        (
            "epd-workshop/2",
            "format: This file is in format ‘epd-workshop/2’; this app imports epd-workshop/1 only.",  # noqa: RUF001
        ),
        (None, "format: Not an epd-workshop/1 document (its “format” must be “epd-workshop/1”)."),
        (7, "format: Not an epd-workshop/1 document (its “format” must be “epd-workshop/1”)."),
    ],
)
def test_another_format_version_is_named_and_nothing_else_is_reported(
    partnership_pattern, facilitator, given, message
):
    document = small()
    document["format"] = given
    document["teams"][0]["actors"][0]["actor_type"] = "alien"  # not worth reporting then
    assert import_document(document, facilitator).errors == [message]
    response = post(client_as_user(facilitator), json.dumps(document).encode())
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported: 1 problem." in html
    assert escape(message) in html
    assert counts() == (0, 0, 0)


def test_a_document_that_is_not_an_object(partnership_pattern, facilitator):
    for document in ([], "epd-workshop/1", 3, None):
        assert import_document(document, facilitator).errors == [
            "format: Not an epd-workshop/1 document (its “format” must be “epd-workshop/1”)."
        ]


@pytest.mark.parametrize(
    "change,expected",
    [
        (
            lambda d: d.__setitem__("teams", {"name": "Riverside"}),
            "teams: {'name': 'Riverside'} is not of type 'array'",
        ),
        (
            lambda d: d["teams"][0]["actors"][0].__setitem__("name", 12),
            "teams[0].actors[0].name: 12 is not of type 'string', 'null'",
        ),
        (
            lambda d: d["teams"][0]["members"].__setitem__(0, "Marcus"),
            "teams[0].members[0]: 'Marcus' is not of type 'object'",
        ),
        (
            lambda d: d["teams"][0]["charter"].__setitem__("parties", {"ref": "party:x"}),
            "teams[0].charter.parties: {'ref': 'party:x'} is not of type 'array', 'null'",
        ),
        (
            lambda d: d["teams"][0]["charter"].__setitem__(
                "versions", [{"number": 1, "snapshot": "frozen"}]
            ),
            "teams[0].charter.versions[0].snapshot: 'frozen' is not of type 'object'",
        ),
        (
            lambda d: d["teams"][0]["flows"][0].__setitem__("source", 3),
            'teams[0].flows[0].source: 3 is not a ref such as "actor:…" (or empty).',
        ),
        (
            lambda d: d["teams"][0]["flows"][0].__setitem__("amount", 12.5),
            'teams[0].flows[0].amount: 12.5 is not a decimal in a string such as "45000.00"'
            " (or empty).",
        ),
    ],
)
def test_wrong_types_are_errors_at_their_path(partnership_pattern, facilitator, change, expected):
    document = small()
    change(document)
    result = import_document(document, facilitator)
    assert result.workshop is None
    assert expected in result.errors
    assert counts() == (0, 0, 0)


def test_duplicate_refs_are_errors_at_each_later_use(partnership_pattern, facilitator, tmp_path):
    document = small()
    team = document["teams"][0]
    team["actors"][2]["ref"] = "actor:harbour-trust"
    team["criteria"][1]["ref"] = "criterion:values-fit"
    expected = [
        "teams[0].actors[2].ref: ‘actor:harbour-trust’ is also the ref of teams[0].actors[0]; "  # noqa: RUF001
        "refs must be unique.",
        "teams[0].criteria[1].ref: ‘criterion:values-fit’ is also the ref of "  # noqa: RUF001
        "teams[0].criteria[0]; refs must be unique.",
    ]
    assert import_document(document, facilitator).errors == expected
    lines, _summary = run_import(tmp_path, json.dumps(document).encode())
    assert lines == expected
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    "raw,message",
    [
        (b'{"format": NaN}', "(document): Not valid JSON (NaN is not a JSON number)."),
        (b'{"format": -Infinity}', "(document): Not valid JSON (-Infinity is not a JSON number)."),
        (b"\xff\xfe{}", "(document): The file is not UTF-8 text."),
    ],
)
def test_what_is_not_json_is_named(raw, message):
    assert parse(raw) == (None, [message])


def test_an_integer_too_long_to_convert_is_an_error():
    document, errors = parse(b'{"n": ' + b"9" * 5000 + b"}")
    assert document is None
    assert errors[0].startswith("(document): Not valid JSON (Exceeds the limit")
