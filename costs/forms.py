"""Forms of the costs app: a scenario with its categories and cost items, budget lines, the comparison
and the actual-cost calculation.

Numbers are typed the Danish way (1.234.567,50; "kr." and "%" may be typed along) and shown the same
way. A scenario is checked by the engine as a whole; each `ScenarioError` lands on the field it names,
with a translated message, and the form keeps everything the user typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from core.forms import DkfdsForm
from costs.actual import Activity
from costs.engine import (
    DEFAULT_DISCOUNT_RATE,
    DEFAULT_SENSITIVITY_YEARS,
    CostItem,
    Profile,
    ScenarioError,
    TotalsConvention,
    scenario_from_dict,
    validate_item,
)
from costs.models import CategoryChoice

# --- numbers the Danish way ---------------------------------------------------------------------


def parse_number(text: str) -> Decimal:
    """Read a number typed in the active language's format (Danish: 1.234.567,50); raises ValueError."""
    cleaned = re.sub(r"\s", "", text).replace("−", "-")
    cleaned = re.sub(r"(?i)^kr\.?|kr\.?$|%$", "", cleaned)
    sign = ""
    if cleaned.startswith(("-", "+")):
        sign, cleaned = ("-" if cleaned[0] == "-" else ""), cleaned[1:]
    decimal_sign = str(get_format("DECIMAL_SEPARATOR"))
    thousands = str(get_format("THOUSAND_SEPARATOR"))

    def grouped(whole: str) -> bool:
        return bool(re.fullmatch(rf"\d{{1,3}}({re.escape(thousands)}\d{{3}})+", whole))

    fraction = ""
    if decimal_sign in cleaned:
        whole, fraction = cleaned.split(decimal_sign, 1)
        if thousands in whole:
            if not grouped(whole):
                raise ValueError(text)
            whole = whole.replace(thousands, "")
    elif thousands and thousands in cleaned:
        if grouped(cleaned):
            whole = cleaned.replace(thousands, "")
        elif cleaned.count(thousands) == 1:
            # One separator in an odd place is a decimal sign typed the other way ("0.04", "49.5").
            whole, fraction = cleaned.split(thousands)
        else:
            raise ValueError(text)
    else:
        whole = cleaned
    if not re.fullmatch(r"\d*", whole) or not re.fullmatch(r"\d*", fraction) or not (whole or fraction):
        raise ValueError(text)
    try:
        return Decimal(f"{sign}{whole or '0'}.{fraction or '0'}")
    except InvalidOperation:
        raise ValueError(text) from None


def format_decimal(value: Decimal | float | int) -> str:
    """A number as the active language writes it, grouped, with only the decimals it has."""
    number = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
    if number == number.to_integral_value():
        return number_format(number.quantize(Decimal(1)), decimal_pos=0, use_l10n=True, force_grouping=True)
    places = max(0, -number.normalize().as_tuple().exponent)  # type: ignore[operator]
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


