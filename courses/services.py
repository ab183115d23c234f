"""Writes of the courses app: descriptions and their versions, runs, sessions, the teaching team, the
two checklists and the co-teachers' agreement. Registrations are in `registration_services`, attendance
and certificates in `attendance_services`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import log_action
from core.models import Organisation, Programme, Unit, User
from courses import schedule
from courses.errors import CourseRefused
from courses.models import (
    CoTeacherAgreement,
    Course,
    CourseKind,
    CourseRun,
    CourseVersion,
    EvaluationChecklist,
    QualityChecklist,
    RunStatus,
    Session,
    SessionStatus,
    TeamMember,
    TeamRole,
)
from people.models import Peer, PeerStatus

MIN_GOALS, MAX_GOALS = 3, 5
DEFAULT_SESSION_HOURS = 3

# The closed recovery group of district psychiatry (model 5, DOMAIN §9): six weekly sessions on four themes.
RECOVERY_GROUP_SESSIONS = 6
RECOVERY_GROUP_THEMES = (
    gettext_lazy("My way to recovery"),
    gettext_lazy("Everyday life with a mental illness"),
    gettext_lazy("What do you dream of?"),
    gettext_lazy("Prejudice and expectations"),
)


def programme_setting(programme: Programme, key: str, default: Any) -> Any:
    """A programme setting, or `default` when neither the programme nor its model's defaults have it."""
    try:
        value = programme.setting(key)
    except KeyError:
        return default
    return default if value is None else value


def description_defaults(programme: Programme | None) -> dict[str, Any]:
    """A new description's frame from the programme's settings (places, hours per session)."""
    if programme is None:
        return {"weeks": 1, "hours_per_week": 3, "min_participants": 8, "max_participants": 12, "season": "autumn"}
    return {
        "weeks": 1,
        "hours_per_week": Decimal(str(programme_setting(programme, "session_hours", DEFAULT_SESSION_HOURS))),
        "min_participants": int(programme_setting(programme, "min_participants", 8)),
        "max_participants": int(programme_setting(programme, "max_participants", 12)),
        "season": "autumn",
    }


def is_recovery_group(course: Course) -> bool:
    """A closed group of the bridge-builders model: the recovery group with its six sessions and four themes."""
    return course.kind == CourseKind.CLOSED_GROUP and course.programme.model == Programme.Model.BRIDGE_BUILDERS


def series_defaults(run: CourseRun) -> dict[str, Any]:
    """What the weekly-series form starts with: weekly; for a recovery group six sessions and its four themes."""
    initial: dict[str, Any] = {"every_weeks": 1}
    if is_recovery_group(run.course):
        initial["count"] = RECOVERY_GROUP_SESSIONS
        initial["topics"] = "\n".join(str(theme) for theme in RECOVERY_GROUP_THEMES)
    return initial


def session_minutes(programme: Programme) -> int:
    return int(Decimal(str(programme_setting(programme, "session_hours", DEFAULT_SESSION_HOURS))) * 60)


# --------------------------------------------------------------------------------------------------
# Descriptions


@dataclass
class Description:
    """The fields of the course description template (DOMAIN §11, ARK appendix 4)."""

    title: str
    purpose: str
    learning_goals: list[str]
    content: str
    target_group: str = ""
    facilitators: list[dict[str, str]] = field(default_factory=list)
    methods: str = ""
    literature: str = ""
    season: str = "autumn"
    weeks: int = 1
    hours_per_week: Decimal = Decimal(3)
    min_participants: int = 8
    max_participants: int = 12
    evaluation: str = ""

    @classmethod
    def of(cls, version: CourseVersion) -> Description:
        return cls(**{name: getattr(version, name) for name in cls.__dataclass_fields__})


