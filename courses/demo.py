"""The courses app's part of the demo partnership, drawn from the seeds. Idempotent: a course that
exists (by title, per organisation) is left alone.

- Recovery school Aarhus: "Recovery – hvad er det?" (one 3-hour session), "Håb og drømme" (full, with a
  waiting list) and "5 veje til et godt liv", taught by a peer teacher and a professional teacher.
- ARK Roskilde: "Livshistoriefortællinger" (a finished run with attendance and a certificate, and a new
  run next term) and a workshop, led by the demo teacher with a dual-competence facilitator.
- District psychiatry (the region's clinic): a closed recovery group (6 weekly 2-hour sessions, two
  peers, the four themes) half-way through, with attendance and journal notes, and a weekly peer café
  (drop-in) with headcounts.

Runs that started before today are history: they are put in place directly (the services refuse to
publish a run whose first session has begun, and to register anyone for it), everything else goes
through the services.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from core.demo import DEMO_DOMAIN, Demo, ensure_member, ensure_user
from core.models import Organisation, Role, Unit, User
from courses import feedback_adapter, services
from courses import registration_services as registrations
from courses.attendance_services import (
    complete_attendance,
    file_journal_note,
    record_headcount,
    set_attendance,
)
from courses.models import (
    Course,
    CourseKind,
    CourseRun,
    Registration,
    RegistrationStatus,
    RunStatus,
    Session,
    TeamRole,
)
from people.models import Peer, PeerKind, PeerStatus

RECOVERY_THEMES = [
    "Min vej til recovery",
    "Hverdagen med en psykisk sygdom",
    "Hvad drømmer du om?",
    "Fordomme og forventninger fra mig selv og andre",
    "Min vej til recovery – opsamling",
    "Afslutning: hvad tager jeg med?",
]

PARTICIPANTS = [
    ("Mette Frederiksen", "citizen"),
    ("Jonas Holm", "relative"),
    ("Sanne Lund", "staff"),
    ("Ali Hassan", "student"),
    ("Birthe Kjær", "citizen"),
    ("Rasmus Bech", "citizen"),
    ("Louise Dam", "relative"),
    ("Kasper Vestergaard", "other"),
    ("Nadia Petersen", "citizen"),
    ("Henrik Møller", "staff"),
    ("Camilla Juhl", "citizen"),
    ("Peter Skov", ""),
]


def _description(title: str, **values: Any) -> services.Description:
    return services.Description(title=title, **values)


def _next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def _existing(organisation: Organisation, title: str) -> Course | None:
    return Course.objects.of(organisation).filter(versions__title=title).first()


def _course(
    demo: Demo,
    organisation: Organisation,
    programme_key: str,
    unit: Unit,
    kind: str,
    theme: str,
    description: services.Description,
) -> Course:
    course = services.create_course(
        organisation=organisation,
        programme=demo.programmes[programme_key],
        unit=unit,
        kind=kind,
        theme=theme,
        description=description,
        acting_user=None,
    )
    if services.needs_quality_checklist(course):
        services.record_quality_checklist(
            course=course,
            facilitators=", ".join(f["name"] for f in description.facilitators) or "Underviserteamet",
            answers={
                "development.both_perspectives": {"ok": True, "comment": "Vi supplerer hinanden godt."},
                "content.own_goals": {"ok": True, "comment": "Hver kursist sætter sit eget mål første gang."},
            },
            acting_user=None,
        )
    return course


def _peer(organisation: Organisation, email_key: str, first: str, kind: str, unit: Unit) -> Peer:
    """A demo peer by the people app's demo e-mail, or our own when the people demo has not made one."""
    found = Peer.objects.filter(organisation=organisation, email=f"peer-{email_key}@{DEMO_DOMAIN}").first()
    if found is not None and found.status == PeerStatus.ACTIVE:
        return found
    peer, created = Peer.objects.get_or_create(
        organisation=organisation,
        email=f"kursus-{email_key}@{DEMO_DOMAIN}",
        defaults={"first_name": first, "last_name": "Demo", "kind": kind, "status": PeerStatus.ACTIVE},
    )
    if created:
        peer.units.set([unit])
    return peer


