"""What is due for a reminder e-mail, and sending it once (`manage.py send_reminders`).

Due, counted in days before the date:
- a health check scheduled (held_on today or later) within HEALTH_CHECK_LEAD days;
- an indicator's next reading (its last reading, or its creation while it has none, plus its
  frequency) within INDICATOR_LEAD days, and for as long as it stays overdue;
- the charter's review date within CHARTER_LEAD days.

Recipients: the workshop's facilitators (owner and co-facilitators with an e-mail address); for a
health check also the respondents already invited by e-mail. A charter party records no address,
but a remote sign-off link (step 3) was mailed to its representative: that address is known, and
the representative is reminded too: of the charter's review and of a health check (unless the
party already has a health-check link, which brings its own reminder), and of an indicator's
reading when their party owns it. Their mail has no link (they have no account; the sign-off link's
token is not kept) but the same calendar invitation. Each (kind, record, due date, recipient) is
sent once: a `Reminder` row records it.
"""

import calendar as monthcal
import datetime
from dataclasses import dataclass, field
from email.mime.text import MIMEText

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from workshop.facilitation.models import Workshop
from workshop.steps.governance.models import Charter, RemoteSignInvite
from workshop.steps.scale import calendar
from workshop.steps.scale.models import HealthCheck, HealthCheckInvite, Indicator, Reminder

HEALTH_CHECK_LEAD = 7
INDICATOR_LEAD = 7
CHARTER_LEAD = 30
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
ARCHIVED = "archived"  # a closed workshop's partnership goes on; an archived one is put away


@dataclass
class Due:
    kind: str
    team: object
    record_id: int
    due_date: datetime.date
    name: str  # the record's own words: a date, an indicator's or charter's name
    recipients: list[str] = field(default_factory=list)
    step_kind: str = "scale"
    # A respondent has no account: their reminder links to their own answer page instead.
    paths: dict[str, str] = field(default_factory=dict)
    # Whose party representatives hear of it: party ids, or None for every party of the charter;
    # `skip_parties` already have a link of their own (a health-check invite).
    parties: tuple[int, ...] | None = None
    skip_parties: set[int] = field(default_factory=set)
    # The recipients who are party representatives (known from a remote sign-off link).
    representatives: set[str] = field(default_factory=set)

    @property
    def uid(self) -> str:
        # Per record, not per date: a moved health check updates the event already in a calendar.
        return f"{self.kind}-{self.record_id}@partnership-workshop"


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, monthcal.monthrange(year, month)[1])
    )


def next_reading_on(frequency: str, last: datetime.date) -> datetime.date:
    return add_months(last, FREQUENCY_MONTHS.get(frequency, 3))


def _facilitators(workshops) -> dict[int, list[str]]:
    found = {}
    for workshop in workshops:
        people = [workshop.owner, *workshop.co_facilitators.all()]
        found[workshop.pk] = list(dict.fromkeys(p.email for p in people if p.email))
    return found


def _representatives(team_ids) -> dict[int, dict[int, str]]:
    """Team id → {party id → e-mail}: the address of each party's latest remote sign-off link,
    unless that link was withdrawn (perhaps sent to the wrong address)."""
    latest = {}
    for party, team, email, revoked in (
        RemoteSignInvite.objects.filter(party__charter__team__in=team_ids)
        .order_by("pk")
        .values_list("party_id", "party__charter__team_id", "email", "revoked_at")
    ):
        latest[party] = (team, email, revoked)
    found = {}
    for party, (team, email, revoked) in latest.items():
        if revoked is None:
            found.setdefault(team, {})[party] = email
    return found


def due(today: datetime.date) -> list[Due]:
    """Everything due on `today`, in a fixed order (kind, date, record)."""
    items = []
    checks = HealthCheck.objects.filter(
        held_on__gte=today, held_on__lte=today + datetime.timedelta(days=HEALTH_CHECK_LEAD)
    ).select_related("team__workshop")
    invited = {}
    for invite in HealthCheckInvite.objects.filter(health_check__in=checks, used_at__isnull=True):
        if invite.usable(today):
            invited.setdefault(invite.health_check_id, []).append(invite)
    for check in checks:
        item = Due("health_check", check.team, check.pk, check.held_on, date_format(check.held_on))
        for invite in invited.get(check.pk, []):
            item.recipients.append(invite.email)
            item.paths[invite.email] = reverse("health:respond", args=[invite.token])
            item.skip_parties.add(invite.party_id)
        items.append(item)
    indicators = Indicator.objects.select_related("team__workshop").prefetch_related("readings")
    for indicator in indicators:
        readings = list(indicator.readings.all())
        last = readings[-1].observed_on if readings else timezone.localdate(indicator.created_at)
        next_on = next_reading_on(indicator.frequency, last)
        if today >= next_on - datetime.timedelta(days=INDICATOR_LEAD):
            item = Due("indicator_review", indicator.team, indicator.pk, next_on, indicator.name)
            item.parties = (indicator.owner_id,) if indicator.owner_id else ()
            items.append(item)
    charters = Charter.objects.filter(
        review_date__gte=today, review_date__lte=today + datetime.timedelta(days=CHARTER_LEAD)
    ).select_related("team__workshop")
    for charter in charters:
        items.append(
            Due(
                "charter_review",
                charter.team,
                charter.pk,
                charter.review_date,
                charter.title,
                [],
                "governance",
            )
        )
    items = [i for i in items if i.team.workshop.status != ARCHIVED]
    workshops = {i.team.workshop.pk: i.team.workshop for i in items}
    facilitators = _facilitators(
        Workshop.objects.filter(pk__in=workshops)
        .select_related("owner")
        .prefetch_related("co_facilitators")
    )
    representatives = _representatives({i.team.pk for i in items})
    for item in items:
        item.recipients = list(
            dict.fromkeys([*facilitators.get(item.team.workshop_id, []), *item.recipients])
        )
        known = representatives.get(item.team.pk, {})
        wanted = (
            known if item.parties is None else {p: known[p] for p in item.parties if p in known}
        )
        for party_id, email in wanted.items():
            # An address already reached as facilitator or respondent gets that mail, with its link.
            if party_id not in item.skip_parties and email not in item.recipients:
                item.recipients.append(email)
                item.representatives.add(email)
    return sorted(items, key=lambda i: (i.kind, i.due_date, i.record_id))


