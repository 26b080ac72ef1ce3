"""Hostile text in every free-text field, shown on every page: participant step pages (all five
steps), the map's SVG, the console and its parts, the projector and its stage, the across-teams
synthesis pages and the charter preview. Nothing runs (no script, no event attribute, no
javascript: link), template syntax shows literally and the text is there as typed."""

import pytest
from django.urls import reverse

from tests.conftest import client_as_participant, client_as_user
from tests.hostile.corpus import IMG, SCRIPT, TEMPLATE
from tests.hostile.safety import check_html, shown

pytestmark = pytest.mark.django_db

SYNTHESIS = [
    "across_mapping",
    "across_alignment",
    "across_alerts",
    "across_governance",
    "across_pilot",
    "across_scale",
]


def facilitator_pages(workshop):
    names = ["console", "projector", "projector_stage", "agenda", "edit", *SYNTHESIS]
    names += [f"{name}_part" for name in SYNTHESIS]
    return [reverse(f"facilitation:{name}", args=[workshop.pk]) for name in names]


def team_pages(workshop, team):
    args = [workshop.pk, team.pk]
    pages = [reverse("steps:page", args=[*args, position]) for position in range(1, 6)]
    pages.append(reverse("charter:preview", args=[*args, 3]))
    return pages


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_participant_step_pages_run_nothing_and_show_the_text(hostile, facilitator):
    workshop = hostile.workshop
    team = workshop.teams.order_by("pk").first()
    client = client_as_participant(hostile.lead)
    seen = set()
    for url in team_pages(workshop, team):
        text = check_html(get(client, url), url)
        seen.update(shown(text, hostile.values()))
    # The corpus is on the pages, as typed: template syntax too, never evaluated.
    assert any(v.startswith(SCRIPT) for v in seen)
    assert any(v.startswith(IMG) for v in seen)
    assert any(v.startswith(TEMPLATE) for v in seen)
    assert len(seen) > 40


def test_the_map_svg_is_inert(hostile):
    workshop = hostile.workshop
    team = workshop.teams.order_by("pk").first()
    client = client_as_participant(hostile.lead)
    url = reverse("steps:mapping:map_svg", args=[workshop.pk, team.pk, 1])
    response = client.get(url)
    assert response.status_code == 200
    svg = response.content.decode()
    check_html(svg, url)
    assert "<script" not in svg.lower()
    assert "&lt;script&gt;" in svg  # the names are in it, escaped


def test_facilitator_pages_run_nothing_and_show_the_text(hostile, facilitator):
    workshop = hostile.workshop
    client = client_as_user(facilitator)
    seen = set()
    for url in facilitator_pages(workshop):
        text = check_html(get(client, url), url)
        seen.update(shown(text, hostile.values()))
    team_names = hostile.filled[("facilitation.Team", "name")]
    assert any(name in seen for name in team_names)
    assert len(seen) > 20
