"""Annotations on a QuerySet[Peer] for lists of many peers: the coordinator's overview, the follow-up list,
the supervision flags. Each adds subqueries only, so a list costs the same number of queries for 10
peers as for 10,000.

The qualification annotation mirrors `education.rules` in SQL (a test keeps the two in step).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from core.models import Programme
from core.programme_defaults import default_settings_for
from education.models import (
    Attendance,
    AttendanceStatus,
    EducationPolicy,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    ModuleCompletion,
    QualificationRule,
    QualifiedRoleChoices,
    RequirementLevel,
    RuleRequirement,
    Track,
    TrackRequirement,
)
from education.schedule import add_months
from people.models import Peer, PeerKind

# Peers of these programme models get the coordinator's individual follow-up (seed 004, peer-guide model:
# the coordinator calls each guide at least every 14 days); the interval is the programme's setting.
FOLLOW_UP_MODELS = (Programme.Model.PEER_GUIDE,)
DEFAULT_DEADLINE_MONTHS = 12
DEFAULT_FIRST_WARNING_DAYS = 60

TRACK_OF_KIND = Case(
    When(kind=PeerKind.PAID, then=Value(Track.PAID.value)),
    When(kind=PeerKind.DUAL_COMPETENCE, then=Value(Track.COLLEAGUE.value)),
    default=Value(Track.VOLUNTEER.value),
    output_field=CharField(),
)


def track_of(peer: Peer) -> str:
    """The education track of a peer: paid and volunteer peers their own; dual-competence staff the colleagues'."""
    if peer.kind == PeerKind.PAID:
        return Track.PAID
    if peer.kind == PeerKind.DUAL_COMPETENCE:
        return Track.COLLEAGUE
    return Track.VOLUNTEER


def _count(queryset: QuerySet, group: str) -> Subquery:  # type: ignore[type-arg]
    """A COUNT subquery (grouped on a column that is constant within the subquery)."""
    return Subquery(queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1])


# --- Education: start, deadline, outstanding mandatory modules ----------------------------------------------


def annotate_education(queryset: QuerySet[Peer]) -> QuerySet[Peer]:
    """education_start, mandatory_total, mandatory_outstanding, deadline_months, first_warning_days and
    education_deadline_sort (the start, for peers with modules outstanding)."""
    first_run = (
        Enrolment.objects.filter(peer=OuterRef("pk"))
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .order_by("run__starts_on")
        .values("run__starts_on")[:1]
    )
    queryset = queryset.annotate(
        education_track=TRACK_OF_KIND,
        education_start=Coalesce(F("started_at"), Subquery(first_run), output_field=DateField()),
    )
    mandatory = TrackRequirement.objects.filter(
        module__organisation=OuterRef("organisation"),
        module__active=True,
        level=RequirementLevel.MANDATORY,
        track=OuterRef("education_track"),
    )
    outstanding = mandatory.filter(
        ~Exists(ModuleCompletion.objects.filter(peer=OuterRef(OuterRef("pk")), module=OuterRef("module")))
    )
    policy = EducationPolicy.objects.filter(organisation=OuterRef("organisation"))
    return queryset.annotate(
        mandatory_total=Coalesce(_count(mandatory, "level"), Value(0)),
        mandatory_outstanding=Coalesce(_count(outstanding, "level"), Value(0)),
        deadline_months=Coalesce(
            Subquery(policy.values("deadline_months")[:1]), Value(DEFAULT_DEADLINE_MONTHS), output_field=IntegerField()
        ),
        first_warning_days=Coalesce(
            Subquery(policy.values("first_warning_days")[:1]),
            Value(DEFAULT_FIRST_WARNING_DAYS),
            output_field=IntegerField(),
        ),
    ).annotate(
        # Within one organisation every peer has the same number of months, so the start orders the deadlines.
        education_deadline_sort=Case(
            When(mandatory_outstanding__gt=0, then=F("education_start")), default=None, output_field=DateField()
        )
    )


def annotated_deadline(peer: Peer) -> date | None:
    """The deadline of a peer annotated by `annotate_education` (None: nothing outstanding or not started)."""
    start = getattr(peer, "education_start", None)
    if not getattr(peer, "mandatory_outstanding", 0) or start is None:
        return None
    return add_months(start, int(getattr(peer, "deadline_months", DEFAULT_DEADLINE_MONTHS)))


# --- Qualification --------------------------------------------------------------------------------------------


