"""Actual cost: what the recorded (or typed) activity of a period cost per citizen, course run, hour …

Plain Python, like the engine: an `Activity` (the counts of a period) and a `CostBasis` (what the
organisation spends per year, from a scenario or from its own budget lines) go in; an `ActualCost`
comes out, with every figure next to the count behind it. A figure whose count is missing or 0 is
not computed but marked `NotComputable.NO_COUNT` ("no recorded X"), so a page can say why.

The cost of the period is the yearly cost × the period's length in years, counted per calendar day
(a whole calendar year is exactly 1, a leap year included). A scenario's yearly cost is its present
value spread evenly over the discounted operating years (present value / Σ v_t) — the same
"per year" the method's cost per unit per year uses, for all units together.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from costs.engine import Assessment, CategoryKind


class Measure(StrEnum):
    """What a cost is divided by."""

    CITIZEN = "citizen"  # per citizen reached
    COURSE_RUN = "course_run"  # per course run
    SUPPORT_HOUR = "support_hour"  # per hour of support
    SESSION = "session"  # per session (meeting, teaching session, ward conversation)
    CHIME_POINT = "chime_point"  # per point of improvement on CHIME


# The Activity field that holds each measure's count, in the order pages show them.
COUNT_FIELDS: dict[Measure, str] = {
    Measure.CITIZEN: "citizens_reached",
    Measure.COURSE_RUN: "course_runs",
    Measure.SUPPORT_HOUR: "support_hours",
    Measure.SESSION: "sessions",
    Measure.CHIME_POINT: "chime_improvement_points",
}


class Source(StrEnum):
    RECORDED = "recorded"  # counted from what the system recorded for the period
    TYPED = "typed"  # typed by the user for the period


class NotComputable(StrEnum):
    NO_COUNT = "no_count"  # the count is missing or 0: nothing recorded to divide by
    NO_IMPROVEMENT = "no_improvement"  # CHIME outcomes exist but show no improvement (≤ 0 points)


class ActivityError(ValueError):
    """Activity that cannot be costed. `code` is stable, `field` names the offending count or date."""

    def __init__(self, code: str, field: str, message: str) -> None:
        self.code = code
        self.field = field
        self.message = message
        super().__init__(f'field "{field}" {message}')


@dataclass(frozen=True)
class Activity:
    """What happened in a period (both dates included). None means "not known"; 0 means "none"."""

    start: date
    end: date
    citizens_reached: int | None = None
    course_runs: int | None = None
    support_hours: float | None = None
    sessions: int | None = None
    chime_improvement_points: float | None = None
    recorded: frozenset[str] = frozenset()  # the names of the counts that came from recorded data

    def count(self, measure: Measure) -> float | None:
        value: float | None = getattr(self, COUNT_FIELDS[measure])
        return value

    def source(self, measure: Measure) -> Source | None:
        if self.count(measure) is None:
            return None
        return Source.RECORDED if COUNT_FIELDS[measure] in self.recorded else Source.TYPED


@dataclass(frozen=True)
class CostLine:
    label: str
    per_year: float
    category: CategoryKind | None = None


@dataclass(frozen=True)
class CostBasis:
    """What the organisation spends per year: a scenario's categories or its own budget lines."""

    label: str
    lines: tuple[CostLine, ...]

    @property
    def per_year(self) -> float:
        return math.fsum(line.per_year for line in self.lines)


@dataclass(frozen=True)
class ActualFigure:
    measure: Measure
    count: float | None
    source: Source | None
    cost_per_unit: float | None
    not_computable: NotComputable | None

    @property
    def computable(self) -> bool:
        return self.cost_per_unit is not None


@dataclass(frozen=True)
class ActualCost:
    activity: Activity
    basis: CostBasis
    years: float  # the period's length in years
    cost: float  # what the period cost: the basis per year × years
    figures: tuple[ActualFigure, ...]

    def figure(self, measure: Measure) -> ActualFigure:
        return next(f for f in self.figures if f.measure == measure)


def period_years(start: date, end: date) -> float:
    """The period start … end (both included) in years, each calendar year counted by its own days."""
    if end < start:
        raise ActivityError("invalid_period", "end", f"must not be before the start ({start} – {end})")
    total = 0.0
    for year in range(start.year, end.year + 1):
        first = max(start, date(year, 1, 1))
        last = min(end, date(year, 12, 31))
        days_in_year = 366 if calendar.isleap(year) else 365
        total += ((last - first).days + 1) / days_in_year
    return total


def validate_activity(activity: Activity) -> None:
    period_years(activity.start, activity.end)
    for measure, name in COUNT_FIELDS.items():
        value = activity.count(measure)
        if value is None:
            continue
        if isinstance(value, bool) or not math.isfinite(value):
            raise ActivityError("invalid_number", name, f"must be a finite number (got {value!r})")
        if value < 0 and measure != Measure.CHIME_POINT:
            raise ActivityError("negative_count", name, f"must not be negative (got {value})")
    unknown = activity.recorded - set(COUNT_FIELDS.values())
    if unknown:
        raise ActivityError("unknown_count", ", ".join(sorted(unknown)), "is not a count of the activity")


def actual_cost(activity: Activity, basis: CostBasis) -> ActualCost:
    """The period's cost, and that cost per citizen, course run, hour, session and CHIME point."""
    validate_activity(activity)
    years = period_years(activity.start, activity.end)
    cost = basis.per_year * years
    figures = []
    for measure in COUNT_FIELDS:
        count = activity.count(measure)
        reason: NotComputable | None = None
        if count is None or count == 0:
            reason = NotComputable.NO_COUNT
        elif count < 0:
            reason = NotComputable.NO_IMPROVEMENT
        figures.append(
            ActualFigure(
                measure=measure,
                count=count,
                source=activity.source(measure),
                cost_per_unit=None if reason or count is None else cost / count,
                not_computable=reason,
            )
        )
    return ActualCost(activity=activity, basis=basis, years=years, cost=cost, figures=tuple(figures))


def basis_from_assessment(assessment: Assessment) -> CostBasis:
    """A scenario's yearly cost per category: its present value / the discounted operating years."""
    scenario = assessment.scenario
    discounted_years = assessment.unit_years / scenario.units
    lines = tuple(
        CostLine(label=result.name, per_year=result.present_value / discounted_years, category=result.kind)
        for result in assessment.categories
        if result.quantified
    )
    return CostBasis(label=scenario.name, lines=lines)


def basis_from_budget(label: str, lines: Iterable[tuple[str, CategoryKind | None, float]]) -> CostBasis:
    """The organisation's own budget: (label, category, amount per year) per line."""
    return CostBasis(
        label=label,
        lines=tuple(CostLine(label=text, per_year=amount, category=kind) for text, kind, amount in lines),
    )
