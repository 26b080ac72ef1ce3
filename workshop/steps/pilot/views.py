"""Step 4 endpoints: the pilot plan, test cards and results, risks, lessons with charter changes,
the decision and the next iteration.

Every form works without JavaScript (POST, then back to the step page, or the page again with the
typed values and messages) and with htmx (the section re-rendered in place). Saves go through
`save_team_record`, or the same access check and `record_change`.
"""

import re

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshop.facilitation.access import allowed, edit_refusal, team_view
from workshop.steps.editing import record_change, save_team_record
from workshop.steps.pilot import rules
from workshop.steps.pilot.charter import apply_change
from workshop.steps.pilot.completion import TeamPilots
from workshop.steps.pilot.forms import (
    CharterChangeForm,
    DecisionForm,
    HypothesisForm,
    LessonForm,
    PilotForm,
    ResultForm,
    RiskForm,
)
from workshop.steps.pilot.models import (
    CharterChange,
    Hypothesis,
    Lesson,
    Pilot,
    PilotDecision,
    PilotRisk,
)

KIND = "pilot"
T = "steps/pilot/"

# Records edited one at a time: model, form, the section template that lists them, page titles.
COLLECTIONS = {
    "hypotheses": (
        Hypothesis,
        HypothesisForm,
        "_hypotheses.html",
        gettext_noop("Add a test card"),
        gettext_noop("Edit test card"),
    ),
    "risks": (
        PilotRisk,
        RiskForm,
        "_risks.html",
        gettext_noop("Add a risk"),
        gettext_noop("Edit risk"),
    ),
    "lessons": (
        Lesson,
        LessonForm,
        "_lessons.html",
        gettext_noop("Add a lesson"),
        gettext_noop("Edit lesson"),
    ),
    "changes": (
        CharterChange,
        CharterChangeForm,
        "_lessons.html",
        gettext_noop("Propose a charter change"),
        gettext_noop("Edit charter change"),
    ),
}
PARTS = {"plan", "hypotheses", "risks", "lessons", "decision"}


def page(workshop, team, step, pilot=None, anchor="pilot"):
    url = redirect("steps:page", workshop.pk, team.pk, step.position).url
    if pilot is not None:
        url += f"?pilot={pilot.iteration}"
    return redirect(f"{url}#{anchor}")


def charter_step(workshop):
    return next((s for s in workshop.steps.all() if s.kind == "governance"), None)


def tool_context(request, workshop, team, step, forms=None, iteration=None, **extra):
    """What the tool's templates need; `forms` (and `request.pilot_forms`) replace fresh forms with
    the ones just submitted, so typed values and messages come back."""
    viewer = request.viewer
    forms = {**getattr(request, "pilot_forms", {}), **(forms or {})}
    loaded = TeamPilots.load(team)
    team._pilots = loaded  # the step's checks, rendered next, reuse it (completion.py)
    pilots = loaded.pilots
    if iteration is None:
        try:
            iteration = int(request.GET.get("pilot", ""))
        except ValueError:
            iteration = None
    pilot = next((p for p in pilots if p.iteration == iteration), pilots[-1] if pilots else None)
    can_edit = allowed(viewer, "edit_team", team, step)
    context = {
        "workshop": workshop,
        "team": team,
        "step": step,
        "viewer": viewer,
        "can_edit": can_edit,
        "is_own_team": viewer.team_id == team.pk,
        "pilots": pilots,
        "pilot": pilot,
        "charter_step": charter_step(workshop),
        "results": rules.RESULTS,
    }
    if pilot is None:
        context["pilot_form"] = forms.get("pilot") or PilotForm(team=team)
    else:
        pilot.is_latest = pilot is pilots[-1]
        context["hypotheses_form"] = forms.get("hypotheses") or HypothesisForm(
            team=team, pilot=pilot
        )
        context["risks_form"] = forms.get("risks") or RiskForm(team=team, pilot=pilot)
        context["lessons_form"] = forms.get("lessons") or LessonForm(team=team, pilot=pilot)
        context["decision_form"] = forms.get("decision") or DecisionForm(
            team=team, pilot=pilot, instance=pilot.decision_record
        )
        context["liabilities_missing"] = [
            label
            for code, label in PilotRisk.Category.choices
            if code in PilotRisk.LIABILITIES
            and code not in {r.category for r in pilot_risks(pilot)}
        ]
    context.update(extra)
    return context


