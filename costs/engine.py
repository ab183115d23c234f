"""Cost assessment of a peer-support model, as Socialstyrelsen (2018) computed it.

Plain Python: a `Scenario` goes in, an `Assessment` comes out. The method (docs/costs-method.md):

- operating years t = 0 … Y−1, discount factor v_t = (1 + r)^−t;
- a category's present value is Σ c_t·v_t over its items' yearly costs c_t;
- discounted unit-years U = N·Σ v_t; a category's cost per unit per year is its present value / U;
- the "I alt" cost per unit per year is the sum of the category figures rounded to whole kroner;
- the sensitivity figure for Y years is the present value over Y years / U(Y), same profiles;
- the printed totals are the present value, or (1 + r) × the present value in the Region Sjælland
  convention ("scaled").

Every figure is returned unrounded; `round_kr` rounds half up to whole kroner as the publication does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

DEFAULT_DISCOUNT_RATE = 0.04
DEFAULT_SENSITIVITY_YEARS: tuple[int, ...] = (1, 3, 5)
LONGEST_HORIZON = 100


class Profile(StrEnum):
    """When an item's amount falls due over the operating years."""

    ANNUAL = "annual"  # the amount every year
    ONCE = "once"  # the amount in year 0 only
    RETRAIN = "retrain"  # the amount in year 0, then share × amount every later year (turnover)
    EVERY = "every"  # the amount in years 0, k, 2k, … (a new education cohort every k-th year)
    YEARS = "years"  # the amount in years from_year ≤ t < to_year


class TotalsConvention(StrEnum):
    PRESENT_VALUE = "present_value"
    SCALED = "scaled"  # Region Sjælland: totals printed as (1 + rate) × present value


class CategoryKind(StrEnum):
    PREPARATION = "preparation"
    RECRUITMENT = "recruitment"
    EDUCATION = "education"
    OPERATION_SALARIES = "operation_salaries"
    OPERATION_OTHER = "operation_other"
    INVESTMENTS = "investments"
    OTHER = "other"


class ScenarioError(ValueError):
    """An invalid scenario. `code` is stable, `location` names the category/item, `field` the field."""

    def __init__(self, code: str, location: str, field: str, message: str) -> None:
        self.code = code
        self.location = location
        self.field = field
        self.message = message
        where = f"{location}: " if location else ""
        what = f'field "{field}" ' if field else ""
        super().__init__(f"{where}{what}{message}")


@dataclass(frozen=True)
class CostItem:
    """One cost line: an amount per year it falls due, or hours × hourly rate × units."""

    label: str
    profile: Profile = Profile.ANNUAL
    amount: float | None = None
    hours: float | None = None
    hourly_rate: float | None = None
    units: float | None = None
    share: float | None = None
    every: int | None = None
    from_year: int | None = None
    to_year: int | None = None

    @property
    def yearly_amount(self) -> float:
        """The amount each time the item falls due."""
        if self.amount is not None:
            return self.amount
        return (self.hours or 0.0) * (self.hourly_rate or 0.0) * (1.0 if self.units is None else self.units)

    def cost_in_year(self, year: int) -> float:
        amount = self.yearly_amount
        match self.profile:
            case Profile.ANNUAL:
                return amount
            case Profile.ONCE:
                return amount if year == 0 else 0.0
            case Profile.RETRAIN:
                return amount if year == 0 else amount * (self.share or 0.0)
            case Profile.EVERY:
                return amount if year % (self.every or 1) == 0 else 0.0
            case Profile.YEARS:
                return amount if (self.from_year or 0) <= year < (self.to_year or 0) else 0.0


@dataclass(frozen=True)
class CostCategory:
    name: str
    items: tuple[CostItem, ...] = ()
    not_quantified: tuple[str, ...] = ()
    kind: CategoryKind | None = None


@dataclass(frozen=True)
class Scenario:
    name: str
    unit: str
    units: float
    years: int
    categories: tuple[CostCategory, ...]
    discount_rate: float = DEFAULT_DISCOUNT_RATE
    totals_convention: TotalsConvention = TotalsConvention.PRESENT_VALUE
    sensitivity_years: tuple[int, ...] = DEFAULT_SENSITIVITY_YEARS
    assumptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class CategoryResult:
    name: str
    kind: CategoryKind | None
    present_value: float
    total: float  # as printed: the present value, or scaled by (1 + rate)
    per_unit_year: float
    not_quantified: tuple[str, ...]

    @property
    def quantified(self) -> bool:
        return self.present_value != 0.0


