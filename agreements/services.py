"""Every write about agreements: create, edit, accept or sign, renew, end; record checks; employments;
templates; renewal reminders. References are written in `reference_services.py`.

Each function is one action, inside one transaction, with an audit entry; e-mails and PDFs go out
after commit, as tasks.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from agreements import documents, periods, selectors
from agreements.models import (
    AgreementPeriod,
    DocumentTemplate,
    EmploymentRecord,
    EndedBy,
    RecordCheck,
    RenewalOutcome,
    RenewalTalk,
    Signature,
    SignatureMethod,
    VolunteerAgreement,
)
from core.audit import log_access, log_action
from core.models import AuditKind, Organisation, Programme, Unit, User
from core.tasks import send_email_task
from people.models import Peer, PeerKind, PeerStatus

EMPLOYED_KINDS = (PeerKind.PAID, PeerKind.DUAL_COMPETENCE)
REMINDER_DAYS = 30  # the renewal reminder goes out 30 days before a period ends


class AgreementError(Exception):
    """A refused action. `code` is stable (the views translate it); `field` names the form field concerned."""

    def __init__(self, code: str, message: str, *, field: str = "", conflict: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.conflict = conflict


def _from_period_error(exc: periods.PeriodError) -> AgreementError:
    return AgreementError(exc.code, str(exc), field=exc.field, conflict=exc.conflict)


def _lock_peer(peer: Peer) -> Peer:
    # Every change to a peer's periods takes the peer's row lock first (docs/concurrency.md, rule 1).
    return Peer.objects.select_for_update().get(pk=peer.pk)


def _other_periods(peer: Peer, *, exclude_agreement: VolunteerAgreement | None = None) -> list[periods.DateRange]:
    queryset = AgreementPeriod.objects.filter(peer=peer)
    if exclude_agreement is not None:
        queryset = queryset.exclude(agreement=exclude_agreement)
    return [periods.DateRange(p.starts_on, p.ends_on) for p in queryset]


def _check_free(peer: Peer, candidate: periods.DateRange, *, exclude: VolunteerAgreement | None = None) -> None:
    try:
        periods.check_no_overlap(candidate, _other_periods(peer, exclude_agreement=exclude))
    except periods.PeriodError as exc:
        raise _from_period_error(exc) from None


def _save_period(**fields: Any) -> AgreementPeriod:
    """Create a period; on PostgreSQL the exclusion constraint is the last word on overlaps."""
    try:
        with transaction.atomic():
            return AgreementPeriod.objects.create(**fields)
    except IntegrityError as exc:
        raise AgreementError("overlap", "The period overlaps another agreement period", field="starts_on") from exc


def _is_signed(agreement: VolunteerAgreement) -> bool:
    return Signature.objects.filter(agreement=agreement).exists()


def create_agreement(
    *,
    peer: Peer,
    programme: Programme,
    coordinator: User | None,
    starts_on: datetime.date,
    acting_user: User,
    first_name: str,
    last_name: str = "",
    address: str = "",
    postcode: str = "",
    city: str = "",
    phone: str = "",
    email: str = "",
    cpr: str = "",
    cpr_reason: str = "",
    role: str = "role_peer",
    ends_on: datetime.date | None = None,
    insurance: str = "",
    transport_covered: bool = True,
    may_request_record_check: bool = True,
) -> VolunteerAgreement:
    """Make a volunteer agreement with its first period. A period overlapping another of the peer's is refused."""
    if peer.kind in EMPLOYED_KINDS:
        raise AgreementError("paid_peer", "Paid peers have an employment record, not a volunteer agreement")
    if peer.status == PeerStatus.ENDED:
        raise AgreementError("peer_ended", "The peer has ended")
    if programme.organisation_id != peer.organisation_id:
        raise AgreementError("programme", "The programme belongs to another organisation", field="programme")
    months = documents.agreement_months(programme)
    try:
        first = periods.period_from(starts_on, months) if ends_on is None else periods.DateRange(starts_on, ends_on)
    except periods.PeriodError as exc:
        raise _from_period_error(exc) from None
    organisation = peer.organisation
    with transaction.atomic():
        peer = _lock_peer(peer)
        _check_free(peer, first)
        peer_name = f"{first_name} {last_name}".strip()
        with translation.override("da"):  # the agreement is a Danish document, whatever the page language
            data = documents.agreement_data(
                organisation=organisation,
                programme=programme,
                coordinator_name=coordinator.display_name if coordinator else "",
                peer_name=peer_name,
                starts_on=starts_on,
            )
        template = documents.template_for(organisation, "volunteer_agreement")
        agreement = VolunteerAgreement(
            organisation=organisation,
            peer=peer,
            programme=programme,
            coordinator=coordinator,
            role=role,
            first_name=first_name,
            last_name=last_name,
            address=address,
            postcode=postcode,
            city=city,
            phone=phone,
            email=email,
            cpr_reason=cpr_reason if cpr else "",
            starts_on=starts_on,
            text=documents.filled_text(template, data),
            role_description=documents.role_description_text(organisation, role),
            insurance=insurance,
            transport_covered=transport_covered,
            may_request_record_check=may_request_record_check,
            created_by=acting_user,
        )
        agreement.set_cpr(cpr)
        agreement.save()
        _save_period(agreement=agreement, peer=peer, number=1, starts_on=first.starts_on, ends_on=first.ends_on)
        log_action(
            agreement,
            "agreements.agreement.created",
            actor=acting_user,
            subject_code=peer.code,
            data={
                "starts_on": first.starts_on.isoformat(),
                "ends_on": first.ends_on.isoformat(),
                "with_cpr": bool(cpr),
            },
        )
    return agreement


