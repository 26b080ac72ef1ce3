"""Step 4's part of the epd-workshop/1 document (DOMAIN.md 12): "pilots", both directions.

Each pilot nests its `risks`, `hypotheses`, `lessons` (each with `charter_changes`) and one
`pilot_decision`. Refs: `pilot:<iteration>`, `hypothesis:<slug of title>` (unique per team: a
later iteration's copy of a card gets `-2`), `lesson:<n>` (position in the team's list). Parties,
decision rules and versions use step 3's refs (`party:<actor slug>`, `decision_rule:<n>`,
`version:<number>`). Import builds every record through the forms a person uses.
"""

from django.utils.translation import gettext as _

from workshop.interchange.context import FAILED, RefNamer, form_data, plain, positional
from workshop.steps.pilot.completion import TeamPilots
from workshop.steps.pilot.forms import (
    CharterChangeForm,
    DecisionForm,
    HypothesisForm,
    LessonForm,
    PilotForm,
    ResultForm,
    RiskForm,
)
from workshop.steps.pilot.models import CharterChange, Pilot, PilotRisk

KEYS = ("pilots",)
DERIVED = {"hypothesis_tally": {}}

PILOT_FIELDS = (
    "title",
    "objective",
    "scope",
    "start_date",
    "end_date",
    "budget_cash",
    "status",
)
CARD_FIELDS = (
    "title",
    "belief",
    "category",
    "criticality",
    "test_method",
    "metric",
    "unit",
    "comparator",
    "target_value",
    "target_value_max",
)
RESULT_FIELDS = ("result_value", "result_override", "result_note")
RISK_FIELDS = ("title", "category", "likelihood", "impact", "mitigation")
LESSON_FIELDS = ("text", "kind", "action")
DECISION_FIELDS = ("decision", "rationale", "decided_on")


def _fields(record, names) -> dict:
    return {name: plain(getattr(record, name)) for name in names}


def _charter_refs(team) -> tuple[dict, dict]:
    """Step 3's party and decision-rule refs, numbered as its snapshot numbers them."""
    from workshop.steps.governance.models import CharterParty, DecisionRule

    names = RefNamer("party")
    parties = {
        p.pk: names(p.actor.name, position)
        for position, p in enumerate(
            CharterParty.objects.filter(team=team).select_related("actor"), start=1
        )
    }
    decision_rules = {
        r.pk: positional("decision_rule", position)
        for position, r in enumerate(DecisionRule.objects.filter(team=team), start=1)
    }
    return parties, decision_rules


def _version_ref(version):
    return f"version:{version.number}" if version is not None else None


def export_team(team, ctx) -> dict:
    pilots = TeamPilots.load(team).pilots
    ctx.extra["pilots"] = pilots
    if not pilots:
        return {"pilots": []}
    party_ref, rule_ref = _charter_refs(team)
    risks = {}
    for risk in PilotRisk.objects.filter(team=team):
        risks.setdefault(risk.pilot_id, []).append(risk)
    card_refs, lesson_number = RefNamer("hypothesis"), 0
    result = []
    for pilot in pilots:
        for card in pilot.cards:
            card.ref = ctx.refs[("hypothesis", card.pk)] = card_refs(card.title, card.pk)
        lessons = []
        for lesson in pilot.lesson_list:
            lesson_number += 1
            lessons.append(
                {
                    "ref": positional("lesson", lesson_number),
                    **_fields(lesson, LESSON_FIELDS),
                    "hypotheses": [
                        ctx.refs[("hypothesis", card.pk)] for card in lesson.hypotheses.all()
                    ],
                    "charter_changes": [
                        {
                            "section": change.section,
                            "description": change.description,
                            "applied_in_version": _version_ref(change.applied_in_version),
                        }
                        for change in lesson.change_list
                    ],
                }
            )
        decision = pilot.decision_record
        result.append(
            {
                "ref": pilot.ref,
                "iteration": pilot.iteration,
                **_fields(pilot, PILOT_FIELDS),
                "parties": [party_ref.get(p.pk) for p in pilot.parties.all()],
                "charter_version": _version_ref(pilot.charter_version),
                "risks": [
                    {**_fields(r, RISK_FIELDS), "owner": party_ref.get(r.owner_id)}
                    for r in risks.get(pilot.pk, [])
                ],
                "hypotheses": [
                    {"ref": card.ref, **_fields(card, CARD_FIELDS + RESULT_FIELDS)}
                    for card in pilot.cards
                ],
                "lessons": lessons,
                "pilot_decision": None
                if decision is None
                else {
                    **_fields(decision, DECISION_FIELDS),
                    "decision_rule": rule_ref.get(decision.decision_rule_id),
                },
            }
        )
    return {"pilots": result}


def derive(team, ctx) -> dict:
    """hypothesis_tally: pilot ref → counts per result (DOMAIN.md 8.11, 12.2)."""
    pilots = ctx.extra.get("pilots")
    if pilots is None:
        pilots = TeamPilots.load(team).pilots
    return {"hypothesis_tally": {p.ref: dict(p.tally) for p in pilots}}


