"""The cost-assessment engine: the method of Socialstyrelsen's published assessments."""

from __future__ import annotations

import copy
import math

import pytest

from costs.engine import (
    CategoryKind,
    CostCategory,
    CostItem,
    Profile,
    PublishedCategory,
    PublishedTable,
    Scenario,
    ScenarioError,
    TotalsConvention,
    assess,
    assessment_to_dict,
    find_discrepancies,
    round_kr,
    scenario_from_dict,
    scenario_to_dict,
    unit_years,
)


def make_scenario(*categories: CostCategory, units: float = 3, years: int = 3, **options: object) -> Scenario:
    return Scenario(
        name="Test",
        unit="peer-støttegiver",
        units=units,
        years=years,
        categories=categories or (category("Drift", annual(100_000)),),
        **options,  # type: ignore[arg-type]
    )


def category(name: str, *items: CostItem, not_quantified: tuple[str, ...] = ()) -> CostCategory:
    return CostCategory(name=name, items=items, not_quantified=not_quantified)


def annual(amount: float, label: str = "Løn") -> CostItem:
    return CostItem(label=label, profile=Profile.ANNUAL, amount=amount)


def once(amount: float, label: str = "Uddannelse") -> CostItem:
    return CostItem(label=label, profile=Profile.ONCE, amount=amount)


def valid_dict() -> dict[str, object]:
    return {
        "name": "Peer-støtte i kommunen",
        "unit": "peer-støttegiver",
        "units": 3,
        "years": 3,
        "categories": [
            {
                "name": "Uddannelse",
                "items": [{"label": "Peer-uddannelse", "profile": "retrain", "amount": 90_000, "share": 0.2}],
                "not_quantified": ["Evt. udvikling af peer-uddannelse"],
            },
            {"name": "Drift", "items": [{"label": "Løn", "profile": "annual", "amount": 700_000}]},
        ],
    }


def test_it_discounts_three_years_at_4_percent_to_2_886095_unit_years_per_unit():
    assert unit_years(1, 3, 0.04) == pytest.approx(2.886095, abs=5e-7)
    assert unit_years(3, 3, 0.04) == pytest.approx(3 * 2.886095, abs=2e-6)


def test_it_gives_a_category_the_present_value_of_its_yearly_costs_as_total():
    result = assess(make_scenario(category("Drift", annual(100_000))))

    assert result.categories[0].total == pytest.approx(100_000 * (1 + 1 / 1.04 + 1 / 1.04**2))


def test_it_divides_by_the_discounted_unit_years_for_the_cost_per_unit_per_year():
    result = assess(make_scenario(category("Uddannelse", once(86_582.84))))

    assert result.categories[0].per_unit_year == pytest.approx(86_582.84 / (3 * 2.8860946745562))
    assert round_kr(result.categories[0].per_unit_year) == 10_000


def test_it_sums_the_rounded_category_figures_for_the_i_alt_cost_per_unit():
    # 0.4 + 0.4 per unit each round down, so "I alt" per unit is 0 though the exact sum is 0.8.
    tiny = 0.4 * 3 * 2.8860946745562
    result = assess(make_scenario(category("A", once(tiny)), category("B", once(tiny))))

    assert result.per_unit_year == pytest.approx(0.8)
    assert result.per_unit_year_as_published == 0


def test_it_sums_the_categories_for_the_i_alt_total():
    result = assess(make_scenario(category("A", once(1_000)), category("B", annual(2_000))))

    assert result.total == pytest.approx(1_000 + 2_000 * 2.8860946745562)


def test_it_prints_totals_as_1_04_times_the_present_value_in_the_region_sjaelland_convention():
    plain = assess(make_scenario(category("Drift", annual(100_000))))
    scaled = assess(make_scenario(category("Drift", annual(100_000)), totals_convention=TotalsConvention.SCALED))

    assert scaled.total == pytest.approx(1.04 * plain.total)
    assert scaled.categories[0].total == pytest.approx(1.04 * plain.categories[0].total)
    assert scaled.per_unit_year == pytest.approx(plain.per_unit_year)
    assert scaled.sensitivity == pytest.approx(plain.sensitivity)


@pytest.mark.parametrize(
    ("item", "costs"),
    [
        (CostItem("Løn", Profile.ANNUAL, amount=100), [100, 100, 100, 100, 100]),
        (CostItem("Opstart", Profile.ONCE, amount=100), [100, 0, 0, 0, 0]),
        (CostItem("Nye peers", Profile.RETRAIN, amount=100, share=0.25), [100, 25, 25, 25, 25]),
        (CostItem("Nyt hold", Profile.EVERY, amount=100, every=2), [100, 0, 100, 0, 100]),
        (CostItem("Projekt", Profile.YEARS, amount=100, from_year=1, to_year=3), [0, 100, 100, 0, 0]),
    ],
    ids=["annual", "once", "retrain", "every", "years"],
)
def test_it_spreads_each_profile_over_the_operating_years(item, costs):
    result = assess(make_scenario(category("Kategori", item), years=5))

    assert [row.costs[0] for row in result.years] == pytest.approx(costs)


