"""Which language a screen is in: the person's choice, their browser, the workshop, English."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import client_as_participant
from workshop.accounts.models import Profile

SET = reverse("languages:set")


def html_lang(response) -> str:
    text = response.content.decode()
    start = text.index("<html")
    return text[start : text.index(">", start) + 1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", '<html lang="en" dir="ltr">'),
        ("de-DE,de;q=0.9,en;q=0.8", '<html lang="de" dir="ltr">'),
        ("ar-EG,ar;q=0.9", '<html lang="ar" dir="rtl">'),
        ("fr-FR,fr;q=0.9,de;q=0.5", '<html lang="de" dir="ltr">'),  # the first shipped one
        ("fr-FR", '<html lang="en" dir="ltr">'),
    ],
)
def test_the_browser_language_is_the_first_guess(header, expected):
    response = Client(headers={"accept-language": header}).get("/")
    assert html_lang(response) == expected
    assert response["Content-Language"] == expected.split('"')[1]
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_the_menu_choice_wins_over_the_browser_and_returns_to_the_page():
    client = Client(headers={"accept-language": "de"})
    response = client.post(SET, {"language": "ar", "return_to": "/library/"})
    assert response.status_code == 302 and response["Location"] == "/library/"
    assert html_lang(client.get("/library/")) == '<html lang="ar" dir="rtl">'


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_the_menu_never_sends_anyone_off_site(target):
    response = Client().post(SET, {"language": "de", "return_to": target})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_an_unknown_language_is_ignored():
    client = Client()
    client.post(SET, {"language": "xx", "return_to": "/"})
    assert html_lang(client.get("/")) == '<html lang="en" dir="ltr">'


@pytest.mark.django_db
def test_the_menu_is_a_post_form_named_in_each_language():
    page = Client().get("/").content.decode()
    assert f'action="{SET}"' in page
    for code, name in [("en", "English"), ("de", "Deutsch"), ("ar", "العربيّة")]:
        assert f'value="{code}" lang="{code}"' in page and name in page
    assert Client().get(SET).status_code == 405


def test_a_facilitator_keeps_their_language_across_browsers(facilitator):
    first = Client()
    first.force_login(facilitator)
    first.post(SET, {"language": "de", "return_to": "/"})
    assert Profile.objects.get(user=facilitator).language == "de"

    second = Client(headers={"accept-language": "en"})
    second.post(
        reverse("login"), {"email": "jordan@example.org", "password": "correct horse battery"}
    )
    assert html_lang(second.get("/")) == '<html lang="de" dir="ltr">'


def test_participants_see_the_workshop_language_unless_their_browser_or_they_choose(
    live_workshop, participant_a
):
    live_workshop.language = "de"
    live_workshop.save(update_fields=["language"])
    url = reverse("facilitation:participant_home", args=[live_workshop.pk])

    joined = Client(headers={"accept-language": "fr"})
    response = joined.post(
        reverse("facilitation:join"),
        {
            "code": live_workshop.join_code,
            "display_name": "Noor",
            "team": live_workshop.teams.first().pk,
        },
        follow=True,
    )
    assert html_lang(response) == '<html lang="de" dir="ltr">'

    # Another phone whose browser speaks Arabic gets Arabic in the same (German) workshop.
    arabic = client_as_participant(participant_a)
    arabic.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"
    assert html_lang(arabic.get(url, follow=True)) == '<html lang="ar" dir="rtl">'

    joined.post(SET, {"language": "en", "return_to": url})
    assert html_lang(joined.get(url, follow=True)) == '<html lang="en" dir="ltr">'


def test_a_new_workshop_defaults_to_its_facilitator_language(facilitator, partnership_pattern):
    client = Client()
    client.force_login(facilitator)
    client.post(SET, {"language": "ar", "return_to": "/"})
    page = client.get(reverse("facilitation:create")).content.decode()
    assert '<option value="ar" selected>' in page