# --- Import ------------------------------------------------------------------------------------


def import_team(item: dict, team, ctx) -> None:
    for index, data in enumerate(item.get("pilots") or []):
        _pilot(data, team, ctx, f"{ctx.path}.pilots[{index}]")


def _version(ref, team, ctx, path):
    """A charter version by its `version:<number>` ref (step 3 imports versions first)."""
    from workshop.steps.governance.models import CharterVersion

    if not ref:
        return None
    number = str(ref).removeprefix("version:")
    version = None
    if str(ref).startswith("version:") and number.isdigit():
        version = CharterVersion.objects.filter(charter__team=team, number=int(number)).first()
    if version is None:
        ctx.error(
            path,
            _("‘%(ref)s’ does not match any version ref in this team.")  # noqa: RUF001
            % {"ref": ref},
        )
        return FAILED
    return version


def _pilot(data, team, ctx, path) -> None:
    fields = form_data(data, PILOT_FIELDS)
    fields["status"] = fields["status"] or Pilot.Status.PLANNED  # omitted means the default
    parties = ctx.resolve_many(data.get("parties"), "party", f"{path}.parties")
    version = _version(data.get("charter_version"), team, ctx, f"{path}.charter_version")
    iteration = data.get("iteration")
    if not isinstance(iteration, int) or isinstance(iteration, bool) or iteration < 1:
        ctx.error(f"{path}.iteration", _("Enter a whole number of 1 or more."))
        iteration = None
    elif Pilot.objects.filter(team=team, iteration=iteration).exists():
        ctx.error(f"{path}.iteration", _("Another pilot already has this iteration."))
        iteration = None
    if FAILED in (parties, version) or iteration is None:
        ctx.declare(data.get("ref"), FAILED)
        return
    fields["parties"] = [p.pk for p in parties]
    fields["charter_version"] = version.pk if version else ""
    form = PilotForm(fields, team=team)
    form.instance.iteration = iteration
    pilot = _save(form, ctx, path)
    ctx.declare(data.get("ref"), pilot)
    if pilot is FAILED:
        return
    for index, risk in enumerate(data.get("risks") or []):
        where = f"{path}.risks[{index}]"
        owner = ctx.resolve(risk.get("owner"), "party", f"{where}.owner")
        if owner is not FAILED:
            values = form_data(risk, RISK_FIELDS)
            values["owner"] = owner.pk if owner else ""
            _save(RiskForm(values, team=team, pilot=pilot), ctx, where)
    for index, card in enumerate(data.get("hypotheses") or []):
        where = f"{path}.hypotheses[{index}]"
        saved = _save(
            HypothesisForm(form_data(card, CARD_FIELDS), team=team, pilot=pilot), ctx, where
        )
        if saved is not FAILED and any(card.get(name) for name in RESULT_FIELDS):
            result = ResultForm(
                {**form_data(card, RESULT_FIELDS), "version": saved.version},
                instance=saved,
                team=team,
                pilot=pilot,
            )
            saved = _save(result, ctx, where)
        ctx.declare(card.get("ref"), saved)
    for index, lesson in enumerate(data.get("lessons") or []):
        _lesson(lesson, pilot, team, ctx, f"{path}.lessons[{index}]")
    decision = data.get("pilot_decision")
    if decision:
        where = f"{path}.pilot_decision"
        rule = ctx.resolve(decision.get("decision_rule"), "decision_rule", f"{where}.decision_rule")
        if rule is not FAILED:
            values = form_data(decision, DECISION_FIELDS)
            values["decision_rule"] = rule.pk if rule else ""
            _save(DecisionForm(values, team=team, pilot=pilot), ctx, where)


def _lesson(data, pilot, team, ctx, path) -> None:
    cards = ctx.resolve_many(data.get("hypotheses"), "hypothesis", f"{path}.hypotheses")
    if cards is FAILED:
        ctx.declare(data.get("ref"), FAILED)
        return
    values = form_data(data, LESSON_FIELDS)
    values["hypotheses"] = [card.pk for card in cards]
    lesson = _save(LessonForm(values, team=team, pilot=pilot), ctx, path)
    ctx.declare(data.get("ref"), lesson)
    if lesson is FAILED:
        return
    for index, change in enumerate(data.get("charter_changes") or []):
        where = f"{path}.charter_changes[{index}]"
        version = _version(
            change.get("applied_in_version"), team, ctx, f"{where}.applied_in_version"
        )
        form = CharterChangeForm(
            form_data(change, ("section", "description")), team=team, pilot=pilot, lesson=lesson
        )
        saved = _save(form, ctx, where)
        if saved is not FAILED and version not in (None, FAILED):
            CharterChange.objects.filter(pk=saved.pk).update(
                applied_in_version=version, applied_at=version.published_at
            )


def _save(form, ctx, path):
    if not form.is_valid():
        ctx.form_errors(path, form)
        return FAILED
    return form.save_versioned(by=None)
