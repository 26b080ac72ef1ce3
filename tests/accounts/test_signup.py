from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.accounts.conftest import PASSWORD

SIGNUP = "/accounts/signup/"


def signup_data(**overrides):
    data = {
        "first_name": "Bea Lindqvist",
        "email": "Bea.Lindqvist@Example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return {**data, **overrides}


def test_signup_url_names_resolve_to_accounts_paths():
    assert reverse("signup") == SIGNUP
    assert reverse("login") == "/accounts/login/"
    assert reverse("logout") == "/accounts/logout/"


def test_signup_page_asks_for_name_email_and_password_twice(client, db):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    assert list(response.context["form"].fields) == [
        "first_name",
        "email",
        "password1",
        "password2",
    ]
    html = response.content.decode()
    assert 'autocomplete="name"' in html
    assert 'autocomplete="new-password"' in html


def test_signup_creates_a_facilitator_with_the_lowercased_email_as_username(client, db):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    assert response.url == "/"
    user = get_user_model().objects.get()
    assert user.username == "bea.lindqvist@example.org"
    assert user.email == "bea.lindqvist@example.org"
    assert user.get_full_name() == "Bea Lindqvist"
    assert user.is_staff is False
    assert user.check_password(PASSWORD)


def test_signup_logs_the_new_facilitator_in_and_welcomes_them(client, db):
    response = client.post(SIGNUP, signup_data(), follow=True)
    assert response.context["user"].is_authenticated
    assert "Welcome, Bea Lindqvist. Your account is ready." in response.content.decode()


def test_signup_rejects_an_email_already_in_use_whatever_its_case(client, facilitator):
    response = client.post(SIGNUP, signup_data(email="ADA@example.org"))
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "An account with this e-mail address already exists. Log in instead."
    ]
    assert get_user_model().objects.count() == 1


def test_signup_with_mismatched_passwords_keeps_the_typed_name_and_email(client, db):
    response = client.post(SIGNUP, signup_data(password2=PASSWORD + "x"))
    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == [
        "The two password fields didn\u2019t match."
    ]
    html = response.content.decode()
    assert 'value="Bea Lindqvist"' in html
    assert 'value="Bea.Lindqvist@Example.org"' in html
    assert PASSWORD not in html
    assert get_user_model().objects.count() == 0


def test_signup_rejects_a_common_password(client, db):
    response = client.post(SIGNUP, signup_data(password1="password123", password2="password123"))
    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == ["This password is too common."]


def test_signup_rejects_a_blank_name(client, db):
    response = client.post(SIGNUP, signup_data(first_name="   "))
    assert response.status_code == 200
    assert response.context["form"].errors["first_name"] == ["This field is required."]


def test_signup_rejects_an_invalid_email(client, db):
    response = client.post(SIGNUP, signup_data(email="not-an-address"))
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert 'value="not-an-address"' in response.content.decode()


def test_signup_follows_a_local_next(client, db):
    response = client.post(SIGNUP, signup_data(next="/library/"))
    assert response.status_code == 302
    assert response.url == "/library/"


def test_signup_ignores_an_offsite_next(client, db):
    response = client.post(SIGNUP, signup_data(next="https://evil.example/"))
    assert response.url == "/"


def test_signed_in_facilitator_opening_signup_is_sent_home(client, facilitator):
    client.force_login(facilitator)
    response = client.get(SIGNUP)
    assert response.status_code == 302
    assert response.url == "/"


def test_signup_name_with_markup_is_shown_escaped(client, db):
    response = client.post(SIGNUP, signup_data(first_name="<script>alert(1)</script>"), follow=True)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Welcome, &lt;script&gt;alert(1)&lt;/script&gt;. Your account is ready." in html
