"""Who may see a citizen, a peer or an applicant. Every read of their personal data is logged with its purpose."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from core.access import current_organisation, has_role
from core.audit import log_access
from core.models import AuditKind, Role
from people.models import Citizen, Interview, Peer, PeerApplication

# Roles that see the organisation's citizens in full. Peers and key persons see only the citizens
# their own flows give them (matches, the ward's list), through the access helpers of those apps.
CITIZEN_ROLES = (Role.COORDINATOR, Role.LEAD)


def citizens_visible_to(request: HttpRequest) -> Any:
    organisation = current_organisation(request)
    if organisation is None or not has_role(request, *CITIZEN_ROLES):
        return Citizen.objects.none()
    return Citizen.objects.of(organisation)


def get_citizen_for_user(request: HttpRequest, code: Any, *, purpose: str) -> Citizen:
    """The citizen, if this user may see them; 404 otherwise. The read is logged."""
    citizen = get_object_or_404(citizens_visible_to(request), code=code)
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.READ,
        action="people.citizen.read",
        obj=citizen,
        subject_code=citizen.code,
        purpose=purpose,
        request=request,
    )
    return citizen


def own_citizen_records(request: HttpRequest) -> Any:
    if not request.user.is_authenticated:
        raise Http404
    return Citizen.objects.filter(user=request.user).select_related("organisation")


def own_peer_records(request: HttpRequest) -> Any:
    """The logged-in person's own peer record(s), whatever organisation they act for: their own data."""
    if not request.user.is_authenticated:
        raise Http404
    return Peer.objects.filter(user=request.user).select_related("organisation")


# Peers and applicants are the coordinator's to see (DOMAIN §3): peers, agreements, education, caseloads.
PEER_ROLES = (Role.COORDINATOR,)


def peers_visible_to(request: HttpRequest) -> Any:
    organisation = current_organisation(request)
    if organisation is None or not has_role(request, *PEER_ROLES):
        return Peer.objects.none()
    return Peer.objects.of(organisation)


def get_peer_for_user(request: HttpRequest, code: Any, *, purpose: str) -> Peer:
    """The peer, if this user coordinates the peer's organisation; 404 otherwise. The read is logged."""
    peer = get_object_or_404(peers_visible_to(request).select_related("organisation", "mentor", "user"), code=code)
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.READ,
        action="people.peer.read",
        obj=peer,
        subject_code=peer.code,
        purpose=purpose,
        request=request,
    )
    return peer


def applications_visible_to(request: HttpRequest) -> Any:
    organisation = current_organisation(request)
    if organisation is None or not has_role(request, *PEER_ROLES):
        return PeerApplication.objects.none()
    return PeerApplication.objects.of(organisation)


def get_application_for_user(request: HttpRequest, code: Any, *, purpose: str) -> PeerApplication:
    """An application to the coordinator's organisation; 404 otherwise. The read is logged."""
    application = get_object_or_404(
        applications_visible_to(request).select_related("programme", "organisation", "peer"), code=code
    )
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.READ,
        action="people.application.read",
        obj=application,
        subject_code=application.code,
        purpose=purpose,
        request=request,
    )
    return application


def get_interview_for_user(request: HttpRequest, code: Any, *, purpose: str) -> Interview:
    interview = get_object_or_404(
        Interview.objects.select_related("application", "application__organisation", "application__programme"),
        application__in=applications_visible_to(request),
        code=code,
    )
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.READ,
        action="people.interview.read",
        obj=interview,
        organisation=interview.application.organisation,
        subject_code=interview.application.code,
        purpose=purpose,
        request=request,
    )
    return interview


def own_peer(request: HttpRequest) -> Peer | None:
    """The logged-in peer's own record in the organisation they act for; 404 unless they hold the peer role.

    None when they have the role but no peer record is linked to their account yet.
    """
    from people.selectors import peer_of_user

    organisation = current_organisation(request)
    if organisation is None or not has_role(request, Role.PEER):
        raise Http404
    return peer_of_user(request.user, organisation)
