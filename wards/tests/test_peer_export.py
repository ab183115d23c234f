"""A peer's own data export (Mine oplysninger) lists the peer's published ward shifts."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World, login
from wards.tests.test_access import _objects


@pytest.mark.django_db
def test_it_gives_the_peer_their_published_shifts(world: World) -> None:
    _published, draft, shift, _blocked, _site = _objects(world)
    response = login(Client(), world.peer).get(reverse("people:my_data_export"))
    mine = next(part for part in json.loads(response.content) if "peer" in part)
    dates = {row["date"] for row in mine["ward_shifts"]}
    assert shift.date.isoformat() in dates
    assert all(row["ward"] == shift.ward.name for row in mine["ward_shifts"])
    # Shifts of a plan not yet published are not the peer's yet.
    assert not {s.date.isoformat() for s in draft.shifts.all()} & dates
