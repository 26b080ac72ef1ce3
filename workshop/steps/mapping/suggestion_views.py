"""The Suggestions panel of step 1 (issue 18): list, accept, dismiss and restore.

Accepting goes through the same forms and save path as typing the record in: a partner suggestion
becomes a step 2 candidate (so step 2's lock applies), a flow suggestion a proposed flow on the map.
Dismissals are the only stored state; a suggestion is named by (kind, actor id, partner id).
"""

import json
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workshop.facilitation.access import allowed, edit_refusal, team_view
from workshop.steps.editing import record_change, save_team_record
from workshop.steps.mapping import suggestion_records, suggestions
from workshop.steps.mapping.models import Actor, Flow, SuggestionDismissal
from workshop.text import LABEL_MAX, SHORT_MAX

KIND = "mapping"
SHOWN = 12  # the panel lists the best few; the export has them all


def _alignment_step(workshop):
    return workshop.steps.filter(kind="alignment").first()


def panel_context(request, workshop, team, step, message=""):
    actors, gaps, links, dismissed, background = suggestion_records.inputs(team)
    language = suggestion_records.language_of(workshop)
    found = suggestions.suggest(actors, gaps, links, dismissed, background, language=language)
    names = {actor.ref: actor.name for actor in actors}
    rows = SuggestionDismissal.objects.filter(team=team)
    dismissed_rows = [
        {
            "kind": row.kind,
            "actor": row.actor_id or 0,
            "partner": row.partner_id,
            "actor_name": names.get(f"actor:{row.actor_id}", _("The team")),
            "partner_name": names.get(f"actor:{row.partner_id}", ""),
        }
        for row in rows
    ]
    return {
        "workshop": workshop,
        "team": team,
        "step": step,
        "suggestions": [_row(s) for s in found[:SHOWN]],
        "more": max(len(found) - SHOWN, 0),
        "dismissed": dismissed_rows,
        "can_edit": allowed(request.viewer, "edit_team", team, step),
        "message": message,
    }


def _ids(ref: str) -> int:
    return int(ref.split(":")[1]) if ref else 0


def _row(s: suggestions.Suggestion) -> dict:
    return {
        "kind": s.kind,
        "actor": _ids(s.actor),
        "partner": _ids(s.partner),
        "actor_name": s.actor_name,
        "partner_name": s.partner_name,
        "score": s.score_str,
        "reason": s.reason,
        "suggestion": s,
    }


def _panel(request, workshop, team, step, message="", status=200, changed=False):
    if not request.htmx:  # a plain browser goes back to the step page (messages are htmx-only)
        from workshop.steps.mapping.views import step_url

        return redirect(step_url(workshop, team, step, "suggestions"))
    context = panel_context(request, workshop, team, step, message)
    response = render(request, "steps/mapping/_suggestions.html", context, status=status)
    if changed:
        # The board refreshes; the panel itself does not (live.js: data-own-changes), so the
        # confirmation above stays on screen.
        response["HX-Trigger"] = json.dumps({"mapping-changed": {"source": "suggestions"}})
    return response


@team_view
@require_GET
def panel(request, workshop, team, step):
    context = panel_context(request, workshop, team, step)
    return render(request, "steps/mapping/_suggestions.html", context)


def _key(request, team):
    """(kind, actor or None, partner) from the POST, each actor of this team; None when tampered."""
    kind = request.POST.get("kind", "")
    if kind not in suggestions.KINDS:
        return None
    try:
        actor_id = int(request.POST.get("actor") or 0)
        partner_id = int(request.POST.get("partner") or 0)
    except ValueError:
        return None
    wanted = {actor_id, partner_id} - {0}
    found = {a.pk: a for a in Actor.objects.filter(team=team, pk__in=wanted)}
    if partner_id not in found or (actor_id and actor_id not in found):
        return None
    return kind, found.get(actor_id), found[partner_id]


def suggestion_action(view):
    """For accept, dismiss and restore: refused (the panel says why) unless the viewer may edit,
    404 when the posted key does not name this team's actors; else ``view`` gets the key."""

    @wraps(view)
    def wrapper(request, workshop, team, step):
        refusal = edit_refusal(request.viewer, team, step)
        if refusal:
            return _panel(request, workshop, team, step, refusal, status=403)
        key = _key(request, team)
        if key is None:
            return HttpResponse(status=404)
        return view(request, workshop, team, step, *key)

    return wrapper


@team_view
@require_POST
@suggestion_action
def dismiss(request, workshop, team, step, kind, actor, partner):
    try:
        with transaction.atomic():
            SuggestionDismissal.objects.get_or_create(
                team=team,
                kind=kind,
                actor=actor,
                partner=partner,
                defaults={"dismissed_by": request.viewer.participant},
            )
    except IntegrityError:
        pass  # a teammate dismissed it a moment before: the same outcome
    record_change(team, step, KIND, by=request.viewer.participant)
    return _panel(request, workshop, team, step, _("Suggestion dismissed."))


@team_view
@require_POST
@suggestion_action
def restore(request, workshop, team, step, kind, actor, partner):
    SuggestionDismissal.objects.filter(team=team, kind=kind, actor=actor, partner=partner).delete()
    record_change(team, step, KIND, by=request.viewer.participant)
    return _panel(request, workshop, team, step, _("Suggestion restored."))


@team_view
@require_POST
@suggestion_action
def accept(request, workshop, team, step, kind, actor, partner):
    wanted = (kind, f"actor:{actor.pk}" if actor else "", f"actor:{partner.pk}")
    current = next(
        (s for s in suggestion_records.for_team(team, workshop) if s.key == wanted), None
    )
    if current is None:
        return _panel(
            request, workshop, team, step, _("This suggestion no longer applies."), status=409
        )
    if kind == suggestions.PARTNER:
        return _accept_partner(request, workshop, team, step, current, partner)
    return _accept_flow(request, workshop, team, step, current, actor, partner)


def _accept_flow(request, workshop, team, step, current, actor, partner):
    from workshop.steps.mapping.forms import FlowForm

    offer = current.matches[0].offer
    # The type of the flow the offer came from, when it came from one.
    same = Flow.objects.filter(team=team, source=partner, label=offer).first()
    data = {
        "source": partner.pk,
        "target": actor.pk,
        "direction": Flow.Direction.ONE_WAY,
        "flow_type": same.flow_type if same else Flow.Type.SERVICES,
        "label": offer[:LABEL_MAX],
        "status": Flow.Status.PROPOSED,
        "notes": current.reason[:SHORT_MAX],
    }
    form = FlowForm(data, instance=Flow(team=team), team=team)
    _record, status = save_team_record(request, form, team, step, KIND)
    if status != 200:
        return _panel(request, workshop, team, step, _form_message(form), status=status)
    return _panel(request, workshop, team, step, _("Proposed flow added to the map."), changed=True)


def _accept_partner(request, workshop, team, step, current, partner):
    from workshop.steps.alignment.forms import CandidateForm
    from workshop.steps.alignment.models import Candidate

    alignment = _alignment_step(workshop)
    if alignment is None:
        return HttpResponse(status=404)
    data = {
        "actor": partner.pk,
        "status": Candidate.Status.LONG_LIST,
        "complementary_capabilities": current.reason[:SHORT_MAX],
    }
    form = CandidateForm(data, instance=Candidate(team=team), team=team)
    _record, status = save_team_record(request, form, team, alignment, "alignment")
    if status != 200:
        return _panel(request, workshop, team, step, _form_message(form), status=status)
    return _panel(request, workshop, team, step, _("Added to the step 2 candidates."), changed=True)


def _form_message(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