class NumberField(forms.DecimalField):
    """A decimal typed and shown in the language's format; a text input, so "1.234,50" can be typed."""

    widget = forms.TextInput

    default_error_messages = {"invalid": gettext_lazy("Write a number, for example 1.234.567,50.")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        try:
            return parse_number(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_decimal(value)
        return value


def to_float(value: Decimal | None, *, scale: int = 1) -> float | None:
    return None if value is None else float(value / scale)


def from_float(value: object, *, scale: int = 1) -> Decimal | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Decimal(repr(value) if isinstance(value, float) else value) * scale


# --- the engine's errors in words ---------------------------------------------------------------

# Form fields by the engine's field names (the scenario's own fields have the same names).
ITEM_FIELDS = ("label", "profile", "amount", "hours", "hourly_rate", "units", "share", "every", "from_year", "to_year")


def engine_message(error: ScenarioError) -> str:
    """The engine's error as a message for the field it names."""
    code, field = error.code, error.field
    if code == "missing_field":
        return {
            "name": _("Give it a name."),
            "unit": _("Write what the costs are counted per, for example peer-guide."),
            "label": _("Write what the cost is for."),
            "amount": _("Write an amount, or hours and an hourly rate."),
            "hourly_rate": _("Write the hourly rate, or an amount instead of hours."),
            "share": _("This kind of timing needs the share paid every later year."),
            "every": _("Write how often the cost falls due (every how many years)."),
            "from_year": _("Write the first year the cost falls due."),
            "to_year": _("Write the last year the cost falls due."),
            "sensitivity_years": _("Write at least one number of years."),
        }.get(field, _("This field is required."))
    if code == "field_not_allowed":
        if field in ("hours", "hourly_rate", "units"):
            return _("Give either an amount or hours × hourly rate, not both.")
        return _("The chosen timing does not use this field. Leave it empty.")
    messages: dict[str, str] = {
        "negative_amount": _("Must not be negative."),
        "invalid_number": pgettext("costs", "Write a number."),
        "share_out_of_range": _("The share must be between 0 and 100 %."),
        "invalid_every": _("Must be at least 1 (every year)."),
        "invalid_units": _("The number must be more than 0."),
        "too_few_years": _("Must be at least 1 year."),
        "too_many_years": _("Must be at most 100 years."),
        "invalid_discount_rate": _("The rate must be between 0 and 100 %."),
        "duplicate_category": _("Another category has the same name."),
        "unknown_kind": _("Choose a kind from the list."),
        "unknown_profile": _("Choose a timing from the list."),
    }
    if code == "invalid_year_range":
        if field == "from_year":
            return _("The first year must be year 1 or later.")
        return _("The last year must not be before the first year.")
    return messages.get(code, _("This value cannot be used (%(reason)s).") % {"reason": error.message})


# --- the scenario: assumptions, categories, cost items --------------------------------------------

PROFILE_CHOICES = [
    (Profile.ANNUAL.value, pgettext_lazy("costs", "Every year")),
    (Profile.ONCE.value, gettext_lazy("Once, in the first year")),
    (Profile.RETRAIN.value, gettext_lazy("In the first year, then a share of it every later year")),
    (Profile.EVERY.value, gettext_lazy("Every k-th year, from the first year")),
    (Profile.YEARS.value, gettext_lazy("From one year to another")),
]


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def parse_years(text: str) -> tuple[int, ...]:
    parts = [part for part in re.split(r"[\s,;]+", text.strip()) if part]
    if not parts or not all(part.isdigit() for part in parts):
        raise ValueError(text)
    return tuple(sorted({int(part) for part in parts}))


class ScenarioForm(DkfdsForm):
    name = forms.CharField(label=pgettext_lazy("costs", "Name"), max_length=200)
    description = forms.CharField(
        label=pgettext_lazy("costs", "Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.CharField(
        label=pgettext_lazy("costs", "Unit"),
        max_length=60,
        error_messages={"required": gettext_lazy("Write what the costs are counted per, for example peer-guide.")},
        help_text=gettext_lazy(
            "What the costs are counted per, for example peer-støttegiver, peer-guide or kursusgang."
        ),
    )
    units = NumberField(
        label=pgettext_lazy("costs", "Number of units"),
        error_messages={"required": gettext_lazy("Write how many units the costs are shared by.")},
    )
    years = forms.IntegerField(
        label=pgettext_lazy("costs", "Operating years"),
        error_messages={"required": gettext_lazy("Write the number of operating years, for example 3.")},
    )
    discount_rate = NumberField(
        label=pgettext_lazy("costs", "Discount rate (%)"),
        help_text=gettext_lazy("The published assessments use 4 %, the Finance Ministry's rate in 2018."),
    )
    totals_convention = forms.ChoiceField(
        label=gettext_lazy("Costs in total are shown as"),
        widget=forms.RadioSelect,
        choices=[
            (TotalsConvention.PRESENT_VALUE.value, gettext_lazy("The present value (most published tables)")),
            (
                TotalsConvention.SCALED.value,
                gettext_lazy("1 + the rate × the present value (the Region Sjælland tables)"),
            ),
        ],
        initial=TotalsConvention.PRESENT_VALUE.value,
    )
    sensitivity_years = forms.CharField(
        label=gettext_lazy("Sensitivity: operating years to compare"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("Numbers of years separated by commas, for example 1, 3, 5."),
    )
    assumptions = forms.CharField(
        label=pgettext_lazy("costs", "Other assumptions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line, for example the hourly rate behind the salaries."),
    )

    def clean_sensitivity_years(self) -> tuple[int, ...] | None:
        text = self.cleaned_data["sensitivity_years"]
        if not text.strip():
            return None
        try:
            return parse_years(text)
        except ValueError:
            raise forms.ValidationError(
                _("Write whole numbers of years separated by commas, for example 1, 3, 5.")
            ) from None


class CategoryForm(DkfdsForm):
    name = forms.CharField(
        label=pgettext_lazy("costs", "Category"),
        max_length=200,
        error_messages={"required": gettext_lazy("Give the category a name, or tick Delete.")},
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("costs", "Kind"),
        required=False,
        choices=[("", gettext_lazy("– not given –")), *CategoryChoice.choices],
    )
    not_quantified = forms.CharField(
        label=pgettext_lazy("costs", "Costs not quantified"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Costs to consider that have no amount. One per line."),
    )


class ItemForm(DkfdsForm):
    category = forms.ChoiceField(
        label=pgettext_lazy("costs", "Category"),
        error_messages={"required": gettext_lazy("Choose the category the cost belongs to.")},
    )
    label = forms.CharField(
        label=gettext_lazy("What the cost is for"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Write what the cost is for.")},
    )
    profile = forms.ChoiceField(
        label=gettext_lazy("When it falls due"), choices=PROFILE_CHOICES, initial=Profile.ANNUAL.value
    )
    amount = NumberField(
        label=pgettext_lazy("costs", "Amount (kr.)"),
        required=False,
        help_text=gettext_lazy("Each time it falls due. Or leave it empty and give hours × hourly rate."),
    )
    hours = NumberField(label=pgettext_lazy("costs", "Hours"), required=False)
    hourly_rate = NumberField(label=pgettext_lazy("costs", "Hourly rate (kr.)"), required=False)
    units = NumberField(
        label=pgettext_lazy("costs", "Number of people"),
        required=False,
        help_text=gettext_lazy("Multiplies hours × hourly rate; 1 when empty."),
    )
    share = NumberField(
        label=gettext_lazy("Share every later year (%)"),
        required=False,
        help_text=gettext_lazy("For example turnover: a quarter of the first year's education cost every year."),
    )
    every = forms.IntegerField(label=gettext_lazy("Every how many years"), required=False)
    from_year = forms.IntegerField(label=pgettext_lazy("costs", "From year"), required=False)
    to_year = forms.IntegerField(label=gettext_lazy("To and including year"), required=False)

    def __init__(self, *args: Any, category_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("– choose a category –")), *(category_choices or [])]

    def cost_item(self) -> CostItem:
        """The row as the engine's cost item; years as the engine counts them (0 = the first year)."""
        data = self.cleaned_data
        from_year = data.get("from_year")
        return CostItem(
            label=(data.get("label") or "").strip(),
            profile=Profile(data.get("profile") or Profile.ANNUAL.value),
            amount=to_float(data.get("amount")),
            hours=to_float(data.get("hours")),
            hourly_rate=to_float(data.get("hourly_rate")),
            units=to_float(data.get("units")),
            share=to_float(data.get("share"), scale=100),
            every=data.get("every"),
            from_year=None if from_year is None else from_year - 1,
            to_year=data.get("to_year"),
        )


CategoryFormSet = formset_factory(CategoryForm, extra=1, can_delete=True)
ItemFormSet = formset_factory(ItemForm, extra=2, can_delete=True)


@dataclass(frozen=True)
class ErrorLink:
    text: str
    anchor: str


def default_categories() -> list[dict[str, Any]]:
    """The categories of the published assessments, for a scenario started from nothing."""
    return [
        {"name": str(label), "kind": value, "items": [], "not_quantified": []}
        for value, label in CategoryChoice.choices
    ]


def new_scenario(name: str) -> dict[str, Any]:
    """A scenario started from nothing: three years at 4 %, the published categories, no costs yet."""
    return {
        "name": name,
        "unit": "",
        "units": None,
        "years": 3,
        "discount_rate": DEFAULT_DISCOUNT_RATE,
        "sensitivity_years": list(DEFAULT_SENSITIVITY_YEARS),
        "categories": default_categories(),
    }


def scenario_initial(source: dict[str, Any], *, name: str, description: str) -> dict[str, Any]:
    """The assumptions of a scenario (engine JSON) as the scenario form shows them."""
    return {
        "name": name or source.get("name", ""),
        "description": description,
        "unit": source.get("unit", ""),
        "units": from_float(source.get("units")),
        "years": source.get("years"),
        "discount_rate": from_float(source.get("discount_rate", DEFAULT_DISCOUNT_RATE), scale=100),
        "totals_convention": source.get("totals_convention", TotalsConvention.PRESENT_VALUE.value),
        "sensitivity_years": ", ".join(str(y) for y in source.get("sensitivity_years") or DEFAULT_SENSITIVITY_YEARS),
        "assumptions": "\n".join(source.get("assumptions") or []),
    }


def item_initial(item: dict[str, Any], category_index: int) -> dict[str, Any]:
    from_year = item.get("from_year")
    return {
        "category": str(category_index),
        "label": item.get("label", ""),
        "profile": item.get("profile", Profile.ANNUAL.value),
        "amount": from_float(item.get("amount")),
        "hours": from_float(item.get("hours")),
        "hourly_rate": from_float(item.get("hourly_rate")),
        "units": from_float(item.get("units")),
        "share": from_float(item.get("share"), scale=100),
        "every": item.get("every"),
        "from_year": None if from_year is None else int(from_year) + 1,
        "to_year": item.get("to_year"),
    }


class ScenarioEditor:
    """The scenario form, its categories and its cost items, validated together by the engine."""

    def __init__(
        self,
        data: Any = None,
        *,
        scenario: dict[str, Any] | None = None,
        name: str = "",
        description: str = "",
    ) -> None:
        source = scenario or new_scenario(name)
        categories: list[dict[str, Any]] = list(source.get("categories") or [])
        self.form = ScenarioForm(data, initial=scenario_initial(source, name=name, description=description))
        self.categories = CategoryFormSet(
            data,
            prefix="categories",
            initial=[
                {
                    "name": category.get("name", ""),
                    "kind": category.get("kind") or "",
                    "not_quantified": "\n".join(category.get("not_quantified") or []),
                }
                for category in categories
            ],
        )
        self.items = ItemFormSet(
            data,
            prefix="items",
            initial=[
                item_initial(item, index)
                for index, category in enumerate(categories)
                for item in category.get("items") or []
            ],
            form_kwargs={"category_choices": self._category_choices(data, categories)},
        )
        self.scenario_data: dict[str, Any] | None = None

    @staticmethod
    def _category_choices(data: Any, categories: list[dict[str, Any]]) -> list[tuple[str, str]]:
        """The categories an item may belong to, by the category row's position (so renaming keeps items)."""
        if data is None:
            return [(str(i), str(c.get("name", ""))) for i, c in enumerate(categories) if c.get("name")]
        try:
            total = min(int(data.get("categories-TOTAL_FORMS", 0)), 200)
        except (TypeError, ValueError):
            total = 0
        choices = []
        for index in range(total):
            name = str(data.get(f"categories-{index}-name", "")).strip()
            if name:
                choices.append((str(index), name))
        return choices

    # -- validation

    def is_valid(self) -> bool:
        valid = self.form.is_valid() & self.categories.is_valid() & self.items.is_valid()
        if not valid:
            return False
        built = self._build()
        if built is None:
            return False
        try:
            scenario_from_dict(built)
        except ScenarioError as error:
            self._place(error)
            return False
        self.scenario_data = built
        return True

    def _kept_categories(self) -> dict[int, CategoryForm]:
        kept: dict[int, CategoryForm] = {}
        for index, form in enumerate(self.categories.forms):
            if form.cleaned_data.get("DELETE"):
                continue
            if not (form.cleaned_data.get("name") or "").strip():
                continue
            kept[index] = form
        return kept

    def _build(self) -> dict[str, Any] | None:
        """The scenario in the engine's JSON form, or None after putting the cost items' errors on them."""
        kept = self._kept_categories()
        self._category_positions = list(kept)  # engine category index → category form index
        items = self._build_items(kept)
        if items is None:
            return None
        main = self.form.cleaned_data
        data: dict[str, Any] = {
            "name": main["name"].strip(),
            "unit": (main.get("unit") or "").strip(),
            "units": to_float(main.get("units")),
            "years": main.get("years"),
            "discount_rate": to_float(main.get("discount_rate"), scale=100),
            "totals_convention": main.get("totals_convention") or TotalsConvention.PRESENT_VALUE.value,
            "sensitivity_years": list(main.get("sensitivity_years") or DEFAULT_SENSITIVITY_YEARS),
            "categories": [],
        }
        assumptions = _lines(main.get("assumptions"))
        if assumptions:
            data["assumptions"] = assumptions
        for index, category_form in kept.items():
            entry: dict[str, Any] = {"name": category_form.cleaned_data["name"].strip(), "items": items[index]}
            if category_form.cleaned_data.get("kind"):
                entry["kind"] = category_form.cleaned_data["kind"]
            entry["not_quantified"] = _lines(category_form.cleaned_data.get("not_quantified"))
            data["categories"].append(entry)
        return data

    def _build_items(self, kept: dict[int, CategoryForm]) -> dict[int, list[dict[str, Any]]] | None:
        """Each kept category's cost items, each checked by the engine on its own so every error shows."""
        items: dict[int, list[dict[str, Any]]] = {index: [] for index in kept}
        self._item_positions: dict[tuple[int, int], ItemForm] = {}
        ok = True
        for item_form in self.items.forms:
            if item_form.cleaned_data.get("DELETE") or (item_form.empty_permitted and not item_form.has_changed()):
                continue
            category_index = int(item_form.cleaned_data["category"])
            if category_index not in kept:
                item_form.add_error("category", _("This category is being deleted. Move the cost or delete it too."))
                ok = False
                continue
            item = item_form.cost_item()
            try:
                validate_item(item, "")
            except ScenarioError as error:
                item_form.add_error(self._item_field(error.field), engine_message(error))
                ok = False
                continue
            position = (self._category_positions.index(category_index), len(items[category_index]))
            self._item_positions[position] = item_form
            fields = {name: getattr(item, name) for name in ITEM_FIELDS}
            fields["profile"] = item.profile.value
            items[category_index].append({key: value for key, value in fields.items() if value is not None})
        return items if ok else None

    @staticmethod
    def _item_field(field: str) -> str | None:
        return field if field in ITEM_FIELDS else None

    def _place(self, error: ScenarioError) -> None:
        """Put an error of the whole scenario on the form and field it names."""
        message = engine_message(error)
        location = error.location
        if location == "scenario":
            self.form.add_error(error.field if error.field in self.form.fields else None, message)
            return
        match = re.match(r"categories\[(\d+)\]", location)
        if match and " items[" not in location:
            position = int(match.group(1))
            form_index = self._category_positions[position] if position < len(self._category_positions) else None
            if form_index is not None:
                field = error.field if error.field in ("name", "kind", "not_quantified") else None
                self.categories.forms[form_index].add_error(field, message)
                return
        item = re.match(r"categories\[(\d+)\].* items\[(\d+)\]", location)
        if item:
            form = self._item_positions.get((int(item.group(1)), int(item.group(2))))
            if form is not None:
                form.add_error(self._item_field(error.field), message)
                return
        self.form.add_error(None, message)

    # -- output

    @property
    def name(self) -> str:
        return str(self.form.cleaned_data["name"]).strip()

    @property
    def description(self) -> str:
        return str(self.form.cleaned_data.get("description") or "").strip()

    def error_links(self) -> list[ErrorLink]:
        """Every error on the page, each linking to its field, for the summary at the top."""
        links: list[ErrorLink] = []

        def add(form: forms.Form, where: str) -> None:
            for error in form.non_field_errors():
                links.append(ErrorLink(f"{where}{error}", f"#{form.prefix or 'scenario'}-errors"))
            for name, errors in form.errors.items():
                if name == "__all__":
                    continue
                bound = form[name]
                anchor = f"#{bound.auto_id}_0" if bound.field.widget.use_fieldset else f"#{bound.id_for_label}"
                for error in errors:
                    links.append(ErrorLink(f"{where}{bound.label}: {error}", anchor))

        add(self.form, "")
        for error in self.categories.non_form_errors():
            links.append(ErrorLink(str(error), "#categories"))
        for index, category_form in enumerate(self.categories.forms):
            add(category_form, _("Category %(number)d") % {"number": index + 1} + " – ")
        for error in self.items.non_form_errors():
            links.append(ErrorLink(str(error), "#items"))
        for index, item_form in enumerate(self.items.forms):
            add(item_form, _("Cost %(number)d") % {"number": index + 1} + " – ")
        return links


# --- budget lines, comparison, actual cost ----------------------------------------------------------


class BudgetLineForm(DkfdsForm):
    label = forms.CharField(label=pgettext_lazy("costs", "What"), max_length=200)
    category = forms.ChoiceField(label=pgettext_lazy("costs", "Category"), choices=CategoryChoice.choices)
    amount_per_year = NumberField(
        label=gettext_lazy("Amount per year (kr.)"), min_value=Decimal(0), max_digits=14, decimal_places=2
    )


class CompareForm(DkfdsForm):
    show = forms.MultipleChoiceField(
        label=pgettext_lazy("costs", "Scenarios to compare"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Choose two to four."),
        error_messages={"invalid_choice": gettext_lazy("Choose among the scenarios in the list.")},
    )

    MOST = 4

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["show"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = choices

    def clean_show(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["show"]
        if len(chosen) > self.MOST:
            raise forms.ValidationError(_("Choose at most %(most)d scenarios.") % {"most": self.MOST})
        return chosen


COUNT_LABELS = {
    "citizens_reached": pgettext_lazy("costs", "Citizens reached"),
    "course_runs": pgettext_lazy("costs", "Course runs"),
    "support_hours": pgettext_lazy("costs", "Hours of support"),
    "sessions": pgettext_lazy("costs", "Sessions"),
    "chime_improvement_points": pgettext_lazy("costs", "CHIME improvement points"),
}


class ActualCostForm(DkfdsForm):
    start = forms.DateField(label=pgettext_lazy("costs", "From"))
    end = forms.DateField(label=pgettext_lazy("costs", "To and including"))
    basis = forms.ChoiceField(label=pgettext_lazy("costs", "Costs"), widget=forms.RadioSelect)
    citizens_reached = forms.IntegerField(label=COUNT_LABELS["citizens_reached"], required=False, min_value=0)
    course_runs = forms.IntegerField(label=COUNT_LABELS["course_runs"], required=False, min_value=0)
    support_hours = NumberField(label=COUNT_LABELS["support_hours"], required=False, min_value=Decimal(0))
    sessions = forms.IntegerField(label=COUNT_LABELS["sessions"], required=False, min_value=0)
    chime_improvement_points = NumberField(
        label=COUNT_LABELS["chime_improvement_points"],
        required=False,
        help_text=gettext_lazy("The sum of the participants' improvement on CHIME from first to last measurement."),
    )

    def __init__(
        self, *args: Any, basis_choices: list[tuple[str, str]], recorded_hints: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        basis = self.fields["basis"]
        assert isinstance(basis, forms.ChoiceField)
        basis.choices = basis_choices
        for name, hint in recorded_hints.items():
            field = self.fields[name]
            field.help_text = f"{field.help_text} {hint}".strip() if field.help_text else hint

    def activity(self, *, recorded: frozenset[str]) -> Activity:
        """The period and the counts as the actual-cost calculation takes them."""
        data = self.cleaned_data
        return Activity(
            start=data["start"],
            end=data["end"],
            citizens_reached=data.get("citizens_reached"),
            course_runs=data.get("course_runs"),
            support_hours=to_float(data.get("support_hours")),
            sessions=data.get("sessions"),
            chime_improvement_points=to_float(data.get("chime_improvement_points")),
            recorded=recorded,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("end", _("The period must end on or after the day it starts."))
        return cleaned
