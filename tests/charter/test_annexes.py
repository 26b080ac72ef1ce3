"""The charter's step 4-5 annexes: B1's pilot, scaling plan, monitoring plan and health check, as
the team entered them through the step forms, read back from the PDF and the preview."""

import pytest
from django.urls import reverse

from tests.charter.conftest import flat, pdf_text
from tests.charter.millrace import HEALTH_ANSWERS
from tests.conftest import client_as_participant
from tests.steps import scenario_data as s
from tests.steps.pilot.millrace import enter_b1_pilot, open_steps
from tests.steps.scale.millrace import enter_b1_scale
from tests.steps.scale.millrace import url as scale_url
from workshop.steps.governance.models import CharterParty, CharterVersion
from workshop.steps.mapping.models import Actor
from workshop.steps.pilot.models import Pilot
from workshop.steps.scale.models import HealthCheck

pytestmark = pytest.mark.django_db

ANNEXES = (
    "Annex 4: Pilot plan and learning",
    "Annex 5: Scaling plan",
    "Annex 6: Monitoring plan",
    "Annex 7: Latest health check",
)


@pytest.fixture
def lead_client(participant_a):
    participant_a.role = "lead"
    participant_a.save(update_fields=["role"])
    return client_as_participant(participant_a)


@pytest.fixture
def b1_steps_4_5(b1_charter, live_workshop, team_a, lead_client):
    """B1's charter (v1, v2 agreed) plus its pilot, scaling plan, indicators and a health check
    answered by three parties, all entered through the step-4 and step-5 forms."""
    open_steps(live_workshop, 4, 5)
    parties = {
        p.actor.name: p
        for p in CharterParty.objects.filter(charter=b1_charter).select_related("actor")
    }
    v1 = CharterVersion.objects.get(charter=b1_charter, number=1)
    enter_b1_pilot(lead_client, live_workshop, team_a, parties, v1)
    by_ref = {s.party_ref(name): party for name, party in parties.items()}
    tenants = Actor.objects.get(team=team_a, name=s.TENANTS)
    enter_b1_scale(lead_client, live_workshop, team_a, by_ref, tenants)
    check = HealthCheck.objects.get(team=team_a)
    for code, ratings in HEALTH_ANSWERS.items():
        party = by_ref[getattr(s, code)]
        data = {"respondent_party": party.pk, "respondent_name": party.representative_name}
        for dimension, rating in ratings.items():
            data[f"rating_{dimension}"] = rating
            data[f"comment_{dimension}"] = "Strained over the stop" if rating == "red" else ""
        response = lead_client.post(scale_url(live_workshop, team_a, "respond", check.pk), data)
        assert response.status_code == 302
    return b1_charter


def pdf_url(team, **query):
    url = reverse("charter:pdf", args=[team.workshop_id, team.pk, 3])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def preview_url(team):
    return reverse("charter:preview", args=[team.workshop_id, team.pk, 3])


def section(text, start, end=None):
    """`text` from the heading `start` (its last occurrence: the first is in the contents) on."""
    text = text[text.rindex(start) :]
    return text[: text.index(end)] if end else text


