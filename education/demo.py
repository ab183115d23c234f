"""Peer education and support in the demo partnership (idempotent).

Every demo organisation gets the seeds' catalogue and rules, with basic-module runs in January, May and June
2027; the region adds a few Region H-style track modules. The organisations' active peers complete what makes
them qualified (through runs held in 2026); two peers per organisation still miss modules with a deadline
near. The region runs group supervision (with attendance, one peer missing it twice running), an ERFA group
and a collaboration forum; the volunteer centre holds monthly volunteer meetings; follow-ups with the peer
guides are recorded, one of them overdue.

Peers come from the people app's demo. Only an organisation with no peers at all gets a few of its own here,
so the pages have something to show.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from core.demo import Demo
from core.models import Organisation, Programme, User
from education import services, support_services
from education.models import (
    Attendance,
    AttendanceStatus,
    ChecklistTick,
    EducationModule,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    MeetingKind,
    MeetingSeries,
    ModuleCompletion,
    ModuleKind,
    ModuleRun,
)
from people.models import Peer, PeerKind, PeerStatus

RUNS_2027 = (
    (date(2027, 1, 11), date(2027, 1, 14)),
    (date(2027, 5, 10), date(2027, 5, 13)),
    (date(2027, 6, 7), date(2027, 6, 10)),
)
HELD_2026 = (date(2026, 1, 12), date(2026, 1, 15))

# Region H-style modules per track (seed 000 names the tracks, not the modules: these are examples).
TRACK_MODULES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Recovery og erfaringskompetence", "2 dage", ("paid", "volunteer"), ()),
    ("Samtalen og relationen", "2 dage", ("paid",), ("volunteer",)),
    ("At være kollega til en peer", "1 dag", ("colleague",), ()),
    ("Gruppefacilitering", "1 dag", (), ("paid", "volunteer")),
)

PLACES = {
    "region": "Psykiatriens Hus, Roskilde",
    "roskilde": "ARK, Køgevej 80, Roskilde",
    "aarhus": "Recoveryskolen, Vestergade 43, Aarhus",
    "volunteers": "Frivilligcenter Roskilde, Hersegade 20",
}


def build(demo: Demo) -> None:
    coordinator = demo.logins.get("coordinator")
    organisations = {
        "region": demo.region,
        "roskilde": demo.roskilde,
        "aarhus": demo.aarhus,
        "volunteers": demo.volunteers,
    }
    for key, organisation in organisations.items():
        services.set_up_education(organisation=organisation, acting_user=coordinator)
        if key == "region":
            _track_modules(organisation, coordinator)
        modules = {m.kind: m for m in EducationModule.objects.of(organisation).order_by("position", "pk")}
        _runs(organisation, modules, PLACES[key])
        peers = _peers(demo, key, organisation)
        _educate(key, organisation, modules, peers, coordinator)
    _support(demo, coordinator)


# --- Catalogue and runs ---------------------------------------------------------------------------------------


def _track_modules(organisation: Organisation, coordinator: User | None) -> None:
    for position, (name, duration, mandatory, elective) in enumerate(TRACK_MODULES, start=11):
        if EducationModule.objects.filter(organisation=organisation, name=name).exists():
            continue
        services.create_module(
            organisation=organisation,
            name=name,
            kind=ModuleKind.MODULE,
            duration=duration,
            position=position,
            default_capacity=16,
            mandatory_for=mandatory,
            elective_for=elective,
            acting_user=coordinator,
        )


def _run(module: EducationModule, starts_on: date, ends_on: date, place: str, capacity: int | None = None) -> ModuleRun:
    run = ModuleRun.objects.filter(module=module, starts_on=starts_on).first()
    if run is None:
        run = services.create_run(
            module=module,
            starts_on=starts_on,
            ends_on=ends_on,
            capacity=capacity or module.default_capacity,
            place=place,
            acting_user=None,
        )
    return run


def _runs(organisation: Organisation, modules: dict[str, EducationModule], place: str) -> None:
    basic = modules[ModuleKind.BASIC]
    for starts_on, ends_on in RUNS_2027:
        _run(basic, starts_on, ends_on, place)
    _run(modules[ModuleKind.FULL_EDUCATION], date(2027, 2, 1), date(2027, 4, 30), place)
    _run(modules[ModuleKind.TEACHER_MODULE], date(2027, 5, 24), date(2027, 5, 25), place)
    _run(modules[ModuleKind.TEACHER_INTRO], date(2027, 8, 16), date(2027, 8, 17), place)
    for module in EducationModule.objects.of(organisation).filter(kind=ModuleKind.MODULE):
        _run(module, date(2027, 3, 8), date(2027, 3, 9), place)


# --- Peers and their education --------------------------------------------------------------------------------


def _peers(demo: Demo, key: str, organisation: Organisation) -> list[Peer]:
    """The organisation's current peers; a few of its own only where the people demo made none."""
    if not Peer.objects.of(organisation).exists():
        _make_demo_peers(demo, key, organisation)
    return list(Peer.objects.of(organisation).exclude(status=PeerStatus.ENDED).order_by("pk"))


