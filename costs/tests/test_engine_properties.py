"""Properties of the cost method that hold for every scenario (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from costs.engine import CostCategory, CostItem, Profile, Scenario, TotalsConvention, assess, round_kr

amounts = st.floats(min_value=1, max_value=50_000_000, allow_nan=False, allow_infinity=False)
units = st.integers(min_value=1, max_value=500)
rates = st.floats(min_value=0, max_value=0.2, allow_nan=False)
horizons = st.integers(min_value=1, max_value=40)


def scenario(items: list[CostItem], n: int, years: int, rate: float) -> Scenario:
    return Scenario(
        name="Egenskab",
        unit="peer-støttegiver",
        units=n,
        years=years,
        discount_rate=rate,
        categories=(CostCategory("Kategori", tuple(items)),),
        sensitivity_years=(1, 3, 5, years),
    )


@given(amount=amounts, n=units, rate=rates, years=horizons)
def test_it_gives_constant_yearly_costs_the_same_cost_per_unit_per_year_for_any_number_of_years(amount, n, rate, years):
    item = CostItem("Løn", Profile.ANNUAL, amount=amount)
    result = assess(scenario([item], n, years, rate))

    assert math.isclose(result.per_unit_year, amount / n, rel_tol=1e-9)
    for value in result.sensitivity.values():
        assert math.isclose(value, amount / n, rel_tol=1e-9)


@given(amount=amounts, n=units, rate=rates, years=st.integers(min_value=1, max_value=39))
def test_it_lets_a_one_time_cost_per_unit_per_year_fall_as_the_years_grow(amount, n, rate, years):
    item = CostItem("Opstart", Profile.ONCE, amount=amount)
    shorter = assess(scenario([item], n, years, rate))
    longer = assess(scenario([item], n, years + 1, rate))

    assert longer.per_unit_year < shorter.per_unit_year
    assert math.isclose(shorter.total, amount, rel_tol=1e-12)


@given(start=amounts, share=st.floats(min_value=0, max_value=1), n=units, rate=rates)
def test_it_never_lets_turnover_costs_per_unit_rise_with_more_years(start, share, n, rate):
    item = CostItem("Nye peers", Profile.RETRAIN, amount=start, share=share)
    result = assess(scenario([item], n, 3, rate))

    assert result.sensitivity[1] >= result.sensitivity[3] * (1 - 1e-12)
    assert result.sensitivity[3] >= result.sensitivity[5] * (1 - 1e-12)


@given(first=amounts, second=amounts, n=units, rate=rates, years=horizons, scaled=st.booleans())
def test_it_makes_the_i_alt_total_the_sum_of_the_category_totals(first, second, n, rate, years, scaled):
    categories = (
        CostCategory("Uddannelse", (CostItem("Kursus", Profile.ONCE, amount=first),)),
        CostCategory("Drift", (CostItem("Løn", Profile.ANNUAL, amount=second),)),
    )
    result = assess(
        Scenario(
            name="Egenskab",
            unit="kursusgang",
            units=n,
            years=years,
            discount_rate=rate,
            categories=categories,
            totals_convention=TotalsConvention.SCALED if scaled else TotalsConvention.PRESENT_VALUE,
        )
    )

    assert math.isclose(result.total, sum(c.total for c in result.categories), rel_tol=1e-12)
    assert result.per_unit_year_as_published == sum(round_kr(c.per_unit_year) for c in result.categories)
