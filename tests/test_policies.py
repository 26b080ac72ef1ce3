"""Every view says who may use it: a view without an access policy fails this test."""

from django.urls import URLPattern, URLResolver, get_resolver

# Django's own apps bring their own checks.
EXEMPT_PREFIXES = ("django.contrib.admin", "django.contrib.auth.views")


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_project_view_has_an_access_policy():
    missing = []
    for route, view in walk(get_resolver().url_patterns):
        module = getattr(view, "__module__", "")
        if module.startswith(EXEMPT_PREFIXES) or route.startswith("admin/"):
            continue
        if not getattr(view, "access_policy", None):
            missing.append(f"{route} -> {module}.{getattr(view, '__name__', view)}")
    assert missing == []
