"""The step page every kind shares: live bar, the pattern's guidance, the kind's tool, team notes."""

import datetime
import functools
from types import SimpleNamespace

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workshop.facilitation import events
from workshop.facilitation.access import allowed, edit_refusal, reopened_for, team_view
from workshop.facilitation.live import presence
from workshop.steps import fragments, registry
from workshop.steps.notes.forms import NoteForm
from workshop.steps.notes.models import TeamNote


def live_context(request, workshop, step):
    """What the live bar shows: where the group is, where this screen is, the timer, who is here."""
    viewer = request.viewer
    steps = list(workshop.steps.all())
    current = workshop.current_step
    team_id = viewer.team_id
    gallery_teams = []
    if workshop.gallery_open and viewer.participant is not None:
        gallery_teams = [t for t in workshop.teams.all() if t.pk != team_id]
    position = step.position if step else (current.position if current else 1)
    reopened = workshop.status != workshop.Status.ARCHIVED and reopened_for(team_id, step)
    return {
        "workshop": workshop,
        "viewer": viewer,
        "gallery_teams": gallery_teams,
        "gallery_position": position,
        "steps": [s for s in steps if not s.skipped],
        "step_count": sum(1 for s in steps if not s.skipped),
        "page_step": step,
        "current": current,
        "off_current": step is not None and current is not None and current.pk != step.pk,
        # Reopened for this participant's team: the bar drops its "locked" and "not opened" banners.
        "page_reopened": reopened,
        "bar_team": team_id,
        # Read only where a page shows it (the full page's footer; the shared live bar does not).
        "teammates_online": SimpleLazyObject(
            lambda: teammates_online(viewer, presence.online(workshop.pk))
        ),
    }


def teammates_online(viewer, online) -> list[dict]:
    """Who of the viewer's team is here besides them (presence), by name."""
    me = viewer.participant.pk if viewer.participant else None
    team_id = viewer.team_id
    return sorted(
        (
            info
            for info in online.values()
            if team_id and info.get("team") == team_id and info.get("participant") != me
        ),
        key=lambda info: info.get("name", ""),
    )


TIMER_SLOT = "timer-slot-5c2a9e"
# Stands in for the viewer's team in the links of a bar that all of a workshop's teams share.
TEAM_SLOT = 987654321


def live_bar_html(request, workshop, step, *, oob=False) -> str:
    """The live bar, rendered once per page and flow version for all of a workshop's teams (a room
    refetches it together on every flow change), each answer with its own team's links and timer
    (the timer carries the server's clock). A team gets its own while the bar shows something of
    the team: the gallery (the other teams) or the step reopened for it."""
    viewer = request.viewer
    shared_team = bool(viewer.team_id) and not (
        workshop.gallery_open or reopened_for(viewer.team_id, step)
    )
    key = (
        "bar",
        step.pk if step else "",
        viewer.role.value,
        "teams" if shared_team else viewer.team_id or "",
        oob,
        workshop.flow_version,
        fragments.revisions(fragments.scopes(workshop.pk, None if shared_team else viewer.team_id)),
    )

    def render_bar(_slot):
        context = live_context(request, workshop, step)
        if shared_team:
            context["bar_team"] = TEAM_SLOT
        return render_to_string(
            "participant/_live_bar.html",
            {**context, "oob": oob, "timer_slot": TIMER_SLOT},
            request,
        )

    html = fragments.shared(request, key, render_bar)
    if shared_team:
        html = mark_safe(html.replace(f"/team/{TEAM_SLOT}/", f"/team/{viewer.team_id}/"))
    if getattr(request, "_keep_timer_slot", False):
        return html  # an event stream puts each screen's timer in (views/stream.py)
    timer = render_to_string("participant/_timer.html", {"workshop": workshop})
    return mark_safe(html.replace(TIMER_SLOT, timer))  # both rendered by escaping templates


def timer_html(state: dict) -> str:
    """The bar's timer from a flow event's "timer" state (Workshop.live_state), as of now."""
    ends_at = state.get("ends_at")
    ends_at = datetime.datetime.fromisoformat(ends_at) if ends_at else None
    remaining = state.get("remaining", 0)
    if ends_at is not None:
        remaining = max(0, round((ends_at - timezone.now()).total_seconds()))
    timer = SimpleNamespace(
        timer_remaining=remaining, timer_running=bool(state.get("running")), timer_ends_at=ends_at
    )
    return render_to_string("participant/_timer.html", {"workshop": timer})


