"""Step 2 endpoints: criteria, candidates, conversations, blind votes, the reveal and consensus scores.

Every form works without JavaScript (POST, then back to the step page) and with htmx (the server
re-renders only the section). Saves go through `save_team_record` or, for the score cards, through the
same access check and `record_change`.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from workshop.facilitation.access import allowed, edit_refusal, team_view
from workshop.facilitation.models import Participant
from workshop.steps import fragments
from workshop.steps.alignment.board import Board
from workshop.steps.alignment.forms import (
    CandidateForm,
    ConsensusForm,
    ConversationForm,
    CriterionForm,
    VoteForm,
)
from workshop.steps.alignment.models import (
    Candidate,
    Conversation,
    Criterion,
    ScoringRound,
)
from workshop.steps.base import StaleRecord
from workshop.steps.editing import record_change, save_team_record
from workshop.steps.views import live_context

KIND = "alignment"
TEMPLATES = "steps/alignment/"

# What each section edits: its model, form, template and the partials of that template.
SECTIONS = {
    "criteria": (Criterion, CriterionForm, "_criteria.html"),
    "candidates": (Candidate, CandidateForm, "_candidates.html"),
    "conversations": (Conversation, ConversationForm, "_conversations.html"),
}


def page(workshop, team, step):
    return redirect("steps:page", workshop.pk, team.pk, step.position)


def tool_context(request, workshop, team, step, forms=None, **extra):
    """What the tool's templates need; `forms` (and `request.alignment_forms`) replace fresh forms
    with the ones just submitted, so typed values and messages come back."""
    viewer = request.viewer
    forms = {**getattr(request, "alignment_forms", {}), **(forms or {})}
    board = Board(team, viewer.participant if viewer.team_id == team.pk else None)
    team._alignment_board = board  # the step's checks, rendered next, reuse it (completion.py)
    if board.cards and not board.revealed and viewer.team_id == team.pk:
        fragments.viewer_specific(request)  # their own private scores, the lead's reveal button
    context = {
        "workshop": workshop,
        "team": team,
        "step": step,
        "viewer": viewer,
        "board": board,
        "can_edit": allowed(viewer, "edit_team", team, step),
        "is_own_team": viewer.team_id == team.pk,
        "can_reveal": can_reveal(viewer, team, step),
    }
    taken = {"taken": {candidate.actor_id for candidate in board.candidates}}
    for name, (_model, form_class, _template) in SECTIONS.items():
        extra_args = taken if form_class is CandidateForm else {}
        context[f"{name}_form"] = forms.get(name) or form_class(team=team, **extra_args)
    for card in board.cards:
        submitted = forms.get(f"card{card.candidate.pk}", {})
        card.vote_form = submitted.get("vote_form") or VoteForm(
            workshop=workshop,
            criteria=board.criteria,
            initial_values={cell.criterion.pk: cell.my_vote for cell in card.cells},
        )
        card.consensus_form = submitted.get("consensus_form") or ConsensusForm(
            workshop=workshop,
            criteria=board.criteria,
            initial_values={cell.criterion.pk: cell.prefill for cell in card.cells},
            scores=[cell.score for cell in card.cells if cell.score],
        )
        pk = card.candidate.pk
        card.vote_rows = card.vote_form.rows(card.cells, f"vote{pk}")
        card.consensus_rows = card.consensus_form.rows(card.cells, f"agree{pk}")
    context.update(extra)
    return context


def can_reveal(viewer, team, step) -> bool:
    """The facilitator, or the team's lead while the team may edit the step."""
    if allowed(viewer, "view_all_teams"):
        return viewer.workshop.is_open
    return (
        allowed(viewer, "edit_team", team, step)
        and viewer.participant.role == Participant.Role.LEAD
    )


def _page_with(request, workshop, team, step, status, **forms):
    """Without JavaScript: the whole step page again, the failed form filled in as typed."""
    from workshop.steps.views import step_page

    request.alignment_forms = forms
    response = step_page.__wrapped__(request, workshop, team, step)
    response.status_code = status
    return response


# --- Sections: list (GET, the live refresh) and add (POST) ----------------------------------------


