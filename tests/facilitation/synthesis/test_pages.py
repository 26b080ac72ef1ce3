"""The facilitator's pages across teams with Millrace Park B1, B2 and B3 (the scenario's section
"Scenario B: what the facilitator should see across teams")."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.conftest import client_as_user
from tests.facilitation.synthesis.scenario import load_millrace
from tests.steps import scenario_data as s
from workshop.facilitation.models import ActorClusterLink
from workshop.steps.derived import name_key
from workshop.steps.mapping.models import Actor

pytestmark = pytest.mark.django_db


def url(name, workshop, *args):
    return reverse(f"facilitation:{name}", args=[workshop.pk, *args])


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def rows(html: str, marker: str) -> list[tuple[str, ...]]:
    """Cell texts (th and td) of the table rows carrying `marker`."""
    found = re.findall(rf"<tr{' ' + marker if marker else ''}[^>]*>(.*?)</tr>", html, re.S)
    return [
        tuple(text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)) for row in found
    ]


@pytest.fixture
def millrace(live_workshop):
    return load_millrace(live_workshop)


@pytest.fixture
def jordan(facilitator):
    return client_as_user(facilitator)


def test_step_1_page_shows_exact_clusters_possible_matches_and_blind_spots(
    live_workshop, millrace, jordan
):
    response = jordan.get(url("across_mapping", live_workshop))
    assert response.status_code == 200
    html = response.content.decode()
    assert [row[:2] for row in rows(html, "data-cluster")] == [
        (s.DISTRICT, "2"),
        (s.CITY, "2"),
        (s.BANK, "2"),
        (s.HARTWELL, "2"),
        (s.FOUNDATION, "3"),
        (s.B2_BID, "2"),
    ]
    across = response.context["across"]
    assert [(m.first.name, m.second.name, m.reason) for m in across.map.possible] == [
        (s.B2_COUNTY, s.COUNTY, "prefix"),
        (s.TRANSIT, s.B2_CRTA, "prefix"),
        (s.B3_CITY, s.CITY, "prefix"),
        (s.B2_EASTBANK, s.EASTBANK, "similar"),
    ]
    assert html.count("data-possible") == 4
    blind = {c.team.name: [g.name for g in c.blind_spots] for c in across.columns}
    # The BID is two clusters until merged by hand, so each side is the other's blind spot.
    assert blind["City Hall"] == [s.YOUTH, s.BANK, s.FUTURE, s.TENANTS, s.BID]
    assert blind["Riverside"] == [s.COUNCIL, s.B2_BID]


def test_step_1_page_shows_each_teams_numbers_side_by_side(live_workshop, millrace, jordan):
    html = jordan.get(url("across_mapping", live_workshop)).content.decode()
    body = html.split('class="table table-sm across-table metrics-table', 1)[1].split("</table>")[0]
    table = {row[0]: row[1:] for row in rows(body, "")}
    assert table["Actors"] == ("12", "9", "4")
    assert table["Manage closely"] == ("3", "6", "4")
    assert table["Keep satisfied"] == ("4", "2", "0")
    assert table["Keep informed"] == ("4", "1", "0")
    assert table["Monitor"] == ("1", "0", "0")
    assert table["Flows"] == ("14", "8", "1")
    assert table["Money"] == ("6", "4", "1")
    assert table["Existing"] == ("5", "2", "0")
    assert table["Proposed"] == ("8", "6", "1")
    assert table["Missing"] == ("1", "0", "0")
    assert table["Intangible share"] == ("21.4 % ⚠ under 25 %", "25.0 %", "0.0 % ⚠ under 25 %")
    assert table["Hub share (convenor)"] == ("50.0 %", "87.5 % ⚠ over 60 %", "100.0 % ⚠ over 60 %")
    assert table["Isolated actors"] == (
        s.FUTURE,
        s.B2_COUNTY,
        f"{s.B3_CITY} {s.B2_BID}",
    )
    assert table["Voiceless actors and proxies"] == (f"{s.FUTURE} : proxy {s.CITY}", "0", "0")


def test_step_1_page_shows_top_three_gaps_and_purposes(live_workshop, millrace, jordan):
    across = jordan.get(url("across_mapping", live_workshop)).context["across"]
    tops = {
        c.team.name: [(r["gap"].title, r["priority"]) for r in c.top_gaps] for c in across.columns
    }
    assert tops == {
        "Riverside": [
            ("No transit stop within a 10-minute walk", 20),
            ("Park cut off by highway and rail; no safe walking route", 20),
            ("Maintenance money runs out after capital works", 16),
        ],
        "City Hall": [(s.B2_GAP_TITLE, 16)],
        "Sponsors": [],
    }
    purposes = [c.board.purpose.statement if c.board.purpose else None for c in across.columns]
    assert purposes == [s.B1.purpose.statement, s.B2.purpose.statement, None]


def test_step_2_page_shows_weight_profiles_and_b3s_warning(live_workshop, millrace, jordan):
    html = jordan.get(url("across_alignment", live_workshop)).content.decode()
    assert [row[0:1] + row[2:] for row in rows(html, "data-weights")] == [
        ("Riverside", "50.00 %", "35.00 %"),
        ("City Hall", "40.00 %", "60.00 %"),
        ("Sponsors", "0.00 %", "100.00 % ⚠ over 60 %"),
    ]


def test_candidates_scored_by_two_teams_match_transit_through_the_possible_match(
    live_workshop, millrace, jordan
):
    html = jordan.get(url("across_alignment", live_workshop)).content.decode()
    assert rows(html, "data-shared") == [
        (s.FOUNDATION, "— not scored", "4.00 (2)", "3.20 (1)", "0.80"),
        (
            f"{s.TRANSIT} / {s.B2_CRTA} possible match",
            "3.30 (2)",
            "3.05 (4)",
            "— not scored",
            "0.25",
        ),
        (s.HARTWELL, "3.25 (3)", "3.40 (3)", "— not scored", "0.15"),
        (s.DISTRICT, "4.05 (1)", "4.15 (1)", "— not scored", "0.10"),
    ]


def test_merging_the_bid_by_hand_adds_its_row_and_clears_the_blind_spots(
    live_workshop, millrace, jordan
):
    response = jordan.post(
        url("cluster_decide", live_workshop),
        {"key_a": name_key(s.B2_BID), "key_b": name_key(s.BID), "decision": "same"},
    )
    assert response.status_code == 302
    link = ActorClusterLink.objects.get(workshop=live_workshop)
    assert (link.name_key_a, link.name_key_b, link.decision) == (
        "riverfront bid",
        "riverfront business improvement district",
        "same",
    )
    html = jordan.get(url("across_alignment", live_workshop)).content.decode()
    assert (f"{s.B2_BID}", "2.80 (5)", "2.70 (5)", "— not scored", "0.10") in rows(
        html, "data-shared"
    )
    across = jordan.get(url("across_mapping", live_workshop)).context["across"]
    blind = {c.team.name: [g.name for g in c.blind_spots] for c in across.columns}
    assert blind["City Hall"] == [s.YOUTH, s.BANK, s.FUTURE, s.TENANTS]
    assert blind["Riverside"] == [s.COUNCIL]


def test_step_2_page_lists_gated_incomplete_selected_and_unspoken(live_workshop, millrace, jordan):
    across = jordan.get(url("across_alignment", live_workshop)).context["across"]
    unranked = {
        c.team.name: [(e.candidate.name, e.note) for e, _c in c.unranked] for c in across.columns
    }
    assert unranked == {
        "Riverside": [
            (s.BANK, "gated: Commitment to free public access and equity scored 2, minimum 3"),
            (s.TENANTS, "incomplete (3/6 scored)"),
        ],
        "City Hall": [],
        "Sponsors": [(s.B3_CITY, "incomplete (1/2 scored)")],
    }
    selected = {c.team.name: [x.actor.name for x in c.selected] for c in across.columns}
    assert selected == {
        "Riverside": [s.DISTRICT, s.TRANSIT, s.EASTBANK, s.HARTWELL],
        "City Hall": [s.DISTRICT, s.B2_CRTA, s.FOUNDATION],
        "Sponsors": [],
    }
    assert [c.selected_without_conversation for c in across.columns] == [[], [], []]


def test_selected_candidate_without_conversation_is_listed(live_workshop, millrace, jordan):
    from workshop.steps.alignment.models import Conversation

    b1, _b2, _b3 = millrace
    Conversation.objects.filter(team=b1, candidate__actor__name=s.HARTWELL).delete()
    html = jordan.get(url("across_alignment", live_workshop)).content.decode()
    listed = html.split("data-no-conversation>", 1)[1].split("</ul>", 1)[0]
    assert text(listed) == f"⚠ no conversation {s.HARTWELL}"


def test_alerts_list_every_warning_with_a_link(live_workshop, millrace, jordan):
    _b1, b2, b3 = millrace
    response = jordan.get(url("across_alerts", live_workshop))
    alerts = [(a.team.name, a.step.position, a.key) for a in response.context["alerts"]]
    assert alerts == [
        ("Riverside", 1, "isolated_actors"),
        ("Riverside", 1, "low_intangible_share"),
        ("City Hall", 1, "isolated_actors"),
        ("City Hall", 1, "no_non_human_or_future_actor"),
        ("City Hall", 1, "hub_dependency"),
        ("City Hall", 2, "selection_below_rank"),
        ("Sponsors", 1, "isolated_actors"),
        ("Sponsors", 1, "no_non_human_or_future_actor"),
        ("Sponsors", 1, "low_intangible_share"),
        ("Sponsors", 1, "hub_dependency"),
        ("Sponsors", 2, "financial_technical_share"),
    ]
    b2_actor = Actor.objects.get(team=b2, name=s.B2_COUNTY)
    county = response.context["alerts"][2]
    assert county.url == reverse("steps:page", args=[live_workshop.pk, b2.pk, 1]) + (
        f"#actor-{b2_actor.pk}"
    )
    assert response.context["alerts"][-1].url == (
        reverse("steps:page", args=[live_workshop.pk, b3.pk, 2]) + "#criteria"
    )
    html = response.content.decode()
    assert html.count('data-alert="') == 11


def test_renaming_eastbank_through_the_form_removes_the_possible_match(
    live_workshop, millrace, jordan
):
    """C-B12, end to end: the rename goes through the team's edit form (keys and all)."""
    from tests.conftest import client_as_participant, make_participant
    from workshop.steps.mapping.forms import ActorForm

    b1 = millrace[0]
    eastbank = Actor.objects.get(team=b1, name=s.EASTBANK)
    data = {k: v for k, v in ActorForm(instance=eastbank, team=b1).initial.items() if v is not None}
    data.update(name="Asociación de Vecinos de Eastbank", version=eastbank.version)
    marcus = client_as_participant(make_participant(live_workshop, b1, "Marcus"))
    edit = reverse("steps:mapping:actor_edit", args=[live_workshop.pk, b1.pk, 1, eastbank.pk])
    assert marcus.post(edit, data).status_code == 302

    across = jordan.get(url("across_mapping", live_workshop)).context["across"]
    assert (s.B2_EASTBANK, s.EASTBANK, "similar") not in [
        (m.first.name, m.second.name, m.reason) for m in across.map.possible
    ]
    assert len(across.map.possible) == 3
