"""Hostile text in every free-text field, in every export: the charter PDF (its text extracted;
WeasyPrint asks the fetcher for nothing but the allow-listed assets), the ZIP of PDFs, every CSV
(formula prefixes neutralised) and the JSON document (valid, every string exactly as stored)."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from tests.charter.conftest import flat, pdf_text
from tests.conftest import client_as_participant, client_as_user
from tests.hostile.corpus import CSS_LINK, FILE_IMG, FORMULA, IMG, NON_BMP, RTL, SCRIPT, TEMPLATE
from tests.interchange.exports import charter_pdf_text, csv_texts, zip_members
from workshop.charter import fetcher, pdf
from workshop.csvcells import FORMULA_STARTS

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks the fetcher for, served or refused."""
    asked = []
    original = fetcher.AssetFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(fetcher.AssetFetcher, "fetch", spy)
    # The stylesheets and fonts are parsed once per thread: drop them so this render fetches them.
    monkeypatch.delattr(pdf._local, "styles", raising=False)
    return asked


def allowed(url):
    return url.startswith(fetcher.ASSET_BASE) and url[len(fetcher.ASSET_BASE) :] in (
        fetcher.ALLOWED_ASSETS
    )


def test_the_charter_pdf_shows_the_text_literally_and_fetches_nothing_else(
    hostile, facilitator, fetched
):
    from workshop.steps.governance.models import Charter

    workshop = hostile.workshop
    team = workshop.teams.order_by("pk").first()
    Charter.objects.filter(team=team).update(
        title=f"{SCRIPT} {TEMPLATE}",
        vision=f'{FILE_IMG} {CSS_LINK} {IMG} <iframe src="http://example.com/"></iframe>',
        objectives='<style>@import url("http://example.com/a.css");</style>',
    )
    client = client_as_participant(hostile.lead)
    url = reverse("charter:pdf", args=[workshop.pk, team.pk, 3])
    response = client.get(url, {"version": "live"})
    assert response.status_code == 200
    text = flat(pdf_text(response.content))
    for literal in (SCRIPT, TEMPLATE, FILE_IMG, CSS_LINK, IMG, '@import url("http://example.com'):
        assert literal in text
    # The published version (filled by the fixture) and the ZIP of every team's latest version.
    published = flat(charter_pdf_text(client, workshop, team))
    assert hostile.filled[("governance.Charter", "title")][0].split(" #")[0][:20] in published
    members, _note = zip_members(client_as_user(facilitator), workshop)
    assert members
    assert fetched, "the spy saw the stylesheets and fonts"
    assert [url for url in fetched if not allowed(url)] == []


def rows_of(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def test_every_csv_neutralises_formulas(hostile, facilitator):
    workshop = hostile.workshop
    team = workshop.teams.order_by("pk").first()
    texts = csv_texts(client_as_user(facilitator), workshop)
    participant = client_as_participant(hostile.lead)
    for name in ("export_actors", "export_flows"):
        response = participant.get(reverse(f"steps:mapping:{name}", args=[workshop.pk, team.pk, 1]))
        assert response.status_code == 200, name
        texts[name] = response.content.decode("utf-8-sig")
    cells = []
    for kind, text in texts.items():
        for row in rows_of(text)[1:]:
            for cell in row:
                if cell.startswith(FORMULA_STARTS) and not NUMBER.match(cell):
                    pytest.fail(f"{kind}: formula cell {cell!r}")
                cells.append(cell)
    # The hostile formulas are there, as text a spreadsheet shows and does not run.
    for formula in FORMULA:
        assert any(cell.startswith("'" + formula[:4]) for cell in cells), repr(formula)
    assert any(NON_BMP[:8] in cell for cell in cells)
    assert any(RTL[:8] in cell for cell in cells)


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from strings_in(child)
    elif isinstance(value, list):
        for child in value:
            yield from strings_in(child)


def test_the_json_export_is_valid_and_keeps_every_string_exactly(hostile, facilitator):
    from workshop.interchange.document import export_document

    workshop = hostile.workshop
    response = client_as_user(facilitator).get(
        reverse("facilitation:export_json", args=[workshop.pk])
    )
    assert response.status_code == 200
    document = json.loads(response.content.decode("utf-8"))
    assert document == json.loads(json.dumps(export_document(workshop)))
    strings = set(strings_in(document))
    for field in [
        ("mapping.Actor", "name"),
        ("governance.Charter", "vision"),
        ("pilot.Lesson", "text"),
    ]:
        assert set(hostile.filled[field]) <= strings, field
    kept = [v for v in hostile.values() if v in strings]
    assert any(v.startswith(NON_BMP) for v in kept)
    assert any(v.startswith(RTL) for v in kept)
    assert any(v.startswith("\r") for v in kept)
    assert len(kept) > 0.8 * len(hostile.values())
