"""Step 5's part of the epd-workshop/1 document (DOMAIN.md 12): "scaling_plan", "indicators",
"health_checks" and "signals", both directions.

Refs: `scaling_action:<n>`, `health_check:<n>` and `signal:<n>` by position in the team's list,
`indicator:<slug of name>`. Owners, respondents and signal parties use step 3's party refs, new
partners step 1's actor refs, a linked test card step 4's hypothesis ref. Import builds every record
through the forms a person uses (a health response through the respondent's own form).

Not part of the format: health-check invitations (a respondent's e-mail, a secret link token and its
expiry). DOMAIN.md 6.4 does not list them; they are how answers are collected, not what the
partnership agreed or observed, and a token copied into a file would be a working key. The answers
themselves are exported as `responses`.
"""

from django.utils.translation import gettext as _

from workshop.interchange.context import FAILED, RefNamer, form_data, plain, positional
from workshop.steps.derived import pct_str
from workshop.steps.pilot.interchange import _charter_refs
from workshop.steps.scale import rules
from workshop.steps.scale.completion import TeamScale
from workshop.steps.scale.forms import (
    HealthCheckForm,
    HealthResponseForm,
    IndicatorForm,
    ReadingForm,
    ScalingActionForm,
    ScalingPlanForm,
    VitalitySignalForm,
)
from workshop.steps.scale.models import HealthResponse, ScalingAction

KEYS = ("scaling_plan", "indicators", "health_checks", "signals")
DERIVED = {"indicator_rag": {}, "health": {}}

PLAN_FIELDS = ("summary", "preconditions", "horizon_end")
ACTION_FIELDS = (
    "pathway",
    "description",
    "target_context",
    "due_date",
    "status",
    "resources_needed",
)
INDICATOR_FIELDS = (
    "name",
    "indicator_type",
    "unit",
    "direction",
    "baseline",
    "target",
    "warning_threshold",
    "frequency",
    "data_source",
)
READING_FIELDS = ("observed_on", "value", "note")
CHECK_FIELDS = ("held_on", "facilitated_by", "notes")
SIGNAL_FIELDS = ("observed_on", "signal", "description", "severity")


def _fields(record, names) -> dict:
    return {name: plain(getattr(record, name)) for name in names}


# --- Export ------------------------------------------------------------------------------------


def export_team(team, ctx) -> dict:
    scale = TeamScale.load(team)
    ctx.extra["scale"] = scale
    party_ref, _rules = _charter_refs(team)
    names = RefNamer("indicator")
    for position, indicator in enumerate(scale.indicators, start=1):
        indicator.ref = ctx.refs[("indicator", indicator.pk)] = names(indicator.name, position)
    for position, check in enumerate(scale.checks, start=1):
        check.ref = ctx.refs[("health_check", check.pk)] = positional("health_check", position)
    for position, signal in enumerate(scale.signals, start=1):
        ctx.refs[("signal", signal.pk)] = positional("signal", position)
    return {
        "scaling_plan": _plan(scale, party_ref, ctx),
        "indicators": [
            {
                "ref": indicator.ref,
                **_fields(indicator, INDICATOR_FIELDS),
                "owner": party_ref.get(indicator.owner_id),
                "linked_hypothesis": ctx.ref("hypothesis", indicator.linked_hypothesis_id),
                "readings": [_fields(r, READING_FIELDS) for r in indicator.reading_list],
            }
            for indicator in scale.indicators
        ],
        "health_checks": [
            {
                "ref": check.ref,
                **_fields(check, CHECK_FIELDS),
                "responses": [
                    {
                        "respondent_party": party_ref.get(response.respondent_party_id),
                        "respondent_name": response.respondent_name,
                        "ratings": _ratings(response),
                    }
                    for response in check.response_list
                ],
            }
            for check in scale.checks
        ],
        "signals": [
            {
                "ref": positional("signal", position),
                **_fields(signal, SIGNAL_FIELDS),
                "parties": [party_ref.get(p.pk) for p in signal.parties.all()],
            }
            for position, signal in enumerate(scale.signals, start=1)
        ],
    }


def _plan(scale, party_ref, ctx) -> dict | None:
    """The plan's own fields only when the team saved a plan: a plan record, even a blank one,
    counts towards "complete when" (DOMAIN.md 6.6), so import must not invent one."""
    if scale.plan is None and not scale.actions:
        return None
    plan = _fields(scale.plan, PLAN_FIELDS) if scale.plan is not None else {}
    actions = [
        {
            "ref": positional("scaling_action", position),
            "pathway": action.pathway,
            "description": action.description,
            "new_actors": [ctx.ref("actor", actor.pk) for actor in action.new_actors.all()],
            "target_context": action.target_context,
            "owner": party_ref.get(action.owner_id),
            **_fields(action, ("due_date", "status", "resources_needed")),
        }
        for position, action in enumerate(scale.actions, start=1)
    ]
    return {**plan, "actions": actions}


def _ratings(response) -> list[dict]:
    order = {code: n for n, code in enumerate(rules.HEALTH_DIMENSION_CODES)}
    return [
        {"dimension": r.dimension, "rating": r.rating, "comment": r.comment}
        for r in sorted(response.rating_list, key=lambda r: order.get(r.dimension, len(order)))
    ]


def derive(team, ctx) -> dict:
    """indicator_rag (8.8) and health (8.10): percentages as 2-decimal strings, null when there
    is nothing to divide by (a check scheduled with no responses yet)."""
    scale = ctx.extra.get("scale")
    if scale is None:
        export_team(team, ctx)
        scale = ctx.extra["scale"]
    return {
        "indicator_rag": {indicator.ref: indicator.rag for indicator in scale.indicators},
        "health": {
            check.ref: {
                "overall_pct": pct_str(check.scores.overall_pct) or None,
                "dimensions": {
                    code: {"score_pct": pct_str(score.score_pct) or None, "discuss": score.discuss}
                    for code, score in check.scores.dimensions.items()
                },
            }
            for check in scale.checks
        },
    }


