"""The epd-workshop/1 document (DOMAIN.md 12): the workshop block, then each team assembled from the
parts the steps contribute through their own `interchange.py` modules.

A step module offers `KEYS` (its top-level team keys), `DERIVED` (its derived keys with their empty
values), `export_team(team, ctx)`, `derive(team, ctx)` and `import_team(item, team, ctx)`, listed in
STEP_MODULES in the order import needs (a later step refers to an earlier step's refs).
"""

from decimal import Decimal
from importlib import import_module

from workshop.facilitation.models import Participant, StepProgress
from workshop.interchange.context import ExportContext
from workshop.steps.completion import evaluate
from workshop.steps.governance.models import Charter

FORMAT = "epd-workshop/1"

STEP_MODULES = [
    "workshop.steps.mapping.interchange",
    "workshop.steps.alignment.interchange",
    "workshop.steps.governance.interchange",
    "workshop.steps.pilot.interchange",
    "workshop.steps.scale.interchange",
]

TEAM_KEYS = (
    "fit_check",
    "forces",
    "actors",
    "flows",
    "gaps",
    "purpose",
    "criteria",
    "candidates",
    "charter",
    "pilots",
    "scaling_plan",
    "indicators",
    "health_checks",
    "signals",
)
# A team's parts before the steps fill them in: nothing, in the right shape.
EMPTY_PARTS = {
    "fit_check": None,
    "forces": [],
    "actors": [],
    "flows": [],
    "gaps": [],
    "purpose": None,
    "criteria": [],
    "candidates": [],
    "charter": None,
    "pilots": [],
    "scaling_plan": None,
    "indicators": [],
    "health_checks": [],
    "signals": [],
}
DERIVED_KEYS = (
    "ranking",
    "quadrants",
    "network",
    "gap_priority",
    "contribution_shares",
    "largest_share_pct",
    "largest_cash_share_pct",
    "allocations",
    "votes_needed",
    "charter_completeness_pct",
    "hypothesis_tally",
    "indicator_rag",
    "health",
    "fit_verdict",
    "warnings",
    "partner_suggestions",
)
EMPTY_DERIVED = {
    "ranking": [],
    "quadrants": {},
    "network": {},
    "gap_priority": {},
    "contribution_shares": {},
    "largest_share_pct": None,
    "largest_cash_share_pct": None,
    "allocations": {},
    "votes_needed": {},
    "charter_completeness_pct": 0,
    "hypothesis_tally": {},
    "indicator_rag": {},
    "health": {},
    "fit_verdict": None,
    "warnings": [],
    "partner_suggestions": [],
}
# derived.warnings: the early warnings of these steps (issue 18), from the records.
WARNING_KINDS = ("governance", "pilot", "scale")


def step_modules():
    return [import_module(name) for name in STEP_MODULES]


def facilitator_name(user) -> str:
    return user.get_full_name() or user.email or user.get_username()


def workshop_block(workshop) -> dict:
    facilitators = [workshop.owner, *workshop.co_facilitators.order_by("pk")]
    return {
        "title": workshop.title,
        "pattern_slug": workshop.pattern.slug,
        "status": workshop.status,
        "current_step": workshop.current_step.position if workshop.current_step else None,
        "currency": workshop.currency,
        "score_min": workshop.score_min,
        "score_max": workshop.score_max,
        "quadrant_threshold": workshop.quadrant_threshold,
        "dependency_threshold_pct": str(
            Decimal(str(workshop.dependency_threshold_pct)).quantize(Decimal("0.01"))
        ),
        "facilitators": [facilitator_name(user) for user in facilitators],
    }


def _export_ref(ref, ctx):
    """The checks name records by pk (``indicator:12``); the document by its own refs."""
    kind, _sep, pk = ref.partition(":")
    return ctx.refs.get((kind, int(pk)), ref) if pk.isdigit() else ref


def team_warnings(team, steps, ctx) -> list[dict]:
    """Each warning of steps 3-5's checks: its kind, step, the record it names, its message."""
    rows = []
    for step in steps:
        if step.kind not in WARNING_KINDS or step.skipped:
            continue
        if step.kind == "governance" and not Charter.objects.filter(team=team).exists():
            continue  # as on the alerts page: an empty charter's warnings are noise
        completion = evaluate(team, step)
        for alert in completion.warnings if completion else ():
            rows.append(
                {
                    "kind": alert.key,
                    "step": step.position,
                    "record": _export_ref(alert.refs[-1], ctx) if alert.refs else None,
                    "message": str(alert.message),
                }
            )
    return rows


def team_block(team, steps, modules) -> dict:
    ctx = ExportContext(team=team, workshop=team.workshop)
    parts = dict(EMPTY_PARTS)
    derived = dict(EMPTY_DERIVED)
    for module in modules:
        parts.update(module.export_team(team, ctx))
    for module in modules:
        derived.update(module.derive(team, ctx))
    derived["warnings"] = team_warnings(team, steps, ctx)
    progress = {p.step_id: p for p in StepProgress.objects.filter(team=team)}
    return {
        "name": team.name,
        "colour": team.colour,
        "convenor_actor": ctx.extra.get("convenor_actor"),
        "members": [
            {"display_name": p.display_name, "role": p.role}
            for p in Participant.objects.filter(team=team)
        ],
        "step_progress": [
            {
                "step": step.position,
                "status": progress[step.pk].status
                if step.pk in progress
                else StepProgress.Status.NOT_STARTED,
                "locked": step.state == step.State.LOCKED,
            }
            for step in steps
        ],
        **{key: parts[key] for key in TEAM_KEYS},
        "derived": {key: derived[key] for key in DERIVED_KEYS},
    }


def export_document(workshop) -> dict:
    modules = step_modules()
    steps = list(workshop.steps.order_by("position"))
    block = workshop_block(workshop)
    return {
        "format": FORMAT,
        "pattern_slug": block["pattern_slug"],
        "workshop": block,
        "teams": [team_block(team, steps, modules) for team in workshop.teams.order_by("pk")],
    }
