"""Co-facilitators: the owner invites by e-mail or with a one-time link; a signed-in user accepts.

A link is spent by its first acceptance (a conditional UPDATE, so two people racing for one link cannot
both win) and expires after CoFacilitatorInvite.INVITE_DAYS days.
"""

from django.contrib import messages
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workshop.facilitation.access import owner_required
from workshop.facilitation.forms import InviteForm
from workshop.facilitation.models import CoFacilitatorInvite
from workshop.facilitation.views.console import log
from workshop.policies import signed_in


def invite_url(request, invite) -> str:
    return request.build_absolute_uri(reverse("facilitation:invite_accept", args=[invite.token]))


def _page(request, workshop, form=None, status=200):
    pending = [
        i
        for i in workshop.invites.filter(accepted_at__isnull=True).order_by("-created_at")
        if i.is_usable
    ]
    return render(
        request,
        "facilitation/facilitators.html",
        {
            "workshop": workshop,
            "co_facilitators": list(workshop.co_facilitators.order_by("first_name", "email")),
            "pending": [(invite, invite_url(request, invite)) for invite in pending],
            "form": form or InviteForm(),
            "invite_days": CoFacilitatorInvite.INVITE_DAYS,
        },
        status=status,
    )


@owner_required
def facilitators(request, workshop):
    return _page(request, workshop)


@owner_required
@require_POST
def invite_email(request, workshop):
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _page(request, workshop, form)
    invite = CoFacilitatorInvite.objects.create(
        workshop=workshop, email=form.cleaned_data["email"], created_by=request.user
    )
    context = {
        "workshop": workshop,
        "inviter": request.user.get_full_name() or request.user.email,
        "url": invite_url(request, invite),
        "days": CoFacilitatorInvite.INVITE_DAYS,
    }
    send_mail(
        _("Help facilitate “%(title)s”") % {"title": workshop.title},
        render_to_string("facilitation/email/invite.txt", context, request),
        None,
        [invite.email],
    )
    log(request, workshop, "invite_email", invite.email)
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": invite.email})
    return redirect("facilitation:facilitators", workshop.pk)


@owner_required
@require_POST
def invite_link(request, workshop):
    CoFacilitatorInvite.objects.create(workshop=workshop, created_by=request.user)
    log(request, workshop, "invite_link")
    messages.success(request, _("One-time link created: copy it from the list below."))
    return redirect("facilitation:facilitators", workshop.pk)


@owner_required
@require_POST
def invite_revoke(request, workshop, invite_id):
    invite = get_object_or_404(
        CoFacilitatorInvite, pk=invite_id, workshop=workshop, accepted_at__isnull=True
    )
    invite.delete()
    log(request, workshop, "invite_revoke", invite.email)
    messages.success(request, _("Invitation withdrawn; its link no longer works."))
    return redirect("facilitation:facilitators", workshop.pk)


@owner_required
@require_POST
def facilitator_remove(request, workshop, user_id):
    user = get_object_or_404(workshop.co_facilitators, pk=user_id)
    workshop.co_facilitators.remove(user)
    log(request, workshop, "facilitator_remove", user.email)
    messages.success(
        request,
        _("%(name)s no longer facilitates this workshop.")
        % {"name": user.get_full_name() or user.email},
    )
    return redirect("facilitation:facilitators", workshop.pk)


@signed_in
@require_http_methods(["GET", "POST"])
def invite_accept(request, token):
    """Shows whose workshop the link is for; the button (a POST) makes the user a co-facilitator."""
    invite = get_object_or_404(
        CoFacilitatorInvite.objects.select_related("workshop", "created_by"), token=token
    )
    workshop = invite.workshop
    if workshop.is_facilitator(request.user):
        messages.info(request, _("You already facilitate this workshop."))
        return redirect("facilitation:console", workshop.pk)
    if not invite.is_usable:
        reason = (
            _("This invitation has already been used. Ask the workshop's owner for a new link.")
            if invite.accepted_at
            else _("This invitation has expired. Ask the workshop's owner for a new link.")
        )
        return render(
            request,
            "facilitation/invite_accept.html",
            {"invite": invite, "reason": reason},
            status=410,
        )
    if request.method == "POST":
        with transaction.atomic():
            spent = CoFacilitatorInvite.objects.filter(
                pk=invite.pk, accepted_at__isnull=True
            ).update(accepted_at=timezone.now(), accepted_by=request.user)
            if spent:
                workshop.co_facilitators.add(request.user)
                log(request, workshop, "facilitator_joined", request.user.email)
        if not spent:
            reason = _(
                "This invitation has already been used. Ask the workshop's owner for a new link."
            )
            return render(
                request,
                "facilitation/invite_accept.html",
                {"invite": invite, "reason": reason},
                status=410,
            )
        messages.success(
            request, _("You now co-facilitate “%(title)s”.") % {"title": workshop.title}
        )
        return redirect("facilitation:console", workshop.pk)
    return render(request, "facilitation/invite_accept.html", {"invite": invite})
