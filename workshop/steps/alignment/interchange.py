"""Step 2's part of the epd-workshop/1 document (DOMAIN.md 12), both directions.

Candidates carry their consensus `scores` (criterion ref → value), the private `votes` by display
name, and their `conversations`. Import goes through the step's own forms and scale checks.
"""

from workshop.interchange.context import FAILED, RefNamer, form_data, plain
from workshop.steps.alignment import rules
from workshop.steps.alignment.forms import (
    CandidateForm,
    CandidateScoresForm,
    ConversationForm,
    CriterionForm,
)
from workshop.steps.alignment.models import Candidate, Conversation, Criterion, Score, ScoreVote

KEYS = ("criteria", "candidates")
DERIVED = {"ranking": []}

CRITERION_FIELDS = (
    "name",
    "category",
    "weight",
    "description",
    "scoring_guide",
    "min_acceptable",
    "order",
)
CANDIDATE_FIELDS = ("status", "complementary_capabilities", "decision_rationale")
CONVERSATION_FIELDS = (
    "held_on",
    "participants",
    "interest_level",
    "willingness",
    "their_interests",
    "what_they_could_bring",
    "concerns_red_flags",
    "conditions",
    "next_step",
    "follow_up_on",
)


def _fields(record, names) -> dict:
    return {name: plain(getattr(record, name)) for name in names}


# --- Export ------------------------------------------------------------------------------------


def export_team(team, ctx) -> dict:
    criteria = list(Criterion.objects.filter(team=team))
    candidates = list(Candidate.objects.filter(team=team).select_related("actor"))
    scores = list(Score.objects.filter(team=team))
    votes = list(ScoreVote.objects.filter(team=team).select_related("participant"))
    talks = list(Conversation.objects.filter(team=team))
    names = RefNamer("criterion")
    for position, criterion in enumerate(criteria, start=1):
        ctx.refs[("criterion", criterion.pk)] = names(criterion.name, position)
    for candidate in candidates:
        actor_ref = ctx.ref("actor", candidate.actor_id)
        ctx.refs[("candidate", candidate.pk)] = "candidate:" + actor_ref.split(":", 1)[1]
    order = {c.pk: i for i, c in enumerate(criteria)}
    ctx.extra["alignment"] = (criteria, candidates, scores)

    def candidate_block(candidate):
        mine = sorted(
            (s for s in scores if s.candidate_id == candidate.pk),
            key=lambda s: order[s.criterion_id],
        )
        my_votes = sorted(
            (v for v in votes if v.candidate_id == candidate.pk),
            key=lambda v: (v.participant.display_name, order[v.criterion_id], v.pk),
        )
        return {
            "ref": ctx.ref("candidate", candidate.pk),
            "actor": ctx.ref("actor", candidate.actor_id),
            **_fields(candidate, CANDIDATE_FIELDS),
            "scores": {ctx.ref("criterion", s.criterion_id): s.value for s in mine},
            "votes": [
                {
                    "participant": v.participant.display_name,
                    "criterion": ctx.ref("criterion", v.criterion_id),
                    "value": v.value,
                }
                for v in my_votes
            ],
            "conversations": [
                _fields(talk, CONVERSATION_FIELDS)
                for talk in talks
                if talk.candidate_id == candidate.pk
            ],
        }

    return {
        "criteria": [
            {"ref": ctx.ref("criterion", c.pk), **_fields(c, CRITERION_FIELDS)} for c in criteria
        ],
        "candidates": [candidate_block(c) for c in candidates],
    }


def derive(team, ctx) -> dict:
    """The ranking (DOMAIN.md 8.1): every candidate in display order."""
    criteria, candidates, scores = ctx.extra["alignment"]
    ref = ctx.ref
    ranking = rules.rank_candidates(
        [
            rules.CandidateData(
                ref("candidate", c.pk),
                ref("actor", c.actor_id),
                c.actor.name,
                c.status,
                c.decision_rationale,
            )
            for c in candidates
        ],
        [
            rules.CriterionData(
                ref("criterion", c.pk), c.name, c.category, c.weight, c.min_acceptable, c.order
            )
            for c in criteria
        ],
        [
            rules.ScoreData(
                ref("candidate", s.candidate_id), ref("criterion", s.criterion_id), s.value
            )
            for s in scores
        ],
    )
    return {
        "ranking": [
            {
                "candidate": entry.candidate.ref,
                "score": entry.display_score or None,
                "rank": entry.rank,
                "status": entry.status,
            }
            for entry in ranking
        ]
    }


