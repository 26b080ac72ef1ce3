"""A team runs a pilot on phones and desktops: plan, test cards, results, a lesson applied to the
charter, and the change visible once the lead publishes the next version."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.steps.pilot.millrace import PILOT_PARTIES, make_charter, open_steps
from workshop.facilitation.models import Participant
from workshop.steps.governance.publishing import publish

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def join_as(browser, server, workshop, name, team_name, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{server.url}/join/{workshop.join_code}/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Team").select_option(label=team_name)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return context, page


def ready(page):
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")


def test_team_runs_a_pilot_and_applies_a_lesson_to_the_charter(
    browser, asgi_server, live_workshop, team_a, no_dialogs
):
    open_steps(live_workshop, 3, 4)
    charter, _parties = make_charter(team_a)
    publish(charter, None, "")  # v1, before the pilot
    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside", PHONE)
    Participant.objects.filter(display_name="Marcus").update(role="lead")
    base = f"{asgi_server.url}/w/{live_workshop.pk}/team/{team_a.pk}/step"
    page.goto(f"{base}/4/")
    expect(page.get_by_text("No pilot yet.")).to_be_visible()
    page.screenshot(path="/tmp/shots/pilot-empty-360.png", full_page=True)

    page.get_by_label("Title").fill("Millrace Connector pilot")
    page.get_by_label("Start date").fill("2026-05-01")
    page.get_by_label("End date").fill("2026-10-31")
    for name in PILOT_PARTIES[:2]:
        page.get_by_label(name).check()
    page.get_by_role("button", name="Save the pilot").click()
    expect(page.locator("[data-timebox]")).to_have_text("183 days")

    ready(page)
    cards = page.locator("#pilot-hypotheses")
    cards.get_by_label("Title").fill("Crossing wait acceptable")
    cards.get_by_label("We believe that …").fill("A temporary signal keeps waits short enough")
    cards.get_by_label("And measure …").fill("Median wait at temporary signal")
    cards.get_by_label("Unit").fill("seconds")
    cards.get_by_role("group", name="We are right if the result is").get_by_text("between").click()
    cards.get_by_label("target (the lower limit for “between”)").fill("90")
    cards.get_by_label("Upper limit").fill("30")
    cards.get_by_label("Category").select_option(label="Operational")
    cards.get_by_role("button", name="Save test card").click()
    expect(
        cards.get_by_text("The upper limit must be greater than the lower limit.")
    ).to_be_visible()
    expect(cards.get_by_label("Title")).to_have_value("Crossing wait acceptable")
    cards.get_by_label("target (the lower limit for “between”)").fill("30")
    cards.get_by_label("Upper limit").fill("90")
    cards.get_by_role("button", name="Save test card").click()
    card = page.locator(".test-card")
    expect(card.locator("[data-result]")).to_have_text("– Not tested")  # noqa: RUF001

    card.get_by_role("link", name="Record result").click()
    page.get_by_role("spinbutton", name="Result").fill("70")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".test-card [data-result]")).to_have_text("✓ Validated")
    expect(page.locator('[data-tally="validated"] strong')).to_have_text("1")

    ready(page)
    lessons = page.locator("#pilot-lessons")
    lessons.get_by_text("Add a lesson").click()
    lessons.get_by_label("Lesson").fill("The stop was at the wrong gate")
    lessons.get_by_role("group", name="Kind").get_by_text("Did not work").click()
    lessons.get_by_text("More details").click()
    lessons.get_by_label("Charter section to change").select_option(
        label="Roles and responsibilities"
    )
    lessons.get_by_label("Proposed change").fill("Eastbank NA moves from C to R on stop siting")
    lessons.get_by_role("button", name="Save lesson").click()
    expect(page.get_by_text("Eastbank NA moves from C to R on stop siting")).to_be_visible()
    page.get_by_role("button", name="Apply to the charter").click()
    expect(page.get_by_text("In the charter draft: waiting for the next version")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/shots/pilot-360.png", full_page=True)

    page.goto(f"{base}/3/charter/")
    page.locator("summary", has_text="Publish version").click()
    page.get_by_role("button", name="Publish as version 2").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("v2")
    page.goto(f"{base}/3/charter/versions/compare/?a=1&b=2")
    expect(page.locator("[data-pilot-change]")).to_contain_text(
        "Eastbank NA moves from C to R on stop siting"
    )
    assert_accessible(page)
    page.screenshot(path="/tmp/shots/pilot-compare-360.png", full_page=True)
    context.close()

    context, desk = join_as(browser, asgi_server, live_workshop, "Amara", "Riverside", DESKTOP)
    desk.goto(f"{base}/4/")
    expect(desk.get_by_text("Applied in v2")).to_be_visible()
    assert_accessible(desk)
    desk.screenshot(path="/tmp/shots/pilot-1280.png", full_page=True)
    context.close()
    assert charter.versions.count() == 2  # v1 before the pilot, v2 with its change
