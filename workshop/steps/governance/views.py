"""Step 3 endpoints: the charter editor (one URL per section), versions, comparison and sign-off.

Every form works without JavaScript (POST, then back to the section page, or the whole page again
with the typed values and messages) and with htmx (only the form, or the refreshed lists, come back).
Saves of team records go through `save_team_record`; the rest announce through `record_change`.
"""

import difflib
import re
from html import unescape

from django.contrib import messages
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from patterns.rendering import render_markdown
from workshop.facilitation.access import allowed, edit_refusal, team_view
from workshop.steps.editing import record_change, save_team_record
from workshop.steps.governance import carryover, remote
from workshop.steps.governance import forms as f
from workshop.steps.governance.models import (
    CharterComment,
    CharterParty,
    CharterSectionStatus,
    Contribution,
    DecisionRule,
    EscalationStep,
    GoverningBody,
    RaciActivity,
    RaciAssignment,
    RemoteSignInvite,
    RiskItem,
    Seat,
    ValueAllocation,
    ValueStream,
)
from workshop.steps.governance.presentation import SECTIONS, present, section_title
from workshop.steps.governance.publishing import (
    Lifecycle,
    charter_for,
    offered_actors,
    publish,
    sign,
)
from workshop.steps.governance.rules import SECTION_KEYS
from workshop.steps.governance.snapshot import build_snapshot, content_sha256

KIND = "governance"
EDITOR = "steps/governance/editor.html"

# Record kinds edited on the section pages: slug -> (model, form, section, "add" label).
COLLECTIONS = {
    "parties": (CharterParty, f.PartyForm, "parties", _lazy("Add a party")),
    "bodies": (GoverningBody, f.BodyForm, "governance", _lazy("Add a governing body")),
    "seats": (Seat, f.SeatForm, "governance", _lazy("Add a seat")),
    "rules": (DecisionRule, f.DecisionRuleForm, "decisions", _lazy("Add a decision rule")),
    "raci": (RaciActivity, f.RaciRowForm, "roles", _lazy("Add an activity")),
    "contributions": (
        Contribution,
        f.ContributionForm,
        "contributions",
        _lazy("Add a contribution"),
    ),
    "streams": (ValueStream, f.ValueStreamForm, "value", _lazy("Add a value stream")),
    "ladder": (EscalationStep, f.EscalationStepForm, "conflict", _lazy("Add a step")),
    "risks": (RiskItem, f.RiskForm, "risks", _lazy("Add a risk")),
}
SECTION_COLLECTIONS = {
    "parties": "parties",
    "governance": "bodies",
    "decisions": "rules",
    "roles": "raci",
    "contributions": "contributions",
    "value": "streams",
    "conflict": "ladder",
    "risks": "risks",
}
# Which of the pattern's forces (Pattern.forces, in pattern order) a section answers.
SECTION_FORCE = {
    "parties": 0,
    "roles": 0,
    "governance": 0,
    "decisions": 0,
    "purpose": 1,
    "principles": 1,
    "contributions": 1,
    "value": 1,
    "monitoring": 1,
    "ip_data": 2,
    "risks": 2,
    "conflict": 2,
    "exit": 2,
}


def _section_or_404(section):
    if section not in SECTIONS:
        raise Http404
    return section


def section_url(workshop, team, step, section, anchor=""):
    url = reverse("steps:governance:section", args=[workshop.pk, team.pk, step.position, section])
    return url + (f"#{anchor}" if anchor else "")