def _qualify(peer: Peer) -> bool:
    """Give a demo peer the modules a peer teacher needs, through the education app (when it is there)."""
    try:
        from education import services as education
        from education.models import EducationModule
    except ImportError:
        return False
    education.set_up_education(organisation=peer.organisation, acting_user=None)
    for kind in ("basic", "teacher_module", "teacher_intro"):
        module = EducationModule.objects.filter(organisation=peer.organisation, kind=kind).first()
        if module is not None and not module.completions.filter(peer=peer).exists():
            education.record_completion(
                peer=peer, module=module, completed_on=timezone.localdate() - timedelta(days=200), acting_user=None
            )
    return not services.peer_teacher_problems(peer)


Member = tuple[str, User | None, Peer | None, bool]


def _team(run: CourseRun, members: list[Member]) -> None:
    for role, user, peer, lead in members:
        services.add_team_member(run=run, role=role, user=user, peer=peer, is_lead=lead, acting_user=None)


def _register(run: CourseRun, people: list[tuple[str, str]], *, referral: bool = False) -> list[Registration]:
    result = []
    for index, (name, perspective) in enumerate(people):
        email = "" if index % 5 == 4 else f"{name.split()[0].lower()}.{run.pk}@eksempel.dk"
        phone = f"2{run.pk % 10}{index:02d}{index:04d}"[:8]
        result.append(
            registrations.register_participant(
                run=run, name=name, email=email, phone=phone, perspective=perspective, by_referral=referral
            )
        )
    return result


def _history(run: CourseRun, people: list[tuple[str, str]]) -> list[Registration]:
    """Participants of a run that began before today, put in place directly (see the module docstring)."""
    CourseRun.objects.filter(pk=run.pk).update(status=RunStatus.PUBLISHED, published_at=timezone.now())
    run.refresh_from_db()
    rows = []
    start = timezone.now() - timedelta(days=90)
    for index, (name, perspective) in enumerate(people):
        rows.append(
            Registration.objects.create(
                run=run,
                name=name,
                email=f"{name.split()[0].lower()}.{run.pk}@eksempel.dk",
                email_key=f"{name.split()[0].lower()}.{run.pk}@eksempel.dk",
                perspective=perspective,
                status=RegistrationStatus.CONFIRMED,
                created_at=start + timedelta(minutes=index),
            )
        )
    return rows


def _session_feedback(sessions: list[Session], teacher: User | None) -> None:
    """Answers to the session feedback of a finished run, so the team's trend chart has a story: the fourth
    session dipped (one answer under 9 on an item), the rest went well."""
    if not feedback_adapter.available():
        return
    from feedback import services as feedback
    from feedback.models import Invitation

    items = ("relationship", "goals_topics", "approach", "overall")
    for index, session in enumerate(sessions):
        code = feedback_adapter.open_session_feedback(session=session, acting_user=teacher)
        if code is None:
            return
        Session.objects.filter(pk=session.pk).update(feedback_invitation=code)
        invitation = Invitation.objects.get(code=code)
        for answer in range(6):
            values = (10, 9, 10, 9) if answer % 2 else (9, 10, 10, 10)
            if index == 3 and answer == 0:
                values = (9, 7, 8, 9)
            response = feedback.start_response(invitation=invitation, language="da")
            feedback.save_answers(response=response, answers=dict(zip(items, values, strict=True)), submit=True)


