"""Attendance per session, headcounts at drop-ins, journal notes for closed groups, and certificates.

Attendance is marked on a phone or tablet during or after the session. When the team says the
attendance of the last session is taken – or the run is marked finished – everyone at or above the
programme's attendance threshold (default 80 % of all planned sessions) gets a course certificate,
once, by e-mail.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.models import UnitKind, User
from courses import attendance as engine
from courses.errors import CourseRefused
from courses.models import (
    Attendance,
    Certificate,
    CourseKind,
    CourseRun,
    JournalNote,
    NotificationKind,
    Registration,
    RegistrationStatus,
    RunStatus,
    Session,
    SessionStatus,
)
from courses.services import programme_setting

DEFAULT_CERTIFICATE_PERCENT = 80
JOURNAL_UNIT_KINDS = (UnitKind.WARD, UnitKind.OUTPATIENT)
# What the journal receives – only the fact of attendance (DOMAIN §9); the journal is kept in Danish.
JOURNAL_TEXT = "Deltog i recoverygruppe {day:%d.%m.%Y}"


def _check_session_open_for_attendance(session: Session) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise CourseRefused("session_cancelled", _("The session is cancelled, so there is no attendance to mark."))
    if session.run.status == RunStatus.CANCELLED:
        raise CourseRefused("run_cancelled", _("The course has been cancelled."))
    if not session.has_started():
        raise CourseRefused("session_not_started", _("Attendance can be marked once the session has begun."))


def writes_journal_notes(run: CourseRun) -> bool:
    """Closed groups on a ward or in district psychiatry send attendance – and only that – to the journal."""
    return run.course.kind == CourseKind.CLOSED_GROUP and run.unit.kind in JOURNAL_UNIT_KINDS


def set_attendance(
    *, session: Session, registration: Registration, present: bool, acting_user: User | None
) -> Attendance:
    """Mark one participant present or absent at one session."""
    _check_session_open_for_attendance(session)
    if registration.run_id != session.run_id or registration.status != RegistrationStatus.CONFIRMED:
        raise CourseRefused("not_a_participant", _("Only participants with a place can be marked present."))
    with transaction.atomic():
        note = JournalNote.objects.filter(registration=registration, session=session).first()
        if not present and note is not None and note.filed_at is not None:
            raise CourseRefused(
                "journal_note_filed",
                _("The attendance has been filed in the journal. Ask the secretary to correct the journal first."),
            )
        attendance, _created = Attendance.objects.update_or_create(
            session=session,
            registration=registration,
            defaults={"present": present, "marked_at": timezone.now(), "marked_by": acting_user},
        )
        if writes_journal_notes(session.run):
            if present and note is None:
                JournalNote.objects.create(
                    registration=registration, session=session, text=JOURNAL_TEXT.format(day=session.day)
                )
            elif not present and note is not None:
                note.delete()
        log_action(
            session,
            "courses.attendance.marked",
            actor=acting_user,
            data={"registration": str(registration.code), "present": present},
        )
    return attendance


def complete_attendance(*, session: Session, acting_user: User | None) -> list[Certificate]:
    """The team says the session's attendance is taken. After the last planned session, certificates
    are issued to everyone who reached the threshold."""
    _check_session_open_for_attendance(session)
    with transaction.atomic():
        Session.objects.filter(pk=session.pk).update(
            attendance_marked_at=timezone.now(), attendance_marked_by=acting_user
        )
        session.refresh_from_db()
        log_action(session, "courses.attendance.completed", actor=acting_user)
        run = session.run
        open_sessions = run.sessions.planned().filter(attendance_marked_at__isnull=True)
        if run.takes_registrations and not open_sessions.exists():
            return issue_certificates(run=run, acting_user=acting_user)
    return []


def record_headcount(*, session: Session, headcount: int, names: Sequence[str], acting_user: User | None) -> Session:
    """A drop-in has no registration: the team records how many came and, if they like, first names."""
    _check_session_open_for_attendance(session)
    if headcount < 0:
        raise CourseRefused("headcount_negative", _("The number cannot be negative."), field="headcount")
    cleaned = [n.strip()[:100] for n in names if n.strip()]
    if len(cleaned) > headcount:
        raise CourseRefused(
            "more_names_than_people", _("You wrote more names than the number who came."), field="names"
        )
    with transaction.atomic():
        Session.objects.filter(pk=session.pk).update(
            headcount=headcount,
            visitor_names=cleaned,
            attendance_marked_at=timezone.now(),
            attendance_marked_by=acting_user,
        )
        session.refresh_from_db()
        log_action(session, "courses.headcount.recorded", actor=acting_user, data={"headcount": headcount})
    return session


def attendance_shares(run: CourseRun) -> dict[int, engine.AttendanceShare]:
    """Each confirmed participant's attendance as a share of all planned sessions (two queries)."""
    planned = run.sessions.planned().count()
    rows = (
        Registration.objects.filter(run=run, status=RegistrationStatus.CONFIRMED)
        .annotate(
            attended=Count(
                "attendance",
                filter=Q(attendance__present=True, attendance__session__status=SessionStatus.PLANNED),
            )
        )
        .values_list("pk", "attended")
    )
    return {pk: engine.share(min(int(attended), planned), planned) for pk, attended in rows}


def _certificate_sender(task: Any, code: str) -> Callable[[], None]:
    def send() -> None:
        task.enqueue(certificate_code=code)

    return send


def issue_certificates(*, run: CourseRun, acting_user: User | None) -> list[Certificate]:
    """Issue a certificate to every participant at or above the threshold who has none yet, and send it."""
    from courses.registration_services import notify_registration
    from courses.tasks import send_certificate_task

    threshold = programme_setting(run.course.programme, "certificate_attendance_percent", DEFAULT_CERTIFICATE_PERCENT)
    shares = attendance_shares(run)
    has_one = set(Certificate.objects.filter(registration__run=run).values_list("registration_id", flat=True))
    issued: list[Certificate] = []
    with transaction.atomic():
        for registration in Registration.objects.filter(pk__in=list(shares)).select_related("run__version"):
            share = shares[registration.pk]
            if registration.pk in has_one or not engine.earns_certificate(share, threshold):
                continue
            certificate = Certificate.objects.create(
                registration=registration, attended=share.attended, planned=share.planned
            )
            log_action(
                certificate,
                "courses.certificate.issued",
                actor=acting_user,
                data={"attended": share.attended, "planned": share.planned},
            )
            issued.append(certificate)
            if registration.email:
                transaction.on_commit(_certificate_sender(send_certificate_task, str(certificate.code)))
            else:
                notify_registration(registration=registration, kind=NotificationKind.CERTIFICATE)
        CourseRun.objects.filter(pk=run.pk, certificates_issued_at__isnull=True).update(
            certificates_issued_at=timezone.now()
        )
    return issued


def file_journal_note(*, note: JournalNote, acting_user: User) -> JournalNote:
    """The secretary has written the note into the patient journal."""
    with transaction.atomic():
        changed = JournalNote.objects.filter(pk=note.pk, filed_at__isnull=True).update(
            filed_at=timezone.now(), filed_by=acting_user
        )
        if changed != 1:
            raise CourseRefused("already_filed", _("The note has already been filed."))
        note.refresh_from_db()
        log_action(note, "courses.journal_note.filed", actor=acting_user)
    return note
