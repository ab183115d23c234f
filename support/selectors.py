"""Reads of courses of support: a peer's caseload, the coordinator's list and attention points, load per
peer, volunteer hours, citizens reached per FTE.

Nothing here returns what the peer and the citizen said or agreed: the coordinator's reads give
counts, dates and stages only (DOMAIN §10).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from agreements.models import EmploymentRecord
from core.models import Organisation, Programme
from people.models import Citizen, Peer, PeerKind
from support import rules
from support.models import CooperationAgreement, Meeting, Stage, SupportCourse, SupportCourseQuerySet
from support.services import rules_for


def _agreed_subquery() -> Exists:
    return Exists(
        CooperationAgreement.objects.filter(
            course=OuterRef("pk"), peer_signed_at__isnull=False, citizen_signed_at__isnull=False
        )
    )


def with_facts(queryset: QuerySet[SupportCourse]) -> QuerySet[SupportCourse]:
    """Courses with the counts every list shows: meetings held, last meeting, agreement in place."""
    return queryset.select_related("programme", "peer", "citizen").annotate(
        meeting_count=Count("meetings", distinct=True),
        last_meeting_on=Max("meetings__held_on"),
        has_agreement=_agreed_subquery(),
        agreement_started=Exists(CooperationAgreement.objects.filter(course=OuterRef("pk"))),
    )


def active_load_by_peer(organisation: Organisation) -> dict[int, int]:
    """Peer id → number of the peer's active courses, for matching and the overview pages."""
    rows = (
        SupportCourse.objects.of(organisation)
        .active()
        .values("peer_id")
        .annotate(n=Count("id"))
        .values_list("peer_id", "n")
    )
    return {peer_id: n for peer_id, n in rows}


def evaluation_missing(courses: SupportCourseQuerySet) -> list[SupportCourse]:
    """Ended courses that one or both parties have not evaluated yet (every course is evaluated, model 3)."""
    from feedback.models import Invitation

    ended = list(courses.ended().select_related("programme", "peer", "citizen"))
    codes = {c for course in ended for c in (course.citizen_invitation_code, course.peer_invitation_code) if c}
    answered = set(Invitation.objects.filter(code__in=codes, completed_at__isnull=False).values_list("code", flat=True))
    return [
        course
        for course in ended
        if course.citizen_invitation_code not in answered or course.peer_invitation_code not in answered
    ]


def coordinator_attention(organisation: Organisation, today: datetime.date) -> dict[str, list[SupportCourse]]:
    """What the coordinator's overview points at: courses near their planned end, agreements missing
    after the first meetings, and ended courses not yet evaluated by both."""
    active = list(with_facts(SupportCourse.objects.of(organisation).active()).order_by("planned_end"))
    near_end = []
    agreement_missing = []
    for course in active:
        course_rules = rules_for(course.programme)
        if rules.near_end(planned=course.planned_end, today=today, rules=course_rules):
            near_end.append(course)
        if rules.agreement_overdue(
            meetings_held=course.meeting_count,  # type: ignore[attr-defined]
            agreed=course.has_agreement,  # type: ignore[attr-defined]
            rules=course_rules,
        ):
            agreement_missing.append(course)
    return {
        "near_end": near_end,
        "agreement_missing": agreement_missing,
        "evaluation_missing": evaluation_missing(SupportCourse.objects.of(organisation)),
    }


def courses_for_coordinator(organisation: Organisation, *, show: str = "active") -> QuerySet[SupportCourse]:
    courses = SupportCourse.objects.of(organisation)
    if show == "active":
        courses = courses.active()
    elif show == "ended":
        courses = courses.ended()
    return with_facts(courses).order_by("planned_end", "pk")


@dataclass(frozen=True)
class CaseloadRow:
    course: SupportCourse
    meeting_count: int
    last_meeting_on: datetime.date | None
    agreed: bool
    agreement_started: bool
    agreement_overdue: bool
    near_end: bool
    days_to_end: int


