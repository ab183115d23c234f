"""Who may see education and support records: the coordinators of the organisation, and each peer their own.

Everyone else gets 404. Reads of a named peer's education or support records are logged with their purpose.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from core.access import acting_user, require_organisation_role
from core.audit import log_access
from core.models import AuditKind, Role
from education.models import (
    ChecklistItem,
    EducationModule,
    Enrolment,
    Meeting,
    MeetingSeries,
    ModuleCompletion,
    ModuleRun,
)
from people.access import get_peer_for_user, own_peer
from people.models import Peer

COORDINATOR_ROLES = (Role.COORDINATOR,)


def get_module_for_user(request: HttpRequest, code: Any) -> EducationModule:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    return get_object_or_404(EducationModule.objects.of(organisation), code=code)


def get_run_for_user(request: HttpRequest, code: Any) -> ModuleRun:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    return get_object_or_404(ModuleRun.objects.of(organisation).select_related("module"), code=code)


def _log_peer_read(request: HttpRequest, peer: Peer, action: str, purpose: str, obj: Any = None) -> None:
    log_access(
        actor=acting_user(request),
        kind=AuditKind.READ,
        action=action,
        obj=obj if obj is not None else peer,
        organisation=peer.organisation,
        subject_code=peer.code,
        purpose=purpose,
        request=request,
    )


def get_enrolment_for_user(request: HttpRequest, code: Any, *, purpose: str) -> Enrolment:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("run__module", "peer__organisation"),
        run__module__organisation=organisation,
        code=code,
    )
    _log_peer_read(request, enrolment.peer, "education.enrolment.read", purpose, enrolment)
    return enrolment


def get_completion_for_user(request: HttpRequest, code: Any, *, purpose: str) -> ModuleCompletion:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    completion = get_object_or_404(
        ModuleCompletion.objects.select_related("module", "peer__organisation"),
        module__organisation=organisation,
        code=code,
    )
    _log_peer_read(request, completion.peer, "education.completion.read", purpose, completion)
    return completion


def get_peer_for_coordinator(request: HttpRequest, code: Any, *, purpose: str) -> Peer:
    """A peer of the coordinator's organisation (404 otherwise); the read is logged by the people app."""
    require_organisation_role(request, *COORDINATOR_ROLES)
    return get_peer_for_user(request, code, purpose=purpose)


def get_checklist_item_for_peer(peer: Peer, code: Any) -> ChecklistItem:
    return get_object_or_404(
        ChecklistItem.objects.select_related("module"), module__organisation_id=peer.organisation_id, code=code
    )


def own_peer_record(request: HttpRequest) -> Peer | None:
    """The logged-in peer's own record (None when not linked yet); 404 for anyone without the peer role."""
    return own_peer(request)


def get_series_for_user(request: HttpRequest, code: Any) -> MeetingSeries:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    return get_object_or_404(MeetingSeries.objects.of(organisation), code=code)


def get_meeting_for_user(request: HttpRequest, code: Any) -> Meeting:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    return get_object_or_404(Meeting.objects.of(organisation).select_related("series"), code=code)
