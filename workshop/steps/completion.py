"""A step's "complete when" checks for one team, and submitting the step."""

from django.utils import timezone
from django.utils.module_loading import import_string

from workshop.facilitation.models import StepProgress
from workshop.steps import registry
from workshop.steps.checks import StepCompletion


def evaluate(team, step) -> StepCompletion | None:
    """The kind's checks for this team, or None for kinds without checks (team notes)."""
    kind = registry.get(step.kind)
    if not kind.completion:
        return None
    return import_string(kind.completion)(team, step)


def refresh(team, step) -> StepCompletion | None:
    """Stores the checks on the team's progress row, which the facilitator's grid reads."""
    completion = evaluate(team, step)
    if completion is None:
        return None
    StepProgress.objects.update_or_create(
        team=team,
        step=step,
        defaults={
            "completion": completion.as_json(),
            "completion_pct": completion.percent,
            "warnings_count": len(completion.warnings),
        },
    )
    return completion


def submit(team, step) -> StepCompletion | None:
    """Marks the step submitted when its checks hold; returns the checks (None: nothing to check)."""
    completion = refresh(team, step)
    if completion is not None and not completion.complete:
        return completion
    progress, _created = StepProgress.objects.get_or_create(team=team, step=step)
    progress.status = StepProgress.Status.SUBMITTED
    progress.submitted_at = timezone.now()
    progress.save(update_fields=["status", "submitted_at"])
    return completion