def _section(name):
    _model, form_class, template = SECTIONS[name]

    @team_view
    @require_http_methods(["GET", "POST"])
    def view(request, workshop, team, step):
        if request.method == "GET":
            return render(
                request, TEMPLATES + template + "#list", tool_context(request, workshop, team, step)
            )
        form = form_class(request.POST, team=team)
        record, status = save_team_record(request, form, team, step, KIND)
        if record is not None and not request.htmx:
            messages.success(request, _("Saved."))
            return page(workshop, team, step)
        if not request.htmx:
            return _page_with(request, workshop, team, step, status, **{name: form})
        # htmx: the fresh (or failed) form, plus the list out of band.
        fresh = form if record is None else form_class(team=team)
        context = tool_context(request, workshop, team, step, forms={name: fresh}, oob=True)
        return render(request, TEMPLATES + template + "#form-and-list", context, status=status)

    view.__name__ = name
    return view


criteria = _section("criteria")
candidates = _section("candidates")
conversations = _section("conversations")


# --- Edit and delete one record ---------------------------------------------------------------


def _record(name, team, pk):
    model = SECTIONS[name][0]
    return get_object_or_404(model, pk=pk, team=team)


def _edit(name, title):
    _model, form_class, _template = SECTIONS[name]

    @team_view
    @require_http_methods(["GET", "POST"])
    def view(request, workshop, team, step, pk):
        record = _record(name, team, pk)
        status = 200
        if request.method == "POST":
            form = form_class(request.POST, instance=record, team=team)
            saved, status = save_team_record(request, form, team, step, KIND)
            if saved is not None:
                messages.success(request, _("Saved."))
                return page(workshop, team, step)
        else:
            form = form_class(instance=record, team=team)
        context = tool_context(
            request,
            workshop,
            team,
            step,
            form=form,
            record=record,
            title=_(title),
            section=name,
            refusal=edit_refusal(request.viewer, team, step),
        )
        context.update(live_context(request, workshop, step))
        return render(request, TEMPLATES + "edit.html", context, status=status)

    view.__name__ = f"edit_{name}"
    return view


edit_criterion = _edit("criteria", gettext_noop("Edit criterion"))
edit_candidate = _edit("candidates", gettext_noop("Decide on candidate"))
edit_conversation = _edit("conversations", gettext_noop("Edit conversation"))


def _delete(name):
    @team_view
    @require_http_methods(["GET", "POST"])
    def view(request, workshop, team, step, pk):
        record = _record(name, team, pk)
        refusal = edit_refusal(request.viewer, team, step)
        status = 200
        if request.method == "POST":
            if refusal:
                status = 403
            else:
                with transaction.atomic():
                    record.delete()
                record_change(team, step, KIND, by=request.viewer.participant)
                messages.success(request, _("Deleted %(name)s.") % {"name": record})
                return page(workshop, team, step)
        context = tool_context(
            request,
            workshop,
            team,
            step,
            record=record,
            section=name,
            consequences=consequences(record),
            refusal=refusal,
        )
        context.update(live_context(request, workshop, step))
        return render(request, TEMPLATES + "confirm_delete.html", context, status=status)

    view.__name__ = f"delete_{name}"
    return view


def consequences(record) -> list[str]:
    """What else a delete removes, with counts (DOMAIN.md 1.5)."""
    scores = record.scores.count() if hasattr(record, "scores") else 0
    votes = record.votes.count() if hasattr(record, "votes") else 0
    lines = []
    if scores:
        lines.append(_("%(n)d agreed scores") % {"n": scores})
    if votes:
        lines.append(_("%(n)d private votes") % {"n": votes})
    if isinstance(record, Candidate):
        talks = record.conversations.count()
        if talks:
            lines.append(_("%(n)d conversation notes") % {"n": talks})
    return lines


delete_criterion = _delete("criteria")
delete_candidate = _delete("candidates")
delete_conversation = _delete("conversations")


@team_view
@require_POST
def move_criterion(request, workshop, team, step, pk):
    """Swaps a criterion with its neighbour above or below (the display order)."""
    criterion = _record("criteria", team, pk)
    refusal = edit_refusal(request.viewer, team, step)
    if refusal:
        return HttpResponseForbidden(refusal)
    ordered = list(Criterion.objects.filter(team=team))
    index = ordered.index(criterion)
    other = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        with transaction.atomic():
            for position, item in enumerate(ordered, start=1):
                if item.order != position:
                    Criterion.objects.filter(pk=item.pk).update(order=position)
        record_change(team, step, KIND, criterion.pk, by=request.viewer.participant)
    if request.htmx:
        return render(
            request, TEMPLATES + "_criteria.html#list", tool_context(request, workshop, team, step)
        )
    return page(workshop, team, step)