def step_key(request, workshop, team, step) -> tuple:
    """What the step's HTML depends on besides the language, the minute and (when the render says
    so) the viewer: the team's records, the flow, who is looking, the pattern text (fragments.py)."""
    viewer = request.viewer
    # Members of a team (lead or not) see the same step, but for what the tool marks as their own
    # while rendering (the private scores and the lead's reveal button: fragments.viewer_specific).
    who = f"u{request.user.pk}" if viewer.is_facilitator else ""
    query = sorted((k, v) for k, v in request.GET.items() if k not in ("swap", "v"))
    return (
        "step",
        team.pk,
        step.pk,
        viewer.role.value,
        viewer.team_id or "",
        who,
        workshop.flow_version,
        workshop.pattern.source_hash,
        fragments.revisions(fragments.scopes(workshop.pk, team.pk)),
        query,
    )


def step_context(request, workshop, team, step, kind) -> dict:
    """What the step itself shows beside the live bar: the tool, the checks, the guidance, notes."""
    from workshop.steps import completion as step_completion
    from workshop.steps.record_links import linked

    viewer = request.viewer
    note = TeamNote.objects.filter(team=team, step=step).first()
    # Evaluated where the checklist renders, after the tool: the kinds' checks then reuse the
    # records the tool has just loaded instead of reading them a second time.
    evaluated = functools.cache(lambda: step_completion.evaluate(team, step))
    return {
        "completion": SimpleLazyObject(evaluated),
        # Each warning with the address of its record's row, as on the facilitator's alerts list.
        "warning_links": SimpleLazyObject(lambda: linked(workshop, team, step, evaluated())),
        "progress": step.progress_of(team),
        "guidance": step.pattern_step(),
        "note": note,
        "notes_form": getattr(request, "notes_form", None) or NoteForm(note=note),
        "can_edit": allowed(viewer, "edit_team", team, step),
        "refusal": edit_refusal(viewer, team, step) if viewer.team_id == team.pk else None,
        "is_own_team": viewer.team_id == team.pk,
        "reopened": viewer.team_id == team.pk and reopened_for(team.pk, step),
    }


@team_view
def step_page(request, workshop, team, step):
    kind = registry.get(step.kind)
    base = {"team": team, "step": step, "kind": kind, "step_position": step.position}
    if request.htmx and not request.htmx.boosted and request.GET.get("swap") == "step":
        # A following screen swaps the step in place (live.js): the step, its title and the live bar.
        # A team's members arrive together; the step is rendered once for them (fragments.py).
        base.update(
            workshop=workshop, viewer=request.viewer, page_step=step, current=workshop.current_step
        )
        base["step_main"] = fragments.shared(
            request,
            step_key(request, workshop, team, step),
            lambda slot: render_to_string(
                "steps/step_page.html#step-main",
                {**base, **step_context(request, workshop, team, step, kind), "csrf_token": slot},
                request,
            ),
            viewer=request.viewer.participant.pk if request.viewer.participant else "",
        )
        base["live_bar"] = live_bar_html(request, workshop, step, oob=True)
        response = render(request, "steps/_step_swap.html", base)
        response["HX-Push-Url"] = reverse("steps:page", args=(workshop.pk, team.pk, step.position))
        response["X-Flow-Version"] = str(workshop.flow_version)
        return response
    context = live_context(request, workshop, step)
    context.update(base, **step_context(request, workshop, team, step, kind))
    return render(request, "steps/step_page.html", context)


@team_view
@require_POST
def submit_step(request, workshop, team, step):
    """The team says the step is done; refused, with the unmet checks, while any check fails."""
    from workshop.steps import completion as step_completion

    refusal = edit_refusal(request.viewer, team, step)
    if refusal:
        messages.error(request, refusal)
        return redirect("steps:page", workshop.pk, team.pk, step.position)
    result = step_completion.submit(team, step)
    if result is not None and not result.complete:
        messages.error(
            request, _("Not yet: %(n)d checks are still open.") % {"n": len(result.blocking)}
        )
    else:
        messages.success(request, _("Step submitted. The facilitator can see it."))
        events.announce_team_change(team, "progress", by=request.viewer.participant.pk)
    return redirect("steps:page", workshop.pk, team.pk, step.position)
