"""The ward-conversation report for coordinators, leads and analysts: counts only, never patients or
free text; analysts see the peers pseudonymised. On a page with charts and as an Excel workbook."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from conversations import selectors
from conversations.access import REPORT_ROLES
from conversations.forms import ReportPeriodForm
from core.access import acting_user, has_role, organisation_of, role_required
from core.audit import log_access
from core.models import AuditKind, Role, Unit, UnitKind


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last eight whole ISO weeks up to and including the current one."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=7), monday + timedelta(days=6)


def _report(request: HttpRequest) -> tuple[ReportPeriodForm, selectors.ConversationReport, Unit | None]:
    organisation = organisation_of(request)
    wards = Unit.objects.filter(organisation=organisation, kind=UnitKind.WARD).order_by("name")
    start, end = default_period()
    form = ReportPeriodForm(request.GET or None, wards=wards, initial={"start": start, "end": end})
    ward = None
    if form.is_bound and form.is_valid():
        start, end, ward = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["ward"]
    pseudonymise = not has_role(request, Role.COORDINATOR, Role.LEAD)
    result = selectors.conversation_report(organisation, start=start, end=end, ward=ward, pseudonymise=pseudonymise)
    return form, result, ward


def _charts(result: selectors.ConversationReport) -> dict[str, object]:
    weeks = {
        "type": "bar",
        "data": {
            "labels": result.weeks,
            "datasets": [
                {"label": ward, "data": [result.by_week_ward[week][ward] for week in result.weeks]}
                for ward in result.wards
            ],
        },
        "options": {
            "scales": {"x": {"stacked": True}, "y": {"stacked": True, "beginAtZero": True, "ticks": {"precision": 0}}}
        },
    }
    themes = {
        "type": "bar",
        "data": {
            "labels": [label for label, _n in result.themes],
            "datasets": [{"label": _("Conversations"), "data": [n for _label, n in result.themes]}],
        },
        "options": {"indexAxis": "y", "scales": {"x": {"beginAtZero": True, "ticks": {"precision": 0}}}},
    }
    return {"weeks": weeks, "themes": themes}


@role_required(*REPORT_ROLES)
def report(request: HttpRequest) -> HttpResponse:
    form, result, ward = _report(request)
    return render(
        request,
        "conversations/report.html",
        {
            "form": form,
            "report": result,
            "ward": ward,
            "charts": _charts(result),
            "query": request.GET.urlencode(),
        },
    )


def _bold_header(sheet: object, header: list[str]) -> None:
    sheet.append(header)  # type: ignore[attr-defined]
    for cell in sheet[1]:  # type: ignore[index]
        cell.font = Font(bold=True)


@role_required(*REPORT_ROLES)
def report_export(request: HttpRequest) -> HttpResponse:
    _form, result, ward = _report(request)
    log_access(
        actor=acting_user(request),
        kind=AuditKind.EXPORT,
        action="conversations.report.exported",
        organisation=organisation_of(request),
        purpose="Ward conversation report (counts, no patients)",
        request=request,
        data={"start": result.start.isoformat(), "end": result.end.isoformat(), "ward": str(ward.code) if ward else ""},
    )
    workbook = Workbook()
    weeks = workbook.active
    assert weeks is not None
    weeks.title = _("Per week")[:31]
    _bold_header(weeks, [_("Week"), *result.wards, _("Total")])
    for week, counts, total in result.week_rows():
        weeks.append([week, *counts, total])
    weeks.append([_("Total"), *result.ward_totals(), result.total])

    peers = workbook.create_sheet(_("Per peer")[:31])
    _bold_header(peers, [_("Peer"), *result.weeks, _("Conversations"), _("Minutes")])
    for label, counts, total, minutes in result.peer_week_rows():
        peers.append([label, *counts, total, minutes])

    themes = workbook.create_sheet(_("Themes")[:31])
    _bold_header(themes, [_("Theme"), _("Conversations")])
    for label, count in result.themes:
        themes.append([label, count])

    unmet = workbook.create_sheet(_("Unmet hours")[:31])
    _bold_header(unmet, [_("Week"), _("Ward"), _("Hours")])
    for week, ward_name, hours in result.unmet:
        unmet.append([week, ward_name, hours])

    groups = workbook.create_sheet(_("Groups")[:31])
    _bold_header(groups, [_("Group"), _("Place"), _("Sessions held"), _("Attendance")])
    for group in result.groups:
        groups.append([group.title, group.place, group.sessions_held, group.attendance])

    summary = workbook.create_sheet(_("Summary")[:31])
    _bold_header(summary, [_("Measure"), _("Value")])
    summary.append([_("From"), result.start])
    summary.append([_("To"), result.end])
    summary.append([_("Conversations"), result.total])
    summary.append([_("Conversations per week (mean)"), round(result.mean_per_week, 1)])
    summary.append([_("Minutes in conversations"), result.total_minutes])
    summary.append([_("Minutes spent informally on the ward"), result.informal_minutes])
    summary.append([_("Patients who no longer wanted a conversation"), result.declined])
    summary.append([_("Safety notices"), result.safety_notices])
    summary.append([_("Unmet peer hours"), result.unmet_total])
    for cell in summary["B"][1:3]:
        cell.number_format = "DD.MM.YYYY"

    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="afsnitssamtaler-{result.start:%Y%m%d}-{result.end:%Y%m%d}.xlsx"'
    )
    return response
