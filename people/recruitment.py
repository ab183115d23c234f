"""Every write of recruitment: applications to become a peer, interviews with the panel's scores, offers,
kind declines, and deletion when the retention period has passed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.models import AuditKind, Organisation, Programme, User
from core.tasks import send_email_task
from people.models import (
    CLOSED_APPLICATION_STATUSES,
    OPEN_APPLICATION_STATUSES,
    AgeBand,
    ApplicationStatus,
    CompetenceCriterion,
    Interview,
    InterviewScore,
    Peer,
    PeerApplication,
    PeerStatus,
)
from people.services import PeerActionRefused, absolute_url, change_peer_status, create_peer, invite_peer_account

PUBLIC_ACTOR = "public site"

# Declined and withdrawn applications are deleted this many days after the decision (a setting:
# PEER_APPLICATION_RETENTION_DAYS). The privacy text on the form states it, so change both together.
DEFAULT_APPLICATION_RETENTION_DAYS = 180


def application_retention_days() -> int:
    return int(getattr(settings, "PEER_APPLICATION_RETENTION_DAYS", DEFAULT_APPLICATION_RETENTION_DAYS))


# Where an application may go next. Offered, declined and withdrawn are decisions: final.
APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        OPEN_APPLICATION_STATUSES,
        frozenset(
            {
                ApplicationStatus.INTERVIEW_PLANNED,
                ApplicationStatus.INTERVIEWED,
                ApplicationStatus.OFFERED,
                ApplicationStatus.DECLINED,
                ApplicationStatus.WITHDRAWN,
            }
        ),
    ),
    ApplicationStatus.OFFERED: frozenset(),
    ApplicationStatus.DECLINED: frozenset(),
    ApplicationStatus.WITHDRAWN: frozenset(),
}


def _lock_application(application: PeerApplication, to_status: str) -> PeerApplication:
    locked = (
        PeerApplication.objects.select_for_update().select_related("programme", "organisation").get(pk=application.pk)
    )
    if to_status not in APPLICATION_TRANSITIONS[locked.status]:
        raise PeerActionRefused(
            "application_decided",
            _("The application is already decided (%(status)s) and cannot be changed.")
            % {"status": locked.get_status_display()},
            obj=locked,
        )
    return locked


def submit_application(
    *,
    programme: Programme,
    first_name: str,
    last_name: str,
    email: str,
    birth_date: date,
    motivation: str,
    lived_experience: str,
    recovery_duration: str,
    hours_wanted: Decimal,
    has_admission_experience: bool,
    kind_wanted: str,
    consent_text: str,
    phone: str = "",
    municipality: str = "",
    education: str = "",
    language: str = "da",
) -> PeerApplication:
    """Someone applies to become a peer. They get a receipt; the coordinators get a notice without details."""
    if not consent_text.strip():
        raise PeerActionRefused("consent_missing", _("Consent is needed to send the application."), field="consent")
    if hours_wanted < 0:
        raise PeerActionRefused("negative_hours", _("Hours per week cannot be negative."), field="hours_wanted")
    with transaction.atomic():
        application = PeerApplication.objects.create(
            organisation=programme.organisation,
            programme=programme,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email.strip().lower(),
            phone=phone.strip(),
            municipality=municipality.strip(),
            birth_date=birth_date,
            motivation=motivation.strip(),
            lived_experience=lived_experience.strip(),
            recovery_duration=recovery_duration,
            hours_wanted=hours_wanted,
            education=education.strip(),
            has_admission_experience=has_admission_experience,
            kind_wanted=kind_wanted,
            consent_given_at=timezone.now(),
            consent_text=consent_text.strip(),
            language=language,
        )
        log_action(
            application,
            "people.application.received",
            actor=PUBLIC_ACTOR,
            subject_code=application.code,
            data={"programme": str(programme.code), "consent": True},
        )
        transaction.on_commit(lambda: _enqueue_application_emails(application))
    return application


def _enqueue_application_emails(application: PeerApplication) -> None:
    from people.selectors import coordinators_of

    send_email_task.enqueue(
        template="people/email/application_received",
        to=[application.email],
        context={
            "name": application.first_name,
            "organisation": application.organisation.name,
            "programme": application.programme.name,
            "retention_days": application_retention_days(),
        },
        language=application.language,
    )
    url = absolute_url("people:application_detail", code=application.code)
    for coordinator in coordinators_of(application.organisation):
        send_email_task.enqueue(
            template="people/email/application_new",
            to=[coordinator.email],
            context={"programme": application.programme.name, "url": url},
            language=coordinator.preferred_language or "da",
        )


def plan_interview(
    *,
    application: PeerApplication,
    interview_at: datetime,
    place: str,
    acting_user: User | None,
    notify_applicant: bool = True,
) -> PeerApplication:
    """Plan the interview (45 minutes in the bridge-builder guide); the applicant is invited by e-mail."""
    if interview_at < timezone.now():
        raise PeerActionRefused(
            "interview_in_past",
            _("The interview must be planned for a time that has not passed."),
            field="interview_at",
        )
    with transaction.atomic():
        locked = _lock_application(application, ApplicationStatus.INTERVIEW_PLANNED)
        locked.status = ApplicationStatus.INTERVIEW_PLANNED
        locked.interview_at = interview_at
        locked.interview_place = place.strip()
        locked.save(update_fields=["status", "interview_at", "interview_place"])
        log_action(
            locked,
            "people.application.interview_planned",
            actor=acting_user,
            subject_code=locked.code,
            data={"at": interview_at.isoformat(), "notified": notify_applicant},
        )
        if notify_applicant:
            local = timezone.localtime(interview_at)
            context = {
                "name": locked.first_name,
                "organisation": locked.organisation.name,
                "date": local.date().isoformat(),
                "time": local.strftime("%H:%M"),
                "place": locked.interview_place,
                "contact": locked.organisation.email,
            }
            transaction.on_commit(
                lambda: send_email_task.enqueue(
                    template="people/email/interview_invitation",
                    to=[locked.email],
                    context=context,
                    language=locked.language,
                )
            )
    _copy_application(locked, application)
    return application


def _copy_application(source: PeerApplication, target: PeerApplication) -> None:
    if source is not target:
        for field in source._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))


def record_interview(*, application: PeerApplication, held_on: date, notes: str, acting_user: User | None) -> Interview:
    """Record that the interview was held; the panel's scores are added per panel member."""
    if held_on > timezone.localdate():
        raise PeerActionRefused(
            "interview_in_future", _("An interview can only be recorded once it has been held."), field="held_on"
        )
    with transaction.atomic():
        locked = _lock_application(application, ApplicationStatus.INTERVIEWED)
        interview = Interview.objects.create(
            application=locked, held_on=held_on, notes=notes.strip(), recorded_by=acting_user
        )
        locked.status = ApplicationStatus.INTERVIEWED
        locked.save(update_fields=["status"])
        log_action(
            interview,
            "people.application.interviewed",
            actor=acting_user,
            organisation=locked.organisation,
            subject_code=locked.code,
            data={"held_on": held_on.isoformat()},
        )
    application.status = ApplicationStatus.INTERVIEWED
    return interview


