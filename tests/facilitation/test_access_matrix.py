"""Every participant-side URL x persona x step state -> expected status (DOMAIN.md 11)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import client_as_participant, client_as_user

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "participant_a",
    "participant_b",
    "other_workshop",
    "facilitator",
    "co_facilitator",
    "other_facilitator",
]

# (name, method, url builder, expected status per persona when the step is open, and when locked)
# Locked only changes edits: viewing stays allowed.
CASES = [
    (
        "participant_home",
        "get",
        lambda w, a: reverse("facilitation:participant_home", args=[w.pk]),
        {
            "anonymous": 404,
            "participant_a": 302,
            "participant_b": 302,
            "other_workshop": 404,
            "facilitator": 302,
            "co_facilitator": 302,
            "other_facilitator": 404,
        },
        {},
    ),
    (
        "live_bar",
        "get",
        lambda w, a: reverse("facilitation:live_bar", args=[w.pk]) + "?step=1",
        {
            "anonymous": 404,
            "participant_a": 200,
            "participant_b": 200,
            "other_workshop": 404,
            "facilitator": 200,
            "co_facilitator": 200,
            "other_facilitator": 404,
        },
        {},
    ),
    (
        "presence",
        "get",
        lambda w, a: reverse("facilitation:presence_strip", args=[w.pk]),
        {
            "anonymous": 404,
            "participant_a": 200,
            "participant_b": 200,
            "other_workshop": 404,
            "facilitator": 200,
            "co_facilitator": 200,
            "other_facilitator": 404,
        },
        {},
    ),
    (
        "team_a_step_page",
        "get",
        lambda w, a: reverse("steps:page", args=[w.pk, a.pk, 1]),
        {
            "anonymous": 404,
            "participant_a": 200,
            "participant_b": 404,
            "other_workshop": 404,
            "facilitator": 200,
            "co_facilitator": 200,
            "other_facilitator": 404,
        },
        {},
    ),
    (
        "team_a_notes",
        "get",
        lambda w, a: reverse("steps:notes", args=[w.pk, a.pk, 1]),
        {
            "anonymous": 404,
            "participant_a": 200,
            "participant_b": 404,
            "other_workshop": 404,
            "facilitator": 200,
            "co_facilitator": 200,
            "other_facilitator": 404,
        },
        {},
    ),
    (
        "team_a_notes_save",
        "post",
        lambda w, a: reverse("steps:notes", args=[w.pk, a.pk, 1]),
        {
            "anonymous": 404,
            "participant_a": 302,
            "participant_b": 404,
            "other_workshop": 404,
            "facilitator": 403,
            "co_facilitator": 403,
            "other_facilitator": 404,
        },
        {"participant_a": 403},
    ),
    (
        "team_a_suggestions",
        "get",
        lambda w, a: reverse("steps:mapping:suggestions", args=[w.pk, a.pk, 1]),
        {
            "anonymous": 404,
            "participant_a": 200,
            "participant_b": 404,
            "other_workshop": 404,
            "facilitator": 200,
            "co_facilitator": 200,
            "other_facilitator": 404,
        },
        {},
    ),
    *(
        (
            f"team_a_suggestion_{action}",
            "post",
            lambda w, a, action=action: reverse(
                f"steps:mapping:suggestion_{action}", args=[w.pk, a.pk, 1]
            ),
            {
                "anonymous": 404,
                # No such suggestion in the matrix's empty team: past the access check, a 404.
                "participant_a": 404,
                "participant_b": 404,
                "other_workshop": 404,
                "facilitator": 302,  # refused (not a member): back to the step page
                "co_facilitator": 302,
                "other_facilitator": 404,
            },
            {"participant_a": 302},
        )
        for action in ("accept", "dismiss", "restore")
    ),
    (
        "team_a_typing",
        "post",
        lambda w, a: reverse("steps:notes_typing", args=[w.pk, a.pk, 1]),
        {
            "anonymous": 404,
            "participant_a": 200,
            "participant_b": 404,
            "other_workshop": 404,
            "facilitator": 403,
            "co_facilitator": 403,
            "other_facilitator": 404,
        },
        {"participant_a": 403},
    ),
]


# Facilitator URLs: anonymous visitors are sent to log in (302) whether or not the workshop exists;
# signed-in outsiders and participants get 404; co-facilitators run everything but the facilitator list.
FACILITATOR = {
    "anonymous": 302,
    "participant_a": 302,
    "participant_b": 302,
    "other_workshop": 302,
    "facilitator": 200,
    "co_facilitator": 200,
    "other_facilitator": 404,
}
FACILITATOR_POST = {**FACILITATOR, "facilitator": 302, "co_facilitator": 302}
OWNER_ONLY = {**FACILITATOR, "co_facilitator": 403}


def _step(w):
    return w.steps.get(position=2).pk


def _scale(w):
    return w.steps.get(position=5).pk


CASES += [
    ("console", "get", lambda w, a: reverse("facilitation:console", args=[w.pk]), FACILITATOR, {}),
    (
        "sponsor_report",
        "get",
        lambda w, a: reverse("facilitation:sponsor_report", args=[w.pk]),
        FACILITATOR,
        {},
    ),
    ("edit", "get", lambda w, a: reverse("facilitation:edit", args=[w.pk]), FACILITATOR, {}),
    ("agenda", "get", lambda w, a: reverse("facilitation:agenda", args=[w.pk]), FACILITATOR, {}),
    (
        "projector",
        "get",
        lambda w, a: reverse("facilitation:projector", args=[w.pk]),
        FACILITATOR,
        {},
    ),
    (
        "grid_part",
        "get",
        lambda w, a: reverse("facilitation:part_grid", args=[w.pk]),
        FACILITATOR,
        {},
    ),
    (
        "facilitators",
        "get",
        lambda w, a: reverse("facilitation:facilitators", args=[w.pk]),
        OWNER_ONLY,
        {},
    ),
    (
        "move_step",
        "post",
        lambda w, a: reverse("facilitation:step_current", args=[w.pk, _step(w)]),
        FACILITATOR_POST,
        {},
    ),
    (
        "lock_step",
        "post",
        lambda w, a: reverse("facilitation:step_state", args=[w.pk, _step(w), "lock"]),
        FACILITATOR_POST,
        {},
    ),
    (
        "timer_start",
        "post",
        lambda w, a: reverse("facilitation:timer", args=[w.pk, "start"]),
        FACILITATOR_POST,
        {},
    ),
    (
        "projector_join_hide",
        "post",
        lambda w, a: reverse("facilitation:session", args=[w.pk, "join-hide"]),
        FACILITATOR_POST,
        {},
    ),
    (
        "message",
        "post",
        lambda w, a: reverse("facilitation:message", args=[w.pk]),
        FACILITATOR_POST,
        {},
    ),
    (
        "duplicate",
        "post",
        lambda w, a: reverse("facilitation:duplicate", args=[w.pk]),
        FACILITATOR_POST,
        {},
    ),
    # Reopening step 5 for team A (later reviews), and closing it again: facilitators only.
    (
        "reopen_step_for_team",
        "post",
        lambda w, a: reverse("facilitation:step_team", args=[w.pk, _scale(w), a.pk, "reopen"]),
        FACILITATOR_POST,
        {},
    ),
    # E-mailed links (health checks, remote sign-off): the token is the access check, for everyone.
    (
        "charter_link_unknown_token",
        "get",
        lambda w, a: reverse("charter_link:page", args=["not-a-token"]),
        dict.fromkeys(PERSONAS, 404),
        {},
    ),
    (
        "charter_link_unknown_token_comment",
        "post",
        lambda w, a: reverse("charter_link:comment", args=["not-a-token", "value"]),
        dict.fromkeys(PERSONAS, 404),
        {},
    ),
    (
        "close_step_for_team",
        "post",
        lambda w, a: reverse("facilitation:step_team", args=[w.pk, _scale(w), a.pk, "close"]),
        FACILITATOR_POST,
        {},
    ),
]


@pytest.fixture
def clients(
    participant_a,
    participant_b,
    other_workshop_participant,
    facilitator,
    co_facilitator,
    other_facilitator,
):
    return {
        "anonymous": Client(),
        "participant_a": client_as_participant(participant_a),
        "participant_b": client_as_participant(participant_b),
        "other_workshop": client_as_participant(other_workshop_participant),
        "facilitator": client_as_user(facilitator),
        "co_facilitator": client_as_user(co_facilitator),
        "other_facilitator": client_as_user(other_facilitator),
    }


@pytest.mark.parametrize("state", ["open", "locked"])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_permission_matrix(case, state, clients, live_workshop, team_a):
    _name, method, build, expected_open, locked_overrides = case
    if state == "locked":
        step = live_workshop.steps.get(position=1)
        step.state = "locked"
        step.save()
    url = build(live_workshop, team_a)
    data = (
        {"text": "Our notes", "version": 0, "body": "Hello", "team": ""}
        if method == "post"
        else None
    )
    results = {}
    for persona in PERSONAS:
        client = clients[persona]
        response = client.post(url, data) if method == "post" else client.get(url)
        results[persona] = response.status_code
    expected = dict(expected_open)
    if state == "locked":
        expected.update(locked_overrides)
    assert results == expected


def test_gallery_lets_other_teams_read_but_not_edit(clients, live_workshop, team_a):
    live_workshop.gallery_open = True
    live_workshop.save()
    page = clients["participant_b"].get(
        reverse("steps:page", args=[live_workshop.pk, team_a.pk, 1])
    )
    assert page.status_code == 200
    assert "read-only" in page.content.decode()
    save = clients["participant_b"].post(
        reverse("steps:notes", args=[live_workshop.pk, team_a.pk, 1]), {"text": "x", "version": 0}
    )
    assert save.status_code == 403


def test_events_stream_is_for_members_only(clients, live_workshop):
    url = reverse("facilitation:events", args=[live_workshop.pk])
    for persona in ["anonymous", "other_workshop", "other_facilitator"]:
        assert clients[persona].get(url).status_code == 404


def test_facilitator_opens_and_closes_the_gallery(clients, live_workshop, team_a):
    url = reverse("facilitation:session", args=[live_workshop.pk, "gallery-open"])
    assert clients["facilitator"].post(url).status_code == 302
    live_workshop.refresh_from_db()
    assert live_workshop.gallery_open
    bar = clients["participant_b"].get(
        reverse("facilitation:live_bar", args=[live_workshop.pk]) + "?step=1"
    )
    assert "Gallery open" in bar.content.decode()
    assert reverse("steps:page", args=[live_workshop.pk, team_a.pk, 1]) in bar.content.decode()
    page = clients["participant_b"].get(
        reverse("steps:page", args=[live_workshop.pk, team_a.pk, 1])
    )
    assert page.status_code == 200
    close = reverse("facilitation:session", args=[live_workshop.pk, "gallery-close"])
    clients["co_facilitator"].post(close)
    live_workshop.refresh_from_db()
    assert not live_workshop.gallery_open
    assert (
        clients["participant_b"]
        .get(reverse("steps:page", args=[live_workshop.pk, team_a.pk, 1]))
        .status_code
        == 404
    )


# Editing step 5 of team A (team notes), by workshop status x step state x reopened for team A: a step
# reopened for a team is that team's to edit even when locked, pending or after the session, never
# once archived; everything else of an ended workshop is read-only. Team B reads only its own team.
REOPEN_TABLE = [
    # status, state, reopened for A: (participant A, participant B on team B's page, facilitator)
    ("live", "open", False, (302, 302, 403)),
    ("live", "locked", False, (403, 403, 403)),
    ("live", "pending", False, (403, 403, 403)),
    ("live", "locked", True, (302, 403, 403)),
    ("live", "pending", True, (302, 403, 403)),
    ("closed", "open", False, (403, 403, 403)),
    ("closed", "locked", False, (403, 403, 403)),
    ("closed", "open", True, (302, 403, 403)),
    ("closed", "locked", True, (302, 403, 403)),
    ("closed", "pending", True, (302, 403, 403)),
    ("archived", "open", True, (403, 403, 403)),
    ("archived", "locked", True, (403, 403, 403)),
]


@pytest.mark.parametrize(
    ("status", "state", "reopened", "expected"),
    REOPEN_TABLE,
    ids=[f"{r[0]}-{r[1]}-{'reopened' if r[2] else 'not'}" for r in REOPEN_TABLE],
)
def test_reopened_step_matrix(
    clients, live_workshop, team_a, team_b, status, state, reopened, expected
):
    from workshop.facilitation.models import StepProgress

    step = live_workshop.steps.get(position=5)
    step.state = state
    step.save()
    if reopened:
        StepProgress.objects.create(team=team_a, step=step, reopened_for_team=True)
    if status != "live":
        live_workshop.end()
    if status == "archived":
        live_workshop.archive()

    def save(persona, team):
        url = reverse("steps:notes", args=[live_workshop.pk, team.pk, 5])
        return clients[persona].post(url, {"text": "Review", "version": 0}).status_code

    results = (
        save("participant_a", team_a),
        save("participant_b", team_b),
        save("facilitator", team_a),
    )
    assert results == expected
    # Nobody outside team A gains anything from team A's reopened step.
    assert save("participant_b", team_a) == 404


@pytest.mark.parametrize(
    ("status", "position", "persona", "expected"),
    [
        ("live", 5, "facilitator", True),
        ("closed", 4, "co_facilitator", True),
        ("closed", 5, "facilitator", True),
        ("closed", 3, "facilitator", False),
        ("archived", 5, "facilitator", False),
        ("closed", 5, "participant_a", False),
    ],
)
def test_reopen_step_rule(
    live_workshop,
    team_a,
    participant_a,
    facilitator,
    co_facilitator,
    status,
    position,
    persona,
    expected,
):
    from workshop.facilitation.access import Role, Viewer, allowed

    if status != "live":
        live_workshop.end()
    if status == "archived":
        live_workshop.archive()
    viewer = {
        "facilitator": Viewer(Role.OWNER, live_workshop),
        "co_facilitator": Viewer(Role.CO_FACILITATOR, live_workshop),
        "participant_a": Viewer(Role.PARTICIPANT, live_workshop, participant_a),
    }[persona]
    step = live_workshop.steps.get(position=position)
    assert allowed(viewer, "reopen_step", team_a, step) is expected
