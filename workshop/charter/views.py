"""The charter preview (with what the PDF includes), the team's PDF and the facilitator's ZIP of
every team's latest version."""

import io
import zipfile

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workshop.charter import document, stored
from workshop.facilitation.access import allowed, edit_refusal, facilitator_required, team_view
from workshop.steps.editing import save_team_record
from workshop.steps.governance.forms import PdfContentsForm

GOVERNANCE = "governance"  # the step kind whose page links here and whose rules guard the save


def _requested_version(request, raw=None):
    """`?version=3`, `?version=live`, or absent (the latest published version)."""
    raw = (request.GET.get("version", "") if raw is None else raw).strip()
    if not raw:
        return None
    if raw == document.LIVE:
        return document.LIVE
    if raw.isdigit() and 0 < int(raw) < 100_000:
        return int(raw)
    raise Http404


def _document(team, version):
    try:
        return document.build(team, version)
    except document.NoCharter as missing:
        raise Http404(str(missing)) from missing


def _preview(request, workshop, team, step, version, contents_form=None, status=200):
    doc = _document(team, version)
    viewer = request.viewer
    if contents_form is None and step.kind == GOVERNANCE:
        contents_form = PdfContentsForm(instance=doc.charter, team=team)
    context = {
        "doc": doc,
        "workshop": workshop,
        "team": team,
        "step": step,
        "viewer": viewer,
        "shown": document.LIVE if doc.version is None else doc.version.number,
        "contents_form": contents_form,
        "can_edit": allowed(viewer, "edit_team", team, step),
        "refusal": edit_refusal(viewer, team, step) if viewer.team_id == team.pk else None,
    }
    return render(request, "charter/preview.html", context, status=status)


@team_view
@require_GET
def preview(request, workshop, team, step):
    return _preview(request, workshop, team, step, _requested_version(request))


@team_view
@require_POST
def contents(request, workshop, team, step):
    """Saves which optional parts the preview and the PDF include, then shows the preview again."""
    if step.kind != GOVERNANCE:
        raise Http404
    version = _requested_version(request, request.POST.get("shown", ""))
    try:
        charter = document.charter_of(team)
    except document.NoCharter as missing:
        raise Http404(str(missing)) from missing
    form = PdfContentsForm(request.POST, instance=charter, team=team)
    record, status = save_team_record(request, form, team, step, step.kind)
    if record is None:
        return _preview(request, workshop, team, step, version, contents_form=form, status=status)
    messages.success(request, _("Saved: the preview and the PDF follow your choice."))
    url = reverse("charter:preview", args=[workshop.pk, team.pk, step.position])
    # Back with the choice unfolded, so the team sees what it saved.
    query = f"?version={version}&contents=open" if version else "?contents=open"
    return redirect(f"{url}{query}#pdf-contents")


@team_view
@require_GET
def download(request, workshop, team, step):
    doc = _document(team, _requested_version(request))
    # A published version comes from its stored PDF while that is current (stored.py).
    response = HttpResponse(stored.document_pdf(doc), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, doc.filename)
    response["Cache-Control"] = "private, no-store"
    return response


@facilitator_required
@require_GET
def download_all(request, workshop):
    """One ZIP: each team's latest published version; teams without one are listed in a note."""
    buffer = io.BytesIO()
    missing = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for team in workshop.teams.all():
            try:
                doc = document.build(team, document.LATEST_PUBLISHED)
            except document.NoCharter:
                missing.append(team.name)
                continue
            archive.writestr(doc.filename, stored.document_pdf(doc))
        if missing:
            note = _("No published charter version yet:") + "\n" + "\n".join(missing) + "\n"
            archive.writestr(_("teams-without-a-charter.txt"), note)
    name = f"charters-{slugify(workshop.title) or workshop.pk}.zip"
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response
