"""The step-1 tool's context, built where the shared step page includes the tool template."""

from django import forms, template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from workshop.facilitation.access import allowed
from workshop.steps.mapping import board as boards
from workshop.steps.mapping import svg
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
        form.reuse_choices(board)
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


@register.simple_tag
def map_edges(map_data, team_pk):
    return svg.edges(map_data, f"arrow-{team_pk}")


@register.simple_tag
def map_nodes(map_data, position_base=None):
    return svg.nodes(map_data, position_base)


@register.simple_tag
def board_choices(board):
    """The team's actors, flows and gaps as <option> lists in inert <template>s: when the board
    refreshes, mapping.js brings the add forms' choice lists up to date without refetching a form
    someone may be filling in."""
    lists = {
        "actors": [(a.pk, a.name) for a in board.actors],
        "proxies": [(a.pk, a.name) for a in board.actors if not a.voiceless],
        "flows": [(f.pk, f.label) for f in board.flows],
        "gaps": [(g.pk, g.title) for g in board.gaps],
    }
    return mark_safe(  # safe: names are escaped
        "".join(
            f'<template data-choices-source="{source}">'
            + "".join(f'<option value="{pk}">{escape(label)}</option>' for pk, label in rows)
            + "</template>"
            for source, rows in lists.items()
        )
    )


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
    return widget_html(field, attrs)


# Django's own widget rendering goes through two templates per input; a page with 40 inputs spends
# more time there than on its own markup. The simple widgets are written here, the same HTML.
SIMPLE_INPUTS = (
    forms.TextInput,
    forms.NumberInput,
    forms.HiddenInput,
    forms.EmailInput,
    forms.URLInput,
)


@register.filter
def widget_html(field, attrs=None):
    widget = field.field.widget
    if type(widget) not in (*SIMPLE_INPUTS, forms.Textarea):
        return field.as_widget(attrs=attrs)
    attrs = field.build_widget_attrs(dict(attrs or {}), widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    flat = "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in context["attrs"].items()
        if value is not False
    )
    name, value = escape(context["name"]), context["value"]
    if isinstance(widget, forms.Textarea):
        text = escape(value) if value else ""
        return mark_safe(f'<textarea name="{name}"{flat}>\n{text}</textarea>')
    value_attr = "" if value is None else f' value="{escape(value)}"'
    return mark_safe(f'<input type="{context["type"]}" name="{name}"{value_attr}{flat}>')


# Choice lists are written here in one pass, not through the widgets' per-option templates or a
# template loop: a map holds 60 actors and 120 flows, and the page carries several such lists. Every
# value and label is escaped.


def _choices(field):
    """(value, label, selected) as escaped strings; the labels of model choices are user text."""
    selected = set(field.field.widget.format_value(field.value()))
    return [
        (escape(value), escape(label), str(value) in selected)
        for value, label in field.field.choices
    ]


@register.simple_tag
def select_options(field):
    """The <option> elements of a select, the current value selected."""
    return mark_safe(  # safe: built from escaped parts only
        "".join(
            f'<option value="{value}"{" selected" if chosen else ""}>{label}</option>'
            for value, label, chosen in _choices(field)
        )
    )


@register.simple_tag
def segmented_inputs(field, can_edit=True):
    """Radio buttons drawn as a Bootstrap button group (1-5 scales and short choice lists)."""
    name, auto_id = escape(field.html_name), escape(field.auto_id)
    extra = (' aria-invalid="true"' if field.errors else "") + ("" if can_edit else " disabled")
    return mark_safe(  # safe: built from escaped parts only
        "\n".join(
            f'<input type="radio" class="btn-check" name="{name}" id="{auto_id}_{index}"'
            f' value="{value}" autocomplete="off"{" checked" if chosen else ""}{extra}>'
            f'<label class="btn btn-outline-primary" for="{auto_id}_{index}">{label}</label>'
            for index, (value, label, chosen) in enumerate(_choices(field))
        )
    )


@register.simple_tag
def checkbox_inputs(field, can_edit=True):
    """A many-to-many choice as checkboxes (names are user text: dir=auto)."""
    choices = _choices(field)
    if not choices:
        return format_html(
            '<p class="small text-body-secondary mb-0">{}</p>', _("Nothing to choose yet.")
        )
    name, auto_id = escape(field.html_name), escape(field.auto_id)
    disabled = "" if can_edit else " disabled"
    return mark_safe(  # safe: built from escaped parts only
        "\n".join(
            f'<div class="form-check"><input type="checkbox" class="form-check-input" name="{name}"'
            f' id="{auto_id}_{index}" value="{value}"{" checked" if chosen else ""}{disabled}>'
            f'<label class="form-check-label user-text" dir="auto" for="{auto_id}_{index}">'
            f"{label}</label></div>"
            for index, (value, label, chosen) in enumerate(choices)
        )
    )
