"""Playwright driving Debian's Chromium; `playwright install` cannot download browsers here."""

import json
from pathlib import Path

import pytest

AXE = Path(__file__).with_name("axe-core-4.14.1.min.js")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    # Browser tests last: Playwright leaves an event loop in the main thread, which later sync tests
    # that use Django's test client without a database would trip over.
    items.sort(key=lambda item: "tests/e2e/" in str(item.fspath))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Without animations a click never lands on a menu still unfolding (Bootstrap honours the setting).
    return {**browser_context_args, "reduced_motion": "reduce"}


@pytest.fixture
def no_dialogs(page):
    """Fails the test if any alert/confirm/prompt fires (the XSS cases)."""
    fired = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    yield fired
    assert fired == [], f"a dialog fired: {fired}"


def axe_violations(page, impacts=("serious", "critical")):
    """Runs axe-core on the current page and returns the violations of the given impacts."""
    # Measured on a settled page: a colour still in a hover transition is neither state's contrast.
    page.emulate_media(reduced_motion="reduce")
    # Evaluated through the DevTools protocol, which our Content-Security-Policy does not block.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [v for v in result["violations"] if v["impact"] in impacts]
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in found
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2)


def open_console(browser, server, workshop, password="quiet-harbour-lantern-42"):
    """A co-facilitator logs in on a laptop-sized screen and lands on the workshop's console."""
    import re

    from playwright.sync_api import expect

    from tests.conftest import make_facilitator

    lead = make_facilitator("lead@example.org", "Robin Lead", password=password)
    workshop.co_facilitators.add(lead)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    console = context.new_page()
    console.goto(f"{server.url}/accounts/login/?next=/facilitate/{workshop.pk}/")
    console.get_by_label("E-mail address").fill("lead@example.org")
    console.get_by_label(re.compile(r"^\s*Password\*?\s*$")).fill(password)
    console.get_by_role("button", name="Log in").click()
    expect(console.locator(".join-code")).to_have_text(workshop.join_code)
    return context, console