def caseload(peer: Peer, today: datetime.date | None = None) -> list[CaseloadRow]:
    """The peer's active courses, those nearest their planned end first."""
    day = today or timezone.localdate()
    rows = []
    for course in with_facts(SupportCourse.objects.filter(peer=peer).active()).order_by("planned_end"):
        course_rules = rules_for(course.programme)
        agreed = bool(course.has_agreement)  # type: ignore[attr-defined]
        rows.append(
            CaseloadRow(
                course=course,
                meeting_count=course.meeting_count,  # type: ignore[attr-defined]
                last_meeting_on=course.last_meeting_on,  # type: ignore[attr-defined]
                agreed=agreed,
                agreement_started=bool(course.agreement_started),  # type: ignore[attr-defined]
                agreement_overdue=rules.agreement_overdue(
                    meetings_held=course.meeting_count,  # type: ignore[attr-defined]
                    agreed=agreed,
                    rules=course_rules,
                ),
                near_end=rules.near_end(planned=course.planned_end, today=day, rules=course_rules),
                days_to_end=(course.planned_end - day).days,
            )
        )
    return rows


def own_citizen(user: Any, organisation: Organisation | None) -> Citizen | None:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return None
    return Citizen.objects.filter(user=user, organisation=organisation).first()


def current_citizens_of_peer_user(user: Any, organisation: Organisation) -> list[Citizen]:
    """The citizens a peer supports now (for the questionnaire app's peer view)."""
    return list(
        Citizen.objects.filter(support_courses__peer__user=user, support_courses__organisation=organisation)
        .filter(~Q(support_courses__stage=Stage.ENDED))
        .distinct()
    )


# --------------------------------------------------------------------------------------------------
# Figures for reports


def volunteer_hours(
    organisation: Organisation, start: datetime.date, end: datetime.date, *, programme: Programme | None = None
) -> list[tuple[Peer, Decimal]]:
    """Hours of 1:1 support per volunteer in the period: the sum of their meetings' durations."""
    meetings = Meeting.objects.filter(
        course__organisation=organisation, held_on__gte=start, held_on__lte=end, course__peer__kind=PeerKind.VOLUNTEER
    )
    if programme is not None:
        meetings = meetings.filter(course__programme=programme)
    minutes = dict(
        meetings.values("course__peer_id").annotate(m=Sum("duration_minutes")).values_list("course__peer_id", "m")
    )
    peers = Peer.objects.filter(pk__in=minutes).order_by("first_name", "last_name")
    return [(peer, (Decimal(minutes[peer.pk]) / 60).quantize(Decimal("0.1"))) for peer in peers]


def support_minutes(organisation: Organisation, start: datetime.date, end: datetime.date) -> int:
    total = Meeting.objects.filter(course__organisation=organisation, held_on__gte=start, held_on__lte=end).aggregate(
        m=Sum("duration_minutes")
    )["m"]
    return int(total or 0)


FULL_TIME_HOURS = Decimal("37")


@dataclass(frozen=True)
class Reach:
    citizens: int
    fte: Decimal
    per_fte: Decimal | None
    expected_per_fte: int | None


def citizens_reached_per_fte(programme: Programme, start: datetime.date, end: datetime.date) -> Reach:
    """Model 1: citizens with a course in the period, per paid peer FTE (37 hours a week = 1 FTE).

    Hours come from the employment records in force in the period, else the peer's profile.
    """
    courses = SupportCourse.objects.filter(programme=programme).running_in(start, end)
    citizens = courses.values("citizen_id").distinct().count()
    peers = Peer.objects.filter(programmes=programme, kind=PeerKind.PAID).exclude(status="ended")
    hours = Decimal(0)
    for peer in peers:
        record_hours = (
            EmploymentRecord.objects.filter(peer=peer, starts_on__lte=end)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
            .aggregate(h=Sum("hours_per_week"))["h"]
        )
        hours += Decimal(record_hours if record_hours is not None else peer.hours_per_week)
    fte = (hours / FULL_TIME_HOURS).quantize(Decimal("0.01"))
    per_fte = (Decimal(citizens) / fte).quantize(Decimal("0.1")) if fte > 0 else None
    try:
        expected = int(programme.setting("citizens_per_fte_municipal"))
    except KeyError:
        expected = None
    return Reach(citizens=citizens, fte=fte, per_fte=per_fte, expected_per_fte=expected)