def check_description(description: Description) -> None:
    if not description.title.strip():
        raise CourseRefused("title_missing", _("Give the course a title."), field="title")
    goals = [g for g in description.learning_goals if g.strip()]
    if not MIN_GOALS <= len(goals) <= MAX_GOALS:
        raise CourseRefused(
            "learning_goals_count",
            _("Write 3 to 5 learning goals, one on each line (you wrote %(count)s).") % {"count": len(goals)},
            field="learning_goals",
        )
    if description.min_participants > description.max_participants:
        raise CourseRefused(
            "min_above_max",
            _("The minimum number of participants cannot be above the maximum."),
            field="min_participants",
        )
    if description.max_participants < 1:
        raise CourseRefused("max_not_positive", _("A course needs at least one place."), field="max_participants")


def _version_values(description: Description) -> dict[str, Any]:
    values = asdict(description)
    values["learning_goals"] = [g.strip() for g in description.learning_goals if g.strip()]
    return values


def _check_course_places(organisation: Organisation, programme: Programme, unit: Unit) -> None:
    if programme.organisation_id != organisation.pk or unit.organisation_id != organisation.pk:
        raise CourseRefused("other_organisation", _("Choose a programme and a place of your own organisation."))


def create_course(
    *,
    organisation: Organisation,
    programme: Programme,
    unit: Unit,
    kind: str,
    theme: str,
    description: Description,
    acting_user: User | None,
) -> Course:
    """Describe a new course; it has version 1 and no runs yet."""
    _check_course_places(organisation, programme, unit)
    check_description(description)
    with transaction.atomic():
        course = Course.objects.create(
            organisation=organisation, programme=programme, unit=unit, kind=kind, theme=theme, created_by=acting_user
        )
        version = CourseVersion.objects.create(
            course=course, number=1, created_by=acting_user, **_version_values(description)
        )
        log_action(course, "courses.course.created", actor=acting_user, data={"title": version.title, "kind": kind})
    return course


def update_course(
    *, course: Course, programme: Programme, unit: Unit, kind: str, theme: str, acting_user: User | None
) -> Course:
    _check_course_places(course.organisation, programme, unit)
    if kind != course.kind and course.runs.exclude(status=RunStatus.DRAFT).exists():
        raise CourseRefused("kind_in_use", _("The kind cannot change once a run has been published."), field="kind")
    with transaction.atomic():
        course.programme, course.unit, course.kind, course.theme = programme, unit, kind, theme
        course.save(update_fields=["programme", "unit", "kind", "theme"])
        log_action(course, "courses.course.updated", actor=acting_user, data={"kind": kind, "theme": theme})
    return course


def update_description(*, course: Course, description: Description, acting_user: User | None) -> CourseVersion:
    """Change the description. A version that a published or finished run uses is never changed: the
    change becomes a new version, and draft runs move to it."""
    check_description(description)
    with transaction.atomic():
        latest = CourseVersion.objects.select_for_update().filter(course=course).order_by("-number").first()
        if latest is None:
            raise CourseRefused("no_version", _("The course has no description yet."))
        in_use = latest.runs.exclude(status=RunStatus.DRAFT).exists()
        values = _version_values(description)
        if in_use:
            version = CourseVersion.objects.create(
                course=course, number=latest.number + 1, created_by=acting_user, **values
            )
            CourseRun.objects.filter(course=course, status=RunStatus.DRAFT).update(version=version)
        else:
            for name, value in values.items():
                setattr(latest, name, value)
            latest.save()
            version = latest
        log_action(
            course, "courses.description.updated", actor=acting_user, data={"version": version.number, "new": in_use}
        )
    return version


def record_quality_checklist(
    *, course: Course, facilitators: str, answers: Mapping[str, Any], acting_user: User | None
) -> QualityChecklist:
    """Both facilitators went through the quality checklist (before the first run, or with a new team)."""
    with transaction.atomic():
        checklist = QualityChecklist.objects.create(
            course=course,
            version=course.latest_version(),
            facilitators=facilitators.strip(),
            answers=dict(answers),
            completed_by=acting_user,
        )
        log_action(checklist, "courses.quality_checklist.recorded", actor=acting_user)
    return checklist