def test_pdf_prints_the_pilot_scaling_monitoring_and_health_annexes(
    b1_steps_4_5, team_a, lead_client
):
    response = lead_client.get(pdf_url(team_a))
    text = flat(pdf_text(response.content))

    assert response.status_code == 200
    assert "Version 2 · Agreed" in text
    for heading in ANNEXES:
        assert text.count(heading) == 2  # in the contents and as the annex heading
    pilot = section(text, ANNEXES[0], ANNEXES[1])
    assert "Millrace Connector pilot (iteration 1, Completed)" in pilot
    assert "183 days (2026-05-01 – 2026-10-31)" in pilot  # noqa: RUF001
    assert "Results: Validated 4 · Invalidated 2 · Inconclusive 0 · Not tested 0" in pilot
    assert "96: Invalidated" in pilot and "70: Validated" in pilot
    assert "between 30 and 90 seconds" in pilot
    assert "Hourly buses and a stop at the wrong gate kept boardings low" in pilot
    assert "→ Roles and responsibilities: Activity 5: Eastbank NA moves from C to R" in pilot
    assert "Iterate (2026-11-10): Access works (H1, H6)" in pilot
    scaling = section(text, ANNEXES[1], ANNEXES[2])
    assert "Pilot 2 meets H2 and H4 targets" in scaling
    assert "Apply the connector model to three riverfront parks" in scaling
    assert f"New partners: {s.TENANTS}" in scaling
    monitoring = section(text, ANNEXES[2], ANNEXES[3])
    # DOMAIN.md 8.8 on the scenario's readings: J2, J6 green; J1, J4, J5 amber; J3 red.
    assert "Latest status: Green 2 · Amber 3 · Red 1" in monitoring
    assert (monitoring.count("● Green"), monitoring.count("▲ Amber")) == (2, 3)
    assert monitoring.count("■ Red") == 1
    assert "1420 2027-06-30 ▲ Amber" in monitoring
    assert "52 2027-12-31 ■ Red" in monitoring
    health = section(text, ANNEXES[3], "Pattern licence and attribution")
    # 8.10: 36 of 42 points from three respondents.
    assert "Held on 2027-09-15, 3 responses." in health
    assert "Overall: 86 %" in health
    assert "Trust 50 % Discuss" in health
    assert "Need for partnership recognised 67 % Discuss" in health
    assert "Clarity and realism of purpose 100 % —" in health


def test_preview_shows_the_same_annex_figures(b1_steps_4_5, team_a, lead_client):
    html = lead_client.get(preview_url(team_a)).content.decode()

    for heading in ANNEXES:
        assert heading in html
    assert 'id="annex_pilot"' in html and 'id="annex_health"' in html
    assert "Validated 4</span> · " in html
    assert "Green 2</span> · " in html
    assert 'data-rag="red"' in html
    assert "Overall: 86 %" in html


def test_annexes_without_data_are_left_out_and_a_scheduled_check_prints_nothing(
    b1_charter, team_a, lead_client
):
    HealthCheck.objects.create(team=team_a, held_on=s.B1_HEALTH_CHECKS[0].held_on)

    text = flat(pdf_text(lead_client.get(pdf_url(team_a)).content))
    page = lead_client.get(preview_url(team_a)).content.decode()
    html = page[page.index('<article class="charter') :]  # the document, not the PDF options form

    assert "Annex 3: Partner selection" in text
    assert "Annex 4" not in text and "Annex 4" not in html
    for title in ("Pilot plan and learning", "Monitoring plan", "Latest health check"):
        assert title not in text
        assert title not in html


def test_the_annex_numbers_follow_on_when_an_earlier_one_is_missing(b1_steps_4_5, team_a):
    from workshop.charter import document

    Pilot.objects.filter(team=team_a).delete()

    doc = document.build(team_a)

    assert doc.annex_numbers["annex_scaling"] == 4
    assert doc.annex_numbers["annex_health"] == 6
    assert "annex_pilot" not in doc.annex_numbers


def test_hostile_text_in_the_annexes_prints_literally(b1_steps_4_5, team_a, lead_client):
    from workshop.steps.scale.models import Indicator

    hostile = '<img src="http://example.com/x.png" onerror=alert(1)>'
    Pilot.objects.filter(team=team_a, iteration=1).update(title=hostile)
    Indicator.objects.filter(team=team_a, name=s.B1_INDICATORS[0].name).update(
        data_source="<script>alert(1)</script>"
    )

    text = flat(pdf_text(lead_client.get(pdf_url(team_a)).content))
    html = lead_client.get(preview_url(team_a)).content.decode()

    assert hostile in text.replace('src= "', 'src="')
    assert "<script>alert(1)</script>" in text.replace(" ", "")  # may wrap in its column
    assert "&lt;img src=&quot;http://example.com/x.png&quot;" in html
    assert "<script>alert(1)" not in html
