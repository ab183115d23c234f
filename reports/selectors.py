"""The figures of the partnership report, each computed from the other apps' models for one organisation,
a period and optionally a programme and a unit. Every figure is a number (or None: not recorded); no
names leave this module, so analysts see the same page as coordinators.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q, Sum

from core.models import Organisation, Programme, Unit


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # including

    @property
    def weeks(self) -> float:
        return max(((self.end - self.start).days + 1) / 7, 1 / 7)


@dataclass(frozen=True)
class Scope:
    organisation: Organisation
    period: Period
    programme: Programme | None = None
    unit: Unit | None = None


@dataclass(frozen=True)
class Figure:
    key: str
    value: float | int | None  # None: this part of the system records nothing for the scope
    group_size: int | None = None  # how many people the figure rests on, when it is a per-person figure

    @property
    def recorded(self) -> bool:
        return self.value is not None

    @property
    def suppressed(self) -> bool:
        """A figure resting on fewer people than the minimum group is not shown."""
        return self.group_size is not None and 0 < self.group_size < settings.FEEDBACK_MINIMUM_GROUP


def this_year_so_far(today: date) -> Period:
    return Period(date(today.year, 1, 1), today)


def _support_courses(scope: Scope) -> Any:
    from support.models import SupportCourse

    period = scope.period
    courses = SupportCourse.objects.filter(organisation=scope.organisation)
    if scope.programme is not None:
        courses = courses.filter(programme=scope.programme)
    if scope.unit is not None:
        courses = courses.filter(match__referral__unit=scope.unit)
    return courses.filter(started_on__lte=period.end).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))


def support_figures(scope: Scope) -> list[Figure]:
    from support.models import Meeting

    period = scope.period
    courses = _support_courses(scope)
    counts = courses.aggregate(
        citizens=Count("citizen", distinct=True),
        started=Count("id", filter=Q(started_on__gte=period.start)),
        ended=Count("id", filter=Q(ended_on__isnull=False, ended_on__lte=period.end)),
        ongoing=Count("id", filter=Q(ended_on__isnull=True) | Q(ended_on__gt=period.end)),
    )
    meetings = Meeting.objects.filter(course__in=courses, held_on__gte=period.start, held_on__lte=period.end)
    logged = meetings.aggregate(
        count=Count("id"),
        minutes=Sum("duration_minutes"),
        volunteer_minutes=Sum("duration_minutes", filter=Q(course__peer__kind="volunteer")),
    )
    waits = _waiting_days(courses.filter(started_on__gte=period.start))
    return [
        Figure("citizens_in_support", counts["citizens"]),
        Figure("support_started", counts["started"]),
        Figure("support_ended", counts["ended"]),
        Figure("support_ongoing", counts["ongoing"]),
        Figure("waiting_median_days", statistics.median(waits) if waits else None, len(waits)),
        Figure("waiting_mean_days", round(statistics.fmean(waits), 1) if waits else None, len(waits)),
        Figure("meetings", logged["count"]),
        Figure("meeting_hours", round((logged["minutes"] or 0) / 60, 1)),
        Figure("volunteer_hours", round((logged["volunteer_minutes"] or 0) / 60, 1)),
    ]


def _waiting_days(courses: Any) -> list[int]:
    """Days from referral to the first logged meeting, for courses that came from a referral."""
    rows = courses.filter(match__isnull=False).annotate(first_meeting=Min("meetings__held_on"))
    days = []
    for referred_at, first_meeting in rows.values_list("match__referral__referred_at", "first_meeting"):
        if referred_at is not None and first_meeting is not None:
            days.append(max((first_meeting - referred_at.date()).days, 0))
    return days


def ward_conversation_figures(scope: Scope) -> list[Figure]:
    from conversations.models import Conversation

    period = scope.period
    conversations = Conversation.objects.filter(
        shift__ward__organisation=scope.organisation,
        started_at__date__gte=period.start,
        started_at__date__lte=period.end,
    )
    if scope.unit is not None:
        conversations = conversations.filter(shift__ward=scope.unit)
    count = conversations.count()
    return [
        Figure("ward_conversations", count),
        Figure("ward_conversations_per_week", round(count / period.weeks, 1)),
    ]


def course_figures(scope: Scope) -> list[Figure]:
    from courses.models import Attendance, Certificate, CourseRun, Registration, RegistrationStatus, RunStatus

    period = scope.period
    runs = CourseRun.objects.filter(course__organisation=scope.organisation, starts_on__isnull=False).exclude(
        status__in=[RunStatus.DRAFT, RunStatus.CANCELLED]
    )
    if scope.programme is not None:
        runs = runs.filter(course__programme=scope.programme)
    if scope.unit is not None:
        runs = runs.filter(unit=scope.unit)
    runs = runs.filter(starts_on__lte=period.end).filter(
        Q(ends_on__gte=period.start) | Q(ends_on__isnull=True, starts_on__gte=period.start)
    )
    confirmed = Registration.objects.filter(run__in=runs, status=RegistrationStatus.CONFIRMED)
    participants = confirmed.count()
    # Places and places taken in two queries: joining registrations would repeat each run's capacity.
    places = runs.filter(capacity__gt=0).aggregate(places=Sum("capacity"))["places"]
    taken = confirmed.filter(run__capacity__gt=0).count()
    marks = Attendance.objects.filter(
        registration__run__in=runs, session__day__gte=period.start, session__day__lte=period.end
    ).aggregate(
        total=Count("id"), present=Count("id", filter=Q(present=True)), people=Count("registration", distinct=True)
    )
    certificates = Certificate.objects.filter(
        registration__run__course__organisation=scope.organisation,
        registration__run__in=runs,
        issued_at__date__gte=period.start,
        issued_at__date__lte=period.end,
    ).count()
    return [
        Figure("course_runs", runs.count()),
        Figure("course_participants", participants),
        Figure(
            "attendance_rate",
            round(100 * marks["present"] / marks["total"]) if marks["total"] else None,
            marks["people"],
        ),
        Figure("fill_rate", round(100 * taken / places) if places else None),
        Figure("certificates", certificates),
    ]


def peer_figures(scope: Scope) -> list[Figure]:
    from education.models import Attendance, AttendanceStatus, MeetingKind, ModuleCompletion
    from people.models import Peer, PeerStatus

    period = scope.period
    # Peers belong to the organisation, not to a unit: the unit filter does not apply to these figures.
    peers = Peer.objects.filter(organisation=scope.organisation, status=PeerStatus.ACTIVE)
    completions = ModuleCompletion.objects.filter(
        peer__organisation=scope.organisation, completed_on__gte=period.start, completed_on__lte=period.end
    )
    attendance = Attendance.objects.filter(
        meeting__organisation=scope.organisation,
        meeting__kind=MeetingKind.SUPERVISION,
        meeting__on__gte=period.start,
        meeting__on__lte=period.end,
    )
    if scope.programme is not None:
        peers = peers.filter(programmes=scope.programme)
        completions = completions.filter(peer__programmes=scope.programme)
        attendance = attendance.filter(meeting__series__programme=scope.programme)
    supervision = attendance.aggregate(
        total=Count("id"),
        present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
        people=Count("peer", distinct=True),
    )
    return [
        Figure("peers_active", peers.count()),
        Figure("education_completions", completions.count()),
        Figure(
            "supervision_attendance",
            round(100 * supervision["present"] / supervision["total"]) if supervision["total"] else None,
            supervision["people"],
        ),
    ]


def report(scope: Scope) -> list[Figure]:
    """All figures of the report, in the order the page shows them."""
    figures = support_figures(scope) + ward_conversation_figures(scope) + course_figures(scope) + peer_figures(scope)
    return figures


def programmes_of(organisation: Organisation) -> Any:
    return Programme.objects.filter(organisation=organisation).order_by("name")


def units_of(organisation: Organisation) -> Any:
    return Unit.objects.filter(organisation=organisation).order_by("name")