def _count(model, field):
    """How many `model` rows point at the outer row through `field`, as one subquery."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


# What deleting a party takes with it, counted for the confirmation (DOMAIN.md 1.5).
PARTY_DEPENDENTS = {
    "contribution_count": _count(Contribution, "party"),
    "seat_count": _count(Seat, "party"),
    "allocation_count": _count(ValueAllocation, "party"),
    "raci_count": _count(RaciAssignment, "party"),
}


def _records(charter, collection):
    """The editable records of one collection, with what their list rows show (no N+1)."""
    model = COLLECTIONS[collection][0]
    queryset = model.objects.filter(charter=charter) if collection != "seats" else None
    if collection == "parties":
        return queryset.select_related("actor", "signer").annotate(**PARTY_DEPENDENTS)
    if collection == "bodies":
        return queryset.prefetch_related("seats__party__actor")
    if collection == "contributions":
        return queryset.select_related("party__actor")
    if collection == "streams":
        return queryset.annotate(allocation_count=_count(ValueAllocation, "stream"))
    if collection == "risks":
        return queryset.select_related("owner__actor")
    return queryset


def _guidance(step, section):
    pattern_step = step.pattern_step()
    forces = list(step.workshop.pattern.forces or [])
    index = SECTION_FORCE.get(section)
    force = forces[index] if index is not None and index < len(forces) else None
    return {
        "guidance": pattern_step,
        "force": force,
        "force_html": render_markdown(force.get("markdown", "")) if force else "",
    }


def _context(
    request,
    workshop,
    team,
    step,
    section,
    *,
    editor=None,
    fields_form=None,
    status_form=None,
    sign_form=None,
):
    from workshop.steps.views import live_context

    viewer = request.viewer
    charter = charter_for(team)
    life = Lifecycle(charter)
    snapshot = build_snapshot(charter)
    c = present(snapshot)
    c["versions"] = life.versions
    can_edit = allowed(viewer, "edit_team", team, step)
    latest = life.latest
    collection = SECTION_COLLECTIONS.get(section)
    context = live_context(request, workshop, step)
    context.update(
        team=team,
        step=step,
        charter=charter,
        c=c,
        life=life,
        section=section,
        section_title=section_title(section),
        section_template=f"steps/governance/_section_{section}.html",
        toc=[
            {"key": key, "title": section_title(key), "state": c["states"].get(key)}
            for key in SECTIONS
        ],
        checks=c["section_checks"].get(section, ()),
        state=c["states"].get(section),
        counted=section in SECTION_KEYS,
        can_edit=can_edit,
        is_own_team=viewer.team_id == team.pk,
        refusal=edit_refusal(viewer, team, step) if viewer.team_id == team.pk else None,
        can_publish=allowed(viewer, "publish_charter", team, step),
        can_comment=allowed(viewer, "comment_team", team, step),
        draft_changed=latest is None or latest.content_sha256 != content_sha256(snapshot),
        party_states=life.party_states(c["signing_parties"]),
        collection=collection,
        add_label=COLLECTIONS[collection][3] if collection else "",
        items=list(_records(charter, collection)) if collection else [],
        editor=editor,
        fields_form=fields_form
        or (
            f.CharterFieldsForm(instance=charter, charter=charter, section=section)
            if section in f.SECTION_FIELDS
            else None
        ),
        status_form=status_form
        or (
            f.SectionStatusForm(
                instance=_section_status(charter, section), charter=charter, section=section
            )
            if section in SECTION_KEYS
            else None
        ),
        comments=list(
            CharterComment.objects.filter(charter=charter, section=section).select_related(
                "version"
            )
        ),
        comment_form=f.CommentForm(),
        publish_form=f.PublishForm(),
        offered=list(offered_actors(team)) if section == "parties" and can_edit else [],
        **_guidance(step, section),
    )
    return context


def _section_status(charter, section):
    return CharterSectionStatus.objects.filter(charter=charter, section=section).first() or (
        CharterSectionStatus(charter=charter, section=section)
    )


def _page(request, workshop, team, step, section, status=200, **kwargs):
    context = _context(request, workshop, team, step, section, **kwargs)
    return render(request, EDITOR, context, status=status)


def _saved(request, workshop, team, step, section, anchor="records"):
    """After a save: htmx gets the refreshed lists (and an emptied editor); others a redirect."""
    if request.htmx:
        context = _context(request, workshop, team, step, section)
        html = render_to_string(EDITOR + "#editor", context, request=request)
        html += render_to_string(EDITOR + "#records", {**context, "oob": True}, request=request)
        html += render_to_string(EDITOR + "#toc", {**context, "oob": True}, request=request)
        html += render_to_string(EDITOR + "#bar", {**context, "oob": True}, request=request)
        return _html(html)
    return redirect(section_url(workshop, team, step, section, anchor))


def _html(html, status=200):
    from django.http import HttpResponse

    return HttpResponse(html, status=status)


# --- Pages ------------------------------------------------------------------------------------


@team_view
@require_GET
def charter_home(request, workshop, team, step):
    return redirect(section_url(workshop, team, step, "cover"))


@team_view
@require_GET
def section(request, workshop, team, step, section):
    _section_or_404(section)
    editor = None
    wanted = request.GET.get("add") or request.GET.get("edit")
    if wanted:
        editor = _editor_for_get(request, team, wanted, request.GET.get("body"))
    return _page(request, workshop, team, step, section, editor=editor)


@team_view
@require_GET
def part(request, workshop, team, step, section, name):
    """The live-refreshed fragments: records (lists and preview), toc and bar."""
    _section_or_404(section)
    if name not in ("records", "toc", "bar"):
        raise Http404
    context = _context(request, workshop, team, step, section)
    return render(request, f"{EDITOR}#{name}", context)


# --- The charter's own fields and section status ----------------------------------------------


@team_view
@require_POST
def charter_fields(request, workshop, team, step, section):
    _section_or_404(section)
    if section not in f.SECTION_FIELDS:
        raise Http404
    charter = charter_for(team)
    form = f.CharterFieldsForm(request.POST, instance=charter, charter=charter, section=section)
    record, status = save_team_record(request, form, team, step, KIND)
    if record is None:
        if request.htmx:
            context = _context(request, workshop, team, step, section, fields_form=form)
            return render(request, EDITOR + "#fields", context, status=status)
        return _page(request, workshop, team, step, section, status=status, fields_form=form)
    if request.htmx:
        context = _context(request, workshop, team, step, section)
        context["fields_saved"] = True
        html = render_to_string(EDITOR + "#fields", context, request=request)
        html += render_to_string(EDITOR + "#records", {**context, "oob": True}, request=request)
        html += render_to_string(EDITOR + "#toc", {**context, "oob": True}, request=request)
        return _html(html)
    messages.success(request, _("Saved."))
    for warning in form.warnings():
        messages.warning(request, warning)
    return redirect(section_url(workshop, team, step, section, "fields"))


@team_view
@require_POST
def section_status(request, workshop, team, step, section):
    if section not in SECTION_KEYS:
        raise Http404
    charter = charter_for(team)
    form = f.SectionStatusForm(
        request.POST, instance=_section_status(charter, section), charter=charter, section=section
    )
    record, status = save_team_record(request, form, team, step, KIND)
    if record is None:
        return _page(request, workshop, team, step, section, status=status, status_form=form)
    return _saved(request, workshop, team, step, section, anchor="section-status")


# --- Records: add, edit, delete ---------------------------------------------------------------


def _collection(collection):
    if collection not in COLLECTIONS:
        raise Http404
    return COLLECTIONS[collection]


def _make_form(collection, charter, team, data=None, instance=None, body_id=None):
    _model, form_class, _section, _label = _collection(collection)
    kwargs = {"charter": charter, "instance": instance}
    if collection == "seats":
        body = instance.body if instance else None
        if body is None:
            body = get_object_or_404(GoverningBody, pk=body_id or 0, team=team)
        kwargs["body"] = body
    return form_class(data, **kwargs)


def _editor_for_get(request, team, wanted, body_id=None):
    collection, _sep, pk = wanted.partition("-")
    if collection not in COLLECTIONS:
        raise Http404
    charter = charter_for(team)
    instance = None
    if pk:
        model = COLLECTIONS[collection][0]
        instance = get_object_or_404(model, pk=pk, team=team)
    return {
        "collection": collection,
        "instance": instance,
        "form": _make_form(collection, charter, team, instance=instance, body_id=body_id),
        "body_id": body_id,
    }


@team_view
@require_http_methods(["GET", "POST"])
def record_form(request, workshop, team, step, collection, pk=None):
    model, _form_class, section, _label = _collection(collection)
    charter = charter_for(team)
    instance = get_object_or_404(model, pk=pk, team=team) if pk else None
    body_id = request.POST.get("body") or request.GET.get("body")
    if request.method == "GET":
        editor = {
            "collection": collection,
            "instance": instance,
            "form": _make_form(collection, charter, team, instance=instance, body_id=body_id),
            "body_id": body_id,
        }
        if request.htmx:
            context = _context(request, workshop, team, step, section, editor=editor)
            return render(request, EDITOR + "#editor", context)
        return _page(request, workshop, team, step, section, editor=editor)
    form = _make_form(collection, charter, team, request.POST, instance, body_id)
    record, status = save_team_record(request, form, team, step, KIND)
    if record is None:
        editor = {"collection": collection, "instance": instance, "form": form, "body_id": body_id}
        if request.htmx:
            context = _context(request, workshop, team, step, section, editor=editor)
            return render(request, EDITOR + "#editor", context, status=status)
        return _page(request, workshop, team, step, section, status=status, editor=editor)
    return _saved(request, workshop, team, step, section)


@team_view
@require_POST
def record_delete(request, workshop, team, step, collection, pk):
    model, _form_class, section, _label = _collection(collection)
    record = get_object_or_404(model, pk=pk, team=team)
    refusal = edit_refusal(request.viewer, team, step)
    if refusal:
        return HttpResponseForbidden(refusal)
    record.delete()
    record_change(team, step, KIND, pk, by=request.viewer.participant)
    return _saved(request, workshop, team, step, section)


@team_view
@require_POST
def import_parties(request, workshop, team, step):
    """Adds the convenor and step 2's selected partners as core parties (carried over), each with
    the notes of its latest conversation (carryover.py)."""
    refusal = edit_refusal(request.viewer, team, step)
    if refusal:
        return HttpResponseForbidden(refusal)
    charter = charter_for(team)
    by = request.viewer.participant
    start = CharterParty.objects.filter(charter=charter).count()
    talks = carryover.latest_conversations(team)
    for offset, actor in enumerate(offered_actors(team), start=1):
        party = CharterParty(
            team=team,
            charter=charter,
            actor=actor,
            order=start + offset,
            created_by=by,
            updated_by=by,
        )
        carryover.fill_blanks(party, talks.get(actor.pk))
        party.save()
    record_change(team, step, KIND, by=by)
    return _saved(request, workshop, team, step, "parties")


# --- Fixed allocations: one formset per stream ------------------------------------------------


@team_view
@require_http_methods(["GET", "POST"])
def allocations(request, workshop, team, step, pk):
    from workshop.steps.base import StaleRecord
    from workshop.steps.editing import CONFLICT_MESSAGE

    stream = get_object_or_404(ValueStream, pk=pk, team=team)
    charter = charter_for(team)
    status, conflict = 200, None
    if request.method == "POST":
        formset = f.AllocationFormSet(request.POST, instance=stream, charter=charter)
        refusal = edit_refusal(request.viewer, team, step)
        if refusal:
            status = 403
            formset.is_valid()
            conflict = refusal
        elif formset.is_valid():
            from django.db import transaction

            try:
                with transaction.atomic():
                    expected = int(request.POST.get("version") or stream.version)
                    stream.save_if_current(expected, [], by=request.viewer.participant)
                    formset.save()
            except StaleRecord as stale:
                stream = stale.current
                status, conflict = 409, CONFLICT_MESSAGE
            else:
                record_change(team, step, KIND, stream.pk, by=request.viewer.participant)
                return _saved(request, workshop, team, step, "value")
        else:
            status = 400
    else:
        formset = f.AllocationFormSet(instance=stream, charter=charter)
    editor = {
        "collection": "allocations",
        "stream": stream,
        "formset": formset,
        "message": conflict,
        "theirs": list(stream.allocations.select_related("party__actor")) if status == 409 else [],
    }
    if (request.htmx and request.method == "GET") or (request.htmx and status != 200):
        context = _context(request, workshop, team, step, "value", editor=editor)
        return render(request, EDITOR + "#editor", context, status=status)
    return _page(request, workshop, team, step, "value", status=status, editor=editor)


# --- Versions: publish, list, compare, sign ---------------------------------------------------


@team_view
@require_POST
def publish_version(request, workshop, team, step):
    if not allowed(request.viewer, "publish_charter", team, step):
        return HttpResponseForbidden(_("Only the team lead can publish a version."))
    form = f.PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("change_summary", [])))
        return redirect(section_url(workshop, team, step, request.POST.get("section") or "cover"))
    charter = charter_for(team)
    version = publish(charter, request.viewer.participant, form.cleaned_data["change_summary"])
    record_change(team, step, KIND, charter.pk, by=request.viewer.participant)
    messages.success(request, _("Version %(n)s published.") % {"n": version.number})
    return redirect("steps:governance:version", workshop.pk, team.pk, step.position, version.number)


def _versions_context(request, workshop, team, step):
    from workshop.steps.views import live_context

    charter = charter_for(team)
    context = live_context(request, workshop, step)
    context.update(team=team, step=step, charter=charter, life=Lifecycle(charter))
    return context


@team_view
@require_GET
def version_detail(request, workshop, team, step, number):
    context = _versions_context(request, workshop, team, step)
    return _render_version(request, context, number)


def _render_version(request, context, number, sign_form=None, status=200, remote_form=None):
    life = context["life"]
    version = life.version(number)
    if version is None:
        raise Http404
    viewer = request.viewer
    c = present(version.snapshot)
    sign_offs = {s.party_ref: s for s in life.sign_offs_for(number)}
    my_parties = []
    if allowed(viewer, "sign_off", context["team"], context["step"]) and viewer.participant:
        refs = {p["name"]: p["ref"] for p in c["signing_parties"]}
        # With the decision already recorded, so a signer who comes back sees it (and may change it).
        my_parties = [
            {"party": party, "sign_off": sign_offs.get(refs[party.actor.name])}
            for party in CharterParty.objects.filter(
                charter=context["charter"], signer=viewer.participant
            ).select_related("actor")
            if party.can_sign and party.actor.name in refs
        ]
    c["versions"] = life.versions
    c["signatures"] = [
        {"party": party, "sign_off": sign_offs.get(party["ref"])} for party in c["signing_parties"]
    ]
    context.update(
        version=version,
        c=c,
        sections=[
            (key, section_title(key), f"steps/governance/_section_{key}.html") for key in SECTIONS
        ],
        signatures=[
            {"party": party, "sign_off": sign_offs.get(party["ref"])}
            for party in c["signing_parties"]
        ],
        version_state=life.status.version_states.get(number),
        my_parties=my_parties,
        sign_form=sign_form or f.SignOffForm(),
        **_remote_context(request.viewer, context, version, remote_form),
    )
    return render(request, "steps/governance/version.html", context, status=status)


@team_view
@require_POST
def sign_version(request, workshop, team, step, number):
    viewer = request.viewer
    context = _versions_context(request, workshop, team, step)
    version = context["life"].version(number)
    if version is None:
        raise Http404
    party = (
        CharterParty.objects.filter(charter=context["charter"], pk=request.POST.get("party") or 0)
        .select_related("actor")
        .first()
    )
    # Only the named signer of a party that can sign (never an observer) signs (C-B9).
    if (
        not allowed(viewer, "sign_off", team, step)
        or party is None
        or party.signer_id != viewer.participant.pk
        or not party.can_sign
    ):
        return HttpResponseForbidden(_("You cannot sign for this party."))
    form = f.SignOffForm(request.POST)
    if not form.is_valid():
        return _render_version(request, context, number, sign_form=form, status=400)
    sign(
        version, party, viewer.participant, form.cleaned_data["decision"], form.cleaned_data["note"]
    )
    record_change(team, step, KIND, version.pk, by=viewer.participant)
    messages.success(request, _("Your decision is recorded."))
    return redirect("steps:governance:version", workshop.pk, team.pk, step.position, number)


# --- Remote sign-off links (issue 18) ----------------------------------------------------------


def _remote_context(viewer, context, version, form=None):
    if not allowed(viewer, "invite_remote", context["team"], context["step"]):
        return {"can_invite_remote": False}
    latest = context["life"].latest
    invites = list(
        RemoteSignInvite.objects.filter(version=version).select_related("party__actor", "version")
    )
    for invite in invites:
        invite.link_state = invite.state(latest.number if latest else None)
    return {
        "can_invite_remote": True,
        "remote_invites": invites,
        "remote_form": form or f.RemoteInviteForm(version=version),
    }


def _remote_refusal(request, team, step):
    if not allowed(request.viewer, "invite_remote", team, step):
        return HttpResponseForbidden(_("You cannot send sign-off links for this team."))
    return None


def _back_to_links(workshop, team, step, number):
    url = reverse("steps:governance:version", args=[workshop.pk, team.pk, step.position, number])
    return redirect(url + "#remote")


@team_view
@require_POST
def remote_invite(request, workshop, team, step, number):
    """E-mails one signing party's representative a link to read, comment on and sign `number`."""
    refused = _remote_refusal(request, team, step)
    if refused:
        return refused
    context = _versions_context(request, workshop, team, step)
    version = context["life"].version(number)
    if version is None:
        raise Http404
    if version != context["life"].latest:
        messages.error(request, _("Links can only be sent for the latest published version."))
        return _back_to_links(workshop, team, step, number)
    form = f.RemoteInviteForm(request.POST, version=version)
    if not form.is_valid():
        return _render_version(request, context, number, status=400, remote_form=form)
    data = form.cleaned_data
    invite = remote.send(request, version, data["party"], data["name"], data["email"])
    record_change(team, step, KIND, version.pk, by=request.viewer.participant)
    messages.success(request, _("Link sent to %(email)s.") % {"email": invite.email})
    return _back_to_links(workshop, team, step, number)