# --- Scoring --------------------------------------------------------------------------------------


@team_view
def scoring(request, workshop, team, step):
    return render(request, TEMPLATES + "_scoring.html", tool_context(request, workshop, team, step))


@team_view
def ranking(request, workshop, team, step):
    return render(request, TEMPLATES + "_ranking.html", tool_context(request, workshop, team, step))


def _card_response(request, workshop, team, step, candidate, status, **forms):
    if not request.htmx:
        if status == 200:
            return page(workshop, team, step)
        return _page_with(request, workshop, team, step, status, **{f"card{candidate.pk}": forms})
    context = tool_context(request, workshop, team, step, forms={f"card{candidate.pk}": forms})
    context["card"] = context["board"].card(candidate.pk)
    return render(request, TEMPLATES + "_scoring.html#card-and-ranking", context, status=status)


@team_view
@require_POST
def vote(request, workshop, team, step, candidate_id):
    """A participant's private scores for one candidate; nobody else sees them before the reveal."""
    candidate = get_object_or_404(Candidate, pk=candidate_id, team=team)
    board = Board(team)
    form = VoteForm(request.POST, workshop=workshop, criteria=board.criteria)
    refusal = edit_refusal(request.viewer, team, step)
    if refusal:
        form.is_valid()
        form.add_error(None, refusal)
        return _card_response(request, workshop, team, step, candidate, 403, vote_form=form)
    if board.revealed:
        form.is_valid()
        form.add_error(None, _("The scores are revealed; agree the team's score instead."))
        return _card_response(request, workshop, team, step, candidate, 409, vote_form=form)
    if not form.is_valid():
        return _card_response(request, workshop, team, step, candidate, 400, vote_form=form)
    participant = request.viewer.participant
    form.save(team=team, candidate=candidate, participant=participant)
    record_change(team, step, KIND, candidate.pk, by=participant)
    return _card_response(request, workshop, team, step, candidate, 200)


@team_view
@require_POST
def consensus(request, workshop, team, step, candidate_id):
    """The team's agreed scores for one candidate; each cell compares and swaps."""
    candidate = get_object_or_404(Candidate, pk=candidate_id, team=team)
    board = Board(team)
    form = ConsensusForm(
        request.POST,
        workshop=workshop,
        criteria=board.criteria,
        scores=[s for s in board.scores if s.candidate_id == candidate.pk],
    )
    refusal = edit_refusal(request.viewer, team, step)
    if refusal:
        form.is_valid()
        form.add_error(None, refusal)
        return _card_response(request, workshop, team, step, candidate, 403, consensus_form=form)
    if not board.revealed:
        form.is_valid()
        form.add_error(None, _("Reveal the scores first; until then each person scores alone."))
        return _card_response(request, workshop, team, step, candidate, 409, consensus_form=form)
    if not form.is_valid():
        return _card_response(request, workshop, team, step, candidate, 400, consensus_form=form)
    participant = request.viewer.participant
    try:
        form.save_versioned(team=team, candidate=candidate, by=participant)
    except StaleRecord:
        return _card_response(request, workshop, team, step, candidate, 409, consensus_form=form)
    record_change(team, step, KIND, candidate.pk, by=participant)
    return _card_response(request, workshop, team, step, candidate, 200)


@team_view
@require_POST
def reveal(request, workshop, team, step):
    """Shows everyone's votes to the team: the facilitator or the team lead decides when."""
    if not can_reveal(request.viewer, team, step):
        refusal = edit_refusal(request.viewer, team, step)
        if request.viewer.team_id == team.pk and not refusal:
            refusal = _("Only the team lead or the facilitator can reveal the scores.")
        return HttpResponseForbidden(refusal or _("You cannot reveal this team's scores."))
    round_, _created = ScoringRound.objects.get_or_create(team=team)
    if not round_.revealed:
        ScoringRound.objects.filter(pk=round_.pk).update(
            revealed=True, revealed_at=timezone.now(), version=round_.version + 1
        )
        record_change(team, step, KIND, round_.pk, by=request.viewer.participant)
    if request.htmx:
        return render(
            request, TEMPLATES + "_scoring.html", tool_context(request, workshop, team, step)
        )
    messages.success(request, _("Scores revealed to the team."))
    return page(workshop, team, step)