@dataclass(frozen=True)
class YearRow:
    year: int
    discount_factor: float
    costs: tuple[float, ...]  # one per category, in the scenario's order, undiscounted
    total: float
    present_value: float


@dataclass(frozen=True)
class Assessment:
    scenario: Scenario
    categories: tuple[CategoryResult, ...]
    present_value: float
    total: float
    unit_years: float
    per_unit_year: float  # present value / unit-years, unrounded
    per_unit_year_as_published: int  # "I alt": the sum of the rounded category figures
    sensitivity: dict[int, float]
    years: tuple[YearRow, ...]


def round_kr(value: float) -> int:
    """Round to whole kroner, halves away from zero (as a spreadsheet does)."""
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def discount_factors(years: int, rate: float) -> list[float]:
    return [(1.0 + rate) ** -t for t in range(years)]


def unit_years(units: float, years: int, rate: float) -> float:
    """Discounted unit-years U = N·Σ_{t<Y} v_t (2.886095·N for three years at 4 %)."""
    return units * math.fsum(discount_factors(years, rate))


def totals_factor(scenario: Scenario) -> float:
    if scenario.totals_convention == TotalsConvention.SCALED:
        return 1.0 + scenario.discount_rate
    return 1.0


def category_costs(category: CostCategory, years: int) -> list[float]:
    """The category's undiscounted cost in each year 0 … years−1."""
    return [math.fsum(item.cost_in_year(t) for item in category.items) for t in range(years)]


def present_value(costs: Sequence[float], rate: float) -> float:
    return math.fsum(c * v for c, v in zip(costs, discount_factors(len(costs), rate), strict=True))


def assess(scenario: Scenario) -> Assessment:
    """Assess a scenario: category totals, cost per unit per year, totals, sensitivity, year rows."""
    validate_scenario(scenario)
    rate = scenario.discount_rate
    factor = totals_factor(scenario)
    u = unit_years(scenario.units, scenario.years, rate)
    yearly = [category_costs(category, scenario.years) for category in scenario.categories]
    results = []
    for category, costs in zip(scenario.categories, yearly, strict=True):
        pv = present_value(costs, rate)
        results.append(
            CategoryResult(
                name=category.name,
                kind=category.kind,
                present_value=pv,
                total=factor * pv,
                per_unit_year=pv / u,
                not_quantified=category.not_quantified,
            )
        )
    total_pv = math.fsum(result.present_value for result in results)
    return Assessment(
        scenario=scenario,
        categories=tuple(results),
        present_value=total_pv,
        total=factor * total_pv,
        unit_years=u,
        per_unit_year=total_pv / u,
        per_unit_year_as_published=sum(round_kr(result.per_unit_year) for result in results),
        sensitivity={y: sensitivity_per_unit_year(scenario, y) for y in scenario.sensitivity_years},
        years=_year_rows(yearly, scenario.years, rate),
    )


def sensitivity_per_unit_year(scenario: Scenario, years: int) -> float:
    """Cost per unit per year had the model run `years` years, with the same profiles."""
    rate = scenario.discount_rate
    pv = math.fsum(present_value(category_costs(c, years), rate) for c in scenario.categories)
    return pv / unit_years(scenario.units, years, rate)


def _year_rows(yearly: list[list[float]], years: int, rate: float) -> tuple[YearRow, ...]:
    rows = []
    for t, v in enumerate(discount_factors(years, rate)):
        costs = tuple(category[t] for category in yearly)
        total = math.fsum(costs)
        rows.append(YearRow(year=t, discount_factor=v, costs=costs, total=total, present_value=total * v))
    return tuple(rows)


# --- validation ---------------------------------------------------------------------------------

_PROFILE_FIELDS: dict[Profile, frozenset[str]] = {
    Profile.ANNUAL: frozenset(),
    Profile.ONCE: frozenset(),
    Profile.RETRAIN: frozenset({"share"}),
    Profile.EVERY: frozenset({"every"}),
    Profile.YEARS: frozenset({"from_year", "to_year"}),
}
_PROFILE_ONLY_FIELDS = frozenset({"share", "every", "from_year", "to_year"})