def _team_invite(team, pk):
    return get_object_or_404(
        RemoteSignInvite.objects.select_related("version__charter", "party__actor"),
        pk=pk,
        version__charter__team=team,
    )


@team_view
@require_POST
def remote_resend(request, workshop, team, step, pk):
    """A new link (new token, new expiry) to the same person; the old link stops working."""
    refused = _remote_refusal(request, team, step)
    if refused:
        return refused
    invite = _team_invite(team, pk)
    if invite.state(remote.latest_number(invite)) == "superseded":
        messages.error(request, _("A newer version is published: send a link for it instead."))
    else:
        remote.resend(request, invite)
        messages.success(request, _("Link sent again to %(email)s.") % {"email": invite.email})
    return _back_to_links(workshop, team, step, invite.version.number)


@team_view
@require_POST
def remote_revoke(request, workshop, team, step, pk):
    refused = _remote_refusal(request, team, step)
    if refused:
        return refused
    invite = _team_invite(team, pk)
    remote.revoke(invite)
    messages.success(
        request, _("The link for %(email)s no longer works.") % {"email": invite.email}
    )
    return _back_to_links(workshop, team, step, invite.version.number)


_TAGS = re.compile(r"<[^>]+>")


def section_text(template, c) -> list[str]:
    """A section as plain lines of text, for the diff."""
    html = render_to_string(template, {"c": c})
    html = re.sub(r"</(p|li|tr|h\d|dt|dd|div|caption|th)>", "\n", html)
    html = re.sub(r"</td>", " | ", html)
    text = unescape(_TAGS.sub("", html))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def compare_sections(old_snapshot, new_snapshot):
    """Per section: (key, title, rows) with rows of (sign, text); unchanged sections have none."""
    old, new = present(old_snapshot), present(new_snapshot)
    result = []
    for key in SECTIONS:
        if key == "signatures":
            continue
        template = f"steps/governance/_section_{key}.html"
        a, b = section_text(template, old), section_text(template, new)
        rows = [
            (line[0], line[2:])
            for line in difflib.ndiff(a, b)
            if line[:1] in "+-" and not line.startswith("?")
        ]
        result.append((key, section_title(key), rows))
    return result


