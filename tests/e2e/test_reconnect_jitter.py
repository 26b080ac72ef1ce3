"""A stream the server refuses is reopened after a delay of each screen's own, not the same for all."""

import time

from playwright.sync_api import expect

from tests.e2e.test_participant import join_as


def refusing_twice(page):
    """Answers the page's next two stream requests with 503 (a proxy while the server is down)."""
    seen = []

    def handle(route):
        seen.append(time.monotonic())
        if len(seen) <= 2:
            route.fulfill(status=503, body="")
        else:
            route.continue_()

    page.route("**/events/", handle)
    return seen


def test_refused_streams_reopen_after_delays_of_their_own(browser, asgi_server, live_workshop):
    screens = []
    for name, draw in (("Marcus", 0.1), ("Amara", 0.9)):
        context, page = join_as(browser, asgi_server, live_workshop, name, "Riverside")
        # Each phone's random draw, fixed so the spread it makes is measured, not hoped for.
        context.add_init_script(f"Math.random = function () {{ return {draw}; }};")
        page.reload()
        expect(page.locator("[data-live-dot]")).to_have_attribute("data-state", "live")
        screens.append((context, page, refusing_twice(page)))

    asgi_server.restart()  # every stream drops at once; the first reopenings are refused
    for _, page, _ in screens:
        expect(page.locator("[data-live-dot]")).to_have_attribute(
            "data-state", "live", timeout=30000
        )

    (_, _, low), (_, _, high) = screens
    assert len(low) == len(high) == 3  # refused, refused, reopened
    # After a refusal the extension waits 0.5 s; before that, a random part of 4 s: 0.4 s or 3.6 s.
    low_gap, high_gap = low[1] - low[0], high[1] - high[0]
    assert 0.8 <= low_gap < 2.0, low_gap
    assert 3.9 <= high_gap < 5.5, high_gap
    # The second refusal: the extension's 1 s, after a random part of 4 s again.
    assert high[2] - high[1] - (low[2] - low[1]) > 2.5
    for context, _, _ in screens:
        context.close()
