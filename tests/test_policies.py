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


def test_only_the_emailed_link_views_go_by_token():
    """A view marked `by_link` has no account check: only the token pages may carry it."""
    by_link = sorted(
        route
        for route, view in walk(get_resolver().url_patterns)
        if getattr(view, "access_policy", None) == "link"
    )
    assert by_link == [
        "charter-link/<str:token>/",
        "charter-link/<str:token>/comment/<slug:section>/",
        "health/<str:token>/",
    ]
