"""The sponsors' report PDF of a workshop (report.py), for its facilitators."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from workshop.facilitation import report
from workshop.facilitation.access import facilitator_required


@facilitator_required
@require_GET
def sponsor_report(request, workshop):
    built, rendered = report.render_report(workshop)
    response = HttpResponse(rendered.content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, built.filename)
    response["Cache-Control"] = "private, no-store"
    return response
