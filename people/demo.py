"""Demo peers and applicants across the demo partnership: every life-cycle status, every pipeline stage.

Idempotent: peers and applications are found again by their demo e-mail address; history, interviews and
availability are only added when the record is first created.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.demo import DEMO_DOMAIN, Demo
from core.models import Organisation, Programme, Unit, User
from people.models import (
    AgeBand,
    ApplicationStatus,
    AvailabilityException,
    AvailabilitySlot,
    CompetenceCriterion,
    Gender,
    Interview,
    InterviewScore,
    Peer,
    PeerApplication,
    PeerKind,
    PeerStatus,
    PeerStatusChange,
    RecoveryDuration,
)

# The path through the life cycle that leads to each status, for a believable history.
_PATHS: dict[str, list[str]] = {
    PeerStatus.APPLICANT: [PeerStatus.APPLICANT],
    PeerStatus.IN_EDUCATION: [PeerStatus.APPLICANT, PeerStatus.IN_EDUCATION],
    PeerStatus.ACTIVE: [PeerStatus.APPLICANT, PeerStatus.IN_EDUCATION, PeerStatus.ACTIVE],
    PeerStatus.PAUSED: [PeerStatus.APPLICANT, PeerStatus.IN_EDUCATION, PeerStatus.ACTIVE, PeerStatus.PAUSED],
    PeerStatus.ENDED: [PeerStatus.APPLICANT, PeerStatus.IN_EDUCATION, PeerStatus.ACTIVE, PeerStatus.ENDED],
}
_REASONS: dict[str, str] = {
    PeerStatus.APPLICANT: "Registreret af koordinator",
    PeerStatus.IN_EDUCATION: "Tilmeldt basismodulet",
    PeerStatus.ACTIVE: "Basismodul gennemført, frivilligaftale underskrevet",
    PeerStatus.PAUSED: "Har brug for en pause",
    PeerStatus.ENDED: "Har fået fuldtidsarbejde",
}


@dataclass
class DemoPeer:
    key: str
    organisation: Organisation
    programme: Programme
    status: str
    kind: str
    hours: Decimal
    units: list[Unit] = field(default_factory=list)
    share: Decimal | None = None
    areas: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: ["da"])
    slots: list[tuple[int, time, time]] = field(default_factory=list)
    admission: bool = False


def build(demo: Demo) -> None:
    today = timezone.localdate()
    p, u = demo.programmes, demo.units
    morning = [(0, time(9), time(12)), (2, time(9), time(12))]
    afternoon = [(1, time(13), time(16)), (3, time(13), time(16))]
    peers = [
        DemoPeer(
            "region-1",
            demo.region,
            p["bridge_builders"],
            PeerStatus.ACTIVE,
            PeerKind.PAID,
            Decimal(20),
            [u["ward_a"], u["ward_b"]],
            Decimal("0.75"),
            ["bipolar", "psychiatric_admission"],
            ["da", "en"],
            morning,
            True,
        ),
        DemoPeer(
            "region-2",
            demo.region,
            p["bridge_builders"],
            PeerStatus.ACTIVE,
            PeerKind.PAID,
            Decimal(12),
            [u["ward_b"]],
            Decimal("0.55"),
            ["schizophrenia"],
            ["da"],
            afternoon,
            True,
        ),
        DemoPeer(
            "region-3",
            demo.region,
            p["bridge_builders"],
            PeerStatus.IN_EDUCATION,
            PeerKind.PAID,
            Decimal(16),
            [u["clinic"]],
            Decimal("0.80"),
            admission=True,
        ),
        DemoPeer(
            "region-4",
            demo.region,
            p["peer_guide"],
            PeerStatus.ACTIVE,
            PeerKind.VOLUNTEER,
            Decimal(2),
            [u["clinic"]],
            areas=["depression", "anxiety"],
            languages=["da", "ar"],
            slots=afternoon,
        ),
        DemoPeer(
            "region-5", demo.region, p["peer_guide"], PeerStatus.PAUSED, PeerKind.VOLUNTEER, Decimal(2), [u["clinic"]]
        ),
        DemoPeer("region-6", demo.region, p["peer_guide"], PeerStatus.ENDED, PeerKind.VOLUNTEER, Decimal(1)),
        DemoPeer("region-7", demo.region, p["peer_guide"], PeerStatus.APPLICANT, PeerKind.VOLUNTEER, Decimal(2)),
        DemoPeer(
            "roskilde-1",
            demo.roskilde,
            p["individual"],
            PeerStatus.ACTIVE,
            PeerKind.PAID,
            Decimal(24),
            [u["housing"]],
            Decimal("0.70"),
            ["housing_service", "substance_abuse_treatment"],
            slots=morning,
        ),
        DemoPeer(
            "roskilde-2", demo.roskilde, p["ark"], PeerStatus.ACTIVE, PeerKind.DUAL_COMPETENCE, Decimal(30), [u["ark"]]
        ),
        DemoPeer(
            "roskilde-3",
            demo.roskilde,
            p["individual"],
            PeerStatus.IN_EDUCATION,
            PeerKind.PAID,
            Decimal(15),
            [u["housing"]],
            Decimal("0.67"),
        ),
        DemoPeer(
            "roskilde-4",
            demo.roskilde,
            p["individual"],
            PeerStatus.PAUSED,
            PeerKind.PAID,
            Decimal(20),
            [u["housing"]],
            Decimal("0.60"),
        ),
        DemoPeer(
            "aarhus-1",
            demo.aarhus,
            p["school"],
            PeerStatus.ACTIVE,
            PeerKind.PAID,
            Decimal(18),
            [u["school"]],
            Decimal("0.90"),
            slots=afternoon,
        ),
        DemoPeer("aarhus-2", demo.aarhus, p["school"], PeerStatus.ACTIVE, PeerKind.PAID, Decimal(12), [u["school"]]),
        DemoPeer("aarhus-3", demo.aarhus, p["school"], PeerStatus.ENDED, PeerKind.PAID, Decimal(12), [u["school"]]),
        DemoPeer(
            "frivillig-1",
            demo.volunteers,
            p["bridge_everyday"],
            PeerStatus.ACTIVE,
            PeerKind.VOLUNTEER,
            Decimal(3),
            [u["volunteer_centre"]],
            areas=["ptsd"],
            slots=[(5, time(10), time(13))],
        ),
        DemoPeer(
            "frivillig-2",
            demo.volunteers,
            p["bridge_everyday"],
            PeerStatus.ACTIVE,
            PeerKind.VOLUNTEER,
            Decimal("2.5"),
            [u["volunteer_centre"]],
            languages=["da", "pl"],
        ),
        DemoPeer(
            "frivillig-3",
            demo.volunteers,
            p["bridge_everyday"],
            PeerStatus.PAUSED,
            PeerKind.VOLUNTEER,
            Decimal(2),
            [u["volunteer_centre"]],
        ),
        DemoPeer(
            "frivillig-4",
            demo.volunteers,
            p["bridge_everyday"],
            PeerStatus.IN_EDUCATION,
            PeerKind.VOLUNTEER,
            Decimal(2),
            [u["volunteer_centre"]],
        ),
    ]
    login = demo.logins.get("peer")
    created = {d.key: _peer(demo, d, today, login if d.key == "region-1" else None) for d in peers}
    mentor = created["region-1"]
    Peer.objects.filter(pk=created["region-2"].pk, mentor__isnull=True).update(mentor=mentor)
    _applications(demo, today)
    _offered_application(demo, created["frivillig-4"], today)


def _peer(demo: Demo, spec: DemoPeer, today: date, login: User | None) -> Peer:
    """One demo peer; the demo peer login is linked to the first active bridge-builder in the region."""
    first, last = demo.faker.first_name(), demo.faker.last_name()
    email = f"peer-{spec.key}@{DEMO_DOMAIN}"
    if login is not None:
        first, last, email = login.first_name, login.last_name, login.email
        Peer.objects.filter(user=login).exclude(email=email).update(user=None)
    gender = Gender.WOMAN if len(first) % 2 else Gender.MAN
    peer, created = Peer.objects.get_or_create(
        organisation=spec.organisation,
        email=email,
        defaults={
            "first_name": first,
            "last_name": last,
            "phone": demo.faker.phone_number(),
            "municipality": spec.units[0].municipality if spec.units else "",
            "kind": spec.kind,
            "status": spec.status,
            "hours_per_week": spec.hours,
            "peer_work_share": spec.share,
            "languages": spec.languages,
            "gender": gender,
            "age_band": [AgeBand.AGE_30_39, AgeBand.AGE_40_49, AgeBand.AGE_50_59][len(last) % 3],
            "lived_experience_areas": spec.areas,
            "lived_experience_consent_at": timezone.now() - timedelta(days=200) if spec.areas else None,
            "has_admission_experience": spec.admission,
            "user": login,
        },
    )
    if not created:
        return peer
    peer.programmes.set([spec.programme])
    peer.units.set(spec.units)
    _history(peer, spec.status, today)
    AvailabilitySlot.objects.bulk_create(
        AvailabilitySlot(peer=peer, weekday=day, start=start, end=end) for day, start, end in spec.slots
    )
    if spec.slots:
        holiday = today + timedelta(days=21)
        AvailabilityException.objects.create(
            peer=peer, starts_on=holiday, ends_on=holiday + timedelta(days=13), note="Sommerferie"
        )
    return peer


def _history(peer: Peer, status: str, today: date) -> None:
    """Status changes spread over the past year, ending in the peer's current status."""
    path = _PATHS[status]
    previous = ""
    start = timezone.now() - timedelta(days=360)
    for step, to_status in enumerate(path):
        at = start + timedelta(days=90 * step)
        PeerStatusChange.objects.create(
            peer=peer, from_status=previous, to_status=to_status, at=at, reason=_REASONS[to_status]
        )
        previous = to_status
    fields: dict[str, Any] = {}
    if PeerStatus.ACTIVE in path:
        fields["started_at"] = (start + timedelta(days=90 * path.index(PeerStatus.ACTIVE))).date()
    if status == PeerStatus.PAUSED:
        fields.update(pause_reason=_REASONS[PeerStatus.PAUSED], paused_until=today + timedelta(days=30))
    if status == PeerStatus.ENDED:
        fields.update(ended_at=today - timedelta(days=60), end_reason=_REASONS[PeerStatus.ENDED])
    if fields:
        Peer.objects.filter(pk=peer.pk).update(**fields)


