"""Who may see a course of support, its meetings and its cooperation agreement.

- The peer and the citizen of a course see everything about it (DOMAIN §10); each read is logged.
- A coordinator sees the course's facts (stage, dates, counts) through `get_course_for_coordinator`,
  never the meetings' notes or the agreement; there is no helper that gives them those.
- Everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.access import require_organisation_role
from core.audit import log_access
from core.models import AuditKind, Role
from support.models import CooperationAgreement, ExpenseClaim, Meeting, SupportCourse

PARTY_ROLES = (Role.PEER, Role.CITIZEN)


def _log_read(request: HttpRequest, course: SupportCourse, action: str, purpose: str, obj: Any = None) -> None:
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.READ,
        action=action,
        obj=obj or course,
        subject_code=course.citizen.code,
        organisation=course.organisation,
        purpose=purpose,
        request=request,
    )


def party_of(course: SupportCourse, user: Any) -> str | None:
    """ "peer" or "citizen" when the user is one of the two in the course, else None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if course.peer.user_id == user.pk:
        return "peer"
    if course.citizen.user_id == user.pk:
        return "citizen"
    return None


def get_course_for_party(request: HttpRequest, code: Any) -> SupportCourse:
    """A course the logged-in user is the peer or the citizen of; the read is logged."""
    organisation = require_organisation_role(request, *PARTY_ROLES)
    course = get_object_or_404(
        SupportCourse.objects.of(organisation).select_related("programme", "peer", "citizen", "organisation"),
        code=code,
    )
    if party_of(course, request.user) is None:
        raise Http404
    _log_read(request, course, "support.course.read", _("Peer support: the course of the peer and the citizen"))
    return course


def get_course_for_peer(request: HttpRequest, code: Any) -> SupportCourse:
    course = get_course_for_party(request, code)
    if party_of(course, request.user) != "peer":
        raise Http404
    return course


def get_meeting_for_party(request: HttpRequest, course: SupportCourse, code: Any) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.filter(course=course), code=code)
    _log_read(request, course, "support.meeting.read", _("Peer support: a meeting of the course"), meeting)
    return meeting


def get_agreement_for_party(request: HttpRequest, course: SupportCourse) -> CooperationAgreement | None:
    """The course's cooperation agreement for its peer or citizen (None when not written yet)."""
    agreement = CooperationAgreement.objects.filter(course=course).first()
    if agreement is not None:
        _log_read(request, course, "support.agreement.read", _("Peer support: our cooperation agreement"), agreement)
    return agreement


def get_course_for_coordinator(request: HttpRequest, code: Any) -> SupportCourse:
    """A course of the coordinator's organisation: its facts only. The read of who is in it is logged."""
    organisation = require_organisation_role(request, Role.COORDINATOR)
    course = get_object_or_404(
        SupportCourse.objects.of(organisation).select_related("programme", "peer", "citizen"), code=code
    )
    _log_read(request, course, "support.course.facts_read", _("Coordination of courses of support"))
    return course


def get_claim_for_coordinator(request: HttpRequest, code: Any) -> ExpenseClaim:
    organisation = require_organisation_role(request, Role.COORDINATOR)
    return get_object_or_404(ExpenseClaim.objects.of(organisation).select_related("peer"), code=code)


def log_own_read(request: HttpRequest, citizen: Any) -> None:
    """A citizen looks at their own courses (logged like every read of the data)."""
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.READ,
        action="support.own_courses.read",
        obj=citizen,
        subject_code=citizen.code,
        organisation=citizen.organisation,
        purpose=_("The citizen's own page"),
        request=request,
    )


def log_list_read(request: HttpRequest, organisation: Any, count: int) -> None:
    """The coordinator's list of courses names citizens: the read of the list is logged."""
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.SEARCH,
        action="support.course_list.read",
        organisation=organisation,
        purpose=_("Coordination of courses of support"),
        criterion=request.GET.get("vis", "active"),
        data={"rows": count},
        request=request,
    )


def log_caseload_read(request: HttpRequest, peer: Any, count: int) -> None:
    """The peer's caseload names the citizens they support: the read is logged."""
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.READ,
        action="support.caseload.read",
        obj=peer,
        organisation=peer.organisation,
        purpose=_("Peer support: the peer's own citizens"),
        data={"courses": count},
        request=request,
    )
