"""Every write about people: citizens (registration, CPR, consent, access requests), peers (profile, life
cycle, availability) and applications to become a peer (interviews, offers, declines, deletion)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import log_access, log_action
from core.models import AuditKind, Invitation, Organisation, Role, User
from core.selectors import access_log_for_person
from core.tasks import send_email_task
from people.models import (
    AvailabilityException,
    AvailabilitySlot,
    Citizen,
    Consent,
    Peer,
    PeerApplication,
    PeerStatus,
    PeerStatusChange,
    Weekday,
)
from people.signals import peer_status_changed


def create_citizen(
    *,
    organisation: Organisation,
    first_name: str,
    acting_user: User | None,
    last_name: str = "",
    email: str = "",
    phone: str = "",
    municipality: str = "",
    cpr: str = "",
    user: User | None = None,
) -> Citizen:
    """Register a citizen with only the personal data the flow needs; CPR only where an agreement needs it."""
    with transaction.atomic():
        citizen = Citizen(
            organisation=organisation,
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            municipality=municipality,
            user=user,
        )
        citizen.set_cpr(cpr)
        citizen.save()
        log_action(
            citizen,
            "people.citizen.created",
            actor=acting_user,
            subject_code=citizen.code,
            data={"with_cpr": bool(cpr)},
        )
    return citizen


def update_citizen(*, citizen: Citizen, acting_user: User | None, cpr: str | None = None, **fields: Any) -> Citizen:
    with transaction.atomic():
        changed = sorted(k for k, v in fields.items() if getattr(citizen, k) != v)
        for key, value in fields.items():
            setattr(citizen, key, value)
        if cpr is not None:
            citizen.set_cpr(cpr)
            changed.append("cpr")
        citizen.save()
        log_action(
            citizen, "people.citizen.updated", actor=acting_user, subject_code=citizen.code, data={"changed": changed}
        )
    return citizen


def unmask_cpr(*, citizen: Citizen, acting_user: User, purpose: str, request: Any = None) -> str:
    """Show the full CPR number; every unmasking is logged with its purpose (DOMAIN §10)."""
    log_access(
        actor=acting_user,
        kind=AuditKind.UNMASK,
        action="people.citizen.cpr_unmasked",
        obj=citizen,
        subject_code=citizen.code,
        purpose=purpose,
        request=request,
    )
    return citizen.cpr_encrypted


def record_consent(*, citizen: Citizen, purpose: str, basis: str, acting_user: User | None, note: str = "") -> Consent:
    """Record a consent or legal basis; an earlier one in force for the same purpose is replaced."""
    with transaction.atomic():
        now = timezone.now()
        Consent.objects.filter(citizen=citizen, purpose=purpose, withdrawn_at__isnull=True).update(withdrawn_at=now)
        consent = Consent.objects.create(
            citizen=citizen, purpose=purpose, basis=basis, recorded_by=acting_user, note=note, given_at=now
        )
        log_action(
            consent,
            "people.consent.recorded",
            actor=acting_user,
            organisation=citizen.organisation,
            subject_code=citizen.code,
            data={"purpose": purpose, "basis": basis},
        )
    return consent


def withdraw_consent(*, consent: Consent, acting_user: User | None) -> Consent:
    """Withdraw a consent. The record stays, with the time of withdrawal; the purpose stops applying."""
    with transaction.atomic():
        updated = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        consent.refresh_from_db()
        if updated:
            log_action(
                consent,
                "people.consent.withdrawn",
                actor=acting_user,
                organisation=consent.citizen.organisation,
                subject_code=consent.citizen.code,
                data={"purpose": consent.purpose},
            )
    return consent


def export_citizen_data(*, citizen: Citizen, acting_user: User, request: Any = None) -> dict[str, Any]:
    """Everything Brobygger holds about a citizen, including the access log (an access request, GDPR art. 15)."""
    log_access(
        actor=acting_user,
        kind=AuditKind.EXPORT,
        action="people.citizen.exported",
        obj=citizen,
        subject_code=citizen.code,
        purpose=gettext_noop("Access request"),
        request=request,
    )
    consents = [
        {
            "purpose": c.get_purpose_display(),
            "basis": c.get_basis_display(),
            "given_at": c.given_at.isoformat(),
            "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
        }
        for c in citizen.consents.all()
    ]
    log = _access_log_rows(citizen.code)
    return {
        "citizen": {
            "first_name": citizen.first_name,
            "last_name": citizen.last_name,
            "email": citizen.email,
            "phone": citizen.phone,
            "municipality": citizen.municipality,
            "cpr": citizen.cpr_encrypted or None,
            "organisation": citizen.organisation.name,
            "registered": citizen.created_at.isoformat(),
        },
        "consents": consents,
        "access_log": log,
    }


def _access_log_rows(*codes: Any) -> list[dict[str, Any]]:
    return [
        {
            "at": e.at.isoformat(),
            "kind": str(e.get_kind_display()),
            "purpose": _(e.purpose) if e.purpose else "",
            "organisation": str(e.organisation or ""),
        }
        for e in access_log_for_person(*codes)
    ]


def peer_application_code(peer: Peer) -> Any:
    """The code of the application the peer came from, if it is still kept; its reads are theirs too."""
    application = PeerApplication.objects.filter(peer=peer).only("code").first()
    return application.code if application else None


def export_peer_data(*, peer: Peer, acting_user: User, request: Any = None) -> dict[str, Any]:
    """Everything Brobygger holds about a peer, with the other apps' parts and the access log (GDPR art. 15)."""
    from people.exports import exported_parts

    log_access(
        actor=acting_user,
        kind=AuditKind.EXPORT,
        action="people.peer.exported",
        obj=peer,
        subject_code=peer.code,
        purpose=gettext_noop("Access request"),
        request=request,
    )
    application = PeerApplication.objects.filter(peer=peer).first()
    return {
        "peer": {
            "first_name": peer.first_name,
            "last_name": peer.last_name,
            "email": peer.email,
            "phone": peer.phone,
            "municipality": peer.municipality,
            "organisation": peer.organisation.name,
            "kind": str(peer.get_kind_display()),
            "status": str(peer.get_status_display()),
            "hours_per_week": str(peer.hours_per_week),
            "peer_work_share": str(peer.peer_work_share) if peer.peer_work_share is not None else None,
            "citizens_at_a_time": peer.capacity,
            "units": [u.name for u in peer.units.all()],
            "programmes": [p.name for p in peer.programmes.all()],
            "languages": peer.language_labels,
            "gender": str(peer.get_gender_display()),
            "age_band": str(peer.get_age_band_display()) if peer.age_band else None,
            "lived_experience_areas": peer.lived_experience_labels,
            "lived_experience_consent_at": (
                peer.lived_experience_consent_at.isoformat() if peer.lived_experience_consent_at else None
            ),
            "has_admission_experience": peer.has_admission_experience,
            "active_since": peer.started_at.isoformat() if peer.started_at else None,
            "pause_reason": peer.pause_reason,
            "paused_until": peer.paused_until.isoformat() if peer.paused_until else None,
            "ended": peer.ended_at.isoformat() if peer.ended_at else None,
            "end_reason": peer.end_reason,
            "registered": peer.created_at.isoformat(),
        },
        "status_history": [
            {
                "at": change.at.isoformat(),
                "from": str(change.get_from_status_display()) if change.from_status else "",
                "to": str(change.get_to_status_display()),
                "reason": change.reason,
            }
            for change in peer.status_changes.order_by("at", "id")
        ],
        "availability": [str(slot) for slot in peer.availability.all()],
        "availability_exceptions": [
            {
                "from": e.starts_on.isoformat(),
                "to": e.ends_on.isoformat(),
                "available": e.available,
                "note": e.note,
            }
            for e in peer.availability_exceptions.all()
        ],
        "application": None
        if application is None
        else {
            "received": application.submitted_at.isoformat(),
            "programme": application.programme.name,
            "motivation": application.motivation,
            "lived_experience": application.lived_experience,
            "time_in_recovery": str(application.get_recovery_duration_display()),
            "hours_wanted": str(application.hours_wanted),
            "education": application.education,
            "has_admission_experience": application.has_admission_experience,
            "consent_given_at": application.consent_given_at.isoformat(),
            "consent_as_worded": application.consent_text,
        },
        **exported_parts(peer),
        "access_log": _access_log_rows(peer.code, application.code if application else None),
    }


