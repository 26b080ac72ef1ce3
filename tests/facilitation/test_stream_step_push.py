"""A participant's stream brings the group's next step itself (views/stream.py): the room's phones
then ask for nothing, and each gets what its own request would have answered."""

import asyncio
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.conftest import client_as_user, make_participant
from tests.facilitation.test_stream_reconnect import _participant_request
from workshop.facilitation import events
from workshop.facilitation.live.broker import Event
from workshop.facilitation.views import stream

pytestmark = pytest.mark.django_db(transaction=True)


def known(participant, **more):
    return {"team": participant.team_id, "participant": participant.pk, **more}


def test_the_next_step_is_the_one_the_screens_own_request_would_get(
    rf, live_workshop, participant_a, participant_b
):
    live_workshop.advance_to(live_workshop.steps.get(position=2))
    answer = stream._next_step(_participant_request(rf, participant_a), live_workshop.pk)
    assert answer["url"] == f"/w/{live_workshop.pk}/team/{participant_a.team_id}/step/2/"
    assert answer["version"] == live_workshop.flow_version
    assert 'data-page-step="2"' in answer["html"] and "Riverside" in answer["html"]
    other = stream._next_step(_participant_request(rf, participant_b), live_workshop.pk)
    assert "City Hall" in other["html"] and "Riverside" not in other["html"]


def test_no_step_for_a_participant_without_a_team_or_outside_the_workshop(
    rf, live_workshop, other_workshop_participant
):
    without_team = make_participant(live_workshop, None, "Newcomer")
    assert stream._next_step(_participant_request(rf, without_team), live_workshop.pk) is None
    outsider = _participant_request(rf, other_workshop_participant)
    assert stream._next_step(outsider, live_workshop.pk) is None


def test_the_stream_answers_only_a_change_of_step(rf, live_workshop, participant_a):
    request = _participant_request(rf, participant_a)
    sent = known(participant_a, step=1)
    after = stream._pusher(request, live_workshop.pk, sent)
    live_workshop.advance_to(live_workshop.steps.get(position=3))
    state = live_workshop.live_state()

    async def scenario():
        moved = await after(Event(events.FLOW_CHANGED, state))
        again = await after(Event(events.FLOW_CHANGED, state))  # the timer, say: same step
        other = await after(Event(events.PRESENCE_CHANGED, {}))
        return moved, again, other

    moved, again, other = asyncio.run(scenario())
    assert moved.name == events.STEP and 'data-page-step="3"' in moved.data["html"]
    assert again is None and other is None
    assert sent["step"] == 3


def test_a_screen_told_no_step_asks_for_itself(rf, live_workshop, participant_a):
    participant_a.team = None
    participant_a.save()
    sent = known(participant_a, step=1)
    after = stream._pusher(_participant_request(rf, participant_a), live_workshop.pk, sent)
    live_workshop.advance_to(live_workshop.steps.get(position=2))
    answer = asyncio.run(after(Event(events.FLOW_CHANGED, live_workshop.live_state())))
    assert answer.data == {"version": live_workshop.flow_version, "url": None, "html": None}


def test_teammates_streams_reuse_one_answer_without_reading_the_database(
    rf, live_workshop, participant_a, teammate_a, participant_b, django_assert_num_queries
):
    live_workshop.advance_to(live_workshop.steps.get(position=4))
    state = live_workshop.live_state()
    first = stream._shared_next_step(
        _participant_request(rf, participant_a), live_workshop.pk, state, known(participant_a)
    )
    with django_assert_num_queries(0):
        second = stream._shared_next_step(
            _participant_request(rf, teammate_a), live_workshop.pk, state, known(teammate_a)
        )
    assert first["url"] == second["url"] and 'data-page-step="4"' in second["html"]
    assert "csrf-slot" not in second["html"] and "timer-slot" not in second["html"]
    other = stream._shared_next_step(
        _participant_request(rf, participant_b), live_workshop.pk, state, known(participant_b)
    )
    assert "City Hall" in other["html"] and "Riverside" not in other["html"]


def test_each_answer_has_its_own_timer(rf, live_workshop, participant_a, teammate_a):
    live_workshop.advance_to(live_workshop.steps.get(position=2))
    live_workshop.timer_start()
    state = live_workshop.live_state()
    first = stream._shared_next_step(
        _participant_request(rf, participant_a), live_workshop.pk, state, known(participant_a)
    )
    # A minute later (as the event said when it ends), the shared answer's timer says a minute less.
    later = {**state, "timer": {**state["timer"], "ends_at": None, "remaining": 0}}
    ends = live_workshop.timer_ends_at() - timedelta(seconds=60)
    later["timer"] = {**state["timer"], "ends_at": ends.isoformat()}
    second = stream._shared_next_step(
        _participant_request(rf, teammate_a), live_workshop.pk, later, known(teammate_a)
    )
    remaining = [
        int(re.search(r'data-remaining="(\d+)"', a["html"]).group(1)) for a in (first, second)
    ]
    assert remaining[0] - remaining[1] >= 59


def test_a_participant_moved_to_another_team_gets_that_teams_step_alone(
    rf, live_workshop, participant_a, teammate_a, team_b, facilitator
):
    live_workshop.advance_to(live_workshop.steps.get(position=4))
    state = live_workshop.live_state()
    stale = known(participant_a)  # the stream opened while Marcus was in Riverside
    client_as_user(facilitator).post(
        reverse("facilitation:participant_move", args=(live_workshop.pk, participant_a.pk)),
        {f"m{participant_a.pk}-team": team_b.pk},
    )
    participant_a.refresh_from_db()
    assert participant_a.team_id == team_b.pk
    moved = stream._shared_next_step(
        _participant_request(rf, participant_a), live_workshop.pk, state, stale
    )
    assert "City Hall" in moved["html"] and stale["team"] == team_b.pk
    mate = stream._shared_next_step(
        _participant_request(rf, teammate_a), live_workshop.pk, state, known(teammate_a)
    )
    assert "Riverside" in mate["html"] and "City Hall" not in mate["html"]


def test_teammates_pushed_together_wait_for_one_rendering(
    rf, live_workshop, participant_a, teammate_a, monkeypatch
):
    """A team's streams get the flow event together: one renders the step, the other waits for it
    (without a turn) and sends the same step, so the team's step is rendered once."""
    import time

    renders = []
    next_step = stream._next_step

    def slow_next_step(*args, **kwargs):
        renders.append(1)
        time.sleep(0.3)  # long enough for the teammate to find it claimed
        return next_step(*args, **kwargs)

    monkeypatch.setattr(stream, "_next_step", slow_next_step)
    pushers = [
        stream._pusher(_participant_request(rf, p), live_workshop.pk, known(p, step=1))
        for p in (participant_a, teammate_a)
    ]
    live_workshop.advance_to(live_workshop.steps.get(position=2))
    state = live_workshop.live_state()

    async def scenario():
        return await asyncio.gather(
            *(after(Event(events.FLOW_CHANGED, state)) for after in pushers)
        )

    answers = asyncio.run(scenario())
    assert len(renders) == 1
    assert all('data-page-step="2"' in answer.data["html"] for answer in answers)
    assert answers[0].data["url"] == answers[1].data["url"]
