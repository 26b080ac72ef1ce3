"""Team notes: autosaved as people type, never silently overwriting a teammate (DOMAIN.md V34)."""

from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workshop.facilitation import events
from workshop.facilitation.access import allowed, edit_refusal, team_view
from workshop.facilitation.models import StepProgress
from workshop.steps.base import StaleRecord
from workshop.steps.notes.forms import NoteForm
from workshop.steps.notes.models import TeamNote


def _wants_json(request):
    return request.headers.get("X-Autosave") == "1"


@team_view(light_posts=True)
@require_http_methods(["GET", "POST"])
def notes(request, workshop, team, step):
    viewer = request.viewer
    notes_of_step = TeamNote.objects.filter(team=team, step=step)
    if request.method == "GET":
        note = notes_of_step.select_related("updated_by").first()
        form = NoteForm(note=note)
        return render(request, "steps/notes/_notes.html", _context(request, team, step, form, note))

    form = NoteForm(request.POST)
    refusal = edit_refusal(viewer, team, step)
    if refusal or not form.is_valid():
        # The note as it stands, for the answer that refuses.
        note = notes_of_step.first()
        if refusal:
            form.add_error(None, refusal)
            return _respond(request, team, step, form, note, status=403)
        return _respond(request, team, step, form, note, status=400)
    # The compare-and-swap needs the row's id only; read before the write lock is taken.
    note_id = notes_of_step.values_list("pk", flat=True).first()
    try:
        # One transaction: on SQLite the write lock is taken once per save, not once per statement.
        with transaction.atomic():
            note = form.save(team=team, step=step, by=viewer.participant, note_id=note_id)
            StepProgress.record_activity(team, step)
            events.announce_team_change(team, "notes", note.pk, by=viewer.participant.pk)
    except StaleRecord as stale:
        form.conflict = stale.current
        form.add_error(None, _("Someone else changed this since you opened it."))
        return _respond(request, team, step, form, stale.current, status=409)
    if _wants_json(request):
        # The page needs the new version only: it has the text, and a teammate's save is an event.
        return JsonResponse({"version": note.version})
    return redirect("steps:page", workshop.pk, team.pk, step.position)


@team_view(light_posts=True)
@require_POST
def typing(request, workshop, team, step):
    """Tells teammates someone is editing the notes; no database write."""
    viewer = request.viewer
    if not allowed(viewer, "edit_team", team, step):
        return JsonResponse({"ok": False}, status=403)
    payload = {
        "team": team.pk,
        "kind": "notes-typing",
        "by": viewer.participant.pk,
        "name": viewer.participant.display_name,
    }
    events.announce(workshop.pk, events.team_changed(team.pk), payload)
    return JsonResponse({"ok": True})


def _context(request, team, step, form, note):
    return {
        "workshop": team.workshop,
        "team": team,
        "step": step,
        "form": form,
        "note": note,
        "can_edit": allowed(request.viewer, "edit_team", team, step),
    }


def _respond(request, team, step, form, note, status):
    context = _context(request, team, step, form, note)
    if _wants_json(request):
        html = render_to_string("steps/notes/_notes.html", context, request=request)
        errors = [str(e) for e in form.non_field_errors()] + [
            str(e) for e in form.errors.get("text", [])
        ]
        return JsonResponse(
            {
                "error": " ".join(errors),
                "conflict": status == 409,
                "html": html,
                "version": note.version if note else 0,
            },
            status=status,
        )
    # Without JavaScript: the whole step page again, the typed text kept in the form.
    from workshop.steps.views import step_page

    request.notes_form = form
    response = step_page.__wrapped__(request, team.workshop, team, step)
    response.status_code = status
    return response
