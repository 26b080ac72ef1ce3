"""Which tool serves each implementation step of a pattern.

The database stores only a step kind's slug per workshop step. Adding a kind means one app under
`workshop/steps/` and one entry here. Built explicitly (no self-registration) and tested directly.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class StepKind:
    slug: str
    title: str
    # Template of the step's own tool, included on the step page above the team notes; None = notes only.
    tool_template: str | None = None
    # Dotted path of `f(team, step) -> StepCompletion` (the kind's "complete when"); None = no checks.
    completion: str | None = None


NOTES = StepKind("notes", _("Team notes"))

KINDS: dict[str, StepKind] = {
    kind.slug: kind
    for kind in [
        NOTES,
        StepKind(
            "mapping",
            _("Ecosystem mapping"),
            tool_template="steps/mapping/tool.html",
            completion="workshop.steps.mapping.completion.for_team",
        ),
        StepKind(
            "alignment",
            _("Partner alignment"),
            tool_template="steps/alignment/_tool.html",
            completion="workshop.steps.alignment.completion.for_team",
        ),
        StepKind(
            "governance",
            _("Governance co-design"),
            tool_template="steps/governance/_tool.html",
            completion="workshop.steps.governance.completion.for_team",
        ),
        StepKind(
            "pilot",
            _("Pilot and iterate"),
            tool_template="steps/pilot/_tool.html",
            completion="workshop.steps.pilot.completion.for_team",
        ),
        StepKind(
            "scale",
            _("Scale and evolve"),
            tool_template="steps/scale/_tool.html",
            completion="workshop.steps.scale.completion.for_team",
        ),
    ]
}

# Patterns with specialised tools, by slug: the kind of each implementation step, in order.
PATTERN_KINDS: dict[str, list[str]] = {
    "ecosystem-partnership-design": ["mapping", "alignment", "governance", "pilot", "scale"],
}


def kind_for(pattern_slug: str, step_number: int) -> str:
    """The kind slug for step `step_number` (1-based) of a pattern; notes when none is specialised."""
    kinds = PATTERN_KINDS.get(pattern_slug, [])
    if 1 <= step_number <= len(kinds):
        return kinds[step_number - 1]
    return NOTES.slug


def get(slug: str) -> StepKind:
    return KINDS.get(slug, NOTES)