# ---------------------------------------------------------------------------------------------------
# Peers: profile, life cycle, availability
# ---------------------------------------------------------------------------------------------------


class PeerActionRefused(Exception):
    """A change to a peer or an application that cannot be made; `message` is translated for the user."""

    def __init__(self, code: str, message: Any, *, obj: Any = None, field: str | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.obj = obj
        self.field = field


# Which status a peer may move to from each status. "" is a peer being registered.
PEER_TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({PeerStatus.APPLICANT, PeerStatus.IN_EDUCATION, PeerStatus.ACTIVE}),
    PeerStatus.APPLICANT: frozenset({PeerStatus.IN_EDUCATION, PeerStatus.ENDED}),
    PeerStatus.IN_EDUCATION: frozenset({PeerStatus.ACTIVE, PeerStatus.PAUSED, PeerStatus.ENDED}),
    PeerStatus.ACTIVE: frozenset({PeerStatus.PAUSED, PeerStatus.ENDED}),
    PeerStatus.PAUSED: frozenset({PeerStatus.ACTIVE, PeerStatus.IN_EDUCATION, PeerStatus.ENDED}),
    PeerStatus.ENDED: frozenset(),
}


def allowed_peer_statuses(peer: Peer) -> frozenset[str]:
    return PEER_TRANSITIONS.get(peer.status, frozenset())