@dataclass
class DemoApplication:
    key: str
    programme: str
    status: str
    kind: str
    hours: Decimal
    recovery: str = RecoveryDuration.THREE_TO_FIVE
    age: int = 42
    admission: bool = True


_MOTIVATIONS = [
    "Jeg vil gerne give det videre, som hjalp mig: at nogen troede på, at jeg kunne komme mig.",
    "Da jeg selv var indlagt, savnede jeg en at tale med, der vidste, hvordan det var. Det vil jeg gerne være.",
    "Jeg har fået meget ud af peer-støtte selv og har lyst til at bruge mine erfaringer til gavn for andre.",
]
_EXPERIENCES = [
    "Jeg har levet med bipolar lidelse i mange år og har været indlagt flere gange. I dag har jeg et godt hverdagsliv.",
    "Depression og angst efter en skilsmisse. Jeg har boet på et bosted i to år og er nu i egen lejlighed.",
    "Psykose i starten af 20'erne. Recovery-skolen og et fællesskab i en forening var vendepunkter for mig.",
]


def _applications(demo: Demo, today: date) -> None:
    specs = [
        DemoApplication("ny-1", "bridge_builders", ApplicationStatus.NEW, PeerKind.PAID, Decimal(16)),
        DemoApplication(
            "ny-2",
            "peer_guide",
            ApplicationStatus.NEW,
            PeerKind.VOLUNTEER,
            Decimal(2),
            RecoveryDuration.UNDER_ONE,
            24,
            False,
        ),
        DemoApplication(
            "samtale-1", "bridge_builders", ApplicationStatus.INTERVIEW_PLANNED, PeerKind.PAID, Decimal(12)
        ),
        DemoApplication("holdt-1", "bridge_builders", ApplicationStatus.INTERVIEWED, PeerKind.PAID, Decimal(20)),
        DemoApplication(
            "afslag-1", "bridge_builders", ApplicationStatus.DECLINED, PeerKind.PAID, Decimal(6), admission=False
        ),
        DemoApplication("frivillig-ny", "bridge_everyday", ApplicationStatus.NEW, PeerKind.VOLUNTEER, Decimal(3)),
        DemoApplication(
            "frivillig-trukket", "bridge_everyday", ApplicationStatus.WITHDRAWN, PeerKind.VOLUNTEER, Decimal(2)
        ),
        DemoApplication(
            "roskilde-ny",
            "individual",
            ApplicationStatus.NEW,
            PeerKind.PAID,
            Decimal(15),
            RecoveryDuration.OVER_FIVE,
            51,
        ),
    ]
    for number, spec in enumerate(specs):
        programme = demo.programmes[spec.programme]
        application, created = PeerApplication.objects.get_or_create(
            programme=programme,
            email=f"ansoeger-{spec.key}@{DEMO_DOMAIN}",
            defaults={
                "organisation": programme.organisation,
                "status": spec.status,
                "first_name": demo.faker.first_name(),
                "last_name": demo.faker.last_name(),
                "phone": demo.faker.phone_number(),
                "birth_date": date(today.year - spec.age, 3, 14),
                "motivation": _MOTIVATIONS[number % 3],
                "lived_experience": _EXPERIENCES[number % 3],
                "recovery_duration": spec.recovery,
                "hours_wanted": spec.hours,
                "education": "Folkeskolens afgangsprøve, social- og sundhedshjælper",
                "has_admission_experience": spec.admission,
                "kind_wanted": spec.kind,
                "consent_given_at": timezone.now() - timedelta(days=20 - number),
                "consent_text": "Jeg giver samtykke til, at organisationen behandler oplysningerne i min ansøgning.",
                "submitted_at": timezone.now() - timedelta(days=20 - number),
            },
        )
        if not created:
            continue
        if spec.status == ApplicationStatus.INTERVIEW_PLANNED:
            at = timezone.make_aware(datetime.combine(today + timedelta(days=5), time(10)))
            PeerApplication.objects.filter(pk=application.pk).update(
                interview_at=at, interview_place="Psykiatrisk Center Roskilde, mødelokale 2"
            )
        if spec.status in (ApplicationStatus.INTERVIEWED, ApplicationStatus.DECLINED):
            _interview(application, today - timedelta(days=4), strong=spec.status == ApplicationStatus.INTERVIEWED)
        if spec.status in (ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN):
            PeerApplication.objects.filter(pk=application.pk).update(
                decided_at=timezone.now() - timedelta(days=2), decision_note="Ønsker færre timer end programmet kræver"
            )


