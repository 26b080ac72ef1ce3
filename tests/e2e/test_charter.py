"""The charter print preview in a browser: readable at 360 px, accessible, hostile names inert."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.charter.millrace import load_team
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant import join_as
from workshop.steps.governance.models import CharterParty
from workshop.steps.mapping.models import Actor


def test_participant_reads_the_charter_preview_on_a_phone(
    browser, asgi_server, live_workshop, team_a, no_dialogs
):
    charter = load_team(team_a)
    actor = Actor.objects.create(
        team=team_a,
        name="<script>alert('xss')</script>",
        actor_type="organisation",
        agency="high",
        influence=2,
        interest=2,
        sector="other",
    )
    CharterParty.objects.create(
        team=team_a, charter=charter, actor=actor, membership="associate", order=30
    )
    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    url = reverse("charter:preview", args=[live_workshop.pk, team_a.pk, 3])

    page.goto(f"{asgi_server.url}{url}?version=live")

    expect(page.get_by_role("heading", name="Millrace Park Partnership Charter")).to_be_visible()
    expect(page.get_by_role("link", name="Download PDF")).to_have_attribute(
        "href", f"{reverse('charter:pdf', args=[live_workshop.pk, team_a.pk, 3])}?version=live"
    )
    expect(page.locator(".cover-parties")).to_contain_text("<script>alert('xss')</script>")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.screenshot(path="/tmp/shots/charter-preview-360.png")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/shots/charter-preview-1280.png")
    page.goto(f"{asgi_server.url}{url}#annex_map")
    page.screenshot(path="/tmp/shots/charter-preview-map-1280.png")
    context.close()