def _course_evaluation(run: CourseRun, teacher: User | None) -> None:
    """The participants' course evaluation of a finished run: most gained knowledge and hope."""
    if not feedback_adapter.available():
        return
    from feedback import services as feedback
    from feedback.models import Invitation

    services.open_course_evaluation(run=run, acting_user=teacher)
    if run.evaluation_invitation is None:
        return
    invitation = Invitation.objects.get(code=run.evaluation_invitation)
    answers = [(5, 4, 5, 9), (4, 4, 4, 8), (5, 5, 4, 10), (4, 3, 4, 8), (3, 4, 5, 9), (5, 4, 2, 7)]
    items = ("knowledge_recovery", "new_perspectives", "more_hope", "overall_rating")
    for values in answers:
        response = feedback.start_response(invitation=invitation, language="da")
        feedback.save_answers(response=response, answers=dict(zip(items, values, strict=True)), submit=True)


def _aarhus(demo: Demo, today: date) -> None:
    school = demo.units["school"]
    organisation = demo.aarhus
    teacher = ensure_user(f"underviser-aarhus@{DEMO_DOMAIN}", "Lene", "Kristensen")
    ensure_member(teacher, organisation, Role.TEACHER, school)
    peer = _peer(organisation, "aarhus-1", "Simon", PeerKind.PAID, school)
    if not _qualify(peer):
        return
    facilitators = [
        {"name": "Lene Kristensen", "phone": "87 13 20 00", "email": f"underviser-aarhus@{DEMO_DOMAIN}"},
        {"name": peer.full_name, "phone": "", "email": ""},
    ]
    term_start = _next_weekday(today + timedelta(days=21), 1)  # a Tuesday three weeks ahead
    specs = [
        (
            _description(
                "Recovery – hvad er det?",
                purpose="En introduktion til recovery: hvad begrebet betyder, og hvordan håb og egne ressourcer "
                "kan være vejen frem – fortalt af en peer-underviser og en fagprofessionel sammen.",
                learning_goals=[
                    "Kendskab til recovery-begrebet og dets historie",
                    "Forståelse for personlig og klinisk recovery",
                    "Overblik over egne ressourcer og støttemuligheder",
                ],
                content="Hvad er recovery? Personlige fortællinger. Håb, mening og empowerment (CHIME). "
                "Hvad kan jeg selv gøre – og hvad kan andre?",
                facilitators=facilitators,
                methods="Oplæg, fortællinger og samtale i små grupper. Intet hjemmearbejde.",
                literature="Den personlige arbejdsbog – selvindsigt, selvbestemmelse og recovery (CSV Aarhus).",
                season="autumn",
                weeks=1,
                hours_per_week=3,
                min_participants=8,
                max_participants=12,
                evaluation="Feedback efter kursusgangen (QR-kode) og en kort kursusevaluering.",
            ),
            "recovery",
            [term_start],
            12,
            [],
        ),
        (
            _description(
                "Håb og drømme",
                purpose="At finde tilbage til egne drømme og sætte små, realistiske mål.",
                learning_goals=[
                    "Forståelse for håbets betydning i recovery",
                    "Kendskab til metoder til at formulere egne mål",
                    "Overblik over små skridt mod en drøm",
                ],
                content="Håb som drivkraft. Drømme og mål. Små skridt. At dele erfaringer med andre.",
                facilitators=facilitators,
                methods="Øvelser, refleksion og erfaringsudveksling; lidt hjemmearbejde mellem gangene.",
                season="autumn",
                weeks=3,
                hours_per_week=3,
                min_participants=6,
                max_participants=8,
                evaluation="Feedback efter hver kursusgang.",
            ),
            "recovery",
            [term_start + timedelta(days=2 + 7 * i) for i in range(3)],
            8,
            PARTICIPANTS[:11],  # 8 get a place, 3 wait
        ),
        (
            _description(
                "5 veje til et godt liv",
                purpose="Fem enkle, forskningsbaserede veje til trivsel i hverdagen: knyt bånd, vær aktiv, "
                "læg mærke til verden, bliv ved med at lære, giv til andre.",
                learning_goals=[
                    "Kendskab til de fem veje til trivsel",
                    "Overblik over egne trivselsvaner",
                    "En personlig plan med én ny vane",
                    "Erfaring med at dele og modtage gode råd",
                ],
                content="Én vej pr. gang, med øvelser og erfaringsudveksling.",
                facilitators=facilitators,
                methods="Korte oplæg, øvelser i par, en lille hjemmeopgave hver gang.",
                season="autumn",
                weeks=5,
                hours_per_week=2,
                min_participants=8,
                max_participants=12,
                evaluation="Feedback efter hver kursusgang og evaluering til sidst.",
            ),
            "everyday_life",
            [term_start + timedelta(days=7 * i) for i in range(1, 6)],
            12,
            PARTICIPANTS[:4],
        ),
    ]
    for description, theme, days, capacity, people in specs:
        if _existing(organisation, description.title) is not None:
            continue
        course = _course(demo, organisation, "school", school, CourseKind.OPEN, theme, description)
        run = services.create_run(course=course, capacity=capacity, room="Store sal", acting_user=None)
        minutes = int(description.hours_per_week * 60) if description.weeks > 1 else None
        services.add_sessions(run=run, days=days, start=time(13), minutes=minutes, room=None, acting_user=None)
        _team(run, [(TeamRole.PROFESSIONAL, teacher, None, True), (TeamRole.PEER_TEACHER, None, peer, False)])
        services.publish_run(run=run, acting_user=None)
        _register(run, people)