def _refusal_for(peer: Peer, to_status: str) -> PeerActionRefused | None:
    names = {"name": peer.full_name, "status": PeerStatus(to_status).label if to_status else ""}
    if to_status not in PeerStatus.values:
        return PeerActionRefused("unknown_status", _("Choose a status from the list."), obj=peer, field="to_status")
    if peer.status == to_status:
        return PeerActionRefused("same_status", _("%(name)s already has the status “%(status)s”.") % names, obj=peer)
    if peer.status == PeerStatus.ENDED:
        return PeerActionRefused(
            "ended",
            _("%(name)s has ended. Someone who comes back is registered again, as a new application or a new peer.")
            % names,
            obj=peer,
        )
    if peer.status == PeerStatus.APPLICANT and to_status in (PeerStatus.ACTIVE, PeerStatus.PAUSED):
        return PeerActionRefused(
            "needs_education",
            _("%(name)s is an applicant. An applicant starts peer education before becoming active or pausing.")
            % names,
            obj=peer,
        )
    if to_status not in allowed_peer_statuses(peer):
        return PeerActionRefused(
            "impossible_transition",
            _("A peer with the status “%(from)s” cannot change to “%(to)s”.")
            % {"from": peer.get_status_display(), "to": PeerStatus(to_status).label},
            obj=peer,
        )
    return None


def change_peer_status(
    *,
    peer: Peer,
    to_status: str,
    acting_user: User | None,
    reason: str,
    paused_until: date | None = None,
    ended_on: date | None = None,
) -> Peer:
    """Move the peer along the life cycle (applicant, in education, active, paused, ended).

    Every change is kept in the peer's history with who made it and why. A change the life cycle
    does not allow is refused with a reason the coordinator can read.
    """
    with transaction.atomic():
        locked = Peer.objects.select_for_update().get(pk=peer.pk)
        refusal = _refusal_for(locked, to_status)
        if refusal is not None:
            raise refusal
        today = timezone.localdate()
        if to_status == PeerStatus.PAUSED and paused_until is not None and paused_until < today:
            raise PeerActionRefused(
                "return_in_past", _("The expected return cannot be before today."), obj=peer, field="paused_until"
            )
        from_status = locked.status
        locked.status = to_status
        if to_status == PeerStatus.PAUSED:
            locked.pause_reason = reason[:300]
            locked.paused_until = paused_until
            locked.pause_reminded_on = None
        else:
            locked.pause_reason = ""
            locked.paused_until = None
            locked.pause_reminded_on = None
        if to_status == PeerStatus.ACTIVE and locked.started_at is None:
            locked.started_at = today
        if to_status == PeerStatus.ENDED:
            locked.ended_at = ended_on or today
            locked.end_reason = reason[:300]
        locked.save()
        PeerStatusChange.objects.create(
            peer=locked, from_status=from_status, to_status=to_status, by=acting_user, reason=reason[:300]
        )
        peer_status_changed.send(
            sender=Peer, peer=locked, from_status=from_status, to_status=to_status, acting_user=acting_user
        )
        # The reason may be about the peer's health: it stays in the peer's history, not in the audit log.
        log_action(
            locked,
            "people.peer.status_changed",
            actor=acting_user,
            subject_code=locked.code,
            data={"from": from_status, "to": to_status},
        )
    _copy_into(locked, peer)
    return peer


