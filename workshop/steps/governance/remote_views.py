"""The remote sign-off page a party's representative opens from an e-mail (/charter-link/<token>/).

No account: the token is the access check. Dead links (unknown 404; revoked, expired or superseded
410) get a page that says why; posts are rate limited per address.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workshop.accounts.ratelimits import client_ip, limit
from workshop.policies import by_link
from workshop.steps.editing import record_change
from workshop.steps.governance import forms as f
from workshop.steps.governance import remote
from workshop.steps.governance.models import CharterComment, SignOff
from workshop.steps.governance.presentation import SECTIONS, present, section_title

TEMPLATE = "steps/governance/remote.html"
KIND = "governance"
POSTS_PER_IP = "30/m"


def _gone(request, invite, state, latest):
    messages_by_state = {
        "revoked": _("This link was withdrawn by the team. Ask them for a new one if you need it."),
        "expired": _("This link has expired. Ask the team for a new one."),
        "superseded": _(
            "A newer version (v%(n)s) of this charter has been published, so this link for v%(old)s"
            " no longer takes comments or decisions. Ask the team for a link to the new version."
        )
        % {"n": latest, "old": invite.version.number},
    }
    context = {"invite": invite, "gone": messages_by_state[state], "state": state}
    return render(request, TEMPLATE, context, status=410)


def _live(request, token):
    """(invite, latest number, dead-link response or None); unknown tokens are 404."""
    invite = remote.find(token)
    if invite is None:
        raise Http404
    latest = remote.latest_number(invite)
    state = invite.state(latest)
    if state != "ok":
        return invite, latest, _gone(request, invite, state, latest)
    return invite, latest, None


def _too_many(request):
    if limit(request, "charter_link", client_ip(request), POSTS_PER_IP):
        context = {"gone": _("Too many attempts. Wait a minute and try again.")}
        return render(request, TEMPLATE, context, status=429)
    return None


def _page(request, invite, sign_form=None, comment_forms=None, status=200):
    version = invite.version
    ref = remote.party_ref(invite)
    sign_off = SignOff.objects.filter(version=version, party_ref=ref).first()
    comments = CharterComment.objects.filter(
        version=version, by_remote=True, author_name=invite.name
    )
    mine = {}
    for item in comments:
        mine.setdefault(item.section, []).append(item)
    comment_forms = comment_forms or {}
    sections = [
        {
            "key": key,
            "title": section_title(key),
            "template": f"steps/governance/_section_{key}.html",
            "form": comment_forms.get(key) or f.CommentForm(prefix=key),
            "comments": mine.get(key, []),
        }
        for key in SECTIONS
        if key != "signatures"
    ]
    context = {
        "invite": invite,
        "version": version,
        "c": present(version.snapshot),
        "sections": sections,
        "sign_off": sign_off,
        "sign_form": sign_form or f.SignOffForm(),
    }
    return render(request, TEMPLATE, context, status=status)


def _announce(invite):
    team = invite.version.charter.team
    step = team.workshop.steps.filter(kind=KIND).first()
    if step is not None:
        record_change(team, step, KIND, invite.version_id)


@by_link
@require_http_methods(["GET", "POST"])
def page(request, token):
    """The version's text, a comment form per section, and the party's decision (POST signs)."""
    invite, _latest, dead = _live(request, token)
    if dead is not None:
        return dead
    if request.method == "GET":
        return _page(request, invite)
    refused = _too_many(request)
    if refused is not None:
        return refused
    form = f.SignOffForm(request.POST)
    if not form.is_valid():
        return _page(request, invite, sign_form=form, status=400)
    remote.record_decision(invite, form.cleaned_data["decision"], form.cleaned_data["note"])
    _announce(invite)
    messages.success(request, _("Your decision is recorded. Thank you."))
    return redirect(request.path + "#decision")


@by_link
@require_POST
def comment(request, token, section):
    invite, _latest, dead = _live(request, token)
    if dead is not None:
        return dead
    if section not in SECTIONS or section == "signatures":
        raise Http404
    refused = _too_many(request)
    if refused is not None:
        return refused
    form = f.CommentForm(request.POST, prefix=section)
    if not form.is_valid():
        return _page(request, invite, comment_forms={section: form}, status=400)
    remote.add_comment(invite, section, form.cleaned_data["body"])
    _announce(invite)
    messages.success(request, _("Your comment is sent to the team."))
    return redirect(reverse("charter_link:page", args=[token]) + f"#r-{section}")
