"""Three phones follow the facilitator to the next step in place: same document, same event stream."""

import re
import time

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, open_console
from workshop.steps.notes.models import TeamNote

PASSWORD = "quiet-harbour-lantern-42"
PHONE = {"width": 360, "height": 740}

# Counts the EventSources a page opens and keeps the last one, to check it stays open.
COUNT_STREAMS = """
(() => {
  const Original = window.EventSource;
  window.__streams = 0;
  window.EventSource = function (url, options) {
    const source = new Original(url, options);
    window.__streams += 1;
    window.__es = source;
    return source;
  };
  window.EventSource.prototype = Original.prototype;
  Object.assign(window.EventSource, { CONNECTING: 0, OPEN: 1, CLOSED: 2 });
})();
"""


ASKED = {}  # page -> the step fragments it asked for itself


def join(browser, server, workshop, name, team_name):
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    context.add_init_script(COUNT_STREAMS)
    page = context.new_page()
    asked = ASKED.setdefault(id(page), [])
    page.on("request", lambda request: "swap=step" in request.url and asked.append(request.url))
    page.goto(f"{server.url}/join/{workshop.join_code}/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Team").select_option(label=team_name)
    page.get_by_role("button", name="Join").click()
    expect(page.locator("[data-live-dot]")).to_have_attribute("data-state", "live")
    page.evaluate("window.__marker = 1")
    return context, page


def wait_for(check, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def test_phones_follow_the_step_in_place(browser, asgi_server, live_workshop, no_dialogs):
    console_context, console = open_console(browser, asgi_server, live_workshop, PASSWORD)

    phones = [
        join(browser, asgi_server, live_workshop, "Marcus", "Riverside"),
        join(browser, asgi_server, live_workshop, "Amara", "Riverside"),
        join(browser, asgi_server, live_workshop, "Dana", "City Hall"),
    ]
    step_1 = live_workshop.steps.get(position=1).title
    step_2 = live_workshop.steps.get(position=2).title
    marcus = phones[0][1]
    first_url = marcus.url
    assert re.search(r"/step/1/$", first_url)

    # Marcus types a moment before the facilitator moves on: what he typed is saved, not lost.
    marcus.get_by_role("textbox", name="Team notes", exact=True).fill("Typed just before")
    console.locator("#console-agenda li").nth(1).get_by_role("button").first.click()

    for _, page in phones:
        expect(page.get_by_role("heading", level=1)).to_have_text(step_2)
        expect(page.locator(".live-step-count")).to_have_text("Step 2 of 5")
        expect(page).to_have_url(re.compile(r"/step/2/$"))
        # The same document, with the one event stream it opened still open.
        assert page.evaluate("window.__marker") == 1
        assert page.evaluate("window.__streams") == 1
        assert page.evaluate("window.__es.readyState") == 1
        expect(page.locator("body")).to_have_attribute("data-page-step", "2")
        # Focus moves to the new step's heading.
        expect(page.get_by_role("heading", level=1)).to_be_focused()
    assert wait_for(
        lambda: TeamNote.objects.filter(step__position=1, text="Typed just before").exists()
    )

    # The step came over the event stream itself: no phone had to ask for it.
    assert [ASKED[id(page)] for _, page in phones] == [[], [], []]

    # The phones keep following the next change too, still in place.
    console.locator("#console-agenda li").nth(2).get_by_role("button").first.click()
    step_3 = live_workshop.steps.get(position=3).title
    for _, page in phones:
        expect(page.get_by_role("heading", level=1)).to_have_text(step_3)
        assert page.evaluate("window.__marker") == 1
        assert page.evaluate("window.__streams") == 1

    assert [ASKED[id(page)] for _, page in phones] == [[], [], []]

    # Back shows the previous step's content (asked for: history is the screen's own); once more
    # shows the first step.
    marcus.go_back()
    expect(marcus).to_have_url(re.compile(r"/step/2/$"))
    expect(marcus.get_by_role("heading", level=1)).to_have_text(step_2)
    marcus.go_back()
    expect(marcus).to_have_url(first_url)
    expect(marcus.get_by_role("heading", level=1)).to_have_text(step_1)
    expect(marcus.get_by_role("textbox", name="Team notes", exact=True)).to_have_value(
        "Typed just before"
    )
    assert marcus.evaluate("window.__streams") == 1

    amara = phones[1][1]
    amara.screenshot(path="/tmp/shots/follow-in-place-360.png", full_page=True)
    assert_accessible(amara)
    for context, _ in phones:
        context.close()
    console_context.close()
