"""The facilitator console: every action, with and without htmx, logged and announced."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_as_participant, client_as_user, make_participant
from workshop.facilitation.live import presence
from workshop.facilitation.models import (
    Message,
    Participant,
    StepProgress,
    Team,
    Workshop,
    WorkshopStep,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def published():
    """The broker's publish, called at once: a test's transaction never commits."""
    with (
        mock.patch("workshop.facilitation.live.broker.publish") as publish,
        mock.patch(
            "django.db.transaction.on_commit", side_effect=lambda callback, *a, **k: callback()
        ),
    ):
        yield publish


def events_of(publish):
    return [call.args[1] for call in publish.call_args_list]


@pytest.fixture
def owner(facilitator):
    return client_as_user(facilitator)


def url(name, workshop, *args):
    return reverse(f"facilitation:{name}", args=[workshop.pk, *args])


# ---- The page -------------------------------------------------------------------------------------


def test_console_shows_code_agenda_grid_and_people(live_workshop, owner, participant_a, team_a):
    StepProgress.record_activity(team_a, live_workshop.steps.get(position=1))
    page = owner.get(url("console", live_workshop))
    content = page.content.decode()
    assert page.status_code == 200
    assert '<span class="join-code"' in content and f">{live_workshop.join_code}</span>" in content
    assert f'sse-connect="/w/{live_workshop.pk}/events/"' in content
    assert "vendor/htmx-ext-sse-2.2.4.min.js" in content
    assert 'hx-trigger="sse:progress-changed, sse:teams-changed, sse:presence-changed"' in content
    assert 'aria-current="step"' in content
    assert "In progress" in content
    assert reverse("steps:page", args=[live_workshop.pk, team_a.pk, 1]) in content
    assert 'target="_blank"' in content and url("projector", live_workshop) in content
    assert "Marcus" in content
    assert url("export_json", live_workshop) in content  # the Export menu (interchange)
    assert "data-timer" in content and ">20:00<" in content


@pytest.mark.parametrize(
    ("persona", "status"),
    [("facilitator", 200), ("co_facilitator", 200), ("other_facilitator", 404)],
)
def test_console_is_for_the_workshops_facilitators(live_workshop, request, persona, status):
    client = client_as_user(request.getfixturevalue(persona))
    assert client.get(url("console", live_workshop)).status_code == status


def test_console_sends_participants_and_visitors_away(live_workshop, participant_a):
    anonymous = Client().get(url("console", live_workshop))
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("login"))
    assert (
        client_as_participant(participant_a).get(url("console", live_workshop)).status_code == 302
    )


def test_only_the_owner_sees_the_facilitators_link(live_workshop, owner, co_facilitator):
    link = url("facilitators", live_workshop)
    assert link in owner.get(url("console", live_workshop)).content.decode()
    assert (
        link
        not in client_as_user(co_facilitator).get(url("console", live_workshop)).content.decode()
    )


def test_presence_counts_connected_screens(live_workshop, owner, participant_a, team_a):
    presence.touch(
        live_workshop.pk,
        participant_a.presence_key,
        {"participant": participant_a.pk, "team": team_a.pk, "name": "Marcus"},
    )
    content = owner.get(url("part_connected", live_workshop)).content.decode()
    assert "<strong>1</strong> person connected" in content
    grid = owner.get(url("part_grid", live_workshop)).content.decode()
    assert "1 member · 1 online" in grid


def test_participant_names_are_escaped_everywhere(live_workshop, owner, team_a):
    make_participant(live_workshop, team_a, '<script>alert("x")</script>')
    content = owner.get(url("console", live_workshop)).content.decode()
    assert '<script>alert("x")</script>' not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content


@pytest.mark.parametrize(
    "part", ["header", "connected", "agenda", "timer", "grid", "people", "log"]
)
def test_each_partial_renders_alone(live_workshop, owner, part):
    response = owner.get(url(f"part_{part}", live_workshop))
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "hx-swap-oob" not in response.content.decode()


def _teams(workshop, count):
    for index in range(count):
        team = Team.objects.create(workshop=workshop, name=f"Team {index}")
        make_participant(workshop, team, f"Person {index}")
        StepProgress.record_activity(team, workshop.steps.get(position=1))


# User, workshop, co-facilitator check, steps, teams, participants, progress, log (the session is
# read from the cache: SESSION_ENGINE is cached_db).
CONSOLE_QUERIES = 8


@pytest.mark.parametrize("extra_teams", [0, 8])  # 2 teams, then 10
@pytest.mark.parametrize("view", ["console", "part_grid", "part_people"])
def test_query_count_does_not_grow_with_teams(
    live_workshop, co_facilitator, django_assert_num_queries, view, extra_teams
):
    _teams(live_workshop, extra_teams)
    assert live_workshop.teams.count() == 2 + extra_teams
    client = client_as_user(co_facilitator)
    with django_assert_num_queries(CONSOLE_QUERIES):
        assert client.get(url(view, live_workshop)).status_code == 200


# ---- The session ----------------------------------------------------------------------------------


def test_start_makes_the_draft_live_on_its_first_step(
    partnership_pattern, facilitator, owner, published
):
    workshop = Workshop.create_from_pattern(partnership_pattern, facilitator, "Draft", ["A"])
    first = workshop.steps.get(position=1)
    first.skipped = True
    first.save()
    response = owner.post(url("session", workshop, "start"))
    assert response.status_code == 302
    assert response.url == url("console", workshop)
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.LIVE
    assert workshop.current_step.position == 2
    assert workshop.current_step.state == WorkshopStep.State.OPEN
    assert workshop.timer_seconds == 20 * 60
    assert workshop.log.first().action == "session_start"
    assert events_of(published) == ["flow-changed"]
    assert published.call_args.args[2]["status"] == "live"


@pytest.mark.parametrize(
    ("verbs", "status", "paused", "last_action"),
    [
        (["pause"], "live", True, "session_pause"),
        (["pause", "resume"], "live", False, "session_resume"),
        (["end"], "closed", False, "session_end"),
        (["end", "reopen"], "live", False, "session_reopen"),
    ],
)
def test_session_verbs(live_workshop, owner, published, verbs, status, paused, last_action):
    for verb in verbs:
        assert owner.post(url("session", live_workshop, verb)).status_code == 302
    live_workshop.refresh_from_db()
    assert (live_workshop.status, live_workshop.paused) == (status, paused)
    assert live_workshop.log.first().action == last_action
    assert events_of(published) == ["flow-changed"] * len(verbs)


def test_session_verb_in_the_wrong_state_is_refused(live_workshop, owner, published):
    response = owner.post(url("session", live_workshop, "start"), **HTMX)
    assert response.status_code == 409
    assert "That is not possible in this state." in response.content.decode()
    assert published.call_count == 0
    assert owner.post(url("session", live_workshop, "explode")).status_code == 404


def test_reopen_takes_a_new_code_when_another_workshop_took_it(
    live_workshop, owner, partnership_pattern, other_facilitator
):
    live_workshop.end()
    other = Workshop.create_from_pattern(partnership_pattern, other_facilitator, "Other")
    other.join_code = live_workshop.join_code
    other.save()
    owner.post(url("session", live_workshop, "reopen"))
    live_workshop.refresh_from_db()
    assert live_workshop.status == Workshop.Status.LIVE
    assert live_workshop.join_code != other.join_code


def test_only_the_owner_archives_and_only_a_closed_workshop(live_workshop, owner, co_facilitator):
    assert owner.post(url("archive", live_workshop)).status_code == 302
    live_workshop.refresh_from_db()
    assert live_workshop.status == Workshop.Status.LIVE  # still live: end it first
    live_workshop.end()
    assert client_as_user(co_facilitator).post(url("archive", live_workshop)).status_code == 403
    response = owner.post(url("archive", live_workshop))
    assert response.url == reverse("facilitation:dashboard")
    live_workshop.refresh_from_db()
    assert live_workshop.status == Workshop.Status.ARCHIVED
    assert live_workshop.log.first().action == "archived"


def test_htmx_session_action_returns_only_the_changed_partials(live_workshop, owner, published):
    response = owner.post(url("session", live_workshop, "pause"), **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    for part_id in (
        "console-header",
        "console-agenda",
        "console-timer",
        "console-log",
        "console-notice",
    ):
        assert f'id="{part_id}"' in content
    assert content.count('hx-swap-oob="true"') == 5
    assert "console-grid" not in content
    assert "Session paused." in content


def test_closed_workshop_refuses_flow_actions(live_workshop, owner, published):
    live_workshop.end()
    published.reset_mock()
    step = live_workshop.steps.get(position=2)
    assert owner.post(url("step_current", live_workshop, step.pk)).status_code == 403
    assert owner.post(url("timer", live_workshop, "start")).status_code == 403
    assert published.call_count == 0


# ---- The agenda in the console --------------------------------------------------------------------


def test_clicking_a_step_makes_it_current(live_workshop, owner, published):
    step = live_workshop.steps.get(position=3)
    response = owner.post(url("step_current", live_workshop, step.pk), **HTMX)
    assert response.status_code == 200
    assert 'id="console-agenda"' in response.content.decode()
    live_workshop.refresh_from_db()
    step.refresh_from_db()
    assert live_workshop.current_step == step
    assert step.state == WorkshopStep.State.OPEN
    assert live_workshop.log.first().action == "step_current"
    assert live_workshop.log.first().detail == f"3. {step.title}"
    assert events_of(published) == ["flow-changed"]
    assert published.call_args.args[2]["current_step"] == 3


def test_a_skipped_step_cannot_be_made_current(live_workshop, owner):
    step = live_workshop.steps.get(position=4)
    step.skipped = True
    step.save()
    assert owner.post(url("step_current", live_workshop, step.pk)).status_code == 302
    live_workshop.refresh_from_db()
    assert live_workshop.current_step.position == 1


def test_another_workshops_step_is_not_found(
    live_workshop, owner, partnership_pattern, other_facilitator
):
    other = Workshop.create_from_pattern(partnership_pattern, other_facilitator, "Other")
    step = other.steps.get(position=1)
    assert owner.post(url("step_current", live_workshop, step.pk)).status_code == 404
    assert owner.post(url("step_state", live_workshop, step.pk, "lock")).status_code == 404


@pytest.mark.parametrize(
    ("verb", "before", "after"),
    [("open", "pending", "open"), ("lock", "open", "locked"), ("unlock", "locked", "open")],
)
def test_step_state_buttons(live_workshop, owner, published, verb, before, after):
    step = live_workshop.steps.get(position=2)
    step.state = before
    step.save()
    version = live_workshop.flow_version
    assert owner.post(url("step_state", live_workshop, step.pk, verb)).status_code == 302
    step.refresh_from_db()
    live_workshop.refresh_from_db()
    assert step.state == after
    assert live_workshop.flow_version == version + 1
    assert live_workshop.log.first().action == f"step_{verb}"
    assert events_of(published) == ["flow-changed"]


# ---- The timer ------------------------------------------------------------------------------------


def test_timer_controls(live_workshop, owner, published):
    assert owner.post(url("timer", live_workshop, "start")).status_code == 302
    live_workshop.refresh_from_db()
    assert live_workshop.timer_running
    owner.post(url("timer", live_workshop, "pause"))
    owner.post(url("timer", live_workshop, "plus1"))
    owner.post(url("timer", live_workshop, "plus5"))
    live_workshop.refresh_from_db()
    assert not live_workshop.timer_running
    assert 20 * 60 + 6 * 60 - 2 <= live_workshop.timer_seconds <= 26 * 60
    owner.post(url("timer", live_workshop, "reset"))
    live_workshop.refresh_from_db()
    assert live_workshop.timer_seconds == 20 * 60
    actions = list(live_workshop.log.values_list("action", flat=True))[:5]
    assert actions == ["timer_reset", "timer_plus5", "timer_plus1", "timer_pause", "timer_start"]
    assert events_of(published) == ["flow-changed"] * 5


def test_running_timer_renders_remaining_time_and_end(live_workshop, owner):
    now = timezone.now()
    live_workshop.timer_seconds = 600
    live_workshop.timer_started_at = now - timedelta(seconds=90)
    live_workshop.save()
    # The clock stands still during the request, however long the first one takes to load the URLs.
    with mock.patch("workshop.facilitation.models.timezone.now", return_value=now):
        content = owner.get(url("part_timer", live_workshop)).content.decode()
    assert 'data-running="true"' in content
    assert 'data-remaining="510"' in content
    assert ">8:30<" in content
    assert f'data-ends-at="{live_workshop.timer_ends_at().isoformat()}"' in content


def test_htmx_timer_action_swaps_the_timer(live_workshop, owner, published):
    content = owner.post(url("timer", live_workshop, "plus5"), **HTMX).content.decode()
    assert 'id="console-timer" hx-swap-oob="true"' in content
    assert ">25:00<" in content
    assert "Five minutes added." in content


# ---- Messages -------------------------------------------------------------------------------------


def test_message_to_everyone(live_workshop, owner, facilitator, published):
    response = owner.post(
        url("message", live_workshop), {"team": "", "body": "  Ten minutes left  "}
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.team, message.body, message.sent_by) == (None, "Ten minutes left", facilitator)
    assert live_workshop.log.first().action == "message"
    published.assert_called_once_with(
        live_workshop.pk, "message", {"team": None, "body": "Ten minutes left"}
    )


def test_message_to_one_team(live_workshop, owner, team_b, published):
    response = owner.post(
        url("message", live_workshop), {"team": team_b.pk, "body": "Look at step 2"}, **HTMX
    )
    assert response.status_code == 200
    assert "Message sent to City Hall." in response.content.decode()
    published.assert_called_once_with(
        live_workshop.pk, "message", {"team": team_b.pk, "body": "Look at step 2"}
    )


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("   ", "This field is required."),
        ("x" * 281, "Ensure this value has at most 280 characters (it has 281)."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_message_is_explained_and_kept(live_workshop, owner, published, body, error, htmx):
    response = owner.post(
        url("message", live_workshop), {"team": "", "body": body}, **(HTMX if htmx else {})
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert error in content
    if body.strip():
        assert body in content
    assert ("<html" in content) is not htmx
    assert Message.objects.count() == 0
    assert published.call_count == 0


def test_message_to_another_workshops_team_is_refused(
    live_workshop, owner, other_workshop_participant
):
    response = owner.post(
        url("message", live_workshop), {"team": other_workshop_participant.team_id, "body": "Hi"}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert Message.objects.count() == 0


# ---- Participants ---------------------------------------------------------------------------------


def test_rename_participant(live_workshop, owner, participant_a, published):
    response = owner.post(
        url("participant_rename", live_workshop, participant_a.pk),
        {f"p{participant_a.pk}-display_name": " Marcus B. "},
    )
    assert response.status_code == 302
    participant_a.refresh_from_db()
    assert participant_a.display_name == "Marcus B."
    assert live_workshop.log.first().detail == "Marcus → Marcus B."
    assert "teams-changed" in events_of(published)


@pytest.mark.parametrize("htmx", [False, True])
def test_blank_rename_is_explained_beside_the_field(live_workshop, owner, participant_a, htmx):
    response = owner.post(
        url("participant_rename", live_workshop, participant_a.pk),
        {f"p{participant_a.pk}-display_name": "  "},
        **(HTMX if htmx else {}),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_p{participant_a.pk}-display_name-error"' in content
    assert "This field is required." in content
    participant_a.refresh_from_db()
    assert participant_a.display_name == "Marcus"


def test_move_participant_to_another_team(
    live_workshop, owner, participant_a, team_a, team_b, published
):
    participant_a.role = Participant.Role.LEAD
    participant_a.save()
    response = owner.post(
        url("participant_move", live_workshop, participant_a.pk),
        {f"m{participant_a.pk}-team": team_b.pk},
        **HTMX,
    )
    assert response.status_code == 200
    participant_a.refresh_from_db()
    assert (participant_a.team, participant_a.role) == (team_b, Participant.Role.MEMBER)
    assert live_workshop.log.first().detail == "Marcus → City Hall"
    expected = {
        "teams-changed",
        f"team-{team_a.pk}-changed",
        f"team-{team_b.pk}-changed",
        "progress-changed",
    }
    assert expected <= set(events_of(published))


def test_move_into_a_full_team_is_refused(
    live_workshop, owner, participant_a, participant_b, team_b
):
    live_workshop.team_size_limit = 1
    live_workshop.save()
    response = owner.post(
        url("participant_move", live_workshop, participant_a.pk),
        {f"m{participant_a.pk}-team": team_b.pk},
        **HTMX,
    )
    assert response.status_code == 409
    participant_a.refresh_from_db()
    assert participant_a.team.name == "Riverside"


def test_move_to_another_workshops_team_is_refused(
    live_workshop, owner, participant_a, other_workshop_participant
):
    response = owner.post(
        url("participant_move", live_workshop, participant_a.pk),
        {f"m{participant_a.pk}-team": other_workshop_participant.team_id},
    )
    assert response.status_code == 302
    participant_a.refresh_from_db()
    assert participant_a.team.name == "Riverside"


def test_set_team_lead_replaces_the_previous_lead(
    live_workshop, owner, participant_a, teammate_a, published
):
    participant_a.role = Participant.Role.LEAD
    participant_a.save()
    assert owner.post(url("participant_lead", live_workshop, teammate_a.pk)).status_code == 302
    participant_a.refresh_from_db()
    teammate_a.refresh_from_db()
    assert (participant_a.role, teammate_a.role) == ("member", "lead")
    assert live_workshop.log.first().action == "participant_lead"
    assert "teams-changed" in events_of(published)


def test_remove_participant(live_workshop, owner, participant_a, participant_b, published):
    assert (
        owner.post(url("participant_remove", live_workshop, participant_a.pk), **HTMX).status_code
        == 200
    )
    assert list(live_workshop.participants.values_list("display_name", flat=True)) == ["Dana"]
    assert live_workshop.log.first().detail == "Marcus"
    assert "teams-changed" in events_of(published)


def test_another_workshops_participant_is_not_found(
    live_workshop, owner, other_workshop_participant
):
    assert (
        owner.post(
            url("participant_remove", live_workshop, other_workshop_participant.pk)
        ).status_code
        == 404
    )
    assert Participant.objects.filter(pk=other_workshop_participant.pk).exists()


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("session", ["pause"]),
        ("timer", ["start"]),
        ("message", []),
    ],
)
def test_actions_need_post_and_a_facilitator(
    live_workshop, owner, other_facilitator, participant_a, name, args
):
    target = url(name, live_workshop, *args)
    assert owner.get(target).status_code == 405
    assert client_as_user(other_facilitator).post(target, {"body": "x"}).status_code == 404
    assert client_as_participant(participant_a).post(target, {"body": "x"}).status_code == 302
    live_workshop.refresh_from_db()
    assert live_workshop.paused is False and not live_workshop.timer_running
    assert Message.objects.count() == 0


def test_co_facilitator_runs_the_console(live_workshop, co_facilitator):
    client = client_as_user(co_facilitator)
    assert client.post(url("timer", live_workshop, "start")).status_code == 302
    assert live_workshop.log.first().user == co_facilitator
