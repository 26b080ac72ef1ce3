"""The charter summary on the step page: table of contents with each section's state."""

from django import template

register = template.Library()


@register.simple_tag
def charter_summary(team):
    from workshop.steps.governance.models import Charter
    from workshop.steps.governance.presentation import SECTIONS, present, section_title
    from workshop.steps.governance.publishing import Lifecycle
    from workshop.steps.governance.snapshot import build_snapshot

    charter = Charter.objects.filter(team=team).first()
    if charter is not None:
        charter.team = team
    team._charter = charter  # the step's checks, rendered next, reuse it (completion.py)
    if charter is None:
        return {"charter": None, "toc": [{"key": k, "title": section_title(k)} for k in SECTIONS]}
    c = present(build_snapshot(charter))
    return {
        "charter": charter,
        "c": c,
        "life": Lifecycle(charter),
        "toc": [
            {"key": key, "title": section_title(key), "state": c["states"].get(key)}
            for key in SECTIONS
        ],
    }
