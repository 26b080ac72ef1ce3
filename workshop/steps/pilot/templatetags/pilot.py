"""Loads step 4's records for the step page, and a team's pilots for read-only summaries."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

RESULT_LABELS = {
    "validated": (_("Validated"), "✓"),
    "invalidated": (_("Invalidated"), "✗"),
    "inconclusive": (_("Inconclusive"), "?"),
    "not_tested": (_("Not tested"), "–"),  # noqa: RUF001
}


@register.simple_tag(takes_context=True)
def pilot_tool(context):
    """Puts the tool's context (pilots, forms, permissions) into the including template."""
    from workshop.steps.pilot.views import tool_context

    request = context["request"]
    for key, value in tool_context(
        request, context["workshop"], context["team"], context["step"]
    ).items():
        context[key] = value
    return ""


@register.simple_tag
def team_pilots(team):
    """Every pilot of the team with its cards, lessons and decision (read-only summaries)."""
    from workshop.steps.pilot.completion import TeamPilots

    return TeamPilots.load(team).pilots


@register.filter
def result_label(code):
    return RESULT_LABELS.get(code, ("", ""))[0]


@register.filter
def result_icon(code):
    return RESULT_LABELS.get(code, ("", ""))[1]


@register.filter
def tally_value(tally, code):
    return tally.get(code, 0)


@register.filter
def comparator_text(card):
    """“≥ 30 %”, “≤ 10 days”, “between 30 and 90 seconds”."""
    from django.template.defaultfilters import floatformat

    if card.target_value is None or not card.comparator:
        return ""
    low = floatformat(card.target_value, -2)
    unit = f" {card.unit}" if card.unit else ""
    if card.comparator == "gte":
        return f"≥ {low}{unit}"
    if card.comparator == "lte":
        return f"≤ {low}{unit}"
    high = floatformat(card.target_value_max, -2) if card.target_value_max is not None else "?"
    return _("between %(low)s and %(high)s%(unit)s") % {"low": low, "high": high, "unit": unit}


@register.simple_tag
def pilot_changes_between(charter, first, last):
    """The pilot's charter changes published in versions first+1 … last (the compare view)."""
    from workshop.steps.pilot.models import CharterChange

    if first is None or last is None:
        return []
    return list(
        CharterChange.objects.filter(
            applied_in_version__charter=charter,
            applied_in_version__number__gt=first,
            applied_in_version__number__lte=last,
        )
        .select_related("lesson__pilot", "applied_in_version")
        .order_by("applied_in_version__number", "pk")
    )