# --------------------------------------------------------------------------------------------------
# Runs


def _default_capacity(course: Course, version: CourseVersion) -> tuple[int | None, int | None]:
    if course.kind == CourseKind.DROP_IN:
        return None, None
    return version.max_participants, version.min_participants


def create_run(
    *,
    course: Course,
    acting_user: User | None,
    unit: Unit | None = None,
    room: str = "",
    capacity: int | None = None,
    min_participants: int | None = None,
) -> CourseRun:
    """A new run in draft, with the course's place and the description's number of places."""
    version = course.latest_version()
    if version is None:
        raise CourseRefused("no_version", _("Describe the course before you plan a run."))
    place = unit or course.unit
    if place.organisation_id != course.organisation_id:
        raise CourseRefused("other_organisation", _("Choose a place of your own organisation."), field="unit")
    default_capacity, default_minimum = _default_capacity(course, version)
    if course.kind == CourseKind.DROP_IN:
        capacity = min_participants = None
    else:
        capacity = capacity or default_capacity
        if min_participants is None:
            # The description's minimum, but never above the places this run has.
            min_participants = min(default_minimum or 0, capacity or 0) or None
    _check_capacity(capacity, min_participants)
    with transaction.atomic():
        run = CourseRun.objects.create(
            course=course,
            version=version,
            unit=place,
            room=room.strip(),
            capacity=capacity,
            min_participants=min_participants,
            created_by=acting_user,
        )
        log_action(run, "courses.run.created", actor=acting_user, data={"capacity": capacity})
    return run


def _check_capacity(capacity: int | None, minimum: int | None) -> None:
    if capacity is not None and capacity < 1:
        raise CourseRefused("capacity_not_positive", _("A run needs at least one place."), field="capacity")
    if capacity is not None and minimum is not None and minimum > capacity:
        raise CourseRefused(
            "min_above_capacity", _("The minimum cannot be above the number of places."), field="min_participants"
        )


def update_run(
    *,
    run: CourseRun,
    unit: Unit,
    room: str,
    capacity: int | None,
    min_participants: int | None,
    acting_user: User | None,
) -> CourseRun:
    """Change place, room and places. More places move the first on the waiting list up at once;
    fewer places than people who already have one is refused."""
    from courses.registration_services import promote_waiting

    if unit.organisation_id != run.course.organisation_id:
        raise CourseRefused("other_organisation", _("Choose a place of your own organisation."), field="unit")
    if run.course.kind == CourseKind.DROP_IN:
        capacity = min_participants = None
    _check_capacity(capacity, min_participants)
    with transaction.atomic():
        locked = CourseRun.objects.select_for_update().get(pk=run.pk)
        if locked.status in (RunStatus.CLOSED, RunStatus.CANCELLED):
            raise CourseRefused("run_over", _("A finished or cancelled run cannot be changed."))
        confirmed = locked.registrations.confirmed().count()
        if capacity is not None and capacity < confirmed:
            raise CourseRefused(
                "capacity_below_confirmed",
                _("%(count)s people already have a place; the run cannot have fewer places than that.")
                % {"count": confirmed},
                field="capacity",
            )
        locked.unit, locked.room = unit, room.strip()
        locked.capacity, locked.min_participants = capacity, min_participants
        locked.save(update_fields=["unit", "room", "capacity", "min_participants"])
        log_action(locked, "courses.run.updated", actor=acting_user, data={"capacity": capacity})
        promote_waiting(run=locked, acting_user=acting_user)
    run.refresh_from_db()
    return run


def refresh_run_dates(run: CourseRun) -> None:
    """Keep the run's first and last date (used by the catalogue's filters) in step with its sessions."""
    dates = run.sessions.planned().aggregate(first=Min("day"), last=Max("day"))
    CourseRun.objects.filter(pk=run.pk).update(starts_on=dates["first"], ends_on=dates["last"])
    run.starts_on, run.ends_on = dates["first"], dates["last"]


