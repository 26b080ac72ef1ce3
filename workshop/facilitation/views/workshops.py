"""The facilitator's workshops: the list, creating, editing settings and teams, the agenda, copies."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workshop.facilitation import events
from workshop.facilitation.access import facilitator_required
from workshop.facilitation.forms import WorkshopForm, agenda_formset, team_formset
from workshop.facilitation.models import Workshop, WorkshopStep
from workshop.facilitation.views.console import log
from workshop.policies import signed_in


@signed_in
def dashboard(request):
    workshops = list(
        Workshop.objects.facilitated_by(request.user)
        .select_related("pattern", "owner")
        .order_by("-created_at")
    )
    groups = [
        (_("Open"), [w for w in workshops if w.is_open]),
        (_("Closed"), [w for w in workshops if w.status == Workshop.Status.CLOSED]),
        (_("Archived"), [w for w in workshops if w.status == Workshop.Status.ARCHIVED]),
    ]
    return render(
        request, "facilitation/dashboard.html", {"groups": groups, "workshops": workshops}
    )


@signed_in
@require_http_methods(["GET", "POST"])
def create(request):
    workshop = Workshop(owner=request.user)
    if request.method == "POST":
        form = WorkshopForm(request.POST)
        teams = team_formset(workshop, request.POST)
        if form.is_valid() and teams.is_valid():
            with transaction.atomic():
                workshop = form.save(owner=request.user)
                teams.instance = workshop
                teams.save()
                log(request, workshop, "created", workshop.title)
            messages.success(
                request, _("Workshop created. Set a timebox for each step of the agenda.")
            )
            return redirect("facilitation:agenda", workshop.pk)
    else:
        form = WorkshopForm(initial={"currency": "GBP"})
        teams = team_formset(workshop)
    return render(request, "facilitation/workshop_form.html", {"form": form, "teams": teams})


@facilitator_required
@require_http_methods(["GET", "POST"])
def edit(request, workshop):
    if not workshop.is_open:
        messages.error(request, _("This workshop has ended; its settings can no longer change."))
        return redirect("facilitation:console", workshop.pk)
    if request.method == "POST":
        form = WorkshopForm(request.POST, instance=workshop)
        teams = team_formset(workshop, request.POST)
        if form.is_valid() and teams.is_valid():
            with transaction.atomic():
                form.save()
                teams.save()
                log(request, workshop, "edited", workshop.title)
            events.announce(workshop.pk, events.TEAMS_CHANGED)
            events.announce_flow(workshop)
            messages.success(request, _("Settings saved."))
            return redirect("facilitation:console", workshop.pk)
    else:
        form = WorkshopForm(instance=workshop)
        teams = team_formset(workshop)
    return render(
        request,
        "facilitation/workshop_form.html",
        {"form": form, "teams": teams, "workshop": workshop},
    )


@facilitator_required
@require_http_methods(["GET", "POST"])
def agenda(request, workshop):
    """Timeboxes and skips in one form; each row's move buttons also save what was typed."""
    if not workshop.is_open:
        messages.error(request, _("This workshop has ended; its agenda can no longer change."))
        return redirect("facilitation:console", workshop.pk)
    can_reorder = workshop.status == Workshop.Status.DRAFT
    if request.method == "POST":
        formset = agenda_formset(workshop, request.POST)
        if formset.is_valid():
            with transaction.atomic():
                formset.save()
                moved = _move(workshop, request.POST.get("move", "")) if can_reorder else None
                log(request, workshop, "agenda", moved or "")
            events.announce_flow(workshop)
            if moved:
                messages.success(request, moved)
                return redirect(f"{request.path}#step-{request.POST['move'].split(':')[0]}")
            if "done" in request.POST:
                messages.success(request, _("Agenda saved."))
                return redirect("facilitation:console", workshop.pk)
            messages.success(request, _("Agenda saved."))
            return redirect("facilitation:agenda", workshop.pk)
    else:
        formset = agenda_formset(workshop)
    total = sum(f.instance.timebox_minutes for f in formset.forms if not f.instance.skipped)
    return render(
        request,
        "facilitation/agenda.html",
        {"workshop": workshop, "formset": formset, "can_reorder": can_reorder, "total": total},
    )


def _move(workshop, value):
    """`<step id>:up` or `<step id>:down`, from the button pressed; the words for the notice."""
    step_id, _sep, direction = value.partition(":")
    if direction not in ("up", "down") or not step_id.isdigit():
        return None
    step = get_object_or_404(WorkshopStep, pk=int(step_id), workshop=workshop)
    if not workshop.move_step(step, -1 if direction == "up" else 1):
        return None
    return _("‘%(title)s’ is now step %(position)s.") % {  # noqa: RUF001
        "title": step.title,
        "position": step.position,
    }


@facilitator_required
@require_POST
def duplicate(request, workshop):
    copy = workshop.duplicate(owner=request.user)
    log(request, copy, "created", _("Copied from %(title)s") % {"title": workshop.title})
    messages.success(
        request, _("Copy created: the same agenda and teams, none of the teams' work.")
    )
    return redirect("facilitation:edit", copy.pk)
