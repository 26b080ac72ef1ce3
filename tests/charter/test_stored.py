"""A published version's PDF is stored on its first download and served from storage while it still
matches what the version prints; a change of sign-offs, status or annex data renders it anew."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.charter.conftest import flat, pdf_text
from tests.charter.millrace import load_steps_4_5
from tests.conftest import client_as_participant, client_as_user, make_participant
from tests.steps import scenario_data as s
from tests.steps.governance.millrace import url as governance_url
from tests.steps.pilot.millrace import open_steps
from workshop.charter import pdf
from workshop.steps.governance.models import CharterParty, CharterVersion, SignOff

pytestmark = pytest.mark.django_db


def pdf_url(team, **query):
    url = reverse("charter:pdf", args=[team.workshop_id, team.pk, 3])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDF renders (WeasyPrint runs)."""
    calls = []
    real = pdf.render_html

    def counting(html, **kwargs):
        calls.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf, "render_html", counting)
    return calls


def stored_name(charter, number):
    return CharterVersion.objects.get(charter=charter, number=number).pdf.name


def test_first_download_stores_the_pdf_and_the_next_one_serves_it(
    b1_charter, team_a, participant_a, renders
):
    client = client_as_participant(participant_a)

    first = client.get(pdf_url(team_a))
    name = stored_name(b1_charter, 2)
    second = client.get(pdf_url(team_a, version=2))

    assert len(renders) == 1
    assert name.startswith(f"charters/team-{team_a.pk}/v2-") and name.endswith(".pdf")
    assert default_storage.open(name).read() == first.content == second.content
    assert second["Content-Disposition"] == 'attachment; filename="charter-riverside-v2.pdf"'
    assert second["Cache-Control"] == "private, no-store"


def test_the_live_draft_is_rendered_every_time_and_never_stored(
    b1_charter, team_a, participant_a, renders
):
    client = client_as_participant(participant_a)

    client.get(pdf_url(team_a, version="live"))
    client.get(pdf_url(team_a, version="live"))

    assert len(renders) == 2
    assert not CharterVersion.objects.filter(charter=b1_charter).exclude(pdf="").exists()


def test_the_last_agreement_removes_the_draft_watermark_from_the_stored_pdf(
    b1_charter, live_workshop, team_a, participant_a, renders
):
    """v2 waits for Eastbank's signature (DRAFT); once its signer agrees, the PDF is agreed."""
    open_steps(live_workshop, 3)
    eastbank = CharterParty.objects.get(charter=b1_charter, actor__name=s.EASTBANK)
    SignOff.objects.filter(version__number=2, party=eastbank).delete()
    signer = make_participant(live_workshop, team_a, eastbank.representative_name)
    eastbank.signer = signer
    eastbank.save(update_fields=["signer"])
    client = client_as_participant(participant_a)

    waiting = flat(pdf_text(client.get(pdf_url(team_a)).content))
    waiting_name = stored_name(b1_charter, 2)
    signed = client_as_participant(signer).post(
        governance_url(live_workshop, team_a, "sign", 2),
        {"party": eastbank.pk, "decision": "agree", "note": ""},
    )
    agreed = flat(pdf_text(client.get(pdf_url(team_a)).content))
    agreed_name = stored_name(b1_charter, 2)
    again = client.get(pdf_url(team_a))

    assert "Version 2 · In review" in waiting and "DRAFT" in waiting
    assert signed.status_code == 302
    assert "Version 2 · Agreed" in agreed and "DRAFT" not in agreed
    assert agreed_name != waiting_name
    assert not default_storage.exists(waiting_name)  # the stale render is gone
    assert len(renders) == 2 and again.content == default_storage.open(agreed_name).read()


def test_an_objection_and_new_annex_data_render_the_stored_pdf_anew(
    b1_charter, team_a, participant_a, renders
):
    client = client_as_participant(participant_a)
    client.get(pdf_url(team_a))
    SignOff.objects.filter(version__number=2, party__actor__name=s.EASTBANK).update(
        decision="object", note="The stop moved again"
    )

    objected = flat(pdf_text(client.get(pdf_url(team_a)).content))
    load_steps_4_5(team_a)
    with_annexes = flat(pdf_text(client.get(pdf_url(team_a)).content))

    assert "DRAFT" in objected and "The stop moved again" in objected
    assert "Annex 6: Monitoring plan" in with_annexes
    assert len(renders) == 3


def test_a_stored_file_that_went_missing_is_rendered_again(
    b1_charter, team_a, participant_a, renders
):
    client = client_as_participant(participant_a)
    client.get(pdf_url(team_a))
    default_storage.delete(stored_name(b1_charter, 2))

    response = client.get(pdf_url(team_a))

    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert len(renders) == 2
    assert default_storage.exists(stored_name(b1_charter, 2))


def test_the_facilitators_zip_uses_the_stored_pdf(
    b1_charter, live_workshop, team_a, participant_a, facilitator, renders
):
    first = client_as_participant(participant_a).get(pdf_url(team_a))

    response = client_as_user(facilitator).get(reverse("charter:zip", args=[live_workshop.pk]))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read("charter-riverside-v2.pdf") == first.content
    assert len(renders) == 1