def test_it_accepts_an_item_given_as_hours_times_hourly_rate_times_units():
    by_hours = CostItem("Løn til peers", Profile.ANNUAL, hours=1_040, hourly_rate=221, units=3)
    result = assess(make_scenario(category("Drift", by_hours)))

    assert result.years[0].costs[0] == pytest.approx(689_520)
    assert result.per_unit_year == pytest.approx(689_520 / 3)


def test_it_computes_each_sensitivity_figure_over_that_many_years_with_the_same_profiles():
    scenario = make_scenario(category("Uddannelse", once(90_000)), category("Drift", annual(600_000)))
    result = assess(scenario)

    for years in (1, 3, 5):
        alone = assess(make_scenario(*scenario.categories, years=years))
        assert result.sensitivity[years] == pytest.approx(alone.per_unit_year)
    assert result.sensitivity[1] == pytest.approx((90_000 + 600_000) / 3)
    assert result.sensitivity[3] == pytest.approx(result.per_unit_year)


def test_it_breaks_the_costs_down_per_year_with_discount_factor_and_present_value():
    result = assess(make_scenario(category("Uddannelse", once(90_000)), category("Drift", annual(600_000))))

    assert [row.year for row in result.years] == [0, 1, 2]
    assert [row.total for row in result.years] == pytest.approx([690_000, 600_000, 600_000])
    assert result.years[2].discount_factor == pytest.approx(1 / 1.04**2)
    assert result.years[2].present_value == pytest.approx(600_000 / 1.04**2)
    assert math.fsum(row.present_value for row in result.years) == pytest.approx(result.present_value)


def test_it_uses_the_discount_rate_the_scenario_gives():
    result = assess(make_scenario(category("Drift", annual(100)), discount_rate=0.0))

    assert result.total == pytest.approx(300)


def test_it_keeps_not_quantified_costs_on_a_category_without_figures():
    result = assess(
        make_scenario(
            category("Forberedelse", not_quantified=("Ledelsesressourcer",)), category("Drift", annual(1_000))
        )
    )

    assert result.categories[0].not_quantified == ("Ledelsesressourcer",)
    assert not result.categories[0].quantified
    assert result.categories[0].total == 0


@pytest.mark.parametrize(("value", "rounded"), [(2.5, 3), (3.5, 4), (-2.5, -3), (2.4999, 2), (14035.5, 14036)])
def test_it_rounds_half_kroner_away_from_zero_as_a_spreadsheet_does(value, rounded):
    assert round_kr(value) == rounded


def test_it_reads_back_the_scenario_it_writes():
    scenario = scenario_from_dict(valid_dict())

    assert scenario_from_dict(scenario_to_dict(scenario)) == scenario
    assert scenario.discount_rate == 0.04
    assert scenario.sensitivity_years == (1, 3, 5)
    assert scenario.totals_convention is TotalsConvention.PRESENT_VALUE


def test_it_takes_a_category_named_by_its_kind_as_that_kind():
    data = valid_dict()
    data["categories"][0]["name"] = "education"  # type: ignore[index]

    assert scenario_from_dict(data).categories[0].kind is CategoryKind.EDUCATION


def test_it_outputs_every_figure_unrounded():
    data = assessment_to_dict(assess(scenario_from_dict(valid_dict())))

    assert data["total"] == pytest.approx(90_000 + 18_000 * 1.8860946745562 + 700_000 * 2.8860946745562)
    assert set(data["sensitivity"]) == {"1", "3", "5"}  # type: ignore[arg-type]
    assert data["categories"][0]["name"] == "Uddannelse"  # type: ignore[index]
    assert not float(data["per_unit_year"]).is_integer()  # type: ignore[arg-type]


def _with(path: tuple[object, ...], value: object) -> dict[str, object]:
    data = copy.deepcopy(valid_dict())
    target: object = data
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    return data


CAT0 = 'categories[0] ("Uddannelse")'
ITEM0 = f'{CAT0} items[0] ("Peer-uddannelse")'
ITEM_PATH = ("categories", 0, "items", 0)


