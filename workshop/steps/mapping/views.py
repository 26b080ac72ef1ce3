"""Step 1 endpoints: add and edit records in place (htmx or plain forms), delete, pin, CSV, SVG.

Every change goes through `save_team_record` or `record_change`, so access, versions, the step's
completion and the live event behave the same as everywhere else.
"""

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshop.facilitation.access import allowed, edit_refusal, team_view
from workshop.steps.editing import record_change, save_team_record
from workshop.steps.mapping import board as boards
from workshop.steps.mapping import csvio, layout
from workshop.steps.mapping.forms import (
    ActorForm,
    FitCheckForm,
    FlowForm,
    ForceAssessmentForm,
    SharedPurposeForm,
    ValueGapForm,
)
from workshop.steps.mapping.models import (
    Actor,
    FitCheck,
    Flow,
    Force,
    ForceAssessment,
    SharedPurpose,
    ValueGap,
)

KIND = "mapping"
CHANGED = "mapping-changed"  # client event: the saver's own board refreshes at once


def step_url(workshop, team, step, anchor=""):
    url = reverse("steps:page", args=[workshop.pk, team.pk, step.position])
    return f"{url}#{anchor}" if anchor else url


def url(name, workshop, team, step, *args):
    return reverse(f"steps:mapping:{name}", args=[workshop.pk, team.pk, step.position, *args])


# --- Which form each record kind uses, and where it posts --------------------------------------

RECORDS = {
    "actor": (Actor, ActorForm, _("Add actor")),
    "flow": (Flow, FlowForm, _("Add flow")),
    "gap": (ValueGap, ValueGapForm, _("Add gap")),
}


def form_context(workshop, team, step, form, kind, *, editing=False, can_edit=True):
    """What templates/steps/mapping/_form.html needs for one form."""
    record = form.instance
    form_id = f"{kind}-{record.pk or 'new'}" if kind != "force" else f"force-{form.force}"
    form.auto_id = f"{form_id}-%s"  # several forms share field names on one page
    if kind in RECORDS:
        action = (
            url(f"{kind}_edit", workshop, team, step, record.pk)
            if editing
            else url(f"{kind}_add", workshop, team, step)
        )
    elif kind == "fit":
        action = url("fit_check", workshop, team, step)
    elif kind == "purpose":
        action = url("purpose", workshop, team, step)
    else:  # a force
        action = url("force", workshop, team, step, form.force)
    return {
        "form": form,
        "kind": kind,
        "action": action,
        "editing": editing,
        "form_id": form_id,
        "can_edit": can_edit,
        "cancel_url": step_url(workshop, team, step, f"{kind}-{record.pk}") if editing else "",
        "workshop": workshop,
        "team": team,
        "step": step,
    }


def _respond(request, workshop, team, step, form, kind, status, *, editing=False, fresh=None):
    """After a save attempt: htmx gets the form fragment back, plain browsers the page."""
    if status == 200:
        if request.htmx:
            if editing:
                response = HttpResponse("")  # the editor closes; the board refreshes
            else:
                context = form_context(workshop, team, step, fresh, kind)
                context["saved"] = True
                response = render(request, "steps/mapping/_form.html", context)
            response["HX-Trigger"] = CHANGED
            return response
        return redirect(step_url(workshop, team, step, f"{kind}-{form.instance.pk}"))
    context = form_context(workshop, team, step, form, kind, editing=editing)
    if request.htmx:
        return render(request, "steps/mapping/_form.html", context, status=status)
    if editing:
        return render(
            request, "steps/mapping/edit_page.html", _page(request, context), status=status
        )
    # Without JavaScript: the whole step page again, this form with its messages and typed values.
    from workshop.steps.views import step_page

    request.mapping_forms = {kind if kind != "force" else f"force-{form.force}": form}
    response = step_page.__wrapped__(request, workshop, team, step)
    response.status_code = status
    return response


def _page(request, context):
    from workshop.steps.views import live_context

    page = live_context(request, context["workshop"], context["step"])
    page.update(context)
    return page


# --- Board (live-refreshed fragment) -------------------------------------------------------------


@team_view
@require_GET
def board(request, workshop, team, step):
    from workshop.steps.mapping.templatetags.mapping import board_context

    context = board_context(request, workshop, team, step)
    return render(request, "steps/mapping/_board.html", context)


# --- Fit check, forces, purpose: one record each -----------------------------------------------


@team_view
@require_POST
def fit_check(request, workshop, team, step):
    instance = FitCheck.objects.filter(team=team).first() or FitCheck(team=team)
    form = FitCheckForm(request.POST, instance=instance, team=team)
    _record, status = save_team_record(request, form, team, step, KIND)
    return _respond_single(request, workshop, team, step, form, "fit", status)


