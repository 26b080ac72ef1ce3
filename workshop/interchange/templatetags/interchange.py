from django import template

from workshop.interchange.views import export_kinds

register = template.Library()


@register.inclusion_tag("interchange/_export_menu.html")
def export_menu(workshop):
    """The console header's "Export" menu: the JSON document and one CSV per record kind."""
    return {"workshop": workshop, "kinds": export_kinds()}
