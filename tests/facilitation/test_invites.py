"""Co-facilitators: invitations by e-mail or one-time link, spent on first use, expiring."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_as_user, make_facilitator
from workshop.facilitation.models import CoFacilitatorInvite

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    return make_facilitator("kim@example.org", "Kim Lee")


def accept_url(invite):
    return reverse("facilitation:invite_accept", args=[invite.token])


def test_owner_invites_by_email(live_workshop, facilitator):
    response = client_as_user(facilitator).post(
        reverse("facilitation:invite_email", args=[live_workshop.pk]),
        {"email": " Kim@Example.org "},
    )
    invite = CoFacilitatorInvite.objects.get()
    assert response.status_code == 302
    assert invite.email == "kim@example.org"
    assert invite.created_by == facilitator
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kim@example.org"]
    assert message.subject == "Help facilitate “Millrace Park Partnership”"
    assert f"http://testserver{accept_url(invite)}" in message.body
    assert "Jordan" in message.body
    assert live_workshop.log.first().action == "invite_email"


def test_bad_email_is_explained_and_kept(live_workshop, facilitator):
    response = client_as_user(facilitator).post(
        reverse("facilitation:invite_email", args=[live_workshop.pk]), {"email": "not-an-address"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in content
    assert 'value="not-an-address"' in content
    assert CoFacilitatorInvite.objects.count() == 0
    assert mail.outbox == []


def test_owner_creates_a_link_to_copy(live_workshop, facilitator):
    client = client_as_user(facilitator)
    client.post(reverse("facilitation:invite_link", args=[live_workshop.pk]))
    invite = CoFacilitatorInvite.objects.get()
    assert invite.email == ""
    page = client.get(reverse("facilitation:facilitators", args=[live_workshop.pk]))
    assert f'value="http://testserver{accept_url(invite)}"' in page.content.decode()


def test_opening_a_link_asks_then_makes_a_co_facilitator_and_spends_it(
    live_workshop, facilitator, newcomer
):
    invite = CoFacilitatorInvite.objects.create(workshop=live_workshop, created_by=facilitator)
    client = client_as_user(newcomer)
    page = client.get(accept_url(invite))
    assert page.status_code == 200
    assert "invites you to help facilitate this workshop" in page.content.decode()
    assert not live_workshop.is_facilitator(newcomer)
    response = client.post(accept_url(invite))
    assert response.url == reverse("facilitation:console", args=[live_workshop.pk])
    assert live_workshop.co_facilitators.filter(pk=newcomer.pk).exists()
    invite.refresh_from_db()
    assert invite.accepted_by == newcomer
    assert invite.accepted_at is not None
    assert client.get(reverse("facilitation:console", args=[live_workshop.pk])).status_code == 200
    assert live_workshop.log.first().action == "facilitator_joined"


def test_a_used_link_is_refused_with_a_clear_message(
    live_workshop, facilitator, newcomer, other_facilitator
):
    invite = CoFacilitatorInvite.objects.create(workshop=live_workshop, created_by=facilitator)
    client_as_user(newcomer).post(accept_url(invite))
    client = client_as_user(other_facilitator)
    for response in (client.get(accept_url(invite)), client.post(accept_url(invite))):
        assert response.status_code == 410
        assert "This invitation has already been used." in response.content.decode()
    assert not live_workshop.co_facilitators.filter(pk=other_facilitator.pk).exists()


def test_an_expired_link_is_refused_with_a_clear_message(live_workshop, facilitator, newcomer):
    invite = CoFacilitatorInvite.objects.create(workshop=live_workshop, created_by=facilitator)
    CoFacilitatorInvite.objects.filter(pk=invite.pk).update(
        created_at=timezone.now() - timedelta(days=15)
    )
    response = client_as_user(newcomer).post(accept_url(invite))
    assert response.status_code == 410
    assert "This invitation has expired." in response.content.decode()
    assert not live_workshop.co_facilitators.filter(pk=newcomer.pk).exists()


def test_opening_a_link_needs_an_account(live_workshop, facilitator):
    invite = CoFacilitatorInvite.objects.create(workshop=live_workshop, created_by=facilitator)
    response = Client().get(accept_url(invite))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert (
        Client().get(reverse("facilitation:invite_accept", args=["no-such-token"])).status_code
        == 302
    )


def test_unknown_token_is_not_found(newcomer):
    response = client_as_user(newcomer).get(
        reverse("facilitation:invite_accept", args=["no-such-token"])
    )
    assert response.status_code == 404


def test_existing_facilitator_does_not_spend_the_link(live_workshop, facilitator, co_facilitator):
    invite = CoFacilitatorInvite.objects.create(workshop=live_workshop, created_by=facilitator)
    response = client_as_user(co_facilitator).post(accept_url(invite))
    assert response.status_code == 302
    invite.refresh_from_db()
    assert invite.accepted_at is None


def test_withdrawn_invitation_link_stops_working(live_workshop, facilitator, newcomer):
    invite = CoFacilitatorInvite.objects.create(workshop=live_workshop, created_by=facilitator)
    client_as_user(facilitator).post(
        reverse("facilitation:invite_revoke", args=[live_workshop.pk, invite.pk])
    )
    assert client_as_user(newcomer).get(accept_url(invite)).status_code == 404


def test_owner_removes_a_co_facilitator(live_workshop, facilitator, co_facilitator):
    url = reverse("facilitation:facilitator_remove", args=[live_workshop.pk, co_facilitator.pk])
    assert client_as_user(facilitator).post(url).status_code == 302
    assert not live_workshop.is_facilitator(co_facilitator)


@pytest.mark.parametrize(
    ("name", "method"),
    [("facilitators", "get"), ("invite_email", "post"), ("invite_link", "post")],
)
def test_co_facilitators_cannot_manage_facilitators(
    live_workshop, co_facilitator, other_facilitator, name, method
):
    url = reverse(f"facilitation:{name}", args=[live_workshop.pk])
    assert (
        getattr(client_as_user(co_facilitator), method)(url, {"email": "x@example.org"}).status_code
        == 403
    )
    assert (
        getattr(client_as_user(other_facilitator), method)(
            url, {"email": "x@example.org"}
        ).status_code
        == 404
    )
    assert CoFacilitatorInvite.objects.count() == 0


def test_co_facilitator_cannot_remove_the_other_co_facilitators(
    live_workshop, co_facilitator, newcomer
):
    live_workshop.co_facilitators.add(newcomer)
    url = reverse("facilitation:facilitator_remove", args=[live_workshop.pk, newcomer.pk])
    assert client_as_user(co_facilitator).post(url).status_code == 403
    assert live_workshop.is_facilitator(newcomer)
