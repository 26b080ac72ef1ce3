import pytest

from tests.accounts.conftest import PASSWORD

LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"
WRONG = "That e-mail address and password do not match an account."


def test_login_page_asks_for_email_and_password(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["email", "password"]
    html = response.content.decode()
    assert 'autocomplete="current-password"' in html
    assert 'href="/accounts/password/reset/"' in html


def test_login_with_the_right_password_signs_in_and_goes_home(client, facilitator):
    response = client.post(LOGIN, {"email": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/"
    assert client.session["_auth_user_id"] == str(facilitator.pk)


def test_login_email_is_not_case_sensitive(client, facilitator):
    response = client.post(LOGIN, {"email": "  ADA@Example.ORG ", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(facilitator.pk)


def test_login_with_a_wrong_password_says_so_and_keeps_the_email(client, facilitator):
    response = client.post(LOGIN, {"email": "ada@example.org", "password": "not-it"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [WRONG]
    html = response.content.decode()
    assert WRONG in html
    assert 'value="ada@example.org"' in html
    assert "not-it" not in html
    assert "_auth_user_id" not in client.session


def test_login_for_an_unknown_email_gives_the_same_answer_as_a_wrong_password(client, db):
    response = client.post(LOGIN, {"email": "nobody@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [WRONG]


def test_login_of_a_deactivated_account_is_refused(client, facilitator):
    facilitator.is_active = False
    facilitator.save()
    response = client.post(LOGIN, {"email": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [WRONG]


def test_login_with_empty_fields_marks_each_field(client, db):
    response = client.post(LOGIN, {"email": "", "password": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["This field is required."],
        "password": ["This field is required."],
    }


def test_login_follows_a_local_next(client, facilitator):
    response = client.post(
        LOGIN, {"email": "ada@example.org", "password": PASSWORD, "next": "/library/?q=a"}
    )
    assert response.url == "/library/?q=a"


def test_login_page_carries_a_local_next_into_the_form(client, db):
    response = client.get(LOGIN + "?next=/library/")
    assert '<input type="hidden" name="next" value="/library/">' in response.content.decode()


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
    ],
)
def test_login_never_redirects_off_site(client, facilitator, next_url):
    page = client.get(LOGIN, {"next": next_url})
    assert 'name="next"' not in page.content.decode()
    response = client.post(
        LOGIN, {"email": "ada@example.org", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response.url == "/"


def test_signed_in_facilitator_opening_login_is_sent_on(client, facilitator):
    client.force_login(facilitator)
    response = client.get(LOGIN, {"next": "/library/"})
    assert response.status_code == 302
    assert response.url == "/library/"


def test_logout_signs_out_and_says_so(client, facilitator):
    client.force_login(facilitator)
    response = client.post(LOGOUT, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "_auth_user_id" not in client.session
    assert "You are logged out." in response.content.decode()


def test_logout_by_get_is_refused_and_keeps_the_session(client, facilitator):
    client.force_login(facilitator)
    response = client.get(LOGOUT)
    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(facilitator.pk)


def test_logout_without_csrf_token_is_refused(facilitator):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(facilitator)
    response = strict.post(LOGOUT)
    assert response.status_code == 403
    assert strict.session["_auth_user_id"] == str(facilitator.pk)