def _offered_application(demo: Demo, peer: Peer, today: date) -> None:
    """The volunteer in education came in through the application form: show the whole way."""
    programme = demo.programmes["bridge_everyday"]
    application, created = PeerApplication.objects.get_or_create(
        programme=programme,
        email=peer.email,
        defaults={
            "organisation": programme.organisation,
            "status": ApplicationStatus.OFFERED,
            "first_name": peer.first_name,
            "last_name": peer.last_name,
            "phone": peer.phone,
            "birth_date": date(today.year - 35, 9, 2),
            "motivation": _MOTIVATIONS[2],
            "lived_experience": _EXPERIENCES[1],
            "recovery_duration": RecoveryDuration.THREE_TO_FIVE,
            "hours_wanted": peer.hours_per_week,
            "has_admission_experience": False,
            "kind_wanted": PeerKind.VOLUNTEER,
            "consent_given_at": timezone.now() - timedelta(days=200),
            "consent_text": "Jeg giver samtykke til, at organisationen behandler oplysningerne i min ansøgning.",
            "submitted_at": timezone.now() - timedelta(days=200),
            "decided_at": timezone.now() - timedelta(days=180),
            "peer": peer,
        },
    )
    if created:
        _interview(application, today - timedelta(days=185), strong=True)


def _interview(application: PeerApplication, held_on: date, *, strong: bool) -> None:
    interview = Interview.objects.create(
        application=application,
        held_on=held_on,
        notes="Reflekteret om egen recovery; gode konkrete eksempler." if strong else "Livshistorien fyldte meget.",
    )
    panel = {"Lone, afdelingssygeplejerske": 0, "Per, peermedarbejder": 1}
    for member, offset in panel.items():
        for number, criterion in enumerate(CompetenceCriterion.values):
            score = (3 + (number + offset) % 2) if strong else (1 + (number + offset) % 2)
            InterviewScore.objects.create(
                interview=interview,
                panel_member=member,
                criterion=criterion,
                score=score,
                note="Konkrete redskaber ved forværring." if criterion == CompetenceCriterion.SELF_MANAGEMENT else "",
            )
