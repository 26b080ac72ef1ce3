"""Step 5 endpoints: the scaling plan and its actions, indicators and readings, health checks (in the
team's screen or through an e-mailed link), vitality and decay signals, and the forces again.

Every form works without JavaScript (POST, then back to the step page, or the page again with the
typed values and messages) and with htmx (the section re-rendered in place). Team saves go through
`save_team_record`, or the same access check and `record_change`.
"""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshop.facilitation.access import allowed, edit_refusal, team_view
from workshop.policies import by_link
from workshop.steps.editing import record_change, save_team_record
from workshop.steps.governance.models import CharterParty
from workshop.steps.links import link_for, send_link
from workshop.steps.mapping.forms import ForceAssessmentForm
from workshop.steps.mapping.models import Force, ForceAssessment
from workshop.steps.scale import rules
from workshop.steps.scale.charts import trend_chart
from workshop.steps.scale.completion import TeamScale
from workshop.steps.scale.forms import (
    HealthCheckForm,
    HealthResponseForm,
    IndicatorForm,
    InviteForm,
    ReadingForm,
    ScalingActionForm,
    ScalingPlanForm,
    VitalitySignalForm,
)
from workshop.steps.scale.models import (
    HealthCheck,
    HealthCheckInvite,
    Indicator,
    IndicatorReading,
    ScalingAction,
    ScalingPlan,
    VitalitySignal,
)

KIND = "scale"
T = "steps/scale/"
SCALE_STEP = 5

# Records edited one at a time: model, form, section, page titles.
COLLECTIONS = {
    "actions": (
        ScalingAction,
        ScalingActionForm,
        "plan",
        gettext_noop("Add a scaling action"),
        gettext_noop("Edit scaling action"),
    ),
    "indicators": (
        Indicator,
        IndicatorForm,
        "indicators",
        gettext_noop("Add an indicator"),
        gettext_noop("Edit indicator"),
    ),
    "checks": (
        HealthCheck,
        HealthCheckForm,
        "checks",
        gettext_noop("Schedule a health check"),
        gettext_noop("Edit health check"),
    ),
    "signals": (
        VitalitySignal,
        VitalitySignalForm,
        "signals",
        gettext_noop("Log a sign"),
        gettext_noop("Edit sign"),
    ),
}
PARTS = {"plan", "indicators", "checks", "signals", "forces"}


def page(workshop, team, step, anchor="scale"):
    return redirect(
        reverse("steps:page", args=[workshop.pk, team.pk, step.position]) + f"#{anchor}"
    )


def preset_initial(key):
    preset = next((p for p in rules.INDICATOR_TEMPLATES if p.key == key), None)
    if preset is None:
        return {}
    return {
        "name": str(preset.name),
        "indicator_type": preset.indicator_type,
        "unit": preset.unit,
        "direction": preset.direction,
    }


def tool_context(request, workshop, team, step, forms=None, **extra):
    """What the tool's templates need; `forms` (and `request.scale_forms`) replace fresh forms with
    the ones just submitted, so typed values and messages come back."""
    viewer = request.viewer
    forms = {**getattr(request, "scale_forms", {}), **(forms or {})}
    scale = TeamScale.load(team)
    team._scale = scale  # the step's checks, rendered next, reuse it (completion.py)
    for indicator in scale.indicators:
        indicator.chart = trend_chart(indicator)
        indicator.reading_form = forms.get(f"reading-{indicator.pk}") or ReadingForm(
            team=team, indicator=indicator
        )
    for check in scale.checks:
        check.invite_form = forms.get(f"invite-{check.pk}") or InviteForm(health_check=check)
    positions = {}
    for force in scale.forces:
        positions.setdefault(force.force, {})[force.recorded_in_step] = force
    force_rows = []
    for code, label in Force.choices:
        now = positions.get(code, {}).get(SCALE_STEP)
        force_rows.append(
            {
                "code": code,
                "label": label,
                "then": positions.get(code, {}).get(1),
                "now": now,
                "form": forms.get(f"force-{code}")
                or ForceAssessmentForm(
                    instance=now or ForceAssessment(team=team),
                    team=team,
                    force=code,
                    recorded_in_step=SCALE_STEP,
                    auto_id=f"id_force_{code}_%s",
                ),
            }
        )
    preset = request.GET.get("preset", "") if request.method == "GET" else ""
    context = {
        "workshop": workshop,
        "team": team,
        "step": step,
        "viewer": viewer,
        "can_edit": allowed(viewer, "edit_team", team, step),
        "is_own_team": viewer.team_id == team.pk,
        "show_per_respondent": viewer.is_facilitator,
        "scale": scale,
        "alerts": scale.alerts(),
        "heatmap": heatmap(scale.checks),
        "force_rows": force_rows,
        "presets": [
            p
            for p in rules.INDICATOR_TEMPLATES
            if str(p.name).casefold() not in {i.name.casefold() for i in scale.indicators}
        ],
        "plan_form": forms.get("plan") or ScalingPlanForm(instance=scale.plan, team=team),
        "actions_form": forms.get("actions") or ScalingActionForm(team=team),
        "indicators_form": forms.get("indicators")
        or IndicatorForm(team=team, initial=preset_initial(preset)),
        "indicators_open": bool(preset),
        "checks_form": forms.get("checks") or HealthCheckForm(team=team),
        "signals_form": forms.get("signals") or VitalitySignalForm(team=team),
    }
    context.update(extra)
    return context