@team_view
@require_POST
def force(request, workshop, team, step, force):
    if force not in Force.values:
        return HttpResponse(status=404)
    recorded_in_step = step.position
    instance = ForceAssessment.objects.filter(
        team=team, force=force, recorded_in_step=recorded_in_step
    ).first() or ForceAssessment(team=team)
    form = ForceAssessmentForm(
        request.POST,
        instance=instance,
        team=team,
        force=force,
        recorded_in_step=recorded_in_step,
    )
    _record, status = save_team_record(request, form, team, step, KIND)
    return _respond_single(request, workshop, team, step, form, "force", status)


@team_view
@require_POST
def purpose(request, workshop, team, step):
    instance = SharedPurpose.objects.filter(team=team).first() or SharedPurpose(team=team)
    form = SharedPurposeForm(request.POST, instance=instance, team=team)
    _record, status = save_team_record(request, form, team, step, KIND)
    return _respond_single(request, workshop, team, step, form, "purpose", status)


def _respond_single(request, workshop, team, step, form, kind, status):
    """One-per-team records stay open after a save: the form comes back with the stored values."""
    if status == 200 and request.htmx:
        record = form.instance
        record.refresh_from_db()
        fresh = type(form)(instance=record, team=team, **_force_kwargs(form))
        context = form_context(workshop, team, step, fresh, kind)
        context["saved"] = True
        if kind == "fit":
            context["fit_check"] = record
        response = render(request, "steps/mapping/_form.html", context)
        response["HX-Trigger"] = CHANGED
        return response
    anchor_kind = kind if kind != "force" else "forces"
    if status == 200:
        return redirect(step_url(workshop, team, step, anchor_kind))
    return _respond(request, workshop, team, step, form, kind, status)


def _force_kwargs(form):
    if isinstance(form, ForceAssessmentForm):
        return {"force": form.force, "recorded_in_step": form.recorded_in_step}
    return {}


# --- Actors, flows, gaps: add, edit, delete ---------------------------------------------------


def _add(request, workshop, team, step, kind):
    model, form_class, _label = RECORDS[kind]
    form = form_class(request.POST, instance=model(team=team), team=team)
    _record, status = save_team_record(request, form, team, step, KIND)
    fresh = form_class(team=team) if status == 200 else None
    return _respond(request, workshop, team, step, form, kind, status, fresh=fresh)


def _edit(request, workshop, team, step, kind, pk):
    model, form_class, _label = RECORDS[kind]
    record = get_object_or_404(model, pk=pk, team=team)
    if request.method == "GET":
        form = form_class(instance=record, team=team)
        context = form_context(
            workshop,
            team,
            step,
            form,
            kind,
            editing=True,
            can_edit=allowed(request.viewer, "edit_team", team, step),
        )
        if request.htmx:
            return render(request, "steps/mapping/_form.html", context)
        return render(request, "steps/mapping/edit_page.html", _page(request, context))
    form = form_class(request.POST, instance=record, team=team)
    _record, status = save_team_record(request, form, team, step, KIND)
    return _respond(request, workshop, team, step, form, kind, status, editing=True)


@team_view
@require_POST
def actor_add(request, workshop, team, step):
    return _add(request, workshop, team, step, "actor")


@team_view
@require_http_methods(["GET", "POST"])
def actor_edit(request, workshop, team, step, pk):
    return _edit(request, workshop, team, step, "actor", pk)


@team_view
@require_POST
def flow_add(request, workshop, team, step):
    return _add(request, workshop, team, step, "flow")


@team_view
@require_http_methods(["GET", "POST"])
def flow_edit(request, workshop, team, step, pk):
    return _edit(request, workshop, team, step, "flow", pk)


@team_view
@require_POST
def gap_add(request, workshop, team, step):
    return _add(request, workshop, team, step, "gap")


@team_view
@require_http_methods(["GET", "POST"])
def gap_edit(request, workshop, team, step, pk):
    return _edit(request, workshop, team, step, "gap", pk)


def actor_dependents(actor):
    """What blocks deleting an actor (PROTECT) and what goes or loses a link with it."""
    flows = list(
        Flow.objects.filter(Q(source=actor) | Q(target=actor), team=actor.team).select_related(
            "source", "target"
        )
    )
    return {
        "represented": list(actor.represents.all()),
        "flows": flows,
        "gaps": list(actor.gaps.all()),
    }


@team_view
@require_http_methods(["GET", "POST"])
def actor_delete(request, workshop, team, step, pk):
    actor = get_object_or_404(Actor, pk=pk, team=team)
    return _delete(request, workshop, team, step, actor, "actor")


@team_view
@require_http_methods(["GET", "POST"])
def flow_delete(request, workshop, team, step, pk):
    flow = get_object_or_404(Flow.objects.select_related("source", "target"), pk=pk, team=team)
    return _delete(request, workshop, team, step, flow, "flow")


@team_view
@require_http_methods(["GET", "POST"])
def gap_delete(request, workshop, team, step, pk):
    gap = get_object_or_404(ValueGap, pk=pk, team=team)
    return _delete(request, workshop, team, step, gap, "gap")


