"""Every write of a course of support: start, contact, meetings, the cooperation agreement, the end,
the final evaluations, and the transport claims of volunteers.

The referrals app starts a course when the peer accepts a match (`start_course`); this app hands a
citizen back to the waiting queue through `referrals.services` when a course ends because the match
did not work and the citizen still wants a peer.
"""

from __future__ import annotations

import datetime
import importlib
import logging
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from core.audit import log_action
from core.models import Organisation, Programme, User
from core.tasks import send_email_task
from people.models import Citizen, Peer
from support import rules
from support.models import (
    AGREEMENT_TEXT_FIELDS,
    DEFAULT_KM_RATE,
    TREATMENT_ACTIVITIES,
    ClaimStatus,
    CooperationAgreement,
    EndedBy,
    EndReason,
    ExpenseClaim,
    Meeting,
    PaymentExport,
    Stage,
    SupportCourse,
)

logger = logging.getLogger(__name__)

CITIZEN_INSTRUMENT = "course_end_citizen"
PEER_INSTRUMENT = "course_end_peer"
INDIVIDUAL_MODEL = "individual_group"


class SupportError(Exception):
    """An action the course refuses; `code` is stable, the views show a translated message."""

    def __init__(self, code: str, message: str = "") -> None:
        self.code = code
        super().__init__(message or code)


def _setting(programme: Programme, key: str, default: Any) -> Any:
    try:
        value = programme.setting(key)
    except KeyError:
        return default
    return default if value in (None, "") else value


def rules_for(programme: Programme) -> rules.CourseRules:
    """The programme's course rules: its longest course and how long before the end to remind."""
    return rules.CourseRules(
        course_weeks=int(_setting(programme, "course_max_weeks", rules.DEFAULT_COURSE_WEEKS)),
        end_reminder_days=int(_setting(programme, "course_end_reminder_days", rules.DEFAULT_END_REMINDER_DAYS)),
        agreement_within_meetings=int(
            _setting(programme, "agreement_within_meetings", rules.AGREEMENT_WITHIN_MEETINGS)
        ),
    )


def km_rate(programme: Programme | None) -> Decimal:
    if programme is None:
        return DEFAULT_KM_RATE
    return Decimal(str(_setting(programme, "km_rate", DEFAULT_KM_RATE)))


def _email_after_commit(template: str, to: str, context: dict[str, Any], language: str = "da") -> None:
    if not to:
        return
    transaction.on_commit(
        lambda: send_email_task.enqueue(template=template, to=[to], context=context, language=language)
    )


# --------------------------------------------------------------------------------------------------
# Start


def open_course(
    *,
    actor: User | None,
    citizen: Citizen,
    peer: Peer,
    programme: Programme,
    started_on: datetime.date | None = None,
    match: Model | None = None,
) -> SupportCourse:
    """Start a course between a peer and a citizen; its planned end follows the programme's setting."""
    if not (citizen.organisation_id == peer.organisation_id == programme.organisation_id):
        raise SupportError("other_organisation", "citizen, peer and programme must be of one organisation")
    start = started_on or timezone.localdate()
    with transaction.atomic():
        existing = SupportCourse.objects.active().filter(citizen=citizen, peer=peer).first()
        if existing is not None:
            if match is not None and existing.match_id is None:
                existing.match = match  # type: ignore[assignment]
                existing.save(update_fields=["match"])
            return existing
        course = SupportCourse(
            organisation=programme.organisation,
            programme=programme,
            citizen=citizen,
            peer=peer,
            started_on=start,
            planned_end=rules.planned_end(start, rules_for(programme)),
        )
        course.match = match  # type: ignore[assignment]
        course.save()
        log_action(
            course,
            "support.course.started",
            actor=actor,
            subject_code=citizen.code,
            data={"peer": str(peer.code), "planned_end": course.planned_end.isoformat()},
        )
        invite_as_planned(actor=actor, course=course, occasion="start")
    return course


