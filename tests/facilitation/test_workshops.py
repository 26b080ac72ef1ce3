"""Creating, editing, the agenda and copies of workshops (issue 3, facilitator side)."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import client_as_user
from workshop.facilitation.models import ActivityLogEntry, Team, Workshop, WorkshopStep

pytestmark = pytest.mark.django_db


def create_data(pattern, **overrides):
    data = {
        "title": "Millrace Park Partnership",
        "pattern": pattern.pk,
        "context_label": "government",
        "currency": "usd",
        "score_scale": "1-5",
        "teams_chosen_on_join": "on",
        "team_size_limit": "",
        "teams-TOTAL_FORMS": "3",
        "teams-INITIAL_FORMS": "0",
        "teams-MIN_NUM_FORMS": "0",
        "teams-MAX_NUM_FORMS": "50",
        "teams-0-name": "Riverside",
        "teams-0-colour": "#1F5F8B",
        "teams-1-name": "City Hall",
        "teams-1-colour": "#b5523b",
        "teams-2-name": "",
        "teams-2-colour": "#2f7d4f",
    }
    data.update(overrides)
    return data


def edit_data(workshop, **overrides):
    teams = list(workshop.teams.all())
    data = {
        "title": workshop.title,
        "context_label": workshop.context_label,
        "currency": workshop.currency,
        "score_scale": f"{workshop.score_min}-{workshop.score_max}",
        "teams_chosen_on_join": "on",
        "team_size_limit": "",
        "teams-TOTAL_FORMS": str(len(teams) + 1),
        "teams-INITIAL_FORMS": str(len(teams)),
        "teams-MIN_NUM_FORMS": "0",
        "teams-MAX_NUM_FORMS": "50",
    }
    for index, team in enumerate(teams):
        data[f"teams-{index}-id"] = str(team.pk)
        data[f"teams-{index}-workshop"] = str(workshop.pk)
        data[f"teams-{index}-name"] = team.name
        data[f"teams-{index}-colour"] = team.colour
    data[f"teams-{len(teams)}-name"] = ""
    data[f"teams-{len(teams)}-colour"] = "#7a4f9a"
    data.update(overrides)
    return data


def agenda_data(workshop, **overrides):
    steps = list(workshop.steps.all())
    data = {
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for index, step in enumerate(steps):
        data[f"steps-{index}-id"] = str(step.pk)
        data[f"steps-{index}-timebox_minutes"] = str(step.timebox_minutes)
        if step.skipped:
            data[f"steps-{index}-skipped"] = "on"
    data.update(overrides)
    return data


@pytest.fixture
def draft(partnership_pattern, facilitator):
    return Workshop.create_from_pattern(
        partnership_pattern, facilitator, "Draft workshop", ["Riverside", "City Hall"]
    )


# ---- The list -------------------------------------------------------------------------------------


def test_dashboard_lists_owned_and_co_facilitated_workshops_only(
    live_workshop, co_facilitator, other_workshop_participant
):
    page = client_as_user(co_facilitator).get(reverse("facilitation:dashboard"))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Millrace Park Partnership" in content
    assert "co-facilitating" in content
    assert "Elsewhere" not in content


def test_dashboard_sends_anonymous_visitors_to_log_in():
    response = Client().get(reverse("facilitation:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# ---- Creating -------------------------------------------------------------------------------------


def test_create_form_offers_only_patterns_with_steps_and_their_lenses(
    partnership_pattern, facilitator
):
    page = client_as_user(facilitator).get(reverse("facilitation:create"))
    content = page.content.decode()
    assert page.status_code == 200
    assert (
        f'<option value="{partnership_pattern.pk}">Ecosystem Partnership Design</option>' in content
    )
    assert '<option value="government">Government</option>' in content


def test_creating_a_workshop_builds_the_agenda_from_the_pattern(partnership_pattern, facilitator):
    response = client_as_user(facilitator).post(
        reverse("facilitation:create"), create_data(partnership_pattern)
    )
    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("facilitation:agenda", args=[workshop.pk])
    assert workshop.owner == facilitator
    assert workshop.status == Workshop.Status.DRAFT
    assert workshop.currency == "USD"
    assert (workshop.score_min, workshop.score_max) == (1, 5)
    assert workshop.context_label == "government"
    assert len(workshop.join_code) == 6
    steps = list(
        workshop.steps.values_list("position", "pattern_step_number", "kind", "timebox_minutes")
    )
    assert steps == [
        (1, 1, "mapping", 20),
        (2, 2, "alignment", 20),
        (3, 3, "governance", 20),
        (4, 4, "pilot", 20),
        (5, 5, "scale", 20),
    ]
    assert list(workshop.teams.values_list("name", "colour")) == [
        ("Riverside", "#1f5f8b"),
        ("City Hall", "#b5523b"),
    ]
    assert ActivityLogEntry.objects.get(workshop=workshop).action == "created"


def test_creating_with_the_ten_point_scale_and_team_limit(partnership_pattern, facilitator):
    client_as_user(facilitator).post(
        reverse("facilitation:create"),
        create_data(
            partnership_pattern, score_scale="1-10", team_size_limit="4", teams_chosen_on_join=""
        ),
    )
    workshop = Workshop.objects.get()
    assert (workshop.score_min, workshop.score_max) == (1, 10)
    assert workshop.team_size_limit == 4
    assert workshop.teams_chosen_on_join is False


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"title": "   "}, "This field is required."),
        ({"currency": "US"}, "Use a three-letter ISO code such as GBP."),
        ({"currency": "U5D"}, "Use a three-letter ISO code such as GBP."),
        ({"score_scale": "2-7"}, "Select a valid choice. 2-7 is not one of the available choices."),
        (
            {"context_label": "martian"},
            "Select a valid choice. martian is not one of the available choices.",
        ),
        ({"team_size_limit": "0"}, "Ensure this value is greater than or equal to 1."),
        (
            {"teams-1-name": "  riverside "},
            "A team called ‘Riverside’ already exists in this workshop.",  # noqa: RUF001
        ),
    ],
)
def test_invalid_input_is_explained_beside_the_field_and_kept(
    partnership_pattern, facilitator, overrides, field_error
):
    data = create_data(partnership_pattern, **{"title": "Kept <title>", **overrides})
    response = client_as_user(facilitator).post(reverse("facilitation:create"), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert field_error in content
    assert "is-invalid" in content
    if "title" not in overrides:
        assert 'value="Kept &lt;title&gt;"' in content
    assert Workshop.objects.count() == 0


def test_lens_must_belong_to_the_chosen_pattern(partnership_pattern, facilitator):
    from patterns.models import Pattern

    other = Pattern.objects.create(
        slug="corporate-only", title="Corporate Only", context_labels=["corporate"]
    )
    other.steps.create(number=1, title="Only step", markdown="Do it.")
    response = client_as_user(facilitator).post(
        reverse("facilitation:create"), create_data(other, context_label="government")
    )
    assert "Corporate Only has no lens called government." in response.content.decode()
    assert Workshop.objects.count() == 0


# ---- Editing --------------------------------------------------------------------------------------


def test_editing_changes_settings_and_teams_and_announces(
    draft, facilitator, django_capture_on_commit_callbacks
):
    data = edit_data(
        draft,
        title="Renamed workshop",
        currency="eur",
        score_scale="0-5",
        **{"teams-1-name": "Town Hall", "teams-2-name": "Sponsors", "teams-2-colour": "#7a4f9a"},
    )
    with mock.patch("workshop.facilitation.live.broker.publish") as publish:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_as_user(facilitator).post(
                reverse("facilitation:edit", args=[draft.pk]), data
            )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Renamed workshop"
    assert draft.currency == "EUR"
    assert (draft.score_min, draft.score_max) == (0, 5)
    assert list(draft.teams.values_list("name", flat=True)) == [
        "Riverside",
        "Town Hall",
        "Sponsors",
    ]
    assert [c.args[1] for c in publish.call_args_list] == ["teams-changed", "flow-changed"]
    assert draft.log.first().action == "edited"


def test_editing_cannot_change_the_pattern(draft, facilitator, partnership_pattern):
    data = edit_data(draft, pattern="999999")
    client_as_user(facilitator).post(reverse("facilitation:edit", args=[draft.pk]), data)
    draft.refresh_from_db()
    assert draft.pattern == partnership_pattern


def test_score_scale_is_fixed_once_scores_exist(draft, facilitator):
    with mock.patch.object(Workshop, "scores_exist", return_value=True):
        response = client_as_user(facilitator).post(
            reverse("facilitation:edit", args=[draft.pk]), edit_data(draft, score_scale="1-10")
        )
    assert "Scores already use this scale." in response.content.decode()
    draft.refresh_from_db()
    assert (draft.score_min, draft.score_max) == (1, 5)


def test_a_team_with_members_cannot_be_removed(draft, facilitator):
    team = draft.teams.get(name="Riverside")
    team.members.create(workshop=draft, display_name="Marcus")
    response = client_as_user(facilitator).post(
        reverse("facilitation:edit", args=[draft.pk]), edit_data(draft, **{"teams-0-DELETE": "on"})
    )
    assert (
        "‘Riverside’ has members or work; move its members before removing it."  # noqa: RUF001
        in response.content.decode()
    )
    assert Team.objects.filter(pk=team.pk).exists()


def test_an_empty_team_can_be_removed(draft, facilitator):
    client_as_user(facilitator).post(
        reverse("facilitation:edit", args=[draft.pk]), edit_data(draft, **{"teams-1-DELETE": "on"})
    )
    assert list(draft.teams.values_list("name", flat=True)) == ["Riverside"]


def test_closed_workshop_settings_cannot_be_edited(live_workshop, facilitator):
    live_workshop.end()
    response = client_as_user(facilitator).post(
        reverse("facilitation:edit", args=[live_workshop.pk]),
        edit_data(live_workshop, title="Changed"),
    )
    assert response.status_code == 302
    live_workshop.refresh_from_db()
    assert live_workshop.title == "Millrace Park Partnership"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_facilitator", 404), ("co_facilitator", 200), ("facilitator", 200)],
)
def test_edit_page_is_for_the_workshops_facilitators(live_workshop, request, persona, status):
    user = request.getfixturevalue(persona)
    assert (
        client_as_user(user).get(reverse("facilitation:edit", args=[live_workshop.pk])).status_code
        == status
    )


# ---- The agenda -----------------------------------------------------------------------------------


def test_agenda_saves_timeboxes_and_skips(draft, facilitator):
    data = agenda_data(
        draft, **{"steps-0-timebox_minutes": "35", "steps-4-skipped": "on", "done": "1"}
    )
    response = client_as_user(facilitator).post(
        reverse("facilitation:agenda", args=[draft.pk]), data
    )
    assert response.status_code == 302
    assert response.url == reverse("facilitation:console", args=[draft.pk])
    assert list(draft.steps.values_list("timebox_minutes", "skipped")) == [
        (35, False),
        (20, False),
        (20, False),
        (20, False),
        (20, True),
    ]


def test_agenda_rejects_a_zero_timebox_beside_the_field(draft, facilitator):
    data = agenda_data(draft, **{"steps-1-timebox_minutes": "0"})
    response = client_as_user(facilitator).post(
        reverse("facilitation:agenda", args=[draft.pk]), data
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter a whole number of minutes from 1 to 480." in content
    assert 'id="id_steps-1-timebox_minutes" value="0"' in content
    assert draft.steps.get(position=2).timebox_minutes == 20


def test_move_buttons_reorder_the_agenda_without_javascript(draft, facilitator):
    client = client_as_user(facilitator)
    third = draft.steps.get(position=3)
    url = reverse("facilitation:agenda", args=[draft.pk])
    response = client.post(url, agenda_data(draft, move=f"{third.pk}:up"))
    assert response.status_code == 302
    assert list(draft.steps.values_list("pattern_step_number", flat=True)) == [1, 3, 2, 4, 5]
    client.post(url, agenda_data(draft, move=f"{third.pk}:up"))
    client.post(url, agenda_data(draft, move=f"{third.pk}:up"))  # already first: nothing moves
    assert list(draft.steps.values_list("pattern_step_number", flat=True)) == [3, 1, 2, 4, 5]
    last = draft.steps.get(position=5)
    client.post(url, agenda_data(draft, move=f"{last.pk}:down"))
    assert list(draft.steps.values_list("pattern_step_number", flat=True)) == [3, 1, 2, 4, 5]


def test_move_also_keeps_the_typed_timebox(draft, facilitator):
    first = draft.steps.get(position=1)
    client_as_user(facilitator).post(
        reverse("facilitation:agenda", args=[draft.pk]),
        agenda_data(draft, move=f"{first.pk}:down", **{"steps-0-timebox_minutes": "45"}),
    )
    first.refresh_from_db()
    assert (first.position, first.timebox_minutes) == (2, 45)


def test_order_is_fixed_once_the_session_started(live_workshop, facilitator):
    second = live_workshop.steps.get(position=2)
    response = client_as_user(facilitator).post(
        reverse("facilitation:agenda", args=[live_workshop.pk]),
        agenda_data(live_workshop, move=f"{second.pk}:up"),
    )
    assert response.status_code == 302
    assert list(live_workshop.steps.values_list("pattern_step_number", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
    ]


# ---- Copies ---------------------------------------------------------------------------------------


def test_duplicate_copies_structure_for_the_user_who_asked(
    live_workshop, co_facilitator, participant_a
):
    step = live_workshop.steps.get(position=2)
    step.timebox_minutes = 40
    step.skipped = True
    step.save()
    response = client_as_user(co_facilitator).post(
        reverse("facilitation:duplicate", args=[live_workshop.pk])
    )
    copy = Workshop.objects.exclude(pk=live_workshop.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("facilitation:edit", args=[copy.pk])
    assert copy.title == "Copy of Millrace Park Partnership"
    assert copy.owner == co_facilitator
    assert copy.status == Workshop.Status.DRAFT
    assert copy.join_code != live_workshop.join_code
    assert list(copy.teams.values_list("name", flat=True)) == ["Riverside", "City Hall"]
    assert copy.participants.count() == 0
    assert list(
        WorkshopStep.objects.filter(workshop=copy).values_list("timebox_minutes", "skipped")
    )[1] == (
        40,
        True,
    )


def test_duplicate_needs_a_post_and_a_facilitator(live_workshop, other_facilitator, facilitator):
    url = reverse("facilitation:duplicate", args=[live_workshop.pk])
    assert client_as_user(facilitator).get(url).status_code == 405
    assert client_as_user(other_facilitator).post(url).status_code == 404
    assert Workshop.objects.count() == 1