def record_panel_assessment(
    *,
    interview: Interview,
    panel_member: str,
    scores: dict[str, tuple[int, str]],
    acting_user: User | None,
) -> list[InterviewScore]:
    """One panel member's scores (1–4) and notes on each criterion of the competence profile.

    Scoring the same member again replaces their earlier scores.
    """
    member = panel_member.strip()
    if not member:
        raise PeerActionRefused("member_missing", _("Give the panel member's name."), field="panel_member")
    missing = [c for c in CompetenceCriterion.values if c not in scores]
    if missing:
        raise PeerActionRefused("criterion_missing", _("Score every criterion of the competence profile."))
    for criterion, (score, _note) in scores.items():
        if criterion not in CompetenceCriterion.values or not 1 <= int(score) <= 4:
            raise PeerActionRefused("score_out_of_range", _("Each score is a number from 1 to 4."), field=criterion)
    with transaction.atomic():
        application = interview.application
        InterviewScore.objects.filter(interview=interview, panel_member=member).delete()
        created = InterviewScore.objects.bulk_create(
            [
                InterviewScore(interview=interview, panel_member=member, criterion=c, score=int(s), note=n.strip())
                for c, (s, n) in scores.items()
            ]
        )
        log_action(
            interview,
            "people.application.panel_scored",
            actor=acting_user,
            organisation=application.organisation,
            subject_code=application.code,
            data={"scores": {c: int(s) for c, (s, _n) in scores.items()}},
        )
    return created


def _age_band(birth_date: date) -> str:
    from people.eligibility import age_on

    age = age_on(birth_date, timezone.localdate())
    for band, lower in (
        (AgeBand.AGE_60_PLUS, 60),
        (AgeBand.AGE_50_59, 50),
        (AgeBand.AGE_40_49, 40),
        (AgeBand.AGE_30_39, 30),
    ):
        if age >= lower:
            return band
    return AgeBand.AGE_18_29


