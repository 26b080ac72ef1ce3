"""One-event iCalendar invitations (RFC 5545) for reminder e-mails: pure functions, no dependency.

A stable UID per reminder makes a re-sent invitation update the event in the recipient's calendar
rather than add a second one; SEQUENCE goes up with each re-send.
"""

import datetime
from dataclasses import dataclass

LINE_LIMIT = 75  # octets per content line, before the CRLF (RFC 5545 3.1)


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime.date | datetime.datetime  # a date is an all-day event
    summary: str
    description: str = ""
    url: str = ""
    sequence: int = 0


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def unescape(text: str) -> str:
    out, chars = [], iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def fold(line: str) -> str:
    """Splits a content line into 75-octet pieces joined by CRLF and a space, never inside a
    UTF-8 character."""
    pieces, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = (
            LINE_LIMIT if not pieces else LINE_LIMIT - 1
        )  # continuation lines start with a space
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _start(start) -> list[str]:
    if isinstance(start, datetime.datetime):
        return [f"DTSTART:{_stamp(start)}", f"DTEND:{_stamp(start + datetime.timedelta(hours=1))}"]
    end = start + datetime.timedelta(days=1)
    return [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]


def invitation(event: Event, *, now: datetime.datetime, method: str = "PUBLISH") -> str:
    """The VCALENDAR text for one event, CRLF line ends, folded lines."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Partnership Workshop//Reminders//EN",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{_stamp(now)}",
        *_start(event.start),
        f"SUMMARY:{escape(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)


def parse(text: str) -> dict[str, str]:
    """The first event's properties, unfolded and unescaped (names without parameters): for tests
    and for reading back what was sent."""
    props = {}
    for line in unfold(text):
        if not line or ":" not in line:
            continue
        name, value = line.split(":", 1)
        props.setdefault(name.split(";", 1)[0], unescape(value))
    return props
