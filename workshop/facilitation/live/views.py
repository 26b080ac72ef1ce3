"""DEBUG-only endpoints to watch and drive a workshop's live events without the facilitation views.

They serve manual checks (curl -N) and the tests that start several server processes. Outside DEBUG
they answer 404, so production exposes nothing here.
"""

import os

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from workshop.facilitation.live.broker import Event, publish
from workshop.facilitation.live.stream import event_stream
from workshop.policies import public


def _debug_only():
    if not settings.DEBUG:
        raise Http404


def _keepalive(text: str) -> float:
    try:
        return min(max(float(text), 0.05), 60.0)
    except ValueError:
        return 15.0


# Public because it is a development tool with no workshop data; in production it does not exist.
@public
@require_GET
async def ping(request, workshop_id: int):
    _debug_only()
    member = request.GET.get("member", "")[:64]
    return event_stream(
        request,
        workshop_id,
        initial_events=[Event("sync", {"workshop": workshop_id, "pid": os.getpid()})],
        keepalive_seconds=_keepalive(request.GET.get("keepalive", "")),
        presence_key=f"ping:{member}" if member else None,
        presence_info={"name": member},
    )


# Public and CSRF-exempt for the same reason: scripts drive it; DEBUG only.
@public
@csrf_exempt
@require_POST
def ping_publish(request, workshop_id: int):
    _debug_only()
    try:
        publish(workshop_id, request.POST.get("event", "message"), request.POST.get("data", ""))
    except ValueError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"published": True, "pid": os.getpid()})