def pilot_risks(pilot):
    if not hasattr(pilot, "risk_list"):
        pilot.risk_list = list(pilot.risks.select_related("owner__actor"))
    return pilot.risk_list


def _page_with(request, workshop, team, step, status, **forms):
    """Without JavaScript: the whole step page again, the failed form filled in as typed."""
    from workshop.steps.views import step_page

    request.pilot_forms = forms
    response = step_page.__wrapped__(request, workshop, team, step)
    response.status_code = status
    return response


def _pilot(team, iteration):
    return get_object_or_404(Pilot, team=team, iteration=iteration)


def _section_response(request, workshop, team, step, pilot, template, status, **forms):
    context = tool_context(request, workshop, team, step, forms=forms, iteration=pilot.iteration)
    return render(request, T + template + "#section", context, status=status)


# --- The pilot itself ---------------------------------------------------------------------------


@team_view
@require_http_methods(["GET", "POST"])
def new_pilot(request, workshop, team, step):
    """The first pilot (later ones start from "Start iteration N")."""
    if request.method == "GET":
        return page(workshop, team, step)
    form = PilotForm(request.POST, team=team)
    form.instance.iteration = (
        Pilot.objects.filter(team=team).aggregate(n=Max("iteration"))["n"] or 0
    ) + 1
    record, status = save_team_record(request, form, team, step, KIND)
    if record is not None:
        messages.success(request, _("Pilot saved. Now write its test cards."))
        return page(workshop, team, step, record)
    return _page_with(request, workshop, team, step, status, pilot=form)


@team_view
@require_http_methods(["GET", "POST"])
def edit_pilot(request, workshop, team, step, iteration):
    pilot = _pilot(team, iteration)
    status = 200
    if request.method == "POST":
        form = PilotForm(request.POST, instance=pilot, team=team)
        saved, status = save_team_record(request, form, team, step, KIND)
        if saved is not None:
            messages.success(request, _("Saved."))
            return page(workshop, team, step, pilot, "pilot-plan")
    else:
        form = PilotForm(instance=pilot, team=team)
    return _form_page(
        request, workshop, team, step, pilot, form, _("Edit the pilot plan"), "pilot-plan", status
    )


def _form_page(request, workshop, team, step, pilot, form, title, anchor, status, record=None):
    from workshop.steps.views import live_context

    context = live_context(request, workshop, step)
    context.update(
        team=team,
        step=step,
        pilot=pilot,
        form=form,
        title=title,
        record=record,
        anchor=anchor,
        can_edit=allowed(request.viewer, "edit_team", team, step),
        refusal=edit_refusal(request.viewer, team, step),
    )
    return render(request, T + "edit.html", context, status=status)


