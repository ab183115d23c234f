"""Writes about references (udtalelser): the occasions counted by hand, and a reference started, edited and sent.

Like every service: one action, one transaction, an audit entry; the e-mail with the PDF leaves after
commit, as a task.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation

from agreements import documents, periods, references, selectors, tasks, texts
from agreements.models import OccasionTally, Reference, ReferenceStatus
from agreements.services import AgreementError
from core.audit import log_action
from core.models import User
from people.models import Peer


def set_manual_occasions(*, peer: Peer, count: int, acting_user: User) -> OccasionTally:
    """The coordinator's own count of the peer's volunteering occasions that no app records."""
    if count < 0:
        raise AgreementError("negative", "A count cannot be negative", field="count")
    with transaction.atomic():
        tally, _ = OccasionTally.objects.update_or_create(
            peer=peer, defaults={"count": count, "updated_by": acting_user, "updated_at": timezone.now()}
        )
        log_action(
            peer,
            "agreements.occasions.counted",
            actor=acting_user,
            subject_code=peer.code,
            data={"count": count},
        )
    return tally


def _reference_data(peer: Peer, coordinator: User, occasions: int) -> dict[str, str]:
    first, last = selectors.peer_active_dates(peer)
    end = peer.ended_at or (last if last and last < timezone.localdate() else None) or timezone.localdate()
    roles = sorted(
        {documents.role_label(r).lower() for r in peer.agreements.values_list("role", flat=True)}
        | {documents.role_label(r).lower() for r in peer.employment_records.values_list("role", flat=True)}
    )
    programmes = sorted(
        set(peer.agreements.values_list("programme__name", flat=True))
        | set(peer.programmes.values_list("name", flat=True))
    )
    return {
        "organisation": peer.organisation.name,
        "name": peer.full_name,
        "first_name": peer.first_name,
        "start": documents.date_text(references.active_since(peer) or first),
        "end": documents.date_text(end),
        "roles": ", ".join(roles) or documents.role_label("role_peer").lower(),
        "programmes": ", ".join(programmes),
        "occasions": str(occasions),
        "coordinator": coordinator.display_name,
    }


def create_reference(
    *, peer: Peer, acting_user: User, recipient_email: str = "", education_confirmed: bool = False
) -> Reference:
    """Start a reference for a volunteer who leaves, if the rules allow it; the text comes from the template."""
    eligibility = references.eligibility_for(peer, today=timezone.localdate(), education_confirmed=education_confirmed)
    if not eligibility.assessment.eligible:
        unmet = [r.criterion.value for r in eligibility.assessment.results if r.outcome is not periods.Outcome.MET]
        raise AgreementError("not_eligible", f"Not eligible: {', '.join(unmet)}", conflict=unmet)
    with transaction.atomic():
        template = documents.template_for(peer.organisation, "reference")
        with translation.override("da"):  # the reference is a Danish document, whatever the page language
            data = _reference_data(peer, acting_user, eligibility.occasions)
        reference = Reference.objects.create(
            organisation=peer.organisation,
            peer=peer,
            text=documents.filled_text(template, data),
            recipient_email=recipient_email or peer.email,
            eligibility={
                "active_since": eligibility.active_since.isoformat() if eligibility.active_since else None,
                "until": eligibility.until.isoformat(),
                "occasions": eligibility.occasions,
                "education": "records" if eligibility.education_from_records else "confirmed",
            },
            education_confirmed_by=None if eligibility.education_from_records else acting_user,
            created_by=acting_user,
        )
        log_action(
            reference,
            "agreements.reference.created",
            actor=acting_user,
            subject_code=peer.code,
            data=reference.eligibility,
        )
    return reference


def update_reference(*, reference: Reference, text: str, recipient_email: str, acting_user: User) -> Reference:
    with transaction.atomic():
        reference = Reference.objects.select_for_update().get(pk=reference.pk)
        if reference.status != ReferenceStatus.DRAFT:
            raise AgreementError("sent", "A sent reference cannot be changed")
        reference.text = text
        reference.recipient_email = recipient_email
        reference.updated_at = timezone.now()
        reference.save(update_fields=["text", "recipient_email", "updated_at"])
        log_action(reference, "agreements.reference.updated", actor=acting_user, subject_code=reference.peer.code)
    return reference


def send_reference(*, reference: Reference, acting_user: User) -> Reference:
    """Send the reference as a PDF by e-mail, once; the e-mail leaves after commit, as a task."""
    if not reference.recipient_email:
        raise AgreementError("no_recipient", "Say where to send the reference", field="recipient_email")
    missing = texts.unfilled_fields(reference.text, {})
    if missing:
        raise AgreementError("unfilled", "Fields are still to be filled in", field="text", conflict=missing)
    with transaction.atomic():
        sent = Reference.objects.filter(pk=reference.pk, status=ReferenceStatus.DRAFT).update(
            status=ReferenceStatus.SENT, sent_at=timezone.now(), sent_by=acting_user
        )
        if sent != 1:
            raise AgreementError("already_sent", "The reference was already sent")
        reference.refresh_from_db()
        log_action(
            reference,
            "agreements.reference.sent",
            actor=acting_user,
            subject_code=reference.peer.code,
            data={"to": reference.recipient_email},
        )
        code = str(reference.code)
        transaction.on_commit(lambda: tasks.send_reference_task.enqueue(reference_code=code))
    return reference