# --- Import ------------------------------------------------------------------------------------


def import_team(item: dict, team, ctx) -> None:
    base = ctx.path
    for index, criterion in enumerate(item.get("criteria") or []):
        path = f"{base}.criteria[{index}]"
        form = CriterionForm(form_data(criterion, CRITERION_FIELDS, Criterion), team=team)
        record = _save(form, ctx, path)
        if record is not FAILED and criterion.get("order") is not None:
            # The form numbers new criteria itself; the document's order is kept as given.
            Criterion.objects.filter(pk=record.pk).update(order=criterion["order"])
        ctx.declare(criterion.get("ref"), record)
    for index, candidate in enumerate(item.get("candidates") or []):
        path = f"{base}.candidates[{index}]"
        actor = ctx.resolve(candidate.get("actor"), "actor", f"{path}.actor")
        record = FAILED
        if actor is not FAILED:
            data = form_data(candidate, CANDIDATE_FIELDS, Candidate)
            data["actor"] = actor.pk if actor else ""
            record = _save(CandidateForm(data, team=team), ctx, path)
        ctx.declare(candidate.get("ref"), record)
        if record is not FAILED:
            _import_scores(candidate, record, team, ctx, path)
            _import_conversations(candidate, record, team, ctx, path)


def _import_scores(item, candidate, team, ctx, path) -> None:
    workshop = team.workshop
    cells = {}
    for ref, value in (item.get("scores") or {}).items():
        criterion = ctx.resolve(ref, "criterion", f"{path}.scores.{ref}")
        if criterion not in (None, FAILED):
            cells[criterion] = (value, f"{path}.scores.{ref}")
    if cells:
        form = CandidateScoresForm(
            {f"c{c.pk}": str(v) for c, (v, _p) in cells.items()},
            workshop=workshop,
            criteria=list(cells),
        )
        if not form.is_valid():
            for criterion, (_value, where) in cells.items():
                for message in form.errors.get(f"c{criterion.pk}", []):
                    ctx.error(where, message)
        else:
            Score.objects.bulk_create(
                Score(team=team, candidate=candidate, criterion=c, value=v)
                for c, v in form.values().items()
            )
    for index, vote in enumerate(item.get("votes") or []):
        where = f"{path}.votes[{index}]"
        person = ctx.members.get(vote.get("participant"))
        if person is None:
            ctx.error(
                f"{where}.participant",
                _no_member(vote.get("participant")),
            )
        criterion = ctx.resolve(vote.get("criterion"), "criterion", f"{where}.criterion")
        if person is None or criterion in (None, FAILED):
            continue
        form = CandidateScoresForm(
            {f"c{criterion.pk}": str(vote.get("value"))}, workshop=workshop, criteria=[criterion]
        )
        if not form.is_valid():
            for message in form.errors.get(f"c{criterion.pk}", []):
                ctx.error(f"{where}.value", message)
            continue
        ScoreVote.objects.create(
            team=team,
            participant=person,
            candidate=candidate,
            criterion=criterion,
            value=form.cleaned_data[f"c{criterion.pk}"],
        )


def _no_member(name) -> str:
    from django.utils.translation import gettext as _

    return _("Nobody called ‘%(name)s’ is a member of this team.") % {"name": name}  # noqa: RUF001


def _import_conversations(item, candidate, team, ctx, path) -> None:
    for index, talk in enumerate(item.get("conversations") or []):
        data = form_data(talk, CONVERSATION_FIELDS, Conversation)
        data["candidate"] = candidate.pk
        _save(ConversationForm(data, team=team), ctx, f"{path}.conversations[{index}]")


def _save(form, ctx, path):
    if not form.is_valid():
        ctx.form_errors(path, form)
        return FAILED
    return form.save_versioned(by=None)
