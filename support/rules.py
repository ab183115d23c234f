"""The course of support's rules as plain Python: planned end, reminders, which step comes next.

No Django imports: the services and selectors pass in dates and counts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# The seeds' peer-guide course lasts at most 4 months with a reminder at 3½ months: ½ month before.
DEFAULT_COURSE_WEEKS = 17
DEFAULT_END_REMINDER_DAYS = 14
# The cooperation agreement is made "in the first 2–3 meetings" (Samarbejdsaftale, the seed).
AGREEMENT_WITHIN_MEETINGS = 3


@dataclass(frozen=True)
class CourseRules:
    course_weeks: int = DEFAULT_COURSE_WEEKS
    end_reminder_days: int = DEFAULT_END_REMINDER_DAYS
    agreement_within_meetings: int = AGREEMENT_WITHIN_MEETINGS


def planned_end(started_on: datetime.date, rules: CourseRules) -> datetime.date:
    return started_on + datetime.timedelta(weeks=max(1, rules.course_weeks))


def end_reminder_due(
    *, planned: datetime.date, today: datetime.date, rules: CourseRules, reminded_on: datetime.date | None
) -> bool:
    """True once, when the planned end is `end_reminder_days` away or closer."""
    return reminded_on is None and today >= planned - datetime.timedelta(days=rules.end_reminder_days)


def agreement_overdue(*, meetings_held: int, agreed: bool, rules: CourseRules) -> bool:
    """The agreement should have been made by now: the meetings it should come within are held."""
    return not agreed and meetings_held >= rules.agreement_within_meetings


def agreement_reminder_due(
    *, meetings_held: int, agreed: bool, rules: CourseRules, reminded_on: datetime.date | None
) -> bool:
    return reminded_on is None and agreement_overdue(meetings_held=meetings_held, agreed=agreed, rules=rules)


def near_end(*, planned: datetime.date, today: datetime.date, rules: CourseRules) -> bool:
    return planned - today <= datetime.timedelta(days=rules.end_reminder_days)
