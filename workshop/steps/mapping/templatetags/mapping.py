"""The step-1 tool's context, built where the shared step page includes the tool template."""

from django import template
from django.urls import reverse

from workshop.facilitation.access import allowed
from workshop.steps.mapping import board as boards
from workshop.steps.mapping.forms import (
    ActorForm,
    FitCheckForm,
    FlowForm,
    ForceAssessmentForm,
    SharedPurposeForm,
    ValueGapForm,
)
from workshop.steps.mapping.models import Actor, Force, SharedPurpose

register = template.Library()

VIEWS = ("table", "map", "grid")


def board_context(request, workshop, team, step):
    board = boards.cached(team)
    view = request.GET.get("view")
    if view not in VIEWS:
        view = "table"
    return {
        "workshop": workshop,
        "team": team,
        "step": step,
        "board": board,
        "view": view,
        "can_edit": allowed(request.viewer, "edit_team", team, step),
        # Row links are built from this prefix: one reverse() instead of one per row.
        "map_base": reverse("steps:mapping:board", args=[workshop.pk, team.pk, step.position])[
            : -len("board/")
        ],
        "verdict_labels": boards.VERDICT_LABELS,
    }


def _pattern_forces(workshop):
    """The pattern's own words for the three forces, in order (empty when it has none)."""
    forces = list(getattr(workshop.pattern, "forces", None) or [])
    return forces + [{}] * (3 - len(forces))


@register.simple_tag(takes_context=True)
def mapping_tool(context):
    """Everything tool.html shows: the board plus the forms (a failed plain POST passes its own)."""
    from workshop.steps.mapping.views import form_context

    request = context["request"]
    workshop, team, step = context["workshop"], context["team"], context["step"]
    result = board_context(request, workshop, team, step)
    board = result["board"]
    posted = getattr(request, "mapping_forms", {})
    can_edit = result["can_edit"]

    def build(kind, form_class, instance, **extra):
        form = posted.get(kind if kind != "force" else f"force-{extra['force']}")
        if form is None:
            form = form_class(instance=instance, team=team, **extra)
        return form_context(workshop, team, step, form, kind, can_edit=can_edit)

    fit = build("fit", FitCheckForm, board.fit_check)
    fit["fit_check"] = board.fit_check
    existing = {
        force.force: force for force in board.forces if force.recorded_in_step == step.position
    }
    pattern_forces = _pattern_forces(workshop)
    forces = []
    for index, (code, label) in enumerate(Force.choices):
        item = build(
            "force",
            ForceAssessmentForm,
            existing.get(code),
            force=code,
            recorded_in_step=step.position,
        )
        item.update(label=label, pattern=pattern_forces[index], record=existing.get(code))
        forces.append(item)
    result.update(
        fit=fit,
        forces=forces,
        when_not_to_use=list(getattr(workshop.pattern, "when_not_to_use", None) or []),
        actor_form=build("actor", ActorForm, Actor(team=team)),
        flow_form=build("flow", FlowForm, None),
        gap_form=build("gap", ValueGapForm, None),
        purpose_form=build("purpose", SharedPurposeForm, board.purpose or SharedPurpose()),
    )
    return result


@register.simple_tag
def mapping_summary(team):
    """For the facilitator's cross-team page: `{% mapping_summary team as board %}`."""
    return boards.cached(team)


@register.filter
def anchor(ref):
    return boards.ref_anchor(ref)


@register.filter
def control(field, can_edit=True):
    """A text, number or select widget with Bootstrap classes and its error wired for screen readers."""
    widget_type = field.widget_type
    classes = ["form-select" if widget_type == "select" else "form-control"]
    attrs = {"dir": "auto"} if widget_type in ("text", "textarea") else {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        classes.append("is-invalid")
        attrs["aria-invalid"] = "true"
        described.insert(0, f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if not can_edit:
        attrs["disabled" if widget_type == "select" else "readonly"] = True
    existing = field.field.widget.attrs.get("class", "")
    attrs["class"] = " ".join(filter(None, [existing, *classes]))
    return field.as_widget(attrs=attrs)
