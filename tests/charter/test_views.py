"""Who may download which charter PDF, the file names, the facilitator's ZIP and export_charter."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.charter.conftest import flat, pdf_text
from tests.conftest import client_as_participant, client_as_user


def pdf_url(team, position=3, **query):
    url = reverse("charter:pdf", args=[team.workshop_id, team.pk, position])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_team_member_downloads_the_latest_published_version(b1_charter, team_a, participant_a):
    response = client_as_participant(participant_a).get(pdf_url(team_a))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="charter-riverside-v2.pdf"'
    assert "Version 2 · Agreed" in flat(pdf_text(response.content))


@pytest.mark.parametrize(
    ("version", "filename", "label"),
    [
        ("1", "charter-riverside-v1.pdf", "Version 1 · Superseded"),
        ("live", "charter-riverside-draft.pdf", "Live draft · Draft"),
    ],
)
def test_member_picks_a_version_or_the_live_draft(
    b1_charter, team_a, participant_a, version, filename, label
):
    response = client_as_participant(participant_a).get(pdf_url(team_a, version=version))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert label in flat(pdf_text(response.content))


@pytest.mark.parametrize("version", ["99", "abc", "-1", "0"])
def test_unknown_version_is_404(b1_charter, team_a, participant_a, version):
    response = client_as_participant(participant_a).get(pdf_url(team_a, version=version))

    assert response.status_code == 404


def test_team_without_a_charter_gets_404(team_b, participant_b):
    assert client_as_participant(participant_b).get(pdf_url(team_b)).status_code == 404


def test_other_team_and_other_workshop_cannot_download(
    b1_charter, team_a, participant_b, other_workshop_participant, client
):
    assert client_as_participant(participant_b).get(pdf_url(team_a)).status_code == 404
    assert client_as_participant(other_workshop_participant).get(pdf_url(team_a)).status_code == 404
    assert client.get(pdf_url(team_a)).status_code == 404


def test_facilitator_downloads_a_team_pdf(b1_charter, team_a, co_facilitator):
    response = client_as_user(co_facilitator).get(pdf_url(team_a))

    assert response.status_code == 200


def test_facilitator_zip_holds_each_teams_latest_version(b1_charter, live_workshop, facilitator):
    url = reverse("charter:zip", args=[live_workshop.pk])

    response = client_as_user(facilitator).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["charter-riverside-v2.pdf", "teams-without-a-charter.txt"]
    assert "Version 2 · Agreed" in flat(pdf_text(archive.read("charter-riverside-v2.pdf")))
    assert archive.read("teams-without-a-charter.txt").decode() == (
        "No published charter version yet:\nCity Hall\n"
    )


def test_zip_is_for_facilitators_only(live_workshop, participant_a, other_facilitator, client):
    url = reverse("charter:zip", args=[live_workshop.pk])

    assert client_as_participant(participant_a).get(url).status_code == 302  # to log in
    assert client_as_user(other_facilitator).get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_preview_shows_the_same_document_with_a_download_link(b1_charter, team_a, participant_a):
    url = reverse("charter:preview", args=[team_a.workshop_id, team_a.pk, 3])

    response = client_as_participant(participant_a).get(url + "?version=1")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="signatures"' in html
    assert "No-displacement pledge missing" in html
    assert pdf_url(team_a, version=1) in html


def test_export_charter_writes_the_pdf(b1_charter, live_workshop, tmp_path):
    target = tmp_path / "out.pdf"
    out = io.StringIO()

    call_command(
        "export_charter",
        live_workshop.join_code,
        "--team",
        "riverside",
        "-o",
        str(target),
        stdout=out,
    )

    assert "Version 2 · Agreed" in flat(pdf_text(target.read_bytes()))
    assert out.getvalue().startswith(
        f"Wrote {target}: Millrace Park Partnership Charter, Version 2"
    )


@pytest.mark.parametrize(
    ("code", "team", "message"),
    [
        ("ZZZZZZ", "Riverside", "No workshop with join code 'ZZZZZZ'."),
        (None, "Nobody", "No team called 'Nobody' in workshop"),
        (None, "City Hall", "This team has no charter yet."),
    ],
)
def test_export_charter_unknown_code_or_team_fails_with_status_1(
    b1_charter, live_workshop, tmp_path, code, team, message
):
    with pytest.raises(CommandError) as failure:
        call_command(
            "export_charter",
            code or live_workshop.join_code,
            "--team",
            team,
            "-o",
            str(tmp_path / "x.pdf"),
        )

    assert message in str(failure.value)
    assert failure.value.returncode == 1
    assert not (tmp_path / "x.pdf").exists()
