"""What the PDF includes (Charter.pdf_omit, DOMAIN.md 4.11): a team leaves out the context section or
annexes through the preview page's form; sections 14 and 15 summarise step 5 with B1's data."""

import json
import re

import pytest
from django.urls import reverse

from tests.charter.conftest import flat, pdf_text
from tests.charter.millrace import load_steps_4_5
from tests.conftest import client_as_participant, client_as_user
from tests.steps.pilot.millrace import open_steps
from workshop.interchange.document import export_document
from workshop.steps.governance import snapshot as snapshots
from workshop.steps.governance.models import Charter, CharterVersion, PdfPart

pytestmark = pytest.mark.django_db

EVERY_PART = PdfPart.values


def preview_url(team, version=""):
    url = reverse("charter:preview", args=[team.workshop_id, team.pk, 3])
    return url + (f"?version={version}" if version else "")


def contents_url(team):
    return reverse("charter:contents", args=[team.workshop_id, team.pk, 3])


def pdf_url(team, version=""):
    url = reverse("charter:pdf", args=[team.workshop_id, team.pk, 3])
    return url + (f"?version={version}" if version else "")


def document_html(client, team, version=""):
    """The preview's charter (not the page around it, which names every part in its form)."""
    page = client.get(preview_url(team, version)).content.decode()
    return page[page.index('<article class="charter') :]


def save_parts(client, team, include, version=None, shown="2"):
    if version is None:
        version = Charter.objects.get(team=team).version
    data = {"include": list(include), "version": version, "shown": shown}
    return client.post(contents_url(team), data)


@pytest.fixture
def member(b1_charter, live_workshop, participant_a):
    open_steps(live_workshop, 3)
    return client_as_participant(participant_a)


def test_the_preview_offers_one_ticked_checkbox_per_optional_part(member, team_a):
    page = member.get(preview_url(team_a)).content.decode()

    assert "What the PDF includes" in page
    for code, label in PdfPart.choices:
        box = re.search(rf'<input type="checkbox" name="include" value="{code}"[^>]*>', page)
        assert box and "checked" in box.group(0), code
        assert str(label) in page


def test_left_out_parts_are_gone_from_preview_and_pdf_and_the_rest_number_on(member, team_a):
    stored_before = member.get(pdf_url(team_a)).content  # v2's PDF is now stored
    keep = [p for p in EVERY_PART if p not in ("context", "annex_map", "annex_selection")]

    response = save_parts(member, team_a, keep)

    assert response.status_code == 302
    assert response["Location"] == preview_url(team_a, "2") + "&contents=open#pdf-contents"
    assert 'id="pdf-contents" open>' in member.get(response["Location"]).content.decode()
    assert Charter.objects.get(team=team_a).pdf_omit == [
        "context",
        "annex_map",
        "annex_selection",
    ]
    html = document_html(member, team_a, "2")
    assert 'id="context"' not in html and "Context and ecosystem" not in html
    assert 'id="annex_map"' not in html and 'id="annex_selection"' not in html
    assert '<span class="num">2</span> Shared purpose, vision and objectives' in html
    assert '<span class="num">17</span> Sign-off' in html
    assert "Annex 1: Power and interest grid" in html  # was Annex 2
    assert "Partner selection" not in html

    content = member.get(pdf_url(team_a)).content
    text = flat(pdf_text(content))
    assert content != stored_before  # the stored PDF of v2 followed the choice
    assert "Context and ecosystem" not in text
    assert "Ecosystem map" not in text and "Partner selection" not in text
    assert text.count("Annex 1: Power and interest grid") == 2  # contents and heading
    assert "2 Shared purpose, vision and objectives" in text
    assert "17 Sign-off" in text and "18 Sign-off" not in text


def test_the_choice_is_presentation_not_charter_content(member, b1_charter, team_a):
    v2 = CharterVersion.objects.get(charter=b1_charter, number=2)
    before = snapshots.build_snapshot(Charter.objects.get(team=team_a))

    save_parts(member, team_a, ["annex_grid"])

    charter = Charter.objects.get(team=team_a)
    snapshot = snapshots.build_snapshot(charter)
    assert "pdf_omit" not in snapshot
    assert snapshot == before
    assert CharterVersion.objects.get(pk=v2.pk).content_sha256 == v2.content_sha256
    assert "pdf_omit" not in json.dumps(export_document(team_a.workshop), default=str)
    # Any version shows the choice: v1 and the live draft as well as v2.
    for version in ("1", "live"):
        html = document_html(member, team_a, version)
        assert 'id="annex_grid"' in html and 'id="annex_map"' not in html
        assert 'id="context"' not in html


@pytest.mark.parametrize(
    ("include", "sentence"),
    [
        (EVERY_PART, "The ecosystem map is in Annex 1 and the power and interest grid in Annex 2."),
        (["context", "annex_grid"], "The power and interest grid is in Annex 1."),
        (["context", "annex_map", "annex_selection"], "The ecosystem map is in Annex 1."),
    ],
)
def test_the_context_section_points_only_at_the_annexes_printed(member, team_a, include, sentence):
    save_parts(member, team_a, include)

    html = document_html(member, team_a)

    assert sentence in html
    assert "in the annexes" not in html


def test_without_map_and_grid_the_context_section_does_not_point_at_annexes(member, team_a):
    save_parts(member, team_a, ["context", "annex_selection"])

    html = document_html(member, team_a)

    assert 'id="context"' in html
    assert "Annex 1: Partner selection" in html
    assert "is in Annex" not in html and "grid in Annex" not in html


