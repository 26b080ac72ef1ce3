"""What the charter PDF includes, in a browser: a teammate on a phone unticks the context section and
the map annex on the print preview, and the preview numbers on without them."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.charter.millrace import load_team
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant import join_as
from tests.steps.pilot.millrace import open_steps
from workshop.steps.governance.models import Charter


def test_teammate_leaves_the_context_and_the_map_out_of_the_pdf(
    browser, asgi_server, live_workshop, team_a, no_dialogs
):
    load_team(team_a)
    open_steps(live_workshop, 3)
    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    url = reverse("charter:preview", args=[live_workshop.pk, team_a.pk, 3])
    page.goto(f"{asgi_server.url}{url}")
    form = page.locator("#pdf-contents")
    form.locator("summary").click()  # folded until asked for
    expect(form.get_by_role("checkbox", name="Section: Context and ecosystem")).to_be_checked()
    expect(page.locator("article #context")).to_have_count(1)
    assert_accessible(page)

    form.get_by_role("checkbox", name="Section: Context and ecosystem").uncheck()
    form.get_by_role("checkbox", name="Annex: Ecosystem map").uncheck()
    form.get_by_role("button", name="Save what the PDF includes").click()

    expect(page.get_by_text("Saved: the preview and the PDF follow your choice.")).to_be_visible()
    expect(form.get_by_role("checkbox", name="Annex: Ecosystem map")).not_to_be_checked()
    expect(page.locator("article #context")).to_have_count(0)
    expect(page.locator("article #annex_map")).to_have_count(0)
    expect(page.locator("#annex_grid h2")).to_have_text("Annex 1: Power and interest grid")
    expect(page.locator("#purpose h2 .num")).to_have_text("2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="/tmp/shots/charter-pdf-contents-360.png")
    assert Charter.objects.get(team=team_a).pdf_omit == ["context", "annex_map"]
    context.close()