def invite_as_planned(*, actor: User | None, course: SupportCourse, occasion: str) -> None:
    """Invite the citizen to what the programme's measurement plan names at the course's start or end
    (e.g. CHIME at start and end). Each questionnaire once per course; nothing when no plan is set."""
    services = _feedback_services()
    if services is None:
        return
    services.invite_as_planned(
        programme=course.programme,
        occasion=occasion,
        respondent_citizen=course.citizen,
        context_object=course,
        send_email_to=course.citizen.email or None,
        acting_user=actor,
    )


def start_course(*, actor: User | None, match: Any) -> SupportCourse:
    """The peer accepted a match: the course of support begins with the peer contacting the citizen.

    Called by the referrals app. Calling it again for the same match returns the same course.
    """
    existing = SupportCourse.objects.filter(match=match).first()
    if existing is not None:
        return existing
    referral = match.referral
    return open_course(
        actor=actor,
        citizen=referral.citizen,
        peer=match.peer,
        programme=referral.programme,
        match=match,
    )


def record_contact(*, actor: User | None, course: SupportCourse, contacted_on: datetime.date) -> SupportCourse:
    """The peer has contacted the citizen (directly or through the key person or contact person)."""
    _require_active(course)
    if contacted_on > timezone.localdate():
        raise SupportError("in_future")
    if contacted_on < course.started_on:
        raise SupportError("before_start")
    with transaction.atomic():
        course.contacted_on = contacted_on
        course.save(update_fields=["contacted_on"])
        log_action(course, "support.course.contacted", actor=actor, subject_code=course.citizen.code)
    return course


def _require_active(course: SupportCourse) -> None:
    if not course.is_active:
        raise SupportError("ended")


# --------------------------------------------------------------------------------------------------
# Meetings


def log_meeting(
    *,
    actor: User | None,
    course: SupportCourse,
    held_on: datetime.date,
    duration_minutes: int,
    activity: str,
    place: str = "",
    accompanied: str = "",
    note: str = "",
) -> Meeting:
    """Log a meeting held with the citizen. The first one moves the course on from "contact"."""
    _require_active(course)
    if held_on > timezone.localdate():
        raise SupportError("in_future")
    if held_on < course.started_on:
        raise SupportError("before_start")
    if not 0 < duration_minutes <= 720:
        raise SupportError("duration")
    if activity in TREATMENT_ACTIVITIES and course.programme.model != INDIVIDUAL_MODEL:
        raise SupportError("activity")
    with transaction.atomic():
        locked = SupportCourse.objects.select_for_update().get(pk=course.pk)
        meeting = Meeting.objects.create(
            course=locked,
            held_on=held_on,
            duration_minutes=duration_minutes,
            activity=activity,
            place=place.strip(),
            accompanied=accompanied,
            note=note.strip(),
            logged_by=actor,
        )
        if locked.stage == Stage.CONTACT:
            locked.stage = Stage.STARTED
            if locked.contacted_on is None:
                locked.contacted_on = held_on
            locked.save(update_fields=["stage", "contacted_on"])
        if locked.next_meeting_on is not None and locked.next_meeting_on <= held_on:
            locked.next_meeting_on = None  # the planned meeting is the one just held
            locked.next_meeting_note = ""
            locked.save(update_fields=["next_meeting_on", "next_meeting_note"])
        log_action(
            meeting,
            "support.meeting.logged",
            actor=actor,
            organisation=locked.organisation,
            subject_code=locked.citizen.code,
            data={"minutes": duration_minutes, "activity": activity},  # never the note
        )
    course.refresh_from_db()
    return meeting


def plan_next_meeting(
    *, actor: User | None, course: SupportCourse, day: datetime.date | None, note: str = ""
) -> SupportCourse:
    """Note when the two meet next (shown to the citizen and in the peer's caseload); None clears it."""
    _require_active(course)
    if day is not None and day < timezone.localdate():
        raise SupportError("in_past")
    with transaction.atomic():
        course.next_meeting_on = day
        course.next_meeting_note = note.strip()[:120] if day else ""
        course.save(update_fields=["next_meeting_on", "next_meeting_note"])
        log_action(course, "support.course.next_meeting", actor=actor, subject_code=course.citizen.code)
    return course


