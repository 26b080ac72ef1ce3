"""The facilitator console: the live flow (session, agenda, timer), the grid, messages and people.

Every action is a POST that works without JavaScript (redirect back to the console) and with htmx
(the changed partials come back as out-of-band swaps). Each one writes the activity log and announces
its event, so every other screen of the workshop refetches what changed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from workshop.facilitation import events, overview
from workshop.facilitation.access import allowed, facilitator_required, owner_required
from workshop.facilitation.forms import MessageForm, MoveParticipantForm, RenameParticipantForm
from workshop.facilitation.models import (
    ActivityLogEntry,
    Message,
    Participant,
    StepProgress,
    Team,
    Workshop,
    WorkshopStep,
)
from workshop.facilitation.views import projector

TEMPLATE = "facilitation/console.html"
LOG_LENGTH = 15

# Partials the console refetches by itself on live events; the URL conf names them, never the request.
PARTS = ("header", "connected", "agenda", "timer", "grid", "people", "log")


# How the activity log words each action; unknown codes show as they are.
ACTION_LABELS = {
    "created": gettext_lazy("created the workshop"),
    "edited": gettext_lazy("changed the settings"),
    "agenda": gettext_lazy("changed the agenda"),
    "session_start": gettext_lazy("started the session"),
    "session_pause": gettext_lazy("paused the session"),
    "session_gallery_open": gettext_lazy("opened the gallery"),
    "session_gallery_close": gettext_lazy("closed the gallery"),
    "session_join_show": gettext_lazy("showed the join code on the projector"),
    "session_join_hide": gettext_lazy("hid the join code on the projector"),
    "session_resume": gettext_lazy("resumed the session"),
    "session_end": gettext_lazy("ended the session"),
    "session_reopen": gettext_lazy("reopened the session"),
    "archived": gettext_lazy("archived the workshop"),
    "step_current": gettext_lazy("moved the group to"),
    "step_open": gettext_lazy("opened"),
    "step_lock": gettext_lazy("locked"),
    "step_unlock": gettext_lazy("unlocked"),
    "step_team_reopen": gettext_lazy("reopened a step for one team"),
    "step_team_close": gettext_lazy("closed a step again for one team"),
    "timer_start": gettext_lazy("started the timer"),
    "timer_pause": gettext_lazy("paused the timer"),
    "timer_plus1": gettext_lazy("added a minute"),
    "timer_plus5": gettext_lazy("added five minutes"),
    "timer_reset": gettext_lazy("reset the timer"),
    "message": gettext_lazy("sent a message"),
    "participant_rename": gettext_lazy("renamed a participant"),
    "participant_move": gettext_lazy("moved a participant"),
    "participant_lead": gettext_lazy("set a team lead"),
    "participant_remove": gettext_lazy("removed a participant"),
    "invite_email": gettext_lazy("invited a co-facilitator"),
    "invite_link": gettext_lazy("created an invitation link"),
    "invite_revoke": gettext_lazy("withdrew an invitation"),
    "facilitator_joined": gettext_lazy("joined as co-facilitator"),
    "facilitator_remove": gettext_lazy("removed a co-facilitator"),
}


def log(request, workshop, action, detail=""):
    ActivityLogEntry.objects.create(
        workshop=workshop, user=request.user, action=action, detail=str(detail)[:300]
    )


def console_context(request, workshop, *, message_form=None, rename_forms=None, notice=""):
    steps = list(workshop.steps.all())
    teams = list(workshop.teams.all())
    participants = list(workshop.participants.select_related("team"))
    online = overview.online_members(workshop)
    viewer = request.viewer
    url = projector.join_url(request, workshop)
    return {
        "join_url": url,
        "join_qr": projector.qr_svg(url) if workshop.is_open else "",
        "workshop": workshop,
        "viewer": viewer,
        "is_owner": allowed(viewer, "manage_facilitators"),
        "can_control": allowed(viewer, "control_flow") and workshop.is_open,
        "steps": steps,
        "teams": teams,
        "rows": overview.grid(workshop, steps, teams, participants, online),
        # Steps whose grid cells offer "Reopen for this team": for later reviews, so once the session has
        # ended or the step is locked for everyone (a cell already reopened always offers "Close again").
        "reopenable": {s.pk for s in steps if allowed(viewer, "reopen_step", None, s)},
        "reopen_offered": {
            s.pk
            for s in steps
            if workshop.status == workshop.Status.CLOSED or s.state == WorkshopStep.State.LOCKED
        },
        "people": overview.people(participants, online, rename_forms),
        "unassigned": [p for p in participants if p.team_id is None],
        "connected": len(online),
        "log_entries": [
            (entry, ACTION_LABELS.get(entry.action, entry.action))
            for entry in workshop.log.select_related("user")[:LOG_LENGTH]
        ],
        "message_form": message_form or MessageForm(teams=teams),
        "notice": notice,
    }


def respond(request, workshop, parts, notice, *, status=200, **forms):
    """htmx: the changed partials as out-of-band swaps; otherwise back to the console."""
    if request.htmx:
        context = console_context(request, workshop, notice=notice, **forms)
        context["oob"] = True
        html = "".join(
            render_to_string(f"{TEMPLATE}#{part}", context, request) for part in (*parts, "notice")
        )
        return HttpResponse(html, status=status)
    if forms:
        # Invalid input without JavaScript: the whole console, the typed text kept beside the error.
        context = console_context(request, workshop, **forms)
        return render(request, TEMPLATE, context, status=status)
    if notice:
        (messages.error if status >= 400 else messages.success)(request, notice)
    return redirect("facilitation:console", workshop.pk)


def _require_control(request, workshop):
    if not allowed(request.viewer, "control_flow"):
        raise PermissionDenied
    if not workshop.is_open:
        raise PermissionDenied(_("This workshop has ended; reopen it first."))


@facilitator_required
@require_GET
def console(request, workshop):
    return render(request, TEMPLATE, console_context(request, workshop))


@facilitator_required
@require_GET
def part(request, workshop, name):
    if name not in PARTS:
        raise Http404
    return render(request, f"{TEMPLATE}#{name}", console_context(request, workshop))


# The session: start, pause, resume, end, reopen; archive is the owner's.

SESSION_VERBS = {
    "start": gettext_lazy("Session started."),
    "pause": gettext_lazy("Session paused."),
    "resume": gettext_lazy("Session resumed."),
    "end": gettext_lazy("Session ended; the work is now read-only."),
    "reopen": gettext_lazy("Session reopened."),
    "gallery-open": gettext_lazy("Gallery open: participants can read every team's work."),
    "gallery-close": gettext_lazy("Gallery closed."),
    "join-show": gettext_lazy("The projector shows the join code in its corner."),
    "join-hide": gettext_lazy("The join code is hidden on the projector."),
}


@facilitator_required
@require_POST
def session(request, workshop, verb):
    if verb not in SESSION_VERBS:
        raise Http404
    if not allowed(request.viewer, "control_flow"):
        raise PermissionDenied
    status = workshop.status
    possible = {
        "start": status == Workshop.Status.DRAFT,
        "pause": status == Workshop.Status.LIVE and not workshop.paused,
        "resume": status == Workshop.Status.LIVE and workshop.paused,
        "end": status == Workshop.Status.LIVE,
        "reopen": status == Workshop.Status.CLOSED,
        "gallery-open": workshop.is_open and not workshop.gallery_open,
        "gallery-close": workshop.gallery_open,
        "join-show": workshop.is_open and not workshop.projector_join_shown,
        "join-hide": workshop.is_open and workshop.projector_join_shown,
    }
    if not possible[verb]:
        return respond(
            request, workshop, ["header"], _("That is not possible in this state."), status=409
        )
    if verb == "start":
        workshop.start()
        if workshop.current_step is None:
            first = next((s for s in workshop.steps.all() if not s.skipped), None)
            if first is not None:
                workshop.advance_to(first)
    elif verb == "reopen":
        workshop.keep_join_code_unique()
        workshop.reopen()
    elif verb.startswith("gallery-"):
        workshop.set_gallery(verb == "gallery-open")
    elif verb.startswith("join-"):
        workshop.set_projector_join(verb == "join-show")
    else:
        getattr(workshop, verb)()
    log(request, workshop, f"session_{verb.replace('-', '_')}")
    events.announce_flow(workshop)
    return respond(
        request, workshop, ["header", "agenda", "timer", "log"], str(SESSION_VERBS[verb])
    )


@owner_required
@require_POST
def archive(request, workshop):
    if workshop.status != Workshop.Status.CLOSED:
        return respond(
            request, workshop, ["header"], _("End the session before archiving."), status=409
        )
    workshop.archive()
    log(request, workshop, "archived")
    events.announce_flow(workshop)
    messages.success(request, _("Workshop archived."))
    return redirect("facilitation:dashboard")


# The agenda: which step is current, and each step's state.


@facilitator_required
@require_POST
def step_current(request, workshop, step_id):
    _require_control(request, workshop)
    step = get_object_or_404(WorkshopStep, pk=step_id, workshop=workshop)
    if step.skipped:
        return respond(request, workshop, ["agenda"], _("This step is skipped."), status=409)
    workshop.advance_to(step)
    log(request, workshop, "step_current", step)
    events.announce_flow(workshop)
    return respond(
        request,
        workshop,
        ["agenda", "timer", "grid", "log"],
        _("Step %(position)s is now current.") % {"position": step.position},
    )


STEP_VERBS = {
    "open": (WorkshopStep.State.OPEN, gettext_lazy("Step %(position)s opened.")),
    "lock": (WorkshopStep.State.LOCKED, gettext_lazy("Step %(position)s locked.")),
    "unlock": (WorkshopStep.State.OPEN, gettext_lazy("Step %(position)s unlocked.")),
}


@facilitator_required
@require_POST
def step_state(request, workshop, step_id, verb):
    if verb not in STEP_VERBS:
        raise Http404
    _require_control(request, workshop)
    step = get_object_or_404(WorkshopStep, pk=step_id, workshop=workshop)
    state, notice = STEP_VERBS[verb]
    step.state = state
    step.save(update_fields=["state"])
    workshop._bump()  # the state of a step is part of the live flow
    log(request, workshop, f"step_{verb}", step)
    events.announce_flow(workshop)
    return respond(request, workshop, ["agenda", "log"], str(notice) % {"position": step.position})


# Reopening a step for one team: later reviews of the pilot and the scaling plan, after the session.

TEAM_STEP_VERBS = {
    "reopen": (True, gettext_lazy("Step %(position)s reopened for %(team)s.")),
    "close": (False, gettext_lazy("Step %(position)s closed again for %(team)s.")),
}


@facilitator_required
@require_POST
def step_team(request, workshop, step_id, team_id, verb):
    if verb not in TEAM_STEP_VERBS:
        raise Http404
    step = get_object_or_404(WorkshopStep, pk=step_id, workshop=workshop)
    team = get_object_or_404(Team, pk=team_id, workshop=workshop)
    if not allowed(request.viewer, "reopen_step", team, step):
        raise PermissionDenied
    reopen, notice = TEAM_STEP_VERBS[verb]
    progress, _created = StepProgress.objects.get_or_create(team=team, step=step)
    progress.reopened_for_team = reopen
    # A submitted step shows as reopened while the team may change it again, then as submitted.
    if reopen and progress.status == StepProgress.Status.SUBMITTED:
        progress.status = StepProgress.Status.REOPENED
    elif not reopen and progress.status == StepProgress.Status.REOPENED:
        progress.status = StepProgress.Status.SUBMITTED
    progress.save(update_fields=["reopened_for_team", "status"])
    workshop._bump()  # the team's live bar drops its "locked" banner on the flow event
    log(request, workshop, f"step_team_{verb}", f"{step} · {team.name}")
    events.announce_flow(workshop)
    events.announce_team_change(team, "access")  # the team's step page and every console's grid
    notice = str(notice) % {"position": step.position, "team": team.name}
    if not request.htmx:
        return respond(request, workshop, [], notice)
    # htmx: the team's row of the grid (in a template, as a table row cannot stand alone), the log
    # and the notice, all out of band.
    context = console_context(request, workshop, notice=notice)
    context.update(oob=True, row_oob=True, row=next(r for r in context["rows"] if r.team == team))
    html = "".join(
        render_to_string(f"{TEMPLATE}#{part}", context, request)
        for part in ("grid_row", "log", "notice")
    )
    return HttpResponse(html)


# The timer.

TIMER_VERBS = {
    "start": gettext_lazy("Timer started."),
    "pause": gettext_lazy("Timer paused."),
    "plus1": gettext_lazy("One minute added."),
    "plus5": gettext_lazy("Five minutes added."),
    "reset": gettext_lazy("Timer reset to the step's timebox."),
}


@facilitator_required
@require_POST
def timer(request, workshop, verb):
    if verb not in TIMER_VERBS:
        raise Http404
    _require_control(request, workshop)
    if verb == "start":
        workshop.timer_start()
    elif verb == "pause":
        workshop.timer_pause()
    elif verb == "plus1":
        workshop.timer_extend(1)
    elif verb == "plus5":
        workshop.timer_extend(5)
    else:
        workshop.timer_reset()
    log(request, workshop, f"timer_{verb}")
    events.announce_flow(workshop)
    return respond(request, workshop, ["timer", "log"], str(TIMER_VERBS[verb]))


# Messages to everyone or one team.


@facilitator_required
@require_POST
def message(request, workshop):
    _require_control(request, workshop)
    form = MessageForm(request.POST, teams=list(workshop.teams.all()))
    if not form.is_valid():
        return respond(request, workshop, ["message"], "", message_form=form)
    team = form.team_object()
    body = form.cleaned_data["body"]
    Message.objects.create(workshop=workshop, team=team, body=body, sent_by=request.user)
    log(request, workshop, "message", f"{team.name}: {body}" if team else body)
    events.announce(workshop.pk, events.MESSAGE, {"team": team.pk if team else None, "body": body})
    notice = (
        _("Message sent to %(team)s.") % {"team": team.name}
        if team
        else _("Message sent to everyone.")
    )
    return respond(request, workshop, ["message", "log"], notice)


# Participants: rename, move, set team lead, remove.


def _participant(workshop, participant_id):
    return get_object_or_404(
        Participant.objects.select_related("team"), pk=participant_id, workshop=workshop
    )


def _announce_people(workshop, *teams):
    events.announce(workshop.pk, events.TEAMS_CHANGED)
    for team in teams:
        if team is not None:
            events.announce_team_change(team, "members")


@facilitator_required
@require_POST
def participant_rename(request, workshop, participant_id):
    _require_control(request, workshop)
    participant = _participant(workshop, participant_id)
    form = RenameParticipantForm(request.POST, prefix=f"p{participant.pk}")
    if not form.is_valid():
        return respond(request, workshop, ["people"], "", rename_forms={participant.pk: form})
    old = participant.display_name
    participant.display_name = form.cleaned_data["display_name"]
    participant.save(update_fields=["display_name"])
    log(request, workshop, "participant_rename", f"{old} → {participant.display_name}")
    _announce_people(workshop, participant.team)
    return respond(
        request,
        workshop,
        ["people", "grid", "log"],
        _("Renamed to %(name)s.") % {"name": participant.display_name},
    )


@facilitator_required
@require_POST
def participant_move(request, workshop, participant_id):
    _require_control(request, workshop)
    participant = _participant(workshop, participant_id)
    form = MoveParticipantForm(request.POST, workshop=workshop, prefix=f"m{participant.pk}")
    if not form.is_valid():
        return respond(
            request, workshop, ["people"], _("Choose a team of this workshop."), status=400
        )
    old_team, team = participant.team, form.cleaned_data["team"]
    if team.is_full and old_team != team:
        return respond(
            request, workshop, ["people"], _("%(team)s is full.") % {"team": team.name}, status=409
        )
    participant.team = team
    # A lead leads the team they were in; in a new team they start as a member.
    participant.role = Participant.Role.MEMBER if old_team != team else participant.role
    participant.save(update_fields=["team", "role"])
    log(request, workshop, "participant_move", f"{participant.display_name} → {team.name}")
    _announce_people(workshop, old_team, team)
    return respond(
        request,
        workshop,
        ["people", "grid", "log"],
        _("%(name)s moved to %(team)s.") % {"name": participant.display_name, "team": team.name},
    )


@facilitator_required
@require_POST
def participant_lead(request, workshop, participant_id):
    _require_control(request, workshop)
    participant = _participant(workshop, participant_id)
    if participant.team is None:
        return respond(request, workshop, ["people"], _("Put them in a team first."), status=409)
    # One lead per team: the previous lead becomes a member.
    Participant.objects.filter(team=participant.team, role=Participant.Role.LEAD).update(
        role=Participant.Role.MEMBER
    )
    participant.role = Participant.Role.LEAD
    participant.save(update_fields=["role"])
    log(
        request,
        workshop,
        "participant_lead",
        f"{participant.display_name} ({participant.team.name})",
    )
    _announce_people(workshop, participant.team)
    return respond(
        request,
        workshop,
        ["people", "grid", "log"],
        _("%(name)s now leads %(team)s.")
        % {"name": participant.display_name, "team": participant.team.name},
    )


@facilitator_required
@require_POST
def participant_remove(request, workshop, participant_id):
    _require_control(request, workshop)
    participant = _participant(workshop, participant_id)
    team, name = participant.team, participant.display_name
    participant.delete()
    log(request, workshop, "participant_remove", name)
    _announce_people(workshop, team)
    return respond(
        request, workshop, ["people", "grid", "log"], _("%(name)s removed.") % {"name": name}
    )
