"""Remote sign-off: links e-mailed to party representatives who are not in the room (issue 18).

A link shows one published version, takes comments on its sections and one decision per party; the
decision is recorded by `publishing.sign`, exactly like one given in the room.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from workshop.steps.governance.models import CharterComment, CharterVersion, RemoteSignInvite
from workshop.steps.governance.publishing import sign
from workshop.steps.links import default_expiry, link_for, new_token, send_link, token_hash


def send(request, version, party, name, email) -> RemoteSignInvite:
    """Creates the party's link for `version`, or renews it (new token, new expiry), and mails it."""
    token = new_token()
    invite, _created = RemoteSignInvite.objects.update_or_create(
        version=version,
        party=party,
        defaults={
            "name": name,
            "email": email,
            "token_hash": token_hash(token),
            "expires_on": default_expiry(),
            "revoked_at": None,
            "sent_at": timezone.now(),
        },
    )
    mail(request, invite, token)
    return invite


def resend(request, invite) -> RemoteSignInvite:
    return send(request, invite.version, invite.party, invite.name, invite.email)


def revoke(invite) -> None:
    RemoteSignInvite.objects.filter(pk=invite.pk, revoked_at=None).update(revoked_at=timezone.now())


def mail(request, invite, token) -> None:
    link = link_for(request, "charter_link:page", token)
    charter = invite.version.charter
    params = {
        "name": invite.name,
        "party": invite.party.actor.name,
        "title": charter.title,
        "n": invite.version.number,
        "link": link,
        "date": invite.expires_on.isoformat(),
    }
    subject = _("Partnership charter v%(n)s: your sign-off for %(party)s") % params
    body = (
        _(
            "Dear %(name)s,\n\nversion %(n)s of “%(title)s” is published. You can read it,"
            " comment on its sections and sign or object for %(party)s here:\n\n%(link)s\n\n"
            "The link is for you alone and works until %(date)s."
        )
        % params
    )
    send_link(subject, body, invite.email)


def find(token):
    """The invite behind a raw token, with what the page needs, or None."""
    return (
        RemoteSignInvite.objects.filter(token_hash=token_hash(token))
        .select_related("version__charter__team__workshop", "party__actor")
        .first()
    )


def latest_number(invite):
    return (
        CharterVersion.objects.filter(charter=invite.version.charter_id)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )


def party_ref(invite):
    """The party's ref in the version's snapshot (how sign-offs and the PDF name it)."""
    name = invite.party.actor.name
    return next((p["ref"] for p in invite.version.snapshot["parties"] if p["name"] == name), None)


def record_decision(invite, decision, note):
    return sign(invite.version, invite.party, None, decision, note, signer_name=invite.name)


def add_comment(invite, section, body) -> CharterComment:
    return CharterComment.objects.create(
        charter=invite.version.charter,
        version=invite.version,
        section=section,
        author_name=invite.name,
        by_remote=True,
        body=body,
    )
