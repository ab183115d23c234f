"""Reports for a school: runs, sessions held, participants by perspective, fill rate, attendance,
certificates and session-feedback trends – counts only, no names – on a page and as an Excel workbook."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from core.access import organisation_of, role_required
from core.audit import log_access
from core.models import AuditKind, Organisation, Unit
from courses import selectors
from courses.access import REPORT_ROLES
from courses.forms import ReportForm
from courses.models import Perspective


def _period(request: HttpRequest, organisation: Organisation) -> tuple[ReportForm, Unit | None, date, date]:
    start, end = ReportForm.default_period()
    form = ReportForm(request.GET or None, organisation=organisation, initial={"start": start, "end": end})
    unit = None
    if form.is_bound and form.is_valid():
        unit, start, end = form.cleaned_data["unit"], form.cleaned_data["start"], form.cleaned_data["end"]
    return form, unit, start, end


@role_required(*REPORT_ROLES)
def report(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form, unit, start, end = _period(request, organisation)
    result = selectors.school_report(organisation, unit=unit, start=start, end=end)
    chart = {
        "type": "bar",
        "data": {
            "labels": [label for _key, label, _count in result.perspectives],
            "datasets": [{"label": _("Participants"), "data": [count for _k, _l, count in result.perspectives]}],
        },
        "options": {"scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}}},
    }
    feedback_chart = {
        "type": "line",
        "data": {
            "labels": [date_format(m.month, "YEAR_MONTH_FORMAT") for m in result.feedback_months],
            "datasets": [
                {
                    "label": _("Mean total"),
                    "data": [
                        round(m.mean_total, 1) if m.mean_total is not None else None for m in result.feedback_months
                    ],
                    "spanGaps": True,
                },
                {
                    "label": _("Follow up under 36"),
                    "data": [36 for _m in result.feedback_months],
                    "borderDash": [6, 4],
                    "pointRadius": 0,
                },
            ],
        },
        "options": {"scales": {"y": {"beginAtZero": True, "max": 40}}},
    }
    return render(
        request,
        "courses/report.html",
        {
            "feedback_chart": feedback_chart,
            "form": form,
            "report": result,
            "totals": result.totals,
            "chart": chart,
            "start": start,
            "end": end,
            "unit": unit,
            "query": request.GET.urlencode(),
        },
    )


def _percent(value: float | None) -> Any:
    return round(value, 1) if value is not None else None


@role_required(*REPORT_ROLES)
def report_export(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    _form, unit, start, end = _period(request, organisation)
    result = selectors.school_report(organisation, unit=unit, start=start, end=end)
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.EXPORT,
        action="courses.report.exported",
        organisation=organisation,
        purpose=_("Course report (counts, no names)"),
        request=request,
        data={"start": start.isoformat(), "end": end.isoformat()},
    )
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Runs")[:31]
    perspectives = list(Perspective.choices)
    header = [
        pgettext("courses", "Course"),
        _("Place"),
        _("First session"),
        _("Last session"),
        _("Status"),
        _("Sessions planned"),
        _("Sessions held"),
        _("Places"),
        _("With a place"),
        _("Waiting list"),
        _("Cancelled"),
        _("Fill rate (%)"),
        _("Mean attendance (%)"),
        _("Certificates"),
        _("Visitors (drop-in)"),
        _("Session feedback, mean total"),
        _("Sessions flagged for follow-up"),
        *[str(label) for _key, label in perspectives],
        _("Perspective not given"),
    ]
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in result.rows:
        run = row.run
        sheet.append(
            [
                run.version.title,
                run.unit.name,
                run.starts_on,
                run.ends_on,
                str(run.get_status_display()),
                row.sessions_planned,
                row.sessions_held,
                row.capacity,
                row.confirmed,
                row.waiting,
                row.cancelled,
                _percent(row.fill_rate),
                _percent(row.mean_attendance),
                row.certificates,
                row.headcount,
                _percent(row.feedback_mean),
                row.flagged_sessions,
                *[row.perspectives.get(key, 0) for key, _label in perspectives],
                row.perspectives.get("", 0),
            ]
        )
    for column in ("C", "D"):
        for cell in sheet[column][1:]:
            cell.number_format = "DD.MM.YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="kursusrapport-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    return response
