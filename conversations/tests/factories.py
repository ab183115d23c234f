"""Small helpers for the conversations tests: a published shift, a contact person, list entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from conversations.models import ListEntry
from core.models import Membership, Role, Unit, User
from people.models import Peer
from tests.peer_personas import make_peer
from tests.personas import World, make_member
from wards.models import Shift, ShiftPlan


def make_shift(
    world: World,
    *,
    peer: Peer,
    ward: Unit | None = None,
    day: date | None = None,
    start: time = time(12, 30),
    end: time = time(14, 30),
    published: bool = True,
    unmet: list[dict[str, Any]] | None = None,
) -> Shift:
    day = day or timezone.localdate()
    plan = ShiftPlan.objects.create(
        organisation=world.organisation,
        week_start=day - timedelta(days=day.weekday()),
        status=ShiftPlan.Status.PUBLISHED if published else ShiftPlan.Status.DRAFT,
        unmet=unmet or [],
    )
    return Shift.objects.create(plan=plan, ward=ward or world.ward, peer=peer, date=day, start=start, end=end)


def make_contact_person(world: World, *, email: str = "kontakt@example.dk", first_name: str = "Kirsten") -> User:
    """A nurse on the world's ward: a staff account (key-person role on the ward) who is a contact person."""
    return make_member(email, first_name, world.organisation, Role.KEY_PERSON, unit=world.ward)


def make_entry(
    world: World,
    *,
    patient: str = "Anna",
    met_peer_before: bool = False,
    contact_person: User | None = None,
    day: date | None = None,
    ward: Unit | None = None,
) -> ListEntry:
    return ListEntry.objects.create(
        ward=ward or world.ward,
        day=day or timezone.localdate(),
        patient=patient,
        met_peer_before=met_peer_before,
        contact_person=contact_person or world.key_person,
        added_by=world.key_person,
    )


@dataclass
class Ward:
    world: World
    peer: Peer
    shift: Shift
    contact: User


def make_ward_day(world: World) -> Ward:
    peer = make_peer(world)
    shift = make_shift(world, peer=peer)
    contact = make_contact_person(world)
    return Ward(world, peer, shift, contact)


def give_role(user: User, world: World, role: str, unit: Unit | None = None) -> None:
    Membership.objects.create(user=user, organisation=world.organisation, role=role, unit=unit)