def test_a_facilitator_cannot_change_it(b1_charter, live_workshop, team_a, co_facilitator):
    open_steps(live_workshop, 3)
    client = client_as_user(co_facilitator)

    page = client.get(preview_url(team_a)).content.decode()
    response = save_parts(client, team_a, ["annex_map"])

    assert "Save what the PDF includes" not in page  # the form is read-only for them
    assert response.status_code == 403
    assert "Only members of this team can change its work." in response.content.decode()
    assert Charter.objects.get(team=team_a).pdf_omit == []


def test_another_team_cannot_reach_it(b1_charter, live_workshop, team_a, participant_b):
    open_steps(live_workshop, 3)

    response = save_parts(client_as_participant(participant_b), team_a, ["annex_map"])

    assert response.status_code == 404
    assert Charter.objects.get(team=team_a).pdf_omit == []


def test_a_locked_step_refuses_the_save_with_its_message(member, live_workshop, team_a):
    step = live_workshop.steps.get(position=3)
    step.state = "locked"
    step.save(update_fields=["state"])

    response = save_parts(member, team_a, ["annex_map"])

    page = response.content.decode()
    assert response.status_code == 403
    assert page.count("The facilitator has locked this step.") == 1
    assert Charter.objects.get(team=team_a).pdf_omit == []
    assert 'id="annex_grid"' in page  # the preview is shown as it still prints


def test_only_the_governance_step_takes_the_save(member, team_a):
    url = reverse("charter:contents", args=[team_a.workshop_id, team_a.pk, 1])

    response = member.post(url, {"include": [], "version": 0, "shown": "live"})

    assert response.status_code == 404


def test_a_stale_save_shows_both_choices_and_keeps_the_typed_one(
    member, live_workshop, team_a, teammate_a
):
    opened = Charter.objects.get(team=team_a).version
    first = save_parts(client_as_participant(teammate_a), team_a, ["context", "annex_grid"], opened)
    second = save_parts(member, team_a, ["annex_map"], opened)

    page = second.content.decode()
    assert first.status_code == 302
    assert second.status_code == 409
    assert "Someone else changed this since you opened it." in page
    row = re.search(r"<th scope=\"row\">Optional parts</th>(.*?)</tr>", page, re.S).group(1)
    assert "Section: Context and ecosystem, Annex: Power and interest grid" in row
    assert "Annex: Ecosystem map" in row
    assert re.search(r'value="annex_map"[^>]*checked', page)  # the typed choice is kept
    assert not re.search(r'value="annex_grid"[^>]*checked', page)
    assert Charter.objects.get(team=team_a).pdf_omit == [
        p for p in EVERY_PART if p not in ("context", "annex_grid")
    ]
    # Saving again from the conflict keeps the second choice.
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert save_parts(member, team_a, ["annex_map"], version).status_code == 302
    assert "annex_map" not in Charter.objects.get(team=team_a).pdf_omit


# --- Sections 14 and 15: step 5 in one paragraph each -------------------------------------------

MONITORING = (
    "The partnership tracks 6 indicators. Latest status: Green 2 · Amber 3 · Red 1."
    " They are reviewed every 24 months, with the charter."
)
SCALING = (
    "Scaling pathways: Expand scope, Add partners, Replicate elsewhere, Institutionalise,"
    " Diversify."
)


def section(text, start, end):
    text = text[text.rindex(start) :]
    return text[: text.index(end)]


def test_sections_14_and_15_summarise_step_5_and_point_at_its_annexes(member, team_a):
    load_steps_4_5(team_a)

    text = flat(pdf_text(member.get(pdf_url(team_a)).content))
    html = flat(document_html(member, team_a))

    monitoring = section(text, "14 Monitoring, review and learning", "15 New partners")
    assert f"{MONITORING} See Annex 6." in monitoring
    admission = section(text, "15 New partners and evolution", "16 Withdrawal")
    assert f"{SCALING} See Annex 5." in admission
    assert "Annex 5: Scaling plan" in text and "Annex 6: Monitoring plan" in text
    assert '<a href="#annex_indicators">See Annex 6.</a>' in html
    assert '<a href="#annex_scaling">See Annex 5.</a>' in html


def test_the_summaries_stay_without_their_annexes_and_later_annexes_number_on(member, team_a):
    load_steps_4_5(team_a)
    save_parts(
        member, team_a, [p for p in EVERY_PART if p not in ("annex_scaling", "annex_indicators")]
    )

    text = flat(pdf_text(member.get(pdf_url(team_a)).content))

    assert f"{MONITORING} 15 New partners" in text  # no "See Annex" after it
    assert f"{SCALING} 16 Withdrawal" in text
    assert "Scaling plan" not in text and "Monitoring plan" not in text
    assert text.count("Annex 5: Latest health check") == 2


def test_without_step_5_records_sections_14_and_15_have_no_summary(member, team_a):
    html = document_html(member, team_a)

    assert 'data-summary="indicators"' not in html and "tracks" not in html
    assert 'data-summary="scaling"' not in html and "Scaling pathways" not in html


def test_with_parts_left_out_the_query_count_still_does_not_grow(member, team_a):
    from tests.charter.test_queries import add_more_records, count_queries

    load_steps_4_5(team_a)
    save_parts(member, team_a, ["annex_pilot", "annex_health"])
    member.get(preview_url(team_a))  # the session's one-off work
    few = count_queries(member, preview_url(team_a))

    add_more_records(team_a)

    assert count_queries(member, preview_url(team_a)) == few