def _make_demo_peers(demo: Demo, key: str, organisation: Organisation) -> None:
    faker = demo.faker
    today = timezone.localdate()
    usual = PeerKind.VOLUNTEER if key == "volunteers" else PeerKind.PAID
    # (kind, status, days since start): three active peers and two still in education, per organisation.
    specs = [
        (usual, PeerStatus.ACTIVE, 500),
        (usual, PeerStatus.ACTIVE, 420),
        (PeerKind.VOLUNTEER, PeerStatus.ACTIVE, 200),
        (PeerKind.VOLUNTEER, PeerStatus.IN_EDUCATION, None),
        (usual, PeerStatus.IN_EDUCATION, None),
    ]
    login = demo.logins.get("peer")
    for index, (kind, status, days) in enumerate(specs):
        peer = Peer.objects.create(
            organisation=organisation,
            first_name=faker.first_name(),
            last_name=faker.last_name(),
            kind=kind,
            status=status,
            started_at=today - timedelta(days=days) if days else None,
            hours_per_week=3 if kind == PeerKind.VOLUNTEER else 16,
            has_admission_experience=index % 2 == 0,
        )
        if key == "region" and index == 0 and login is not None and not Peer.objects.filter(user=login).exists():
            Peer.objects.filter(pk=peer.pk).update(user=login)
        programme = _programme_for(demo, key, peer)
        if programme is not None:
            peer.programmes.add(programme)


def _programme_for(demo: Demo, key: str, peer: Peer) -> Programme | None:
    if key == "region":
        return demo.programmes["peer_guide" if peer.kind == PeerKind.VOLUNTEER else "bridge_builders"]
    return {
        "roskilde": demo.programmes["ark"],
        "aarhus": demo.programmes["school"],
        "volunteers": demo.programmes["bridge_everyday"],
    }.get(key)


def _complete_on_run(run: ModuleRun, peer: Peer, coordinator: User | None) -> None:
    if ModuleCompletion.objects.filter(peer=peer, module=run.module).exists():
        return
    enrolment = Enrolment.objects.filter(run=run, peer=peer).first()
    if enrolment is None:
        enrolment = Enrolment.objects.create(run=run, peer=peer, enrolled_by=coordinator)
    if enrolment.status != EnrolmentStatus.COMPLETED:
        services.complete_enrolment(enrolment=enrolment, completed_on=run.ends_on, acting_user=coordinator)


def _educate(
    key: str,
    organisation: Organisation,
    modules: dict[str, EducationModule],
    peers: list[Peer],
    coordinator: User | None,
) -> None:
    place = PLACES[key]
    held = {
        kind: _run(module, *HELD_2026, place, capacity=40)
        for kind, module in modules.items()
        if not module.is_checklist
    }
    track_modules = list(EducationModule.objects.of(organisation).filter(kind=ModuleKind.MODULE))
    held_track = {m.pk: _run(m, date(2026, 3, 9), date(2026, 3, 10), place, capacity=40) for m in track_modules}
    active = [p for p in peers if p.status == PeerStatus.ACTIVE]
    # Peers in education still miss modules, with the deadline near (or, if none is, the last active peer).
    learners = [p for p in peers if p.status == PeerStatus.IN_EDUCATION] or (active[-1:] if len(active) > 1 else [])
    for peer in [p for p in active if p not in learners]:
        _complete_on_run(held[ModuleKind.BASIC], peer, coordinator)
        for module in track_modules:
            if module.track_requirements.filter(track=_track(peer), level="mandatory").exists():
                _complete_on_run(held_track[module.pk], peer, coordinator)
        if peer.kind == PeerKind.PAID and ModuleKind.INTRODUCTION in modules:
            _tick_all(peer, modules[ModuleKind.INTRODUCTION], coordinator)
        if key == "aarhus" and peer == active[0]:
            for kind in (ModuleKind.TEACHER_MODULE, ModuleKind.TEACHER_INTRO):
                _complete_on_run(held[kind], peer, coordinator)
    first_2027 = ModuleRun.objects.filter(module=modules[ModuleKind.BASIC], starts_on=RUNS_2027[0][0]).first()
    for peer in learners:
        if Enrolment.objects.filter(peer=peer).exists():
            continue  # set up on an earlier load
        # Their education began about eleven months ago, so the one-year deadline is near.
        begun = timezone.localdate() - timedelta(days=330)
        early_module = track_modules[0] if track_modules else modules[ModuleKind.FULL_EDUCATION]
        days = 2 if early_module.kind == ModuleKind.MODULE else 91
        _complete_on_run(
            _run(early_module, begun, begun + timedelta(days=days - 1), place, capacity=40), peer, coordinator
        )
        if first_2027 is not None:
            services.enrol_peer(run=first_2027, peer=peer, acting_user=coordinator)


