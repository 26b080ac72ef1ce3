"""The workshop's Server-Sent Events stream: one per screen, for participants and facilitators alike."""

import asyncio
import contextlib
import copy
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection
from django.http import Http404, QueryDict
from django.utils import translation
from django_htmx.middleware import HtmxDetails

from workshop import turns
from workshop.facilitation import events as live_events
from workshop.facilitation.access import Role, viewer_for
from workshop.facilitation.live.broker import Event
from workshop.facilitation.live.stream import event_stream, released
from workshop.facilitation.models import Workshop
from workshop.steps import fragments
from workshop.steps.views import TIMER_SLOT, timer_html

logger = logging.getLogger(__name__)


def _open_stream(request, workshop_id):
    """Access check and who this screen is, in one synchronous step (sessions and ORM are sync)."""
    workshop = Workshop.objects.select_related("current_step").filter(pk=workshop_id).first()
    if workshop is None:
        raise Http404
    viewer = viewer_for(request, workshop)
    if viewer.role is Role.OUTSIDER:
        raise Http404
    if viewer.participant is not None:
        participant = viewer.participant
        key = participant.presence_key
        info = {
            "participant": participant.pk,
            "team": participant.team_id,
            "name": participant.display_name,
            "role": "participant",
        }
    else:
        key = f"f{request.user.pk}"
        info = {
            "user": request.user.pk,
            "team": None,
            "name": request.user.get_full_name() or request.user.email,
            "role": "facilitator",
        }
    return key, info


def _sync_event(workshop_id):
    """The current flow state, read after the subscription opened so no change falls in between."""
    workshop = Workshop.objects.select_related("current_step").get(pk=workshop_id)
    return [Event(live_events.SYNC, workshop.live_state())]


def _next_step(request, workshop_id, *, keep_slots=False) -> dict | None:
    """What this screen's own request for the group's step would answer (participant_home with
    ?swap=step: the same access checks, the same shared rendering), or None when that is no step.
    With `keep_slots` the answer keeps the placeholders for the CSRF token and the timer."""
    from workshop.facilitation.views.join import participant_home

    follow = copy.copy(request)
    follow.GET = QueryDict("swap=step")
    follow.META = {**request.META, "HTTP_HX_REQUEST": "true"}
    follow.htmx = HtmxDetails(follow)
    follow.__dict__.pop("viewer", None)
    follow._keep_timer_slot = keep_slots
    try:
        with translation.override(getattr(request, "LANGUAGE_CODE", None)):
            response = participant_home(follow, workshop_id)
    except Http404:
        return None
    if response.status_code != 200 or "HX-Push-Url" not in response:
        return None  # the lobby, choosing a team: that page comes whole, asked for by the screen
    html = response.content.decode()
    if keep_slots:
        if getattr(follow, "_fragment_csrf", None):
            html = html.replace(follow._fragment_csrf, fragments.CSRF_SLOT)
        if getattr(follow, "_fragment_per_viewer", False):
            fragments.viewer_specific(request)
    return {
        "version": int(response["X-Flow-Version"]),
        "url": response["HX-Push-Url"],
        "html": html,
        "team": follow.viewer.team_id,
    }


def _shared_next_step(request, workshop_id, state, known, claim=True) -> dict | None:
    """The next step for this stream's screen; its team's other screens (in any process) reuse the
    answer, keyed by what the flow event and the revisions say, so they read no database at all.
    `known` holds the team this screen was last in. With `claim`, raises `fragments.Busy` while
    another screen renders the same answer."""
    team_id = known.get("team")

    def render(_slot):
        answer = _next_step(request, workshop_id, keep_slots=True)
        team = answer.pop("team") if answer else None
        if answer is None or team != team_id:
            # Moved to another team or removed (the facilitator's change gave the workshop a new
            # revision, so no one is answered from this key): this answer is theirs alone.
            fragments.unshareable(request)
            known["team"] = team
        return json.dumps(answer)

    parts = (
        "follow",
        team_id,
        state.get("current_step"),
        state.get("flow_version"),
        fragments.revisions(fragments.scopes(workshop_id, team_id)),
    )
    with translation.override(getattr(request, "LANGUAGE_CODE", None)):
        answer = json.loads(
            fragments.shared(request, parts, render, viewer=known["participant"], claim=claim)
        )
    if answer is not None:
        answer["html"] = answer["html"].replace(TIMER_SLOT, timer_html(state.get("timer") or {}))
    return answer


