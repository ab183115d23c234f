"""Demo data for ward shifts, like the seeds' case (Peers som Brobyggere, appendix 5): five wards at
Psykiatrisk Center Roskilde with 2 × 2 peer hours a week each, blocked times for the morning round, lunch
and the shift change, five fixed ward peers, three district-psychiatry group sites, a published plan for
the current week (the demo peer has a shift today) and a draft for next week.

Idempotent: wards, peers and plans that exist are left alone.
"""

from __future__ import annotations

import contextlib
from datetime import date, time, timedelta
from decimal import Decimal

from django.utils import timezone

from core.demo import DEMO_DOMAIN, Demo
from core.models import Unit, UnitKind
from education.errors import EducationRefused
from education.models import EducationModule, ModuleKind
from education.services import record_completion
from people.models import AvailabilityException, AvailabilitySlot, Peer, PeerKind, PeerStatus, PeerStatusChange
from wards import services
from wards.errors import WardRefused
from wards.models import BlockedTime, BlockKind, GroupSite, Shift, ShiftPlan, WardSettings
from wards.selectors import monday_of

SITE = "Psykiatrisk Center Roskilde"
ADDRESS = "Smedegade 10, 4000 Roskilde"

EXTRA_WARDS = [
    "Afsnit 3 – Psykiatrisk Center Roskilde",
    "Afsnit 4 – Psykiatrisk Center Roskilde",
    "Afsnit 5 – Psykiatrisk Center Roskilde",
]

# Every weekday on every ward: the morning meeting and round, lunch, and the shift change.
DAILY_BLOCKS = [
    (time(8, 0), time(9, 30), BlockKind.DOCTOR_CONVERSATIONS, "Morgenmøde og stuegang"),
    (time(11, 30), time(12, 30), BlockKind.CUSTOM, "Frokost på afsnittet"),
    (time(14, 30), time(15, 30), BlockKind.SHIFT_CHANGE, "Vagtskifte"),
]
GROUP_BLOCKS = {
    0: [(1, time(9, 30), time(11, 0), "Musikgruppe")],
    2: [(3, time(12, 30), time(14, 0), "Psykoedukation")],
    4: [(2, time(15, 30), time(16, 30), "Gåtur og samtalegruppe")],
}

# Ward peers of the demo (the first two come from people.demo): first name, hours, weekly availability.
WARD_PEERS = [
    ("Mette", "Kjær", Decimal(8), [(0, time(12, 0), time(18, 0)), (3, time(9, 0), time(18, 0))]),
    ("Jonas", "Holm", Decimal(8), [(1, time(9, 0), time(18, 0)), (4, time(9, 0), time(15, 0))]),
    ("Sara", "Lund", Decimal(10), [(0, time(9, 0), time(18, 0)), (2, time(9, 0), time(18, 0))]),
]

GROUP_SITES = [
    ("Distriktspsykiatrien Køge", "Ølbycenter 2, 4600 Køge", 0, time(12, 30), time(14, 30)),
    ("Distriktspsykiatrien Roskilde", "Køgevej 7, 4000 Roskilde", 1, time(13, 0), time(15, 0)),
    ("Distriktspsykiatrien Greve", "Greve Centervej 1, 2670 Greve", 2, time(13, 0), time(15, 0)),
]


def build(demo: Demo) -> None:
    region = demo.region
    coordinator = demo.logins.get("coordinator")
    wards = [demo.units["ward_a"], demo.units["ward_b"]]
    for name in EXTRA_WARDS:
        ward, _created = Unit.objects.get_or_create(
            organisation=region,
            name=name,
            defaults={
                "kind": UnitKind.WARD,
                "address": "Smedegade 10",
                "postcode": "4000",
                "city": "Roskilde",
                "municipality": "Roskilde",
                "site": "Roskilde",
            },
        )
        wards.append(ward)
    for index, ward in enumerate(wards):
        _settings(ward, index)

    peers = _ward_peers(demo, wards)
    for index, ward in enumerate(wards):
        if index < len(peers):
            WardSettings.objects.filter(ward=ward, preferred_peer__isnull=True).update(preferred_peer=peers[index])
    _group_sites(demo, peers)

    today = timezone.localdate()
    this_week = monday_of(today)
    if not ShiftPlan.objects.filter(organisation=region, week_start=this_week).exists():
        _published_plan(demo, this_week, today, coordinator)
    next_week = this_week + timedelta(days=7)
    if not ShiftPlan.objects.filter(organisation=region, week_start=next_week).exists():
        # Jonas is on holiday in the draft's second week, and Mette at a course that Thursday, so the
        # draft shows hours the planner could not cover, and why.
        _away(peers, "Jonas", next_week + timedelta(days=7), next_week + timedelta(days=13), "Ferie")
        _away(peers, "Mette", next_week + timedelta(days=10), next_week + timedelta(days=10), "Kursus")
        with contextlib.suppress(WardRefused):
            services.create_plan(organisation=region, week_start=next_week, weeks=2, acting_user=coordinator)