@team_view
@require_POST
def next_iteration(request, workshop, team, step, iteration):
    """Iteration N+1 starts from this one: scope, parties and the cards still to prove."""
    source = _pilot(team, iteration)
    refusal = edit_refusal(request.viewer, team, step)
    if refusal:
        messages.error(request, refusal)
        return page(workshop, team, step, source)
    by = request.viewer.participant
    with transaction.atomic():
        latest = Pilot.objects.filter(team=team).aggregate(n=Max("iteration"))["n"] or 0
        base = re.sub(r"\s+\d+$", "", source.title)
        from workshop.steps.governance.models import CharterVersion

        version = CharterVersion.objects.filter(charter__team=team).order_by("number").last()
        pilot = Pilot.objects.create(
            team=team,
            title=f"{base} {latest + 1}"[:200],
            iteration=latest + 1,
            objective=source.objective,
            scope=source.scope,
            budget_cash=source.budget_cash,
            charter_version=version or source.charter_version,
            created_by=by,
            updated_by=by,
        )
        pilot.parties.set(source.parties.all())
        for card in source.hypotheses.all():
            data = rules.HypothesisData(
                "",
                "",
                card.title,
                comparator=card.comparator,
                target_value=card.target_value,
                target_value_max=card.target_value_max,
                result_value=card.result_value,
                result_override=card.result_override,
            )
            if rules.hypothesis_result(data) in (rules.NOT_TESTED, rules.INVALIDATED):
                card.pk = None
                card.pilot = pilot
                card.version = 1
                card.result_value = None
                card.result_override = ""
                card.result_note = ""
                card.created_by = card.updated_by = by
                card.save()
    record_change(team, step, KIND, pilot.pk, by=by)
    messages.success(request, _("Iteration %(n)s started. Set its dates.") % {"n": pilot.iteration})
    return page(workshop, team, step, pilot)


# --- Records of a pilot: the live lists, add, edit, delete ----------------------------------------


@team_view
@require_GET
def part(request, workshop, team, step, iteration, name):
    """A section's list alone: what teammates' screens fetch on the live event."""
    if name not in PARTS:
        raise Http404
    pilot = _pilot(team, iteration)
    context = tool_context(request, workshop, team, step, iteration=pilot.iteration)
    return render(request, T + f"_{name}.html#list", context)


@team_view
@require_http_methods(["GET", "POST"])
def add_record(request, workshop, team, step, iteration, collection, lesson_id=None):
    if collection not in COLLECTIONS:
        raise Http404
    _model, form_class, template, add_title, _edit_title = COLLECTIONS[collection]
    pilot = _pilot(team, iteration)
    extra = {}
    if collection == "changes":
        extra["lesson"] = get_object_or_404(Lesson, pk=lesson_id, team=team, pilot=pilot)
    elif lesson_id is not None:
        raise Http404
    if request.method == "GET":
        form = form_class(team=team, pilot=pilot, **extra)
        return _form_page(request, workshop, team, step, pilot, form, _(add_title), collection, 200)
    form = form_class(request.POST, team=team, pilot=pilot, **extra)
    record, status = save_team_record(request, form, team, step, KIND)
    if not request.htmx:
        if record is not None:
            messages.success(request, _("Saved."))
            return page(workshop, team, step, pilot, f"pilot-{collection}")
        if collection == "changes":
            return _form_page(
                request, workshop, team, step, pilot, form, _(add_title), collection, status
            )
        return _page_with(request, workshop, team, step, status, **{collection: form})
    fresh = {} if record is not None else {collection: form}
    return _section_response(request, workshop, team, step, pilot, template, status, **fresh)


def _record(collection, team, pilot, pk):
    model = COLLECTIONS[collection][0]
    if model is CharterChange:
        return get_object_or_404(model, pk=pk, team=team, lesson__pilot=pilot)
    return get_object_or_404(model, pk=pk, team=team, pilot=pilot)


@team_view
@require_http_methods(["GET", "POST"])
def edit_record(request, workshop, team, step, iteration, collection, pk):
    if collection not in COLLECTIONS:
        raise Http404
    _model, form_class, _template, _add_title, edit_title = COLLECTIONS[collection]
    pilot = _pilot(team, iteration)
    record = _record(collection, team, pilot, pk)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, instance=record, team=team, pilot=pilot)
        saved, status = save_team_record(request, form, team, step, KIND)
        if saved is not None:
            messages.success(request, _("Saved."))
            return page(workshop, team, step, pilot, f"pilot-{collection}")
    else:
        form = form_class(instance=record, team=team, pilot=pilot)
    return _form_page(
        request, workshop, team, step, pilot, form, _(edit_title), collection, status, record
    )