# Co-produced courses (recovery schools and ARK) go through the quality checklist before their first run;
# the peer groups of the other models may use it, but need not.
CO_PRODUCED_MODELS = (Programme.Model.RECOVERY_SCHOOL, Programme.Model.ARK)


def needs_quality_checklist(course: Course) -> bool:
    return course.programme.model in CO_PRODUCED_MODELS


def _is_first_run(run: CourseRun) -> bool:
    return not run.course.runs.exclude(pk=run.pk).filter(status__in=[RunStatus.PUBLISHED, RunStatus.CLOSED]).exists()


def publish_run(*, run: CourseRun, acting_user: User | None) -> CourseRun:
    """Put the run in the catalogue. It needs planned sessions in the future, a balanced team with a lead,
    and – before a course's first run – the facilitators' quality checklist. The run keeps the version of
    the description it is published with."""
    from courses.selectors import team_problems_for

    if run.status != RunStatus.DRAFT:
        raise CourseRefused("not_draft", _("Only a draft can be published."))
    first = run.sessions.planned().order_by("day", "start").first()
    if first is None:
        raise CourseRefused("no_sessions", _("Plan at least one session before you publish the run."))
    if first.has_started():
        raise CourseRefused("starts_in_past", _("The first session has already begun; move it before you publish."))
    problems = team_problems_for(run)
    if problems:
        raise CourseRefused("team_unbalanced", " ".join(p.message for p in problems))
    if needs_quality_checklist(run.course) and _is_first_run(run) and not run.course.quality_checklists.exists():
        raise CourseRefused(
            "quality_checklist_missing",
            _("Before a course's first run, the facilitators go through the quality checklist together."),
        )
    with transaction.atomic():
        version = run.course.latest_version()
        changed = CourseRun.objects.filter(pk=run.pk, status=RunStatus.DRAFT).update(
            status=RunStatus.PUBLISHED, published_at=timezone.now(), version=version
        )
        if changed != 1:
            raise CourseRefused("state_changed", _("The run was changed by someone else. Reload the page."))
        run.refresh_from_db()
        log_action(run, "courses.run.published", actor=acting_user, data={"version": run.version.number})
    return run


def cancel_run(*, run: CourseRun, reason: str, acting_user: User | None) -> CourseRun:
    """Cancel the whole run; everyone registered hears about it."""
    from courses.registration_services import notify_run_cancelled

    with transaction.atomic():
        changed = CourseRun.objects.filter(pk=run.pk, status__in=[RunStatus.DRAFT, RunStatus.PUBLISHED]).update(
            status=RunStatus.CANCELLED, cancelled_at=timezone.now(), cancel_reason=reason.strip()[:300]
        )
        if changed != 1:
            raise CourseRefused("state_changed", _("Only a draft or published run can be cancelled."))
        run.refresh_from_db()
        log_action(run, "courses.run.cancelled", actor=acting_user, data={"reason": run.cancel_reason})
        notify_run_cancelled(run=run)
    return run


def close_run(*, run: CourseRun, acting_user: User | None) -> CourseRun:
    """Mark the run finished. Certificates not issued yet are issued now."""
    from courses.attendance_services import issue_certificates

    with transaction.atomic():
        changed = CourseRun.objects.filter(pk=run.pk, status=RunStatus.PUBLISHED).update(
            status=RunStatus.CLOSED, closed_at=timezone.now()
        )
        if changed != 1:
            raise CourseRefused("state_changed", _("Only a published run can be marked finished."))
        run.refresh_from_db()
        log_action(run, "courses.run.closed", actor=acting_user)
        if run.takes_registrations:
            issue_certificates(run=run, acting_user=acting_user)
    return run


def record_evaluation(
    *, run: CourseRun, facilitators: str, answers: Mapping[str, Any], acting_user: User | None
) -> EvaluationChecklist:
    """The facilitators' evaluation checklist after the run (one per run; saving again replaces it)."""
    with transaction.atomic():
        checklist, _created = EvaluationChecklist.objects.update_or_create(
            run=run,
            defaults={
                "facilitators": facilitators.strip(),
                "answers": dict(answers),
                "completed_at": timezone.now(),
                "completed_by": acting_user,
            },
        )
        log_action(checklist, "courses.evaluation_checklist.recorded", actor=acting_user)
    return checklist


