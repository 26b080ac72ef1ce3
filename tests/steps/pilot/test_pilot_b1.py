"""Millrace Park B1's pilot through the forms: timebox, tally, charter changes in v2, iteration 2."""

from decimal import Decimal

import pytest

from tests.steps import scenario_data as s
from tests.steps.pilot.millrace import enter_b1_pilot, url
from workshop.steps.governance.models import CharterVersion
from workshop.steps.pilot.completion import TeamPilots
from workshop.steps.pilot.models import CharterChange, Hypothesis, Pilot

pytestmark = pytest.mark.django_db


def step_page(client, workshop, team, query=""):
    from django.urls import reverse

    return client.get(reverse("steps:page", args=[workshop.pk, team.pk, 4]) + query)


def charter_url(workshop, team, name, *args):
    from django.urls import reverse

    return reverse(f"steps:governance:{name}", args=[workshop.pk, team.pk, 3, *args])


def test_b1_pilot_has_timebox_183_and_tally_4_2_0_0(charter_b1, lead_client, live_workshop, team_a):
    charter, parties = charter_b1
    v1 = CharterVersion.objects.get(charter=charter, number=1)
    enter_b1_pilot(lead_client, live_workshop, team_a, parties, v1)
    (pilot,) = TeamPilots.load(team_a).pilots
    assert pilot.timebox == 183
    assert pilot.tally == {"validated": 4, "invalidated": 2, "inconclusive": 0, "not_tested": 0}
    assert pilot.charter_version == v1
    assert sorted(p.actor.name for p in pilot.parties.all()) == sorted(
        [s.CITY, s.FOUNDATION, s.TRANSIT, s.EASTBANK]
    )
    h6 = next(card for card in pilot.cards if card.title == "Crossing wait acceptable")
    assert (h6.comparator, h6.target_value, h6.target_value_max, h6.result_value) == (
        "between",
        Decimal("30.00"),
        Decimal("90.00"),
        Decimal("70.00"),
    )
    assert h6.result == "validated"
    assert pilot.decision_record.decision == "iterate"
    assert [lesson.kind for lesson in pilot.lesson_list] == ["did_not_work", "did_not_work"]
    page = step_page(lead_client, live_workshop, team_a).content.decode()
    assert "183 days" in page
    assert 'data-tally="validated"' in page
    assert "Validated <strong>4</strong>" in page
    assert "Invalidated <strong>2</strong>" in page
    assert "Start iteration 2" in page


def test_lessons_applied_to_the_charter_show_in_v2_and_its_compare_view(
    charter_b1, lead_client, live_workshop, team_a
):
    charter, parties = charter_b1
    v1 = CharterVersion.objects.get(charter=charter, number=1)
    pilot = enter_b1_pilot(lead_client, live_workshop, team_a, parties, v1)
    changes = list(CharterChange.objects.filter(lesson__pilot=pilot).order_by("pk"))
    assert [c.section for c in changes] == ["roles", "value", "decisions"]
    for change in changes:
        lead_client.post(url(live_workshop, team_a, "apply", 1, change.pk))
    assert all(c.applied_at for c in CharterChange.objects.all())
    assert not CharterChange.objects.filter(applied_in_version__isnull=False).exists()
    page = step_page(lead_client, live_workshop, team_a).content.decode()
    assert page.count("waiting for the next version") == 3

    summary = "Pilot lessons; participatory budget; no-displacement pledge in V4 text"
    response = lead_client.post(
        charter_url(live_workshop, team_a, "publish"), {"change_summary": summary}
    )
    assert response.status_code == 302
    v2 = CharterVersion.objects.get(charter=charter, number=2)
    assert [c.applied_in_version for c in CharterChange.objects.order_by("pk")] == [v2, v2, v2]

    compare = lead_client.get(charter_url(live_workshop, team_a, "compare") + "?a=1&b=2")
    content = compare.content.decode()
    assert "What the pilot changed" in content
    assert content.count("data-pilot-change") == 3
    assert "Activity 5: Eastbank NA moves from C to R" in content
    page = step_page(lead_client, live_workshop, team_a).content.decode()
    assert page.count("Applied in v2") == 3


