"""The facilitator's exports (JSON document, CSV per record kind) and the "Import workshop" page."""

import json

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from workshop.csvcells import attachment
from workshop.facilitation.access import facilitator_required
from workshop.interchange.csvexport import KINDS, kind_csv
from workshop.interchange.document import export_document
from workshop.interchange.forms import ImportForm
from workshop.interchange.importer import import_document, parse
from workshop.interchange.uploads import CappedUpload
from workshop.policies import signed_in


def _filename(workshop, suffix):
    return f"{slugify(workshop.title) or 'workshop'}-{suffix}"


@require_GET
@facilitator_required
def export_json(request, workshop):
    text = json.dumps(export_document(workshop), ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(text.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = attachment(_filename(workshop, "workshop.json"))
    return response


@require_GET
@facilitator_required
def export_csv(request, workshop, kind):
    if kind not in KINDS:
        raise Http404
    body = kind_csv(export_document(workshop), kind, anonymous_votes=workshop.anonymous_scoring)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(_filename(workshop, f"{kind}.csv"))
    return response


def export_kinds():
    return [(kind, label) for kind, (label, _rows) in KINDS.items()]


@signed_in
@csrf_exempt  # checked in _import_form, once the capped upload handler is in place
def import_workshop(request):
    """Upload a document; every error is listed with its path and nothing is imported on error."""
    request.upload_handlers = [CappedUpload(request)]
    return _import_form(request)


@csrf_protect
def _import_form(request):
    errors, status = [], 200
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            document, errors = parse(form.cleaned_data["file"].read())
            if not errors:
                with transaction.atomic():
                    result = import_document(document, request.user)
                errors = result.errors
                if not errors:
                    workshop = result.workshop
                    messages.success(
                        request,
                        _("Imported “%(title)s”. Its join code is %(code)s.")
                        % {"title": workshop.title, "code": workshop.join_code},
                    )
                    return redirect("facilitation:console", workshop.pk)
    return render(
        request, "interchange/import.html", {"form": form, "errors": errors}, status=status
    )
