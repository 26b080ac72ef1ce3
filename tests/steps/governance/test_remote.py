"""Remote sign-off (issue 18): e-mailed links for party representatives who are not in the room."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_as_participant, client_as_user
from tests.steps.governance.millrace import url
from tests.steps.governance.test_versions import publish, sign
from workshop.steps.governance.models import (
    CharterComment,
    CharterParty,
    RemoteSignInvite,
    SignOff,
)
from workshop.steps.governance.publishing import Lifecycle
from workshop.steps.links import token_hash

pytestmark = pytest.mark.django_db

EASTBANK = "Eastbank Neighbourhood Association"
HARTWELL = "Hartwell Family Foundation"
COUNTY = "Calder County Board of Commissioners"


def party(name):
    return CharterParty.objects.select_related("actor").get(actor__name=name)


def send(client, workshop, team, name, person="Amara Osei", email="amara@example.org", n=1):
    return client.post(
        url(workshop, team, "remote_invite", n),
        {"party": party(name).pk, "name": person, "email": email},
    )


def link_in(mail):
    return re.search(r"https?://\S+/charter-link/[^/\s]+/", mail.body).group(0)


def path_of(link):
    return link.split("testserver", 1)[1]


@pytest.fixture
def v1(b1, live_workshop, team_a):
    _charter, lead = b1
    assert publish(lead, live_workshop, team_a).status_code == 302
    return lead


def test_the_mail_holds_an_unguessable_link_that_shows_the_version(
    v1, live_workshop, team_a, mailoutbox, client
):
    assert send(v1, live_workshop, team_a, EASTBANK).status_code == 302
    (mail,) = mailoutbox
    assert mail.to == ["amara@example.org"]
    assert EASTBANK in mail.subject and "v1" in mail.subject
    link = link_in(mail)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 40
    invite = RemoteSignInvite.objects.get()
    # Only the hash is stored; the raw token lives in the e-mail alone.
    assert invite.token_hash == token_hash(token) and token not in invite.token_hash
    assert invite.expires_on == dt.date.today() + dt.timedelta(days=14)
    assert invite.expires_on.isoformat() in mail.body
    page = client.get(path_of(link))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Amara Osei" in html and "Eastbank Neighbourhood Association" in html
    assert 'name="csrfmiddlewaretoken"' in html and "Record my decision" in html
    # The same section rendering as the version page.
    assert "Comment on this section" in html and 'id="v-purpose"' in html


def test_remote_comments_reach_the_team_marked_and_escaped(
    v1, live_workshop, team_a, mailoutbox, client
):
    send(v1, live_workshop, team_a, EASTBANK)
    link = path_of(link_in(mailoutbox[0]))
    response = client.post(link + "comment/value/", {"value-body": "Why <script>x</script>?"})
    assert response.status_code == 302 and response["Location"].endswith("#r-value")
    item = CharterComment.objects.get()
    assert (item.version.number, item.section, item.by_remote, item.author_name) == (
        1,
        "value",
        True,
        "Amara Osei",
    )
    team_page = v1.get(url(live_workshop, team_a, "section", "value")).content.decode()
    assert "Why &lt;script&gt;x&lt;/script&gt;?" in team_page
    assert "data-remote-comment" in team_page and "remote representative" in team_page
    # An empty comment keeps the page, with the message next to the field.
    assert client.post(link + "comment/value/", {"value-body": " "}).status_code == 400
    assert client.post(link + "comment/nowhere/", {"nowhere-body": "x"}).status_code == 404


def test_remote_and_in_room_sign_offs_together_make_the_charter_agreed(
    b1, v1, signers, live_workshop, team_a, mailoutbox, client, facilitator
):
    charter, _lead = b1
    remote_names = {EASTBANK, HARTWELL}
    for name, (p, person) in signers.items():
        if p.can_sign and name not in remote_names:
            assert sign(person, live_workshop, team_a, 1, p, "agree").status_code == 302
    send(v1, live_workshop, team_a, EASTBANK, "Amara Osei", "amara@example.org")
    send(v1, live_workshop, team_a, HARTWELL, "Ruth Hartwell", "ruth@example.org")
    assert Lifecycle(charter).status.status == "in_review"
    for mail in mailoutbox:
        link = path_of(link_in(mail))
        # A forged party field changes nothing: the link signs for its own party only.
        other = party(COUNTY).pk
        response = client.post(link, {"decision": "agree", "note": "", "party": other})
        assert response.status_code == 302
        page = client.get(link).content.decode()
        assert "data-my-decision" in page and "Agree" in page
    # A second sign is idempotent: still one sign-off per party.
    client.post(path_of(link_in(mailoutbox[0])), {"decision": "agree"})
    assert SignOff.objects.filter(version__number=1).count() == 6
    eastbank = SignOff.objects.get(party_ref__isnull=False, party__actor__name=EASTBANK)
    assert (eastbank.signer_name, eastbank.signer_id, eastbank.decision) == (
        "Amara Osei",
        None,
        "agree",
    )
    life = Lifecycle(charter)
    assert (life.status.status, life.status.operative_version) == ("agreed", 1)
    version_page = v1.get(url(live_workshop, team_a, "version", 1)).content.decode()
    assert "Amara Osei" in version_page and "Ruth Hartwell" in version_page
    # The export shows it like any other sign-off, and never the link.
    export = client_as_user(facilitator).get(
        reverse("facilitation:export_json", args=[live_workshop.pk])
    )
    text = export.content.decode()
    assert "Amara Osei" in text
    document = json.loads(text)
    assert "token" not in text and "remote_invite" not in text and document


def test_an_objection_needs_a_reason_and_keeps_what_was_typed(
    v1, live_workshop, team_a, mailoutbox, client
):
    send(v1, live_workshop, team_a, EASTBANK)
    link = path_of(link_in(mailoutbox[0]))
    response = client.post(link, {"decision": "object", "note": ""})
    assert response.status_code == 400
    assert "Say what your reservation or objection is." in response.content.decode()
    assert SignOff.objects.count() == 0
    response = client.post(link, {"decision": "object", "note": "No <b>pledge</b>"})
    assert response.status_code == 302
    assert SignOff.objects.get().note == "No <b>pledge</b>"
    assert "No &lt;b&gt;pledge&lt;/b&gt;" in client.get(link).content.decode()


def test_dead_links_say_why(b1, v1, live_workshop, team_a, mailoutbox, client):
    assert client.get("/charter-link/not-a-token/").status_code == 404
    send(v1, live_workshop, team_a, EASTBANK)
    link = path_of(link_in(mailoutbox[0]))
    invite = RemoteSignInvite.objects.get()

    # Expired.
    RemoteSignInvite.objects.update(expires_on=dt.date.today() - dt.timedelta(days=1))
    response = client.get(link)
    assert response.status_code == 410 and 'data-gone="expired"' in response.content.decode()
    assert client.post(link, {"decision": "agree"}).status_code == 410

    # Resent: a new token, the old link stays dead, the new one works.
    assert v1.post(url(live_workshop, team_a, "remote_resend", invite.pk)).status_code == 302
    assert client.get(link).status_code == 404
    fresh = path_of(link_in(mailoutbox[1]))
    assert client.get(fresh).status_code == 200

    # Revoked.
    assert v1.post(url(live_workshop, team_a, "remote_revoke", invite.pk)).status_code == 302
    response = client.get(fresh)
    assert response.status_code == 410 and 'data-gone="revoked"' in response.content.decode()
    assert client.post(fresh + "comment/value/", {"value-body": "x"}).status_code == 410

    # Superseded by a newer version: the link says so and takes nothing.
    send(v1, live_workshop, team_a, EASTBANK)  # the same party and version: renewed
    renewed = path_of(link_in(mailoutbox[2]))
    assert client.get(renewed).status_code == 200
    assert publish(v1, live_workshop, team_a, "Pledge").status_code == 302
    response = client.get(renewed)
    html = response.content.decode()
    assert response.status_code == 410 and 'data-gone="superseded"' in html and "v2" in html
    assert client.post(renewed, {"decision": "agree"}).status_code == 410
    assert SignOff.objects.count() == 0
    # Links go out for the latest version only.
    assert send(v1, live_workshop, team_a, EASTBANK, n=1).status_code == 302
    assert len(mailoutbox) == 3


def test_links_go_to_signing_parties_only_with_a_valid_address(
    v1, live_workshop, team_a, mailoutbox
):
    assert send(v1, live_workshop, team_a, COUNTY).status_code == 400  # an observer
    response = send(v1, live_workshop, team_a, EASTBANK, email="not-an-address")
    assert response.status_code == 400 and "not-an-address" in response.content.decode()
    assert send(v1, live_workshop, team_a, EASTBANK, person="<b>A</b>").status_code == 302
    page = v1.get(url(live_workshop, team_a, "version", 1)).content.decode()
    assert "&lt;b&gt;A&lt;/b&gt;" in page and "<b>A</b>" not in page
    assert len(mailoutbox) == 1


def test_who_may_send_links(
    v1,
    live_workshop,
    team_a,
    teammate_a,
    participant_b,
    facilitator,
    other_workshop_participant,
    mailoutbox,
):
    assert (
        send(client_as_participant(teammate_a), live_workshop, team_a, EASTBANK).status_code == 302
    )
    assert send(client_as_user(facilitator), live_workshop, team_a, HARTWELL).status_code == 302
    other = client_as_participant(participant_b)
    assert send(other, live_workshop, team_a, EASTBANK).status_code == 404
    outsider = client_as_participant(other_workshop_participant)
    assert send(outsider, live_workshop, team_a, EASTBANK).status_code == 404
    invite = RemoteSignInvite.objects.first()
    assert other.post(url(live_workshop, team_a, "remote_revoke", invite.pk)).status_code == 404
    assert len(mailoutbox) == 2


def test_posts_from_one_address_are_rate_limited(
    v1, live_workshop, team_a, mailoutbox, client, monkeypatch
):
    from workshop.steps.governance import remote_views

    monkeypatch.setattr(remote_views, "POSTS_PER_IP", "2/m")
    send(v1, live_workshop, team_a, EASTBANK)
    link = path_of(link_in(mailoutbox[0]))
    assert client.post(link, {"decision": "agree"}).status_code == 302
    assert client.post(link, {"decision": "agree"}).status_code == 302
    assert client.post(link, {"decision": "agree"}).status_code == 429


def test_remote_page_queries_do_not_grow_with_comments(
    v1, live_workshop, team_a, mailoutbox, client
):
    send(v1, live_workshop, team_a, EASTBANK)
    link = path_of(link_in(mailoutbox[0]))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(link).status_code == 200
        return len(queries)

    client.post(link + "comment/value/", {"value-body": "One"})
    first = count()
    for section in ("purpose", "scope", "value", "risks"):
        client.post(link + f"comment/{section}/", {f"{section}-body": "More"})
    client.post(link, {"decision": "agree"})
    assert count() == first
