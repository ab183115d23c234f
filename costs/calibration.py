"""Calibration: derive a scenario's start-year and recurring costs from a published cost table.

A published table gives, per category, the total over the operating years and the cost per unit per
year, plus the cost per unit per year had the model run 1, 3 or 5 years. It does not print the
year-by-year costs, but with each category's profile fixed they follow from those figures: the
1-year figure is the year-0 cost, the 3-year figures add the recurring cost of years 1 and 2.

Every figure is rounded to whole kroner, so each pins a linear expression in the unknown costs to an
interval of one krone. Calibration finds costs that land every figure inside its interval, as far from
the rounding edges as possible (a linear programme). When the publication contradicts itself, no costs
fit every figure; calibration then sets aside the fewest figures (preferring those that are off by the
smallest share), fits the rest, and the engine reports the set-aside figures as discrepancies.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy.optimize import linprog

from costs.engine import (
    DEFAULT_DISCOUNT_RATE,
    CategoryKind,
    CostCategory,
    CostItem,
    Discrepancy,
    Profile,
    PublishedCategory,
    PublishedTable,
    Scenario,
    TotalsConvention,
    assess,
    discount_factors,
    find_discrepancies,
)

# Each figure must land this far inside its rounding interval, so that amounts stored to the øre
# and floating-point sums still round to the published krone.
SAFETY = 0.005
# Among the costs that keep every figure at least this far (kr.) inside its interval, calibration
# picks those closest to the published figures.
COMFORTABLE_MARGIN = 0.05
MOST_FIGURES_SET_ASIDE = 3


class SplitProfile(StrEnum):
    """What calibration may assume about a category's costs over the years."""

    ANNUAL = "annual"  # the same cost every year
    ONCE = "once"  # everything in year 0
    START_AND_RECURRING = "start_and_recurring"  # a year-0 cost, then a smaller cost every later year


class CalibrationError(ValueError):
    def __init__(self, code: str, field: str, message: str) -> None:
        self.code = code
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class CategorySplit:
    name: str
    profile: SplitProfile
    start: float  # cost in year 0
    recurring: float  # cost in each later year

    @property
    def share(self) -> float:
        """The recurring cost as a share of the start-year cost."""
        return self.recurring / self.start if self.start else 0.0


@dataclass(frozen=True)
class Calibration:
    table: PublishedTable
    splits: tuple[CategorySplit, ...]
    scenario: Scenario
    margin: float  # how far (kr.) the closest reproduced figure lies inside its rounding interval
    set_aside: tuple[str, ...]  # figures no costs can reproduce together with the others
    discrepancies: tuple[Discrepancy, ...]


def default_profile(category: PublishedCategory) -> SplitProfile:
    """Operation costs run the same every year; everything else starts high and then recurs."""
    if category.kind in (CategoryKind.OPERATION_SALARIES, CategoryKind.OPERATION_OTHER):
        return SplitProfile.ANNUAL
    return SplitProfile.START_AND_RECURRING


@dataclass(frozen=True)
class _Figure:
    key: str
    coefficients: tuple[float, ...]  # over (start_0, recurring_0, start_1, recurring_1, …)
    target: int


def calibrate(
    table: PublishedTable,
    *,
    profiles: Mapping[str, SplitProfile] | None = None,
    discount_rate: float = DEFAULT_DISCOUNT_RATE,
    explanations: Mapping[str, str] | None = None,
) -> Calibration:
    """Derive each quantified category's start-year and recurring cost from a published table.

    `profiles` names a category's profile where the default (operation annual, the rest start and
    recurring) does not fit what the publication says about it.
    """
    rows = table.quantified_categories
    chosen = _profiles(rows, profiles or {})
    figures = _figures(table, rows, discount_rate)
    set_aside = _fewest_set_aside(figures, chosen)
    widest = _widest_margin(figures, chosen, set_aside)
    margin = min(widest, COMFORTABLE_MARGIN)
    solution = _closest_fit(figures, chosen, set_aside, margin)
    splits = tuple(
        CategorySplit(row.name, chosen[i], start=solution[2 * i], recurring=solution[2 * i + 1])
        for i, row in enumerate(rows)
    )
    scenario = scenario_from_splits(table, splits, discount_rate=discount_rate)
    discrepancies = find_discrepancies(assess(scenario), table, explanations)
    return Calibration(
        table=table,
        splits=splits,
        scenario=scenario,
        margin=margin,
        set_aside=tuple(figures[j].key for j in sorted(set_aside)),
        discrepancies=tuple(discrepancies),
    )