def unsent(items: list[Due]) -> list[tuple[Due, str]]:
    """(item, recipient) pairs with no Reminder row yet."""
    sent = set(
        Reminder.objects.filter(record_id__in={i.record_id for i in items}).values_list(
            "kind", "record_id", "due_date", "recipient"
        )
    )
    return [
        (item, to)
        for item in items
        for to in item.recipients
        if (item.kind, item.record_id, item.due_date, to) not in sent
    ]


def link(item: Due, base_url: str, recipient: str = "") -> str:
    """The page the reminder opens; none for a party representative, who has no account."""
    if recipient in item.representatives:
        return ""
    if recipient in item.paths:
        return base_url.rstrip("/") + item.paths[recipient]
    step = item.team.workshop.steps.filter(kind=item.step_kind).first()
    if step is None:
        return base_url.rstrip("/") + item.team.workshop.get_absolute_url()
    path = reverse("steps:page", args=[item.team.workshop_id, item.team.pk, step.position])
    return base_url.rstrip("/") + path


def subject_and_body(
    item: Due, url: str, respondent: bool = False, representative: bool = False
) -> tuple[str, str, str]:
    """(subject, body, calendar summary) in the active language."""
    values = {"team": item.team.name, "name": item.name, "date": date_format(item.due_date)}
    if representative:
        return _representative_mail(item, values)
    if item.kind == "health_check" and respondent:
        summary = _("Partnership health check: %(team)s") % values
        body = (
            _(
                "The partnership health check of %(team)s is on %(date)s. Your link to give your"
                " party's view (it works once):"
            )
            % values
        )
    elif item.kind == "health_check":
        summary = _("Partnership health check: %(team)s") % values
        body = (
            _(
                "The partnership health check of %(team)s is on %(date)s. Invite each party's"
                " respondent and collect the ratings here:"
            )
            % values
        )
    elif item.kind == "indicator_review":
        summary = _("Indicator reading due: %(name)s (%(team)s)") % values
        body = (
            _(
                "The next reading of the indicator “%(name)s” of %(team)s is due on %(date)s."
                " Record it here:"
            )
            % values
        )
    else:
        summary = _("Charter review: %(name)s (%(team)s)") % values
        body = _("The charter “%(name)s” of %(team)s is due for review on %(date)s:") % values
    return summary, f"{body}\n\n{url}\n", summary


def _representative_mail(item: Due, values) -> tuple[str, str, str]:
    """A party representative's reminder: what is due and who acts on it, with no link."""
    if item.kind == "health_check":
        summary = _("Partnership health check: %(team)s") % values
        body = (
            _(
                "As your party's representative: the partnership health check of %(team)s is on"
                " %(date)s. The facilitator sends each party's respondent a link of their own to"
                " give the party's view."
            )
            % values
        )
    elif item.kind == "indicator_review":
        summary = _("Indicator reading due: %(name)s (%(team)s)") % values
        body = (
            _(
                "As your party's representative: the next reading of the indicator “%(name)s” of"
                " %(team)s, which your party owns, is due on %(date)s. Please send it to the"
                " facilitator."
            )
            % values
        )
    else:
        summary = _("Charter review: %(name)s (%(team)s)") % values
        body = (
            _(
                "As your party's representative: the charter “%(name)s” of %(team)s is due for"
                " review on %(date)s. The facilitator will send you the revised version to read"
                " and sign."
            )
            % values
        )
    return summary, f"{body}\n", summary


def message(item: Due, recipient: str, base_url: str, *, now, sequence: int = 0) -> EmailMessage:
    url = link(item, base_url, recipient)
    with translation.override(item.team.workshop.language):
        subject, body, summary = subject_and_body(
            item, url, recipient in item.paths, recipient in item.representatives
        )
        event = calendar.Event(
            uid=item.uid,
            start=item.due_date,
            summary=summary,
            description=f"{body.strip()}",
            url=url,
            sequence=sequence,
        )
    mail = EmailMessage(subject, body, None, [recipient])
    # Built by hand for the `method` parameter: some calendar clients want it on the part too.
    part = MIMEText(calendar.invitation(event, now=now), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    mail.attach(part)
    return mail


def send_due(
    today: datetime.date, base_url: str, *, dry_run: bool = False
) -> list[tuple[Due, str]]:
    """Sends each unsent reminder due on `today` and records it; returns what was (or would be) sent."""
    pending = unsent(due(today))
    if dry_run:
        return pending
    now = timezone.now()
    done = []
    for item, to in pending:
        earlier = Reminder.objects.filter(
            kind=item.kind, record_id=item.record_id, recipient=to
        ).count()
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    team=item.team,
                    kind=item.kind,
                    record_id=item.record_id,
                    due_date=item.due_date,
                    recipient=to,
                )
                # Inside the transaction: a failed send leaves no row, so the next run retries it.
                message(item, to, base_url, now=now, sequence=earlier).send()
        except IntegrityError:
            continue  # another run sent it meanwhile
        done.append((item, to))
    return done