def course_evaluation_due(run: CourseRun) -> bool:
    """Participants evaluate the course once its last planned session has begun (or the run is finished)."""
    if not run.takes_registrations or run.status in (RunStatus.DRAFT, RunStatus.CANCELLED):
        return False
    if run.status == RunStatus.CLOSED:
        return True
    last = run.sessions.planned().order_by("-day", "-start").first()
    return last is not None and last.has_started()


def open_course_evaluation(*, run: CourseRun, acting_user: User | None) -> CourseRun:
    """Open (once) the group link through which the run's participants answer the course evaluation
    on their phones, by QR code or short link (the feedback app's questionnaire "course_evaluation")."""
    from courses import feedback_adapter

    if run.evaluation_invitation is not None:
        return run
    if not course_evaluation_due(run):
        raise CourseRefused(
            "evaluation_not_due",
            _("The course evaluation opens when the last session of the run has begun."),
        )
    with transaction.atomic():
        locked = CourseRun.objects.select_for_update().get(pk=run.pk)
        if locked.evaluation_invitation is None:
            code = feedback_adapter.open_course_evaluation(run=locked, acting_user=acting_user)
            if code is None:
                raise CourseRefused("feedback_missing", _("Questionnaires are not available in this installation."))
            locked.evaluation_invitation = code
            locked.save(update_fields=["evaluation_invitation"])
            log_action(locked, "courses.course_evaluation.opened", actor=acting_user)
        run.evaluation_invitation = locked.evaluation_invitation
    return run


# --------------------------------------------------------------------------------------------------
# Sessions and clashes


def _slot(session: Session, teachers: frozenset[str]) -> schedule.Slot:
    return schedule.Slot(
        key=str(session.code),
        day=session.day,
        start=session.start,
        minutes=session.minutes,
        place=str(session.run.unit_id),
        room=session.room,
        teachers=teachers,
        label=str(session),
    )


def _team_identities(run: CourseRun) -> frozenset[str]:
    keys: set[str] = set()
    for member in run.team.select_related("peer"):
        keys |= member.identities()
    return frozenset(keys)


def _identity_filter(identities: frozenset[str]) -> Q:
    users = [int(k.split(":")[1]) for k in identities if k.startswith("user:")]
    peers = [int(k.split(":")[1]) for k in identities if k.startswith("peer:")]
    return Q(run__team__user_id__in=users) | Q(run__team__peer_id__in=peers) | Q(run__team__peer__user_id__in=users)


def _existing_slots(days: set[date], unit_id: int, identities: frozenset[str], exclude_run: int) -> list[schedule.Slot]:
    """Planned sessions of other live runs on those days, at the same place or with the same teachers."""
    candidates = (
        Session.objects.planned()
        .filter(day__in=days)
        .exclude(run_id=exclude_run)
        .exclude(run__status__in=[RunStatus.CANCELLED])
        .filter(Q(run__unit_id=unit_id) | _identity_filter(identities))
        .select_related("run__version", "run__unit")
        .distinct()
    )
    slots = []
    for session in candidates:
        slots.append(_slot(session, _team_identities(session.run)))
    return slots


def _clash_message(clash: schedule.Clash) -> str:
    values = {
        "course": clash.existing.label,
        "time": clash.existing.start.strftime("%H:%M"),
        "day": date_format(clash.new.day, "SHORT_DATE_FORMAT"),
    }
    if clash.kind == "room":
        return _("The room is already booked on %(day)s at %(time)s for %(course)s.") % values
    return _("A teacher on the team already teaches %(course)s on %(day)s at %(time)s.") % values