def _copy_into(source: Peer, target: Peer) -> None:
    if source is target:
        return
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def pause_peer(*, peer: Peer, reason: str, expected_return: date | None, acting_user: User | None) -> Peer:
    """Pause the peer: no new citizens are matched with them; what they already do and their history stay.

    When the peer announces the pause themselves, the organisation's coordinators get a notice.
    """
    if not reason.strip():
        raise PeerActionRefused("reason_missing", _("Give a reason for the pause."), obj=peer, field="reason")
    change_peer_status(
        peer=peer,
        to_status=PeerStatus.PAUSED,
        acting_user=acting_user,
        reason=reason.strip(),
        paused_until=expected_return,
    )
    if acting_user is not None and peer.user_id == acting_user.pk:
        _notify_coordinators(peer, "people/email/peer_paused", {"expected_return": expected_return})
    return peer


def resume_peer(*, peer: Peer, acting_user: User | None, reason: str = "") -> Peer:
    """End a pause: the peer returns to the status they had before it (active or in education)."""
    from people.selectors import status_before_pause

    if peer.status != PeerStatus.PAUSED:
        raise PeerActionRefused("not_paused", _("%(name)s is not on pause.") % {"name": peer.full_name}, obj=peer)
    change_peer_status(peer=peer, to_status=status_before_pause(peer), acting_user=acting_user, reason=reason.strip())
    if acting_user is not None and peer.user_id == acting_user.pk:
        _notify_coordinators(peer, "people/email/peer_resumed", {})
    return peer


def end_peer(*, peer: Peer, reason: str, ended_on: date | None, acting_user: User | None) -> Peer:
    """End the peer's time with the organisation; the history and documents are kept."""
    if not reason.strip():
        raise PeerActionRefused("reason_missing", _("Give a reason for ending."), obj=peer, field="reason")
    return change_peer_status(
        peer=peer, to_status=PeerStatus.ENDED, acting_user=acting_user, reason=reason.strip(), ended_on=ended_on
    )


PEER_PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "municipality",
    "kind",
    "hours_per_week",
    "peer_work_share",
    "capacity",
    "languages",
    "gender",
    "age_band",
    "lived_experience_areas",
    "has_admission_experience",
    "mentor",
)


def _apply_lived_experience_consent(peer: Peer, *, areas: list[str], consent: bool) -> str | None:
    """Areas are kept only with consent; returns 'given' or 'withdrawn' when the consent changed."""
    if areas and not consent:
        raise PeerActionRefused(
            "consent_missing",
            _("Lived-experience areas can only be recorded when the peer has consented to their use for matching."),
            obj=peer,
            field="lived_experience_consent",
        )
    if consent and peer.lived_experience_consent_at is None:
        peer.lived_experience_consent_at = timezone.now()
        return "given"
    if not consent and peer.lived_experience_consent_at is not None:
        peer.lived_experience_consent_at = None
        return "withdrawn"
    return None


