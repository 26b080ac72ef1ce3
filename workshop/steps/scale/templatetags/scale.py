from django import template
from django.utils.translation import gettext_lazy as _

from workshop.steps.scale import rules

register = template.Library()

RAG_LABELS = {
    rules.GREEN: (_("Green"), "●"),
    rules.AMBER: (_("Amber"), "▲"),
    rules.RED: (_("Red"), "■"),
    rules.GREY: (_("No reading"), "○"),
}
DIMENSION_LABELS = dict(rules.HEALTH_DIMENSIONS)


@register.simple_tag(takes_context=True)
def scale_tool(context):
    """Puts the tool's context (records, forms, permissions) into the including template."""
    from workshop.steps.scale.views import tool_context

    for key, value in tool_context(
        context["request"], context["workshop"], context["team"], context["step"]
    ).items():
        context[key] = value
    return ""


@register.simple_tag
def team_scale(team):
    """Every step-5 record of the team with its derived values (read-only summaries)."""
    from workshop.steps.scale.completion import TeamScale

    return TeamScale.load(team)


@register.filter
def rag_label(code):
    return RAG_LABELS.get(code, ("", ""))[0]


@register.filter
def rag_icon(code):
    return RAG_LABELS.get(code, ("", ""))[1]


@register.filter
def dimension_label(code):
    return DIMENSION_LABELS.get(code, code)


@register.filter
def pct(value):
    """A percentage for display, 0 dp; a dash when there is nothing to score."""
    return "—" if value is None else f"{value:.0f} %"


@register.filter
def num(value):
    """Decimals without trailing zeros (1420, 33.83)."""
    if value is None:
        return "—"
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


@register.filter
def get_pct(per_respondent, response):
    """A respondent's overall % from health_scores' per_respondent (keyed by party ref)."""
    return pct(per_respondent.get(f"party:{response.respondent_party_id}"))
