from django import template
from django.conf import settings
from django.utils import translation

register = template.Library()


@register.inclusion_tag("languages/_menu.html", takes_context=True)
def language_menu(context, css_class=""):
    """The language menu: each language named in itself, the current one marked."""
    request = context.get("request")
    current = translation.get_language()
    languages = [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {
        "languages": languages,
        "current_name": translation.get_language_info(current)["name_local"],
        "return_to": request.get_full_path() if request else "/",
        "csrf_token": context.get("csrf_token"),
        "css_class": css_class,
    }


@register.filter
def text_dir(code) -> str:
    """`rtl` or `ltr` for text in language `code` (a pattern's file, say), whatever the UI's."""
    try:
        return "rtl" if translation.get_language_info(str(code).split("-")[0])["bidi"] else "ltr"
    except KeyError:
        return "ltr"