def create_peer(
    *,
    organisation: Organisation,
    acting_user: User | None,
    status: str = PeerStatus.APPLICANT,
    lived_experience_consent: bool = False,
    units: Any = (),
    programmes: Any = (),
    reason: str = "",
    **fields: Any,
) -> Peer:
    """Register a peer (for instance one who was with the organisation before Brobygger)."""
    if status not in PEER_TRANSITIONS[""]:
        raise PeerActionRefused(
            "impossible_start", _("A new peer starts as an applicant, in education or active."), field="status"
        )
    if Decimal(str(fields.get("hours_per_week") or 0)) < 0:
        raise PeerActionRefused("negative_hours", _("Hours per week cannot be negative."), field="hours_per_week")
    with transaction.atomic():
        peer = Peer(organisation=organisation, status=status, **fields)
        consent_change = _apply_lived_experience_consent(
            peer, areas=list(fields.get("lived_experience_areas") or []), consent=lived_experience_consent
        )
        if status == PeerStatus.ACTIVE:
            peer.started_at = timezone.localdate()
        peer.save()
        peer.units.set(units)
        peer.programmes.set(programmes)
        PeerStatusChange.objects.create(peer=peer, from_status="", to_status=status, by=acting_user, reason=reason)
        log_action(
            peer,
            "people.peer.created",
            actor=acting_user,
            subject_code=peer.code,
            data={"status": status, "kind": peer.kind, "lived_experience_consent": consent_change or ""},
        )
    return peer


