"""Reads about support for peers: the meetings calendar, attendance, supervision flags and follow-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.models import Organisation
from education import schedule
from education.annotations import annotate_follow_up, annotate_supervision, missed_required_supervision_twice
from education.models import Attendance, AttendanceStatus, Meeting, MeetingSeries
from people.models import Peer, PeerStatus

# --- Meetings -------------------------------------------------------------------------------------------------


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def with_attendance_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    participants = (
        MeetingSeries.participants.through.objects.filter(meetingseries_id=OuterRef("series_id"))
        .order_by()
        .values("meetingseries_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]  # type: ignore[misc]
    )
    return meetings.annotate(
        participant_count=Coalesce(Subquery(participants, output_field=IntegerField()), Value(0)),
        recorded_count=Count("attendance", distinct=True),
        present_count=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT), distinct=True),
    )


def calendar(organisation: Organisation, *, start: date, end: date, kind: str = "") -> QuerySet[Meeting]:
    """The organisation's meetings from `start` up to and including `end`, with attendance counts."""
    meetings = Meeting.objects.of(organisation).filter(starts_at__gte=_day_start(start))
    meetings = meetings.filter(starts_at__lt=_day_start(end + timedelta(days=1)))
    if kind:
        meetings = meetings.filter(kind=kind)
    return with_attendance_counts(meetings.select_related("series")).order_by("starts_at", "pk")


def awaiting_attendance(organisation: Organisation, *, now: datetime | None = None, days: int = 60) -> list[Meeting]:
    """Meetings held in the last `days` days whose attendance nobody has marked yet."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.of(organisation)
        .held()
        .filter(starts_at__lt=now, starts_at__gte=now - timedelta(days=days))
        .filter(~Exists(Attendance.objects.filter(meeting=OuterRef("pk"))))
        .select_related("series")
        .order_by("-starts_at")
    )
    return list(meetings)


def series_of(organisation: Organisation) -> QuerySet[MeetingSeries]:
    return (
        MeetingSeries.objects.of(organisation)
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("kind", "title")
    )


@dataclass(frozen=True)
class MarkRow:
    peer: Peer
    status: str


def attendance_rows(meeting: Meeting) -> list[MarkRow]:
    """The series' participants plus anyone with attendance recorded, each with what is recorded ("" = nothing)."""
    recorded = {a.peer_id: a for a in meeting.attendance.select_related("peer")}
    peers = {p.pk: p for p in meeting.series.participants.all()}
    for peer_id, attendance in recorded.items():
        peers.setdefault(peer_id, attendance.peer)
    ordered = sorted(peers.values(), key=lambda p: (p.first_name, p.last_name, p.pk))
    return [MarkRow(p, recorded[p.pk].status if p.pk in recorded else "") for p in ordered]


@dataclass(frozen=True)
class PeerMeetings:
    upcoming: list[Meeting]
    recent: list[Attendance]


def peer_meetings(peer: Peer, *, now: datetime | None = None) -> PeerMeetings:
    """The peer's next meetings (three months ahead) and their own attendance over the last six months."""
    now = now or timezone.now()
    upcoming = list(
        Meeting.objects.filter(series__participants=peer, starts_at__gte=now, starts_at__lt=now + timedelta(days=92))
        .select_related("series")
        .order_by("starts_at")[:12]
    )
    recent = list(
        Attendance.objects.filter(peer=peer, meeting__starts_at__gte=now - timedelta(days=183))
        .select_related("meeting")
        .order_by("-meeting__starts_at")[:12]
    )
    return PeerMeetings(upcoming=upcoming, recent=recent)


def supervision_flags(organisation: Organisation, *, now: datetime | None = None) -> list[Peer]:
    """Active peers who missed required supervision at the last two sessions (two months running)."""
    peers = annotate_supervision(Peer.objects.of(organisation).filter(status=PeerStatus.ACTIVE), now=now)
    return [p for p in peers.order_by("first_name", "last_name", "pk") if missed_required_supervision_twice(p)]


def peer_supervision(peer: Peer, *, now: datetime | None = None) -> Peer:
    """The peer with the supervision annotations (attendance in the last three months, missed twice)."""
    return annotate_supervision(Peer.objects.filter(pk=peer.pk), now=now).get()


# --- Follow-ups --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpStatus:
    peer: Peer
    last_follow_up: date | None
    interval_days: int
    due: schedule.FollowUpDue

    @property
    def overdue(self) -> bool:
        return self.due.overdue


def _since(peer: Peer) -> date:
    return peer.started_at or timezone.localdate(peer.created_at)


def follow_up_statuses(organisation: Organisation, *, today: date | None = None) -> list[FollowUpStatus]:
    """The active peers the coordinator follows up individually, the most overdue first (two queries)."""
    today = today or timezone.localdate()
    peers = annotate_follow_up(Peer.objects.of(organisation).filter(status=PeerStatus.ACTIVE)).filter(
        follow_up_days__isnull=False  # type: ignore[misc]
    )
    statuses = [
        FollowUpStatus(
            peer=peer,
            last_follow_up=peer.last_follow_up,  # type: ignore[attr-defined]
            interval_days=peer.follow_up_days,  # type: ignore[attr-defined]
            due=schedule.follow_up_due(
                last_follow_up=peer.last_follow_up,  # type: ignore[attr-defined]
                since=_since(peer),
                interval_days=max(1, int(peer.follow_up_days)),  # type: ignore[attr-defined]
                today=today,
            ),
        )
        for peer in peers
    ]
    return sorted(statuses, key=lambda s: (s.due.due_on, s.peer.first_name, s.peer.pk))


def overdue_follow_up_count(organisation: Organisation | None, *, today: date | None = None) -> int | None:
    if organisation is None:
        return None
    return sum(1 for s in follow_up_statuses(organisation, today=today) if s.overdue)


def follow_up_status_of(peer: Peer, *, today: date | None = None) -> FollowUpStatus | None:
    """The peer's follow-up status, or None when the peer is not followed up individually."""
    today = today or timezone.localdate()
    annotated = annotate_follow_up(Peer.objects.filter(pk=peer.pk)).get()
    days = annotated.follow_up_days  # type: ignore[attr-defined]
    if days is None or peer.status != PeerStatus.ACTIVE:
        return None
    last = annotated.last_follow_up  # type: ignore[attr-defined]
    due = schedule.follow_up_due(last_follow_up=last, since=_since(peer), interval_days=max(1, int(days)), today=today)
    return FollowUpStatus(peer=peer, last_follow_up=last, interval_days=int(days), due=due)