EDITABLE_FIELDS = (
    "programme",
    "coordinator",
    "role",
    "first_name",
    "last_name",
    "address",
    "postcode",
    "city",
    "phone",
    "email",
    "text",
    "insurance",
    "transport_covered",
    "may_request_record_check",
)


def update_agreement(
    *,
    agreement: VolunteerAgreement,
    acting_user: User,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    cpr: str | None = None,
    cpr_reason: str = "",
    **fields: Any,
) -> VolunteerAgreement:
    """Correct an agreement before it is signed. The start and first period can move only while it has one period."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        _lock_peer(agreement.peer)
        agreement = VolunteerAgreement.objects.select_for_update().get(pk=agreement.pk)
        if _is_signed(agreement):
            raise AgreementError("signed", "A signed agreement cannot be changed")
        if agreement.is_ended:
            raise AgreementError("ended", "The agreement has ended")
        all_periods = list(agreement.periods.order_by("starts_on"))
        first = all_periods[0]
        programme = fields.get("programme", agreement.programme)
        wanted_end = ends_on
        if wanted_end is None:
            wanted_end = (
                first.ends_on
                if starts_on == first.starts_on and programme == agreement.programme
                else periods.period_from(starts_on, documents.agreement_months(programme)).ends_on
            )
        if (starts_on, wanted_end) != (first.starts_on, first.ends_on):
            if len(all_periods) > 1:
                raise AgreementError("renewed", "A renewed agreement keeps its dates", field="starts_on")
            try:
                candidate = periods.DateRange(starts_on, wanted_end)
            except periods.PeriodError as exc:
                raise _from_period_error(exc) from None
            _check_free(agreement.peer, candidate, exclude=agreement)
            first.starts_on, first.ends_on = candidate.starts_on, candidate.ends_on
            try:
                with transaction.atomic():
                    first.save(update_fields=["starts_on", "ends_on"])
            except IntegrityError as exc:
                raise AgreementError("overlap", "The period overlaps another", field="starts_on") from exc
        changed = sorted(k for k, v in fields.items() if getattr(agreement, k) != v)
        for key, value in fields.items():
            setattr(agreement, key, value)
        if "role" in changed:
            agreement.role_description = documents.role_description_text(agreement.organisation, agreement.role)
        if agreement.starts_on != starts_on:
            changed.append("starts_on")
        agreement.starts_on = starts_on
        if cpr is not None:
            agreement.set_cpr(cpr)
            changed.append("cpr")
        agreement.cpr_reason = cpr_reason if agreement.cpr_encrypted else ""
        agreement.save()
        log_action(
            agreement,
            "agreements.agreement.updated",
            actor=acting_user,
            subject_code=agreement.peer.code,
            data={"changed": changed},
        )
    return agreement


def text_digest(text: str, role_description: str) -> str:
    """A fingerprint of exactly what was accepted, so a later change of text is evident."""
    return hashlib.sha256(f"{text}\n\x1e\n{role_description}".encode()).hexdigest()


def _same_name(typed: str, expected: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(expected.split()).casefold()


def accept_agreement(
    *, agreement: VolunteerAgreement, user: User, typed_name: str, consent: bool, request: Any = None
) -> Signature:
    """The peer accepts their agreement electronically: their typed name and the time are recorded and logged."""
    if agreement.peer.user_id != user.pk:
        raise AgreementError("not_yours", "Only the volunteer can accept the agreement")
    if not consent:
        raise AgreementError("consent", "Consent is missing", field="consent")
    if not _same_name(typed_name, agreement.full_name):
        raise AgreementError("name_mismatch", "The typed name is not the name on the agreement", field="typed_name")
    with transaction.atomic():
        agreement = VolunteerAgreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.is_ended:
            raise AgreementError("ended", "The agreement has ended")
        if agreement.signatures.filter(method=SignatureMethod.ELECTRONIC).exists():
            raise AgreementError("already_accepted", "The agreement is already accepted")
        signature = Signature.objects.create(
            agreement=agreement,
            method=SignatureMethod.ELECTRONIC,
            signed_name=" ".join(typed_name.split()),
            signed_at=timezone.now(),
            text_digest=text_digest(agreement.text, agreement.role_description),
            user=user,
        )
        log_action(
            agreement,
            "agreements.agreement.accepted",
            actor=user,
            subject_code=agreement.peer.code,
            data={"signed_name": signature.signed_name, "digest": signature.text_digest},
            request=request,
        )
    return signature


def accept_employment(
    *, record: EmploymentRecord, user: User, typed_name: str, consent: bool, request: Any = None
) -> Signature:
    """The paid peer confirms electronically that they received the employment record and function description."""
    if record.peer.user_id != user.pk:
        raise AgreementError("not_yours", "Only the peer can accept")
    if not consent:
        raise AgreementError("consent", "Consent is missing", field="consent")
    if not _same_name(typed_name, record.peer.full_name):
        raise AgreementError("name_mismatch", "The typed name is not the peer's name", field="typed_name")
    with transaction.atomic():
        record = EmploymentRecord.objects.select_for_update().get(pk=record.pk)
        if record.signatures.filter(method=SignatureMethod.ELECTRONIC).exists():
            raise AgreementError("already_accepted", "Already accepted")
        signature = Signature.objects.create(
            employment=record,
            method=SignatureMethod.ELECTRONIC,
            signed_name=" ".join(typed_name.split()),
            text_digest=text_digest(str(record.hours_per_week), record.role_description),
            user=user,
        )
        log_action(
            record,
            "agreements.employment.accepted",
            actor=user,
            subject_code=record.peer.code,
            data={"signed_name": signature.signed_name},
            request=request,
        )
    return signature


def upload_signed_copy(
    *,
    document: VolunteerAgreement | EmploymentRecord,
    scan: UploadedFile,
    content_type: str,
    signed_name: str,
    signed_on: datetime.date,
    acting_user: User,
) -> Signature:
    """Store the scan of a paper signature (replacing an earlier scan of the same document)."""
    is_agreement = isinstance(document, VolunteerAgreement)
    signed_at = timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(12, 0)))
    old_file = None
    with transaction.atomic():
        lookup = {"agreement": document} if is_agreement else {"employment": document}
        signature = Signature.objects.select_for_update().filter(method=SignatureMethod.PAPER, **lookup).first()
        if signature is None:
            signature = Signature(method=SignatureMethod.PAPER, **lookup)
        else:
            old_file = signature.scan.name
        signature.signed_name = signed_name
        signature.signed_at = signed_at
        signature.user = acting_user
        signature.scan_content_type = content_type
        signature.scan.save(scan.name or "scan", scan, save=False)
        signature.save()
        log_action(
            document,
            "agreements.agreement.signed_copy_uploaded"
            if is_agreement
            else "agreements.employment.signed_copy_uploaded",
            actor=acting_user,
            subject_code=document.peer.code,
            organisation=document.organisation,
            data={"content_type": content_type, "replaced": old_file is not None},
        )
        if old_file:
            storage = signature.scan.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return signature


def _latest_period(agreement: VolunteerAgreement) -> AgreementPeriod:
    return agreement.periods.order_by("-starts_on").first()  # type: ignore[return-value]


def record_renewal_talk(
    *,
    agreement: VolunteerAgreement,
    held_on: datetime.date,
    outcome: str,
    acting_user: User,
    notes: str = "",
) -> RenewalTalk:
    """Record the renewal talk of the current period: renewed gives a new period, ended ends with the period."""
    if held_on > timezone.localdate():
        raise AgreementError("talk_in_future", "A talk cannot be recorded before it is held", field="held_on")
    with transaction.atomic():
        peer = _lock_peer(agreement.peer)
        agreement = VolunteerAgreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.is_ended:
            raise AgreementError("ended", "The agreement has ended")
        period = _latest_period(agreement)
        if RenewalTalk.objects.filter(period=period).exists():
            raise AgreementError("talk_exists", "The period already has its renewal talk")
        if held_on < period.starts_on:
            raise AgreementError("talk_before_period", "The talk is before the period starts", field="held_on")
        new_period = None
        if outcome == RenewalOutcome.RENEWED:
            months = documents.agreement_months(agreement.programme)
            candidate = periods.next_period(periods.DateRange(period.starts_on, period.ends_on), months)
            _check_free(peer, candidate)
            new_period = _save_period(
                agreement=agreement,
                peer=peer,
                number=period.number + 1,
                starts_on=candidate.starts_on,
                ends_on=candidate.ends_on,
            )
        elif outcome == RenewalOutcome.ENDED:
            agreement.ended_on = period.ends_on
            agreement.ended_by = EndedBy.MUTUAL
            agreement.save(update_fields=["ended_on", "ended_by"])
        else:
            raise AgreementError("outcome", "Unknown outcome", field="outcome")
        talk = RenewalTalk.objects.create(
            agreement=agreement, period=period, held_on=held_on, notes=notes, outcome=outcome, recorded_by=acting_user
        )
        log_action(
            talk,
            "agreements.renewal_talk.recorded",
            actor=acting_user,
            organisation=agreement.organisation,
            subject_code=peer.code,
            data={
                "outcome": outcome,
                "new_period": [new_period.starts_on.isoformat(), new_period.ends_on.isoformat()]
                if new_period
                else None,
            },
        )
    return talk


def end_agreement(
    *, agreement: VolunteerAgreement, ended_on: datetime.date, ended_by: str, acting_user: User, reason: str = ""
) -> VolunteerAgreement:
    """Either side ends the agreement. Periods after the end are dropped and the current one is cut short."""
    if ended_by not in (EndedBy.VOLUNTEER, EndedBy.ORGANISATION, EndedBy.MUTUAL):
        raise AgreementError("ended_by", "Say who ends the agreement", field="ended_by")
    with transaction.atomic():
        _lock_peer(agreement.peer)
        agreement = VolunteerAgreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.is_ended:
            raise AgreementError("already_ended", "The agreement has already ended")
        all_periods = list(agreement.periods.order_by("starts_on"))
        try:
            kept = periods.truncate([periods.DateRange(p.starts_on, p.ends_on) for p in all_periods], ended_on)
        except periods.PeriodError as exc:
            raise _from_period_error(exc) from None
        dropped = [p for p in all_periods if p.starts_on > ended_on]
        for period in dropped:
            period.delete()
        for period, new in zip(all_periods, kept, strict=False):
            if period.ends_on != new.ends_on:
                period.ends_on = new.ends_on
                period.save(update_fields=["ends_on"])
        agreement.ended_on = ended_on
        agreement.ended_by = ended_by
        agreement.end_reason = reason
        agreement.save(update_fields=["ended_on", "ended_by", "end_reason"])
        log_action(
            agreement,
            "agreements.agreement.ended",
            actor=acting_user,
            subject_code=agreement.peer.code,
            data={"ended_on": ended_on.isoformat(), "ended_by": ended_by, "periods_dropped": len(dropped)},
        )
    return agreement


def unmask_agreement_cpr(*, agreement: VolunteerAgreement, acting_user: User, purpose: str, request: Any = None) -> str:
    """Show the full CPR number of an agreement; every unmasking is logged with its purpose (DOMAIN §10)."""
    log_access(
        actor=acting_user,
        kind=AuditKind.UNMASK,
        action="agreements.agreement.cpr_unmasked",
        obj=agreement,
        subject_code=agreement.peer.code,
        purpose=purpose,
        request=request,
    )
    return agreement.cpr_encrypted


def record_record_check(*, peer: Peer, seen_on: datetime.date, seen_by_name: str, acting_user: User) -> RecordCheck:
    """Record that a criminal-record certificate was seen. The certificate itself is never stored."""
    if seen_on > timezone.localdate():
        raise AgreementError("seen_in_future", "A certificate cannot be seen in the future", field="seen_on")
    with transaction.atomic():
        check = RecordCheck.objects.create(
            organisation=peer.organisation,
            peer=peer,
            seen_on=seen_on,
            seen_by_name=seen_by_name,
            recorded_by=acting_user,
        )
        log_action(
            check,
            "agreements.record_check.recorded",
            actor=acting_user,
            subject_code=peer.code,
            data={"seen_on": seen_on.isoformat()},
        )
    return check


def save_employment_record(
    *,
    peer: Peer,
    acting_user: User,
    starts_on: datetime.date,
    hours_per_week: Decimal,
    record: EmploymentRecord | None = None,
    unit: Unit | None = None,
    role: str = "role_peer",
    flex_job: bool = False,
    ends_on: datetime.date | None = None,
    considerations: str | None = None,
) -> EmploymentRecord:
    """Create or correct a paid peer's employment record.

    Special considerations are set only by the leader who records them (or on a record without
    any); `considerations=None` leaves them as they are, unseen.
    """
    if peer.kind not in EMPLOYED_KINDS:
        raise AgreementError("not_employed", "Employment records are for paid peers")
    if ends_on is not None and ends_on < starts_on:
        raise AgreementError("dates_order", "Ends before it starts", field="ends_on")
    if unit is not None and unit.organisation_id != peer.organisation_id:
        raise AgreementError("unit", "The unit belongs to another organisation", field="unit")
    with transaction.atomic():
        created = record is None
        if record is None:
            record = EmploymentRecord(organisation=peer.organisation, peer=peer, created_by=acting_user)
            record.role_description = documents.role_description_text(peer.organisation, role)
        else:
            record = EmploymentRecord.objects.select_for_update().get(pk=record.pk)
            if record.role != role:
                record.role_description = documents.role_description_text(peer.organisation, role)
        record.unit = unit
        record.role = role
        record.hours_per_week = hours_per_week
        record.flex_job = flex_job
        record.starts_on = starts_on
        record.ends_on = ends_on
        touched_considerations = False
        if considerations is not None:
            if record.considerations_by_id not in (None, acting_user.pk) and record.considerations:
                raise AgreementError("considerations", "Only the leader who recorded them may change them")
            if considerations != record.considerations:
                touched_considerations = True
            record.considerations = considerations
            record.considerations_by = acting_user if considerations else None
        record.save()
        log_action(
            record,
            "agreements.employment.created" if created else "agreements.employment.updated",
            actor=acting_user,
            subject_code=peer.code,
            data={
                "hours_per_week": str(hours_per_week),
                "flex_job": flex_job,
                "considerations": touched_considerations,
            },
        )
    return record


def read_considerations(*, record: EmploymentRecord, user: User, request: Any = None) -> str:
    """The special considerations, for the peer or the leader who recorded them; the leader's read is logged."""
    if not record.considerations_visible_to(user):
        return ""
    if user.pk != record.peer.user_id and record.considerations:
        log_access(
            actor=user,
            kind=AuditKind.READ,
            action="agreements.employment.considerations_read",
            obj=record,
            subject_code=record.peer.code,
            purpose=gettext_noop("Special considerations at work"),
            request=request,
        )
    return record.considerations


