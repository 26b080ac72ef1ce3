"""The library in Chromium: search, open the partnership pattern, switch the lens, see the diagram."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.patterns.conftest import SAMPLES, run_load


def test_search_open_pattern_switch_lens_and_see_steps_and_diagram(page, asgi_server, no_dialogs):
    _out, _err, error = run_load(*(SAMPLES / f"{name}.md" for name in (
        "ecosystem-partnership-design", "stakeholder-architecture", "commons-blueprint",
        "value-stream-specification", "beachhead-market",
    )))  # fmt: skip
    assert error is None
    page.goto(asgi_server.url + "/library/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pattern library")
    assert_accessible(page)

    page.get_by_label("Search").fill("alliance")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#library-results .pattern-list li")
    expect(results).to_have_count(1)
    results.get_by_role("link", name="Ecosystem Partnership Design").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ecosystem Partnership Design")
    page.get_by_role("link", name="Government", exact=True).click()
    expect(page.locator("#context-lens .lens-result")).to_contain_text(
        "Public-Private Partnership (PPP) Structuring"
    )
    expect(page).to_have_url(
        asgi_server.url + "/library/ecosystem-partnership-design/?context=government"
    )

    steps = page.locator("ol.pattern-steps > li")
    expect(steps).to_have_count(5)
    expect(steps.nth(0)).to_contain_text("Ecosystem Mapping and Opportunity Analysis")
    expect(steps.nth(4)).to_contain_text("Scale and Evolve")
    expect(page.locator("#step-3")).to_contain_text("Co-Design of Governance and Value Logic")

    expect(page.locator("#section-solution .mermaid-diagram svg")).to_have_count(1)
    expect(page.locator("#section-solution pre.mermaid-source")).to_be_hidden()
    assert_accessible(page)
