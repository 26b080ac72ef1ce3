import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import client_as_participant
from workshop.facilitation.access import SESSION_KEY
from workshop.facilitation.models import Participant, Workshop

pytestmark = pytest.mark.django_db


def join(client, code, name, team=None):
    data = {"code": code, "display_name": name}
    if team is not None:
        data["team"] = team.pk
    return client.post(reverse("facilitation:join"), data)


def test_join_with_code_and_team_lands_on_the_current_step(live_workshop, team_a):
    client = Client()
    response = join(client, live_workshop.join_code.lower(), "  Marcus  ", team_a)
    participant = Participant.objects.get()
    assert participant.display_name == "Marcus"
    assert participant.team == team_a
    assert response.url == reverse("facilitation:participant_home", args=[live_workshop.pk])
    home = client.get(response.url)
    assert home.url == reverse("steps:page", args=[live_workshop.pk, team_a.pk, 1])
    assert client.get(home.url).status_code == 200


def test_opening_the_join_link_again_returns_the_same_participant(live_workshop, team_a):
    client = Client()
    join(client, live_workshop.join_code, "Marcus", team_a)
    again = client.get(reverse("facilitation:join_code", args=[live_workshop.join_code]))
    assert again.status_code == 302
    assert again.url == reverse("facilitation:participant_home", args=[live_workshop.pk])
    join(client, live_workshop.join_code, "Marcus again", team_a)
    assert Participant.objects.count() == 1


def test_join_link_prefills_the_code(live_workshop):
    page = Client().get(reverse("facilitation:join_code", args=[live_workshop.join_code]))
    assert page.status_code == 200
    assert f'value="{live_workshop.join_code}"' in page.content.decode()
    assert "Riverside" in page.content.decode()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ABC", "A workshop code has 6 letters and digits."),
        ("ZZZZZZ", "No open workshop has this code."),
    ],
)
def test_bad_code_says_why_and_keeps_the_name(live_workshop, code, message):
    response = join(Client(), code, "Marcus")
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert 'value="Marcus"' in content
    assert Participant.objects.count() == 0


def test_closed_workshop_code_stops_working_with_a_clear_message(live_workshop, team_a):
    live_workshop.end()
    response = join(Client(), live_workshop.join_code, "Marcus", team_a)
    assert "This workshop has ended" in response.content.decode()
    assert Participant.objects.count() == 0


def test_blank_name_and_missing_team_are_field_errors(live_workshop):
    response = join(Client(), live_workshop.join_code, "   ")
    content = response.content.decode()
    assert "This field is required." in content
    assert content.count('aria-invalid="true"') >= 1
    assert Participant.objects.count() == 0


def test_full_team_cannot_be_chosen(live_workshop, team_a, participant_a):
    live_workshop.team_size_limit = 1
    live_workshop.save()
    response = join(Client(), live_workshop.join_code, "Lin", team_a)
    assert "Riverside is full" in response.content.decode()


def test_facilitator_assigned_teams_fill_the_smallest_team(
    live_workshop, team_a, team_b, participant_a
):
    live_workshop.teams_chosen_on_join = False
    live_workshop.save()
    join(Client(), live_workshop.join_code, "Dana")
    assert Participant.objects.get(display_name="Dana").team == team_b


def test_join_is_rate_limited_per_address(live_workshop):
    client = Client()
    for _ in range(20):
        join(client, "ZZZZZZ", "Guess")
    response = join(client, "ZZZZZZ", "Guess")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_join_announces_the_newcomer(live_workshop, team_a, django_capture_on_commit_callbacks):
    from unittest import mock

    with mock.patch("workshop.facilitation.live.broker.publish") as publish:
        with django_capture_on_commit_callbacks(execute=True):
            join(Client(), live_workshop.join_code, "Marcus", team_a)
    publish.assert_called_once_with(live_workshop.pk, "teams-changed", "")


def test_lobby_before_the_start(partnership_pattern, facilitator):
    workshop = Workshop.create_from_pattern(partnership_pattern, facilitator, "Draft one", ["Only"])
    client = Client()
    join(client, workshop.join_code, "Early", workshop.teams.get())
    page = client.get(reverse("facilitation:participant_home", args=[workshop.pk]))
    assert page.status_code == 200
    assert "has not started yet" in page.content.decode()


def test_session_remembers_participant_per_workshop(live_workshop, participant_a):
    client = client_as_participant(participant_a)
    assert client.session[SESSION_KEY] == {str(live_workshop.pk): participant_a.pk}


def test_home_page_code_box_leads_to_the_prefilled_join_page(live_workshop):
    response = Client().get(
        reverse("facilitation:join") + f"?code= {live_workshop.join_code.lower()} "
    )
    assert response.url == reverse("facilitation:join_code", args=[live_workshop.join_code])


def test_odd_characters_in_the_code_box_never_break_the_page(live_workshop):
    assert Client().get(reverse("facilitation:join") + "?code=a/b?c").status_code == 302
    assert Client().get(reverse("facilitation:join") + "?code=//").status_code == 200
