"""Step 5 in a browser: indicators set up, a reading recorded, and a health check answered through
the e-mailed link on a 360 px phone."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.steps import scenario_data as s
from tests.steps.scale.millrace import setup_b1

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


def test_team_tracks_indicators_and_a_party_answers_the_health_check_by_link(
    browser, asgi_server, live_workshop, team_a, no_dialogs, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    setup_b1(live_workshop, team_a)
    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside", DESKTOP)
    page.goto(f"{asgi_server.url}/w/{live_workshop.pk}/team/{team_a.pk}/step/5/")
    expect(page.get_by_text("No indicators yet.")).to_be_visible()
    ready(page)

    # One click on a pattern sign opens the indicator form filled in.
    page.get_by_role("link", name=re.compile("Increase in formal disputes")).click()
    ready(page)
    form = page.locator("#scale-indicators form").last
    expect(form.get_by_label("Name")).to_have_value(
        "Disputes escalated beyond ladder step 1 per quarter"
    )
    form.get_by_label("Baseline").fill("0")
    form.get_by_label("Target").fill("0")
    form.get_by_label("Warning level").fill("1")
    form.get_by_label("Owner").select_option(label=s.FOUNDATION)
    form.get_by_text("Quarterly").click()
    form.get_by_label("Data source").fill("Ladder log")
    form.get_by_role("button", name="Save indicator").click()
    section = page.locator("#scale-indicators")
    expect(section.locator("[data-rag]")).to_have_text(re.compile("No reading"))

    section.get_by_text("Record a reading").click()
    section.get_by_label("Date").fill("2027-06-30")
    section.get_by_label("Value").fill("1")
    section.get_by_role("button", name="Save reading").click()
    expect(section.locator("[data-rag]")).to_have_text(re.compile("Amber"))
    expect(section.get_by_role("img")).to_have_attribute("aria-label", re.compile("one reading"))

    checks = page.locator("#scale-checks")
    checks.get_by_text("Schedule a health check").click()
    checks.get_by_label("Date held or scheduled").fill("2027-09-15")
    checks.get_by_role("button", name="Save health check").click()
    expect(checks.locator("[data-check-state]")).to_have_text("Scheduled")
    checks.get_by_text(re.compile("Send a link")).click()
    checks.get_by_label("Party").select_option(label=s.CITY)
    checks.get_by_label("Respondent's e-mail").fill("parks@example.org")
    checks.get_by_label("Link expires on").fill("2099-12-31")
    checks.get_by_role("button", name="Send the link").click()
    expect(checks.get_by_text("Links sent, waiting:")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/shots/scale-1280.png", full_page=True)

    link = re.search(r"https?://\S+/health/[\w-]+/", mail.outbox[-1].body).group(0)
    phone = browser.new_context(viewport=PHONE)
    respondent = phone.new_page()
    respondent.goto(link)
    assert_accessible(respondent)
    for index in range(7):
        respondent.locator(".health-row").nth(index).get_by_text("Green").click()
    respondent.locator(".health-row").nth(3).get_by_text("Amber").click()
    respondent.screenshot(path="/tmp/shots/health-link-360.png", full_page=True)
    respondent.get_by_role("button", name="Send my answers").click()
    expect(respondent.locator("[data-thanks]")).to_be_visible()
    respondent.reload()
    expect(respondent.locator("[data-gone]")).to_contain_text("This link has been used")

    page.reload()
    expect(page.locator("[data-overall]")).to_have_text("93 %")
    expect(page.locator("#scale-checks [data-check-state]")).to_have_text("Held")
    phone_team = context.new_page()
    phone_team.set_viewport_size(PHONE)
    phone_team.goto(page.url)
    assert_accessible(phone_team)
    phone_team.screenshot(path="/tmp/shots/scale-360.png", full_page=True)
    phone.close()
    context.close()
