"""Participants on phones: join by code, see the step and the pattern's text, write team notes together."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from workshop.steps.notes.models import TeamNote

PHONE = {"width": 360, "height": 740}


def join_as(browser, server, workshop, name, team_name):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{server.url}/join/{workshop.join_code}/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Team").select_option(label=team_name)
    page.get_by_role("button", name="Join").click()
    expect(page.locator("[data-live-dot]")).to_have_attribute("data-state", "live")
    return context, page


def test_participants_join_and_share_notes_live(browser, asgi_server, live_workshop, no_dialogs):
    marcus_context, marcus = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    amara_context, amara = join_as(browser, asgi_server, live_workshop, "Amara", "Riverside")

    step_title = live_workshop.steps.get(position=1).title
    expect(marcus.get_by_role("heading", level=1)).to_have_text(step_title)
    expect(marcus.locator(".live-step-count")).to_have_text("Step 1 of 5")
    expect(marcus.get_by_text("From the pattern")).to_be_visible()
    # Each sees the other online.
    expect(marcus.locator(".presence-strip")).to_contain_text("Amara")
    marcus.screenshot(path="/tmp/shots/participant-step-360.png", full_page=True)
    assert_accessible(marcus)

    marcus.get_by_role("textbox", name="Team notes", exact=True).fill(
        "Start with the river trust <script>alert(1)</script>"
    )
    expect(marcus.locator("[data-save-state]")).to_have_text("Saved")
    expect(amara.get_by_role("textbox", name="Team notes", exact=True)).to_have_value(
        "Start with the river trust <script>alert(1)</script>"
    )
    assert TeamNote.objects.get().text == "Start with the river trust <script>alert(1)</script>"

    # Amara types: Marcus sees who is editing.
    amara.get_by_role("textbox", name="Team notes", exact=True).press_sequentially(
        " and the tenants"
    )
    expect(marcus.locator("[data-notes-typing]")).to_contain_text("Amara")
    expect(amara.locator("[data-save-state]")).to_have_text("Saved")
    marcus_context.close()
    amara_context.close()


def test_notes_typed_offline_are_sent_when_the_network_returns(browser, asgi_server, live_workshop):
    context, page = join_as(browser, asgi_server, live_workshop, "Lin", "Riverside")
    context.set_offline(True)
    page.get_by_role("textbox", name="Team notes", exact=True).fill("Typed on the train")
    expect(page.locator("[data-save-state]")).to_have_text(re.compile("Offline"))
    assert not TeamNote.objects.exists()
    context.set_offline(False)
    expect(page.locator("[data-save-state]")).to_have_text("Saved", timeout=15000)
    assert TeamNote.objects.get().text == "Typed on the train"
    context.close()


def test_notes_typed_before_the_page_finished_loading_are_saved(
    browser, asgi_server, live_workshop
):
    # A phone that follows the facilitator to a new step: its owner may type before the scripts run.
    context, page = join_as(browser, asgi_server, live_workshop, "Lin", "Riverside")
    held = []  # the page's script waits here until the text is typed
    page.route("**/js/live.js*", lambda route: held.append(route))
    page.goto(page.url, wait_until="commit")
    notes = page.get_by_role("textbox", name="Team notes", exact=True)
    notes.fill("Typed while loading")
    assert held, "the page asked for its script while the text was typed"
    held[0].continue_()
    expect(page.locator("[data-save-state]")).to_have_text("Saved")
    assert TeamNote.objects.get().text == "Typed while loading"
    context.close()


def test_conflicting_edit_shows_both_versions_and_merges(browser, asgi_server, live_workshop):
    marcus_context, marcus = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    amara_context, amara = join_as(browser, asgi_server, live_workshop, "Amara", "Riverside")
    marcus.get_by_role("textbox", name="Team notes", exact=True).fill("First draft")
    expect(marcus.locator("[data-save-state]")).to_have_text("Saved")
    expect(amara.get_by_role("textbox", name="Team notes", exact=True)).to_have_value("First draft")
    # Both edit from version 1; Amara keeps focus so her screen does not refresh under her.
    amara.get_by_role("textbox", name="Team notes", exact=True).focus()
    amara_context.set_offline(True)
    amara.get_by_role("textbox", name="Team notes", exact=True).fill("Amara's rewrite")
    marcus.get_by_role("textbox", name="Team notes", exact=True).fill("Marcus's rewrite")
    expect(marcus.locator("[data-save-state]")).to_have_text("Saved")
    amara_context.set_offline(False)
    expect(amara.get_by_text("Someone else changed this since you opened it.")).to_be_visible(
        timeout=15000
    )
    expect(amara.get_by_label("Their version")).to_have_value("Marcus's rewrite")
    expect(amara.get_by_role("textbox", name="Team notes", exact=True)).to_have_value(
        "Amara's rewrite"
    )
    assert TeamNote.objects.get().text == "Marcus's rewrite"
    amara.screenshot(path="/tmp/shots/participant-conflict-360.png", full_page=True)
    amara.get_by_role("textbox", name="Team notes", exact=True).fill(
        "Marcus's rewrite, with Amara's points"
    )
    amara.locator(".notes").get_by_role("button", name="Save", exact=True).click()
    expect(amara.locator("[data-save-state]")).to_have_text("Saved")
    assert TeamNote.objects.get().text == "Marcus's rewrite, with Amara's points"
    marcus_context.close()
    amara_context.close()


def test_screens_follow_the_group_and_catch_up_after_a_server_restart(
    browser, asgi_server, live_workshop
):
    from workshop.facilitation import events

    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    expect(page.locator(".live-step-count")).to_have_text("Step 1 of 5")

    # Live: the facilitator moves the group on; the screen follows without a reload.
    live_workshop.advance_to(live_workshop.steps.get(position=2))
    events.announce_flow(live_workshop)
    expect(page.locator(".live-step-count")).to_have_text("Step 2 of 5")
    expect(page).to_have_url(re.compile(r"/step/2/$"))
    page.wait_for_load_state("load")  # the bar's menu works once the new page's scripts run

    # A participant who goes back on purpose is offered to follow instead of being moved.
    page.locator(".live-step-name").click()
    page.locator(".live-bar .dropdown-menu").get_by_text("1. ", exact=False).first.click()
    expect(page.locator(".live-step-count")).to_have_text("Step 1 of 5")
    live_workshop.timer_start()
    events.announce_flow(live_workshop)
    expect(page.get_by_text("The group is on step 2.")).to_be_visible()
    expect(page.locator(".live-step-count")).to_have_text("Step 1 of 5")

    # The server restarts (a deploy, a dropped network); meanwhile the group moves to step 3.
    # On reconnect the screen gets the current state, not a gap, and catches up.
    page.get_by_role("link", name="Follow").click()
    expect(page.locator(".live-step-count")).to_have_text("Step 2 of 5")
    expect(page.locator("[data-live-dot]")).to_have_attribute("data-state", "live")

    def move_on():
        live_workshop.advance_to(live_workshop.steps.get(position=3))

    asgi_server.restart(while_down=move_on)
    expect(page.locator(".live-step-count")).to_have_text("Step 3 of 5", timeout=20000)
    expect(page.locator("[data-live-dot]")).to_have_attribute("data-state", "live")
    context.close()


def test_timer_counts_down_from_server_time(browser, asgi_server, live_workshop):
    from workshop.facilitation import events

    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    expect(page.locator("[data-timer-text]")).to_have_text("20:00")
    live_workshop.timer_start()
    events.announce_flow(live_workshop)
    expect(page.locator("[data-timer-text]")).to_have_text(re.compile(r"^19:5\d$"), timeout=5000)
    page.reload()
    expect(page.locator("[data-timer-text]")).to_have_text(re.compile(r"^19:5\d$"))
    context.close()


def test_facilitator_message_reaches_the_right_team_only(
    browser, asgi_server, live_workshop, team_b
):
    from workshop.facilitation import events

    context_a, riverside = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    context_b, city_hall = join_as(browser, asgi_server, live_workshop, "Dana", "City Hall")
    events.announce(
        live_workshop.pk, events.MESSAGE, {"team": team_b.pk, "body": "<b>Five minutes</b>"}
    )
    expect(city_hall.locator(".live-toast")).to_contain_text("<b>Five minutes</b>")
    events.announce(live_workshop.pk, events.MESSAGE, {"team": None, "body": "Coffee break"})
    expect(riverside.locator(".live-toast")).to_have_text(re.compile("Coffee break"))
    expect(riverside.locator(".live-toast")).to_have_count(1)
    context_a.close()
    context_b.close()
