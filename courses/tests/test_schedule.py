"""Clashes of rooms and teachers, weekly series, terms and preparation time, without a database."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from courses.schedule import (
    ScheduleError,
    Slot,
    Term,
    check_slot,
    find_clashes,
    parse_term,
    preparation_hours,
    term_dates,
    term_of,
    weekly_dates,
)

DAY = date(2026, 9, 8)


def _slot(key: str, start: time, minutes: int = 180, room: str = "Lokale 1", teachers: set[str] | None = None) -> Slot:
    return Slot(key, DAY, start, minutes, place="school", room=room, teachers=frozenset(teachers or set()))


def test_it_finds_a_room_booked_twice():
    clashes = find_clashes([_slot("new", time(12))], [_slot("old", time(10))])
    assert [(c.kind, c.existing.key) for c in clashes] == [("room", "old")]


def test_it_ignores_room_names_written_with_other_case_or_spaces():
    clashes = find_clashes([_slot("new", time(12), room="lokale  1")], [_slot("old", time(10), room="Lokale 1")])
    assert [c.kind for c in clashes] == ["room"]


def test_it_lets_sessions_follow_each_other_back_to_back():
    assert find_clashes([_slot("new", time(13))], [_slot("old", time(10), 180)]) == []


def test_it_lets_the_same_room_name_be_used_at_another_place():
    other_place = Slot("old", DAY, time(10), 180, place="clinic", room="Lokale 1")
    assert find_clashes([_slot("new", time(11))], [other_place]) == []


def test_it_finds_a_teacher_in_two_sessions_at_once():
    clashes = find_clashes(
        [_slot("new", time(11), room="A", teachers={"tove", "peter"})],
        [_slot("old", time(10), room="B", teachers={"tove"})],
    )
    assert [(c.kind, c.teacher) for c in clashes] == [("teacher", "tove")]


def test_it_does_not_compare_a_session_with_its_own_earlier_version():
    assert find_clashes([_slot("same", time(10))], [_slot("same", time(11))]) == []


def test_it_refuses_a_session_that_runs_past_midnight_or_lasts_nothing():
    with pytest.raises(ScheduleError) as late:
        check_slot(DAY, time(22), 180)
    assert late.value.code == "past_midnight"
    with pytest.raises(ScheduleError) as empty:
        check_slot(DAY, time(10), 0)
    assert empty.value.code == "duration_not_positive"


def test_it_makes_weekly_series():
    assert weekly_dates(date(2026, 9, 1), 3) == [date(2026, 9, 1), date(2026, 9, 8), date(2026, 9, 15)]
    assert weekly_dates(date(2026, 9, 1), 2, every_weeks=2) == [date(2026, 9, 1), date(2026, 9, 15)]
    with pytest.raises(ScheduleError):
        weekly_dates(date(2026, 9, 1), 0)


def test_it_places_dates_in_spring_and_autumn_terms():
    assert term_of(date(2026, 6, 30)) == Term(2026, "spring")
    assert term_of(date(2026, 7, 1)) == Term(2026, "autumn")
    assert parse_term("2026-autumn") == Term(2026, "autumn")
    assert parse_term("autumn") is None
    assert term_dates(Term(2026, "spring")) == (date(2026, 1, 1), date(2026, 6, 30))


def test_it_estimates_preparation_one_to_one_for_an_existing_course_and_one_to_three_for_a_new_one():
    assert preparation_hours(Decimal(18), new_course=False, ratio_existing=1, ratio_new=3) == Decimal("18.0")
    assert preparation_hours(Decimal(18), new_course=True, ratio_existing=1, ratio_new=3) == Decimal("54.0")
