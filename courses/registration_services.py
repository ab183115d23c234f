"""Registration for course runs: places, the waiting list, cancellation, messages to participants, and the
two daily jobs (warning the lead about runs below their minimum; anonymising old registrations).

Capacity is decided under a row lock on the run (docs/concurrency.md): lock the CourseRun, count the
confirmed places again, decide CONFIRMED or WAITING, write, commit. Cancelling takes the same lock and
moves the first on the waiting list up, in order of arrival (`created_at`, then id).
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.audit import log_action
from core.models import AuditKind, User
from courses import notify
from courses.errors import CourseRefused
from courses.models import (
    Channel,
    CourseKind,
    CourseRun,
    Notification,
    NotificationKind,
    Perspective,
    Registration,
    RegistrationStatus,
    RunStatus,
    Session,
    SessionStatus,
)
from courses.services import programme_setting

logger = logging.getLogger(__name__)

TOKEN_SALT = "courses.registration"
DEFAULT_WARNING_DAYS = 7
DEFAULT_RETENTION_DAYS = 365


# --------------------------------------------------------------------------------------------------
# Contact details and the participant's own link


def email_key(email: str) -> str:
    return email.strip().lower()


def phone_key(phone: str) -> str:
    """Digits only, without the Danish country code, so "+45 12 34 56 78" and "12345678" are one number."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("0045"):
        digits = digits[4:]
    elif digits.startswith("45") and len(digits) == 10:
        digits = digits[2:]
    return digits


def registration_token(registration: Registration) -> str:
    """A signed token for the participant's own page and cancel link (no login needed)."""
    return signing.Signer(salt=TOKEN_SALT).sign(registration.code.hex)


def registration_from_token(token: str) -> Registration | None:
    try:
        code = signing.Signer(salt=TOKEN_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.filter(code=code, anonymised_at__isnull=True)
        .select_related("run__version", "run__course__organisation", "run__course__programme", "run__unit")
        .first()
    )


def registration_url(registration: Registration) -> str:
    path = reverse("courses:my_registration", kwargs={"token": registration_token(registration)})
    return settings.SITE_URL.rstrip("/") + path


# --------------------------------------------------------------------------------------------------
# Registering and cancelling


def _check_contact(name: str, email: str, phone: str) -> None:
    if not name.strip():
        raise CourseRefused("name_missing", _("Write your name."), field="name")
    if not email.strip() and len(phone_key(phone)) < 8:
        raise CourseRefused(
            "contact_missing", _("Give an e-mail address or a phone number so we can reach you."), field="email"
        )


def _check_run_takes(run: CourseRun, *, by_referral: bool, now: datetime) -> None:
    if run.course.kind == CourseKind.DROP_IN:
        raise CourseRefused("drop_in", _("This is a drop-in: there is no registration, just come."))
    if run.course.kind == CourseKind.CLOSED_GROUP and not by_referral:
        raise CourseRefused("closed_group", _("This group is by referral only. Ask your contact person about a place."))
    if run.status == RunStatus.CANCELLED:
        raise CourseRefused("run_cancelled", _("The course has been cancelled."))
    if run.status == RunStatus.CLOSED:
        raise CourseRefused("run_closed", _("The course has finished."))
    sessions = run.sessions.filter(status=SessionStatus.PLANNED).order_by("day", "start")
    if by_referral:
        if run.status not in (RunStatus.DRAFT, RunStatus.PUBLISHED):
            raise CourseRefused("run_not_open", _("The course is not open for registration."))
        last = sessions.last()
        if last is not None and last.has_started(now):
            raise CourseRefused("run_past", _("The last session has already taken place."))
        return
    if run.status != RunStatus.PUBLISHED:
        raise CourseRefused("run_not_open", _("The course is not open for registration."))
    first = sessions.first()
    if first is None or first.has_started(now):
        raise CourseRefused("run_past", _("The course has already started, so it is no longer possible to sign up."))