def heatmap(checks):
    """Dimensions by checks (held ones with answers), each cell the score and its word."""
    held = [c for c in checks if c.response_list]
    rows = []
    for code, label in rules.HEALTH_DIMENSIONS:
        cells = []
        for check in held:
            score = check.scores.dimensions[code]
            cells.append(
                {"pct": score.score_pct, "band": band(score.score_pct), "discuss": score.discuss}
            )
        rows.append({"label": label, "cells": cells})
    return {"checks": held, "rows": rows}


def band(pct):
    """The cell's word: the same thresholds a respondent's green / amber / red mean in points."""
    if pct is None:
        return rules.GREY
    if pct >= 75:
        return rules.GREEN
    return rules.AMBER if pct >= 50 else rules.RED


def _page_with(request, workshop, team, step, status, **forms):
    """Without JavaScript: the whole step page again, the failed form filled in as typed."""
    from workshop.steps.views import step_page

    request.scale_forms = forms
    response = step_page.__wrapped__(request, workshop, team, step)
    response.status_code = status
    return response


def _section(request, workshop, team, step, name, status=200, **forms):
    context = tool_context(request, workshop, team, step, forms=forms)
    return render(request, T + f"_{name}.html#section", context, status=status)


def _respond(request, workshop, team, step, section, record, status, key, form):
    """After a POST: htmx gets the section; a browser without JS the page (or the page again)."""
    if request.htmx:
        fresh = {} if record is not None else {key: form}
        return _section(request, workshop, team, step, section, status, **fresh)
    if record is not None:
        messages.success(request, _("Saved."))
        return page(workshop, team, step, f"scale-{section}")
    return _page_with(request, workshop, team, step, status, **{key: form})


def _form_page(request, workshop, team, step, form, title, anchor, status, record=None, **extra):
    from workshop.steps.views import live_context

    context = live_context(request, workshop, step)
    context.update(
        team=team,
        step=step,
        form=form,
        title=title,
        record=record,
        anchor=anchor,
        can_edit=allowed(request.viewer, "edit_team", team, step),
        refusal=edit_refusal(request.viewer, team, step),
        **extra,
    )
    return render(request, T + "edit.html", context, status=status)


# --- Live lists -------------------------------------------------------------------------------


@team_view
@require_GET
def part(request, workshop, team, step, name):
    """A section's list alone: what teammates' screens fetch on the live event."""
    if name not in PARTS:
        raise Http404
    return render(request, T + f"_{name}.html#list", tool_context(request, workshop, team, step))


# --- The plan and the one-at-a-time records ------------------------------------------------------


@team_view
@require_http_methods(["GET", "POST"])
def plan(request, workshop, team, step):
    if request.method == "GET":
        return page(workshop, team, step, "scale-plan")
    instance = ScalingPlan.objects.filter(team=team).first()
    form = ScalingPlanForm(request.POST, instance=instance, team=team)
    record, status = save_team_record(request, form, team, step, KIND)
    return _respond(request, workshop, team, step, "plan", record, status, "plan", form)


@team_view
@require_http_methods(["GET", "POST"])
def add_record(request, workshop, team, step, collection):
    if collection not in COLLECTIONS:
        raise Http404
    _model, form_class, section, add_title, _edit = COLLECTIONS[collection]
    if request.method == "GET":
        initial = (
            preset_initial(request.GET.get("preset", "")) if collection == "indicators" else {}
        )
        form = form_class(team=team, initial=initial)
        return _form_page(
            request, workshop, team, step, form, _(add_title), f"scale-{section}", 200
        )
    form = form_class(request.POST, team=team)
    record, status = save_team_record(request, form, team, step, KIND)
    return _respond(request, workshop, team, step, section, record, status, collection, form)


