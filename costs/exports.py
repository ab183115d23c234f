"""A cost assessment as an Excel workbook (openpyxl) and as a PDF (WeasyPrint), in the layout of the
published tables: assumptions, costs by category, total, sensitivity; then the years behind it, the
published figures next to the computed ones, and the cost items the scenario is made of.

Figures are whole kroner stored as numbers (so a spreadsheet can add them up) with a thousands format.
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from costs.forms import PROFILE_CHOICES
from costs.tables import AssessmentTable, per_unit_label

if TYPE_CHECKING:
    from weasyprint.document import Document

KRONER = "#,##0"
FACTOR = "0.000000"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")


def operated_for(years: int) -> str:
    return ngettext("Operated for %(years)d year", "Operated for %(years)d years", years) % {"years": years}


def _put(sheet: Worksheet, row: int, column: int, value: Any, *, bold: bool = False, number: str = "") -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a text, never a formula
    if bold:
        cell.font = BOLD
    if number:
        cell.number_format = number
    if isinstance(value, str) and "\n" in value:
        cell.alignment = WRAP


def _row(sheet: Worksheet, row: int, values: list[Any], *, bold: bool = False, number: str = KRONER) -> int:
    for column, value in enumerate(values, start=1):
        _put(sheet, row, column, value, bold=bold, number=number if isinstance(value, int | float) else "")
    return row + 1


def _lines(texts: tuple[str, ...]) -> str:
    return "\n".join(texts) if texts else "-"


def _figure(value: int | None) -> int | str:
    return "-" if value is None else value


def _assessment_sheet(sheet: Worksheet, table: AssessmentTable, name: str, description: str) -> None:
    sheet.title = pgettext("costs", "Cost assessment")[:31]
    _put(sheet, 1, 1, name)
    sheet.cell(row=1, column=1).font = TITLE
    row = 2
    if description:
        _put(sheet, row, 1, description)
        row += 1
    row += 1
    _put(sheet, row, 1, pgettext("costs", "Key assumptions"), bold=True)
    row = _row(sheet, row + 1, [pgettext("costs", "Parameter"), pgettext("costs", "Chosen level")], bold=True)
    for assumption in table.assumptions:
        row = _row(sheet, row, [assumption.label, assumption.value])
    row += 1
    _put(sheet, row, 1, pgettext("costs", "Costs"), bold=True)
    header = [
        pgettext("costs", "Cost category"),
        pgettext("costs", "Quantified costs"),
        _("Costs in total (kr.)"),
        f"{per_unit_label(table.unit)} (kr.)",
        pgettext("costs", "Costs not quantified"),
    ]
    row = _row(sheet, row + 1, header, bold=True)
    for category in table.categories:
        row = _row(
            sheet,
            row,
            [
                category.name,
                _lines(category.quantified),
                _figure(category.total),
                _figure(category.per_unit_year),
                _lines(category.not_quantified),
            ],
        )
    row = _row(sheet, row, [pgettext("costs", "Total"), "-", table.total, table.per_unit_year, "-"], bold=True)
    row += 1
    _put(sheet, row, 1, pgettext("costs", "Sensitivity analysis"), bold=True)
    row = _row(
        sheet, row + 1, [pgettext("costs", "Cost"), *(operated_for(c.years) for c in table.sensitivity)], bold=True
    )
    row = _row(sheet, row, [f"{per_unit_label(table.unit)} (kr.)", *(c.computed for c in table.sensitivity)])
    if table.comparison:
        row = _row(sheet, row, [pgettext("costs", "Published"), *(_figure(c.published) for c in table.sensitivity)])
    for column, width in zip("ABCDE", (42, 60, 20, 24, 50), strict=True):
        sheet.column_dimensions[column].width = width


def _years_sheet(sheet: Worksheet, table: AssessmentTable) -> None:
    _put(sheet, 1, 1, _("Costs year by year (kr., not discounted)"), bold=True)
    row = _row(sheet, 2, ["", *(_("Year %(year)d") % {"year": y.year + 1} for y in table.years)], bold=True)
    for index, name in enumerate(table.year_categories):
        row = _row(sheet, row, [name, *(y.costs[index] for y in table.years)])
    row = _row(sheet, row, [pgettext("costs", "Total"), *(y.total for y in table.years)], bold=True)
    row = _row(
        sheet, row, [pgettext("costs", "Discount factor"), *(y.discount_factor for y in table.years)], number=FACTOR
    )
    _row(sheet, row, [pgettext("costs", "Present value"), *(y.present_value for y in table.years)])
    sheet.column_dimensions["A"].width = 42


def _comparison_sheet(sheet: Worksheet, table: AssessmentTable) -> None:
    comparison = table.comparison
    assert comparison is not None
    _put(sheet, 1, 1, pgettext("costs", "Published and computed"), bold=True)
    _put(sheet, 2, 1, f"{comparison.title}. {comparison.source}.")
    header = [
        pgettext("costs", "Figure"),
        pgettext("costs", "Published (kr.)"),
        pgettext("costs", "Computed (kr.)"),
        pgettext("costs", "Difference (kr.)"),
        pgettext("costs", "Agrees"),
    ]
    row = _row(sheet, 4, header, bold=True)
    for figure in comparison.rows:
        row = _row(
            sheet,
            row,
            [
                figure.label,
                figure.published,
                figure.computed,
                figure.difference,
                pgettext("costs", "Yes") if figure.matches else pgettext("costs", "No"),
            ],
        )
    row += 1
    _put(sheet, row, 1, pgettext("costs", "Discrepancies"), bold=True)
    row += 1
    if not comparison.discrepancies:
        _put(sheet, row, 1, _("The method reproduces every published figure to the krone."))
    for note in comparison.discrepancies:
        _put(sheet, row, 1, note.label, bold=True)
        _put(sheet, row, 2, f"{note.sentence} {note.explanation}".strip())
        sheet.cell(row=row, column=2).alignment = WRAP
        row += 1
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 70


def _items_sheet(sheet: Worksheet, table: AssessmentTable) -> None:
    profiles = {value: str(label) for value, label in PROFILE_CHOICES}
    header = [
        pgettext("costs", "Category"),
        _("What the cost is for"),
        _("When it falls due"),
        pgettext("costs", "Amount (kr.)"),
        pgettext("costs", "Hours"),
        pgettext("costs", "Hourly rate (kr.)"),
        pgettext("costs", "Number of people"),
        _("Share every later year (%)"),
        _("Every how many years"),
        pgettext("costs", "From year"),
        _("To and including year"),
    ]
    row = _row(sheet, 1, header, bold=True)
    for category in table.scenario.categories:
        for item in category.items:
            values: list[Any] = [
                category.name,
                item.label,
                profiles.get(item.profile.value, item.profile.value),
                item.amount,
                item.hours,
                item.hourly_rate,
                item.units,
                None if item.share is None else item.share * 100,
                item.every,
                None if item.from_year is None else item.from_year + 1,
                item.to_year,
            ]
            for column, value in enumerate(values, start=1):
                number = "#,##0.00" if column in (4, 6) else ("0.########" if column == 8 else "")
                _put(sheet, row, column, value, number=number if value is not None else "")
            row += 1
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 60


def scenario_workbook(table: AssessmentTable, *, name: str, description: str = "") -> bytes:
    """The assessment as an .xlsx file."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    _assessment_sheet(sheet, table, name, description)
    _years_sheet(workbook.create_sheet(pgettext("costs", "Year by year")[:31]), table)
    if table.comparison:
        _comparison_sheet(workbook.create_sheet(pgettext("costs", "Published and computed")[:31]), table)
    _items_sheet(workbook.create_sheet(pgettext("costs", "Cost items")[:31]), table)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def scenario_pdf_document(table: AssessmentTable, *, name: str, description: str = "") -> Document:
    """The assessment laid out on A4 pages by WeasyPrint: the same tables the page shows."""
    from weasyprint import HTML

    html = render_to_string(
        "costs/pdf/scenario.html",
        {"table": table, "name": name, "description": description, "sensitivity_labels": _sensitivity_labels(table)},
    )
    return HTML(string=html).render()


def scenario_pdf(table: AssessmentTable, *, name: str, description: str = "") -> bytes:
    """The assessment as a PDF, ready to print or attach."""
    pdf: bytes = scenario_pdf_document(table, name=name, description=description).write_pdf()
    return pdf


def _sensitivity_labels(table: AssessmentTable) -> list[str]:
    return [operated_for(cell.years) for cell in table.sensitivity]
