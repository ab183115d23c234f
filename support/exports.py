"""Approved transport claims for payment: an Excel workbook (openpyxl) and a CSV file (semicolon,
Danish decimal comma, UTF-8 with BOM so Excel opens it with æ, ø and å intact)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from support.models import ExpenseClaim


def _headers() -> list[str]:
    return [
        _("Volunteer"),
        _("E-mail"),
        _("Date of the trip"),
        _("From"),
        _("To"),
        _("Kilometres"),
        _("Amount (DKK)"),
        _("Receipt or ticket"),
        _("Approved"),
    ]


def _row(claim: ExpenseClaim) -> list[object]:
    return [
        claim.peer.full_name,
        claim.peer.email,
        claim.travelled_on,
        claim.from_place,
        claim.to_place,
        claim.km,
        claim.amount,
        claim.receipt_note,
        claim.decided_at.date() if claim.decided_at else None,
    ]


def claims_workbook(claims: Sequence[ExpenseClaim]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Transport")[:31]
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for claim in claims:
        sheet.append(_row(claim))
        row = sheet.max_row
        sheet.cell(row=row, column=3).number_format = "DD.MM.YYYY"
        sheet.cell(row=row, column=7).number_format = "#,##0.00"
        sheet.cell(row=row, column=9).number_format = "DD.MM.YYYY"
    total_row = sheet.max_row + 1
    sheet.cell(row=total_row, column=1, value=_("Total")).font = Font(bold=True)
    total = sheet.cell(row=total_row, column=7, value=sum((c.amount for c in claims), Decimal(0)))
    total.number_format = "#,##0.00"
    total.font = Font(bold=True)
    for column, width in zip("ABCDEFGHI", (24, 28, 12, 24, 24, 10, 14, 30, 12), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _danish(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value)


def claims_csv(claims: Sequence[ExpenseClaim]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_headers())
    for claim in claims:
        writer.writerow([_danish(v) for v in _row(claim)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
