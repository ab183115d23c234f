"""The partnership report: figures for a period, programme and unit of the current organisation, on screen
and as CSV or Excel. Coordinators, leads and analysts; everyone else gets 404. Only numbers are shown.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from core.access import require_organisation_role, role_required
from core.models import Role
from reports import exports
from reports.forms import ReportFilterForm
from reports.labels import explanation, label
from reports.selectors import Figure, Period, Scope, report, this_year_so_far

REPORT_ROLES = (Role.COORDINATOR, Role.LEAD, Role.ANALYST)


def _scope(request: HttpRequest) -> tuple[ReportFilterForm, Scope | None]:
    organisation = require_organisation_role(request, *REPORT_ROLES)
    default = this_year_so_far(timezone.localdate())
    data = request.GET.copy()
    if "start" not in data and "end" not in data:
        form = ReportFilterForm(initial={"start": default.start, "end": default.end}, organisation=organisation)
        return form, Scope(organisation, default)
    form = ReportFilterForm(data, organisation=organisation)
    if not form.is_valid():
        return form, None
    period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
    return form, Scope(organisation, period, form.cleaned_data["programme"], form.cleaned_data["unit"])


@role_required(*REPORT_ROLES)
def report_page(request: HttpRequest) -> HttpResponse:
    form, scope = _scope(request)
    rows: list[dict[str, Any]] = []
    chart: dict[str, Any] | None = None
    if scope is not None:
        figures = report(scope)
        rows = [{"figure": f, "label": label(f), "explanation": explanation(f)} for f in figures]
        chart = _activity_chart(figures)
    query = request.GET.urlencode()
    return render(
        request, "reports/report.html", {"form": form, "scope": scope, "rows": rows, "query": query, "chart": chart}
    )


CHART_KEYS = ("support_started", "support_ended", "meetings", "ward_conversations", "course_participants")


def _activity_chart(figures: list[Figure]) -> dict[str, Any]:
    """A bar chart of the activity counts (the same numbers as the table), for static/js/app.js to draw."""
    shown = [f for f in figures if f.key in CHART_KEYS and f.recorded and not f.suppressed]
    return {
        "type": "bar",
        "data": {
            "labels": [str(label(f)) for f in shown],
            "datasets": [{"label": str(gettext("In the period")), "data": [f.value for f in shown]}],
        },
        "options": {
            "plugins": {"legend": {"display": False}},
            "scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}},
        },
    }


@role_required(*REPORT_ROLES)
def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, scope = _scope(request)
    if scope is None or fmt not in {"csv", "xlsx"}:
        raise Http404
    figures = report(scope)
    stem = f"rapport-{scope.period.start.isoformat()}-{scope.period.end.isoformat()}"
    if fmt == "csv":
        response = HttpResponse(exports.as_csv(scope, figures), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.as_xlsx(scope, figures),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
