"""German and Arabic in the browser: every participant page, the console and the projector at phone
and laptop widths, axe clean; a mixed room where each screen follows the group in its own language."""

from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

SHOTS = Path("/tmp/shots/languages")
PASSWORD = "quiet-harbour-lantern-42"
WIDTHS = (360, 1280)


def in_language(code, text):
    with translation.override(code):
        return translation.gettext(text)


def join(browser, server, workshop, code, name, team="Riverside"):
    context = browser.new_context(locale=code, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{server.url}/join/{workshop.join_code}/")
    expect(page.locator("html")).to_have_attribute("lang", code)
    page.get_by_label(in_language(code, "Your name")).fill(name)
    page.get_by_label(in_language(code, "Team")).select_option(label=team)
    page.get_by_role("button", name=in_language(code, "Join")).click()
    expect(page.locator("[data-live-dot]")).to_have_attribute("data-state", "live")
    return context, page


def log_in(browser, server, code, email):
    context = browser.new_context(locale=code, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server.url + "/accounts/login/")
    page.get_by_label(in_language(code, "E-mail address")).fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button").click()
    return context, page


def review(page, name):
    """At each width: axe finds nothing serious, and a screenshot is kept for the review."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
        assert_accessible(page)
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize(("code", "direction"), [("de", "ltr"), ("ar", "rtl")])
def test_every_screen_in_german_and_arabic(browser, asgi_server, live_workshop, code, direction):
    workshop = live_workshop
    workshop.owner.set_password(PASSWORD)
    workshop.owner.save()

    context = browser.new_context(locale=code, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{asgi_server.url}/join/{workshop.join_code}/")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    review(page, f"{code}-join")
    context.close()

    context, page = join(browser, asgi_server, workshop, code, "Noor")
    team = workshop.teams.get(name="Riverside")
    for step in workshop.steps.order_by("position"):
        page.goto(f"{asgi_server.url}/w/{workshop.pk}/team/{team.pk}/step/{step.position}/")
        expect(page.locator(".live-step-count")).to_have_text(
            in_language(code, "Step %(n)s of %(total)s") % {"n": step.position, "total": 5}
        )
        # The pattern's text stays in its file's language, marked as such for screen readers.
        expect(page.locator("#guidance-text")).to_have_attribute("lang", "en")
        review(page, f"{code}-step-{step.position}")
    context.close()

    context, page = log_in(browser, asgi_server, code, workshop.owner.email)
    page.goto(f"{asgi_server.url}/facilitate/{workshop.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.get_by_role("heading", name=in_language(code, "Agenda"))).to_be_visible()
    review(page, f"{code}-console")
    page.goto(f"{asgi_server.url}/facilitate/{workshop.pk}/projector/")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    page.set_viewport_size({"width": 1920, "height": 1080})
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / f"{code}-projector-1920.png"))
    context.close()


def test_a_mixed_room_follows_the_facilitator_each_in_its_own_language(
    browser, asgi_server, live_workshop
):
    workshop = live_workshop
    workshop.owner.set_password(PASSWORD)
    workshop.owner.save()
    german_context, german = join(browser, asgi_server, workshop, "de", "Jonas")
    arabic_context, arabic = join(browser, asgi_server, workshop, "ar", "Layla")
    console_context, console = log_in(browser, asgi_server, "en", workshop.owner.email)
    console.goto(f"{asgi_server.url}/facilitate/{workshop.pk}/")
    expect(console.locator("html")).to_have_attribute("lang", "en")

    console.locator("#console-agenda li").nth(1).get_by_role("button").first.click()
    expect(console.locator("#console-agenda [aria-current=step]")).to_contain_text("2")

    for page, code in [(german, "de"), (arabic, "ar")]:
        expect(page.locator(".live-step-count")).to_have_text(
            in_language(code, "Step %(n)s of %(total)s") % {"n": 2, "total": 5}, timeout=10000
        )
        expect(page.locator("html")).to_have_attribute("lang", code)
    # A nudge reaches all three screens; the words around it are each screen's own.
    console.get_by_role("textbox", name="Message").fill("Five minutes")
    console.get_by_role("button", name="Send").click()
    for page, code in [(german, "de"), (arabic, "ar")]:
        toast = page.locator("[data-toasts]")
        expect(toast).to_contain_text("Five minutes")
        expect(toast).to_contain_text(in_language(code, "Facilitator"))
    for context in (german_context, arabic_context, console_context):
        context.close()