def qualified_expression(role: str) -> Exists:
    """True for a peer who meets the organisation's rule for the role (see `education.rules.evaluate`)."""
    completed_one = ModuleCompletion.objects.filter(
        peer=OuterRef(OuterRef(OuterRef("pk"))), module__requirement_groups=OuterRef("pk")
    )
    unmet = RuleRequirement.objects.filter(rule=OuterRef("pk")).filter(~Exists(completed_one))
    rule = (
        QualificationRule.objects.filter(organisation=OuterRef("organisation"), role=role)
        .filter(
            Q(needs_admission_experience=False) | Q(needs_admission_experience=OuterRef("has_admission_experience"))
        )
        .filter(~Exists(unmet))
    )
    return Exists(rule)


def annotate_qualifications(queryset: QuerySet[Peer]) -> QuerySet[Peer]:
    return queryset.annotate(
        **{f"qualified_{role}": qualified_expression(role) for role in QualifiedRoleChoices.values}
    )


def annotated_roles(peer: Peer) -> list[str]:
    return [role for role in QualifiedRoleChoices.values if getattr(peer, f"qualified_{role}", False)]


# --- Follow-ups -----------------------------------------------------------------------------------------------


def annotate_follow_up(queryset: QuerySet[Peer]) -> QuerySet[Peer]:
    """last_follow_up (date) and follow_up_days (None: the peer is not followed up individually)."""
    last = FollowUp.objects.filter(peer=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    default_days = int(default_settings_for(Programme.Model.PEER_GUIDE)["follow_up_days"])
    days = (
        Programme.objects.filter(peers=OuterRef("pk"), model__in=FOLLOW_UP_MODELS, active=True)
        .annotate(
            days=Coalesce(Cast(KT("settings__follow_up_days"), IntegerField()), Value(default_days)),
        )
        .order_by("days")
        .values("days")[:1]
    )
    return queryset.annotate(last_follow_up=Subquery(last), follow_up_days=Subquery(days))


# --- Supervision attendance -------------------------------------------------------------------------------------


def _involving_peer(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings the outer peer takes part in: as a participant of the series, or with attendance recorded."""
    participant = MeetingSeries.participants.through.objects.filter(
        meetingseries_id=OuterRef("series_id"), peer_id=OuterRef(OuterRef("pk"))
    )
    attended = Attendance.objects.filter(meeting=OuterRef("pk"), peer=OuterRef(OuterRef("pk")))
    return meetings.filter(Q(Exists(participant)) | Q(Exists(attended)))


def supervision_window_start(now: datetime) -> datetime:
    start = add_months(timezone.localtime(now).date(), -3)
    return timezone.make_aware(datetime.combine(start, time.min))


def annotate_supervision(queryset: QuerySet[Peer], *, now: datetime | None = None) -> QuerySet[Peer]:
    """supervision_expected / supervision_present (last 3 months) and what flags missed required supervision:
    the second-to-last required session and the last one attended."""
    now = now or timezone.now()
    since = supervision_window_start(now)
    held = Meeting.objects.filter(kind=MeetingKind.SUPERVISION, status=MeetingStatus.PLANNED, starts_at__lt=now)
    expected = _involving_peer(held.filter(starts_at__gte=since))
    present = Attendance.objects.filter(
        peer=OuterRef("pk"),
        status=AttendanceStatus.PRESENT,
        meeting__kind=MeetingKind.SUPERVISION,
        meeting__status=MeetingStatus.PLANNED,
        meeting__starts_at__lt=now,
    )
    # Only sessions whose attendance has been taken count: an unmarked session is not a missed one.
    taken = Exists(Attendance.objects.filter(meeting=OuterRef("pk")))
    required = _involving_peer(held.filter(series__required=True).filter(taken))
    return queryset.annotate(
        supervision_expected=Coalesce(_count(expected, "kind"), Value(0)),
        supervision_present=Coalesce(_count(present.filter(meeting__starts_at__gte=since), "peer"), Value(0)),
        supervision_second_last_required=Subquery(required.order_by("-starts_at").values("starts_at")[1:2]),
        supervision_last_present_required=Subquery(
            present.filter(meeting__series__required=True)
            .order_by("-meeting__starts_at")
            .values("meeting__starts_at")[:1]
        ),
    )


def missed_required_supervision_twice(peer: Peer) -> bool:
    """The peer missed the last two required supervision sessions (monthly: two months running)."""
    second_last = getattr(peer, "supervision_second_last_required", None)
    if second_last is None:
        return False
    last_present = getattr(peer, "supervision_last_present_required", None)
    return last_present is None or last_present < second_last
