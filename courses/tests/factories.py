"""Small helpers that make course data with sensible defaults for the tests."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from core.models import Organisation, Programme, Unit, User
from courses import services
from courses.models import Course, CourseKind, CourseRun, TeamRole
from people.models import Peer, PeerKind, PeerStatus

GOALS = ["Kendskab til recovery", "Overblik over egne ressourcer", "Forståelse for håb som drivkraft"]


def description(**overrides: Any) -> services.Description:
    values: dict[str, Any] = {
        "title": "Recovery – hvad er det?",
        "purpose": "At få viden om recovery og egne veje.",
        "learning_goals": list(GOALS),
        "content": "Recovery-begrebet, håb, egne erfaringer.",
        "facilitators": [{"name": "Tove Testesen", "phone": "12345678", "email": "tove@example.dk"}],
        "min_participants": 2,
        "max_participants": 12,
    }
    values.update(overrides)
    return services.Description(**values)


def school_programme(organisation: Organisation, model: str = Programme.Model.RECOVERY_SCHOOL) -> Programme:
    programme, _created = Programme.objects.get_or_create(
        organisation=organisation, name=f"Programme {model}", defaults={"model": model}
    )
    return programme


def make_course(
    organisation: Organisation,
    unit: Unit,
    *,
    model: str = Programme.Model.RECOVERY_SCHOOL,
    kind: str = CourseKind.OPEN,
    theme: str = "recovery",
    **description_overrides: Any,
) -> Course:
    return services.create_course(
        organisation=organisation,
        programme=school_programme(organisation, model),
        unit=unit,
        kind=kind,
        theme=theme,
        description=description(**description_overrides),
        acting_user=None,
    )


def future_days(count: int, *, start_in_days: int = 7, every_days: int = 7) -> list[date]:
    first = timezone.localdate() + timedelta(days=start_in_days)
    return [first + timedelta(days=every_days * i) for i in range(count)]


def make_peer(
    organisation: Organisation, name: str = "Pia", *, kind: str = PeerKind.PAID, user: User | None = None
) -> Peer:
    return Peer.objects.create(
        organisation=organisation,
        first_name=name,
        last_name="Peersen",
        email=f"{name.lower()}@peer.example.dk",
        kind=kind,
        status=PeerStatus.ACTIVE,
        user=user,
    )


def qualify_as_peer_teacher(peer: Peer) -> None:
    """Set up the organisation's education (the seeds' defaults) and let the peer complete what a peer teacher needs."""
    from education import services as education
    from education.models import EducationModule

    education.set_up_education(organisation=peer.organisation, acting_user=None)
    for kind in ("basic", "teacher_module", "teacher_intro"):
        module = EducationModule.objects.filter(organisation=peer.organisation, kind=kind).first()
        if module is not None and not module.completions.filter(peer=peer).exists():
            education.record_completion(
                peer=peer, module=module, completed_on=timezone.localdate() - timedelta(days=30), acting_user=None
            )


def add_recovery_school_team(run: CourseRun, teacher: User, peer: Peer | None = None) -> Peer:
    """A balanced recovery-school team: the teacher as professional and lead, a qualified peer teacher."""
    peer = peer or make_peer(run.course.organisation)
    qualify_as_peer_teacher(peer)
    services.add_team_member(run=run, role=TeamRole.PROFESSIONAL, user=teacher, is_lead=True, acting_user=None)
    services.add_team_member(run=run, role=TeamRole.PEER_TEACHER, peer=peer, acting_user=None)
    return peer


def make_run(
    course: Course,
    *,
    teacher: User | None = None,
    capacity: int | None = 12,
    days: list[date] | None = None,
    start: time = time(13),
    minutes: int | None = 180,
    room: str = "Lokale 1",
    publish: bool = True,
    min_participants: int | None = None,
) -> CourseRun:
    run = services.create_run(
        course=course, capacity=capacity, min_participants=min_participants, room=room, acting_user=None
    )
    services.add_sessions(
        run=run, days=days or future_days(3), start=start, minutes=minutes, room=None, acting_user=None
    )
    if teacher is not None:
        add_recovery_school_team(run, teacher)
    if publish:
        if not course.quality_checklists.exists():
            services.record_quality_checklist(course=course, facilitators="Tove og Pia", answers={}, acting_user=None)
        services.publish_run(run=run, acting_user=None)
    run.refresh_from_db()
    return run
