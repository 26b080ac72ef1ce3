"""The join code in the projector's corner during a step: the facilitator hides and shows it from the
console, and the projector follows live, without a reload."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_console import shot


def overlaps(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_facilitator_hides_and_shows_the_join_code_on_the_projector(
    browser, asgi_server, live_workshop, no_dialogs
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    console = context.new_page()
    console.goto(f"{asgi_server.url}/accounts/login/?next=/facilitate/{live_workshop.pk}/")
    console.get_by_label("E-mail address").fill("jordan@example.org")
    console.get_by_label(re.compile(r"^\s*Password\*?\s*$")).fill("correct horse battery")
    console.get_by_role("button", name="Log in").click()
    expect(console.get_by_role("heading", level=1)).to_have_text(live_workshop.title)

    projector = context.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(f"{asgi_server.url}/facilitate/{live_workshop.pk}/projector/")
    expect(projector.locator("[data-live-root]")).to_have_attribute("data-connection", "live")
    projector.evaluate("window.notReloaded = true")
    corner = projector.locator("[data-join-corner]")
    expect(corner).to_be_visible()
    expect(corner.locator(".projector-join-corner-code")).to_have_text(live_workshop.join_code)
    expect(corner.get_by_role("img", name="QR code that opens the join page")).to_be_visible()
    # In its corner, clear of the countdown and every team's bar.
    box = corner.bounding_box()
    assert box["x"] + box["width"] > 1920 * 0.75 and box["y"] < 1080 * 0.25
    bars = projector.locator(".projector-bar").all()
    assert len(bars) == 2
    for other in [projector.locator(".projector-timer .live-timer"), *bars]:
        assert not overlaps(box, other.bounding_box())
    assert_accessible(projector)
    shot(projector, "projector-join-corner", 1920, 1080)
    projector.set_viewport_size({"width": 1920, "height": 1080})

    console.get_by_role("button", name="Hide the join code on the projector").click()
    expect(console.locator("#console-notice")).to_have_text(
        "The join code is hidden on the projector."
    )
    expect(corner).to_have_count(0)
    expect(projector.get_by_text(live_workshop.join_code)).to_have_count(0)
    assert projector.evaluate("window.notReloaded") is True
    shot(projector, "projector-join-hidden", 1920, 1080)
    projector.set_viewport_size({"width": 1920, "height": 1080})

    # The choice is kept: a projector opened now starts without the code.
    projector.reload()
    expect(projector.locator("[data-live-root]")).to_have_attribute("data-connection", "live")
    expect(projector.get_by_role("heading", level=1)).to_be_visible()
    expect(corner).to_have_count(0)
    projector.evaluate("window.notReloaded = true")

    console.get_by_role("button", name="Show the join code on the projector").click()
    expect(corner).to_be_visible()
    expect(corner.locator(".projector-join-corner-code")).to_have_text(live_workshop.join_code)
    assert projector.evaluate("window.notReloaded") is True
    expect(
        console.get_by_role("button", name="Hide the join code on the projector")
    ).to_be_visible()
    context.close()
