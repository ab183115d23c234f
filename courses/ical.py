"""An iCalendar file (RFC 5545) for a course run: one VEVENT per teaching session (pure: no Django).

Times are local Copenhagen wall-clock times with TZID=Europe/Copenhagen and a VTIMEZONE that carries
the Danish summer-time rules, so calendars show the session at the time printed in the catalogue.
Lines end in CRLF, are folded at 75 octets (never inside a UTF-8 character), and text values are
escaped (backslash, semicolon, comma, newline).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

TZID = "Europe/Copenhagen"
PRODID = "-//Brobygger//Kurser//DA"
MAX_OCTETS = 75

VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class Event:
    """One session. `start` and `end` are naive local times in Copenhagen."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    sequence: int = 0


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash first, then ; and , and line breaks as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets; continuation lines start with one space (RFC 5545 §3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = MAX_OCTETS - 1  # the leading space of a continuation line counts
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _local(moment: datetime) -> str:
    if moment.tzinfo is not None:
        raise ValueError("event times are naive Copenhagen wall-clock times")
    return moment.strftime("%Y%m%dT%H%M%S")


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("the time stamp must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: Event, stamp: str) -> list[str]:
    start, end = _local(event.start), _local(event.end)
    if event.end <= event.start:
        raise ValueError(f"event {event.uid} ends before it starts")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;TZID={TZID}:{start}",
        f"DTEND;TZID={TZID}:{end}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"SEQUENCE:{event.sequence}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], *, name: str, now: datetime) -> str:
    """The whole VCALENDAR as text with CRLF line ends (also after the last line)."""
    stamp = _utc(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
