"""Step 1's Suggestions panel on a 360 px phone with Millrace Park B1 (issue 18): accept a missing
flow, dismiss another (it stays dismissed after a reload), then the facilitator's partners page across
teams shows what is left for the team."""

import threading

from playwright.sync_api import expect

from tests.charter.millrace import load_team
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant import join_as
from tests.e2e.test_synthesis import SHOTS, log_in, shot
from tests.steps import scenario_data as s

TRANSIT = "Calder Regional Transit Authority"
TENANTS = "Millrace Tenants' Union"
BID = "Riverfront Business Improvement District"
CITY = "City of Port Calder – Parks & Recreation"  # noqa: RUF001


def in_a_thread(action):
    """The ORM in a thread of its own: Playwright's event loop occupies this one."""
    result, failures = [], []

    def run():
        from django.db import connection

        try:
            result.append(action())
        except Exception as error:  # reported in the test's thread
            failures.append(error)
        finally:
            connection.close()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert failures == []
    return result[0]


def flows_between(team, source, target):
    from workshop.steps.mapping.models import Flow

    return list(
        Flow.objects.filter(team=team, source__name=source, target__name=target).values_list(
            "status", "label"
        )
    )


def test_a_participant_accepts_and_dismisses_and_the_facilitator_sees_the_rest(
    browser, page, asgi_server, live_workshop, team_a, no_dialogs
):
    in_a_thread(lambda: load_team(team_a, s.B1, publish=False))
    context, phone = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    phone.goto(f"{asgi_server.url}/w/{live_workshop.pk}/team/{team_a.pk}/step/1/")
    panel = phone.locator("#suggestions")
    # The page brings a placeholder that fetches the list once loaded: wait for it to be swapped in.
    expect(panel.locator("[data-suggestion]").first).to_be_visible()
    panel.scroll_into_view_if_needed()
    flows = panel.locator("[data-suggestion^=flow-]")
    transit = flows.filter(has_text=f"{TRANSIT} → {TENANTS}")
    expect(transit).to_have_count(1)
    expect(transit).to_contain_text("‘stop’")  # noqa: RUF001 - the word that matched, quoted
    panel.screenshot(path=str(SHOTS / "suggestions-panel-360.png"))
    assert_accessible(phone)

    with phone.expect_response(lambda r: "/suggestions/accept/" in r.url) as accepted:
        transit.get_by_role("button", name="Add as proposed flow").click()
    assert accepted.value.status == 200
    # No check of the panel's message: the live refetch its own change triggers may replace it.
    expect(transit).to_have_count(0)
    [(status, label)] = in_a_thread(lambda: flows_between(team_a, TRANSIT, TENANTS))
    assert status == "proposed" and "stop" in label
    expect(phone.locator("[data-panel=flows] table")).to_contain_text(f"{TRANSIT} → {TENANTS}")

    bid = flows.filter(has_text=f"{BID} → {CITY}")
    with phone.expect_response(lambda r: "/suggestions/dismiss/" in r.url) as dismissed:
        bid.get_by_role("button", name="Dismiss").click()
    assert dismissed.value.status == 200
    expect(bid).to_have_count(0)
    assert in_a_thread(lambda: flows_between(team_a, BID, CITY)) == []

    phone.reload()
    expect(panel.locator("[data-suggestion]").first).to_be_visible()
    expect(bid).to_have_count(0)
    expect(panel.get_by_text("1 dismissed suggestion")).to_be_visible()
    assert_accessible(phone)
    panel.screenshot(path=str(SHOTS / "suggestions-panel-dismissed-360.png"))
    context.close()

    page.set_viewport_size({"width": 1280, "height": 1000})
    log_in(page, asgi_server)
    page.goto(f"{asgi_server.url}/facilitate/{live_workshop.pk}/across/partners/")
    card = page.locator(f'[data-suggestions="{team_a.pk}"]')
    expect(card).to_contain_text("Millrace Park Foundation")
    expect(card).to_contain_text("1 dismissed by the team (not shown).")
    expect(card).not_to_contain_text(f"{BID} → gives to {CITY}")
    expect(card).not_to_contain_text(f"{TRANSIT} → gives to {TENANTS}")
    expect(card.locator("button")).to_have_count(0)
    assert_accessible(page)
    section = page.locator("section[aria-labelledby=suggestions-heading]")
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 1000})
        section.screenshot(path=str(SHOTS / f"across-suggestions-{width}.png"))
    shot(page, "across-partners-suggestions", 1280)


def test_the_authors_confirmation_stays_while_a_teammates_panel_refreshes(
    browser, asgi_server, live_workshop, team_a, no_dialogs
):
    in_a_thread(lambda: load_team(team_a, s.B1, publish=False))
    step1 = f"{asgi_server.url}/w/{live_workshop.pk}/team/{team_a.pk}/step/1/"
    screens = {}
    for name in ("Marcus", "Amara"):
        context, screen = join_as(browser, asgi_server, live_workshop, name, "Riverside")
        screen.goto(step1)
        expect(screen.locator("[data-live-dot]")).to_have_attribute("data-state", "live")
        screens[name] = (context, screen)
    marcus, amara = screens["Marcus"][1], screens["Amara"][1]

    def transit(screen):
        return screen.locator("#suggestions [data-suggestion^=flow-]").filter(
            has_text=f"{TRANSIT} → {TENANTS}"
        )

    expect(transit(amara)).to_have_count(1)
    expect(transit(marcus)).to_have_count(1)  # both placeholders have fetched their lists
    refetches = {"Marcus": 0, "Amara": 0}
    for name, screen in (("Marcus", marcus), ("Amara", amara)):
        screen.on(
            "request",
            lambda r, name=name: (
                refetches.__setitem__(name, refetches[name] + 1)
                if r.method == "GET" and r.url.endswith("/suggestions/")
                else None
            ),
        )

    message = marcus.locator("[data-suggestions-message]")
    with marcus.expect_response(lambda r: "/suggestions/accept/" in r.url) as accepted:
        transit(marcus).get_by_role("button", name="Add as proposed flow").click()
    assert accepted.value.status == 200
    expect(message).to_have_text("Proposed flow added to the map.")
    # The teammate's screen refetches for Marcus's change (the team event) ...
    expect(transit(amara)).to_have_count(0)
    expect(amara.locator("[data-panel=flows] table")).to_contain_text(f"{TRANSIT} → {TENANTS}")
    # ... Marcus's board too, from his own response's event, while his panel keeps its message.
    expect(marcus.locator("[data-panel=flows] table")).to_contain_text(f"{TRANSIT} → {TENANTS}")
    marcus.wait_for_timeout(1500)  # time enough for his own team event to have come back
    expect(message).to_have_text("Proposed flow added to the map.")
    assert refetches["Marcus"] == 0 and refetches["Amara"] >= 1

    bid = marcus.locator("#suggestions [data-suggestion^=flow-]").filter(has_text=f"{BID} → {CITY}")
    bid.get_by_role("button", name="Dismiss").click()
    expect(message).to_have_text("Suggestion dismissed.")
    expect(amara.locator("#suggestions").get_by_text("1 dismissed suggestion")).to_be_visible()
    marcus.wait_for_timeout(1000)
    expect(message).to_have_text("Suggestion dismissed.")
    assert refetches["Marcus"] == 0
    assert_accessible(marcus)
    for context, _screen in screens.values():
        context.close()