def delete_meeting(*, actor: User | None, meeting: Meeting) -> None:
    """Remove a meeting logged by mistake."""
    course = meeting.course
    _require_active(course)
    with transaction.atomic():
        log_action(
            meeting,
            "support.meeting.deleted",
            actor=actor,
            organisation=course.organisation,
            subject_code=course.citizen.code,
        )
        meeting.delete()


# --------------------------------------------------------------------------------------------------
# The cooperation agreement


def save_agreement(
    *, actor: User | None, course: SupportCourse, first_meeting_on: datetime.date | None, **texts: Any
) -> CooperationAgreement:
    """Write down (or change) what the two have agreed. A change asks both to accept it again."""
    _require_active(course)
    unknown = set(texts) - set(AGREEMENT_TEXT_FIELDS) - {"confidentiality_explained"}
    if unknown:
        raise SupportError("fields", f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        agreement, created = CooperationAgreement.objects.select_for_update().get_or_create(course=course)
        changed = created or agreement.first_meeting_on != first_meeting_on
        agreement.first_meeting_on = first_meeting_on
        for name, value in texts.items():
            value = value.strip() if isinstance(value, str) else bool(value)
            if getattr(agreement, name) != value:
                changed = True
                setattr(agreement, name, value)
        if changed and not created:
            agreement.peer_signed_at = agreement.citizen_signed_at = None
            agreement.peer_signed_name = agreement.citizen_signed_name = ""
        agreement.updated_at = timezone.now()
        agreement.save()
        log_action(
            agreement,
            "support.agreement.created" if created else "support.agreement.changed",
            actor=actor,
            organisation=course.organisation,
            subject_code=course.citizen.code,
        )
    return agreement


def sign_agreement(*, actor: User, agreement: CooperationAgreement, typed_name: str) -> CooperationAgreement:
    """The peer or the citizen accepts the agreement with their name; when both have, it is in place."""
    course = agreement.course
    _require_active(course)
    if not typed_name.strip():
        raise SupportError("name")
    if course.peer.user_id == actor.pk:
        party = "peer"
    elif course.citizen.user_id == actor.pk:
        party = "citizen"
    else:
        raise SupportError("not_party")
    with transaction.atomic():
        agreement = CooperationAgreement.objects.select_for_update().get(pk=agreement.pk)
        if getattr(agreement, f"{party}_signed_at") is not None:
            raise SupportError("already_signed")
        setattr(agreement, f"{party}_signed_name", typed_name.strip()[:200])
        setattr(agreement, f"{party}_signed_at", timezone.now())
        agreement.save()
        if agreement.agreed:
            SupportCourse.objects.filter(pk=course.pk, stage__in=[Stage.CONTACT, Stage.STARTED]).update(
                stage=Stage.AGREED
            )
        log_action(
            agreement,
            "support.agreement.signed",
            actor=actor,
            organisation=course.organisation,
            subject_code=course.citizen.code,
            data={"party": party, "agreed": agreement.agreed},
        )
    course.refresh_from_db()
    return agreement


# --------------------------------------------------------------------------------------------------
# End and evaluation


def _feedback_services() -> Any:
    try:
        return importlib.import_module("feedback.services")
    except ModuleNotFoundError as exc:  # pragma: no cover - the feedback app is installed
        if exc.name and "feedback".startswith(exc.name.split(".")[0]):
            return None
        raise


def invite_evaluations(*, actor: User | None, course: SupportCourse) -> SupportCourse:
    """Invite both parties to the final evaluation (the citizen by e-mail too, when we have an address)."""
    services = _feedback_services()
    if services is None:
        return course
    with transaction.atomic():
        if course.citizen_invitation_code is None:
            invitation = services.invite_respondent(
                instrument_key=CITIZEN_INSTRUMENT,
                programme=course.programme,
                respondent_citizen=course.citizen,
                occasion="end",
                context_object=course,
                send_email_to=course.citizen.email or None,
                acting_user=actor,
            )
            course.citizen_invitation_code = invitation.code
        if course.peer_invitation_code is None:
            invitation = services.invite_respondent(
                instrument_key=PEER_INSTRUMENT,
                programme=course.programme,
                respondent_label=course.peer.full_name,
                occasion="end",
                context_object=course,
                send_email_to=course.peer.email or None,
                acting_user=actor,
            )
            course.peer_invitation_code = invitation.code
        course.save(update_fields=["citizen_invitation_code", "peer_invitation_code"])
        invite_as_planned(actor=actor, course=course, occasion="end")
    return course


def end_course(
    *,
    actor: User | None,
    course: SupportCourse,
    ended_by: str,
    reason: str,
    wants_new_peer: bool = False,
    ended_on: datetime.date | None = None,
) -> SupportCourse:
    """Either party ends the course, at any time, with a reason. Both are invited to evaluate it.

    When the match did not work or the citizen declined early and still wants a peer, the pairing is
    recorded as failed and the referral goes back to the waiting queue.
    """
    if ended_by not in EndedBy.values:
        raise SupportError("ended_by")
    if reason not in EndReason.values:
        raise SupportError("reason")
    day = ended_on or timezone.localdate()
    if day > timezone.localdate():
        raise SupportError("in_future")
    if day < course.started_on:
        raise SupportError("before_start")
    requeue = wants_new_peer and reason in {EndReason.NOT_WORKING, EndReason.CITIZEN_DECLINED}
    with transaction.atomic():
        updated = (
            SupportCourse.objects.filter(pk=course.pk)
            .exclude(stage=Stage.ENDED)
            .update(stage=Stage.ENDED, ended_on=day, ended_by=ended_by, end_reason=reason, wants_new_peer=requeue)
        )
        if updated != 1:
            raise SupportError("ended")
        course.refresh_from_db()
        log_action(
            course,
            "support.course.ended",
            actor=actor,
            subject_code=course.citizen.code,
            data={"ended_by": ended_by, "reason": reason, "requeue": requeue},
        )
        if reason == EndReason.NOT_WORKING or requeue:
            _hand_back_to_referrals(actor=actor, course=course, requeue=requeue)
        invite_evaluations(actor=actor, course=course)
        _email_after_commit(
            "support/email/course_ended",
            course.peer.email,
            {"citizen": course.citizen.first_name, "organisation": course.organisation.name},
        )
    return course


def _hand_back_to_referrals(*, actor: User | None, course: SupportCourse, requeue: bool) -> None:
    try:
        referrals = importlib.import_module("referrals.services")
    except ModuleNotFoundError:
        logger.warning("referrals.services is missing: course %s not handed back", course.code)
        return
    reason = course.get_end_reason_display()
    if course.end_reason == EndReason.NOT_WORKING and hasattr(referrals, "record_failed_pairing"):
        referrals.record_failed_pairing(actor=actor, citizen=course.citizen, peer=course.peer, reason=str(reason))
    match = course.match
    if requeue and match is not None and hasattr(referrals, "return_to_queue"):
        referrals.return_to_queue(actor=actor, referral=match.referral, reason=str(reason))


# --------------------------------------------------------------------------------------------------
# Daily reminders


def send_due_reminders(*, today: datetime.date | None = None) -> int:
    """Remind peers of agreements not made within the first meetings and of courses nearing their end."""
    day = today or timezone.localdate()
    sent = 0
    courses = SupportCourse.objects.active().select_related("programme", "peer", "citizen", "organisation")
    for course in courses.filter(agreement_reminded_on__isnull=True):
        course_rules = rules_for(course.programme)
        agreed = CooperationAgreement.objects.filter(course=course).first()
        if rules.agreement_reminder_due(
            meetings_held=course.meetings.count(),
            agreed=bool(agreed and agreed.agreed),
            rules=course_rules,
            reminded_on=course.agreement_reminded_on,
        ):
            with transaction.atomic():
                if SupportCourse.objects.filter(pk=course.pk, agreement_reminded_on__isnull=True).update(
                    agreement_reminded_on=day
                ):
                    log_action(course, "support.course.agreement_reminder", actor=None)
                    _email_after_commit(
                        "support/email/agreement_reminder",
                        course.peer.email,
                        {"citizen": course.citizen.first_name, "organisation": course.organisation.name},
                    )
                    sent += 1
    for course in courses.filter(end_reminded_on__isnull=True):
        if rules.end_reminder_due(
            planned=course.planned_end, today=day, rules=rules_for(course.programme), reminded_on=None
        ):
            with transaction.atomic():
                if SupportCourse.objects.filter(pk=course.pk, end_reminded_on__isnull=True).update(end_reminded_on=day):
                    log_action(course, "support.course.end_reminder", actor=None)
                    _email_after_commit(
                        "support/email/end_reminder",
                        course.peer.email,
                        {
                            "citizen": course.citizen.first_name,
                            "planned_end": course.planned_end.strftime("%d.%m.%Y"),
                            "organisation": course.organisation.name,
                        },
                    )
                    sent += 1
    return sent


# --------------------------------------------------------------------------------------------------
# Transport claims (model 2)


def submit_claim(
    *,
    actor: User | None,
    peer: Peer,
    travelled_on: datetime.date,
    from_place: str,
    to_place: str,
    km: Decimal | None,
    amount: Decimal | None,
    receipt_note: str = "",
    course: SupportCourse | None = None,
) -> ExpenseClaim:
    """A volunteer claims transport costs: kilometres (paid at the programme's rate) or an amount."""
    if travelled_on > timezone.localdate():
        raise SupportError("in_future")
    if km is None and amount is None:
        raise SupportError("km_or_amount")
    if (km is not None and km <= 0) or (amount is not None and amount <= 0):
        raise SupportError("not_positive")
    if course is not None and course.peer_id != peer.pk:
        raise SupportError("not_party")
    if amount is None:
        assert km is not None
        programme = course.programme if course is not None else peer.programmes.order_by("pk").first()
        amount = (km * km_rate(programme)).quantize(Decimal("0.01"))
    with transaction.atomic():
        claim = ExpenseClaim.objects.create(
            organisation=peer.organisation,
            peer=peer,
            course=course,
            travelled_on=travelled_on,
            from_place=from_place.strip(),
            to_place=to_place.strip(),
            km=km,
            amount=amount,
            receipt_note=receipt_note.strip(),
        )
        log_action(claim, "support.claim.submitted", actor=actor, subject_code=peer.code, data={"amount": str(amount)})
    return claim


def decide_claim(*, actor: User, claim: ExpenseClaim, approve: bool, reason: str = "") -> ExpenseClaim:
    """The volunteer coordinator approves or rejects a claim (a rejection says why)."""
    if not approve and not reason.strip():
        raise SupportError("reason_missing")
    status = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
    with transaction.atomic():
        changed = ExpenseClaim.objects.filter(pk=claim.pk, status=ClaimStatus.SUBMITTED).update(
            status=status, decided_by=actor, decided_at=timezone.now(), rejection_reason=reason.strip()
        )
        if changed != 1:
            raise SupportError("already_decided")
        claim.refresh_from_db()
        log_action(claim, f"support.claim.{status}", actor=actor, subject_code=claim.peer.code)
    return claim


def export_claims_for_payment(*, actor: User, organisation: Organisation) -> PaymentExport:
    """Put every approved claim not yet exported into one payment batch; each claim is exported once."""
    with transaction.atomic():
        claims = list(ExpenseClaim.objects.of(organisation).ready_for_payment().select_for_update())
        if not claims:
            raise SupportError("nothing_to_export")
        batch = PaymentExport.objects.create(organisation=organisation, created_by=actor)
        ExpenseClaim.objects.filter(pk__in=[c.pk for c in claims], export__isnull=True).update(export=batch)
        log_action(
            batch,
            "support.claims.exported",
            actor=actor,
            organisation=organisation,
            data={"claims": len(claims), "total": str(sum((c.amount for c in claims), Decimal(0)))},
        )
    return batch
