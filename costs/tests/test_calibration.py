"""Calibration: a scenario's start-year and recurring costs derived from a published table."""

from __future__ import annotations

import dataclasses

import pytest

from costs.calibration import CalibrationError, SplitProfile, calibrate
from costs.engine import (
    CategoryKind,
    CostCategory,
    CostItem,
    Profile,
    PublishedCategory,
    PublishedTable,
    Scenario,
    TotalsConvention,
    assess,
    round_kr,
)
from costs.presets import KNOWN_INCONSISTENCIES, PROFILES, PUBLISHED, get_preset


def split_of(calibration, name):
    return next(split for split in calibration.splits if split.name == name)


def publish(scenario: Scenario, key: str = "synthetic") -> PublishedTable:
    """The table the publication would print for a scenario: every figure rounded to the krone."""
    result = assess(scenario)
    kinds = {c.name: c.kind or CategoryKind.OTHER for c in scenario.categories}
    return PublishedTable(
        key=key,
        title=scenario.name,
        unit=scenario.unit,
        units=scenario.units,
        years=scenario.years,
        totals_convention=scenario.totals_convention,
        categories=tuple(
            PublishedCategory(c.name, kinds[c.name], round_kr(c.total), round_kr(c.per_unit_year))
            for c in result.categories
        ),
        total=round_kr(result.total),
        per_unit_year=result.per_unit_year_as_published,
        sensitivity={years: round_kr(value) for years, value in result.sensitivity.items()},
    )


def synthetic_scenario(convention: TotalsConvention = TotalsConvention.PRESENT_VALUE) -> Scenario:
    return Scenario(
        name="Syntetisk model",
        unit="peer-støttegiver",
        units=4,
        years=3,
        totals_convention=convention,
        categories=(
            CostCategory(
                "Uddannelse",
                (CostItem("Peer-uddannelse", Profile.RETRAIN, amount=120_000, share=0.3),),
                kind=CategoryKind.EDUCATION,
            ),
            CostCategory(
                "Drift", (CostItem("Løn", Profile.ANNUAL, amount=900_000),), kind=CategoryKind.OPERATION_SALARIES
            ),
        ),
    )


def test_it_derives_region_h_education_costs_from_its_1_and_3_year_figures():
    calibration = calibrate(PUBLISHED["individual_group"])
    education = split_of(calibration, "Uddannelse")

    # 1-year figure 299.893 less the operation figures 261.973 + 9.384, for 3 peers
    assert education.start == pytest.approx((299_893 - 261_973.04 - 9_383.96) * 3, abs=2)
    # the 3-year total 121.521 less the start, over the discount factors of years 1 and 2
    assert education.recurring == pytest.approx((121_521 - education.start) / (1 / 1.04 + 1 / 1.04**2), abs=1)
    assert education.share == pytest.approx(0.2224, abs=1e-4)


@pytest.mark.parametrize("convention", list(TotalsConvention))
def test_it_recovers_the_split_of_a_scenario_from_the_table_it_would_publish(convention):
    calibration = calibrate(publish(synthetic_scenario(convention)))

    education = split_of(calibration, "Uddannelse")
    assert education.start == pytest.approx(120_000, abs=3)
    assert education.recurring == pytest.approx(36_000, abs=3)
    assert split_of(calibration, "Drift").recurring == pytest.approx(900_000, abs=1)
    assert calibration.discrepancies == ()
    assert calibration.set_aside == ()


@pytest.mark.parametrize("key", list(PUBLISHED))
def test_it_reproduces_every_figure_of_a_published_table_but_its_inconsistencies(key):
    calibration = calibrate(PUBLISHED[key], profiles=PROFILES[key])

    assert {d.figure for d in calibration.discrepancies} == set(KNOWN_INCONSISTENCIES.get(key, {}))


@pytest.mark.parametrize("key", list(PUBLISHED))
def test_it_gives_the_costs_stored_in_the_preset(key):
    calibration = calibrate(PUBLISHED[key], profiles=PROFILES[key])
    preset_items = {c.name: c.items for c in get_preset(key).scenario.categories}

    for split in calibration.splits:
        [item] = preset_items[split.name]
        assert item.amount == pytest.approx(split.start, abs=1)
        recurring = item.amount * (item.share or 0) if item.profile is Profile.RETRAIN else None
        if recurring is not None:
            assert recurring == pytest.approx(split.recurring, abs=1)


def test_it_sets_aside_the_fewest_figures_that_contradict_the_rest():
    calibration = calibrate(PUBLISHED["bridge_builders"])

    assert calibration.set_aside == ("sensitivity:3", "sensitivity:5")


def test_it_sets_aside_the_5_year_figure_rather_than_the_1_year_figure_it_contradicts():
    # Either figure alone could be set aside; the 5-year one is off by the smaller share.
    calibration = calibrate(PUBLISHED["peer_guide"])

    assert calibration.set_aside == ("sensitivity:5",)
    assert round_kr(assess(calibration.scenario).sensitivity[1]) == 46_098


def test_it_keeps_constant_sensitivity_figures_as_yearly_costs():
    calibration = calibrate(PUBLISHED["bridge_everyday"], profiles=PROFILES["bridge_everyday"])

    for split in calibration.splits:
        assert split.profile is SplitProfile.ANNUAL
        assert split.recurring == split.start


def test_it_puts_a_one_off_category_in_year_0_only():
    calibration = calibrate(PUBLISHED["recovery_school"], profiles=PROFILES["recovery_school"])
    education = split_of(calibration, "Uddannelse")

    assert education.recurring == 0
    assert round_kr(education.start) == 37_784
    assert round_kr(split_of(calibration, "Øvrige omkostninger").start) == 20_000  # marketing a year


def test_it_builds_a_scenario_with_the_tables_categories_and_not_quantified_costs():
    calibration = calibrate(PUBLISHED["peer_guide"])
    scenario = calibration.scenario

    assert [c.name for c in scenario.categories] == [c.name for c in PUBLISHED["peer_guide"].categories]
    assert scenario.categories[1].items == ()
    assert scenario.categories[1].not_quantified == (
        "Administrative ressourcer til udarbejdelse af jobopslag, håndtering af ansøgninger mv.",
    )
    [education] = scenario.categories[2].items
    assert education.profile is Profile.RETRAIN
    assert education.label.startswith("Løn til fagprofessionel underviser")


def test_it_reports_a_figure_that_contradicts_the_others_with_a_generic_explanation():
    table = publish(synthetic_scenario())
    wrong = dataclasses.replace(table, sensitivity={**table.sensitivity, 5: 300_000})

    calibration = calibrate(wrong)

    [discrepancy] = calibration.discrepancies
    assert discrepancy.figure == "sensitivity:5"
    assert discrepancy.published == 300_000
    assert discrepancy.explanation.startswith("the published figure 300.000 differs from the method")


def test_it_refuses_a_profile_for_a_category_the_table_does_not_quantify():
    with pytest.raises(CalibrationError) as caught:
        calibrate(PUBLISHED["peer_guide"], profiles={"Investering": SplitProfile.ONCE})

    assert caught.value.code == "unknown_category"
    assert caught.value.field == "Investering"
