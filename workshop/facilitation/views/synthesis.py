"""The facilitator's views across teams: step 1 (actor clusters and maps side by side), step 2 (weights,
rankings and shared candidates), step 3 (charters), step 4 (pilots), step 5 (scaling, indicators,
health) and the alerts list (DOMAIN.md 10). Tabs above the console's grid.

Each page is one partial refetched on `progress-changed`, so it follows the teams live.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workshop.facilitation import events
from workshop.facilitation.access import allowed, facilitator_required
from workshop.facilitation.models import ActorClusterLink
from workshop.facilitation.synthesis import suggestions
from workshop.facilitation.synthesis.alerts import alert_rows, steps_of_kind
from workshop.facilitation.synthesis.alignment import Step2AcrossTeams
from workshop.facilitation.synthesis.forms import ClusterDecisionForm
from workshop.facilitation.synthesis.governance import Step3AcrossTeams
from workshop.facilitation.synthesis.mapping import Step1AcrossTeams
from workshop.facilitation.synthesis.pilot import Step4AcrossTeams
from workshop.facilitation.synthesis.scale import Step5AcrossTeams
from workshop.steps.registry import PATTERN_KINDS

MAPPING = "facilitation/synthesis/mapping.html"
ALIGNMENT = "facilitation/synthesis/alignment.html"
GOVERNANCE = "facilitation/synthesis/governance.html"
PILOT = "facilitation/synthesis/pilot.html"
SCALE = "facilitation/synthesis/scale.html"
ALERTS = "facilitation/synthesis/alerts.html"
EPD_KINDS = PATTERN_KINDS["ecosystem-partnership-design"]


def _base(request, workshop, active):
    steps = list(workshop.steps.all())
    return {
        "workshop": workshop,
        "viewer": request.viewer,
        "steps": steps,
        "teams": list(workshop.teams.all()),
        "active": active,
        "can_decide": allowed(request.viewer, "control_flow"),
    }


def mapping_context(request, workshop, form=None):
    context = _base(request, workshop, "mapping")
    context["step"] = steps_of_kind(context["steps"], "mapping")
    across = Step1AcrossTeams(workshop, context["teams"])
    context["across"] = across
    context["merge_form"] = form or ClusterDecisionForm(cluster_map=across.map)
    return context


def alignment_context(request, workshop):
    context = _base(request, workshop, "alignment")
    context["step"] = steps_of_kind(context["steps"], "alignment")
    context["across"] = Step2AcrossTeams(workshop, context["teams"])
    context["mapping_step"] = steps_of_kind(context["steps"], "mapping")
    if context["step"] and context["teams"]:  # the page shows nothing else without them
        context["suggestions"] = suggestions.by_team(workshop, context["teams"])
    return context


def _step_context(request, workshop, kind, across):
    """The page of one step kind; nothing is read when the agenda has no such step."""
    context = _base(request, workshop, kind)
    step = context["step"] = steps_of_kind(context["steps"], kind)
    # The heading's step number: the agenda's, else the pattern's own.
    context["position"] = step.position if step else EPD_KINDS.index(kind) + 1
    if step is not None:
        context["across"] = across(context)
    return context


def governance_context(request, workshop):
    return _step_context(
        request, workshop, "governance", lambda c: Step3AcrossTeams(workshop, c["teams"])
    )


def pilot_context(request, workshop):
    return _step_context(
        request,
        workshop,
        "pilot",
        lambda c: Step4AcrossTeams(
            workshop, c["teams"], charter_step=steps_of_kind(c["steps"], "governance")
        ),
    )


def scale_context(request, workshop):
    return _step_context(
        request, workshop, "scale", lambda c: Step5AcrossTeams(workshop, c["teams"])
    )


def alerts_context(request, workshop):
    context = _base(request, workshop, "alerts")
    context["alerts"] = alert_rows(workshop, context["steps"], context["teams"])
    return context


def _page_and_part(name, template, context):
    """A read-only page and its live partial (`#body`, refetched on `progress-changed`)."""

    @facilitator_required
    @require_GET
    def page(request, workshop):
        return render(request, template, context(request, workshop))

    @facilitator_required
    @require_GET
    def part(request, workshop):
        return render(request, f"{template}#body", context(request, workshop))

    page.__name__, part.__name__ = name, f"{name}_part"
    return page, part


mapping, mapping_part = _page_and_part("mapping", MAPPING, mapping_context)
alignment, alignment_part = _page_and_part("alignment", ALIGNMENT, alignment_context)
governance, governance_part = _page_and_part("governance", GOVERNANCE, governance_context)
pilot, pilot_part = _page_and_part("pilot", PILOT, pilot_context)
scale, scale_part = _page_and_part("scale", SCALE, scale_context)
alerts, alerts_part = _page_and_part("alerts", ALERTS, alerts_context)


def _decided(request, workshop, notice):
    """After a merge, a split or an undo: other facilitators' screens refetch; this one re-renders."""
    events.announce(workshop.pk, events.PROGRESS_CHANGED, {"clusters": True})
    if not request.htmx:
        messages.success(request, notice)
        return redirect("facilitation:across_mapping", workshop.pk)
    context = mapping_context(request, workshop)
    context["notice"] = notice
    return _mapping_parts(request, context)


def _mapping_parts(request, context, status=200):
    """The page's live body (the htmx target) and the merge form, swapped out of band."""
    return HttpResponse(
        render_to_string(f"{MAPPING}#body", context, request)
        + render_to_string(f"{MAPPING}#merge", {**context, "oob": True}, request)
        + render_to_string(f"{MAPPING}#notice", {**context, "oob": True}, request),
        status=status,
    )


@facilitator_required
@require_POST
def decide(request, workshop):
    if not allowed(request.viewer, "control_flow"):
        raise PermissionDenied
    context = mapping_context(request, workshop)
    form = ClusterDecisionForm(request.POST, cluster_map=context["across"].map)
    if not form.is_valid():
        context["merge_form"] = form
        if request.htmx:
            return _mapping_parts(request, context, status=400)
        return render(request, MAPPING, context, status=400)
    link = form.save(workshop, request.user)
    names = {m.key: m.name for c in context["across"].map.clusters for m in c.members}
    parts = {"a": names[link.name_key_a], "b": names[link.name_key_b]}
    if link.decision == ActorClusterLink.Decision.SAME:
        notice = _("“%(a)s” and “%(b)s” are now one actor.") % parts
    else:
        notice = _("“%(a)s” and “%(b)s” are kept apart.") % parts
    return _decided(request, workshop, notice)


@facilitator_required
@require_POST
def undo(request, workshop, link_id):
    if not allowed(request.viewer, "control_flow"):
        raise PermissionDenied
    link = get_object_or_404(ActorClusterLink, pk=link_id, workshop=workshop)
    link.delete()
    return _decided(request, workshop, _("Decision undone; the automatic matching applies again."))