def check_clashes(*, run: CourseRun, sessions: Sequence[Session], identities: frozenset[str] | None = None) -> None:
    """Refuse sessions that double-book the room or a teacher; the message names the other session."""
    team = identities if identities is not None else _team_identities(run)
    new_slots = [_slot(s, team) for s in sessions if s.status == SessionStatus.PLANNED]
    if not new_slots:
        return
    existing = _existing_slots({s.day for s in new_slots}, run.unit_id, team, run.pk)
    own = [
        _slot(s, team)
        for s in run.sessions.planned().filter(day__in={s.day for s in new_slots})
        if str(s.code) not in {n.key for n in new_slots}
    ]
    clashes = schedule.find_clashes(new_slots, existing + own)
    if clashes:
        raise CourseRefused(f"{clashes[0].kind}_clash", _clash_message(clashes[0]), field="start")


def _check_session_input(day: date, start: time, minutes: int) -> None:
    try:
        schedule.check_slot(day, start, minutes)
    except schedule.ScheduleError as error:
        messages = {
            "duration_not_positive": _("A session must last at least one minute."),
            "past_midnight": _("A session must end on the day it starts."),
        }
        raise CourseRefused(error.code, messages[error.code], field="minutes") from None


def _check_run_open(run: CourseRun) -> None:
    if run.status in (RunStatus.CLOSED, RunStatus.CANCELLED):
        raise CourseRefused("run_over", _("A finished or cancelled run cannot be changed."))


def add_sessions(
    *,
    run: CourseRun,
    days: Sequence[date],
    start: time,
    minutes: int | None,
    room: str | None,
    topics: Sequence[str] = (),
    acting_user: User | None,
) -> list[Session]:
    """Plan one or more sessions (e.g. a weekly series). Duration defaults to the programme's session
    hours, the room to the run's room. Nothing is saved if one of them clashes."""
    _check_run_open(run)
    length = minutes or session_minutes(run.course.programme)
    for day in days:
        _check_session_input(day, start, length)
    with transaction.atomic():
        CourseRun.objects.select_for_update().get(pk=run.pk)
        sessions = [
            Session(
                run=run,
                day=day,
                start=start,
                minutes=length,
                room=(room if room is not None else run.room).strip(),
                topic=(topics[i] if i < len(topics) else "").strip()[:200],
            )
            for i, day in enumerate(days)
        ]
        check_clashes(run=run, sessions=sessions)
        for session in sessions:
            session.save()
        refresh_run_dates(run)
        log_action(
            run,
            "courses.sessions.added",
            actor=acting_user,
            data={"days": [d.isoformat() for d in days], "start": start.isoformat(), "minutes": length},
        )
    return sessions


def update_session(
    *, session: Session, day: date, start: time, minutes: int, room: str, topic: str, acting_user: User | None
) -> Session:
    """Move a session or change its room; clashes are refused as when it was planned."""
    run = session.run
    _check_run_open(run)
    if session.is_cancelled:
        raise CourseRefused("session_cancelled", _("A cancelled session cannot be changed."))
    _check_session_input(day, start, minutes)
    with transaction.atomic():
        CourseRun.objects.select_for_update().get(pk=run.pk)
        session.day, session.start, session.minutes = day, start, minutes
        session.room, session.topic = room.strip(), topic.strip()[:200]
        check_clashes(run=run, sessions=[session])
        session.save()
        refresh_run_dates(run)
        log_action(session, "courses.session.updated", actor=acting_user, data={"day": day.isoformat()})
    return session


def cancel_session(*, session: Session, reason: str, acting_user: User | None) -> Session:
    """Cancel one session; it no longer counts as planned, and participants of a published run hear about it."""
    from courses.registration_services import notify_session_cancelled

    _check_run_open(session.run)
    with transaction.atomic():
        changed = Session.objects.filter(pk=session.pk, status=SessionStatus.PLANNED).update(
            status=SessionStatus.CANCELLED, cancel_reason=reason.strip()[:300]
        )
        if changed != 1:
            raise CourseRefused("state_changed", _("The session is already cancelled."))
        session.refresh_from_db()
        refresh_run_dates(session.run)
        log_action(session, "courses.session.cancelled", actor=acting_user, data={"reason": session.cancel_reason})
        if session.run.status == RunStatus.PUBLISHED:
            notify_session_cancelled(session=session)
    return session


