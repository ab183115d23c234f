"""Small makers for ward tests: wards with settings, and peers qualified for ward work."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.models import Organisation, Unit, UnitKind, User
from education.models import EducationModule, ModuleKind
from education.tests.helpers import complete, set_up
from people.models import AvailabilitySlot, Peer, PeerStatus
from tests.personas import World
from wards.models import BlockedTime, WardSettings


def next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def make_ward(
    organisation: Organisation, name: str, *, site: str = "Roskilde", need_hours: int = 4, **settings: Any
) -> Unit:
    ward = Unit.objects.create(organisation=organisation, name=name, kind=UnitKind.WARD, site=site)
    WardSettings.objects.create(ward=ward, need_hours=Decimal(need_hours), **settings)
    return ward


def settle(world: World, ward: Unit | None = None) -> Unit:
    """The world's own ward (Afsnit P1) with default settings on site Roskilde."""
    ward = ward or world.ward
    ward.site = "Roskilde"
    ward.save()
    WardSettings.objects.get_or_create(ward=ward)
    return ward


def modules(world: World) -> dict[str, EducationModule]:
    found = {m.kind: m for m in EducationModule.objects.of(world.organisation)}
    return found or set_up(world)


def ward_peer(
    world: World,
    first_name: str,
    *,
    units: list[Unit],
    user: User | None = None,
    qualified: bool = True,
    hours: int = 8,
    days: tuple[int, ...] = (0, 1, 2, 3, 4),
    start: time = time(9, 0),
    end: time = time(17, 0),
    organisation: Organisation | None = None,
) -> Peer:
    """An active peer serving the units, available on the days, qualified for ward work unless told."""
    peer = Peer.objects.create(
        organisation=organisation or world.organisation,
        user=user,
        first_name=first_name,
        last_name="Testesen",
        email=f"{first_name.lower()}@example.dk",
        status=PeerStatus.ACTIVE,
        hours_per_week=Decimal(hours),
        has_admission_experience=qualified,
    )
    peer.units.set(units)
    for day in days:
        AvailabilitySlot.objects.create(peer=peer, weekday=day, start=start, end=end)
    if qualified:
        found = modules(world)
        complete(found[ModuleKind.BASIC], peer)
        complete(found[ModuleKind.INTRODUCTION], peer)
    return peer


def block(
    ward: Unit, weekday: int, start: time, end: time, kind: str = "doctor_conversations", label: str = ""
) -> BlockedTime:
    return BlockedTime.objects.create(ward=ward, weekday=weekday, start=start, end=end, kind=kind, label=label)
