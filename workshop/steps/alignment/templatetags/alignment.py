"""Loads step 2's records for the step page and the facilitator's summary."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def alignment_tool(context):
    """Puts the tool's context (board, forms, permissions) into the including template."""
    from workshop.steps.alignment.views import tool_context

    request = context["request"]
    for key, value in tool_context(
        request, context["workshop"], context["team"], context["step"]
    ).items():
        context[key] = value
    return ""


@register.simple_tag
def alignment_board(team):
    """The team's step 2 board for a read-only summary (no participant: votes stay private)."""
    from workshop.steps.alignment.board import Board

    return Board(team)