# --------------------------------------------------------------------------------------------------
# The teaching team


def peer_teacher_problems(peer: Peer) -> list[str]:
    """Why the peer cannot teach as a peer teacher ([] when qualified). Asks the education app."""
    try:
        from education import qualification
    except ImportError:
        return [_("Peer education is not set up, so no peer can be confirmed as a peer teacher yet.")]
    if qualification.is_qualified(peer, "peer_teacher"):
        return []
    reasons = qualification.explain(peer, "peer_teacher")
    return reasons or [_("%(name)s is not qualified as a peer teacher.") % {"name": peer.full_name}]


def _check_member(role: str, user: User | None, peer: Peer | None, run: CourseRun) -> None:
    if peer is not None and peer.organisation_id != run.course.organisation_id:
        raise CourseRefused("other_organisation", _("Choose a peer of your own organisation."), field="peer")
    if role in (TeamRole.PEER_TEACHER, TeamRole.GROUP_PEER, TeamRole.DUAL_COMPETENCE) and peer is None:
        raise CourseRefused("role_needs_peer", _("Choose the peer who takes this role."), field="peer")
    if peer is not None and peer.status != PeerStatus.ACTIVE:
        raise CourseRefused(
            "peer_not_active", _("%(name)s is not an active peer.") % {"name": peer.full_name}, field="peer"
        )
    if role == TeamRole.PEER_TEACHER and peer is not None:
        problems = peer_teacher_problems(peer)
        if problems:
            raise CourseRefused(
                "peer_teacher_not_qualified",
                _("Only qualified peers can be peer teachers. %(reasons)s") % {"reasons": " ".join(problems)},
                field="peer",
            )
    if role == TeamRole.DUAL_COMPETENCE and peer is not None and peer.kind != "dual_competence":
        raise CourseRefused(
            "not_dual_competence",
            _("%(name)s is not registered as a facilitator with dual competence.") % {"name": peer.full_name},
            field="peer",
        )
    if user is None and peer is None:
        raise CourseRefused("member_missing", _("Choose a staff member or a peer."), field="user")


def add_team_member(
    *,
    run: CourseRun,
    role: str,
    acting_user: User | None,
    user: User | None = None,
    peer: Peer | None = None,
    is_lead: bool = False,
) -> TeamMember:
    """Put a teacher on the run. A peer teacher must be qualified; nobody may be in two sessions at once.
    Naming a new lead makes the former lead an ordinary member."""
    _check_run_open(run)
    _check_member(role, user, peer, run)
    name = peer.full_name if peer is not None else (user.display_name if user is not None else "")
    member = TeamMember(
        run=run,
        user=user,
        peer=peer,
        name=name,
        email=(peer.email if peer else "") or (user.email if user else ""),
        phone=(peer.phone if peer else "") or (user.phone if user else ""),
        role=role,
        is_lead=is_lead,
    )
    with transaction.atomic():
        CourseRun.objects.select_for_update().get(pk=run.pk)
        sessions = list(run.sessions.planned())
        check_clashes(run=run, sessions=sessions, identities=frozenset(member.identities()))
        if is_lead:
            run.team.filter(is_lead=True).update(is_lead=False)
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError:
            raise CourseRefused(
                "already_on_team", _("%(name)s is already on the team.") % {"name": name}, field="user"
            ) from None
        log_action(member, "courses.team.added", actor=acting_user, data={"role": role, "lead": is_lead})
    return member