def _away(peers: list[Peer], first_name: str, starts_on: date, ends_on: date, note: str) -> None:
    peer = next((p for p in peers if p.first_name == first_name), None)
    if peer is not None:
        AvailabilityException.objects.get_or_create(
            peer=peer, starts_on=starts_on, ends_on=ends_on, defaults={"note": note}
        )


def _settings(ward: Unit, index: int) -> None:
    _settings_row, created = WardSettings.objects.get_or_create(
        ward=ward,
        defaults={
            "need_hours": Decimal(4),
            "shift_hours": Decimal(2),
            "site_name": SITE,
            "site_address": ADDRESS,
        },
    )
    if not created or BlockedTime.objects.filter(ward=ward).exists():
        return
    rows = [
        BlockedTime(ward=ward, weekday=day, start=start, end=end, kind=kind, label=label)
        for day in range(5)
        for start, end, kind, label in DAILY_BLOCKS
    ]
    for day, start, end, label in GROUP_BLOCKS.get(index, []):
        rows.append(BlockedTime(ward=ward, weekday=day, start=start, end=end, kind=BlockKind.GROUP_OFFER, label=label))
    BlockedTime.objects.bulk_create(rows)


def _qualify(peer: Peer, coordinator: object) -> None:
    modules = {m.kind: m for m in EducationModule.objects.of(peer.organisation)}
    for kind in (ModuleKind.BASIC, ModuleKind.INTRODUCTION):
        module = modules.get(kind)
        if module is None:
            continue
        # Completed on an earlier load or through the education demo: nothing to record.
        with contextlib.suppress(EducationRefused):
            record_completion(peer=peer, module=module, completed_on=date(2025, 9, 1), acting_user=None, note="Demo")


def _ward_peers(demo: Demo, wards: list[Unit]) -> list[Peer]:
    """The five fixed ward peers: the two bridge-builders of the people demo and three more."""
    region = demo.region
    existing = list(
        Peer.objects.of(region)
        .active()
        .filter(programmes=demo.programmes["bridge_builders"], has_admission_experience=True)
        .order_by("pk")
    )
    login = demo.logins.get("peer")
    existing.sort(key=lambda peer: (peer.user_id != getattr(login, "pk", None), peer.pk))
    peers = existing[:2]
    for first, last, hours, slots in WARD_PEERS:
        email = f"peer-afsnit-{first.lower()}@{DEMO_DOMAIN}"
        peer, created = Peer.objects.get_or_create(
            organisation=region,
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "kind": PeerKind.PAID,
                "status": PeerStatus.ACTIVE,
                "hours_per_week": hours,
                "peer_work_share": Decimal("0.80"),
                "has_admission_experience": True,
                "started_at": timezone.localdate() - timedelta(days=300),
                "municipality": "Roskilde",
            },
        )
        if created:
            peer.programmes.set([demo.programmes["bridge_builders"]])
            PeerStatusChange.objects.create(peer=peer, from_status="", to_status=PeerStatus.ACTIVE, reason="Demo")
            AvailabilitySlot.objects.bulk_create(
                AvailabilitySlot(peer=peer, weekday=day, start=start, end=end) for day, start, end in slots
            )
        peers.append(peer)
    for index, peer in enumerate(peers):
        # Each serves "their" ward; all wards share one site, so anyone may cover another ward too.
        peer.units.add(wards[index % len(wards)])
        _qualify(peer, demo.logins.get("coordinator"))
    return peers


def _group_sites(demo: Demo, peers: list[Peer]) -> None:
    clinic = demo.units.get("clinic")
    for index, (name, address, weekday, start, end) in enumerate(GROUP_SITES):
        site, created = GroupSite.objects.get_or_create(
            organisation=demo.region,
            name=name,
            defaults={"address": address, "weekday": weekday, "start": start, "end": end, "unit": clinic},
        )
        if created and len(peers) >= 5:
            site.peers.set([peers[2 + index], peers[(3 + index) % 5]])


def _published_plan(demo: Demo, monday: date, today: date, coordinator: object) -> None:
    try:
        plan = services.create_plan(organisation=demo.region, week_start=monday, weeks=1, acting_user=None)
    except WardRefused:
        return
    peer = Peer.objects.filter(organisation=demo.region, user=demo.logins.get("peer")).first()
    if peer is not None and not plan.shifts.filter(peer=peer, date=today).exists():
        # The demo peer always has a shift today, so the shift on the phone can be shown.
        ward = (
            WardSettings.objects.filter(preferred_peer=peer).select_related("ward").first()
            or WardSettings.objects.filter(ward__organisation=demo.region).select_related("ward").first()
        )
        if ward is not None:
            plan.shifts.filter(ward=ward.ward, date=today).delete()
            # Move one of the ward's other shifts to today, so that the ward still gets its hours, not more.
            other = plan.shifts.filter(ward=ward.ward).order_by("-date").first()
            if other is not None:
                other.delete()
            Shift.objects.create(plan=plan, ward=ward.ward, peer=peer, date=today, start=time(12, 30), end=time(14, 30))
    ShiftPlan.objects.filter(pk=plan.pk).update(status=ShiftPlan.Status.PUBLISHED, published_at=timezone.now())
