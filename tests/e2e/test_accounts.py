import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

PASSWORD = "quiet-harbour-lantern-42"
# crispy-forms marks required fields with an asterisk inside the label.
PASSWORD_LABEL = re.compile(r"^\s*Password\*?\s*$")


def open_nav_if_collapsed(page):
    # After a navigation the stylesheet decides whether the toggler shows: wait for it first.
    page.wait_for_load_state("load")
    toggler = page.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible():
        toggler.click()
        # The links are clickable once Bootstrap has finished unfolding the menu.
        expect(page.locator(".navbar-collapse.show")).to_be_visible()
        expect(page.locator(".navbar-collapse.collapsing")).to_have_count(0)


@pytest.mark.parametrize("width", [360, 1280])
def test_sign_up_log_out_and_log_in_again(page, asgi_server, no_dialogs, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(asgi_server.url + "/")
    open_nav_if_collapsed(page)
    page.get_by_role("link", name="Sign up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    page.get_by_label("Your name").fill("Bea Lindqvist")
    page.get_by_label("E-mail address").fill("bea@example.org")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("alert")).to_contain_text("Welcome, Bea Lindqvist.")
    open_nav_if_collapsed(page)
    page.get_by_role("button", name="Account menu for Bea Lindqvist").click()
    page.get_by_role("button", name="Log out").click()

    expect(page.get_by_role("alert")).to_contain_text("You are logged out.")
    open_nav_if_collapsed(page)
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("E-mail address").fill("BEA@example.org")
    page.get_by_label(PASSWORD_LABEL).fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text(
        "That e-mail address and password do not match an account."
    )
    expect(page.get_by_label("E-mail address")).to_have_value("BEA@example.org")
    assert_accessible(page)

    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(asgi_server.url + "/")
    open_nav_if_collapsed(page)
    expect(page.get_by_role("button", name="Account menu for Bea Lindqvist")).to_be_visible()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"])
def test_login_and_signup_pages_are_accessible(page, asgi_server, no_dialogs, width, path):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(asgi_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