def _record(collection, team, pk):
    return get_object_or_404(COLLECTIONS[collection][0], pk=pk, team=team)


@team_view
@require_http_methods(["GET", "POST"])
def edit_record(request, workshop, team, step, collection, pk):
    if collection not in COLLECTIONS:
        raise Http404
    _model, form_class, section, _add, edit_title = COLLECTIONS[collection]
    record = _record(collection, team, pk)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, instance=record, team=team)
        saved, status = save_team_record(request, form, team, step, KIND)
        if saved is not None:
            messages.success(request, _("Saved."))
            return page(workshop, team, step, f"scale-{section}")
    else:
        form = form_class(instance=record, team=team)
    return _form_page(
        request, workshop, team, step, form, _(edit_title), f"scale-{section}", status, record
    )


@team_view
@require_http_methods(["GET", "POST"])
def delete_record(request, workshop, team, step, collection, pk):
    if collection not in COLLECTIONS:
        raise Http404
    section = COLLECTIONS[collection][2]
    record = _record(collection, team, pk)
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
            return page(workshop, team, step, f"scale-{section}")
    from workshop.steps.views import live_context

    context = live_context(request, workshop, step)
    context.update(
        team=team,
        step=step,
        record=record,
        anchor=f"scale-{section}",
        consequences=consequences(record),
        refusal=refusal,
    )
    return render(request, T + "confirm_delete.html", context, status=status)


def consequences(record) -> list[str]:
    """What else a delete removes, with counts (DOMAIN.md 1.5)."""
    if isinstance(record, Indicator):
        n = record.readings.count()
        return [_("%(n)d readings") % {"n": n}] if n else []
    if isinstance(record, HealthCheck):
        n = record.responses.count()
        return [_("%(n)d responses") % {"n": n}] if n else []
    return []


# --- Readings ---------------------------------------------------------------------------------


@team_view
@require_http_methods(["GET", "POST"])
def add_reading(request, workshop, team, step, pk):
    indicator = get_object_or_404(Indicator, pk=pk, team=team)
    if request.method == "GET":
        return page(workshop, team, step, f"indicator-{indicator.pk}")
    form = ReadingForm(request.POST, team=team, indicator=indicator)
    record, status = save_team_record(request, form, team, step, KIND)
    return _respond(
        request, workshop, team, step, "indicators", record, status, f"reading-{pk}", form
    )


@team_view
@require_http_methods(["GET", "POST"])
def delete_reading(request, workshop, team, step, pk):
    reading = get_object_or_404(IndicatorReading, pk=pk, team=team)
    if request.method == "GET":
        return page(workshop, team, step, f"indicator-{reading.indicator_id}")
    refusal = edit_refusal(request.viewer, team, step)
    if refusal:
        messages.error(request, refusal)
    else:
        reading.delete()
        record_change(team, step, KIND, by=request.viewer.participant)
        messages.success(request, _("Reading deleted."))
    return page(workshop, team, step, f"indicator-{reading.indicator_id}")


# --- Health checks ----------------------------------------------------------------------------


def _parties_to_answer(check):
    answered = check.responses.values_list("respondent_party_id", flat=True)
    return (
        CharterParty.objects.filter(charter__team=check.team)
        .exclude(pk__in=answered)
        .select_related("actor")
    )


@team_view
@require_http_methods(["GET", "POST"])
def respond(request, workshop, team, step, pk):
    """One party's answer typed in the team's own screen (one screen per respondent, UX.md)."""
    check = get_object_or_404(HealthCheck, pk=pk, team=team)
    parties = _parties_to_answer(check)
    status = 200
    if request.method == "POST":
        form = HealthResponseForm(request.POST, parties=parties)
        refusal = edit_refusal(request.viewer, team, step)
        if refusal:
            form.is_valid()
            form.add_error(None, refusal)
            status = 403
        elif form.is_valid():
            try:
                with transaction.atomic():
                    form.save(
                        check, form.cleaned_data["respondent_party"], request.viewer.participant
                    )
            except IntegrityError:  # the party's link was answered a moment ago
                form.add_error("respondent_party", _("This party has already answered."))
                status = 409
            else:
                record_change(team, step, KIND, check.pk, by=request.viewer.participant)
                messages.success(request, _("Answers saved."))
                return page(workshop, team, step, f"check-{check.pk}")
        else:
            status = 400
    else:
        form = HealthResponseForm(parties=parties)
    return _form_page(
        request,
        workshop,
        team,
        step,
        form,
        _("Health check"),
        f"check-{check.pk}",
        status,
        check,
        health_check=check,
        response_form=True,
    )


