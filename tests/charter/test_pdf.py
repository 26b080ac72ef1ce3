"""The charter PDF, read back with pdftotext: content, status marks, hostile and multilingual text."""

import re
import subprocess

import pytest

from tests.charter.conftest import flat, pdf_text
from tests.steps.scenario_data import CITY, DISTRICT, EASTBANK, FOUNDATION, HARTWELL, TRANSIT
from workshop.charter import document, pdf
from workshop.steps.governance.models import Charter, CharterParty
from workshop.steps.mapping.models import Actor

B1_PARTIES = (CITY, FOUNDATION, DISTRICT, TRANSIT, HARTWELL, EASTBANK)


def render(team, version=None):
    rendered = pdf.render_document(document.build(team, version))
    assert rendered.refused == []
    return rendered, flat(pdf_text(rendered.content))


def test_agreed_version_lists_parties_ranking_allocations_and_version(b1_charter, team_a):
    rendered, text = render(team_a)

    assert rendered.pages >= 10
    for name in B1_PARTIES:
        assert name in text
    assert "Version 2 · Agreed" in text
    assert "Millrace Park Partnership Charter" in text
    ranking = [
        "1 Calder Parks & Trails District 4.05",
        "2 Calder Regional Transit Authority 3.30",
        "3 Hartwell Family Foundation 3.25",
        "4 Eastbank Neighbourhood Association 3.15",
        "5 Riverfront Business Improvement District 2.80",
    ]
    positions = [text.index(row) for row in ranking]
    assert positions == sorted(positions)
    assert "Maintenance endowment 50.00 % 450,000.00" in text
    assert "Free community programming fund 30.00 % 270,000.00" in text
    assert f"{CITY} 55.00 % 1,320,000.00" in text
    assert f"{FOUNDATION} 30.00 % 720,000.00" in text
    assert f"{DISTRICT} 15.00 % 360,000.00" in text


def test_agreed_version_has_no_draft_watermark_and_shows_the_signatures(b1_charter, team_a):
    _, text = render(team_a)

    assert "DRAFT" not in text
    assert "Dana Whitfield" in text
    assert "Signed by" in text
    assert "Objections to this version" not in text


def test_every_page_has_running_header_page_numbers_and_hash(b1_charter, team_a):
    rendered, _ = render(team_a)
    version = b1_charter.versions.get(number=2)
    pages = pdf_text(rendered.content).split("\f")[: rendered.pages]

    for number, page in enumerate(pages, start=1):
        page = flat(page)
        assert f"Page {number} of {rendered.pages}" in page
        assert f"Content hash {version.content_sha256[:12]}" in page
        if number > 1:
            assert "Millrace Park Partnership Charter" in page
            assert "Version 2 · Agreed" in page


def test_objected_version_is_a_draft_listing_the_objection(b1_charter, team_a):
    _, text = render(team_a, 1)

    assert "DRAFT" in text
    assert "Version 1 · Superseded" in text  # never agreed; version 2 replaced it
    assert "Objections to this version" in text
    assert "No-displacement pledge missing" in text


def test_live_draft_has_watermark_and_blank_signature_lines(b1_draft, team_a):
    _, text = render(team_a)

    assert text.count("DRAFT") >= 10  # on every page
    assert "Live draft · Draft" in text
    assert "No version has been published yet." in text
    assert "Name Signature Date" in text
    assert "Signed by" not in text


def test_partnering_agreement_carries_the_non_binding_statement(b1_draft, team_a):
    Charter.objects.filter(pk=b1_draft.pk).update(agreement_type="partnering_agreement")

    _, text = render(team_a)

    assert "This partnering agreement is not a legally binding contract." in text


def test_pattern_licence_and_attribution_are_printed(b1_draft, team_a, live_workshop):
    pattern = live_workshop.pattern
    pattern.licence, pattern.attribution = "CC-BY-SA-4.0", "Commons Engineering Team"
    pattern.save(update_fields=["licence", "attribution"])

    _, text = render(team_a)

    assert "Licence CC-BY-SA-4.0" in text
    assert "Attribution Commons Engineering Team" in text


XSS = (
    "<script>alert('xss')</script>",  # C-G7
    "<img src=x onerror=alert(1)>",  # C-G8
    '"><svg onload=alert(1)>',  # C-G8
)


