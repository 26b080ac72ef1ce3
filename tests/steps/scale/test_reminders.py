"""Reminder e-mails for health checks and reviews due, with their calendar invitation."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.steps.scale.millrace import setup_b1
from workshop.steps.governance.models import Charter
from workshop.steps.scale import calendar, reminders
from workshop.steps.scale.models import (
    HealthCheck,
    HealthCheckInvite,
    Indicator,
    IndicatorReading,
    Reminder,
)

pytestmark = pytest.mark.django_db
BASE = "https://workshop.example.org"
D = datetime.date


@pytest.fixture
def parties(live_workshop, team_a):
    _charter, parties, _tenants = setup_b1(live_workshop, team_a)
    return parties


def make_indicator(team, name="Tenants housed", frequency="quarterly", owner=None):
    return Indicator.objects.create(
        team=team,
        name=name,
        indicator_type="outcome",
        unit="count",
        direction="higher_is_better",
        baseline=Decimal(0),
        target=Decimal(10),
        warning_threshold=Decimal(5),
        frequency=frequency,
        data_source="survey",
        owner=owner,
    )


def ics(message) -> str:
    return message.attachments[0].get_payload(decode=True).decode("utf-8")


def kinds(today):
    return [(i.kind, i.due_date) for i in reminders.due(today)]


# --- due or not --------------------------------------------------------------------------------


def test_health_check_is_due_from_seven_days_before_until_its_day(team_a):
    HealthCheck.objects.create(team=team_a, held_on=D(2027, 3, 10))
    assert kinds(D(2027, 3, 2)) == []
    assert kinds(D(2027, 3, 3)) == [("health_check", D(2027, 3, 10))]
    assert kinds(D(2027, 3, 10)) == [("health_check", D(2027, 3, 10))]
    assert kinds(D(2027, 3, 11)) == []


def test_indicator_is_due_a_frequency_after_its_last_reading_and_while_overdue(team_a):
    indicator = make_indicator(team_a, frequency="quarterly")
    IndicatorReading.objects.create(
        team=team_a, indicator=indicator, observed_on=D(2027, 1, 31), value=Decimal(3)
    )
    # 31 January + 3 months is the last day of April.
    assert kinds(D(2027, 4, 22)) == []
    assert kinds(D(2027, 4, 23)) == [("indicator_review", D(2027, 4, 30))]
    assert kinds(D(2027, 6, 1)) == [("indicator_review", D(2027, 4, 30))]
    IndicatorReading.objects.create(
        team=team_a, indicator=indicator, observed_on=D(2027, 5, 2), value=Decimal(4)
    )
    assert kinds(D(2027, 6, 1)) == []


def test_indicator_without_readings_counts_from_its_creation(team_a):
    indicator = make_indicator(team_a, frequency="monthly")
    created = timezone.localdate(indicator.created_at)
    first = reminders.add_months(created, 1)
    assert kinds(first - datetime.timedelta(days=8)) == []
    assert kinds(first - datetime.timedelta(days=7)) == [("indicator_review", first)]


def test_charter_review_is_due_thirty_days_ahead(live_workshop, team_a, parties):
    Charter.objects.filter(team=team_a).update(review_date=D(2028, 3, 31))
    assert kinds(D(2028, 2, 29)) == []
    assert kinds(D(2028, 3, 1)) == [("charter_review", D(2028, 3, 31))]
    assert kinds(D(2028, 4, 1)) == []


def test_archived_workshop_sends_nothing(live_workshop, team_a):
    HealthCheck.objects.create(team=team_a, held_on=D(2027, 3, 10))
    live_workshop.status = "archived"
    live_workshop.save(update_fields=["status"])
    assert kinds(D(2027, 3, 9)) == []


def test_add_months_keeps_the_last_day_of_short_months():
    assert reminders.add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert reminders.add_months(D(2027, 11, 30), 3) == D(2028, 2, 29)
    assert reminders.add_months(D(2027, 6, 15), 12) == D(2028, 6, 15)


# --- sending ------------------------------------------------------------------------------------


def test_recipients_are_facilitators_and_invited_respondents(team_a, parties):
    check = HealthCheck.objects.create(team=team_a, held_on=D(2027, 3, 10))
    HealthCheckInvite.objects.create(
        health_check=check,
        party=next(iter(parties.values())),
        email="ana@tenants.example",
        expires_on=D(2027, 3, 20),
    )
    (item,) = reminders.due(D(2027, 3, 5))
    assert item.recipients == ["jordan@example.org", "sam@example.org", "ana@tenants.example"]


def test_a_respondent_gets_their_own_answer_link(team_a, parties):
    check = HealthCheck.objects.create(team=team_a, held_on=D(2027, 3, 10))
    invite = HealthCheckInvite.objects.create(
        health_check=check,
        party=next(iter(parties.values())),
        email="ana@tenants.example",
        expires_on=D(2027, 3, 20),
    )
    reminders.send_due(D(2027, 3, 5), BASE)
    (to_ana,) = [m for m in mail.outbox if m.to == ["ana@tenants.example"]]
    assert f"{BASE}/health/{invite.token}/" in to_ana.body
    assert "/step/5/" not in to_ana.body
    assert "your party's view" in to_ana.body


def test_used_or_expired_invites_get_no_reminder(team_a, parties):
    check = HealthCheck.objects.create(team=team_a, held_on=D(2027, 3, 10))
    first, second = list(parties.values())[:2]
    HealthCheckInvite.objects.create(
        health_check=check,
        party=first,
        email="used@example.org",
        expires_on=D(2027, 3, 20),
        used_at=timezone.now(),
    )
    HealthCheckInvite.objects.create(
        health_check=check, party=second, email="late@example.org", expires_on=D(2027, 3, 1)
    )
    (item,) = reminders.due(D(2027, 3, 5))
    assert item.recipients == ["jordan@example.org", "sam@example.org"]


def test_running_twice_sends_nothing_new(team_a):
    HealthCheck.objects.create(team=team_a, held_on=D(2027, 3, 10))
    call_command("send_reminders", today="2027-03-05", base_url=BASE, stdout=io.StringIO())
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2
    call_command("send_reminders", today="2027-03-06", base_url=BASE, stdout=io.StringIO())
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2


def test_dry_run_lists_and_sends_nothing(team_a, capsys):
    HealthCheck.objects.create(team=team_a, held_on=D(2027, 3, 10))
    call_command("send_reminders", "--dry-run", today="2027-03-05", base_url=BASE)
    out = capsys.readouterr().out
    assert "Would send health_check 2027-03-10 team='Riverside'" in out
    assert "to=jordan@example.org" in out
    assert "Would send 2 reminder(s) for 2027-03-05." in out
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_bad_today_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", today="5 March")


def test_email_carries_link_and_calendar_invitation(team_a):
    check = HealthCheck.objects.create(team=team_a, held_on=D(2027, 3, 10))
    reminders.send_due(D(2027, 3, 5), BASE)
    message = mail.outbox[0]
    assert message.to == ["jordan@example.org"]
    assert message.subject == "Partnership health check: Riverside"
    link = f"{BASE}/w/{team_a.workshop_id}/team/{team_a.pk}/step/5/"
    assert link in message.body
    part = message.attachments[0]
    assert (part.get_filename(), part.get_content_type()) == ("invite.ics", "text/calendar")
    assert part.get_param("method") == "PUBLISH"
    assert "invite.ics" in message.message().as_string()
    event = calendar.parse(ics(message))
    assert event["METHOD"] == "PUBLISH"
    assert event["UID"] == f"health_check-{check.pk}@partnership-workshop"
    assert event["DTSTART"] == "20270310"
    assert event["SUMMARY"] == "Partnership health check: Riverside"
    assert link in event["DESCRIPTION"] and event["URL"] == link


def test_email_in_the_workshops_language(live_workshop, team_a):
    live_workshop.language = "de"
    live_workshop.save(update_fields=["language"])
    make_indicator(team_a, name="Mieter, untergebracht; Zahl")
    IndicatorReading.objects.create(
        team=team_a, indicator=Indicator.objects.get(), observed_on=D(2027, 1, 10), value=Decimal(1)
    )
    reminders.send_due(D(2027, 4, 9), BASE)
    # The date is formatted in German; the sentences follow once the catalogues hold them.
    assert "10. April 2027" in mail.outbox[0].body
    assert "Mieter, untergebracht; Zahl" in mail.outbox[0].subject
    assert calendar.parse(ics(mail.outbox[0]))["SUMMARY"] == mail.outbox[0].subject


def test_a_resend_for_a_moved_check_keeps_the_uid_and_raises_the_sequence(team_a):
    check = HealthCheck.objects.create(team=team_a, held_on=D(2027, 3, 10))
    reminders.send_due(D(2027, 3, 5), BASE)
    HealthCheck.objects.filter(pk=check.pk).update(held_on=D(2027, 3, 17))
    reminders.send_due(D(2027, 3, 12), BASE)
    first, second = (calendar.parse(ics(m)) for m in mail.outbox[::2])
    assert first["UID"] == second["UID"]
    assert (first["SEQUENCE"], second["SEQUENCE"]) == ("0", "1")
    assert second["DTSTART"] == "20270317"


# --- the calendar text --------------------------------------------------------------------------


def test_invitation_escapes_and_folds_and_parses_back():
    summary = (
        "Review; budget, plan\\notes\nsecond line " + "\u0627" * 60
    )  # Arabic alef: two octets each
    text = calendar.invitation(
        calendar.Event(uid="x-1@w", start=D(2027, 5, 1), summary=summary, description="a,b;c"),
        now=datetime.datetime(2027, 4, 1, 12, 0, tzinfo=datetime.UTC),
    )
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # the long summary was folded
    assert "SUMMARY:Review\\; budget\\, plan\\\\notes\\nsecond line" in "".join(
        calendar.unfold(text)
    )
    event = calendar.parse(text)
    assert event["SUMMARY"] == summary
    assert event["DESCRIPTION"] == "a,b;c"
    assert event["DTSTART"] == "20270501" and event["DTEND"] == "20270502"
    assert event["DTSTAMP"] == "20270401T120000Z"
    assert "DTSTART;VALUE=DATE:20270501" in calendar.unfold(text)


def test_invitation_with_a_time_is_in_utc():
    start = datetime.datetime(
        2027, 5, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
    )
    text = calendar.invitation(
        calendar.Event(uid="x", start=start, summary="s"), now=start, method="REQUEST"
    )
    event = calendar.parse(text)
    assert (event["DTSTART"], event["DTEND"], event["METHOD"]) == (
        "20270501T073000Z",
        "20270501T083000Z",
        "REQUEST",
    )


def test_fold_never_splits_a_character():
    line = "SUMMARY:" + "ü" * 100
    folded = calendar.fold(line)
    for piece in folded.split("\r\n"):
        piece.encode("utf-8").decode("utf-8")
        assert len(piece.encode()) <= 75
    assert calendar.unfold(folded) == [line]


def test_links_default_to_the_first_allowed_host(team_a, settings):
    settings.ALLOWED_HOSTS = ["workshop.example.net", "localhost"]
    HealthCheck.objects.create(team=team_a, held_on=D(2027, 3, 10))
    call_command("send_reminders", today="2027-03-05", stdout=io.StringIO())
    assert "https://workshop.example.net/w/" in mail.outbox[0].body
    settings.ALLOWED_HOSTS = [".example.net"]
    with pytest.raises(CommandError, match="--base-url"):
        call_command("send_reminders", today="2027-03-05")