@team_view
@require_GET
def compare(request, workshop, team, step):
    context = _versions_context(request, workshop, team, step)
    life = context["life"]
    numbers = [v.number for v in life.versions]
    diff, a, b = None, None, None
    try:
        a = int(request.GET.get("a", numbers[-2] if len(numbers) > 1 else 0))
        b = int(request.GET.get("b", numbers[-1] if numbers else 0))
    except ValueError:
        a = b = None
    old, new = life.version(a), life.version(b)
    if old is not None and new is not None:
        diff = compare_sections(old.snapshot, new.snapshot)
    # Changed sections first, so on a phone the one that moved is not lost among seventeen that did not.
    changed = [d for d in diff or () if d[2]]
    same = [d for d in diff or () if not d[2]]
    context.update(a=a, b=b, diff=diff, changed=changed, same=same, numbers=numbers)
    return render(request, "steps/governance/compare.html", context)


# --- Comments ---------------------------------------------------------------------------------


@team_view
@require_POST
def comment(request, workshop, team, step, section):
    _section_or_404(section)
    viewer = request.viewer
    if not allowed(viewer, "comment_team", team, step):
        return HttpResponseForbidden(_("You cannot comment here."))
    form = f.CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["body"]))
        return redirect(section_url(workshop, team, step, section, "comments"))
    charter = charter_for(team)
    if viewer.is_facilitator:
        user = request.user
        name = user.get_full_name() or user.get_username()
    else:
        name = viewer.participant.display_name
    CharterComment.objects.create(
        charter=charter,
        version=Lifecycle(charter).latest,
        section=section,
        author_name=name,
        author_participant=viewer.participant,
        by_facilitator=viewer.is_facilitator,
        body=form.cleaned_data["body"],
    )
    record_change(team, step, KIND, by=viewer.participant)
    return redirect(section_url(workshop, team, step, section, "comments"))


@team_view
@require_POST
def resolve_comment(request, workshop, team, step, pk):
    if not allowed(request.viewer, "comment_team", team, step):
        return HttpResponseForbidden(_("You cannot comment here."))
    item = get_object_or_404(CharterComment, pk=pk, charter__team=team)
    item.resolved = not item.resolved
    item.save(update_fields=["resolved"])
    return redirect(section_url(workshop, team, step, item.section, "comments"))
