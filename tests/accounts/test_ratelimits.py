from types import SimpleNamespace

from django.core import mail
from django.test import RequestFactory

from tests.accounts.conftest import PASSWORD
from workshop.accounts.ratelimits import client_ip, exhausted, limit

LOGIN = "/accounts/login/"
IP_MESSAGE = "Too many log-in attempts from your network. Wait a minute, then try again."
ACCOUNT_MESSAGE = (
    "Too many failed log-ins for this account. Wait 15 minutes, or reset your password."
)


def request_from(address="192.0.2.10"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_limit_allows_the_rate_then_answers_true(db):
    request = request_from()
    answers = [limit(request, "test.group", "key-a", "3/m") for _ in range(5)]
    assert answers == [False, False, False, True, True]


def test_limit_counts_each_group_and_key_apart(db):
    request = request_from()
    for _ in range(3):
        limit(request, "test.group", "key-a", "3/m")
    assert limit(request, "test.group", "key-b", "3/m") is False
    assert limit(request, "test.other", "key-a", "3/m") is False
    assert limit(request, "test.group", "key-a", "3/m") is True


def test_limit_starts_again_in_the_next_window(db, ratelimit_clock):
    request = request_from()
    for _ in range(3):
        limit(request, "test.group", "key-a", "3/m")
    assert limit(request, "test.group", "key-a", "3/m") is True
    ratelimit_clock.advance(61)
    assert limit(request, "test.group", "key-a", "3/m") is False


def test_exhausted_counts_nothing_and_is_true_once_the_rate_is_filled(db):
    request = request_from()
    assert [exhausted(request, "test.group", "key-a", "2/m") for _ in range(3)] == [False] * 3
    limit(request, "test.group", "key-a", "2/m")
    assert exhausted(request, "test.group", "key-a", "2/m") is False
    limit(request, "test.group", "key-a", "2/m")
    assert exhausted(request, "test.group", "key-a", "2/m") is True


def test_client_ip_is_remote_addr_and_groups_ipv6_by_64_bits():
    assert client_ip(SimpleNamespace(META={"REMOTE_ADDR": "198.51.100.7"})) == "198.51.100.7"
    ipv6 = SimpleNamespace(META={"REMOTE_ADDR": "2001:db8:1:2:aaaa:bbbb:cccc:dddd"})
    assert client_ip(ipv6) == "2001:db8:1:2::"
    forwarded = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert client_ip(SimpleNamespace(META=forwarded)) == "10.0.0.1"


def test_login_attempts_over_ten_a_minute_from_one_address_get_429(client, facilitator):
    for number in range(10):
        response = client.post(
            LOGIN,
            {"email": f"guess{number}@example.org", "password": "x"},
            REMOTE_ADDR="192.0.2.10",
        )
        assert response.status_code == 200
    response = client.post(
        LOGIN, {"email": "ada@example.org", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert IP_MESSAGE in html
    assert 'value="ada@example.org"' in html
    assert "_auth_user_id" not in client.session

    other_address = client.post(
        LOGIN, {"email": "ada@example.org", "password": PASSWORD}, REMOTE_ADDR="192.0.2.11"
    )
    assert other_address.status_code == 302


def test_five_failed_logins_lock_the_account_for_15_minutes_from_any_address(
    client, facilitator, ratelimit_clock
):
    for number in range(5):
        response = client.post(
            LOGIN,
            {"email": "ada@example.org", "password": "wrong"},
            REMOTE_ADDR=f"192.0.2.{number + 20}",
        )
        assert response.status_code == 200
        assert (
            "That e-mail address and password do not match an account." in response.content.decode()
        )

    right_password = {"email": "ADA@example.org", "password": PASSWORD}
    response = client.post(LOGIN, right_password, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert ACCOUNT_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session

    ratelimit_clock.advance(15 * 60 + 1)
    assert client.post(LOGIN, right_password, REMOTE_ADDR="198.51.100.1").status_code == 302


def test_account_lock_does_not_touch_other_accounts(client, facilitator):
    for _ in range(5):
        client.post(LOGIN, {"email": "someone@example.org", "password": "wrong"})
    response = client.post(LOGIN, {"email": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_successful_logins_do_not_count_against_the_account(client, facilitator):
    for number in range(7):
        response = client.post(
            LOGIN,
            {"email": "ada@example.org", "password": PASSWORD},
            REMOTE_ADDR=f"192.0.2.{number + 40}",
        )
        assert response.status_code == 302
        client.logout()


def test_signup_attempts_over_twenty_an_hour_from_one_address_get_429(client, db):
    data = {"first_name": "Cy", "email": "cy@example.org", "password1": "a", "password2": "b"}
    for _ in range(20):
        assert client.post("/accounts/signup/", data).status_code == 200
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many sign-ups from your network. Wait an hour, then try again." in html
    assert 'value="cy@example.org"' in html


def test_password_reset_requests_over_ten_an_hour_from_one_address_get_429(client, facilitator):
    for _ in range(10):
        assert (
            client.post("/accounts/password/reset/", {"email": "ada@example.org"}).status_code
            == 302
        )
    response = client.post("/accounts/password/reset/", {"email": "ada@example.org"})
    assert response.status_code == 429
    assert "Too many reset requests from your network. Wait an hour, then try again." in (
        response.content.decode()
    )
    assert len(mail.outbox) == 10