def _ark(demo: Demo, today: date) -> None:
    ark = demo.units["ark"]
    organisation = demo.roskilde
    teacher = demo.logins.get("teacher")
    dual = _peer(organisation, "roskilde-2", "Dorthe", PeerKind.DUAL_COMPETENCE, ark)
    if dual.kind != PeerKind.DUAL_COMPETENCE:
        return
    facilitators = [
        {"name": teacher.display_name if teacher else "Tovholder", "phone": "46 31 00 00", "email": ""},
        {"name": dual.full_name, "phone": "", "email": ""},
    ]
    title = "Livshistoriefortællinger"
    if _existing(organisation, title) is None:
        description = _description(
            title,
            purpose="At arbejde med sin egen livshistorie som en kilde til mening og retning – og at opdage "
            "vendepunkter i sin recovery.",
            learning_goals=[
                "Kendskab til livshistorien som redskab",
                "Forståelse for vendepunkter i egen recovery",
                "Erfaring med at fortælle og lytte til livshistorier",
            ],
            content="Livslinjen. Vendepunkter. At fortælle og at lytte. Fra problemhistorie til ressourcehistorie.",
            facilitators=facilitators,
            methods="Fortælleøvelser, livslinje, refleksion. Hjemmearbejde: skriv lidt på din livslinje.",
            literature="Peerstøtte.dk – recovery-redskaber: Livshistoriefortællinger.",
            season="autumn",
            weeks=6,
            hours_per_week=3,
            min_participants=8,
            max_participants=14,
            evaluation="Feedback efter hver kursusgang (FIT-inspireret) og en kursusevaluering i SurveyXact.",
        )
        course = _course(demo, organisation, "ark", ark, CourseKind.OPEN, "recovery", description)
        finished = services.create_run(course=course, capacity=14, room="Lokale 2", acting_user=None)
        first_day = _next_weekday(today - timedelta(days=60), 2)
        services.add_sessions(
            run=finished,
            days=[first_day + timedelta(weeks=i) for i in range(6)],
            start=time(9, 30),
            minutes=None,
            room=None,
            acting_user=None,
        )
        members: list[Member] = [(TeamRole.DUAL_COMPETENCE, None, dual, teacher is None)]
        if teacher is not None:
            members.insert(0, (TeamRole.PROFESSIONAL, teacher, None, True))
        _team(finished, members)
        people = _history(finished, PARTICIPANTS[:6])
        sessions = list(finished.sessions.order_by("day"))
        for index, session in enumerate(sessions):
            for number, registration in enumerate(people):
                # The first four came to every session; the others now and then.
                set_attendance(
                    session=session, registration=registration, present=number < 4 or index % 2 == 0, acting_user=None
                )
            complete_attendance(session=session, acting_user=None)
        services.close_run(run=finished, acting_user=teacher)
        _session_feedback(sessions, teacher)
        _course_evaluation(finished, teacher)
        services.record_evaluation(
            run=finished,
            facilitators=", ".join(f["name"] for f in facilitators),
            answers={"content.recovery_values": {"comment": "Håb og mening – især i arbejdet med vendepunkter."}},
            acting_user=teacher,
        )
        next_run = services.create_run(course=course, capacity=14, room="Lokale 2", acting_user=None)
        next_day = _next_weekday(today + timedelta(days=28), 2)
        services.add_sessions(
            run=next_run,
            days=[next_day + timedelta(weeks=i) for i in range(6)],
            start=time(9, 30),
            minutes=None,
            room=None,
            acting_user=None,
        )
        _team(next_run, members)
        services.publish_run(run=next_run, acting_user=None)
        _register(next_run, PARTICIPANTS[6:9])
    workshop = "Workshop: Stress og hverdagsmestring"
    if _existing(organisation, workshop) is None:
        description = _description(
            workshop,
            purpose="En workshop om at kende sine stresssignaler og finde små greb, der virker i hverdagen.",
            learning_goals=[
                "Kendskab til egne stresssignaler",
                "Overblik over greb, der kan bruges i hverdagen",
                "Erfaring med en enkel vejrtræknings- og pauseøvelse",
            ],
            content="Stresssignaler, energiregnskab, pauser og vejrtrækning.",
            facilitators=facilitators,
            methods="Oplæg og øvelser. Intet hjemmearbejde.",
            season="autumn",
            weeks=1,
            hours_per_week=3,
            min_participants=6,
            max_participants=14,
            evaluation="Feedback efter workshoppen.",
        )
        course = _course(demo, organisation, "ark", ark, CourseKind.OPEN, "health", description)
        run = services.create_run(course=course, capacity=14, room="Lokale 3", acting_user=None)
        services.add_sessions(
            run=run,
            days=[_next_weekday(today + timedelta(days=14), 3)],
            start=time(13),
            minutes=None,
            room=None,
            acting_user=None,
        )
        workshop_team: list[Member] = [(TeamRole.DUAL_COMPETENCE, None, dual, True)]
        if teacher is not None:
            workshop_team.append((TeamRole.PROFESSIONAL, teacher, None, False))
        _team(run, workshop_team)
        services.publish_run(run=run, acting_user=None)
        _register(run, PARTICIPANTS[9:12])