def _track(peer: Peer) -> str:
    from education.annotations import track_of

    return track_of(peer)


def _tick_all(peer: Peer, introduction: EducationModule, coordinator: User | None) -> None:
    day = (peer.started_at or date(2026, 2, 2)) + timedelta(days=7)
    today = timezone.localdate()
    for offset, item in enumerate(introduction.checklist_items.all()):
        if ChecklistTick.objects.filter(peer=peer, item=item).exists():
            continue
        services.tick_checklist_item(
            peer=peer, item=item, ticked_on=min(today, day + timedelta(days=7 * offset)), acting_user=coordinator
        )


# --- Support: meetings with attendance, follow-ups ---------------------------------------------------------------


def _series(organisation: Organisation, title: str, peers: list[Peer], **fields: Any) -> MeetingSeries:
    series = MeetingSeries.objects.filter(organisation=organisation, title=title).first()
    if series is None:
        series = support_services.create_series(
            organisation=organisation, title=title, participants=peers, acting_user=None, **fields
        )
    return series


def _support(demo: Demo, coordinator: User | None) -> None:
    today = timezone.localdate()
    six_months_ago = (today - timedelta(days=183)).replace(day=1)
    region_peers = list(Peer.objects.of(demo.region).filter(status=PeerStatus.ACTIVE).order_by("pk"))
    paid = [p for p in region_peers if p.kind == PeerKind.PAID] or region_peers
    supervision = _series(
        demo.region,
        "Gruppesupervision",
        paid,
        kind=MeetingKind.SUPERVISION,
        ordinal=1,
        weekday=1,
        every_months=1,
        start_time=time(14, 0),
        starts_on=six_months_ago,
        place="Udviklingsenheden, Roskilde",
        programme=demo.programmes["bridge_builders"],
    )
    _attendance(supervision, paid, missing_twice=paid[-1] if len(paid) > 1 else None)
    erfa = _series(
        demo.region,
        "ERFA-gruppe med Peer-Netværket",
        paid,
        kind=MeetingKind.ERFA,
        ordinal=2,
        weekday=3,
        every_months=1,
        start_time=time(12, 30),
        starts_on=six_months_ago,
        place="ARK, Køgevej 80, Roskilde",
        programme=demo.programmes["bridge_builders"],
    )
    _attendance(erfa, paid, missing_twice=None)
    _series(
        demo.region,
        "Samarbejdsforum – sengeafsnit",
        paid,
        kind=MeetingKind.COLLABORATION_FORUM,
        ordinal=-1,
        weekday=2,
        every_months=2,
        start_time=time(14, 0),
        starts_on=six_months_ago,
        place="Psykiatrisk Center Roskilde, mødelokale 2",
    )
    volunteers = list(Peer.objects.of(demo.volunteers).filter(status=PeerStatus.ACTIVE).order_by("pk"))
    meetings = _series(
        demo.volunteers,
        "Frivilligmøde",
        volunteers,
        kind=MeetingKind.VOLUNTEER_MEETING,
        ordinal=1,
        weekday=2,
        every_months=1,
        start_time=time(17, 0),
        starts_on=six_months_ago,
        place="Frivilligcenter Roskilde, Hersegade 20",
    )
    _attendance(meetings, volunteers, missing_twice=None)
    _follow_ups(demo, coordinator, today)


def _attendance(series: MeetingSeries, peers: list[Peer], *, missing_twice: Peer | None) -> None:
    now = timezone.now()
    held = list(series.occurrences.filter(starts_at__lt=now).order_by("starts_at"))
    for position, meeting in enumerate(held):
        if Attendance.objects.filter(meeting=meeting).exists():
            continue
        recent = position >= len(held) - 2
        marks: dict[Peer, str] = {}
        for index, peer in enumerate(peers):
            if peer == missing_twice and recent:
                marks[peer] = AttendanceStatus.ABSENT
            elif (index + position) % 5 == 4:
                marks[peer] = AttendanceStatus.EXCUSED
            else:
                marks[peer] = AttendanceStatus.PRESENT
        if marks:
            support_services.record_attendance(meeting=meeting, marks=marks, acting_user=None, now=now)


def _follow_ups(demo: Demo, coordinator: User | None, today: date) -> None:
    guides = list(
        Peer.objects.filter(programmes__model=Programme.Model.PEER_GUIDE, status=PeerStatus.ACTIVE)
        .distinct()
        .order_by("pk")
    )
    for index, guide in enumerate(guides):
        if FollowUp.objects.filter(peer=guide).exists():
            continue
        # The first guide's last follow-up was three weeks ago: overdue. The others were followed up lately.
        days_ago = (30, 21) if index == 0 else (16, 4)
        for ago in days_ago:
            held_on = today - timedelta(days=ago)
            support_services.record_follow_up(
                peer=guide,
                held_on=held_on,
                form="phone" if ago % 2 == 0 else "meeting",
                note="Ring igen efter næste møde" if ago == 4 else "",
                acting_user=coordinator,
            )
