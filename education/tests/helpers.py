"""Small makers for education tests, with sensible defaults."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from core.models import Organisation
from education import services, support_services
from education.models import EducationModule, MeetingKind, MeetingSeries, ModuleKind, ModuleRun
from people.models import Peer
from tests.personas import World


def make_peer(organisation: Organisation, first_name: str = "Pia", **kwargs: Any) -> Peer:
    kwargs.setdefault("status", "active")
    kwargs.setdefault("kind", "volunteer")
    return Peer.objects.create(organisation=organisation, first_name=first_name, **kwargs)


def world_peer(world: World, **kwargs: Any) -> Peer:
    """The Peer record of the world's peer persona (Peter)."""
    kwargs.setdefault("status", "active")
    kwargs.setdefault("kind", "volunteer")
    return Peer.objects.create(
        organisation=world.organisation, user=world.peer, first_name="Peter", email="peter@example.dk", **kwargs
    )


def set_up(world: World) -> dict[str, EducationModule]:
    """The seeds' catalogue and rules for the world's organisation, by module kind."""
    services.set_up_education(organisation=world.organisation, acting_user=world.coordinator)
    return {m.kind: m for m in EducationModule.objects.of(world.organisation)}


def make_run(
    module: EducationModule, *, starts_on: date = date(2027, 1, 11), days: int = 3, capacity: int = 20
) -> ModuleRun:
    return services.create_run(
        module=module,
        starts_on=starts_on,
        ends_on=date.fromordinal(starts_on.toordinal() + days - 1),
        capacity=capacity,
        place="Regionshuset",
        acting_user=None,
    )


def complete(module: EducationModule, peer: Peer, on: date = date(2025, 1, 15)) -> None:
    services.record_completion(peer=peer, module=module, completed_on=on, acting_user=None)


def basic(world: World) -> EducationModule:
    return set_up(world)[ModuleKind.BASIC]


def make_series(
    world: World, *, participants: list[Peer], kind: str = MeetingKind.SUPERVISION, starts_on: date = date(2026, 1, 1)
) -> MeetingSeries:
    return support_services.create_series(
        organisation=world.organisation,
        kind=kind,
        title="",
        ordinal=1,
        weekday=1,
        every_months=1,
        start_time=time(10, 0),
        starts_on=starts_on,
        participants=participants,
        acting_user=world.coordinator,
    )