def _district_psychiatry(demo: Demo, today: date) -> None:
    clinic = demo.units["clinic"]
    organisation = demo.region
    # The demo peer login facilitates the group, so "My course runs" has something to show.
    login_peer = Peer.objects.filter(
        user=demo.logins.get("peer"), organisation=organisation, status=PeerStatus.ACTIVE
    ).first()
    first = login_peer or _peer(organisation, "region-1", "Per", PeerKind.PAID, clinic)
    second = _peer(organisation, "region-2", "Pia", PeerKind.PAID, clinic)
    key_person = demo.logins.get("key_person")
    title = "Recoverygruppe"
    if _existing(organisation, title) is None:
        description = _description(
            title,
            target_group="Patienter i distriktspsykiatrien, som er motiverede for at arbejde med deres recovery. "
            "Kun efter henvisning.",
            purpose="Et lukket gruppeforløb, hvor patienter og to peermedarbejdere deler erfaringer med recovery.",
            learning_goals=[
                "Kendskab til egen vej til recovery",
                "Erfaring med at dele hverdagens udfordringer i en gruppe",
                "Forståelse for fordomme og forventninger fra sig selv og andre",
            ],
            content="\n".join(RECOVERY_THEMES[:4]),
            facilitators=[{"name": first.full_name, "phone": "", "email": ""}, {"name": second.full_name}],
            methods="En forberedt øvelse hver gang; resten af tiden taler vi om dagens tema ud fra Udskrivningsguiden.",
            season="autumn",
            weeks=6,
            hours_per_week=2,
            min_participants=6,
            max_participants=8,
            evaluation="Feedback efter hver gang.",
        )
        course = _course(
            demo, organisation, "bridge_builders", clinic, CourseKind.CLOSED_GROUP, "recovery", description
        )
        run = services.create_run(course=course, capacity=8, min_participants=6, room="Grupperummet", acting_user=None)
        start = _next_weekday(today - timedelta(days=15), 3)
        services.add_sessions(
            run=run,
            days=[start + timedelta(weeks=i) for i in range(6)],
            start=time(13),
            minutes=None,
            room=None,
            topics=RECOVERY_THEMES,
            acting_user=None,
        )
        _team(run, [(TeamRole.GROUP_PEER, None, first, True), (TeamRole.GROUP_PEER, None, second, False)])
        CourseRun.objects.filter(pk=run.pk).update(status=RunStatus.PUBLISHED, published_at=timezone.now())
        run.refresh_from_db()
        patients = [(name, "citizen") for name, _p in PARTICIPANTS[:7]]
        people = [
            registrations.register_participant(
                run=run,
                name=name,
                phone=f"3{index}22{index}44{index}",
                perspective=perspective,
                by_referral=True,
                acting_user=key_person,
            )
            for index, (name, perspective) in enumerate(patients)
        ]
        for session in run.sessions.filter(day__lt=today).order_by("day"):
            for number, registration in enumerate(people):
                if number != 6:
                    set_attendance(session=session, registration=registration, present=True, acting_user=None)
            complete_attendance(session=session, acting_user=None)
        first_session = run.sessions.order_by("day").first()
        if key_person is not None and first_session is not None:
            for note in first_session.journal_notes.all():  # the secretary has filed the first week's notes
                file_journal_note(note=note, acting_user=key_person)
    cafe_title = "Peer Café"
    if _existing(organisation, cafe_title) is None:
        description = _description(
            cafe_title,
            target_group="Patienter tilknyttet distriktspsykiatrien.",
            purpose="Et åbent cafétilbud: kom til en uformel samtale om det, der fylder lige nu.",
            learning_goals=[
                "Erfaring med at dele aktuelle udfordringer",
                "Kendskab til Udskrivningsguiden",
                "Forståelse for andres veje til recovery",
            ],
            content="Uformel samtale over en kop kaffe med to peermedarbejdere.",
            facilitators=[{"name": first.full_name}, {"name": second.full_name}],
            season="autumn",
            weeks=12,
            hours_per_week=2,
            min_participants=1,
            max_participants=20,
            evaluation="Feedback, når det giver mening.",
        )
        course = _course(
            demo, organisation, "bridge_builders", clinic, CourseKind.DROP_IN, "everyday_life", description
        )
        run = services.create_run(course=course, room="Caféen", acting_user=None)
        start = _next_weekday(today - timedelta(days=21), 0)
        services.add_sessions(
            run=run,
            days=[start + timedelta(weeks=i) for i in range(10)],
            start=time(14),
            minutes=None,
            room=None,
            acting_user=None,
        )
        _team(run, [(TeamRole.GROUP_PEER, None, second, True), (TeamRole.GROUP_PEER, None, first, False)])
        CourseRun.objects.filter(pk=run.pk).update(status=RunStatus.PUBLISHED, published_at=timezone.now())
        for count, session in zip(
            (5, 8, 6), Session.objects.filter(run=run, day__lt=today).order_by("day"), strict=False
        ):
            record_headcount(session=session, headcount=count, names=["Ida"] if count == 8 else [], acting_user=None)


def build(demo: Demo) -> None:
    today = timezone.localdate()
    _aarhus(demo, today)
    _ark(demo, today)
    _district_psychiatry(demo, today)
