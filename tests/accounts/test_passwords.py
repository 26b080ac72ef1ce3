import re

from django.core import mail

from tests.accounts.conftest import PASSWORD

LOGIN = "/accounts/login/"
CHANGE = "/accounts/password/change/"
RESET = "/accounts/password/reset/"
NEW_PASSWORD = "amber-orchard-compass-17"


def test_password_change_needs_a_signed_in_account(client, db):
    response = client.get(CHANGE)
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/accounts/password/change/"


def test_password_change_sets_the_new_password_and_keeps_the_session(client, facilitator):
    client.force_login(facilitator)
    response = client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain == [("/accounts/password/change/done/", 302)]
    assert "Password changed" in response.content.decode()
    facilitator.refresh_from_db()
    assert facilitator.check_password(NEW_PASSWORD)
    assert response.context["user"].is_authenticated


def test_password_change_with_a_wrong_current_password_says_so(client, facilitator):
    client.force_login(facilitator)
    response = client.post(
        CHANGE,
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"] == [
        "Your old password was entered incorrectly. Please enter it again."
    ]
    facilitator.refresh_from_db()
    assert facilitator.check_password(PASSWORD)


def reset_link(message) -> str:
    match = re.search(r"http://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_emails_a_link_that_sets_a_new_password(client, facilitator):
    response = client.post(RESET, {"email": "ADA@example.org"})
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert message.subject == "Reset your Partnership Workshop password"
    assert message.body.startswith("Hello Ada Okafor,\n")

    # Django swaps the token in the link for one kept in the session, then shows the form.
    form_page = client.get(reset_link(message), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done.url == "/accounts/password/reset/done/"

    assert client.post(LOGIN, {"email": "ada@example.org", "password": PASSWORD}).status_code == 200
    new_login = client.post(LOGIN, {"email": "ada@example.org", "password": NEW_PASSWORD})
    assert new_login.status_code == 302


def test_password_reset_link_works_only_once(client, facilitator):
    client.post(RESET, {"email": "ada@example.org"})
    link = reset_link(mail.outbox[0])
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)
    assert again.status_code == 200
    assert again.context["validlink"] is False
    assert "This link no longer works" in again.content.decode()


def test_password_reset_for_an_unknown_email_sends_nothing_and_looks_the_same(client, facilitator):
    response = client.post(RESET, {"email": "nobody@example.org"}, follow=True)
    assert response.redirect_chain == [("/accounts/password/reset/sent/", 302)]
    assert len(mail.outbox) == 0


def test_password_reset_with_an_invalid_email_keeps_the_text(client, db):
    response = client.post(RESET, {"email": "ada-at-example"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert 'value="ada-at-example"' in response.content.decode()
