"""The charter preview, the team's PDF and the facilitator's ZIP of every team's latest version."""

import io
import zipfile

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from workshop.charter import document, stored
from workshop.facilitation.access import facilitator_required, team_view


def _requested_version(request):
    """`?version=3`, `?version=live`, or absent (the latest published version)."""
    raw = request.GET.get("version", "").strip()
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


@team_view
@require_GET
def preview(request, workshop, team, step):
    doc = _document(team, _requested_version(request))
    context = {
        "doc": doc,
        "workshop": workshop,
        "team": team,
        "step": step,
        "viewer": request.viewer,
    }
    return render(request, "charter/preview.html", context)


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