def _delete(request, workshop, team, step, record, kind):
    """A confirmation page that lists what goes with the record; nothing is deleted from a GET."""
    refusal = edit_refusal(request.viewer, team, step)
    context = {"record": record, "kind": kind, "refusal": refusal, "blocked": []}
    if kind == "actor":
        context.update(actor_dependents(record))
        context["blocked"] = [
            _("%(name)s (it is their proxy)") % {"name": other.name}
            for other in context["represented"]
        ]
    elif kind == "flow":
        context["gaps"] = list(record.gaps.all())
    elif kind == "gap":
        context["purposes"] = list(record.purposes.all())
    context.update(
        workshop=workshop,
        team=team,
        step=step,
        cancel_url=step_url(workshop, team, step, f"{kind}-{record.pk}"),
    )
    status = 200
    if request.method == "POST":
        if refusal:
            status = 403
        elif not context["blocked"]:
            try:
                with transaction.atomic():
                    record_id = record.pk
                    record.delete()
            except ProtectedError as error:
                context["blocked"] = [
                    f"{obj._meta.verbose_name}: {obj}" for obj in error.protected_objects
                ]
                status = 409
            else:
                record_change(team, step, KIND, record_id, by=request.viewer.participant)
                return redirect(step_url(workshop, team, step, "mapping-board"))
        else:
            status = 409
    return render(request, "steps/mapping/delete_page.html", _page(request, context), status=status)


# --- Map: positions, pinning, SVG download -----------------------------------------------------


def _parse_coordinate(value, limit):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return max(0.0, min(limit, number))


@team_view
@require_POST
def actor_position(request, workshop, team, step, pk):
    """A node dragged on the map: store where it was dropped and pin it there."""
    actor = get_object_or_404(Actor, pk=pk, team=team)
    refusal = edit_refusal(request.viewer, team, step)
    if refusal:
        return JsonResponse({"error": refusal}, status=403)
    x = _parse_coordinate(request.POST.get("x"), layout.WIDTH)
    y = _parse_coordinate(request.POST.get("y"), layout.HEIGHT)
    if x is None or y is None:
        return JsonResponse({"error": _("Enter a number.")}, status=400)
    # Layout is not content: no version bump, so a drag never conflicts with someone's edit.
    Actor.objects.filter(pk=actor.pk).update(map_x=x, map_y=y, map_pinned=True)
    record_change(team, step, KIND, actor.pk, by=request.viewer.participant)
    return JsonResponse({"x": x, "y": y, "pinned": True})


@team_view
@require_POST
def actor_pin(request, workshop, team, step, pk):
    """The keyboard alternative to dragging: pin a node where it is now, or let it move again."""
    actor = get_object_or_404(Actor, pk=pk, team=team)
    refusal = edit_refusal(request.viewer, team, step)
    if refusal:
        return HttpResponse(refusal, status=403)
    if actor.map_pinned:
        Actor.objects.filter(pk=actor.pk).update(map_pinned=False)
    else:
        x, y = boards.load(team).map_positions()[actor.pk]
        Actor.objects.filter(pk=actor.pk).update(map_x=x, map_y=y, map_pinned=True)
    record_change(team, step, KIND, actor.pk, by=request.viewer.participant)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Trigger"] = CHANGED
        return response
    return redirect(step_url(workshop, team, step, f"actor-{actor.pk}"))


@team_view
@require_GET
def map_svg(request, workshop, team, step):
    context = {"board": boards.load(team), "standalone": True, "team": team}
    response = render(request, "steps/mapping/_map_svg.html", context, content_type="image/svg+xml")
    response["Content-Disposition"] = csvio.attachment(f"{team.name}-map.svg")
    return response


# --- CSV ---------------------------------------------------------------------------------------


@team_view
@require_GET
def export_actors(request, workshop, team, step):
    response = HttpResponse(csvio.actors_csv(boards.load(team)), content_type="text/csv")
    response["Content-Disposition"] = csvio.attachment(f"{team.name}-actors.csv")
    return response


@team_view
@require_GET
def export_flows(request, workshop, team, step):
    response = HttpResponse(csvio.flows_csv(boards.load(team)), content_type="text/csv")
    response["Content-Disposition"] = csvio.attachment(f"{team.name}-connections.csv")
    return response


@team_view
@require_http_methods(["GET", "POST"])
def import_csv(request, workshop, team, step):
    """Actors and connections from Kumu-style CSV files; any error and nothing is imported."""
    context = {"workshop": workshop, "team": team, "step": step, "errors": [], "result": None}
    status = 200
    if request.method == "POST":
        refusal = edit_refusal(request.viewer, team, step)
        if refusal:
            context["errors"] = [refusal]
            status = 403
        else:
            result = csvio.import_files(
                team,
                request.FILES.get("actors"),
                request.FILES.get("connections"),
                by=request.viewer.participant,
            )
            if result.errors:
                context["errors"] = result.errors
                status = 400
            else:
                record_change(team, step, KIND, by=request.viewer.participant)
                context["result"] = result
    context["can_edit"] = allowed(request.viewer, "edit_team", team, step)
    return render(request, "steps/mapping/import_page.html", _page(request, context), status=status)
