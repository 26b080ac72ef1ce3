"""Joining a workshop with its code, and the participant's way back in."""

import re

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workshop.accounts.ratelimits import client_ip, limit
from workshop.facilitation import events
from workshop.facilitation.access import (
    Role,
    member_required,
    participant_for,
    remember_participant,
)
from workshop.facilitation.join_forms import JoinForm, TeamChoiceForm
from workshop.facilitation.models import Workshop
from workshop.policies import public

JOIN_RATE = "20/m"  # per IP: enough for a room behind one NAT, too few to guess codes


@public
@require_http_methods(["GET", "POST"])
def join(request, code=""):
    if not code and request.method == "GET" and request.GET.get("code"):
        # The home page's code box: on to the join page for that code, prefilled.
        typed = re.sub(r"[^A-Za-z0-9]", "", request.GET["code"]).upper()[:20]
        if typed:
            return redirect("facilitation:join_code", typed)
    workshop = Workshop.objects.open().filter(join_code=code.upper()).first() if code else None
    if workshop is not None:
        participant = participant_for(request, workshop)
        if participant is not None:
            return redirect("facilitation:participant_home", workshop.pk)

    if request.method == "POST":
        form = JoinForm(request.POST, workshop=_workshop_from_post(request.POST) or workshop)
        if limit(request, "join", client_ip(request), JOIN_RATE):
            form.is_valid()
            form.add_error(
                None, _("Too many attempts to join from this network. Wait a minute and try again.")
            )
            return render(request, "participant/join.html", {"form": form}, status=429)
        if form.is_valid():
            existing = participant_for(request, form.workshop)
            if existing is not None:
                return redirect("facilitation:participant_home", form.workshop.pk)
            participant = form.join()
            remember_participant(request, participant)
            events.announce(form.workshop.pk, events.TEAMS_CHANGED)
            return redirect("facilitation:participant_home", form.workshop.pk)
    else:
        form = JoinForm(initial={"code": code.upper()}, workshop=workshop)
    return render(request, "participant/join.html", {"form": form, "workshop": workshop})


def _workshop_from_post(data):
    """The workshop named by the posted code, so the team list matches it when the form re-renders."""
    code = "".join(data.get("code", "").split()).upper()
    return Workshop.objects.open().filter(join_code=code).first() if code else None


@member_required
def participant_home(request, workshop):
    """Where a participant lands: their team's current step, or the lobby before the start."""
    viewer = request.viewer
    if viewer.role is not Role.PARTICIPANT:
        return redirect("facilitation:console", workshop.pk)
    participant = viewer.participant
    if participant.team_id is None:
        return redirect("facilitation:choose_team", workshop.pk)
    if workshop.current_step_id is not None and workshop.status != Workshop.Status.DRAFT:
        if request.htmx and request.GET.get("swap") == "step":
            # A following screen asks for the new step itself: answered here, with no redirect.
            from workshop.steps.views import step_page

            return step_page(
                request, workshop.pk, participant.team_id, workshop.current_step.position
            )
        return redirect(
            "steps:page", workshop.pk, participant.team_id, workshop.current_step.position
        )
    return render(
        request,
        "participant/lobby.html",
        {"workshop": workshop, "participant": participant, "team": participant.team},
    )


@member_required
@require_http_methods(["GET", "POST"])
def choose_team(request, workshop):
    viewer = request.viewer
    if viewer.role is not Role.PARTICIPANT:
        return redirect("facilitation:console", workshop.pk)
    participant = viewer.participant
    if participant.team_id is not None and not workshop.teams_chosen_on_join:
        return redirect("facilitation:participant_home", workshop.pk)
    form = TeamChoiceForm(
        request.POST or None, workshop=workshop, initial={"team": participant.team}
    )
    if request.method == "POST" and form.is_valid():
        participant.team = form.cleaned_data["team"]
        participant.save(update_fields=["team"])
        events.announce(workshop.pk, events.TEAMS_CHANGED)
        messages.success(request, _("You are in %(team)s.") % {"team": participant.team.name})
        return redirect("facilitation:participant_home", workshop.pk)
    return render(request, "participant/choose_team.html", {"workshop": workshop, "form": form})


@member_required
def live_bar(request, workshop):
    """The participant's top bar, refetched on every flow change (step, timer, locks, status)."""
    from workshop.steps.views import live_bar_html

    position = request.GET.get("step", "")
    step = workshop.steps.filter(position=int(position)).first() if position.isdigit() else None
    return HttpResponse(live_bar_html(request, workshop, step))


@member_required
def presence_strip(request, workshop):
    """Teammates online, refetched when someone arrives or leaves."""
    # Refetched by a whole room once a second while people arrive: it reads presence only.
    from workshop.facilitation.live import presence
    from workshop.steps.views import teammates_online

    online = teammates_online(request.viewer, presence.online(workshop.pk))
    return render(request, "participant/_presence.html", {"teammates_online": online})