def test_a_change_to_a_narrative_section_goes_into_the_draft_and_the_diff(
    charter_b1, lead_client, live_workshop, team_a
):
    charter, parties = charter_b1
    pilot = enter_b1_pilot(lead_client, live_workshop, team_a, parties, None)
    lesson = pilot.lessons.first()
    lead_client.post(
        url(live_workshop, team_a, "new_change", 1, lesson.pk),
        {"section": "scope", "description": "Weekend shuttle between both gates"},
    )
    change = CharterChange.objects.get(section="scope")
    lead_client.post(url(live_workshop, team_a, "apply", 1, change.pk))
    charter.refresh_from_db()
    assert charter.scope_in == "Weekend shuttle between both gates"
    lead_client.post(charter_url(live_workshop, team_a, "publish"), {"change_summary": "Pilot"})
    compare = lead_client.get(charter_url(live_workshop, team_a, "compare") + "?a=1&b=2")
    assert (
        "Weekend shuttle between both gates"
        in compare.content.decode().split("What the pilot changed")[1]
    )


def test_iteration_2_copies_scope_parties_and_unproven_cards_and_runs_166_days(
    charter_b1, lead_client, live_workshop, team_a
):
    _charter, parties = charter_b1
    enter_b1_pilot(lead_client, live_workshop, team_a, parties, None)
    response = lead_client.post(url(live_workshop, team_a, "next", 1))
    assert response.status_code == 302
    second = Pilot.objects.get(team=team_a, iteration=2)
    assert second.title == "Millrace Connector pilot 2"
    assert second.scope == s.B1_PILOTS[0].scope
    assert second.parties.count() == 4
    assert sorted(Hypothesis.objects.filter(pilot=second).values_list("title", flat=True)) == [
        "Pop-up stop used",
        "Tenants feel welcome",
    ]
    assert not Hypothesis.objects.filter(pilot=second, result_value__isnull=False).exists()
    p2 = s.B1_PILOTS[1]
    lead_client.post(
        url(live_workshop, team_a, "edit_pilot", 2),
        {
            "title": second.title,
            "scope": second.scope,
            "objective": second.objective,
            "start_date": p2.start_date.isoformat(),
            "end_date": p2.end_date.isoformat(),
            "parties": list(second.parties.values_list("pk", flat=True)),
            "status": "planned",
            "version": second.version,
        },
    )
    pilots = TeamPilots.load(team_a).pilots
    assert [p.timebox for p in pilots] == [183, 166]
    page = step_page(lead_client, live_workshop, team_a, "?pilot=2").content.decode()
    assert "166 days" in page and "Iteration 2" in page


def test_summary_partial_shows_timebox_tally_decision_lessons_and_changes(
    charter_b1, lead_client, live_workshop, team_a
):
    from django.template.loader import render_to_string

    _charter, parties = charter_b1
    pilot = enter_b1_pilot(lead_client, live_workshop, team_a, parties, None)
    change = CharterChange.objects.filter(lesson__pilot=pilot).first()
    lead_client.post(url(live_workshop, team_a, "apply", 1, change.pk))
    lead_client.post(charter_url(live_workshop, team_a, "publish"), {"change_summary": "Pilot"})
    html = render_to_string("steps/pilot/_summary.html", {"team": team_a})
    assert "183 days (2026-05-01 – 2026-10-31)" in html  # noqa: RUF001
    assert "Validated 4 · Invalidated 2 · Inconclusive 0 · Not tested 0" in html
    assert (
        'data-summary="decision">Iterate: <span class="user-text" dir="auto">Access works (H1, H6)'
        in html
    )
    assert '<dd data-summary="lessons">2</dd>' in html
    assert "1 / 3 (v2 Roles and responsibilities)" in html
    assert "<script" not in html