def set_lead(*, member: TeamMember, acting_user: User | None) -> TeamMember:
    with transaction.atomic():
        CourseRun.objects.select_for_update().get(pk=member.run_id)
        TeamMember.objects.filter(run_id=member.run_id, is_lead=True).update(is_lead=False)
        TeamMember.objects.filter(pk=member.pk).update(is_lead=True)
        member.refresh_from_db()
        log_action(member, "courses.team.lead_named", actor=acting_user)
    return member


def remove_team_member(*, member: TeamMember, acting_user: User | None) -> None:
    _check_run_open(member.run)
    if member.run.status == RunStatus.PUBLISHED:
        from courses.selectors import team_problems_for

        remaining = [m for m in member.run.team.select_related("peer") if m.pk != member.pk]
        if team_problems_for(member.run, members=remaining):
            raise CourseRefused(
                "team_would_be_unbalanced",
                _("The run is published; add the replacement first, then remove %(name)s.") % {"name": member.name},
            )
    with transaction.atomic():
        log_action(member, "courses.team.removed", actor=acting_user, data={"role": member.role})
        member.delete()


# --------------------------------------------------------------------------------------------------
# The co-teachers' cooperation agreement

AGREEMENT_FIELDS = (
    "area",
    "presentations",
    "experience",
    "co_development",
    "roles",
    "development_areas",
    "feedback",
    "expectations",
    "attention",
    "practical",
    "evaluation_when",
    "other",
)


def create_coteacher_agreement(
    *, run: CourseRun, teacher: User, co_teacher: User, area: str, acting_user: User
) -> CoTeacherAgreement:
    """Start the two teachers' own agreement; only they will see what they write in it."""
    logins = {m.login.pk for m in run.team.select_related("user", "peer__user") if m.login is not None}
    if teacher.pk not in logins or co_teacher.pk not in logins:
        raise CourseRefused("not_on_team", _("Both teachers must be on the run's team."), field="co_teacher")
    if teacher.pk == co_teacher.pk:
        raise CourseRefused("same_teacher", _("Choose your co-teacher."), field="co_teacher")
    first, second = sorted([teacher, co_teacher], key=lambda u: u.pk)
    try:
        with transaction.atomic():
            agreement = CoTeacherAgreement.objects.create(
                run=run, teacher_a=first, teacher_b=second, area=area.strip()[:200] or run.version.title
            )
            log_action(agreement, "courses.coteacher_agreement.created", actor=acting_user)
    except IntegrityError:
        raise CourseRefused(
            "agreement_exists", _("You already have a cooperation agreement for this run."), field="co_teacher"
        ) from None
    return agreement


def update_coteacher_agreement(
    *, agreement: CoTeacherAgreement, values: Mapping[str, str], acting_user: User
) -> CoTeacherAgreement:
    """Save what the two agreed; a change asks both to accept the agreement again."""
    if not agreement.is_party(acting_user):
        raise CourseRefused("not_party", _("Only the two teachers can change their agreement."))
    with transaction.atomic():
        changed = False
        for name in AGREEMENT_FIELDS:
            if name in values and getattr(agreement, name) != values[name]:
                setattr(agreement, name, values[name])
                changed = True
        if changed:
            agreement.updated_at = timezone.now()
            agreement.accepted_a_at = agreement.accepted_b_at = None
            agreement.save()
            # The content is the teachers' own: the log says that it changed, not what it says.
            log_action(agreement, "courses.coteacher_agreement.updated", actor=acting_user)
    return agreement


def accept_coteacher_agreement(*, agreement: CoTeacherAgreement, acting_user: User) -> CoTeacherAgreement:
    if not agreement.is_party(acting_user):
        raise CourseRefused("not_party", _("Only the two teachers can accept their agreement."))
    column = "accepted_a_at" if acting_user.pk == agreement.teacher_a_id else "accepted_b_at"
    with transaction.atomic():
        CoTeacherAgreement.objects.filter(pk=agreement.pk, **{f"{column}__isnull": True}).update(
            **{column: timezone.now()}
        )
        agreement.refresh_from_db()
        log_action(agreement, "courses.coteacher_agreement.accepted", actor=acting_user)
    return agreement
