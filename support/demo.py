"""Demo courses of support: peer guides in the region (model 3), individual peer support in Roskilde
(model 1) and companionship by volunteers with transport claims (model 2).

Runs after the referrals demo; courses that the referrals demo already started are left alone.
Idempotent: a course is made once per peer and citizen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.demo import DEMO_DOMAIN, Demo
from core.models import Organisation, Programme
from people.models import Citizen, Peer
from support import services
from support.models import ClaimStatus, EndReason, ExpenseClaim, SupportCourse


@dataclass
class DemoMeeting:
    days_ago: int
    minutes: int
    activity: str
    place: str
    note: str = ""
    accompanied: str = ""


@dataclass
class DemoCourse:
    peer: Peer
    programme: Programme
    citizen: tuple[str, str]
    started_days_ago: int
    meetings: list[DemoMeeting] = field(default_factory=list)
    agreed: bool = False
    next_in_days: int | None = None
    next_note: str = ""
    ended_days_ago: int | None = None
    end_reason: str = EndReason.COMPLETED
    citizen_user: Any = None


def _peer(organisation: Organisation, key: str) -> Peer | None:
    return Peer.objects.filter(organisation=organisation, email=f"peer-{key}@{DEMO_DOMAIN}").first()


def _citizen(organisation: Organisation, first: str, last: str, user: Any = None) -> Citizen:
    if user is not None:
        found = Citizen.objects.filter(organisation=organisation, user=user).first()
        if found is not None:
            return found
    citizen, _ = Citizen.objects.get_or_create(
        organisation=organisation,
        first_name=first,
        last_name=last,
        defaults={"municipality": "Roskilde", "user": user, "email": user.email if user is not None else ""},
    )
    return citizen


AGREEMENT = {
    "introductions": "Vi har begge været indlagt. Lene holder meget af at gå ture og tegne.",
    "use_of_time": "Komme ud af lejligheden, finde et fællesskab, måske et tegnehold.",
    "purpose": "At Lene får en hverdag med flere aktiviteter uden for hjemmet.",
    "frequency": "En gang om ugen, som regel torsdag formiddag.",
    "places": "Caféer i Roskilde, biblioteket, gåture ved fjorden.",
    "places_not": "Ikke på afsnittet – det minder for meget om indlæggelsen.",
    "peer_expectations": "Melder afbud senest dagen før, hvis det er muligt.",
    "citizen_expectations": "At guiden fortæller ærligt, hvis noget er svært.",
    "peer_watch_for": "Hvis jeg trækker mig og ikke svarer på sms, er det et tegn på, at det går dårligt.",
    "citizen_watch_for": "Guiden siger til, hvis hun selv har brug for en pause.",
    "work_environment": "Vi mødes ikke hjemme hos nogen af os.",
    "reaching_the_peer": "Sms på hverdage mellem kl. 9 og 17.",
    "evaluate_when": "Efter ca. 8 uger.",
}


def _make(demo: Demo, spec: DemoCourse, today: date) -> SupportCourse | None:
    citizen = _citizen(spec.peer.organisation, *spec.citizen, user=spec.citizen_user)
    if SupportCourse.objects.filter(citizen=citizen, peer=spec.peer).exists():
        return None
    coordinator = demo.logins.get("coordinator")
    course = services.open_course(
        actor=coordinator,
        citizen=citizen,
        peer=spec.peer,
        programme=spec.programme,
        started_on=today - timedelta(days=spec.started_days_ago),
    )
    actor = spec.peer.user
    for meeting in sorted(spec.meetings, key=lambda m: -m.days_ago):
        services.log_meeting(
            actor=actor,
            course=course,
            held_on=today - timedelta(days=meeting.days_ago),
            duration_minutes=meeting.minutes,
            activity=meeting.activity,
            place=meeting.place,
            accompanied=meeting.accompanied,
            note=meeting.note,
        )
    if spec.agreed:
        first = course.meetings.order_by("held_on").first()
        agreement = services.save_agreement(
            actor=actor,
            course=course,
            first_meeting_on=first.held_on if first else course.started_on,
            confidentiality_explained=True,
            **AGREEMENT,
        )
        now = timezone.now()
        type(agreement).objects.filter(pk=agreement.pk).update(
            peer_signed_name=spec.peer.full_name,
            peer_signed_at=now,
            citizen_signed_name=citizen.full_name,
            citizen_signed_at=now,
        )
        SupportCourse.objects.filter(pk=course.pk).update(stage="agreed")
        course.refresh_from_db()
    if spec.next_in_days is not None:
        services.plan_next_meeting(
            actor=actor, course=course, day=today + timedelta(days=spec.next_in_days), note=spec.next_note
        )
    if spec.ended_days_ago is not None:
        services.end_course(
            actor=actor,
            course=course,
            ended_by="both",
            reason=spec.end_reason,
            ended_on=today - timedelta(days=spec.ended_days_ago),
        )
    return course


def _peer_guides(demo: Demo, today: date) -> list[DemoCourse]:
    programme = demo.programmes["peer_guide"]
    guide = _peer(demo.region, "region-4")
    login_peer = Peer.objects.filter(organisation=demo.region, user=demo.logins.get("peer")).first()
    specs: list[DemoCourse] = []
    if guide is not None:
        specs += [
            DemoCourse(
                guide,
                programme,
                ("Lene", "Mikkelsen"),
                40,
                [
                    DemoMeeting(38, 60, "conversation", "Distriktspsykiatrien Holbæk", "Første møde", "contact_person"),
                    DemoMeeting(31, 90, "conversation", "Café Korn"),
                    DemoMeeting(24, 120, "culture", "Roskilde Museum"),
                    DemoMeeting(10, 60, "authority", "Jobcentret"),
                ],
                agreed=True,
                next_in_days=3,
                next_note="Kl. 10, biblioteket",
                citizen_user=demo.logins.get("citizen"),
            ),
            DemoCourse(
                guide,
                programme,
                ("Jonas", "Krogh"),
                7 * 15,
                [DemoMeeting(100 - 7 * i, 75, "company", "Svømmehallen") for i in range(6)],
                agreed=True,
            ),
            DemoCourse(
                guide,
                programme,
                ("Mette", "Bang"),
                140,
                [DemoMeeting(130 - 14 * i, 60, "conversation", "Gåtur ved fjorden") for i in range(7)],
                agreed=True,
                ended_days_ago=12,
            ),
        ]
    if login_peer is not None:
        specs += [
            DemoCourse(login_peer, programme, ("Sofie", "Dahl"), 3),
            DemoCourse(
                login_peer,
                programme,
                ("Kim", "Nørgaard"),
                30,
                [
                    DemoMeeting(27, 45, "conversation", "Afsnit 1", accompanied="coordinator"),
                    DemoMeeting(20, 60, "culture", "Biografen"),
                    DemoMeeting(13, 60, "conversation", "Café Korn"),
                ],
                next_in_days=1,
                next_note="Kl. 14 ved stationen",
            ),
        ]
    return specs


def _individual(demo: Demo) -> list[DemoCourse]:
    programme = demo.programmes["individual"]
    peer = _peer(demo.roskilde, "roskilde-1")
    if peer is None:
        return []
    return [
        DemoCourse(
            peer,
            programme,
            ("Ali", "Hassan"),
            50,
            [
                DemoMeeting(49, 45, "treatment_start", "Bostedet Lindegården"),
                DemoMeeting(35, 60, "company", "Aktivitetshuset"),
                DemoMeeting(21, 60, "authority", "Borgerservice"),
            ],
            agreed=True,
        ),
        DemoCourse(
            peer,
            programme,
            ("Birthe", "Holm"),
            90,
            [DemoMeeting(85 - 10 * i, 60, "conversation", "Bostedet Lindegården") for i in range(5)]
            + [DemoMeeting(20, 45, "treatment_end", "Distriktspsykiatrien")],
            agreed=True,
            ended_days_ago=15,
            end_reason=EndReason.GOALS_REACHED,
        ),
    ]


def _volunteers(demo: Demo) -> list[DemoCourse]:
    programme = demo.programmes["bridge_everyday"]
    specs = []
    for key, citizen, place in (
        ("frivillig-1", ("Ole", "Jeppesen"), "Roskilde Domkirke"),
        ("frivillig-2", ("Hanne", "Friis"), "Skovtur i Boserup"),
    ):
        peer = _peer(demo.volunteers, key)
        if peer is None:
            continue
        specs.append(
            DemoCourse(
                peer,
                programme,
                citizen,
                45,
                [
                    DemoMeeting(40, 150, "company", place),
                    DemoMeeting(26, 120, "culture", "Museet for Samtidskunst"),
                    DemoMeeting(12, 180, "company", "Recovery-caféen"),
                ],
                agreed=True,
                next_in_days=5,
                next_note="Koncert i Gimle",
            )
        )
    return specs


def _claims(demo: Demo, today: date) -> None:
    peer = _peer(demo.volunteers, "frivillig-1")
    if peer is None or ExpenseClaim.objects.filter(peer=peer).exists():
        return
    course = SupportCourse.objects.filter(peer=peer).first()
    coordinator = demo.logins.get("coordinator")
    trips = [
        (40, "Trekroner", "Roskilde Domkirke", Decimal("9.4"), None, "Kørsel i egen bil"),
        (26, "Trekroner", "Museet for Samtidskunst", None, Decimal("48.00"), "Busbillet, kvittering afleveret"),
        (12, "Trekroner", "Recovery-caféen", Decimal("6.2"), None, ""),
    ]
    claims = [
        services.submit_claim(
            actor=peer.user,
            peer=peer,
            travelled_on=today - timedelta(days=days),
            from_place=origin,
            to_place=target,
            km=km,
            amount=amount,
            receipt_note=note,
            course=course,
        )
        for days, origin, target, km, amount, note in trips
    ]
    if coordinator is None:
        return
    services.decide_claim(actor=coordinator, claim=claims[0], approve=True)
    services.export_claims_for_payment(actor=coordinator, organisation=demo.volunteers)
    services.decide_claim(actor=coordinator, claim=claims[1], approve=True)
    assert ExpenseClaim.objects.filter(peer=peer, status=ClaimStatus.SUBMITTED).count() == 1


def build(demo: Demo) -> None:
    today = timezone.localdate()
    for spec in [*_peer_guides(demo, today), *_individual(demo), *_volunteers(demo)]:
        _make(demo, spec, today)
    _claims(demo, today)
