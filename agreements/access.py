"""Who may see agreements and documents. Outsiders get 404; coordinators' reads of personal data are logged.

- coordinators see the agreements, employment records, record checks and references of their
  organisation's peers;
- a peer sees only their own (their Peer via Peer.user, in the organisation they act for);
- special considerations in an employment record are for the peer and the leader who recorded them.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from agreements.models import EmploymentRecord, Reference, Signature, VolunteerAgreement
from core.access import current_organisation, has_role, require_organisation_role
from core.audit import log_access
from core.models import AuditKind, Role
from people.models import Peer

COORDINATOR_ROLES = (Role.COORDINATOR,)
TEMPLATE_ROLES = (Role.COORDINATOR, Role.ADMINISTRATOR)


def _log_read(request: HttpRequest, obj: Any, peer: Peer, action: str, purpose: str) -> None:
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.READ,
        action=action,
        obj=obj,
        subject_code=peer.code,
        organisation=peer.organisation,
        purpose=purpose,
        request=request,
    )


def get_peer_for_coordinator(request: HttpRequest, code: Any, *, purpose: str) -> Peer:
    """A peer of the coordinator's organisation; 404 otherwise. The read is logged."""
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    peer = get_object_or_404(Peer.objects.of(organisation), code=code)
    _log_read(request, peer, peer, "agreements.peer.read", purpose)
    return peer


def get_agreement_for_coordinator(request: HttpRequest, code: Any, *, purpose: str) -> VolunteerAgreement:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    agreement = get_object_or_404(
        VolunteerAgreement.objects.of(organisation).select_related("peer", "programme", "coordinator", "organisation"),
        code=code,
    )
    _log_read(request, agreement, agreement.peer, "agreements.agreement.read", purpose)
    return agreement


def get_employment_for_coordinator(request: HttpRequest, code: Any, *, purpose: str) -> EmploymentRecord:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    record = get_object_or_404(
        EmploymentRecord.objects.of(organisation).select_related("peer", "unit", "organisation", "considerations_by"),
        code=code,
    )
    _log_read(request, record, record.peer, "agreements.employment.read", purpose)
    return record


def get_reference_for_coordinator(request: HttpRequest, code: Any, *, purpose: str) -> Reference:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    reference = get_object_or_404(
        Reference.objects.filter(organisation=organisation).select_related("peer", "organisation"), code=code
    )
    _log_read(request, reference, reference.peer, "agreements.reference.read", purpose)
    return reference


def own_peer(request: HttpRequest) -> Peer:
    """The logged-in peer's own record in the organisation they act for; 404 for anyone else."""
    organisation = require_organisation_role(request, Role.PEER)
    return get_object_or_404(Peer.objects.select_related("organisation"), user=request.user, organisation=organisation)


def get_own_agreement(request: HttpRequest, code: Any) -> VolunteerAgreement:
    peer = own_peer(request)
    return get_object_or_404(
        VolunteerAgreement.objects.select_related("peer", "programme", "coordinator", "organisation"),
        peer=peer,
        code=code,
    )


def get_own_employment(request: HttpRequest, code: Any) -> EmploymentRecord:
    peer = own_peer(request)
    return get_object_or_404(
        EmploymentRecord.objects.select_related("peer", "unit", "organisation", "considerations_by"),
        peer=peer,
        code=code,
    )


def get_signature_for_user(request: HttpRequest, code: Any, *, purpose: str) -> Signature:
    """A signature (for its scan): the organisation's coordinators and the peer who signed may see it."""
    organisation = current_organisation(request)
    if organisation is None or not request.user.is_authenticated:
        raise Http404
    signature = get_object_or_404(Signature.objects.select_related("agreement__peer", "employment__peer"), code=code)
    document = signature.agreement or signature.employment
    if document is None or document.organisation_id != organisation.pk:
        raise Http404
    peer = document.peer
    if has_role(request, *COORDINATOR_ROLES):
        _log_read(request, signature, peer, "agreements.signature.scan_read", purpose)
        return signature
    if has_role(request, Role.PEER) and peer.user_id == request.user.pk:
        return signature
    raise Http404