def save_template(
    *, organisation: Organisation, kind: str, body: str, local_values: dict[str, str], acting_user: User
) -> DocumentTemplate:
    """Save the organisation's own wording of a document (agreements already made keep their text)."""
    with transaction.atomic():
        template, created = DocumentTemplate.objects.update_or_create(
            organisation=organisation,
            kind=kind,
            defaults={
                "body": body,
                "local_values": {k: v for k, v in local_values.items() if v},
                "updated_at": timezone.now(),
                "updated_by": acting_user,
            },
        )
        log_action(
            template,
            "agreements.template.saved",
            actor=acting_user,
            organisation=organisation,
            data={"kind": kind, "created": created},
        )
    return template


def reset_template(*, organisation: Organisation, kind: str, acting_user: User) -> None:
    """Go back to the published default text."""
    with transaction.atomic():
        deleted, _ = DocumentTemplate.objects.filter(organisation=organisation, kind=kind).delete()
        if deleted:
            log_action(
                None, "agreements.template.reset", actor=acting_user, organisation=organisation, data={"kind": kind}
            )


# ---------------------------------------------------------------------------------------------------
# Renewal reminders (a daily job)
# ---------------------------------------------------------------------------------------------------


def _reminder_recipients(agreement: VolunteerAgreement) -> list[User]:
    coordinator = agreement.coordinator
    if coordinator is not None and coordinator.is_active and coordinator.email:
        return [coordinator]
    return list(selectors.coordinators_of(agreement.organisation))


