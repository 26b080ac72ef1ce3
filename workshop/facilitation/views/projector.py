"""The projector view: read from the back of the room, so little on it and all of it large.

Before the start it shows how to join; during a step, the step, its one-line instruction, the countdown
and one bar per team, with the join code and QR in a corner for latecomers (the facilitator may hide
it). Nothing participants type appears here except the names of those who joined.
"""

import re
from html import unescape

import segno
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from workshop.facilitation import overview
from workshop.facilitation.access import facilitator_required
from workshop.facilitation.models import Workshop

TEMPLATE = "facilitation/projector.html"
SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def join_url(request, workshop) -> str:
    return request.build_absolute_uri(reverse("facilitation:join_code", args=[workshop.join_code]))


def qr_svg(url: str) -> str:
    """An inline SVG of the join URL, built here from our own URL: safe to mark as such."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True, dark="#1d2733")
    return mark_safe(svg)


def first_sentence(html: str) -> str:
    """The step's one-line instruction: the first sentence of its text, as plain text."""
    # Unescaped here because the template escapes it again: "R&amp;D" must show as "R&D".
    plain = " ".join(unescape(strip_tags(html or "")).split())
    return SENTENCE_END.split(plain, maxsplit=1)[0] if plain else ""


def projector_context(request, workshop):
    step = workshop.current_step
    lobby = workshop.status == Workshop.Status.DRAFT or step is None
    context = {"workshop": workshop, "lobby": lobby, "step": step}
    if lobby:
        url = join_url(request, workshop)
        context.update(
            join_url=url,
            qr=qr_svg(url),
            names=list(workshop.participants.values_list("display_name", flat=True)),
        )
    else:
        pattern_step = step.pattern_step()
        teams = list(workshop.teams.all())
        agenda = [s for s in workshop.steps.all() if not s.skipped]
        context.update(
            instruction=first_sentence(pattern_step.html) if pattern_step else "",
            rows=overview.grid(workshop, [step], teams, online={}),
            position=sum(1 for s in agenda if s.position <= step.position),
            total=len(agenda),
        )
        if workshop.projector_join_shown and workshop.is_open:
            url = join_url(request, workshop)
            context.update(
                join_corner=True,
                join_url=url,
                # Shown without the scheme: shorter to read from the back, and browsers add it.
                join_page=f"{request.get_host()}{reverse('facilitation:join')}",
                qr=qr_svg(url),
            )
    return context


@facilitator_required
@require_GET
def projector(request, workshop):
    return render(request, TEMPLATE, projector_context(request, workshop))


@facilitator_required
@require_GET
def stage(request, workshop):
    return render(request, f"{TEMPLATE}#stage", projector_context(request, workshop))