@team_view
@require_http_methods(["GET", "POST"])
def record_result(request, workshop, team, step, iteration, pk):
    """What the pilot showed for one test card."""
    pilot = _pilot(team, iteration)
    card = _record("hypotheses", team, pilot, pk)
    status = 200
    if request.method == "POST":
        form = ResultForm(request.POST, instance=card, team=team, pilot=pilot)
        saved, status = save_team_record(request, form, team, step, KIND)
        if saved is not None:
            messages.success(request, _("Result saved."))
            return page(workshop, team, step, pilot, f"card-{card.pk}")
    else:
        form = ResultForm(instance=card, team=team, pilot=pilot)
    return _form_page(
        request,
        workshop,
        team,
        step,
        pilot,
        form,
        _("Record the result"),
        "hypotheses",
        status,
        card,
    )


@team_view
@require_http_methods(["GET", "POST"])
def delete_record(request, workshop, team, step, iteration, collection, pk):
    if collection not in COLLECTIONS:
        raise Http404
    pilot = _pilot(team, iteration)
    record = _record(collection, team, pilot, pk)
    refusal = edit_refusal(request.viewer, team, step)
    status = 200
    if request.method == "POST":
        if refusal:
            status = 403
        else:
            with transaction.atomic():
                record.delete()
            record_change(team, step, KIND, by=request.viewer.participant)
            messages.success(request, _("Deleted."))
            return page(workshop, team, step, pilot, f"pilot-{collection}")
    from workshop.steps.views import live_context

    context = live_context(request, workshop, step)
    context.update(
        team=team,
        step=step,
        pilot=pilot,
        record=record,
        anchor=f"pilot-{collection}",
        consequences=consequences(record),
        refusal=refusal,
    )
    return render(request, T + "confirm_delete.html", context, status=status)


def consequences(record) -> list[str]:
    """What else a delete removes, with counts (DOMAIN.md 1.5)."""
    if isinstance(record, Lesson):
        n = record.charter_changes.count()
        return [_("%(n)d proposed charter changes") % {"n": n}] if n else []
    return []


# --- Charter changes and the decision -----------------------------------------------------------


@team_view
@require_POST
def apply_to_charter(request, workshop, team, step, iteration, pk):
    """Records a lesson's change on the charter draft; the next published version carries it."""
    pilot = _pilot(team, iteration)
    change = _record("changes", team, pilot, pk)
    refusal = edit_refusal(request.viewer, team, step)
    if refusal:
        messages.error(request, refusal)
        return page(workshop, team, step, pilot, "pilot-lessons")
    by = request.viewer.participant
    appended = apply_change(change, by)
    record_change(team, step, KIND, change.pk, by=by)
    if appended:
        messages.success(
            request,
            _("Added to the charter draft. The lead publishes it in the next version."),
        )
    else:
        messages.success(
            request,
            _(
                "Marked as applied. Make the change in the charter section; the next published"
                " version records it."
            ),
        )
    if request.htmx:
        return _section_response(request, workshop, team, step, pilot, "_lessons.html", 200)
    return page(workshop, team, step, pilot, f"change-{change.pk}")


@team_view
@require_http_methods(["GET", "POST"])
def decision(request, workshop, team, step, iteration):
    pilot = _pilot(team, iteration)
    if request.method == "GET":
        return page(workshop, team, step, pilot, "pilot-decision")
    instance = PilotDecision.objects.filter(pilot=pilot).first()
    form = DecisionForm(request.POST, instance=instance, team=team, pilot=pilot)
    record, status = save_team_record(request, form, team, step, KIND)
    if not request.htmx:
        if record is not None:
            messages.success(request, _("Decision saved."))
            return page(workshop, team, step, pilot, "pilot-decision")
        return _page_with(request, workshop, team, step, status, decision=form)
    fresh = {} if record is not None else {"decision": form}
    return _section_response(
        request, workshop, team, step, pilot, "_decision.html", status, **fresh
    )
