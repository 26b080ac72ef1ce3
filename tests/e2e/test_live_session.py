"""A whole live session across three browsers: a facilitator on a laptop, two participants on phones."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, open_console
from tests.e2e.test_participant import join_as
from workshop.steps.notes.models import TeamNote

PASSWORD = "quiet-harbour-lantern-42"


def test_facilitator_runs_the_room_and_every_screen_follows(
    browser, asgi_server, live_workshop, no_dialogs
):
    console_context, console = open_console(browser, asgi_server, live_workshop, PASSWORD)

    marcus_context, marcus = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    amara_context, amara = join_as(browser, asgi_server, live_workshop, "Amara", "Riverside")
    expect(console.locator("#console-people")).to_contain_text("Amara")

    # A participant's note reaches the teammate and the facilitator's grid, live.
    marcus.get_by_role("textbox", name="Team notes", exact=True).fill("River trust first")
    expect(amara.get_by_role("textbox", name="Team notes", exact=True)).to_have_value(
        "River trust first"
    )
    riverside_row = console.locator("#console-grid tr", has_text="Riverside")
    expect(riverside_row.locator("td").first).to_contain_text("In progress")
    assert TeamNote.objects.get().text == "River trust first"

    # The facilitator moves the group to step 2: both phones follow without a reload.
    console.locator("#console-agenda li").nth(1).get_by_role("button").first.click()
    expect(marcus.locator(".live-step-count")).to_have_text("Step 2 of 5")
    expect(amara.locator(".live-step-count")).to_have_text("Step 2 of 5")
    expect(amara).to_have_url(re.compile(r"/step/2/$"))

    # Locking the step: the participants' screens say so; what they type is kept, nothing saved.
    amara.get_by_role("textbox", name="Team notes", exact=True).fill("Typed before the lock")
    expect(amara.locator("[data-save-state]")).to_have_text("Saved")
    console.locator("#console-agenda li").nth(1).get_by_role("button", name="Lock").click()
    expect(marcus.get_by_text("The facilitator has locked this step.")).to_be_visible()
    amara.get_by_role("textbox", name="Team notes", exact=True).fill("Typed after the lock")
    expect(amara.locator("[data-save-state]")).to_have_text("Not saved")
    expect(amara.get_by_role("textbox", name="Team notes", exact=True)).to_have_value(
        "Typed after the lock"
    )
    assert TeamNote.objects.get(step__position=2).text == "Typed before the lock"

    # The timer starts on the console and counts down on every phone.
    console.locator("#console-timer").get_by_role("button", name="Start").click()
    expect(marcus.locator("[data-timer-text]")).to_have_text(re.compile(r"^19:5\d$"), timeout=5000)
    expect(amara.locator("[data-timer-text]")).to_have_text(re.compile(r"^19:5\d$"), timeout=5000)

    # A message to everyone appears on both phones.
    console.get_by_role("textbox", name="Message").fill("Five minutes, then we compare maps")
    console.get_by_role("button", name="Send").click()
    expect(marcus.locator(".live-toast")).to_contain_text("Five minutes, then we compare maps")
    expect(amara.locator(".live-toast")).to_contain_text("Five minutes, then we compare maps")
    assert_accessible(marcus)
    for context in (console_context, marcus_context, amara_context):
        context.close()