def send_renewal_reminders(*, today: datetime.date | None = None) -> int:
    """E-mail the coordinator when a period ends within 30 days and no renewal talk is recorded; once per period.

    Peers who have ended are left out: there is nothing to renew.
    """
    day = today or timezone.localdate()
    due = (
        AgreementPeriod.objects.filter(
            reminder_sent_at__isnull=True,
            ends_on__gte=day,
            ends_on__lte=day + datetime.timedelta(days=REMINDER_DAYS),
            agreement__ended_on__isnull=True,
            renewal_talk__isnull=True,
        )
        .exclude(peer__status=PeerStatus.ENDED)  # nobody renews with a peer who has left
        .select_related("agreement__coordinator", "agreement__organisation", "agreement__programme", "peer")
        .order_by("ends_on", "pk")
    )
    sent = 0
    for period in due:
        agreement = period.agreement
        if agreement.periods.filter(starts_on__gt=period.starts_on).exists():
            continue  # already renewed
        with transaction.atomic():
            claimed = AgreementPeriod.objects.filter(pk=period.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if claimed != 1:
                continue  # another run got there first
            recipients = _reminder_recipients(agreement)
            log_action(
                agreement,
                "agreements.renewal_reminder.sent",
                actor=None,
                subject_code=period.peer.code,
                data={"period_ends_on": period.ends_on.isoformat(), "to": [u.email for u in recipients]},
            )
            url = settings.SITE_URL.rstrip("/") + reverse(
                "agreements:agreement_detail", kwargs={"code": agreement.code}
            )
            context = {
                "peer": agreement.full_name,
                "organisation": agreement.organisation.name,
                "programme": agreement.programme.name,
                "ends_on": documents.date_text(period.ends_on),
                "url": url,
            }
            for user in recipients:
                _send_after_commit("agreements/email/renewal_reminder", user, context)
        sent += 1
    return sent


def _send_after_commit(template: str, user: User, context: dict[str, Any]) -> None:
    to, language = [user.email], user.preferred_language or "da"
    transaction.on_commit(lambda: send_email_task.enqueue(template=template, to=to, context=context, language=language))
