"""Every write about support for peers: recurring meetings and their occurrences, attendance (never content),
the coordinator's follow-ups and their overdue reminders, and a mentor among colleagues."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.models import Organisation, Programme, User
from core.tasks import send_email_task
from education import schedule
from education.defaults import MEETING_DEFAULTS
from education.errors import EducationRefused
from education.models import (
    Attendance,
    AttendanceStatus,
    FollowUp,
    FollowUpForm,
    FollowUpReminder,
    Meeting,
    MeetingSeries,
    MeetingStatus,
)
from education.services import site_url
from people.models import Peer, PeerStatus

# Occurrences are generated this far ahead; the daily job keeps the horizon moving.
HORIZON_MONTHS = 12

# --- Meeting series -------------------------------------------------------------------------------------------


def default_duration(kind: str, programme: Programme | None) -> int:
    """Minutes for a meeting of this kind: the programme's setting (hours) where it has one, else the seeds'."""
    spec = MEETING_DEFAULTS[kind]
    if programme is not None and spec.hours_setting:
        hours = programme.effective_settings().get(spec.hours_setting)
        if hours:
            return round(float(hours) * 60)
    return spec.duration_minutes


def _recurrence(series: MeetingSeries) -> schedule.Recurrence:
    try:
        return schedule.Recurrence(
            ordinal=series.ordinal,
            weekday=series.weekday,
            every_months=series.every_months,
            starts_on=series.starts_on,
            ends_on=series.ends_on,
        )
    except schedule.ScheduleError as error:
        messages = {
            "ends_before_start": _("The series ends before it starts. Put the dates in the right order."),
            "bad_interval": _("A series repeats every 1 to 12 months."),
            "bad_weekday": _("Choose a weekday."),
            "bad_ordinal": _("Choose the week of the month."),
        }
        raise EducationRefused(error.code, messages.get(error.code, str(error)), field=error.field) from None


def _horizon(series: MeetingSeries, today: date) -> date:
    return schedule.add_months(max(today, series.starts_on), HORIZON_MONTHS)


def generate_occurrences(series: MeetingSeries, *, today: date | None = None) -> int:
    """Create the series' meetings up to the horizon that do not exist yet. Returns how many were created."""
    today = today or timezone.localdate()
    existing = set(series.occurrences.values_list("on", flat=True))
    new = [
        Meeting(
            series=series,
            organisation_id=series.organisation_id,
            kind=series.kind,
            on=day,
            starts_at=timezone.make_aware(datetime.combine(day, series.start_time)),
            duration_minutes=series.duration_minutes,
            place=series.place,
        )
        for day in schedule.occurrences(_recurrence(series), _horizon(series, today))
        if day not in existing
    ]
    Meeting.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def create_series(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    ordinal: int,
    weekday: int,
    every_months: int,
    start_time: time,
    starts_on: date,
    acting_user: User | None,
    duration_minutes: int | None = None,
    ends_on: date | None = None,
    place: str = "",
    required: bool | None = None,
    programme: Programme | None = None,
    participants: Iterable[Peer] = (),
) -> MeetingSeries:
    """Plan a recurring meeting for peers, e.g. group supervision on the first Tuesday of every month, and
    generate its meetings a year ahead."""
    spec = MEETING_DEFAULTS[kind]
    members = list(participants)
    if any(p.organisation_id != organisation.pk for p in members):
        raise EducationRefused(
            "other_organisation", _("Choose among your organisation's own peers."), field="participants"
        )
    with transaction.atomic():
        series = MeetingSeries(
            organisation=organisation,
            programme=programme,
            kind=kind,
            title=title or spec.title,
            place=place,
            ordinal=ordinal,
            weekday=weekday,
            every_months=every_months,
            start_time=start_time,
            duration_minutes=duration_minutes or default_duration(kind, programme),
            starts_on=starts_on,
            ends_on=ends_on,
            required=spec.required if required is None else required,
        )
        _recurrence(series)
        series.save()
        series.participants.set(members)
        created = generate_occurrences(series)
        log_action(
            series,
            "education.meeting_series.created",
            actor=acting_user,
            data={"kind": kind, "meetings": created, "participants": len(members)},
        )
    return series


