import random

from django import template

register = template.Library()


@register.filter
def mmss(seconds):
    """12:05 for 725 seconds; the server-rendered timer text, right even without JavaScript."""
    try:
        seconds = max(0, int(seconds))
    except (TypeError, ValueError):
        return "0:00"
    return f"{seconds // 60}:{seconds % 60:02d}"


@register.filter
def initials(name):
    parts = str(name).split()
    return "".join(p[0] for p in parts[:2]).upper() or "?"


@register.simple_tag
def spread_ms(most=900):
    """A delay drawn per page: a room's screens then refetch a hint (who is online) spread over
    most of a second instead of in the same instant (the hints come at most once a second)."""
    return random.randint(0, most)  # noqa: S311 (spread, not secret)