def _add_party(charter, team, name, order):
    actor = Actor.objects.create(
        team=team,
        name=name,
        actor_type="organisation",
        agency="high",
        influence=3,
        interest=3,
        sector="other",
    )
    return CharterParty.objects.create(
        team=team, charter=charter, actor=actor, membership="associate", order=order
    )


def test_hostile_text_appears_literally_and_nothing_is_fetched(b1_draft, team_a):
    for order, name in enumerate(XSS, start=20):
        _add_party(b1_draft, team_a, name, order)
    Charter.objects.filter(pk=b1_draft.pk).update(
        vision='[click](javascript:alert(1)) and <iframe src="https://example.com">',  # C-G9
        data_sharing='<link rel="stylesheet" href="http://example.com/x.css">'
        "<style>body{background:url(http://example.com/bg.png)}</style>",
    )

    rendered, text = render(team_a)

    for name in XSS:
        assert name in text
    assert "[click](javascript:alert(1))" in text
    assert '<iframe src="https://example.com">' in text
    assert "<style>body{background:url(http://example.com/bg.png)}</style>" in text.replace(" ", "")
    assert rendered.refused == []  # the markup stayed text: no URL was even asked for


C_G14 = (
    "Ngāti Whātua liaison",
    "Łukasz Żmuda (tenant farmer)",
    "Зелёный берег",  # noqa: RUF001 (Cyrillic on purpose: C-G14)
    "东岸华人社区协会",
    "جمعية سكان الضفة الشرقية",
    "Hội Người Việt Millrace",
    "Ελληνική Κοινότητα",
    "日本語のかな",
    "한국어 모임",
)


def test_names_in_every_script_come_out_of_the_pdf(b1_draft, team_a):
    for order, name in enumerate(C_G14, start=20):
        _add_party(b1_draft, team_a, name, order)
    _add_party(b1_draft, team_a, "Beaver Watch 🦫", 40)

    rendered, _ = render(team_a)
    text = pdf_text(rendered.content)

    for name in C_G14:
        assert name in text, name
    assert "Beaver Watch" in text  # the emoji may fall back to a box; never a crash


def test_cjk_and_arabic_use_the_bundled_fonts(b1_draft, team_a):
    _add_party(b1_draft, team_a, "东岸华人社区协会", 20)
    _add_party(b1_draft, team_a, "جمعية سكان الضفة الشرقية", 21)

    rendered, _ = render(team_a)
    fonts = subprocess.run(
        ["pdffonts", "-"], input=rendered.content, capture_output=True, check=True
    ).stdout.decode()

    # Embedded under their @font-face family names (static/css/charter-pdf.css).
    assert "+Charter-CJK " in fonts
    assert "+Charter-Arabic " in fonts
    assert "+Charter-Sans " in fonts


def test_a_120_character_word_wraps_inside_the_page(b1_draft, team_a):
    word = "Longword" * 15
    assert len(word) == 120
    _add_party(b1_draft, team_a, word, 20)

    rendered, _ = render(team_a)
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=rendered.content, capture_output=True, check=True
    ).stdout.decode()

    page_width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    right_edges = [
        float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', bbox)
    ]
    assert max(right_edges) < page_width - 30  # inside the right margin (17 mm ≈ 48 pt)
    pieces = [w for w in re.findall(r">([^<]+)</word>", bbox) if "Longword" in w]
    assert word not in pieces  # never on one line: it wrapped
    assert "".join(pieces).count("Longword") >= 15


@pytest.mark.parametrize("version", [None, 1, document.LIVE])
def test_preview_and_pdf_render_the_same_document_template(b1_charter, team_a, version):
    doc = document.build(team_a, version)
    context = pdf.pdf_context(doc)

    from django.template.loader import render_to_string

    html = render_to_string("charter/pdf.html", context)
    assert 'id="signatures"' in html and 'class="charter' in html
    assert "<script" not in html.replace("&lt;script", "")


def test_map_annex_prints_the_actor_labels(b1_charter, team_a):
    from django.utils.text import Truncator

    from workshop.steps.mapping.board import LABEL_CHARS

    _, text = render(team_a)

    annex = text[text.index("Annex 1: Ecosystem map") :]
    assert Truncator(HARTWELL).chars(LABEL_CHARS) in annex
    assert Truncator(EASTBANK).chars(LABEL_CHARS) in annex
