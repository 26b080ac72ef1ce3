"""After the workshop: the facilitator ends the session, reopens step 5 for one team from the console,
and that team adds to its scaling work while the other team can only read."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from workshop.steps.scale.models import VitalitySignal

DESKTOP = {"width": 1280, "height": 900}
PASSWORD_LABEL = re.compile(r"^\s*Password\*?\s*$")


def join_as(browser, server, workshop, name, team_name):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{server.url}/join/{workshop.join_code}/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Team").select_option(label=team_name)
    page.get_by_role("button", name="Join").click()
    expect(page.locator("[data-live-dot]")).to_have_attribute("data-state", "live")
    return context, page


def open_step(page, server, workshop, team, position):
    page.goto(f"{server.url}/w/{workshop.pk}/team/{team.pk}/step/{position}/")
    # Connected to the live stream, so the facilitator's change reaches this screen.
    expect(page.locator("[data-live-dot]")).to_have_attribute("data-state", "live")


def test_facilitator_reopens_step_5_for_one_team_after_the_workshop(
    browser, page, asgi_server, live_workshop, team_a, team_b, no_dialogs
):
    marcus_context, marcus = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    dana_context, dana = join_as(browser, asgi_server, live_workshop, "Dana", "City Hall")

    page.set_viewport_size(DESKTOP)
    page.goto(f"{asgi_server.url}/accounts/login/?next=/facilitate/{live_workshop.pk}/")
    page.get_by_label("E-mail address").fill("jordan@example.org")
    page.get_by_label(PASSWORD_LABEL).fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="End the session").click()
    expect(page.locator("#console-header .status-badge").first).to_have_text("Closed")

    # After the session every step reads, nothing changes.
    open_step(marcus, asgi_server, live_workshop, team_a, 5)
    open_step(dana, asgi_server, live_workshop, team_b, 5)
    ended = "This workshop has ended; its work can be read but not changed."
    expect(marcus.get_by_text(ended)).to_be_visible()
    expect(marcus.get_by_text("Log a sign")).to_have_count(0)

    page.get_by_role("button", name="Reopen step 5 for Riverside").click()
    expect(page.locator("#console-notice")).to_have_text("Step 5 reopened for Riverside.")
    expect(page.locator(f"#grid-row-{team_a.pk}")).to_contain_text("Reopened for this team")
    expect(page.locator("#console-log")).to_contain_text("reopened a step for one team")
    assert_accessible(page)

    # Riverside's screen turns editable by itself, and says why.
    expect(marcus.get_by_text("Reopened for your team for a later review.")).to_be_visible()
    expect(marcus.get_by_text(ended)).to_have_count(0)
    section = marcus.locator("#scale-signals")
    section.get_by_text("Log a sign").click()
    section.get_by_label("Date").fill("2027-03-15")
    section.get_by_label("Sign").select_option("partner_joined")
    section.get_by_label("What happened").fill("The tenants' union joined the review")
    section.get_by_role("button", name="Save sign").click()
    expect(section.locator(".record-list")).to_contain_text("The tenants' union joined the review")
    assert VitalitySignal.objects.filter(team=team_a).count() == 1
    assert_accessible(marcus)

    # City Hall still reads only.
    dana.reload()
    expect(dana.get_by_text(ended)).to_be_visible()
    expect(dana.get_by_text("Log a sign")).to_have_count(0)
    expect(dana.get_by_text("Reopened for your team for a later review.")).to_have_count(0)
    assert not VitalitySignal.objects.filter(team=team_b).exists()
    assert_accessible(dana)

    marcus_context.close()
    dana_context.close()