# --- Import ------------------------------------------------------------------------------------


def import_team(item: dict, team, ctx) -> None:
    plan = item.get("scaling_plan")
    if plan:
        _import_plan(plan, team, ctx, f"{ctx.path}.scaling_plan")
    for index, data in enumerate(item.get("indicators") or []):
        _indicator(data, team, ctx, f"{ctx.path}.indicators[{index}]")
    for index, data in enumerate(item.get("health_checks") or []):
        _check(data, team, ctx, f"{ctx.path}.health_checks[{index}]")
    for index, data in enumerate(item.get("signals") or []):
        _signal(data, team, ctx, f"{ctx.path}.signals[{index}]")


def _pk(record):
    return record.pk if record else ""


def _import_plan(data, team, ctx, path) -> None:
    if any(name in data for name in PLAN_FIELDS):
        _save(ScalingPlanForm(form_data(data, PLAN_FIELDS), team=team), ctx, path)
    for index, action in enumerate(data.get("actions") or []):
        where = f"{path}.actions[{index}]"
        owner = ctx.resolve(action.get("owner"), "party", f"{where}.owner")
        actors = ctx.resolve_many(action.get("new_actors"), "actor", f"{where}.new_actors")
        if FAILED in (owner, actors):
            ctx.declare(action.get("ref"), FAILED)
            continue
        values = form_data(action, ACTION_FIELDS, ScalingAction)
        values["owner"] = _pk(owner)
        values["new_actors"] = [actor.pk for actor in actors]
        ctx.declare(action.get("ref"), _save(ScalingActionForm(values, team=team), ctx, where))


def _indicator(data, team, ctx, path) -> None:
    owner = ctx.resolve(data.get("owner"), "party", f"{path}.owner")
    card = ctx.resolve(data.get("linked_hypothesis"), "hypothesis", f"{path}.linked_hypothesis")
    if FAILED in (owner, card):
        ctx.declare(data.get("ref"), FAILED)
        return
    values = form_data(data, INDICATOR_FIELDS)
    values["owner"] = _pk(owner)
    values["linked_hypothesis"] = _pk(card)
    indicator = _save(IndicatorForm(values, team=team), ctx, path)
    ctx.declare(data.get("ref"), indicator)
    if indicator is FAILED:
        return  # its readings would only repeat the indicator's error
    for index, reading in enumerate(data.get("readings") or []):
        form = ReadingForm(form_data(reading, READING_FIELDS), team=team, indicator=indicator)
        _save(form, ctx, f"{path}.readings[{index}]")


def _check(data, team, ctx, path) -> None:
    check = _save(HealthCheckForm(form_data(data, CHECK_FIELDS), team=team), ctx, path)
    ctx.declare(data.get("ref"), check)
    if check is FAILED:
        return
    for index, response in enumerate(data.get("responses") or []):
        _response(response, check, team, ctx, f"{path}.responses[{index}]")


def _response(data, check, team, ctx, path) -> None:
    """One respondent's answers through HealthResponseForm: all 7 rated, red explained (V33)."""
    from workshop.steps.governance.models import CharterParty

    party = ctx.resolve(data.get("respondent_party"), "party", f"{path}.respondent_party")
    if party is FAILED:
        return
    answered = HealthResponse.objects.filter(health_check=check).values_list(
        "respondent_party_id", flat=True
    )
    if party is not None and party.pk in set(answered):
        ctx.error(f"{path}.respondent_party", _("This party has already answered."))
        return
    values = {
        "respondent_party": _pk(party),
        "respondent_name": form_data(data, ("respondent_name",))["respondent_name"],
    }
    position, duplicate = {}, False
    for index, rating in enumerate(data.get("ratings") or []):
        code = rating.get("dimension")
        if code in position:
            ctx.error(
                f"{path}.ratings[{index}].dimension", _("This dimension is already rated above.")
            )
            duplicate = True
            continue
        position[code] = index
        values.update(
            {
                f"rating_{code}": form_data(rating, ("rating",))["rating"],
                f"comment_{code}": form_data(rating, ("comment",))["comment"],
            }
        )
    parties = CharterParty.objects.filter(charter__team=team).exclude(pk__in=answered)
    form = HealthResponseForm(values, parties=parties)
    if not form.is_valid():
        for name, messages in form.errors.items():
            kind, _sep, code = name.partition("_")
            if name == "__all__":
                where = f"{path}.ratings"
            elif kind in ("rating", "comment") and code in rules.HEALTH_DIMENSION_CODES:
                if code not in position:
                    continue  # an unrated dimension: "Rate all 7 dimensions." says so once
                where = f"{path}.ratings[{position[code]}].{kind}"
            else:
                where = f"{path}.{name}"
            for message in messages:
                ctx.error(where, message)
        return
    if not duplicate:
        form.save(check, form.cleaned_data["respondent_party"])


def _signal(data, team, ctx, path) -> None:
    parties = ctx.resolve_many(data.get("parties"), "party", f"{path}.parties")
    if parties is FAILED:
        ctx.declare(data.get("ref"), FAILED)
        return
    values = form_data(data, SIGNAL_FIELDS)
    values["parties"] = [party.pk for party in parties]
    ctx.declare(data.get("ref"), _save(VitalitySignalForm(values, team=team), ctx, path))


def _save(form, ctx, path):
    if not form.is_valid():
        ctx.form_errors(path, form)
        return FAILED
    return form.save_versioned(by=None)
