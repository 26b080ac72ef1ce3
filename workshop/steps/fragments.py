"""A step's content rendered once and shared by the screens that would render the same HTML.

When the facilitator moves the room on, every member of a team asks for the same step at the same
moment (live.js swaps it in place). The step's HTML depends on the team's records, the workshop's flow,
the viewer's language and role, and for some kinds on the viewer themself; it is rendered once per such
key and kept in Django's cache (Redis when several processes serve the room).

Freshness does not depend on every write path remembering to invalidate: `RevisionMiddleware` gives a
team (or a whole workshop, or everything) a new revision after any request that may change data, and
the revision is part of the key. The key also carries the minute, so "3 minutes ago" and dates stay
true to the minute.
"""

import time
import uuid

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.safestring import mark_safe

# Stands in for the viewer's CSRF token in shared HTML; each answer puts its own viewer's token back.
CSRF_SLOT = "csrf-slot-0b7e1c"
TTL_SECONDS = 120
EVERYTHING = "all"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _rev_key(scope: str) -> str:
    return f"rev:{scope}"


def scopes(workshop_id=None, team_id=None) -> list[str]:
    """The revisions a team's content depends on, narrowest first."""
    found = [EVERYTHING]
    if workshop_id is not None:
        found.append(f"w{workshop_id}")
    if team_id is not None:
        found.append(f"t{team_id}")
    return found


def revisions(names: list[str]) -> str:
    """The current revision of each scope (one cache round trip); a scope never seen gets one."""
    keys = [_rev_key(name) for name in names]
    found = cache.get_many(keys)
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            value = uuid.uuid4().hex[:12]
            # add(): of two screens starting a scope at once, both then read the same revision.
            if not cache.add(key, value, None):
                value = cache.get(key) or value
        values.append(value)
    return ".".join(values)


def bump(scope: str) -> None:
    """Something in this scope may have changed: content cached under the old revision is unused."""
    cache.set(_rev_key(scope), uuid.uuid4().hex[:12], None)


def viewer_specific(request) -> None:
    """Called while rendering when the HTML shows the viewer's own things (their private scores):
    it is then kept per viewer, not shared with their team."""
    request._fragment_per_viewer = True


def unshareable(request) -> None:
    """Called while rendering when this answer must not be kept for anyone else."""
    request._fragment_unshareable = True


_PER_VIEWER = "per-viewer"
# How long a claim to render a key holds when its renderer never says it is done (it crashed).
CLAIM_SECONDS = 10


class Busy(Exception):
    """Another screen (in this process or another) is rendering this key: wait, then ask again."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def cache_key(parts: tuple) -> str:
    """The cache key of `parts` in the current language and minute."""
    minute = str(int(time.time() // 60))
    return ":".join(["frag", translation.get_language() or "", minute, *map(str, parts)])


def shared(request, parts: tuple, render, viewer="", claim=False) -> str:
    """The HTML `render(csrf_placeholder)` makes for this key, from the cache when a screen with the
    same key (and, if the render said so, the same `viewer`) asked within the minute.

    With `claim`, a screen that misses the cache while another one renders the same key gets `Busy`
    instead of rendering it a second time (a team's phones arrive together); the one that rendered
    it leaves the key in `request._fragment_rendered`.
    """
    key = cache_key(parts)
    own_key = f"{key}:v{viewer}"
    html = cache.get(key)
    if html == _PER_VIEWER:
        html = cache.get(own_key)
    if html is None or html == _PER_VIEWER:
        shareable = html is None
        if claim and shareable and not cache.add(f"claim:{key}", 1, CLAIM_SECONDS):
            raise Busy(key)
        request._fragment_per_viewer = request._fragment_unshareable = False
        try:
            html = str(render(CSRF_SLOT))
            if request._fragment_per_viewer and not request._fragment_unshareable:
                cache.set_many({key: _PER_VIEWER, own_key: html}, TTL_SECONDS)
            elif not request._fragment_unshareable:
                cache.set(key, html, TTL_SECONDS)
        finally:
            if claim and shareable:
                cache.delete(f"claim:{key}")
                request._fragment_rendered = key
    if CSRF_SLOT in html:
        # One masked token per answer (masking draws from the system's random source).
        token = getattr(request, "_fragment_csrf", None) or get_token(request)
        request._fragment_csrf = token
        html = html.replace(CSRF_SLOT, token)
    # Rendered by our templates, which escape what people typed; only the token is put back here.
    return mark_safe(html)


class RevisionMiddleware:
    """After any request that may write, the team, workshop or everything it names gets a new
    revision. Placed here (not in each view) so a new write path cannot forget it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            kwargs = getattr(request, "_revision_kwargs", {})
            if "team_id" in kwargs:
                bump(f"t{kwargs['team_id']}")
            elif "workshop_id" in kwargs:
                bump(f"w{kwargs['workshop_id']}")
            else:  # a link's token, a join, a language choice: not tied to one workshop here
                bump(EVERYTHING)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._revision_kwargs = view_kwargs
