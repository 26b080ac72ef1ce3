"""The facilitator's pages across teams for steps 3, 4 and 5, and their warnings in the alerts list, with
Millrace Park B1 taken through step 5 (scenario sections "B1 Step 3" to "B1 Step 5"), B2 through step 2
and B3 sparse."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import client_as_user
from tests.facilitation.synthesis.scenario import load_millrace_later
from tests.facilitation.synthesis.test_pages import rows, text, url
from tests.steps import scenario_data as s
from workshop.facilitation.models import Team
from workshop.facilitation.synthesis.governance import load_snapshots
from workshop.steps.governance.models import (
    Charter,
    CharterParty,
    CharterVersion,
    Contribution,
    SignOff,
)
from workshop.steps.governance.snapshot import build_snapshot
from workshop.steps.mapping.models import Actor
from workshop.steps.pilot.models import Pilot
from workshop.steps.scale.models import (
    HealthCheck,
    HealthRating,
    HealthResponse,
    Indicator,
    VitalitySignal,
)

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('xss')</script>"
X = "\N{MULTIPLICATION SIGN}"


@pytest.fixture
def millrace(live_workshop):
    return load_millrace_later(live_workshop)


@pytest.fixture
def jordan(facilitator):
    return client_as_user(facilitator)


def measures(html: str) -> dict[str, tuple[str, ...]]:
    return {
        re.search(r'data-measure="([a-z_]+)"', row).group(1): tuple(
            text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        )[1:]
        for row in re.findall(r"<tr data-measure=[^>]*>.*?</tr>", html, re.S)
    }


def test_snapshots_read_for_the_whole_workshop_equal_each_charters_own(live_workshop, millrace):
    b1, b2, _b3 = millrace
    # A second charter, with a hostile party name, so teams' rows cannot mix.
    actor = Actor.objects.create(
        team=b2, name=HOSTILE, actor_type="organisation", sector="public", influence=3, interest=3
    )
    charter = Charter.objects.create(team=b2, title="City Hall charter", exit_notice_days=30)
    CharterParty.objects.create(team=b2, charter=charter, actor=actor, membership="core", order=1)
    live_workshop.refresh_from_db()  # the stored threshold, as build_snapshot reads it
    loaded = load_snapshots(live_workshop)
    assert set(loaded) == {b1.pk, b2.pk}
    for team_id, (stored, snapshot) in loaded.items():
        expected = build_snapshot(stored)
        assert snapshot["context"] == expected["context"], team_id
        assert snapshot == expected, team_id


def test_step_3_page_shows_b1s_charter_figures(live_workshop, millrace, jordan):
    response = jordan.get(url("across_governance", live_workshop))
    assert response.status_code == 200
    table = measures(response.content.decode())
    b1 = {key: cells[0] for key, cells in table.items()}
    assert b1 == {
        "completeness": "100 %",
        "version": "v2 ✓ Agreed",
        "governance_model": "Network administrative organisation (backbone)",
        "decision_methods": f"Consensus {X} 1 Unanimity {X} 1 Supermajority {X} 6 Delegated {X} 1",
        "parties": "7 Core 6 Observer 1",
        "contributions": "75,830,000.00 cash 66,500,000.00",
        "largest_share": "30.33 %",
        "largest_cash_share": "33.83 %",
        "streams": (
            f"Equal split {X} 1 Fixed percentages {X} 2 Needs-based {X} 1 Open access {X} 1"
            f" Recognition {X} 1 Other {X} 1"
        ),
        "ladder": "4 steps",
        "exit_notice": "180 days",
        "raci_errors": "0",
        "allocation_errors": "0",
    }
    # City Hall and Sponsors have no charter: every cell is a dash.
    assert {cells[1:] for cells in table.values()} == {("—", "—")}
    html = response.content.decode()
    sections = rows(html, "data-section")
    assert len(sections) == 17
    no_charter = "— No charter yet"
    assert sections[0] == ("1. Parties and representatives", "● Fully", no_charter, no_charter)
    assert all(row[1] == "● Fully" for row in sections)


def test_step_3_shows_who_has_still_to_sign_and_objections(live_workshop, millrace, jordan):
    b1, _b2, _b3 = millrace
    v2 = CharterVersion.objects.get(charter__team=b1, number=2)
    # v1 was never agreed (Eastbank objected), so no earlier version stays in force.
    SignOff.objects.filter(version=v2, party__actor__name=s.DISTRICT).delete()
    SignOff.objects.filter(version=v2, party__actor__name=s.EASTBANK).update(
        decision="object", note="No-displacement pledge still missing"
    )
    table = measures(jordan.get(url("across_governance", live_workshop)).content.decode())
    assert table["version"][0] == (
        f"v2 In review Waiting for: {s.DISTRICT} , {s.EASTBANK} ⚠ objection {s.EASTBANK}"
    )


def test_step_3_flags_dependency_and_sections_partly_in_place(live_workshop, millrace, jordan):
    b1, _b2, _b3 = millrace
    Contribution.objects.filter(team=b1, party__actor__name=s.DISTRICT).update(
        value=Decimal("200000000.00")
    )
    Charter.objects.filter(team=b1).update(scope_out="")
    response = jordan.get(url("across_governance", live_workshop))
    table = measures(response.content.decode())
    assert table["largest_share"][0] == "78.95 % ⚠ risk of dependency"
    assert table["largest_cash_share"][0] == "81.97 % ⚠ risk of dependency"
    assert table["completeness"][0] == "97 %"
    scope = {row[0]: row[1] for row in rows(response.content.decode(), "data-section")}
    assert scope["5. Scope and boundaries"] == "◐ Partially"


def test_step_4_page_shows_b1s_pilot_and_the_version_diff_link(live_workshop, millrace, jordan):
    b1, _b2, _b3 = millrace
    response = jordan.get(url("across_pilot", live_workshop))
    html = response.content.decode()
    assert rows(html, "data-pilot") == [
        (
            "Riverside",
            "Millrace Connector pilot Iteration 1",
            "183 days",
            "4",
            "2",
            "0",
            "0",
            "Iterate Access works (H1, H6) but transit and belonging do not; run a second pilot "
            "with 20-minute weekend buses and co-programming",
            "2",
            "3 / 3 · compare v1 and v2 : Riverside",
        )
    ]
    compare = reverse("steps:governance:compare", args=[live_workshop.pk, b1.pk, 3])
    assert f'href="{compare}?a=1&amp;b=2"' in html
    assert text(html.split("data-no-pilot>", 1)[1].split("</p>")[0]) == (
        "No pilot yet: City Hall , Sponsors"
    )


def test_step_5_page_shows_pathways_indicators_and_forces(live_workshop, millrace, jordan):
    html = jordan.get(url("across_scale", live_workshop)).content.decode()
    riverside = rows(html, "data-scale")[0]
    assert riverside == (
        "Riverside",
        "Expand scope Add partners Replicate elsewhere Institutionalise Diversify",
        f"▲ Amber: {s.B1_INDICATORS[0].name} ● Green: {s.B1_INDICATORS[1].name}"
        f" ■ Red: {s.B1_INDICATORS[2].name}",
        "—",
        "—",
        f"▲ Amber: {s.B1_INDICATORS[4].name}",
        f"▲ Amber: {s.B1_INDICATORS[3].name} ● Green: {s.B1_INDICATORS[5].name}",
        "● Green 2 ▲ Amber 3 ■ Red 1",
    )
    assert rows(html, "data-forces")[0] == ("Riverside", "3 → to 4", "3 → to 4", "2 → to 3")
    assert rows(html, "data-forces")[1] == ("City Hall", "— → to —", "— → to —", "— → to —")
    # The scheduled health check has no answers yet.
    health = rows(html, "data-health")[0]
    assert health[0] == "Riverside 2027-09-15 · 0 answers"
    assert set(health[1:]) == {"— no answers"}
    assert rows(html, "data-signals")[0] == ("Riverside", "0", "0", "0 decay, 0 vitality")


def test_step_5_heat_map_flags_dimensions_to_discuss(live_workshop, millrace, jordan):
    b1, _b2, _b3 = millrace
    check = HealthCheck.objects.get(team=b1)
    city, foundation = (
        CharterParty.objects.get(team=b1, actor__name=name) for name in (s.CITY, s.FOUNDATION)
    )
    colours = {
        city: {"trust": "red"},
        foundation: {"trust": "amber", "monitor_learn": "amber"},
    }
    for party, odd in colours.items():
        response = HealthResponse.objects.create(
            team=b1, health_check=check, respondent_party=party, respondent_name=party.actor.name
        )
        for dimension in (
            "need_recognised",
            "clarity_of_purpose",
            "commitment_ownership",
            "trust",
            "robust_arrangements",
            "monitor_learn",
            "equity_mutual_benefit",
        ):
            rating = odd.get(dimension, "green")
            HealthRating.objects.create(
                response=response,
                dimension=dimension,
                rating=rating,
                comment="Tenants left out" if rating == "red" else "",
            )
    health = rows(jordan.get(url("across_scale", live_workshop)).content.decode(), "data-health")
    assert health[0] == (
        "Riverside 2027-09-15 · 2 answers",
        "100 %",
        "100 %",
        "100 %",
        "25 % ⚠ discuss",
        "100 %",
        "75 % ⚠ discuss",
        "100 %",
    )


def test_alerts_list_steps_3_to_5_with_links_to_the_records(live_workshop, millrace, jordan):
    b1, _b2, _b3 = millrace
    Contribution.objects.filter(team=b1, party__actor__name=s.DISTRICT).update(
        value=Decimal("200000000.00")
    )
    pilot = Pilot.objects.get(team=b1)
    Pilot.objects.create(
        team=b1,
        title="Weekend buses",
        iteration=2,
        start_date=datetime.date(2026, 11, 15),
        end_date=datetime.date(2026, 11, 20),
    )
    disputes = [
        VitalitySignal.objects.create(
            team=b1,
            observed_on=day,
            signal="formal_dispute",
            description="Closure days",
            severity=2,
        )
        for day in (datetime.date(2027, 3, 1), datetime.date(2027, 5, 1))
    ]
    response = jordan.get(url("across_alerts", live_workshop))
    later = [
        (a.step.position, a.key, a.url) for a in response.context["alerts"] if a.step.position > 2
    ]
    page = reverse("steps:page", args=[live_workshop.pk, b1.pk, 4])
    district = CharterParty.objects.get(charter__team=b1, actor__name=s.DISTRICT)
    parties = reverse("steps:governance:section", args=[live_workshop.pk, b1.pk, 3, "parties"])
    assert later == [
        (3, "dependency_share", f"{parties}#parties-{district.pk}"),
        (3, "dependency_cash_share", f"{parties}#parties-{district.pk}"),
        (4, "pilot_timebox", f"{page}?pilot=2#pilot"),
        (
            5,
            "formal_disputes",
            reverse("steps:page", args=[live_workshop.pk, b1.pk, 5]) + f"#signal-{disputes[0].pk}",
        ),
    ]
    assert pilot.iteration == 1
    html = response.content.decode()
    assert "Risk of dependency: one party holds 78.95 % of monetised contributions" in html
    assert "The pilot runs 5 days, under two weeks: can it show anything?" in html


def test_hostile_names_are_shown_as_text(live_workshop, millrace, jordan):
    b1, _b2, _b3 = millrace
    Team.objects.filter(pk=b1.pk).update(name=HOSTILE)
    Actor.objects.filter(team=b1, name=s.DISTRICT).update(name=HOSTILE)
    Pilot.objects.filter(team=b1).update(title=HOSTILE)
    Indicator.objects.filter(team=b1, name=s.B1_INDICATORS[0].name).update(name=HOSTILE)
    v2 = CharterVersion.objects.get(charter__team=b1, number=2)
    snapshot = build_snapshot(v2.charter)
    CharterVersion.objects.filter(pk=v2.pk).update(snapshot=snapshot)
    SignOff.objects.filter(version=v2).delete()
    escaped = "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;"
    for name in ("across_governance", "across_pilot", "across_scale", "across_alerts"):
        html = jordan.get(url(name, live_workshop)).content.decode()
        assert HOSTILE not in html, name
        assert escaped in html, name
    waiting = measures(jordan.get(url("across_governance", live_workshop)).content.decode())
    assert HOSTILE in waiting["version"][0]


def test_tabs_follow_the_agenda_and_skipped_steps_hide(live_workshop, facilitator, jordan):
    console = jordan.get(url("console", live_workshop)).content.decode()
    for name, label in (
        ("across_governance", 'Step 3<span class="visually-hidden"> across teams</span>'),
        ("across_pilot", 'Step 4<span class="visually-hidden"> across teams</span>'),
        ("across_scale", 'Step 5<span class="visually-hidden"> across teams</span>'),
    ):
        assert f'href="{url(name, live_workshop)}"' in console
        assert label in console
    live_workshop.steps.filter(position=4).update(skipped=True)
    console = jordan.get(url("console", live_workshop)).content.decode()
    assert url("across_pilot", live_workshop) not in console
    assert url("across_scale", live_workshop) in console
    page = jordan.get(url("across_pilot", live_workshop)).content.decode()
    assert "This workshop's agenda has no pilot step." in page
    scale = jordan.get(url("across_scale", live_workshop)).content.decode()
    # Short on screen, named in full for screen readers.
    assert (
        'aria-current="page">Step 5<span class="visually-hidden"> across teams</span></a>' in scale
    )


def test_pages_refetch_their_body_on_a_live_event(live_workshop, jordan):
    for name in ("across_governance", "across_pilot", "across_scale"):
        html = jordan.get(url(name, live_workshop)).content.decode()
        assert (
            f'<div id="across-body" class="min-w-0" hx-get="{url(name + "_part", live_workshop)}"'
            ' hx-trigger="sse:progress-changed" hx-swap="outerHTML">'
        ) in html
        part = jordan.get(url(name + "_part", live_workshop)).content.decode()
        assert part.lstrip().startswith('<div id="across-body"')
        assert "<html" not in part