# A screen waits this long in all for a teammate's screen to render their step, then renders it.
WAIT_FOR_TEAMMATE_S = 4.0
_waiting: dict[str, asyncio.Event] = {}  # key being rendered -> set when it is in the cache
_render_pool: ThreadPoolExecutor | None = None


def _in_render_thread(read):
    """`read` in one of a few threads kept for rendering pushed steps, whose SQLite connections stay
    open (opening one costs more than a small query); PostgreSQL's go back to the pool."""
    global _render_pool
    if _render_pool is None:
        _render_pool = ThreadPoolExecutor(settings.REQUEST_THREADS, thread_name_prefix="push")
    if connection.vendor != "sqlite":
        read = released(read)
    return sync_to_async(read, thread_sensitive=False, executor=_render_pool)


async def _wait_for_render(key: str, pause: float, limit: float, polling: bool) -> bool:
    """Until `key` is rendered. The first screen here to wait for it (`polling` then on) checks
    again after `pause`, as its renderer may be another process, which cannot wake us; the others
    wait for that one. Returns whether this screen is the one that checks."""
    event = _waiting.get(key)
    if event is None:
        event, polling = _waiting.setdefault(key, asyncio.Event()), True
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), pause if polling else limit)
    return polling


def _done_with(key) -> None:
    """`key` is in the cache now (rendered here, or found after waiting): wake who waits for it."""
    event = _waiting.pop(key, None) if key else None
    if event is not None:
        event.set()


def _pusher(request, workshop_id, sent):
    """After a flow change that moves the group, a participant's stream sends its screen the new
    step itself: the room's phones then make no request of their own, and the rendering waits for
    a turn like a request would (turns.py), so 200 screens do not all render at once. A team's
    screens arrive together: one renders, the others wait for it without holding a turn, so the
    turns go to other teams meanwhile. `sent` holds the step the screen was last told of."""

    async def after_event(event):
        if event.name != live_events.FLOW_CHANGED or not isinstance(event.data, dict):
            return None
        step = event.data.get("current_step")
        if step is None or step == sent.get("step"):
            return None
        sent["step"] = step
        answer, key, waited, pause, polling = None, None, 0.0, 0.05, False
        while True:
            turn = await turns.take()
            try:
                answer = await _in_render_thread(_shared_next_step)(
                    request, workshop_id, event.data, sent, claim=waited < WAIT_FOR_TEAMMATE_S
                )
                break
            except fragments.Busy as busy:
                key = busy.key
            except Exception:
                # Whatever went wrong here, the screen still follows: it is told to ask for itself.
                logger.exception("Could not render the next step for a participant's stream")
                answer = None
                break
            finally:
                turn.release()
                _done_with(request.__dict__.pop("_fragment_rendered", None))
            started = time.monotonic()
            polling = await _wait_for_render(key, pause, WAIT_FOR_TEAMMATE_S - waited, polling)
            waited += time.monotonic() - started
            pause = min(pause * 2, 0.4)
        _done_with(key)
        version = event.data.get("flow_version")
        return Event(live_events.STEP, answer or {"version": version, "url": None, "html": None})

    return after_event


async def events(request, workshop_id):
    key, info = await sync_to_async(released(_open_stream))(request, workshop_id)
    sent = {}

    def initial():
        first = _sync_event(workshop_id)
        sent["step"] = first[0].data.get("current_step")
        return first

    participant = info.get("role") == "participant"
    sent.update(team=info.get("team"), participant=info.get("participant"))
    return event_stream(
        request,
        workshop_id,
        initial_events=initial,
        presence_key=key,
        presence_info=info,
        after_event=_pusher(request, workshop_id, sent) if participant else None,
    )


events.access_policy = "member"  # checked in _open_stream: outsiders get 404