def update_peer_profile(
    *,
    peer: Peer,
    acting_user: User | None,
    lived_experience_consent: bool,
    units: Any = None,
    programmes: Any = None,
    **fields: Any,
) -> Peer:
    """Change the peer's profile. Lived-experience areas need the peer's recorded consent."""
    unknown = set(fields) - set(PEER_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not profile fields: {sorted(unknown)}")
    if "hours_per_week" in fields and Decimal(str(fields["hours_per_week"] or 0)) < 0:
        raise PeerActionRefused("negative_hours", _("Hours per week cannot be negative."), field="hours_per_week")
    with transaction.atomic():
        areas = list(fields.get("lived_experience_areas", peer.lived_experience_areas) or [])
        consent_change = _apply_lived_experience_consent(peer, areas=areas, consent=lived_experience_consent)
        changed = sorted(k for k, v in fields.items() if getattr(peer, k) != v)
        for key, value in fields.items():
            setattr(peer, key, value)
        if consent_change == "withdrawn":
            peer.lived_experience_areas = []
        peer.save()
        if units is not None:
            peer.units.set(units)
        if programmes is not None:
            peer.programmes.set(programmes)
        log_action(
            peer,
            "people.peer.updated",
            actor=acting_user,
            subject_code=peer.code,
            data={"changed": changed, "lived_experience_consent": consent_change or ""},
        )
    return peer


@dataclass(frozen=True)
class WeeklySlot:
    weekday: int
    start: time
    end: time


def set_weekly_availability(*, peer: Peer, slots: list[WeeklySlot], acting_user: User | None) -> list[AvailabilitySlot]:
    """Replace the peer's usual weekly pattern of available times."""
    ordered = sorted(slots, key=lambda s: (s.weekday, s.start))
    for slot in ordered:
        if slot.end <= slot.start:
            raise PeerActionRefused("end_before_start", _("A time must end after it starts."), obj=peer)
    for first, second in itertools.pairwise(ordered):
        if first.weekday == second.weekday and second.start < first.end:
            raise PeerActionRefused(
                "overlap",
                _("Two times on %(day)s overlap. Join them into one.") % {"day": Weekday(first.weekday).label},
                obj=peer,
            )
    with transaction.atomic():
        peer.availability.all().delete()
        created = AvailabilitySlot.objects.bulk_create(
            [AvailabilitySlot(peer=peer, weekday=s.weekday, start=s.start, end=s.end) for s in ordered]
        )
        log_action(
            peer,
            "people.peer.availability_set",
            actor=acting_user,
            subject_code=peer.code,
            data={"slots": len(created)},
        )
    return created


def add_availability_exception(
    *,
    peer: Peer,
    starts_on: date,
    ends_on: date,
    acting_user: User | None,
    available: bool = False,
    note: str = "",
) -> AvailabilityException:
    """A period when the weekly pattern does not hold: a holiday, or extra time."""
    if ends_on < starts_on:
        raise PeerActionRefused(
            "dates_reversed", _("The period must end on or after the day it starts."), obj=peer, field="ends_on"
        )
    with transaction.atomic():
        exception = AvailabilityException.objects.create(
            peer=peer, starts_on=starts_on, ends_on=ends_on, available=available, note=note
        )
        log_action(
            exception,
            "people.peer.availability_exception_added",
            actor=acting_user,
            organisation=peer.organisation,
            subject_code=peer.code,
            data={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(), "available": available},
        )
    return exception


def remove_availability_exception(*, exception: AvailabilityException, acting_user: User | None) -> None:
    with transaction.atomic():
        peer = exception.peer
        log_action(
            exception,
            "people.peer.availability_exception_removed",
            actor=acting_user,
            organisation=peer.organisation,
            subject_code=peer.code,
        )
        exception.delete()


def invite_peer_account(*, peer: Peer, acting_user: User | None, accept_url_template: str = "") -> Invitation:
    """Invite the peer to log in to Brobygger with the peer role; the account is linked when they accept."""
    from core.services import invite_user

    if peer.user_id is not None:
        raise PeerActionRefused(
            "has_account", _("%(name)s already has an account.") % {"name": peer.full_name}, obj=peer
        )
    if not peer.email:
        raise PeerActionRefused(
            "no_email", _("Record an e-mail address for %(name)s first.") % {"name": peer.full_name}, obj=peer
        )
    with transaction.atomic():
        invitation = invite_user(
            organisation=peer.organisation,
            email=peer.email,
            role=Role.PEER,
            acting_user=acting_user,
            first_name=peer.first_name,
            last_name=peer.last_name,
            accept_url_template=accept_url_template,
        )
        Peer.objects.filter(pk=peer.pk).update(invitation=invitation)
        peer.invitation = invitation
        log_action(peer, "people.peer.account_invited", actor=acting_user, subject_code=peer.code)
    return invitation


def link_peer_account(*, invitation: Invitation) -> Peer | None:
    """After a peer accepts their invitation, connect the new account to their peer record."""
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None or Peer.objects.filter(user=user).exists():
        return None
    with transaction.atomic():
        peer = Peer.objects.select_for_update().filter(invitation=invitation, user__isnull=True).first()
        if peer is None:
            return None
        peer.user = user
        peer.save(update_fields=["user"])
        log_action(peer, "people.peer.account_linked", actor=user, subject_code=peer.code)
    return peer


def absolute_url(url_name: str, **kwargs: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(url_name, kwargs=kwargs or None)


def _notify_coordinators(peer: Peer, template: str, extra: dict[str, Any]) -> None:
    """A short notice to the coordinators; details (like the reason for a pause) stay behind the login."""
    from people.selectors import coordinators_of

    coordinators = coordinators_of(peer.organisation)
    url = absolute_url("people:peer_detail", code=peer.code)
    context = {"name": peer.full_name, "organisation": peer.organisation.name, "url": url, **extra}

    def send() -> None:
        for coordinator in coordinators:
            send_email_task.enqueue(
                template=template,
                to=[coordinator.email],
                context=_serialisable(context),
                language=coordinator.preferred_language or "da",
            )

    transaction.on_commit(send)


def _serialisable(context: dict[str, Any]) -> dict[str, Any]:
    """Task arguments travel as JSON: dates become ISO strings the e-mail templates format."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in context.items()}


def remind_pause_returns(*, today: date | None = None) -> int:
    """Tell coordinators when a paused peer's expected return has come, once per pause."""
    day = today or timezone.localdate()
    due = list(
        Peer.objects.filter(status=PeerStatus.PAUSED, paused_until__lte=day, pause_reminded_on__isnull=True)
        .select_related("organisation")
        .order_by("pk")
    )
    for peer in due:
        with transaction.atomic():
            updated = Peer.objects.filter(pk=peer.pk, pause_reminded_on__isnull=True).update(pause_reminded_on=day)
            if not updated:
                continue
            _notify_coordinators(peer, "people/email/pause_return_due", {"expected_return": peer.paused_until})
            log_action(peer, "people.peer.pause_return_reminded", actor=None, subject_code=peer.code)
    return len(due)