def category_location(index: int, category: CostCategory | None = None) -> str:
    return f"categories[{index}]" + (f' ("{category.name}")' if category and category.name else "")


def item_location(category_index: int, category: CostCategory, item_index: int, item: CostItem | None) -> str:
    label = f' ("{item.label}")' if item and item.label else ""
    return f"{category_location(category_index, category)} items[{item_index}]{label}"


def validate_scenario(scenario: Scenario) -> None:
    """Raise ScenarioError for the first thing wrong with the scenario."""
    if not scenario.name.strip():
        raise ScenarioError("missing_field", "scenario", "name", "must not be empty")
    if not scenario.unit.strip():
        raise ScenarioError("missing_field", "scenario", "unit", "must not be empty")
    _check_finite("scenario", "units", scenario.units)
    if scenario.units <= 0:
        raise ScenarioError("invalid_units", "scenario", "units", f"must be more than 0 (got {scenario.units})")
    _check_years("scenario", "years", scenario.years)
    _check_finite("scenario", "discount_rate", scenario.discount_rate)
    if not 0 <= scenario.discount_rate <= 1:
        raise ScenarioError(
            "invalid_discount_rate",
            "scenario",
            "discount_rate",
            f"must be between 0 and 1, e.g. 0.04 for 4 % (got {scenario.discount_rate})",
        )
    if not scenario.sensitivity_years:
        raise ScenarioError("missing_field", "scenario", "sensitivity_years", "must name at least one year count")
    for years in scenario.sensitivity_years:
        _check_years("scenario", "sensitivity_years", years)
    names: set[str] = set()
    for index, category in enumerate(scenario.categories):
        location = category_location(index, category)
        if not category.name.strip():
            raise ScenarioError("missing_field", location, "name", "must not be empty")
        if category.name in names:
            raise ScenarioError("duplicate_category", location, "name", "is used by another category")
        names.add(category.name)
        for item_index, item in enumerate(category.items):
            validate_item(item, item_location(index, category, item_index, item))


def validate_item(item: CostItem, location: str) -> None:
    if not item.label.strip():
        raise ScenarioError("missing_field", location, "label", "must not be empty")
    if item.amount is not None:
        for name in ("hours", "hourly_rate", "units"):
            if getattr(item, name) is not None:
                raise ScenarioError(
                    "field_not_allowed", location, name, 'cannot be combined with "amount"; give one or the other'
                )
        _check_amount(location, "amount", item.amount)
    else:
        if item.hours is None or item.hourly_rate is None:
            missing = "hourly_rate" if item.hours is not None else "amount"
            raise ScenarioError(
                "missing_field", location, missing, 'is required: give "amount" or "hours" and "hourly_rate"'
            )
        for name in ("hours", "hourly_rate", "units"):
            value = getattr(item, name)
            if value is not None:
                _check_amount(location, name, value)
    allowed = _PROFILE_FIELDS[item.profile]
    for name in sorted(_PROFILE_ONLY_FIELDS - allowed):
        if getattr(item, name) is not None:
            raise ScenarioError("field_not_allowed", location, name, f'is not used by the profile "{item.profile}"')
    for name in sorted(allowed):
        if getattr(item, name) is None:
            raise ScenarioError("missing_field", location, name, f'is required by the profile "{item.profile}"')
    if item.share is not None:
        _check_finite(location, "share", item.share)
        if not 0 <= item.share <= 1:
            raise ScenarioError("share_out_of_range", location, "share", f"must be between 0 and 1 (got {item.share})")
    if item.every is not None and item.every < 1:
        raise ScenarioError("invalid_every", location, "every", f"must be at least 1 (got {item.every})")
    if item.from_year is not None and item.from_year < 0:
        raise ScenarioError("invalid_year_range", location, "from_year", f"must be 0 or later (got {item.from_year})")
    if item.from_year is not None and item.to_year is not None and item.to_year <= item.from_year:
        raise ScenarioError(
            "invalid_year_range",
            location,
            "to_year",
            f"must be after from_year (from_year ≤ t < to_year; got {item.from_year}–{item.to_year})",
        )


