"""Dates for peer education and support as a pure engine: deadlines and their warnings, recurring meetings,
and when the coordinator's next follow-up with a peer is due.

No Django imports; every function takes plain dates and returns plain dates.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

LAST = -1


class ScheduleError(ValueError):
    """Input the engine cannot work with; `code` is stable, `field` names the offending input."""

    def __init__(self, code: str, message: str, *, field: str) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day where it has fewer days."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- The one-year deadline for mandatory modules -------------------------------------------------------


def education_deadline(start: date | None, months: int) -> date | None:
    """When the mandatory modules must be finished: `months` after the education started (None: not started)."""
    if start is None:
        return None
    return add_months(start, months)


def warning_due(deadline: date, today: date, thresholds: Iterable[int], already_sent: Iterable[int]) -> int | None:
    """The warning (days before the deadline) to send today, if any.

    Only the most urgent warning reached is sent: a peer first noticed 10 days before the deadline gets
    the 14-day warning, not the 60-day one as well. Nothing is sent once the deadline has passed, and a
    warning is never sent twice.
    """
    days_left = (deadline - today).days
    if days_left < 0:
        return None
    reached = [t for t in thresholds if days_left <= t]
    if not reached:
        return None
    most_urgent = min(reached)
    sent = set(already_sent)
    if most_urgent in sent or any(s < most_urgent for s in sent):
        return None
    return most_urgent


# --- Recurring meetings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recurrence:
    """Monthly on a weekday: e.g. the first Tuesday (ordinal 1, weekday 1) every month, or the last Thursday
    every third month. Monday is weekday 0."""

    ordinal: int
    weekday: int
    every_months: int
    starts_on: date
    ends_on: date | None = None

    def __post_init__(self) -> None:
        if self.ordinal not in (1, 2, 3, 4, LAST):
            raise ScheduleError("bad_ordinal", "The week must be the 1st to 4th or the last.", field="ordinal")
        if not 0 <= self.weekday <= 6:
            raise ScheduleError("bad_weekday", "The weekday must be 0 (Monday) to 6 (Sunday).", field="weekday")
        if not 1 <= self.every_months <= 12:
            raise ScheduleError("bad_interval", "A series repeats every 1 to 12 months.", field="every_months")
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ScheduleError("ends_before_start", "The series ends before it starts.", field="ends_on")


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    """The first/second/third/fourth/last `weekday` of the month."""
    if ordinal == LAST:
        last_day = date(year, month, calendar.monthrange(year, month)[1])
        return last_day - timedelta(days=(last_day.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))


def occurrences(recurrence: Recurrence, until: date) -> list[date]:
    """The dates of the series from its start up to and including `until` (and its own end)."""
    last = until if recurrence.ends_on is None else min(until, recurrence.ends_on)
    dates: list[date] = []
    month_start = recurrence.starts_on.replace(day=1)
    while month_start <= last:
        day = nth_weekday(month_start.year, month_start.month, recurrence.weekday, recurrence.ordinal)
        if recurrence.starts_on <= day <= last:
            dates.append(day)
        month_start = add_months(month_start, recurrence.every_months)
    return dates


# --- The coordinator's follow-ups ------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpDue:
    due_on: date
    overdue: bool
    days_overdue: int


def follow_up_due(*, last_follow_up: date | None, since: date, interval_days: int, today: date) -> FollowUpDue:
    """When the next follow-up is due: `interval_days` after the last one (or after `since` when there was none).

    The due date also identifies the overdue spell: it changes only when a follow-up is recorded.
    """
    if interval_days < 1:
        raise ScheduleError("bad_interval", "Follow-ups need an interval of at least one day.", field="interval_days")
    due_on = (last_follow_up or since) + timedelta(days=interval_days)
    days_overdue = max(0, (today - due_on).days)
    return FollowUpDue(due_on=due_on, overdue=today > due_on, days_overdue=days_overdue)