def scenario_from_splits(
    table: PublishedTable,
    splits: Sequence[CategorySplit],
    *,
    discount_rate: float = DEFAULT_DISCOUNT_RATE,
    name: str | None = None,
) -> Scenario:
    """A scenario with the table's categories, one cost item per quantified category."""
    by_name = {split.name: split for split in splits}
    categories = []
    for row in table.categories:
        split = by_name.get(row.name)
        items = () if split is None else _items(row, split)
        categories.append(CostCategory(name=row.name, items=items, not_quantified=row.not_quantified, kind=row.kind))
    return Scenario(
        name=name or table.title,
        unit=table.unit,
        units=table.units,
        years=table.years,
        categories=tuple(categories),
        discount_rate=discount_rate,
        totals_convention=table.totals_convention,
        sensitivity_years=tuple(sorted(table.sensitivity)) or (1, 3, 5),
        assumptions=table.assumptions,
    )


def item_label(row: PublishedCategory) -> str:
    """One label for the quantified costs a published category lists."""
    if not row.quantified:
        return row.name
    first, *rest = row.quantified
    return "; ".join([first, *(text[:1].lower() + text[1:] for text in rest)])


def _items(row: PublishedCategory, split: CategorySplit) -> tuple[CostItem, ...]:
    label = item_label(row)
    if split.profile == SplitProfile.ANNUAL:
        return (CostItem(label=label, profile=Profile.ANNUAL, amount=split.start),)
    if split.profile == SplitProfile.ONCE or split.recurring == 0:
        return (CostItem(label=label, profile=Profile.ONCE, amount=split.start),)
    return (CostItem(label=label, profile=Profile.RETRAIN, amount=split.start, share=split.share),)


def _profiles(rows: Sequence[PublishedCategory], given: Mapping[str, SplitProfile]) -> list[SplitProfile]:
    names = {row.name for row in rows}
    for name in given:
        if name not in names:
            known = ", ".join(sorted(names))
            raise CalibrationError(
                "unknown_category", name, f'"{name}" is not a quantified category of the table (known: {known})'
            )
    return [given.get(row.name, default_profile(row)) for row in rows]


def _figures(table: PublishedTable, rows: Sequence[PublishedCategory], rate: float) -> list[_Figure]:
    """Each linear published figure as coefficients over the unknown start and recurring costs."""
    if table.units <= 0 or table.years < 1:
        raise CalibrationError("invalid_table", "units", "a table needs at least one unit and one year")
    factor = 1.0 + rate if table.totals_convention == TotalsConvention.SCALED else 1.0
    n = len(rows)

    def present_value(i: int, years: int, scale: float) -> tuple[float, ...]:
        coefficients = [0.0] * (2 * n)
        coefficients[2 * i] = scale
        coefficients[2 * i + 1] = scale * (sum(discount_factors(years, rate)) - 1.0)
        return tuple(coefficients)

    def all_categories(years: int, scale: float) -> tuple[float, ...]:
        return tuple(map(sum, zip(*(present_value(i, years, scale) for i in range(n)), strict=True)))

    def per_unit(years: int) -> float:
        return 1.0 / (table.units * sum(discount_factors(years, rate)))

    figures = []
    for i, row in enumerate(rows):
        assert row.total is not None
        figures.append(_Figure(f"category:{row.name}:total", present_value(i, table.years, factor), row.total))
        if row.per_unit_year is not None:
            figures.append(
                _Figure(
                    f"category:{row.name}:per_unit_year",
                    present_value(i, table.years, per_unit(table.years)),
                    row.per_unit_year,
                )
            )
    figures.append(_Figure("total", all_categories(table.years, factor), table.total))
    for years, published in sorted(table.sensitivity.items()):
        figures.append(_Figure(f"sensitivity:{years}", all_categories(years, per_unit(years)), published))
    return figures


def _profile_constraints(profiles: Sequence[SplitProfile], width: int) -> tuple[list[list[float]], list[list[float]]]:
    """Equalities (annual: start = recurring; once: recurring = 0) and inequalities (recurring ≤ start)."""
    equalities, inequalities = [], []
    for i, profile in enumerate(profiles):
        row = [0.0] * width
        if profile == SplitProfile.ANNUAL:
            row[2 * i], row[2 * i + 1] = 1.0, -1.0
            equalities.append(row)
        elif profile == SplitProfile.ONCE:
            row[2 * i + 1] = 1.0
            equalities.append(row)
        else:
            row[2 * i], row[2 * i + 1] = -1.0, 1.0
            inequalities.append(row)
    return equalities, inequalities


def _fewest_set_aside(figures: Sequence[_Figure], profiles: Sequence[SplitProfile]) -> frozenset[int]:
    """The smallest set of figures to leave out so the rest can all be reproduced."""
    for size in range(MOST_FIGURES_SET_ASIDE + 1):
        best: tuple[float, frozenset[int]] | None = None
        for combination in itertools.combinations(range(len(figures)), size):
            cost = _deviation(figures, profiles, frozenset(combination))
            if cost is not None and (best is None or cost < best[0] - 1e-12):
                best = (cost, frozenset(combination))
        if best is not None:
            return best[1]
    raise CalibrationError(
        "inconsistent_table",
        "table",
        f"more than {MOST_FIGURES_SET_ASIDE} published figures contradict the others; check the table",
    )