def _check_finite(location: str, name: str, value: float) -> None:
    if not math.isfinite(value):
        raise ScenarioError("invalid_number", location, name, f"must be a finite number (got {value})")


def _check_amount(location: str, name: str, value: float) -> None:
    _check_finite(location, name, value)
    if value < 0:
        raise ScenarioError("negative_amount", location, name, f"must not be negative (got {value})")


def _check_years(location: str, name: str, value: int) -> None:
    if value < 1:
        raise ScenarioError("too_few_years", location, name, f"must be at least 1 year (got {value})")
    if value > LONGEST_HORIZON:
        raise ScenarioError("too_many_years", location, name, f"must be at most {LONGEST_HORIZON} years (got {value})")


# --- published tables and discrepancies ---------------------------------------------------------


@dataclass(frozen=True)
class PublishedCategory:
    """One row of a published cost table; `total`/`per_unit_year` are None where it prints "-"."""

    name: str
    kind: CategoryKind
    total: int | None
    per_unit_year: int | None
    quantified: tuple[str, ...] = ()
    not_quantified: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublishedTable:
    key: str
    title: str
    unit: str
    units: float
    years: int
    totals_convention: TotalsConvention
    categories: tuple[PublishedCategory, ...]
    total: int
    per_unit_year: int
    sensitivity: Mapping[int, int]
    assumptions: tuple[str, ...] = ()
    source: str = ""

    @property
    def quantified_categories(self) -> tuple[PublishedCategory, ...]:
        return tuple(c for c in self.categories if c.total is not None)


@dataclass(frozen=True)
class FigureCheck:
    """One published figure next to what the method computes from the scenario."""

    figure: str  # stable key: "category:<name>:total", "total", "per_unit_year", "sensitivity:<Y>", …
    description: str
    published: int
    computed: float

    @property
    def computed_rounded(self) -> int:
        return round_kr(self.computed)

    @property
    def matches(self) -> bool:
        return self.computed_rounded == self.published


@dataclass(frozen=True)
class Discrepancy:
    assessment: str
    figure: str
    published: int
    computed: int
    difference: int  # published − computed
    explanation: str


def check_against_published(assessment: Assessment, table: PublishedTable) -> tuple[FigureCheck, ...]:
    """Every figure of the published table next to the engine's unrounded value for it."""
    by_name = {result.name: result for result in assessment.categories}
    checks = []
    for row in table.quantified_categories:
        result = by_name.get(row.name)
        pv_total = result.total if result else 0.0
        per_unit = result.per_unit_year if result else 0.0
        assert row.total is not None
        checks.append(FigureCheck(f"category:{row.name}:total", f"{row.name}: total", row.total, pv_total))
        if row.per_unit_year is not None:
            checks.append(
                FigureCheck(
                    f"category:{row.name}:per_unit_year",
                    f"{row.name}: cost per {table.unit} per year",
                    row.per_unit_year,
                    per_unit,
                )
            )
    checks.append(FigureCheck("total", "I alt: total", table.total, assessment.total))
    checks.append(
        FigureCheck(
            "per_unit_year",
            f"I alt: cost per {table.unit} per year",
            table.per_unit_year,
            float(assessment.per_unit_year_as_published),
        )
    )
    for years, published in sorted(table.sensitivity.items()):
        computed = assessment.sensitivity.get(years)
        if computed is None:
            computed = sensitivity_per_unit_year(assessment.scenario, years)
        checks.append(
            FigureCheck(
                f"sensitivity:{years}",
                f"sensitivity: cost per {table.unit} per year over {years} year{'' if years == 1 else 's'}",
                published,
                computed,
            )
        )
    return tuple(checks)


def find_discrepancies(
    assessment: Assessment, table: PublishedTable, explanations: Mapping[str, str] | None = None
) -> list[Discrepancy]:
    """The published figures that the method does not reproduce to the krone, each explained."""
    discrepancies = []
    for check in check_against_published(assessment, table):
        if check.matches:
            continue
        difference = check.published - check.computed_rounded
        explanation = (explanations or {}).get(check.figure) or (
            f"the published figure {_kr(check.published)} differs from the method "
            f"({_kr(check.computed_rounded)}) by {_kr(difference, sign=True)} kr."
        )
        discrepancies.append(
            Discrepancy(
                assessment=table.key,
                figure=check.figure,
                published=check.published,
                computed=check.computed_rounded,
                difference=difference,
                explanation=explanation,
            )
        )
    return discrepancies


