"""Every export of a workshop renders: each team's charter PDF (its text extracted), the ZIP of
them all and each CSV. Shared by the round-trip tests and the hostile-input tests."""

import io
import subprocess
import zipfile

from django.urls import reverse

from workshop.interchange.csvexport import KINDS

CHARTER_STEP = 3


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def charter_pdf_text(client, workshop, team) -> str:
    response = client.get(reverse("charter:pdf", args=[workshop.pk, team.pk, CHARTER_STEP]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    return pdf_text(response.content)


def zip_members(client, workshop) -> tuple[dict[str, bytes], str]:
    """(the ZIP's PDFs by name, its note listing the teams without a published charter)."""
    archive = client.get(reverse("charter:zip", args=[workshop.pk]))
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.content)) as files:
        members = {name: files.read(name) for name in files.namelist()}
    note = "".join(members.pop(n).decode() for n in list(members) if n.endswith(".txt"))
    assert all(content.startswith(b"%PDF") for content in members.values()), list(members)
    return members, note


def csv_texts(client, workshop, empty=()) -> dict[str, str]:
    """Each CSV export's text, by kind; every one but the `empty` kinds has rows beyond its header."""
    texts = {}
    for kind in KINDS:
        response = client.get(reverse("facilitation:export_csv", args=[workshop.pk, kind]))
        assert response.status_code == 200, kind
        texts[kind] = response.content.decode("utf-8-sig")
        assert texts[kind].startswith(texts[kind].splitlines()[0]), kind  # at least a header
        if kind not in empty:
            assert len(texts[kind].splitlines()) > 1, f"{kind}: no rows"
    return texts


def assert_exports_render(client, workshop, document, teams_with_charter=None, empty_csv=()):
    """The PDF of the first team's charter shows its title and parties; the ZIP holds one PDF per
    team with a published charter version; each CSV has rows."""
    team = workshop.teams.order_by("pk").first()
    text = charter_pdf_text(client, workshop, team)
    charter = document["teams"][0]["charter"]
    assert charter["title"] in text
    for party in charter["parties"]:
        assert party["name"] in text
    members, _note = zip_members(client, workshop)
    expected = len(document["teams"]) if teams_with_charter is None else teams_with_charter
    assert len(members) == expected
    csv_texts(client, workshop, empty_csv)
    return text