def _deviation(figures: Sequence[_Figure], profiles: Sequence[SplitProfile], set_aside: frozenset[int]) -> float | None:
    """The least total relative deviation of the set-aside figures with all others reproduced."""
    n2 = 2 * len(profiles)
    aside = sorted(set_aside)
    width = n2 + 2 * len(aside)
    upper: list[list[float]] = []
    bound: list[float] = []
    half = 0.5 - SAFETY
    for j, figure in enumerate(figures):
        coefficients = list(figure.coefficients) + [0.0] * (2 * len(aside))
        below = list(coefficients)
        if j in set_aside:
            slot = n2 + 2 * aside.index(j)
            coefficients[slot] = -1.0  # room above
            below[slot + 1] = 1.0  # room below
        upper.append(coefficients)
        bound.append(figure.target + half)
        upper.append([-c for c in below])
        bound.append(-(figure.target - half))
    objective = [0.0] * n2
    for j in aside:
        weight = 1.0 / max(abs(figures[j].target), 1)
        objective += [weight, weight]
    result = _solve(objective, upper, bound, profiles, width)
    return None if result is None else result[0]


def _kept_bounds(
    figures: Sequence[_Figure], set_aside: frozenset[int], margin: float, extra: list[float]
) -> tuple[list[list[float]], list[float]]:
    """Rows keeping every figure not set aside at least `margin` inside its rounding interval."""
    upper: list[list[float]] = []
    bound: list[float] = []
    for j, figure in enumerate(figures):
        if j in set_aside:
            continue
        upper.append([*figure.coefficients, *extra])
        bound.append(figure.target + 0.5 - margin)
        upper.append([*(-c for c in figure.coefficients), *extra])
        bound.append(-(figure.target - 0.5 + margin))
    return upper, bound


def _widest_margin(figures: Sequence[_Figure], profiles: Sequence[SplitProfile], set_aside: frozenset[int]) -> float:
    """How far inside their rounding intervals all kept figures can be at once."""
    n2 = 2 * len(profiles)
    upper, bound = _kept_bounds(figures, set_aside, 0.0, [1.0])  # the last variable is the margin
    result = _solve([0.0] * n2 + [-1.0], upper, bound, profiles, n2 + 1, last_bounds=(SAFETY, 0.5))
    if result is None:
        raise CalibrationError("no_fit", "table", "no costs reproduce the published figures")
    return result[1][n2]


def _closest_fit(
    figures: Sequence[_Figure], profiles: Sequence[SplitProfile], set_aside: frozenset[int], margin: float
) -> list[float]:
    """Costs closest to the published figures (least total distance) that keep them `margin` inside."""
    n2 = 2 * len(profiles)
    kept = [j for j in range(len(figures)) if j not in set_aside]
    width = n2 + len(kept)
    upper, bound = _kept_bounds(figures, set_aside, margin, [0.0] * len(kept))
    for slot, j in enumerate(kept):
        distance = [0.0] * len(kept)
        distance[slot] = -1.0
        upper.append([*figures[j].coefficients, *distance])
        bound.append(float(figures[j].target))
        upper.append([*(-c for c in figures[j].coefficients), *distance])
        bound.append(-float(figures[j].target))
    result = _solve([0.0] * n2 + [1.0] * len(kept), upper, bound, profiles, width)
    if result is None:
        raise CalibrationError("no_fit", "table", "no costs reproduce the published figures")
    return [max(value, 0.0) for value in result[1][:n2]]


def _solve(
    objective: list[float],
    upper: list[list[float]],
    bound: list[float],
    profiles: Sequence[SplitProfile],
    width: int,
    last_bounds: tuple[float, float] | None = None,
) -> tuple[float, list[float]] | None:
    """Solve the linear programme; (objective, variables), or None when nothing fits."""
    equalities, inequalities = _profile_constraints(profiles, width)
    a_ub = np.array(upper + inequalities, dtype=float)
    b_ub = np.array(bound + [0.0] * len(inequalities), dtype=float)
    bounds: list[tuple[float, float | None]] = [(0.0, None)] * width
    if last_bounds is not None:
        bounds[-1] = last_bounds
    result = linprog(
        np.array(objective, dtype=float),
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=np.array(equalities, dtype=float) if equalities else None,
        b_eq=np.zeros(len(equalities)) if equalities else None,
        bounds=bounds,
        method="highs",
    )
    if result.status != 0:
        return None
    return float(result.fun), [float(value) for value in result.x]
