"""Small makers for the agreements tests, with sensible defaults."""

from __future__ import annotations

import datetime
from typing import Any

from agreements import services
from agreements.models import VolunteerAgreement
from core.models import User
from people.models import Peer
from tests.personas import World


def make_peer(world: World, *, user: User | None = None, first_name: str = "Peter", **fields: Any) -> Peer:
    defaults: dict[str, Any] = {"status": "active", "kind": "volunteer", "last_name": "Testesen"}
    defaults.update(fields)
    peer = Peer.objects.create(organisation=world.organisation, user=user, first_name=first_name, **defaults)
    peer.programmes.add(world.programme)
    return peer


def world_peer(world: World) -> Peer:
    """The Peer row of the world's peer login (Peter)."""
    peer = Peer.objects.filter(user=world.peer).first()
    return peer or make_peer(world, user=world.peer, email="peer@example.dk", phone="12345678")


def make_agreement(
    world: World,
    peer: Peer,
    *,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    without_coordinator: bool = False,
    **fields: Any,
) -> VolunteerAgreement:
    values: dict[str, Any] = {
        "first_name": peer.first_name,
        "last_name": peer.last_name,
        "phone": "12345678",
        "insurance": "Dækket af organisationens frivilligforsikring.",
    }
    values.update(fields)
    return services.create_agreement(
        peer=peer,
        programme=world.programme,
        coordinator=None if without_coordinator else world.coordinator,
        starts_on=starts_on,
        ends_on=ends_on,
        acting_user=world.coordinator,
        **values,
    )


def form_data(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "programme": world.programme.pk,
        "coordinator": world.coordinator.pk,
        "role": "role_peer_guide",
        "first_name": "Peter",
        "last_name": "Testesen",
        "address": "Hovedgaden 1",
        "postcode": "8000",
        "city": "Aarhus C",
        "phone": "12345678",
        "email": "peer@example.dk",
        "cpr": "",
        "cpr_reason": "",
        "starts_on": "01.02.2026",
        "ends_on": "",
        "insurance": "Du er dækket af vores forsikring for frivillige.",
        "transport_covered": "on",
        "may_request_record_check": "on",
    }
    data.update(overrides)
    return data
