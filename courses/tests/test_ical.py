"""The iCalendar file for a course run, without a database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from courses.ical import Event, calendar, escape_text, fold

NOW = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)


def _event(**kw):
    values = {
        "uid": "abc@brobygger",
        "start": datetime(2026, 9, 8, 13, 0),
        "end": datetime(2026, 9, 8, 16, 0),
        "summary": "Håb og drømme",
    }
    values.update(kw)
    return Event(**values)


def test_it_writes_one_event_per_session_in_copenhagen_time():
    text = calendar(
        [_event(), _event(uid="def@brobygger", start=datetime(2026, 9, 15, 13), end=datetime(2026, 9, 15, 16))],
        name="Kursus",
        now=NOW,
    )
    assert text.count("BEGIN:VEVENT") == 2
    assert "DTSTART;TZID=Europe/Copenhagen:20260908T130000\r\n" in text
    assert "DTEND;TZID=Europe/Copenhagen:20260908T160000\r\n" in text
    assert "DTSTAMP:20260801T120000Z\r\n" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\n" in text
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in text


def test_it_ends_every_line_with_crlf():
    text = calendar([_event()], name="Kursus", now=NOW)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")


def test_it_escapes_commas_semicolons_backslashes_and_line_breaks():
    assert escape_text("Lokale 2, 1. sal; bag\\ved\nindgang") == "Lokale 2\\, 1. sal\\; bag\\\\ved\\nindgang"
    text = calendar([_event(location="Vestergade 43, Aarhus")], name="Kursus", now=NOW)
    assert "LOCATION:Vestergade 43\\, Aarhus\r\n" in text


def test_it_folds_long_lines_at_75_octets_without_splitting_danish_letters():
    line = "DESCRIPTION:" + "æøå" * 40
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_it_marks_a_cancelled_session_as_cancelled():
    text = calendar([_event(cancelled=True)], name="Kursus", now=NOW)
    assert "STATUS:CANCELLED\r\n" in text


def test_it_refuses_times_with_a_timezone_and_events_that_end_before_they_start():
    with pytest.raises(ValueError):
        calendar([_event(start=datetime(2026, 9, 8, 13, tzinfo=UTC))], name="x", now=NOW)
    with pytest.raises(ValueError):
        calendar([_event(end=datetime(2026, 9, 8, 12))], name="x", now=NOW)
