"""A charter as another tool would write it (DOMAIN.md 12.1): a rotating chair imports with its
seats, and a published version whose snapshot has only the interchange shape is completed on
import, so every export of the imported workshop works (PDF, preview, ZIP, CSV, JSON)."""

import copy
import io
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import client_as_user
from tests.interchange.documents import small
from workshop.interchange.document import export_document
from workshop.interchange.importer import import_document
from workshop.steps.governance.models import CharterVersion, GoverningBody

pytestmark = pytest.mark.django_db

PARTIES = [
    {
        "ref": "party:harbour-trust",
        "actor": "actor:harbour-trust",
        "membership": "core",
        "representative_name": "Ana Lopes",
        "representative_role": "Director",
        "has_authority_to_sign": True,
        "order": 1,
    },
    {
        "ref": "party:city-council",
        "actor": "actor:city-council",
        "membership": "core",
        "representative_name": "Ben Ode",
        "has_authority_to_sign": True,
        "order": 2,
    },
]
BOARD = {
    "ref": "body:board",
    "name": "Board",
    "body_type": "board",
    "chair_arrangement": "rotating",
    "rotation_months": 6,
    "rotation_order": ["party:harbour-trust", "party:city-council"],
    "meeting_frequency": "quarterly",
    "quorum_count": 2,
    "seats": [
        {"party": "party:harbour-trust", "votes": 1},
        {"party": "party:city-council", "votes": 1},
    ],
}


def rotating_document():
    document = small()
    charter = document["teams"][0]["charter"]
    charter["parties"] = copy.deepcopy(PARTIES)
    charter["bodies"] = [copy.deepcopy(BOARD)]
    # The snapshot as DOMAIN.md 12.1 describes it: the charter's shape without versions (no
    # party names, no context block), the way another tool would write it.
    snapshot = {key: copy.deepcopy(value) for key, value in charter.items()}
    charter["versions"] = [
        {
            "number": 1,
            "note": "First draft",
            "published_by": "Marcus",
            "published_at": "2026-03-01T10:00:00Z",
            "sign_offs": [
                {
                    "party": "party:harbour-trust",
                    "signer_name": "Ana Lopes",
                    "signer_role": "Director",
                    "signed_at": "2026-03-02T09:00:00Z",
                    "decision": "agree",
                }
            ],
            "snapshot": snapshot,
        }
    ]
    return document


def test_a_rotating_chair_imports_with_its_order(partnership_pattern, facilitator):
    result = import_document(rotating_document(), facilitator)
    assert result.errors == []
    body = GoverningBody.objects.get(team__workshop=result.workshop)
    assert (body.chair_arrangement, body.rotation_months, body.quorum_count) == ("rotating", 6, 2)
    exported = export_document(result.workshop)["teams"][0]["charter"]["bodies"][0]
    assert exported["rotation_order"] == ["party:harbour-trust", "party:city-council"]
    assert [seat["party"] for seat in exported["seats"]] == exported["rotation_order"]


def test_a_rotation_order_naming_a_party_without_a_seat_is_refused(
    partnership_pattern, facilitator
):
    document = rotating_document()
    document["teams"][0]["charter"]["bodies"][0]["seats"].pop()
    document["teams"][0]["charter"]["bodies"][0]["quorum_count"] = 1
    result = import_document(document, facilitator)
    assert result.workshop is None
    assert result.errors[0] == (
        "teams[0].charter.bodies[0].rotation_order: "
        "Only parties holding a voting seat can take the chair in rotation."
    )


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_an_imported_version_is_completed_and_every_export_works(
    partnership_pattern, facilitator, tmp_path
):
    workshop = import_document(rotating_document(), facilitator).workshop
    version = CharterVersion.objects.get(charter__team__workshop=workshop)
    parties = version.snapshot["parties"]
    assert [(p["ref"], p["name"]) for p in parties] == [
        ("party:harbour-trust", "Harbour Trust"),
        ("party:city-council", "City Council"),
    ]
    assert version.snapshot["context"]["currency"] == "GBP"
    assert version.snapshot["bodies"][0]["rotation_order"] == [p["ref"] for p in parties]

    out = tmp_path / "charter.pdf"
    call_command(
        "export_charter",
        workshop.join_code,
        "--team",
        "Riverside",
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    text = pdf_text(out.read_bytes())
    assert "Harbour Trust" in text and "City Council" in text and "Ana Lopes" in text

    client = client_as_user(facilitator)
    team = workshop.teams.get()
    step3 = (workshop.pk, team.pk, 3)
    pdf = client.get(reverse("charter:pdf", args=step3), {"version": "1"})
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert "Harbour Trust" in pdf_text(pdf.content)
    assert client.get(reverse("charter:preview", args=step3), {"version": "1"}).status_code == 200
    archive = client.get(reverse("charter:zip", args=[workshop.pk]))
    assert (archive.status_code, archive["Content-Type"]) == (200, "application/zip")
    assert client.get(reverse("facilitation:export_json", args=[workshop.pk])).status_code == 200
    for kind in ("parties", "bodies", "contributions"):
        url = reverse("facilitation:export_csv", args=[workshop.pk, kind])
        assert client.get(url).status_code == 200


def test_a_version_snapshot_with_a_broken_record_is_refused_at_its_path(
    partnership_pattern, facilitator
):
    document = rotating_document()
    snapshot = document["teams"][0]["charter"]["versions"][0]["snapshot"]
    snapshot["bodies"][0]["rotation_months"] = 99
    result = import_document(copy.deepcopy(document), facilitator)
    assert (result.workshop, result.errors) == (
        None,
        [
            "teams[0].charter.versions[0].snapshot.bodies[0].rotation_months: "
            "Ensure this value is less than or equal to 60."
        ],
    )
    snapshot["parties"] = "everyone"
    assert import_document(document, facilitator).errors == [
        "teams[0].charter.versions[0].snapshot.parties: 'everyone' is not of type 'array', 'null'"
    ]
    snapshot["parties"] = copy.deepcopy(PARTIES)
    snapshot["parties"][1]["actor"] = "actor:nobody"
    assert import_document(document, facilitator).errors == [
        "teams[0].charter.versions[0].snapshot.parties[1].actor: "
        "‘actor:nobody’ does not match any actor ref in this team."  # noqa: RUF001
    ]
    assert CharterVersion.objects.count() == 0