def register_participant(
    *,
    run: CourseRun,
    name: str,
    email: str = "",
    phone: str = "",
    perspective: str = "",
    user: User | None = None,
    acting_user: User | None = None,
    by_referral: bool = False,
) -> Registration:
    """Give the person a place, or a place on the waiting list when the run is full. Someone already
    registered (same e-mail or phone on the run) is refused, and nothing else changes."""
    _check_contact(name, email, phone)
    if perspective and perspective not in Perspective.values:
        raise CourseRefused("bad_perspective", _("Choose one of the perspectives, or none."), field="perspective")
    with transaction.atomic():
        locked = (
            CourseRun.objects.select_for_update(of=("self",))
            .select_related("course__programme", "course__organisation", "version")
            .get(pk=run.pk)
        )
        now = timezone.now()
        _check_run_takes(locked, by_referral=by_referral, now=now)
        confirmed = locked.registrations.confirmed().count()
        has_room = locked.capacity is None or confirmed < locked.capacity
        status = RegistrationStatus.CONFIRMED if has_room else RegistrationStatus.WAITING
        registration = Registration(
            run=locked,
            name=name.strip()[:200],
            email=email.strip(),
            phone=phone.strip()[:32],
            email_key=email_key(email),
            phone_key=phone_key(phone),
            perspective=perspective,
            status=status,
            channel=Channel.EMAIL if email.strip() else Channel.SMS,
            user=user,
            registered_by=acting_user,
            by_referral=by_referral,
            created_at=now,
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise CourseRefused(
                "already_registered",
                _("You are already registered for this course with that e-mail address or phone number."),
                field="email",
            ) from None
        log_action(
            registration,
            "courses.registration.created",
            actor=acting_user or user,
            organisation=locked.course.organisation,
            data={"status": status, "by_referral": by_referral, "channel": registration.channel},
        )
        notify_registration(
            registration=registration,
            kind=NotificationKind.CONFIRMED if has_room else NotificationKind.WAITING,
        )
    return registration


def cancel_registration(*, registration: Registration, acting_user: User | None, by_participant: bool) -> Registration:
    """Cancel a place or a place in the queue. A freed place goes to the first on the waiting list at once,
    and they are told."""
    with transaction.atomic():
        locked_run = CourseRun.objects.select_for_update(of=("self",)).get(pk=registration.run_id)
        previous = Registration.objects.filter(pk=registration.pk).values_list("status", flat=True).first()
        if previous is None or previous == RegistrationStatus.CANCELLED:
            raise CourseRefused("already_cancelled", _("The registration has already been cancelled."))
        if locked_run.status == RunStatus.CLOSED:
            raise CourseRefused("run_closed", _("The course has finished."))
        Registration.objects.filter(pk=registration.pk).update(
            status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now(), cancelled_by_participant=by_participant
        )
        registration.refresh_from_db()
        log_action(
            registration,
            "courses.registration.cancelled",
            actor=acting_user or ("participant" if by_participant else None),
            organisation=locked_run.course.organisation,
            data={"was": previous, "by_participant": by_participant},
        )
        notify_registration(registration=registration, kind=NotificationKind.CANCELLED)
        if previous == RegistrationStatus.CONFIRMED:
            promote_waiting(run=locked_run, acting_user=acting_user)
    return registration


def promote_waiting(*, run: CourseRun, acting_user: User | None) -> list[Registration]:
    """Fill free places from the waiting list in order of arrival. The caller holds the run's lock."""
    if run.capacity is None or run.status not in (RunStatus.DRAFT, RunStatus.PUBLISHED):
        return []
    free = run.capacity - Registration.objects.filter(run=run, status=RegistrationStatus.CONFIRMED).count()
    if free <= 0:
        return []
    promoted = list(Registration.objects.filter(run=run).waiting()[:free])
    now = timezone.now()
    for registration in promoted:
        Registration.objects.filter(pk=registration.pk, status=RegistrationStatus.WAITING).update(
            status=RegistrationStatus.CONFIRMED, promoted_at=now
        )
        registration.refresh_from_db()
        log_action(
            registration,
            "courses.registration.promoted",
            actor=acting_user,
            organisation=run.course.organisation,
        )
        notify_registration(registration=registration, kind=NotificationKind.PROMOTED)
    return promoted


# --------------------------------------------------------------------------------------------------
# Messages to participants

EMAIL_TEMPLATES: dict[str, str] = {
    NotificationKind.CONFIRMED: "courses/email/registration_confirmed",
    NotificationKind.WAITING: "courses/email/registration_waiting",
    NotificationKind.PROMOTED: "courses/email/registration_promoted",
    NotificationKind.CANCELLED: "courses/email/registration_cancelled",
    NotificationKind.RUN_CANCELLED: "courses/email/run_cancelled",
    NotificationKind.SESSION_CANCELLED: "courses/email/session_cancelled",
}


def _dates(run: CourseRun) -> list[str]:
    return [
        f"{date_format(s.day, 'l j. F Y')} {s.start:%H.%M}–{s.end_time:%H.%M}"
        for s in run.sessions.filter(status=SessionStatus.PLANNED).order_by("day", "start")
    ]


def _context(registration: Registration, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    run = registration.run
    with translation.override("da"):
        dates = _dates(run)
    unit = run.unit
    return {
        "name": registration.name,
        "title": run.version.title,
        "organisation": run.course.organisation.name,
        "place": ", ".join(p for p in (unit.name, unit.address, f"{unit.postcode} {unit.city}".strip()) if p),
        "room": run.room,
        "dates": dates,
        "url": registration_url(registration),
        "position": registration.waiting_position(),
        **(extra or {}),
    }


def _sms_text(kind: str, context: dict[str, Any]) -> str:
    with translation.override("da"):
        texts: dict[str, Any] = {
            NotificationKind.CONFIRMED: _("You have a place on %(title)s. See or cancel: %(url)s"),
            NotificationKind.WAITING: _("You are number %(position)s on the waiting list for %(title)s. %(url)s"),
            NotificationKind.PROMOTED: _("A place has opened up: you now have a place on %(title)s. %(url)s"),
            NotificationKind.CANCELLED: _("Your registration for %(title)s is cancelled."),
            NotificationKind.RUN_CANCELLED: _("%(title)s has been cancelled. We are sorry."),
            NotificationKind.SESSION_CANCELLED: _("The session of %(title)s on %(day)s is cancelled."),
            NotificationKind.CERTIFICATE: _("Your course certificate for %(title)s is ready. Ask the school for it."),
        }
        return str(texts[kind]) % context


def notify_registration(*, registration: Registration, kind: str, extra: dict[str, Any] | None = None) -> Notification:
    """Tell the participant by e-mail, or by SMS when they gave only a phone number. E-mails go after commit;
    SMS go through `courses.notify`, which only logs them while no SMS gateway is configured – the
    notification then stays "not sent" so the lead can pass it on by phone."""
    context = _context(registration, extra)
    channel = registration.channel if registration.email or registration.phone else Channel.EMAIL
    if channel == Channel.EMAIL and registration.email:
        notification = Notification.objects.create(
            registration=registration, kind=kind, channel=Channel.EMAIL, delivered=True
        )
        notify.email_after_commit(
            template=EMAIL_TEMPLATES[kind], to=[registration.email], context=context, language="da"
        )
        return notification
    text = _sms_text(kind, context)
    notification = Notification.objects.create(
        registration=registration, kind=kind, channel=Channel.SMS, text=text, delivered=False
    )
    phone = registration.phone

    def _mark(sent: bool) -> None:
        if sent:
            Notification.objects.filter(pk=notification.pk).update(delivered=True)

    notify.sms_after_commit(phone, text, _mark)
    return notification


def notify_run_cancelled(*, run: CourseRun) -> int:
    registrations = list(run.registrations.active().select_related("run__version", "run__unit", "run__course"))
    for registration in registrations:
        notify_registration(registration=registration, kind=NotificationKind.RUN_CANCELLED)
    return len(registrations)


def notify_session_cancelled(*, session: Session) -> int:
    with translation.override("da"):
        day = date_format(session.day, "l j. F")
    registrations = list(session.run.registrations.confirmed().select_related("run__version", "run__unit"))
    for registration in registrations:
        notify_registration(
            registration=registration,
            kind=NotificationKind.SESSION_CANCELLED,
            extra={"day": day, "reason": session.cancel_reason},
        )
    return len(registrations)


def mark_notification_handled(*, notification: Notification, acting_user: User) -> Notification:
    """The lead passed an unsent SMS on by phone."""
    with transaction.atomic():
        Notification.objects.filter(pk=notification.pk, handled_at__isnull=True).update(
            handled_at=timezone.now(), handled_by=acting_user
        )
        notification.refresh_from_db()
        log_action(notification, "courses.notification.handled", actor=acting_user)
    return notification


# --------------------------------------------------------------------------------------------------
# Daily jobs


def _lead_emails(run: CourseRun) -> list[str]:
    emails = []
    for member in run.team.select_related("user", "peer__user"):
        if member.is_lead:
            login = member.login
            emails.append(member.email or (login.email if login else ""))
    return [e for e in emails if e]


def warn_runs_below_minimum(*, today: date | None = None) -> int:
    """Once per run: tell the lead when a published run is still below its minimum N days before it starts
    (programme setting "course_minimum_warning_days", default 7)."""
    day = today or timezone.localdate()
    candidates = (
        CourseRun.objects.below_minimum(day)
        .filter(minimum_warning_sent_at__isnull=True)
        .select_related("course__programme", "course__organisation", "version")
    )
    warned = 0
    for run in candidates:
        days = int(programme_setting(run.course.programme, "course_minimum_warning_days", DEFAULT_WARNING_DAYS))
        if run.starts_on is None or run.starts_on > day + timedelta(days=days):
            continue
        with transaction.atomic():
            if (
                CourseRun.objects.filter(pk=run.pk, minimum_warning_sent_at__isnull=True).update(
                    minimum_warning_sent_at=timezone.now()
                )
                != 1
            ):
                continue
            recipients = _lead_emails(run)
            context = {
                "title": run.version.title,
                "organisation": run.course.organisation.name,
                "starts_on": run.starts_on.strftime("%d.%m.%Y"),
                "confirmed": run.confirmed_count(),
                "minimum": run.min_participants,
                "url": settings.SITE_URL.rstrip("/") + reverse("courses:run_detail", kwargs={"code": run.code}),
            }
            if recipients:
                notify.email_after_commit(
                    template="courses/email/below_minimum", to=recipients, context=context, language="da"
                )
            else:
                logger.warning("Run %s is below its minimum, and its team has no lead with an e-mail", run.code)
            log_action(run, "courses.run.below_minimum_warned", actor=None, data={"to": len(recipients)})
        warned += 1
    return warned


def anonymise_expired_registrations(*, today: date | None = None) -> int:
    """Remove names and contact details from registrations when the programme's retention period
    ("registration_retention_days", default 365) has passed since the run ended (or was cancelled).
    What remains – perspective, status, attendance – keeps the reports whole without naming anyone."""
    day = today or timezone.localdate()
    runs = (
        CourseRun.objects.filter(Q(status=RunStatus.CLOSED) | Q(status=RunStatus.CANCELLED) | Q(ends_on__lt=day))
        .filter(registrations__anonymised_at__isnull=True)
        .select_related("course__programme")
        .distinct()
    )
    count = 0
    for run in runs:
        days = int(programme_setting(run.course.programme, "registration_retention_days", DEFAULT_RETENTION_DAYS))
        ended = run.ends_on
        if run.status == RunStatus.CANCELLED and run.cancelled_at:
            ended = timezone.localtime(run.cancelled_at).date()
        if ended is None or ended + timedelta(days=days) > day:
            continue
        with transaction.atomic():
            rows = Registration.objects.filter(run=run, anonymised_at__isnull=True)
            ids = list(rows.values_list("pk", flat=True))
            rows.update(
                name="", email="", phone="", email_key="", phone_key="", user=None, anonymised_at=timezone.now()
            )
            Notification.objects.filter(registration_id__in=ids).update(text="")
            Session.objects.filter(run=run).exclude(visitor_names=[]).update(visitor_names=[])
            log_action(
                run,
                "courses.registrations.anonymised",
                actor=None,
                kind=AuditKind.DELETE,
                data={"registrations": len(ids), "retention_days": days},
            )
        count += len(ids)
    return count