@team_view
@require_POST
def invite(request, workshop, team, step, pk):
    """E-mails a party's respondent a link that takes one answer, until it is used or expires."""
    check = get_object_or_404(HealthCheck, pk=pk, team=team)
    form = InviteForm(request.POST, health_check=check)
    refusal = edit_refusal(request.viewer, team, step)
    status = 200
    record = None
    if refusal:
        form.is_valid()
        form.add_error(None, refusal)
        status = 403
    elif not form.is_valid():
        status = 400
    else:
        try:
            with transaction.atomic():
                record = form.save()
        except IntegrityError:
            form.add_error("party", _("This party already has a link."))
            status = 409
        else:
            send_invite(request, record)
            record_change(team, step, KIND, check.pk, by=request.viewer.participant)
    if request.htmx:
        fresh = {} if record is not None else {f"invite-{check.pk}": form}
        return _section(request, workshop, team, step, "checks", status, **fresh)
    if record is not None:
        messages.success(request, _("Link sent to %(email)s.") % {"email": record.email})
        return page(workshop, team, step, f"check-{check.pk}")
    return _page_with(request, workshop, team, step, status, **{f"invite-{check.pk}": form})


def send_invite(request, invite):
    link = link_for(request, "health:respond", invite.token)
    party = invite.party.actor.name
    subject = _("Partnership health check: your view for %(party)s") % {"party": party}
    body = _(
        "You are asked to rate the health of the partnership for %(party)s: seven short questions,"
        " green, amber or red.\n\n%(link)s\n\nThe link works once and until %(date)s."
    ) % {"party": party, "link": link, "date": invite.expires_on.isoformat()}
    send_link(subject, body, invite.email)


@by_link  # one response per link, until it is used or expires
@require_http_methods(["GET", "POST"])
def respond_by_link(request, token):
    invite = (
        HealthCheckInvite.objects.filter(token=token)
        .select_related("health_check__team", "party__actor")
        .first()
    )
    if invite is None:
        raise Http404
    context = {"invite": invite, "check": invite.health_check, "party": invite.party}
    if invite.used_at is not None:
        context["gone"] = _("This link has been used: the answers for this party are in.")
        return render(request, T + "respond_public.html", context, status=410)
    if not invite.usable():
        context["gone"] = _("This link has expired. Ask the team for a new one.")
        return render(request, T + "respond_public.html", context, status=410)
    status = 200
    if request.method == "POST":
        form = HealthResponseForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                # Locks the invite, so two submits of the same link store one answer.
                claimed = HealthCheckInvite.objects.filter(pk=invite.pk, used_at=None).update(
                    used_at=timezone.now()
                )
                answered = invite.health_check.responses.filter(
                    respondent_party=invite.party
                ).exists()
                if claimed and not answered:
                    form.save(invite.health_check, invite.party)
            if not claimed or answered:
                context["gone"] = _("This link has been used: the answers for this party are in.")
                return render(request, T + "respond_public.html", context, status=410)
            team = invite.health_check.team
            step = team.workshop.steps.filter(kind=KIND).first()
            if step is not None:
                record_change(team, step, KIND, invite.health_check_id)
            context["thanks"] = True
            return render(request, T + "respond_public.html", context)
        status = 400
    else:
        form = HealthResponseForm()
    context["form"] = form
    return render(request, T + "respond_public.html", context, status=status)


# --- Signals and forces -----------------------------------------------------------------------


@team_view
@require_POST
def force(request, workshop, team, step, force):
    """Where the team stands on a tension now, recorded in step 5 beside its step-1 position."""
    if force not in Force.values:
        raise Http404
    instance = ForceAssessment.objects.filter(
        team=team, force=force, recorded_in_step=SCALE_STEP
    ).first() or ForceAssessment(team=team)
    form = ForceAssessmentForm(
        request.POST,
        instance=instance,
        team=team,
        force=force,
        recorded_in_step=SCALE_STEP,
        auto_id=f"id_force_{force}_%s",
    )
    record, status = save_team_record(request, form, team, step, KIND)
    return _respond(request, workshop, team, step, "forces", record, status, f"force-{force}", form)
