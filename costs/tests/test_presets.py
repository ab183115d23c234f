"""The six published assessments: every published figure reproduced, every inconsistency reported."""

from __future__ import annotations

import pytest

from costs.engine import assess, round_kr, scenario_from_dict, scenario_to_dict
from costs.presets import PUBLISHED, UnknownPresetError, get_preset, preset_keys

# The figures in which the publication contradicts itself (DOMAIN §15), with what the method gives:
# (preset, figure, published, computed).
INCONSISTENCIES = [
    ("individual_group", "total", 2_471_077, 2_471_007),  # 70 kr. more than its categories
    ("peer_guide", "sensitivity:5", 38_805, 38_548),  # fits no profile with the 1- and 3-year figures
    ("bridge_builders", "sensitivity:5", 308_780, 312_506),  # fits no profile with the 1- and 3-year figures
    ("bridge_builders", "sensitivity:3", 315_632, 315_630),  # a 2 kr. rounding difference
    ("ark", "sensitivity:5", 69_822, 69_823),  # a 1 kr. rounding difference
]
INCONSISTENT = {(key, figure) for key, figure, _published, _computed in INCONSISTENCIES}


def published_figures() -> list[tuple[str, str, int]]:
    """Every figure the six tables print, read from the tables (not from the engine's checks)."""
    figures = []
    for key, table in PUBLISHED.items():
        for row in table.categories:
            if row.total is not None:
                figures.append((key, f"category:{row.name}:total", row.total))
            if row.per_unit_year is not None:
                figures.append((key, f"category:{row.name}:per_unit_year", row.per_unit_year))
        figures.append((key, "total", table.total))
        figures.append((key, "per_unit_year", table.per_unit_year))
        for years, value in table.sensitivity.items():
            figures.append((key, f"sensitivity:{years}", value))
    return figures


REPRODUCED = [figure for figure in published_figures() if figure[:2] not in INCONSISTENT]


def test_it_holds_the_six_published_assessments_with_all_their_figures():
    assert preset_keys() == (
        "individual_group",
        "bridge_everyday",
        "peer_guide",
        "recovery_school",
        "bridge_builders",
        "ark",
    )
    assert len(published_figures()) == 62
    assert len(REPRODUCED) == 57


@pytest.mark.parametrize(("key", "figure", "published"), REPRODUCED, ids=[f"{k}-{f}" for k, f, _ in REPRODUCED])
def test_it_reproduces_the_published_figure_to_the_krone(key, figure, published):
    checks = {check.figure: check for check in get_preset(key).checks()}

    assert round_kr(checks[figure].computed) == published


@pytest.mark.parametrize(
    ("key", "figure", "published", "computed"), INCONSISTENCIES, ids=[f"{k}-{f}" for k, f, _, _ in INCONSISTENCIES]
)
def test_it_reports_the_known_inconsistency_instead_of_forcing_a_fit(key, figure, published, computed):
    reported = {d.figure: d for d in get_preset(key).discrepancies()}

    discrepancy = reported[figure]
    assert (discrepancy.assessment, discrepancy.published, discrepancy.computed) == (key, published, computed)
    assert discrepancy.difference == published - computed
    assert discrepancy.explanation


def test_it_reports_region_h_i_alt_as_70_kr_more_than_the_sum_of_its_categories():
    table = PUBLISHED["individual_group"]
    [discrepancy] = get_preset("individual_group").discrepancies()

    assert sum(row.total or 0 for row in table.categories) == 2_471_007
    assert discrepancy.difference == 70
    assert "2.471.007" in discrepancy.explanation


@pytest.mark.parametrize("key", list(PUBLISHED))
def test_it_reports_no_discrepancy_beyond_the_known_inconsistencies(key):
    reported = {(key, d.figure) for d in get_preset(key).discrepancies()}

    assert reported == {pair for pair in INCONSISTENT if pair[0] == key}


@pytest.mark.parametrize("key", list(PUBLISHED))
def test_it_prints_the_i_alt_per_unit_as_the_sum_of_the_published_category_figures(key):
    table = PUBLISHED[key]

    assert sum(row.per_unit_year or 0 for row in table.categories) == table.per_unit_year


@pytest.mark.parametrize("key", list(PUBLISHED))
def test_it_gives_a_preset_scenario_a_user_can_save_edit_and_assess(key):
    preset = get_preset(key)
    data = scenario_to_dict(preset.scenario)
    reread = scenario_from_dict(data)

    assert reread == preset.scenario
    assert assess(reread).total == pytest.approx(assess(preset.scenario).total)
    assert [c["name"] for c in data["categories"]] == [row.name for row in preset.table.categories]  # type: ignore[attr-defined]


def test_it_keeps_the_not_quantified_costs_of_the_published_table():
    result = get_preset("peer_guide").assess()
    by_name = {c.name: c for c in result.categories}

    assert by_name["Investering"].not_quantified == ("Evt. investering i mobiltelefoner til frivillige peer-guider",)
    assert not by_name["Investering"].quantified
    assert by_name["Drift af indsatsen"].not_quantified == ("Forsikring af frivillige peer-guider",)


def test_it_scales_the_totals_of_the_two_region_sjaelland_assessments_only():
    scaled = {key for key in PUBLISHED if get_preset(key).scenario.totals_convention.value == "scaled"}

    assert scaled == {"bridge_builders", "ark"}


def test_it_names_an_unknown_preset():
    with pytest.raises(UnknownPresetError, match='no preset "region_x"'):
        get_preset("region_x")