@pytest.mark.parametrize(
    ("data", "code", "location", "field"),
    [
        (_with((*ITEM_PATH, "amount"), -5), "negative_amount", ITEM0, "amount"),
        (_with((*ITEM_PATH, "share"), 1.5), "share_out_of_range", ITEM0, "share"),
        (_with(("years",), 0), "too_few_years", "scenario", "years"),
        (_with((*ITEM_PATH, "profile"), "monthly"), "unknown_profile", ITEM0, "profile"),
        (_with((*ITEM_PATH, "colour"), "red"), "unknown_field", ITEM0, "colour"),
        (_with(("categories", 0, "budget"), 1), "unknown_field", CAT0, "budget"),
        (_with(("owner",), "x"), "unknown_field", "scenario", "owner"),
        (_with((*ITEM_PATH, "amount"), "90000"), "wrong_type", ITEM0, "amount"),
        (_with((*ITEM_PATH, "amount"), True), "wrong_type", ITEM0, "amount"),
        (_with(("years",), 3.5), "wrong_type", "scenario", "years"),
        (_with(("categories",), {"name": "x"}), "wrong_type", "scenario", "categories"),
        (_with(("sensitivity_years",), [1, 0]), "too_few_years", "scenario", "sensitivity_years"),
        (_with(("totals_convention",), "nominal"), "unknown_totals_convention", "scenario", "totals_convention"),
        (_with(("units",), 0), "invalid_units", "scenario", "units"),
        (_with(("discount_rate",), 4), "invalid_discount_rate", "scenario", "discount_rate"),
        (_with(("categories", 1, "items", 0, "share"), 0.5), "field_not_allowed", None, "share"),
        (_with((*ITEM_PATH, "share"), None), "missing_field", ITEM0, "share"),
        (_with((*ITEM_PATH, "hours"), 10), "field_not_allowed", ITEM0, "hours"),
        (_with((*ITEM_PATH, "amount"), None), "missing_field", ITEM0, "amount"),
        (_with(("categories", 1, "name"), "Uddannelse"), "duplicate_category", None, "name"),
    ],
    ids=lambda value: None if isinstance(value, dict) else str(value),
)
def test_it_rejects_an_invalid_scenario_naming_the_category_item_and_field(data, code, location, field):
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)

    error = caught.value
    assert (error.code, error.field) == (code, field)
    if location is not None:
        assert error.location == location
        assert str(error).startswith(f'{location}: field "{field}"')


def test_it_rejects_a_k_th_year_profile_of_fewer_than_every_year():
    item = {"label": "Nyt hold", "profile": "every", "amount": 100, "every": 0}
    data = _with(("categories", 0, "items"), [item])

    with pytest.raises(ScenarioError, match=r'items\[0\] \("Nyt hold"\): field "every" must be at least 1'):
        scenario_from_dict(data)


def test_it_rejects_a_year_range_that_ends_before_it_starts():
    item = {"label": "Projekt", "profile": "years", "amount": 100, "from_year": 2, "to_year": 2}
    data = _with(("categories", 0, "items"), [item])

    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert (caught.value.code, caught.value.field) == ("invalid_year_range", "to_year")


def test_it_checks_a_scenario_built_in_code_as_strictly_as_one_read_from_json():
    scenario = make_scenario(category("Drift", CostItem("Løn", Profile.RETRAIN, amount=100, share=2.0)))

    with pytest.raises(ScenarioError) as caught:
        assess(scenario)
    assert caught.value.code == "share_out_of_range"


def _table(**changes: object) -> PublishedTable:
    values: dict[str, object] = {
        "key": "test",
        "title": "Test",
        "unit": "peer-støttegiver",
        "units": 1,
        "years": 3,
        "totals_convention": TotalsConvention.PRESENT_VALUE,
        "categories": (PublishedCategory("Drift", CategoryKind.OPERATION_OTHER, 2_886, 1_000),),
        "total": 2_886,
        "per_unit_year": 1_000,
        "sensitivity": {1: 1_000, 3: 1_000, 5: 1_000},
    }
    values.update(changes)
    return PublishedTable(**values)  # type: ignore[arg-type]


def test_it_reports_nothing_when_the_method_reproduces_every_published_figure():
    result = assess(make_scenario(category("Drift", annual(1_000)), units=1))

    assert find_discrepancies(result, _table()) == []


def test_it_reports_a_published_figure_the_method_does_not_reproduce():
    result = assess(make_scenario(category("Drift", annual(1_000)), units=1))

    [discrepancy] = find_discrepancies(result, _table(total=2_956))

    assert (discrepancy.assessment, discrepancy.figure) == ("test", "total")
    assert (discrepancy.published, discrepancy.computed, discrepancy.difference) == (2_956, 2_886, 70)
    assert discrepancy.explanation == "the published figure 2.956 differs from the method (2.886) by +70 kr."


def test_it_explains_a_known_discrepancy_in_its_own_words():
    result = assess(make_scenario(category("Drift", annual(1_000)), units=1))

    [discrepancy] = find_discrepancies(result, _table(sensitivity={5: 999}), {"sensitivity:5": "a known typo"})

    assert discrepancy.explanation == "a known typo"
    assert discrepancy.difference == -1
