"""The facilitator's views across teams for steps 3, 4 and 5 and the alerts list in a browser, with
Millrace Park B1 through step 5 and a team whose name is a script: tabs, accessibility, no dialog."""

import re
import threading

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_synthesis import log_in, shot
from tests.facilitation.synthesis.scenario import load_millrace_later

HOSTILE = "<img src=x onerror=alert(1)>"


def load_in_a_thread(workshop):
    """The loader posts through Django's test client, which cannot run beside Playwright's loop."""

    def load():
        from django.db import connection

        _b1, b2, _b3 = load_millrace_later(workshop)
        b2.name = HOSTILE
        b2.save(update_fields=["name"])
        connection.close()

    worker = threading.Thread(target=load)
    worker.start()
    worker.join()


def test_facilitator_reads_charters_pilots_and_scaling_across_teams(
    page, asgi_server, live_workshop, no_dialogs
):
    load_in_a_thread(live_workshop)
    page.set_viewport_size({"width": 1280, "height": 1000})
    log_in(page, asgi_server)
    page.goto(f"{asgi_server.url}/facilitate/{live_workshop.pk}/")

    page.get_by_role("link", name="Step 3 across teams").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 3 across teams")
    expect(page.locator("tr[data-measure=completeness] td").first).to_have_text("100 %")
    expect(page.locator("tr[data-section]")).to_have_count(17)
    expect(page.get_by_text(HOSTILE).first).to_be_visible()
    assert_accessible(page)
    shot(page, "across-charters", 1280)

    page.get_by_role("link", name="Step 4 across teams").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 4 across teams")
    expect(page.locator("tr[data-pilot]")).to_have_count(1)
    assert_accessible(page)
    shot(page, "across-pilots", 1280)
    page.get_by_role("link", name="compare v1 and v2").click()
    expect(page).to_have_url(re.compile(r"/charter/versions/compare/\?a=1&b=2$"))
    page.go_back()

    page.get_by_role("link", name="Step 5 across teams").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 5 across teams")
    expect(page.locator("[data-scale] [data-rag=amber]")).to_have_count(3)
    assert_accessible(page)
    shot(page, "across-scaling", 1280)

    page.get_by_role("link", name="Alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alerts across teams")
    assert_accessible(page)
    shot(page, "across-alerts", 1280)
