"""Teaching sessions in time (pure: no Django): clashes of rooms and teachers, weekly series, terms and
the preparation time a run needs.

    clashes = find_clashes(new_slots, existing_slots)      # [] when nobody and no room is double-booked
    weekly_dates(date(2026, 9, 1), 6)                        # six Tuesdays
    term_of(date(2026, 9, 1))                                # Term(2026, "autumn")
    preparation_hours(Decimal(18), new_course=True, ratio_existing=1, ratio_new=3)   # Decimal("54")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

MINUTES_PER_DAY = 24 * 60


class ScheduleError(ValueError):
    """A session that cannot be planned as given; `code` is stable, `field` names the input."""

    def __init__(self, code: str, field: str, message: str) -> None:
        self.code = code
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class Slot:
    """A teaching session as the clash check sees it."""

    key: str
    day: date
    start: time
    minutes: int
    place: str = ""
    room: str = ""
    teachers: frozenset[str] = field(default_factory=frozenset)
    label: str = ""

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        return self.start_minute + self.minutes


@dataclass(frozen=True)
class Clash:
    kind: str  # "room" or "teacher"
    new: Slot
    existing: Slot
    teacher: str = ""


def check_slot(day: date, start: time, minutes: int) -> None:
    """A session lasts at least a minute and ends on the day it starts."""
    if minutes <= 0:
        raise ScheduleError("duration_not_positive", "minutes", "a session must last more than 0 minutes")
    if start.hour * 60 + start.minute + minutes > MINUTES_PER_DAY:
        raise ScheduleError("past_midnight", "minutes", "a session must end on the day it starts")


def _room_key(room: str) -> str:
    return " ".join(room.lower().split())


def overlaps(a: Slot, b: Slot) -> bool:
    """Two sessions overlap when they share a day and some minute; back-to-back sessions do not."""
    return a.day == b.day and a.start_minute < b.end_minute and b.start_minute < a.end_minute


def find_clashes(new_slots: Sequence[Slot], existing: Iterable[Slot]) -> list[Clash]:
    """Where a new session double-books a room (same place, same room) or a teacher."""
    others = [s for s in existing if s.key not in {n.key for n in new_slots}]
    clashes: list[Clash] = []
    for new in new_slots:
        for old in others:
            if not overlaps(new, old):
                continue
            room = _room_key(new.room)
            if room and room == _room_key(old.room) and new.place == old.place:
                clashes.append(Clash("room", new, old))
            for teacher in sorted(new.teachers & old.teachers):
                clashes.append(Clash("teacher", new, old, teacher))
    return clashes


def weekly_dates(first: date, count: int, every_weeks: int = 1) -> list[date]:
    """`count` dates, `every_weeks` apart, starting on `first`."""
    if count < 1:
        raise ScheduleError("count_not_positive", "count", "a series needs at least one session")
    if every_weeks < 1:
        raise ScheduleError("interval_not_positive", "every_weeks", "sessions must be at least a week apart")
    return [first + timedelta(weeks=every_weeks * i) for i in range(count)]


@dataclass(frozen=True, order=True)
class Term:
    """A school term: spring is January–June, autumn July–December."""

    year: int
    season: str  # "spring" or "autumn"

    @property
    def key(self) -> str:
        return f"{self.year}-{self.season}"


def term_of(day: date) -> Term:
    return Term(day.year, "spring" if day.month <= 6 else "autumn")


def parse_term(key: str) -> Term | None:
    """The term in a key like "2026-autumn", or None when the key is not one."""
    year, _sep, season = key.partition("-")
    if not year.isdigit() or season not in ("spring", "autumn"):
        return None
    return Term(int(year), season)


def term_dates(term: Term) -> tuple[date, date]:
    """First and last day of the term."""
    if term.season == "spring":
        return date(term.year, 1, 1), date(term.year, 6, 30)
    return date(term.year, 7, 1), date(term.year, 12, 31)


def teaching_hours(minutes: Iterable[int]) -> Decimal:
    return Decimal(sum(minutes)) / Decimal(60)


def preparation_hours(
    teaching: Decimal, *, new_course: bool, ratio_existing: Decimal | float | int, ratio_new: Decimal | float | int
) -> Decimal:
    """Preparation time for the teaching hours: 1:1 for a course taught before, 1:3 for a new one (ARK)."""
    ratio = Decimal(str(ratio_new if new_course else ratio_existing))
    return (teaching * ratio).quantize(Decimal("0.1"))