def update_series(
    *,
    series: MeetingSeries,
    acting_user: User | None,
    participants: Iterable[Peer] | None = None,
    **fields: Any,
) -> MeetingSeries:
    """Change a series. Meetings from today on that have no attendance are planned again; the past stays as held."""
    members = list(participants) if participants is not None else None
    if members is not None and any(p.organisation_id != series.organisation_id for p in members):
        raise EducationRefused(
            "other_organisation", _("Choose among your organisation's own peers."), field="participants"
        )
    today = timezone.localdate()
    with transaction.atomic():
        changed = sorted(k for k, v in fields.items() if getattr(series, k) != v)
        for key, value in fields.items():
            setattr(series, key, value)
        _recurrence(series)
        series.save()
        if members is not None:
            series.participants.set(members)
        replanned = 0
        if set(changed) & {
            "ordinal",
            "weekday",
            "every_months",
            "start_time",
            "starts_on",
            "ends_on",
            "place",
            "duration_minutes",
        }:
            stale = series.occurrences.filter(on__gte=today).exclude(
                pk__in=Attendance.objects.filter(meeting__series=series).values("meeting_id")
            )
            replanned, _deleted = stale.delete()
            generate_occurrences(series, today=today)
        log_action(
            series,
            "education.meeting_series.updated",
            actor=acting_user,
            data={"changed": changed, "replanned": replanned},
        )
    return series


def extend_all_series(*, today: date | None = None) -> int:
    """Keep every running series generated a year ahead (daily)."""
    today = today or timezone.localdate()
    created = 0
    for series in MeetingSeries.objects.exclude(ends_on__lt=today):
        with transaction.atomic():
            created += generate_occurrences(series, today=today)
    return created


def cancel_meeting(*, meeting: Meeting, acting_user: User | None, reason: str = "") -> Meeting:
    """Cancel one meeting of a series (e.g. a holiday). Attendance can no longer be recorded for it."""
    with transaction.atomic():
        updated = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.PLANNED).update(
            status=MeetingStatus.CANCELLED, cancelled_reason=reason
        )
        meeting.refresh_from_db()
        if not updated:
            raise EducationRefused("already_cancelled", _("The meeting was already cancelled."))
        log_action(meeting, "education.meeting.cancelled", actor=acting_user, data={"on": meeting.on.isoformat()})
    return meeting


def reinstate_meeting(*, meeting: Meeting, acting_user: User | None) -> Meeting:
    with transaction.atomic():
        updated = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.CANCELLED).update(
            status=MeetingStatus.PLANNED, cancelled_reason=""
        )
        meeting.refresh_from_db()
        if not updated:
            raise EducationRefused("not_cancelled", _("The meeting is not cancelled."))
        log_action(meeting, "education.meeting.reinstated", actor=acting_user, data={"on": meeting.on.isoformat()})
    return meeting


# --- Attendance -----------------------------------------------------------------------------------------------


