"""The report's figures as CSV and as an Excel workbook: the same rows as the page."""

from __future__ import annotations

import csv
import io

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from reports.labels import label
from reports.selectors import Figure, Scope


def _value(figure: Figure) -> str | float | int:
    if figure.suppressed:
        return _("fewer than the minimum group")
    if figure.value is None:
        return _("not recorded")
    return figure.value


def _heading(scope: Scope) -> list[list[str]]:
    period = (
        f"{date_format(scope.period.start, 'SHORT_DATE_FORMAT')}–{date_format(scope.period.end, 'SHORT_DATE_FORMAT')}"
    )
    return [
        [_("Organisation"), scope.organisation.name],
        [_("Period"), period],
        [_("Programme"), scope.programme.name if scope.programme else _("All programmes")],
        [_("Unit"), scope.unit.name if scope.unit else _("All units")],
        [],
        [_("Figure"), _("Value")],
    ]


def as_csv(scope: Scope, figures: list[Figure]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in _heading(scope):
        writer.writerow(row)
    for figure in figures:
        value = _value(figure)
        # Semicolons and the language's decimal comma, as a Danish spreadsheet expects.
        writer.writerow([str(label(figure)), number_format(value) if isinstance(value, float) else value])
    return out.getvalue()


def as_xlsx(scope: Scope, figures: list[Figure]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Report")[:31]
    for row in _heading(scope):
        sheet.append(row)
    for figure in figures:
        sheet.append([str(label(figure)), _value(figure)])
    sheet.column_dimensions["A"].width = 55
    sheet.column_dimensions["B"].width = 30
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
