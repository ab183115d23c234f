"""An assessment laid out as the publication prints it, in whole kroner, for pages and exports.

`assessment_table(scenario, preset_key=...)` gives the rows of "Omkostningsvurdering" (category,
quantified costs, total, cost per unit per year, not-quantified costs, "I alt"), the sensitivity table
for 1, 3 and 5 years, the years behind it, the data of the sensitivity chart, and — for a scenario
copied from a published assessment — every published figure next to the computed one with each
discrepancy the engine reports, in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from costs.calibration import item_label
from costs.engine import (
    Assessment,
    Scenario,
    TotalsConvention,
    assess,
    check_against_published,
    find_discrepancies,
    round_kr,
    scenario_to_dict,
    sensitivity_per_unit_year,
)
from costs.models import CategoryChoice
from costs.presets import PUBLISHED, get_preset

# The horizons the sensitivity chart draws (the table keeps the scenario's own, normally 1, 3 and 5).
CHART_YEARS = tuple(range(1, 11))

# Short names of the six published assessments, for lists and buttons.
PRESET_NAMES: dict[str, Any] = {
    "individual_group": gettext_lazy("Paid peer support (Region Hovedstaden)"),
    "bridge_everyday": gettext_lazy("Bridge to everyday life (volunteers)"),
    "peer_guide": gettext_lazy("Peer guides (Region Midtjylland)"),
    "recovery_school": gettext_lazy("Recovery school (Region Midtjylland)"),
    "bridge_builders": gettext_lazy("Peers as bridge builders (Region Sjælland)"),
    "ark": gettext_lazy("ARK recovery school (Region Sjælland)"),
}

# The publication's own inconsistencies (costs.presets.KNOWN_INCONSISTENCIES), explained for the interface.
EXPLANATIONS: dict[tuple[str, str], Any] = {
    ("individual_group", "total"): gettext_lazy(
        "The published total (2.471.077 kr.) is 70 kr. more than the sum of the published categories "
        "(121.521 + 2.268.237 + 81.249 = 2.471.007 kr.). The categories, the cost per peer per year and the "
        "sensitivity figures agree with each other, so the method keeps them and adds up the categories."
    ),
    ("peer_guide", "sensitivity:5"): gettext_lazy(
        "The 5-year figure (38.805 kr.) fits no spread of the costs over the years that also fits the 1- and "
        "3-year figures (46.098 and 39.804 kr.). Those two fix what the education costs in year 0 and in years "
        "1–2; carried on, they give about 38.548 kr. for 5 years. 38.805 kr. would need the education to cost "
        "more after year 2."
    ),
    ("bridge_builders", "sensitivity:3"): gettext_lazy(
        "A rounding difference: the table's own totals give 2.842.131 / 1,04 / (3 × 2,886095) = 315.630 kr. per "
        "peer per year over 3 years. The table's total per peer is 315.631 kr. (the sum of the rounded "
        "categories), and its sensitivity table says 315.632 kr."
    ),
    ("bridge_builders", "sensitivity:5"): gettext_lazy(
        "The 5-year figure (308.780 kr.) fits no spread of the costs over the years that also fits the 1- and "
        "3-year figures. It is lower than even no education costs at all after year 2 would give (about "
        "310.050 kr.). With the education costs of year 0 and the later years that the 1- and 3-year figures "
        "give, the method gives about 312.506 kr. for 5 years."
    ),
    ("ark", "sensitivity:5"): gettext_lazy(
        "A 1 kr. rounding difference: every split of the education costs into year 0 and the later years that "
        "gives the 1- and 3-year figures (71.466 and 70.097 kr.) gives 69.823 kr. for 5 years."
    ),
}


def preset_name(key: str) -> str:
    return str(PRESET_NAMES.get(key, key))


@dataclass(frozen=True)
class Assumption:
    label: str
    value: str


@dataclass(frozen=True)
class CategoryRow:
    name: str
    kind_label: str
    quantified: tuple[str, ...]  # the labels of its cost items
    total: int | None  # None where the table prints "-"
    per_unit_year: int | None
    not_quantified: tuple[str, ...]


@dataclass(frozen=True)
class SensitivityCell:
    years: int
    computed: int
    published: int | None


@dataclass(frozen=True)
class YearColumn:
    year: int
    costs: tuple[int, ...]  # one per quantified category
    total: int
    discount_factor: float
    present_value: int


@dataclass(frozen=True)
class FigureRow:
    figure: str
    label: str
    published: int
    computed: int
    difference: int  # published − computed
    matches: bool


@dataclass(frozen=True)
class DiscrepancyNote:
    figure: str
    label: str
    published: int
    computed: int
    difference: int
    sentence: str  # "the published figure X differs from the method (Y) by Z"
    explanation: str  # why, for the publication's own inconsistencies; "" otherwise


@dataclass(frozen=True)
class PublishedComparison:
    preset_key: str
    preset_name: str
    title: str
    source: str
    unchanged: bool  # the scenario is still the published assessment as calibrated
    rows: tuple[FigureRow, ...]
    discrepancies: tuple[DiscrepancyNote, ...]

    @property
    def reproduced(self) -> int:
        return sum(1 for row in self.rows if row.matches)


@dataclass(frozen=True)
class AssessmentTable:
    scenario: Scenario
    assessment: Assessment
    assumptions: tuple[Assumption, ...]
    categories: tuple[CategoryRow, ...]
    total: int
    per_unit_year: int
    sensitivity: tuple[SensitivityCell, ...]
    years: tuple[YearColumn, ...]
    year_categories: tuple[str, ...]  # the quantified categories, in the order of YearColumn.costs
    comparison: PublishedComparison | None
    chart: dict[str, Any]

    @property
    def unit(self) -> str:
        return self.scenario.unit

    @property
    def scaled(self) -> bool:
        return self.scenario.totals_convention == TotalsConvention.SCALED

    @property
    def year_rows(self) -> list[tuple[str, tuple[int, ...]]]:
        """Each quantified category with its cost in each operating year."""
        return [(name, tuple(y.costs[i] for y in self.years)) for i, name in enumerate(self.year_categories)]

    @property
    def not_quantified(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((row.name, row.not_quantified) for row in self.categories if row.not_quantified)


def kind_label(kind: object) -> str:
    if kind is None:
        return ""
    try:
        return str(CategoryChoice(str(kind)).label)
    except ValueError:
        return str(kind)


def format_number(value: float, decimals: int = 0) -> str:
    """Danish (or the active language's) grouping and decimal sign, for texts built in Python."""
    return number_format(
        Decimal(repr(round(value, decimals))), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )


def format_plain(value: float, most_decimals: int = 2) -> str:
    """A number with as few decimals as it needs (4 %, 3,5 %, 47), grouped as the language groups."""
    rounded = round(value, most_decimals)
    for decimals in range(most_decimals + 1):
        if round(rounded, decimals) == rounded:
            return format_number(rounded, decimals)
    return format_number(rounded, most_decimals)


def year_count(years: int) -> str:
    return ngettext("%(years)d year", "%(years)d years", years) % {"years": years}


def per_unit_label(unit: str) -> str:
    return _("Cost per %(unit)s per year") % {"unit": unit}


def assumptions_of(scenario: Scenario) -> tuple[Assumption, ...]:
    rows = [
        Assumption(pgettext("costs", "Operating years"), year_count(scenario.years)),
        Assumption(pgettext("costs", "Number of units"), f"{format_plain(scenario.units)} × {scenario.unit}"),
        Assumption(pgettext("costs", "Discount rate"), f"{format_plain(scenario.discount_rate * 100)} %"),
    ]
    if scenario.totals_convention == TotalsConvention.SCALED:
        rows.append(
            Assumption(
                pgettext("costs", "Totals"),
                _("Printed as %(factor)s × the present value (the Region Sjælland tables)")
                % {"factor": format_number(1 + scenario.discount_rate, 2)},
            )
        )
    rows += [Assumption(pgettext("costs", "Assumption"), text) for text in scenario.assumptions]
    return tuple(rows)


def figure_label(figure: str, unit: str) -> str:
    """The published figure a check key names, in words: "Uddannelse: total", "Sensitivity: 5 years"."""
    if figure.startswith("category:"):
        name, _sep, what = figure.removeprefix("category:").rpartition(":")
        if what == "per_unit_year":
            return f"{name}: {per_unit_label(unit).lower()}"
        return f"{name}: " + pgettext("costs", "costs in total")
    if figure == "total":
        return _("Total: costs in total")
    if figure == "per_unit_year":
        return _("Total: %(what)s") % {"what": per_unit_label(unit).lower()}
    if figure.startswith("sensitivity:"):
        years = int(figure.removeprefix("sensitivity:"))
        return _("Sensitivity: %(what)s, operated for %(years)s") % {
            "what": per_unit_label(unit).lower(),
            "years": year_count(years),
        }
    return figure


def discrepancy_sentence(published: int, computed: int, difference: int) -> str:
    return _(
        "The published figure %(published)s kr. differs from the method (%(computed)s kr.) by %(difference)s kr."
    ) % {
        "published": format_number(published),
        "computed": format_number(computed),
        "difference": ("+" if difference > 0 else "") + format_number(difference),
    }


def _without_name(data: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in data.items() if key != "name"}


def published_comparison(assessment: Assessment, preset_key: str) -> PublishedComparison | None:
    """Every figure of the published table next to the computed one, and each discrepancy in words."""
    if preset_key not in PUBLISHED:
        return None
    preset = get_preset(preset_key)
    table = preset.table
    unchanged = _without_name(scenario_to_dict(assessment.scenario)) == _without_name(scenario_to_dict(preset.scenario))
    checks = check_against_published(assessment, table)
    rows = tuple(
        FigureRow(
            figure=check.figure,
            label=figure_label(check.figure, table.unit),
            published=check.published,
            computed=check.computed_rounded,
            difference=check.published - check.computed_rounded,
            matches=check.matches,
        )
        for check in checks
    )
    notes = []
    # The publication's own inconsistencies are explained only while the scenario is still the published
    # one; once it is edited, a difference may just as well be the edit.
    for found in find_discrepancies(assessment, table, preset.explanations if unchanged else None):
        explanation = EXPLANATIONS.get((preset_key, found.figure)) if unchanged else None
        notes.append(
            DiscrepancyNote(
                figure=found.figure,
                label=figure_label(found.figure, table.unit),
                published=found.published,
                computed=found.computed,
                difference=found.difference,
                sentence=discrepancy_sentence(found.published, found.computed, found.difference),
                explanation=str(explanation) if explanation else "",
            )
        )
    return PublishedComparison(
        preset_key=preset_key,
        preset_name=preset_name(preset_key),
        title=table.title,
        source=table.source,
        unchanged=unchanged,
        rows=rows,
        discrepancies=tuple(notes),
    )


def sensitivity_chart(series: list[tuple[str, Scenario, dict[int, int] | None]]) -> dict[str, Any]:
    """Chart.js config: cost per unit per year against the number of operating years, per scenario.

    Each series is (label, scenario, published sensitivity figures or None); published figures are
    drawn as separate points so a reader sees where the publication and the method part.
    """
    datasets: list[dict[str, Any]] = []
    for label, scenario, published in series:
        datasets.append(
            {
                "label": label,
                "data": [round_kr(sensitivity_per_unit_year(scenario, years)) for years in CHART_YEARS],
                "tension": 0,
                "pointRadius": 3,
            }
        )
        if published:
            datasets.append(
                {
                    "label": _("%(name)s – published") % {"name": label},
                    "data": [published.get(years) for years in CHART_YEARS],
                    "showLine": False,
                    "pointRadius": 6,
                    "pointStyle": "rectRot",
                }
            )
    return {
        "type": "line",
        "data": {"labels": [year_count(years) for years in CHART_YEARS], "datasets": datasets},
        "options": {
            "responsive": True,
            "plugins": {"legend": {"position": "bottom"}},
            "scales": {
                "x": {"title": {"display": True, "text": pgettext("costs", "Operating years")}},
                "y": {"title": {"display": True, "text": _("Kr. per unit per year")}},
            },
        },
    }


def quantified_costs(scenario: Scenario, category_name: str, preset_key: str = "") -> tuple[str, ...]:
    """The labels of a category's cost items; for a published category still as calibrated (one item that
    sums up the published list), the costs the publication lists one by one."""
    category = next((c for c in scenario.categories if c.name == category_name), None)
    if category is None:
        return ()
    labels = tuple(item.label for item in category.items)
    table = PUBLISHED.get(preset_key)
    if table is not None and len(labels) == 1:
        row = next((r for r in table.categories if r.name == category_name), None)
        if row is not None and row.quantified and labels[0] == item_label(row):
            return row.quantified
    return labels


def assessment_table(scenario: Scenario, *, preset_key: str = "", label: str = "") -> AssessmentTable:
    """The scenario assessed and laid out as the publication's table, in whole kroner."""
    assessment = assess(scenario)
    categories = tuple(
        CategoryRow(
            name=result.name,
            kind_label=kind_label(result.kind),
            quantified=quantified_costs(scenario, result.name, preset_key),
            total=round_kr(result.total) if result.quantified else None,
            per_unit_year=round_kr(result.per_unit_year) if result.quantified else None,
            not_quantified=result.not_quantified,
        )
        for result in assessment.categories
    )
    comparison = published_comparison(assessment, preset_key) if preset_key else None
    published = dict(PUBLISHED[preset_key].sensitivity) if comparison else {}
    sensitivity = tuple(
        SensitivityCell(years=years, computed=round_kr(value), published=published.get(years))
        for years, value in assessment.sensitivity.items()
    )
    quantified = [index for index, result in enumerate(assessment.categories) if result.quantified]
    years = tuple(
        YearColumn(
            year=row.year,
            costs=tuple(round_kr(row.costs[index]) for index in quantified),
            total=round_kr(row.total),
            discount_factor=row.discount_factor,
            present_value=round_kr(row.present_value),
        )
        for row in assessment.years
    )
    chart = sensitivity_chart([(label or scenario.name, scenario, published or None)])
    return AssessmentTable(
        scenario=scenario,
        assessment=assessment,
        assumptions=assumptions_of(scenario),
        categories=categories,
        total=round_kr(assessment.total),
        per_unit_year=assessment.per_unit_year_as_published,
        sensitivity=sensitivity,
        years=years,
        year_categories=tuple(assessment.categories[index].name for index in quantified),
        comparison=comparison,
        chart=chart,
    )


# --- comparing scenarios side by side -------------------------------------------------------------


@dataclass(frozen=True)
class CompareColumn:
    key: str  # "s:<code>" for an organisation's scenario, "p:<key>" for a published assessment
    label: str
    table: AssessmentTable


@dataclass(frozen=True)
class CompareRow:
    label: str
    values: tuple[int | str | None, ...]  # whole kroner, a text, or None where the scenario has no such row
    heading: bool = False
    total: bool = False

    @property
    def cells(self) -> list[tuple[str, int | str]]:
        """Each value with how to show it: ("number", 1234), ("text", "…") or ("none", "")."""
        return [
            ("none", "") if value is None else ("number", value) if isinstance(value, int) else ("text", value)
            for value in self.values
        ]

    @property
    def difference(self) -> int | None:
        """The last column minus the first, when exactly two scenarios are compared and both have a figure."""
        if len(self.values) != 2:
            return None
        first, last = self.values
        if isinstance(first, int) and isinstance(last, int):
            return last - first
        return None


def compare_rows(columns: list[CompareColumn]) -> list[CompareRow]:
    """The scenarios' assumptions and figures, row by row; categories matched by name."""
    tables = [column.table for column in columns]
    names: list[str] = []
    for table in tables:
        for row in table.categories:
            if row.name not in names:
                names.append(row.name)

    def category_values(name: str, what: str) -> tuple[int | str | None, ...]:
        values: list[int | str | None] = []
        for table in tables:
            row = next((r for r in table.categories if r.name == name), None)
            if row is None:
                values.append(None)
            else:
                figure = getattr(row, what)
                values.append(figure if figure is not None else "-")
        return tuple(values)

    rows = [
        CompareRow(pgettext("costs", "Assumptions"), tuple("" for _t in tables), heading=True),
        CompareRow(pgettext("costs", "Unit"), tuple(t.scenario.unit for t in tables)),
        CompareRow(pgettext("costs", "Number of units"), tuple(format_plain(t.scenario.units) for t in tables)),
        CompareRow(pgettext("costs", "Operating years"), tuple(year_count(t.scenario.years) for t in tables)),
        CompareRow(
            pgettext("costs", "Discount rate"),
            tuple(f"{format_plain(t.scenario.discount_rate * 100)} %" for t in tables),
        ),
        CompareRow(_("Costs in total (kr.)"), tuple("" for _t in tables), heading=True),
    ]
    rows += [CompareRow(name, category_values(name, "total")) for name in names]
    rows.append(CompareRow(pgettext("costs", "Total"), tuple(t.total for t in tables), total=True))
    rows.append(CompareRow(_("Cost per unit per year (kr.)"), tuple("" for _t in tables), heading=True))
    rows += [CompareRow(name, category_values(name, "per_unit_year")) for name in names]
    rows.append(CompareRow(pgettext("costs", "Total"), tuple(t.per_unit_year for t in tables), total=True))
    horizons = sorted({cell.years for t in tables for cell in t.sensitivity})
    rows.append(CompareRow(_("Sensitivity: cost per unit per year (kr.)"), tuple("" for _t in tables), heading=True))
    for years in horizons:
        values = tuple(next((c.computed for c in t.sensitivity if c.years == years), None) for t in tables)
        rows.append(CompareRow(_("Operated for %(years)s") % {"years": year_count(years)}, values))
    return rows


def compare_chart(columns: list[CompareColumn]) -> dict[str, Any]:
    return sensitivity_chart([(column.label, column.table.scenario, None) for column in columns])