def _kr(value: int, *, sign: bool = False) -> str:
    """Whole kroner with Danish thousands separators, as the publication prints them."""
    return (f"{value:+,d}" if sign else f"{value:,d}").replace(",", ".")


# --- dictionaries (JSON) ------------------------------------------------------------------------

_SCENARIO_FIELDS = frozenset(
    {
        "name",
        "unit",
        "units",
        "years",
        "discount_rate",
        "totals_convention",
        "sensitivity_years",
        "categories",
        "assumptions",
    }
)
_CATEGORY_FIELDS = frozenset({"name", "kind", "items", "not_quantified"})
_ITEM_FIELDS = frozenset(
    {"label", "profile", "amount", "hours", "hourly_rate", "units", "share", "every", "from_year", "to_year"}
)


class _Reader:
    """Reads one JSON object strictly: known fields only, each of the right type."""

    def __init__(self, data: object, location: str, allowed: frozenset[str]) -> None:
        if not isinstance(data, dict):
            raise ScenarioError("wrong_type", location, "", f"must be an object (got {_json_type(data)})")
        for key in data:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise ScenarioError("unknown_field", location, str(key), f"is not a known field (known: {known})")
        self.data: dict[str, object] = data
        self.location = location

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def _get(self, name: str, required: bool) -> object:
        if name not in self.data or self.data[name] is None:
            if required:
                raise ScenarioError("missing_field", self.location, name, "is required")
            return None
        return self.data[name]

    def text(self, name: str, required: bool = True) -> str | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._wrong(name, "a text", value)
        return value

    def number(self, name: str, required: bool = True) -> float | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._wrong(name, "a number", value)
        return float(value)

    def whole(self, name: str, required: bool = True) -> int | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong(name, "a whole number", value)
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self._get(name, False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._wrong(name, "a list of texts", value)
        return tuple(value)

    def wholes(self, name: str) -> tuple[int, ...] | None:
        value = self._get(name, False)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            raise self._wrong(name, "a list of whole numbers", value)
        return tuple(value)

    def objects(self, name: str) -> list[object]:
        value = self._get(name, False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._wrong(name, "a list", value)
        return list(value)

    def choice[E: StrEnum](self, name: str, enum: type[E], code: str, required: bool = False) -> E | None:
        value = self.text(name, required)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            known = ", ".join(member.value for member in enum)
            raise ScenarioError(code, self.location, name, f'"{value}" is not one of: {known}') from None

    def _wrong(self, name: str, expected: str, value: object) -> ScenarioError:
        return ScenarioError("wrong_type", self.location, name, f"must be {expected} (got {_json_type(value)})")


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"true/false {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, str):
        return f'text "{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def scenario_from_dict(data: object) -> Scenario:
    """Read a scenario from its JSON form, checking every field; raises ScenarioError."""
    reader = _Reader(data, "scenario", _SCENARIO_FIELDS)
    categories = []
    for index, raw in enumerate(reader.objects("categories")):
        categories.append(_category_from_dict(raw, index))
    sensitivity_years = reader.wholes("sensitivity_years")
    scenario = Scenario(
        name=reader.text("name") or "",
        unit=reader.text("unit") or "",
        units=reader.number("units") or 0.0,
        years=reader.whole("years") or 0,
        categories=tuple(categories),
        discount_rate=_default(reader.number("discount_rate", required=False), DEFAULT_DISCOUNT_RATE),
        totals_convention=reader.choice("totals_convention", TotalsConvention, "unknown_totals_convention")
        or TotalsConvention.PRESENT_VALUE,
        sensitivity_years=DEFAULT_SENSITIVITY_YEARS if sensitivity_years is None else sensitivity_years,
        assumptions=reader.texts("assumptions"),
    )
    validate_scenario(scenario)
    return scenario


def _default[T](value: T | None, default: T) -> T:
    return default if value is None else value


def _category_from_dict(raw: object, index: int) -> CostCategory:
    location = f"categories[{index}]"
    if isinstance(raw, dict) and isinstance(raw.get("name"), str):
        location += f' ("{raw["name"]}")'
    reader = _Reader(raw, location, _CATEGORY_FIELDS)
    name = reader.text("name") or ""
    kind = reader.choice("kind", CategoryKind, "unknown_kind")
    if kind is None and name in {member.value for member in CategoryKind}:
        kind = CategoryKind(name)
    items = []
    for item_index, raw_item in enumerate(reader.objects("items")):
        item_loc = f"{location} items[{item_index}]"
        if isinstance(raw_item, dict) and isinstance(raw_item.get("label"), str):
            item_loc += f' ("{raw_item["label"]}")'
        items.append(_item_from_dict(raw_item, item_loc))
    return CostCategory(name=name, items=tuple(items), not_quantified=reader.texts("not_quantified"), kind=kind)


def _item_from_dict(raw: object, location: str) -> CostItem:
    reader = _Reader(raw, location, _ITEM_FIELDS)
    return CostItem(
        label=reader.text("label") or "",
        profile=reader.choice("profile", Profile, "unknown_profile") or Profile.ANNUAL,
        amount=reader.number("amount", required=False),
        hours=reader.number("hours", required=False),
        hourly_rate=reader.number("hourly_rate", required=False),
        units=reader.number("units", required=False),
        share=reader.number("share", required=False),
        every=reader.whole("every", required=False),
        from_year=reader.whole("from_year", required=False),
        to_year=reader.whole("to_year", required=False),
    )


def scenario_to_dict(scenario: Scenario) -> dict[str, object]:
    """The scenario's JSON form, which `scenario_from_dict` reads back unchanged."""
    data: dict[str, object] = {
        "name": scenario.name,
        "unit": scenario.unit,
        "units": _number(scenario.units),
        "years": scenario.years,
        "discount_rate": scenario.discount_rate,
        "totals_convention": scenario.totals_convention.value,
        "sensitivity_years": list(scenario.sensitivity_years),
    }
    if scenario.assumptions:
        data["assumptions"] = list(scenario.assumptions)
    data["categories"] = [_category_to_dict(category) for category in scenario.categories]
    return data


def _category_to_dict(category: CostCategory) -> dict[str, object]:
    data: dict[str, object] = {"name": category.name}
    if category.kind is not None:
        data["kind"] = category.kind.value
    data["items"] = [_item_to_dict(item) for item in category.items]
    data["not_quantified"] = list(category.not_quantified)
    return data


def _item_to_dict(item: CostItem) -> dict[str, object]:
    data: dict[str, object] = {"label": item.label, "profile": item.profile.value}
    for name in ("amount", "hours", "hourly_rate", "units", "share", "every", "from_year", "to_year"):
        value = getattr(item, name)
        if value is not None:
            data[name] = _number(value)
    return data


def _number(value: float) -> float | int:
    """Whole numbers are written without a decimal point (3, not 3.0)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def assessment_to_dict(assessment: Assessment, *, with_years: bool = True) -> dict[str, object]:
    """The command line's --json output: every figure unrounded."""
    data: dict[str, object] = {
        "name": assessment.scenario.name,
        "unit": assessment.scenario.unit,
        "units": _number(assessment.scenario.units),
        "years": assessment.scenario.years,
        "totals_convention": assessment.scenario.totals_convention.value,
        "categories": [
            {
                "name": result.name,
                "kind": None if result.kind is None else result.kind.value,
                "total": result.total,
                "present_value": result.present_value,
                "per_unit_year": result.per_unit_year,
                "not_quantified": list(result.not_quantified),
            }
            for result in assessment.categories
        ],
        "total": assessment.total,
        "present_value": assessment.present_value,
        "unit_years": assessment.unit_years,
        "per_unit_year": assessment.per_unit_year,
        "per_unit_year_as_published": assessment.per_unit_year_as_published,
        "sensitivity": {str(years): value for years, value in assessment.sensitivity.items()},
    }
    if with_years:
        data["by_year"] = [
            {
                "year": row.year,
                "discount_factor": row.discount_factor,
                "costs": {c.name: cost for c, cost in zip(assessment.categories, row.costs, strict=True)},
                "total": row.total,
                "present_value": row.present_value,
            }
            for row in assessment.years
        ]
    return data
