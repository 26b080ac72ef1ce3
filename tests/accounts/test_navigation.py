from workshop.accounts.templatetags.accounts_tags import url_or_none
from workshop.accounts.urls import urlpatterns as account_urls

EXPECTED_POLICIES = {
    "login": "public",
    "logout": "public",
    "signup": "public",
    "password_change": "signed_in",
    "password_change_done": "signed_in",
    "password_reset": "public",
    "password_reset_done": "public",
    "password_reset_confirm": "public",
    "password_reset_complete": "public",
}


def test_every_account_view_carries_its_access_policy():
    policies = {pattern.name: pattern.callback.access_policy for pattern in account_urls}
    assert policies == EXPECTED_POLICIES


def test_url_or_none_gives_the_path_or_none():
    assert url_or_none("login") == "/accounts/login/"
    assert url_or_none("no-such:page") is None


def test_signed_out_visitors_see_log_in_and_sign_up(client, db):
    html = client.get("/").content.decode()
    assert '<a class="nav-link" href="/accounts/login/">Log in</a>' in html
    assert 'href="/accounts/signup/">Sign up</a>' in html
    assert "Log out" not in html


def test_signed_in_facilitator_sees_name_password_change_and_log_out(client, facilitator):
    client.force_login(facilitator)
    html = client.get("/").content.decode()
    assert '<span class="visually-hidden">Account menu for </span>Ada Okafor' in html
    assert 'href="/accounts/password/change/">Change password</a>' in html
    assert '<form method="post" action="/accounts/logout/">' in html
    assert 'href="/facilitate/">My workshops</a>' in html
    assert "/accounts/login/" not in html
