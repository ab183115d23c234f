"""Dates as a pure engine: the deadline and its warnings, recurring meetings, follow-ups due."""

from __future__ import annotations

from datetime import date

import pytest

from education.schedule import (
    Recurrence,
    ScheduleError,
    add_months,
    education_deadline,
    follow_up_due,
    nth_weekday,
    occurrences,
    warning_due,
)


def test_it_puts_the_deadline_a_year_after_the_start() -> None:
    assert education_deadline(date(2027, 1, 11), 12) == date(2028, 1, 11)
    assert education_deadline(None, 12) is None


def test_it_keeps_month_ends_inside_the_month() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2027, 3, 15), -3) == date(2026, 12, 15)


@pytest.mark.parametrize(
    ("today", "sent", "expected"),
    [
        (date(2027, 11, 1), [], None),  # 71 days left: too early
        (date(2027, 11, 12), [], 60),  # 60 days left
        (date(2027, 11, 20), [60], None),  # already warned at 60
        (date(2027, 12, 28), [60], 14),  # 14 days left
        (date(2027, 12, 30), [60, 14], None),
        (date(2027, 12, 31), [], 14),  # first seen 11 days before: only the 14-day warning
        (date(2028, 1, 12), [], None),  # the deadline has passed
    ],
)
def test_it_sends_each_deadline_warning_once_and_only_the_most_urgent(
    today: date, sent: list[int], expected: int | None
) -> None:
    assert warning_due(date(2028, 1, 11), today, (60, 14), sent) == expected


def test_it_finds_the_nth_and_last_weekday_of_a_month() -> None:
    assert nth_weekday(2027, 1, 1, 1) == date(2027, 1, 5)  # first Tuesday
    assert nth_weekday(2027, 1, 3, -1) == date(2027, 1, 28)  # last Thursday
    assert nth_weekday(2027, 2, 0, 4) == date(2027, 2, 22)  # fourth Monday


def test_it_repeats_a_series_every_month_from_its_start() -> None:
    monthly = Recurrence(ordinal=1, weekday=1, every_months=1, starts_on=date(2027, 1, 6))
    # The first Tuesday of January 2027 (5th) is before the start, so February is first.
    assert occurrences(monthly, date(2027, 4, 30)) == [date(2027, 2, 2), date(2027, 3, 2), date(2027, 4, 6)]


def test_it_repeats_a_collaboration_forum_every_second_month_until_the_end() -> None:
    forum = Recurrence(ordinal=-1, weekday=3, every_months=2, starts_on=date(2027, 1, 1), ends_on=date(2027, 6, 1))
    assert occurrences(forum, date(2027, 12, 31)) == [date(2027, 1, 28), date(2027, 3, 25), date(2027, 5, 27)]


def test_it_refuses_a_series_that_ends_before_it_starts() -> None:
    with pytest.raises(ScheduleError) as refused:
        Recurrence(ordinal=1, weekday=1, every_months=1, starts_on=date(2027, 2, 1), ends_on=date(2027, 1, 1))
    assert refused.value.code == "ends_before_start" and refused.value.field == "ends_on"


def test_it_refuses_an_interval_outside_one_to_twelve_months() -> None:
    with pytest.raises(ScheduleError):
        Recurrence(ordinal=1, weekday=1, every_months=0, starts_on=date(2027, 1, 1))


def test_it_counts_the_follow_up_from_the_last_one_or_the_start() -> None:
    due = follow_up_due(
        last_follow_up=date(2027, 3, 1), since=date(2027, 1, 1), interval_days=14, today=date(2027, 3, 15)
    )
    assert due.due_on == date(2027, 3, 15) and not due.overdue
    late = follow_up_due(last_follow_up=None, since=date(2027, 1, 1), interval_days=14, today=date(2027, 1, 20))
    assert late.due_on == date(2027, 1, 15) and late.overdue and late.days_overdue == 5
