from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible


def test_home_page_renders_with_vendored_assets(page, asgi_server):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.goto(asgi_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ecosystem partnership")
    assert page.evaluate("typeof htmx") == "object"
    assert failed == []
    assert_accessible(page)
