"""The charter PDF prints its titles, labels and dates in the team's charter language."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from tests.charter.conftest import flat, pdf_text
from workshop.charter import document, pdf
from workshop.steps.governance.models import Charter


def without_bidi_marks(text: str) -> str:
    return re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)


def printed(team) -> str:
    rendered = pdf.render_document(document.build(team))
    assert rendered.refused == []
    return flat(pdf_text(rendered.content))


def test_the_pdf_follows_the_workshop_language_by_default(b1_charter, team_a):
    english = printed(team_a)
    assert "Parties and representatives" in english and "Sign-off" in english

    team_a.workshop.language = "de"
    team_a.workshop.save(update_fields=["language"])
    german = printed(team_a)
    with translation.override("de"):
        titles = [str(title) for _key, title in document.SECTIONS]
        published = formats.date_format(document.build(team_a).date)
    for title in titles:
        assert title in german, title
    assert "Parties and representatives" not in german
    assert published in german  # e.g. "1. März 2026"
    # The charter's own text prints as typed.
    assert "Millrace Park Partnership Charter" in german


def test_a_team_prints_its_charter_in_arabic(b1_charter, team_a):
    charter = Charter.objects.get(team=team_a)
    charter.pdf_language = "ar"
    charter.save(update_fields=["pdf_language"])
    arabic = without_bidi_marks(printed(team_a))
    with translation.override("ar"):
        titles = [str(title) for _key, title in document.SECTIONS]

    # pdftotext gives right-to-left text back in logical order, but writes the lam-alef ligature's
    # letters in visual order: compare without lam and alef.
    def skeleton(text):
        return re.sub("[\u0627\u0623\u0625\u0622\u0644]", "", text)

    text = skeleton(arabic)
    missing = [title for title in titles if skeleton(title) not in text]
    assert len(missing) <= 1, (missing, arabic[:300])
    assert "Millrace Park Partnership Charter" in arabic


def test_the_download_prints_in_the_charter_language_whatever_the_reader_speaks(
    b1_charter, team_a, facilitator
):
    charter = Charter.objects.get(team=team_a)
    charter.pdf_language = "de"
    charter.save(update_fields=["pdf_language"])
    client = Client(headers={"accept-language": "ar"})
    client.force_login(facilitator)
    url = reverse("charter:pdf", args=[team_a.workshop_id, team_a.pk, 3])
    response = client.get(url)
    assert response.status_code == 200
    text = flat(pdf_text(response.content))
    with translation.override("de"):
        assert str(dict(document.SECTIONS)["signatures"]) in text


@pytest.mark.parametrize("code", ["de", "ar"])
def test_the_preview_form_chooses_the_pdf_language(b1_charter, team_a, participant_a, code):
    from tests.conftest import client_as_participant

    client = client_as_participant(participant_a)
    workshop = team_a.workshop
    workshop.advance_to(workshop.steps.get(position=3))
    charter = Charter.objects.get(team=team_a)
    url = reverse("charter:contents", args=[workshop.pk, team_a.pk, 3])
    response = client.post(
        url, {"version": charter.version, "include": ["context"], "pdf_language": code, "shown": ""}
    )
    assert response.status_code == 302
    charter.refresh_from_db()
    assert charter.pdf_language == code