def record_attendance(
    *, meeting: Meeting, marks: Mapping[Peer, str], acting_user: User | None, now: datetime | None = None
) -> int:
    """Record who came: present, excused or absent per peer ("" removes a mark). Never what was said.

    Present and absent can be marked once the meeting has started; an excuse can be given in advance.
    Returns how many marks changed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status == MeetingStatus.CANCELLED:
            raise EducationRefused(
                "meeting_cancelled",
                _("The meeting was cancelled, so attendance cannot be recorded. Reinstate it first if it was held."),
            )
        if locked.starts_at > now and any(
            s in (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT) for s in marks.values()
        ):
            raise EducationRefused(
                "meeting_not_started",
                _(
                    "The meeting has not started yet. You can record excuses now, and present or absent once it has begun."
                ),
            )
        current = {a.peer_id: a for a in Attendance.objects.filter(meeting=locked)}
        changed = 0
        for peer, status in marks.items():
            if peer.organisation_id != locked.organisation_id:
                raise EducationRefused("other_organisation", _("Choose among your organisation's own peers."))
            existing = current.get(peer.pk)
            if not status:
                if existing is not None:
                    existing.delete()
                    changed += 1
                continue
            if status not in AttendanceStatus.values:
                raise EducationRefused("bad_status", _("Choose present, excused or absent."))
            if existing is None:
                Attendance.objects.create(meeting=locked, peer=peer, status=status, recorded_by=acting_user)
                changed += 1
            elif existing.status != status:
                existing.status, existing.recorded_by, existing.recorded_at = status, acting_user, timezone.now()
                existing.save(update_fields=["status", "recorded_by", "recorded_at"])
                changed += 1
        log_action(
            locked,
            "education.attendance.recorded",
            actor=acting_user,
            data={"on": locked.on.isoformat(), "changed": changed},
        )
    return changed


# --- Follow-ups -------------------------------------------------------------------------------------------------


def record_follow_up(
    *, peer: Peer, held_on: date, form: str, acting_user: User | None, note: str = "", today: date | None = None
) -> FollowUp:
    """Record that the coordinator followed up with the peer: the date and whether by phone or in a meeting.
    Only a short practical note — what was said stays between them."""
    today = today or timezone.localdate()
    if held_on > today:
        raise EducationRefused(
            "date_in_future",
            _("The follow-up is dated in the future. Record it once it has happened."),
            field="held_on",
        )
    if form not in FollowUpForm.values:
        raise EducationRefused("bad_form", _("Choose phone call or meeting."), field="form")
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            peer=peer, held_on=held_on, form=form, note=note.strip(), recorded_by=acting_user
        )
        log_action(
            follow_up,
            "education.follow_up.recorded",
            actor=acting_user,
            organisation=peer.organisation,
            subject_code=peer.code,
            data={"held_on": held_on.isoformat(), "form": form},
        )
    return follow_up


def send_follow_up_reminders(*, today: date | None = None) -> int:
    """Tell each organisation's coordinators which peers have become overdue for a follow-up — once per overdue
    spell (the spell ends when a follow-up is recorded). Returns how many peers were reminded about."""
    from education.support_selectors import follow_up_statuses
    from people.selectors import coordinators_of

    today = today or timezone.localdate()
    reminded = 0
    organisations = Organisation.objects.filter(peers__status=PeerStatus.ACTIVE).distinct()
    for organisation in organisations:
        overdue = [s for s in follow_up_statuses(organisation, today=today) if s.overdue]
        if not overdue:
            continue
        already = set(
            FollowUpReminder.objects.filter(peer__in=[s.peer for s in overdue]).values_list("peer_id", "due_on")
        )
        fresh = [s for s in overdue if (s.peer.pk, s.due.due_on) not in already]
        if not fresh:
            continue
        recipients = [u.email for u in coordinators_of(organisation)]
        try:
            with transaction.atomic():
                FollowUpReminder.objects.bulk_create(
                    [FollowUpReminder(peer=s.peer, due_on=s.due.due_on) for s in fresh]
                )
                for status in fresh:
                    log_action(
                        status.peer,
                        "education.follow_up.reminded",
                        actor=None,
                        subject_code=status.peer.code,
                        data={"due_on": status.due.due_on.isoformat()},
                    )
                if recipients:
                    context = {
                        "organisation": organisation.name,
                        "peers": [
                            {
                                "name": s.peer.full_name,
                                "due_on": formats.date_format(s.due.due_on, "SHORT_DATE_FORMAT"),
                                "days_overdue": s.due.days_overdue,
                            }
                            for s in fresh
                        ],
                        "list_url": site_url(reverse("education:follow_ups")),
                    }
                    transaction.on_commit(partial(_send_overdue_email, recipients, context))
        except IntegrityError:
            continue  # another worker reminded them
        reminded += len(fresh)
    return reminded


def _send_overdue_email(recipients: list[str], context: dict[str, Any]) -> None:
    send_email_task.enqueue(template="education/email/follow_up_overdue", to=recipients, context=context, language="da")


# --- Mentor -------------------------------------------------------------------------------------------------------


def leave_meeting_series(*, peer: Peer, acting_user: User | None) -> int:
    """A peer who ends is no longer a participant of recurring meetings; attendance already marked stays."""
    with transaction.atomic():
        series = list(peer.meeting_series.all())
        for one in series:
            one.participants.remove(peer)
            log_action(
                one,
                "education.series.participant_left",
                actor=acting_user,
                subject_code=peer.code,
                data={"reason": "peer ended"},
            )
    return len(series)


def assign_mentor(*, peer: Peer, mentor: Peer | None, acting_user: User | None) -> Peer:
    """Give the peer a mentor among their colleagues (model 1), or remove the mentor (None)."""
    if mentor is not None:
        if mentor.pk == peer.pk:
            raise EducationRefused("own_mentor", _("A peer cannot be their own mentor."), field="mentor")
        if mentor.organisation_id != peer.organisation_id:
            raise EducationRefused(
                "other_organisation", _("Choose among your organisation's own peers."), field="mentor"
            )
        if mentor.status == PeerStatus.ENDED:
            raise EducationRefused(
                "mentor_ended", _("%(name)s has ended as a peer.") % {"name": mentor.full_name}, field="mentor"
            )
    with transaction.atomic():
        Peer.objects.filter(pk=peer.pk).update(mentor=mentor)
        peer.mentor = mentor
        log_action(
            peer,
            "education.mentor.assigned" if mentor else "education.mentor.removed",
            actor=acting_user,
            subject_code=peer.code,
            data={"mentor": str(mentor.code) if mentor else None},
        )
    return peer
