"""Access policies that mark every view; a test walks the URLconf and fails on an unmarked view.

Workshop-specific rules (who may see or change which team's records) live in
``workshop.facilitation.access``; these decorators only record which kind of rule a view follows.
"""

from functools import wraps

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required


def _mark(view, policy: str):
    view.access_policy = policy
    return view


def public(view):
    """Anyone, signed in or not, may open this view."""
    return _mark(view, "public")


def staff_only(view):
    """Only staff users; others are sent to the login page."""
    wrapped = staff_member_required(view, login_url="login")
    return _mark(wraps(view)(wrapped), "staff")


def signed_in(view):
    """Any signed-in account (a facilitator); participants have no account."""
    wrapped = login_required(view)
    return _mark(wraps(view)(wrapped), "signed_in")


def by_link(view):
    """No account: an unguessable token from an e-mailed link is the access check (health checks,
    remote sign-off). The view looks the token up and answers 404 or 410 for a dead one."""
    return _mark(view, "link")
