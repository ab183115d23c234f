"""Who may see which course objects. Outsiders get 404; reads of participants' names are logged.

- Coordinators and leads of the organisation manage its courses, runs and reports.
- Teachers (and peers who facilitate) see the runs they are on the team of: sessions, attendance,
  participants, session feedback, the evaluation checklist.
- The lead of a run may also plan its sessions and mark it finished.
- The co-teachers' agreement is seen by the two teachers only.
- Journal notes of closed groups are filed by coordinators, leads and the unit's key persons.
- Analysts see the aggregated reports only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.access import current_organisation, has_role, require_organisation_role
from core.audit import log_access
from core.models import AuditKind, Role
from courses.models import (
    CoTeacherAgreement,
    Course,
    CourseRun,
    JournalNote,
    Notification,
    Registration,
    Session,
    TeamMember,
)

MANAGER_ROLES = (Role.COORDINATOR, Role.LEAD)
TEAM_ROLES = (Role.TEACHER, Role.PEER)
REPORT_ROLES = (Role.COORDINATOR, Role.LEAD, Role.ANALYST)
JOURNAL_ROLES = (Role.COORDINATOR, Role.LEAD, Role.KEY_PERSON)


def is_manager(request: HttpRequest) -> bool:
    return current_organisation(request) is not None and has_role(request, *MANAGER_ROLES)


def runs_visible_to(request: HttpRequest) -> QuerySet[CourseRun]:
    organisation = current_organisation(request)
    if organisation is None:
        return CourseRun.objects.none()
    runs = CourseRun.objects.of(organisation)
    if has_role(request, *MANAGER_ROLES):
        return runs
    if has_role(request, *TEAM_ROLES):
        return runs.taught_by(request.user)
    return CourseRun.objects.none()


def _with_relations(runs: QuerySet[CourseRun]) -> QuerySet[CourseRun]:
    return runs.select_related("version", "course__programme", "course__organisation", "course__unit", "unit")


def _log_run_read(request: HttpRequest, run: CourseRun, purpose: str) -> None:
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.READ,
        action="courses.run.read",
        obj=run,
        organisation=run.course.organisation,
        purpose=purpose,
        request=request,
    )


def get_run_for_user(request: HttpRequest, code: Any, *, purpose: str = "") -> CourseRun:
    """A run the user manages or teaches; the read of its participants is logged."""
    run = get_object_or_404(_with_relations(runs_visible_to(request)), code=code)
    _log_run_read(request, run, purpose or _("Course administration"))
    return run


def is_lead_of(request: HttpRequest, run: CourseRun) -> bool:
    user = request.user
    return run.team.filter(Q(user=user) | Q(peer__user=user), is_lead=True).exists()  # type: ignore[misc]


def get_run_for_planner(request: HttpRequest, code: Any) -> CourseRun:
    """A run whose sessions the user may plan: managers, and the run's lead."""
    run = get_object_or_404(_with_relations(runs_visible_to(request)), code=code)
    if not is_manager(request) and not is_lead_of(request, run):
        raise Http404
    return run


def get_run_for_manager(request: HttpRequest, code: Any) -> CourseRun:
    organisation = require_organisation_role(request, *MANAGER_ROLES)
    return get_object_or_404(_with_relations(CourseRun.objects.of(organisation)), code=code)


def get_course_for_manager(request: HttpRequest, code: Any) -> Course:
    organisation = require_organisation_role(request, *MANAGER_ROLES)
    return get_object_or_404(
        Course.objects.of(organisation).select_related("programme", "unit").prefetch_related("versions"), code=code
    )


def get_session_for_user(request: HttpRequest, code: Any) -> Session:
    session = get_object_or_404(
        Session.objects.filter(run__in=runs_visible_to(request)).select_related(
            "run__version", "run__course__programme", "run__course__organisation", "run__unit"
        ),
        code=code,
    )
    _log_run_read(request, session.run, _("Attendance and session feedback"))
    return session


def get_session_for_planner(request: HttpRequest, code: Any) -> Session:
    session = get_session_for_user(request, code)
    if not is_manager(request) and not is_lead_of(request, session.run):
        raise Http404
    return session


def get_member_for_manager(request: HttpRequest, run: CourseRun, code: Any) -> TeamMember:
    return get_object_or_404(run.team.select_related("peer", "user"), code=code)


def get_registration_for_user(request: HttpRequest, code: Any) -> Registration:
    return get_object_or_404(
        Registration.objects.filter(run__in=runs_visible_to(request)).select_related(
            "run__version", "run__course__organisation"
        ),
        code=code,
    )


def get_notification_for_user(request: HttpRequest, code: Any) -> Notification:
    return get_object_or_404(
        Notification.objects.filter(registration__run__in=runs_visible_to(request)).select_related("registration__run"),
        code=code,
    )


def get_agreement_for_party(request: HttpRequest, code: Any) -> CoTeacherAgreement:
    """The co-teachers' agreement, for the two teachers only – nobody else, not even the coordinator."""
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        CoTeacherAgreement.objects.filter(Q(teacher_a=request.user) | Q(teacher_b=request.user)).select_related(
            "run__version", "run__course__organisation", "teacher_a", "teacher_b"
        ),
        code=code,
    )


def journal_notes_visible_to(request: HttpRequest) -> QuerySet[JournalNote]:
    organisation = current_organisation(request)
    if organisation is None or not has_role(request, *JOURNAL_ROLES):
        return JournalNote.objects.none()
    notes = JournalNote.objects.filter(session__run__course__organisation=organisation)
    if has_role(request, Role.COORDINATOR, Role.LEAD):
        return notes
    units = getattr(request, "role_units", {}).get(Role.KEY_PERSON, set())
    return notes.filter(session__run__unit_id__in=units)


def get_journal_note(request: HttpRequest, code: Any) -> JournalNote:
    return get_object_or_404(journal_notes_visible_to(request), code=code)
