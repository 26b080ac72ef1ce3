"""The charter's step-5 annexes: scaling plan, monitoring plan and latest health check.

Built from `TeamScale.load` (a fixed number of queries) and scale.rules (RAG by 8.8, health scores
by 8.10); labels are resolved here so templates/charter/_annex_scale.html only prints. Like the
step 1-2 annexes they show the team's records as they are now, whichever version is printed.
"""

from dataclasses import dataclass

from workshop.steps.scale import rules
from workshop.steps.scale.models import Indicator, Pathway, ScalingAction
from workshop.steps.scale.templatetags.scale import dimension_label, num, pct, rag_icon, rag_label


@dataclass
class ScaleAnnexes:
    scaling: dict | None = None  # plan and actions
    indicators: dict | None = None  # the monitoring plan
    health: dict | None = None  # the latest health check with answers


def _name(party) -> str:
    return party.actor.name if party is not None else ""


def scale_annexes(team) -> ScaleAnnexes:
    from workshop.steps.scale.completion import TeamScale

    scale = TeamScale.load(team)
    return ScaleAnnexes(
        scaling=_scaling(scale),
        indicators=_indicators(scale),
        health=_health(scale),
    )


def _scaling(scale) -> dict | None:
    if scale.plan is None and not scale.actions:
        return None
    pathways = dict(Pathway.choices)
    statuses = dict(ScalingAction.Status.choices)
    plan = scale.plan
    used = [a.pathway for a in scale.actions]
    return {
        # Section 15's one line: each pathway in the pattern's order, with how many actions take it.
        "pathways": [
            (str(label), used.count(code)) for code, label in pathways.items() if code in used
        ],
        "summary": plan.summary if plan else "",
        "preconditions": plan.preconditions if plan else "",
        "horizon_end": plan.horizon_end if plan else None,
        "actions": [
            {
                "pathway_label": str(pathways.get(a.pathway, a.pathway)),
                "description": a.description,
                "target_context": a.target_context,
                "new_actor_names": [actor.name for actor in a.new_actors.all()],
                "owner_name": _name(a.owner),
                "due_date": a.due_date,
                "status_label": str(statuses.get(a.status, a.status)),
                "resources_needed": a.resources_needed,
            }
            for a in scale.actions
        ],
    }


def _indicators(scale) -> dict | None:
    if not scale.indicators:
        return None
    types = dict(Indicator.Type.choices)
    directions = dict(Indicator.Direction.choices)
    frequencies = dict(Indicator.Frequency.choices)
    rows = []
    for i in scale.indicators:
        rows.append(
            {
                "name": i.name,
                "type_label": str(types.get(i.indicator_type, "")),
                "unit": i.unit,
                "direction_label": str(directions.get(i.direction, "")),
                "baseline": num(i.baseline),
                "target": num(i.target),
                "warning": num(i.warning_threshold),
                "owner_name": _name(i.owner),
                "frequency_label": str(frequencies.get(i.frequency, "")),
                "data_source": i.data_source,
                "latest_value": num(i.latest.value) if i.latest else "",
                "latest_on": i.latest.observed_on if i.latest else None,
                "rag": i.rag,
                "rag_label": str(rag_label(i.rag)),
                "rag_icon": rag_icon(i.rag),
            }
        )
    counts = dict.fromkeys(rules.RAG_COLOURS, 0)
    for row in rows:
        counts[row["rag"]] += 1
    summary = [
        (code, str(rag_label(code)), counts[code]) for code in rules.RAG_COLOURS if counts[code]
    ]
    return {"rows": rows, "summary": summary}


def _health(scale) -> dict | None:
    """The latest check anyone answered; a check only scheduled has nothing to print yet."""
    held = [check for check in scale.checks if check.response_list]
    if not held:
        return None
    check = max(held, key=lambda c: (c.held_on, c.pk))
    scores = check.scores
    return {
        "held_on": check.held_on,
        "facilitated_by": check.facilitated_by,
        "respondents": scores.respondents,
        "overall": pct(scores.overall_pct),
        "dimensions": [
            {
                "code": code,
                "label": str(dimension_label(code)),
                "score": pct(score.score_pct),
                "discuss": score.discuss,
            }
            for code, score in scores.dimensions.items()
        ],
    }
