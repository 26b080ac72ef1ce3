"""The workshop's Server-Sent Events stream: one per screen, for participants and facilitators alike."""

from asgiref.sync import sync_to_async
from django.http import Http404

from workshop.facilitation import events as live_events
from workshop.facilitation.access import Role, viewer_for
from workshop.facilitation.live.broker import Event
from workshop.facilitation.live.stream import event_stream, released
from workshop.facilitation.models import Workshop


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


async def events(request, workshop_id):
    key, info = await sync_to_async(released(_open_stream))(request, workshop_id)
    return event_stream(
        request,
        workshop_id,
        initial_events=lambda: _sync_event(workshop_id),
        presence_key=key,
        presence_info=info,
    )


events.access_policy = "member"  # checked in _open_stream: outsiders get 404
