"""Reminders reach party representatives whose address is known from a remote sign-off link: the
charter's review and a health check for every such party, an indicator's reading for its owner's;
once each (the Reminder log), with the calendar invitation, never for a withdrawn link."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from tests.steps.governance.millrace import url
from tests.steps.governance.test_remote import EASTBANK, HARTWELL, party, send
from tests.steps.scale.test_reminders import make_indicator
from workshop.steps.governance.models import Charter, RemoteSignInvite
from workshop.steps.scale import calendar
from workshop.steps.scale.models import HealthCheck, HealthCheckInvite, Reminder

pytestmark = pytest.mark.django_db
BASE = "https://workshop.example.org"
FACILITATORS = ["jordan@example.org", "sam@example.org"]
AMARA, HUGO = "amara@eastbank.example", "hugo@hartwell.example"


@pytest.fixture
def invited(b1, live_workshop, team_a):
    """v1 published; Eastbank's and Hartwell's representatives sent their sign-off links."""
    from tests.steps.governance.test_versions import publish

    charter, lead = b1
    assert publish(lead, live_workshop, team_a).status_code == 302
    assert send(lead, live_workshop, team_a, EASTBANK, "Amara Osei", AMARA).status_code == 302
    assert send(lead, live_workshop, team_a, HARTWELL, "Hugo Hartwell", HUGO).status_code == 302
    return charter, lead


def run(today):
    call_command("send_reminders", today=today, base_url=BASE, stdout=io.StringIO())


def to(mailoutbox, address):
    return [m for m in mailoutbox if m.to == [address]]


def test_representatives_hear_of_the_charter_review_once(invited, mailoutbox):
    charter, _lead = invited
    Charter.objects.filter(pk=charter.pk).update(review_date=dt.date(2027, 6, 30))
    mailoutbox.clear()  # the sign-off links themselves
    run("2027-06-10")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([*FACILITATORS, AMARA, HUGO])
    (mail,) = to(mailoutbox, AMARA)
    assert mail.subject == f"Charter review: {charter.title} (Riverside)"
    assert "As your party's representative" in mail.body and charter.title in mail.body
    assert "http" not in mail.body  # no account, no page to open: the mail says who acts
    event = calendar.parse(mail.attachments[0].get_payload(decode=True).decode())
    assert event["DTSTART"] == "20270630" and "URL" not in event
    assert event["UID"] == f"charter_review-{charter.pk}@partnership-workshop"
    (facilitator,) = to(mailoutbox, FACILITATORS[0])
    assert "/step/3/" in facilitator.body and "representative" not in facilitator.body

    run("2027-06-11")  # the next day's run: nothing new
    assert len(mailoutbox) == 4
    assert Reminder.objects.filter(recipient__in=[AMARA, HUGO]).count() == 2


def test_a_withdrawn_link_reminds_no_one(invited, live_workshop, team_a, mailoutbox):
    charter, lead = invited
    Charter.objects.filter(pk=charter.pk).update(review_date=dt.date(2027, 6, 30))
    hugo = RemoteSignInvite.objects.get(email=HUGO)
    assert lead.post(url(live_workshop, team_a, "remote_revoke", hugo.pk)).status_code == 302
    mailoutbox.clear()
    run("2027-06-10")
    assert to(mailoutbox, HUGO) == [] and len(to(mailoutbox, AMARA)) == 1


def test_a_health_check_reminds_representatives_without_a_link_of_their_own(
    invited, team_a, mailoutbox
):
    check = HealthCheck.objects.create(team=team_a, held_on=dt.date(2027, 3, 10))
    # Hartwell's respondent was invited to answer: that mail, with its link, is Hartwell's.
    HealthCheckInvite.objects.create(
        health_check=check,
        party=party(HARTWELL),
        email="respondent@hartwell.example",
        expires_on=dt.date(2027, 3, 20),
    )
    mailoutbox.clear()
    run("2027-03-05")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [*FACILITATORS, "respondent@hartwell.example", AMARA]
    )
    (mail,) = to(mailoutbox, AMARA)
    assert "health check of Riverside" in mail.body and "http" not in mail.body


def test_an_indicator_reminds_its_owners_representative_only(invited, team_a, mailoutbox):
    make_indicator(team_a, frequency="monthly", owner=party(HARTWELL))
    mailoutbox.clear()
    run((dt.date.today() + dt.timedelta(days=40)).isoformat())
    assert sorted(m.to[0] for m in mailoutbox) == sorted([*FACILITATORS, HUGO])
    (mail,) = to(mailoutbox, HUGO)
    assert "“Tenants housed”" in mail.body and "which your party owns" in mail.body