def offer_place(
    *,
    application: PeerApplication,
    acting_user: User | None,
    kind: str | None = None,
    hours_per_week: Decimal | None = None,
    invite_account: bool = False,
    accept_url_template: str = "",
) -> Peer:
    """Offer the applicant a place: they become a peer in education, optionally with an account invitation."""
    with transaction.atomic():
        locked = _lock_application(application, ApplicationStatus.OFFERED)
        peer = create_peer(
            organisation=locked.organisation,
            acting_user=acting_user,
            status=PeerStatus.APPLICANT,
            programmes=[locked.programme],
            reason=str(_("Application accepted")),
            first_name=locked.first_name,
            last_name=locked.last_name,
            email=locked.email,
            phone=locked.phone,
            municipality=locked.municipality,
            kind=kind or locked.kind_wanted,
            hours_per_week=locked.hours_wanted if hours_per_week is None else hours_per_week,
            age_band=_age_band(locked.birth_date),
            has_admission_experience=locked.has_admission_experience,
        )
        change_peer_status(
            peer=peer,
            to_status=PeerStatus.IN_EDUCATION,
            acting_user=acting_user,
            reason=str(_("Offered a place; starts peer education")),
        )
        locked.status = ApplicationStatus.OFFERED
        locked.decided_at = timezone.now()
        locked.peer = peer
        locked.save(update_fields=["status", "decided_at", "peer"])
        log_action(
            locked,
            "people.application.offered",
            actor=acting_user,
            subject_code=locked.code,
            data={"peer": str(peer.code), "invited": invite_account},
        )
        if invite_account:
            invite_peer_account(peer=peer, acting_user=acting_user, accept_url_template=accept_url_template)
    _copy_application(locked, application)
    return peer


def decline_application(
    *, application: PeerApplication, acting_user: User | None, note: str = "", notify_applicant: bool = True
) -> PeerApplication:
    """Say no, kindly. The applicant's data is deleted when the retention period has passed."""
    with transaction.atomic():
        locked = _lock_application(application, ApplicationStatus.DECLINED)
        locked.status = ApplicationStatus.DECLINED
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()[:300]
        locked.save(update_fields=["status", "decided_at", "decision_note"])
        log_action(
            locked,
            "people.application.declined",
            actor=acting_user,
            subject_code=locked.code,
            data={"notified": notify_applicant},
        )
        if notify_applicant:
            context = {
                "name": locked.first_name,
                "organisation": locked.organisation.name,
                "contact": locked.organisation.email,
                "retention_days": application_retention_days(),
            }
            transaction.on_commit(
                lambda: send_email_task.enqueue(
                    template="people/email/application_declined",
                    to=[locked.email],
                    context=context,
                    language=locked.language,
                )
            )
    _copy_application(locked, application)
    return application


def withdraw_application(*, application: PeerApplication, acting_user: User | None, note: str = "") -> PeerApplication:
    """The applicant has withdrawn; the data is deleted when the retention period has passed."""
    with transaction.atomic():
        locked = _lock_application(application, ApplicationStatus.WITHDRAWN)
        locked.status = ApplicationStatus.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()[:300]
        locked.save(update_fields=["status", "decided_at", "decision_note"])
        log_action(locked, "people.application.withdrawn", actor=acting_user, subject_code=locked.code)
    _copy_application(locked, application)
    return application


def delete_expired_applications(organisation: Organisation | None, cutoff: datetime) -> int:
    """Delete the organisation's declined and withdrawn applications (with their interviews) decided before
    the cutoff. Run by the retention job (core.retention), which also logs the count per organisation."""
    if organisation is None:
        return 0  # every application belongs to an organisation
    expired = list(
        PeerApplication.objects.filter(
            organisation=organisation, status__in=CLOSED_APPLICATION_STATUSES, decided_at__lt=cutoff
        )
        .select_related("organisation")
        .order_by("pk")
    )
    for application in expired:
        with transaction.atomic():
            # Only codes go to the audit log: the person's data is what is being deleted.
            log_action(
                application,
                "people.application.deleted",
                actor=None,
                kind=AuditKind.DELETE,
                subject_code=application.code,
                data={"status": application.status, "decided_before": cutoff.date().isoformat()},
            )
            application.delete()
    return len(expired)
