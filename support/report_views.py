"""The programme report of 1:1 courses: citizens reached per FTE (model 1), volunteer hours (model 2),
courses evaluated (model 3). Counts and hours only: no meeting content, no agreements."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.access import organisation_of, role_required
from core.models import Programme, Role
from support import selectors
from support.forms import PeriodForm
from support.models import SupportCourse


def _default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today.replace(month=1, day=1), today


@role_required(Role.COORDINATOR, Role.LEAD, Role.ANALYST)
def report(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    today = timezone.localdate()
    start, end = _default_period(today)
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    programmes = Programme.objects.of(organisation).filter(support_courses__isnull=False).distinct()
    sections = []
    for programme in programmes:
        courses = SupportCourse.objects.filter(programme=programme)
        ended = courses.ended().filter(ended_on__gte=start, ended_on__lte=end)
        missing = [c for c in selectors.evaluation_missing(ended)]
        sections.append(
            {
                "programme": programme,
                "running": courses.running_in(start, end).count(),
                "ended": ended.count(),
                "evaluated": ended.count() - len(missing),
                "reach": (
                    selectors.citizens_reached_per_fte(programme, start, end)
                    if programme.model == Programme.Model.INDIVIDUAL_AND_GROUP
                    else None
                ),
                "volunteer_hours": (
                    selectors.volunteer_hours(organisation, start, end, programme=programme)
                    if programme.model != Programme.Model.INDIVIDUAL_AND_GROUP
                    else None
                ),
            }
        )
    return render(request, "support/report.html", {"form": form, "start": start, "end": end, "sections": sections})
