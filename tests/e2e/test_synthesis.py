"""The facilitator's views across teams with Millrace Park B1-B3: merge the BID by hand and see it
among the candidates several teams scored."""

import re
import threading
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.facilitation.synthesis.scenario import load_millrace
from tests.steps import scenario_data as s

SHOTS = Path("/tmp/shots")


def shot(page, name, width, height=1000):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def load_in_a_thread(workshop):
    """The loader posts through Django's test client, which cannot run beside Playwright's loop."""

    def load():
        from django.db import connection

        load_millrace(workshop)
        connection.close()

    worker = threading.Thread(target=load)
    worker.start()
    worker.join()


def log_in(page, server):
    page.goto(server.url + "/accounts/login/")
    page.get_by_label("E-mail address").fill("jordan@example.org")
    page.get_by_label(re.compile(r"^\s*Password\*?\s*$")).fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()


def test_facilitator_merges_the_bid_and_sees_it_scored_by_two_teams(
    page, asgi_server, live_workshop, no_dialogs
):
    load_in_a_thread(live_workshop)
    page.set_viewport_size({"width": 1280, "height": 1000})
    log_in(page, asgi_server)
    page.goto(f"{asgi_server.url}/facilitate/{live_workshop.pk}/")
    page.get_by_role("link", name="Step 2 across teams").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Step 2 across teams")
    shared = page.locator("tr[data-shared]")
    expect(shared).to_have_count(4)
    expect(shared.filter(has_text=s.B2_BID)).to_have_count(0)
    assert_accessible(page)
    shot(page, "across-partners", 1280)
    shot(page, "across-partners", 1920)

    page.get_by_role("link", name="Step 1 across teams").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 1 across teams")
    expect(page.locator("[data-possible]")).to_have_count(4)
    page.set_viewport_size({"width": 1280, "height": 1000})
    assert_accessible(page)
    shot(page, "across-actors", 1280)
    shot(page, "across-actors", 1920)

    page.get_by_label("First actor").select_option(label=f"{s.B2_BID} (City Hall, Sponsors)")
    page.get_by_label("Second actor").select_option(label=f"{s.BID} (Riverside)")
    page.locator("#merge-by-hand").get_by_role("button", name="Merge").click()
    expect(page.get_by_role("status").filter(has_text="are now one actor")).to_be_visible()
    bid_row = page.locator("tr[data-cluster]").filter(has_text=s.B2_BID)
    expect(bid_row).to_contain_text("merged by hand")
    expect(bid_row.locator("td").first).to_have_text("3")
    expect(page.locator("[data-blind-spots]").first).not_to_contain_text(s.B2_BID)
    assert_accessible(page)

    page.get_by_role("link", name="Step 2 across teams").click()
    expect(shared).to_have_count(5)
    expect(shared.filter(has_text=s.B2_BID)).to_contain_text("2.80 (5)")
    expect(shared.filter(has_text=s.B2_BID)).to_contain_text("2.70 (5)")
    expect(shared.filter(has_text=s.B2_BID).locator("td").last).to_have_text("0.10")

    page.get_by_role("link", name="Alerts").click()
    expect(page.locator("tr[data-alert]")).to_have_count(11)
    assert_accessible(page)
    shot(page, "across-alerts", 1280)
