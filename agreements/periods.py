"""Agreement periods and reference eligibility: pure date arithmetic and rules, no Django imports.

A volunteer agreement runs in periods (half a year by default, a setting per programme), each
closed by a renewal talk. Periods of the same peer may never overlap. A reference (udtalelse) is
given to a volunteer who has been active long enough, volunteered often enough and completed the
peer education (seed 004, "Bro til hverdagslivet").
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class PeriodError(Exception):
    """A period that cannot be; `code` is stable, the message is English (the Django layer translates)."""

    def __init__(self, code: str, message: str, *, field: str = "", conflict: DateRange | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.conflict = conflict


@dataclass(frozen=True)
class DateRange:
    """A closed range of days: both the first and the last day belong to it."""

    starts_on: datetime.date
    ends_on: datetime.date

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise PeriodError("dates_order", "A period cannot end before it starts", field="ends_on")

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def overlaps(self, other: DateRange) -> bool:
        return self.starts_on <= other.ends_on and other.starts_on <= self.ends_on


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_from(starts_on: datetime.date, months: int) -> DateRange:
    """A period of `months` months from its first day: 1 January + 6 months runs to 30 June."""
    if months < 1:
        raise PeriodError("months", "A period lasts at least one month", field="months")
    return DateRange(starts_on, add_months(starts_on, months) - datetime.timedelta(days=1))


def next_period(previous: DateRange, months: int) -> DateRange:
    """The period after a renewal: it starts the day after the previous one ends."""
    return period_from(previous.ends_on + datetime.timedelta(days=1), months)


def first_overlap(candidate: DateRange, existing: Iterable[DateRange]) -> DateRange | None:
    """The earliest existing period the candidate overlaps, if any."""
    clashes = sorted((p for p in existing if candidate.overlaps(p)), key=lambda p: p.starts_on)
    return clashes[0] if clashes else None


def check_no_overlap(candidate: DateRange, existing: Iterable[DateRange]) -> None:
    clash = first_overlap(candidate, existing)
    if clash is not None:
        raise PeriodError("overlap", "The period overlaps another agreement period", field="starts_on", conflict=clash)


def reminder_due(period: DateRange, today: datetime.date, days_before: int) -> bool:
    """True from `days_before` days before the end of a period until its last day."""
    return period.ends_on - datetime.timedelta(days=days_before) <= today <= period.ends_on


def truncate(periods: Iterable[DateRange], ends_on: datetime.date) -> list[DateRange]:
    """The periods as they stand when an agreement ends on `ends_on`: later ones gone, the current one cut."""
    kept: list[DateRange] = []
    for period in sorted(periods, key=lambda p: p.starts_on):
        if period.starts_on > ends_on:
            continue
        kept.append(DateRange(period.starts_on, min(period.ends_on, ends_on)))
    if not kept:
        raise PeriodError("end_before_start", "An agreement cannot end before it starts", field="ended_on")
    return kept


class Criterion(StrEnum):
    MONTHS_ACTIVE = "months_active"
    OCCASIONS = "occasions"
    EDUCATION = "education"


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ReferenceFacts:
    active_since: datetime.date | None
    until: datetime.date
    occasions: int
    education_completed: bool | None  # None: no record; the coordinator confirms it
    min_months: int = 6
    min_occasions: int = 10


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    outcome: Outcome
    actual: int | None
    required: int | None


@dataclass(frozen=True)
class ReferenceEligibility:
    results: tuple[CriterionResult, ...]

    @property
    def eligible(self) -> bool:
        return all(r.outcome is Outcome.MET for r in self.results)

    def result(self, criterion: Criterion) -> CriterionResult:
        return next(r for r in self.results if r.criterion is criterion)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from start to end (1 March to 31 August is 5, to 1 September is 6)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


def assess_reference(facts: ReferenceFacts) -> ReferenceEligibility:
    """Whether a volunteer may have a reference: active long enough, often enough, and educated."""
    if facts.active_since is None:
        months = CriterionResult(Criterion.MONTHS_ACTIVE, Outcome.UNKNOWN, None, facts.min_months)
    else:
        actual = months_between(facts.active_since, facts.until)
        outcome = Outcome.MET if actual >= facts.min_months else Outcome.NOT_MET
        months = CriterionResult(Criterion.MONTHS_ACTIVE, outcome, actual, facts.min_months)
    occasions = CriterionResult(
        Criterion.OCCASIONS,
        Outcome.MET if facts.occasions >= facts.min_occasions else Outcome.NOT_MET,
        facts.occasions,
        facts.min_occasions,
    )
    if facts.education_completed is None:
        education = CriterionResult(Criterion.EDUCATION, Outcome.UNKNOWN, None, None)
    else:
        education = CriterionResult(
            Criterion.EDUCATION, Outcome.MET if facts.education_completed else Outcome.NOT_MET, None, None
        )
    return ReferenceEligibility((months, occasions, education))
