"""Lists and the overview column take the same number of SQL queries whatever the number of agreements."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import integration, services
from agreements.models import Signature
from agreements.tests.helpers import make_agreement, make_peer
from people.models import Peer
from tests.personas import World, login

D = datetime.date
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen_day")]


@pytest.fixture
def _frozen_day():
    with time_machine.travel("2026-06-10 10:00 +0200", tick=False):
        yield


def _grow(world: World, n: int, offset: int) -> None:
    for i in range(n):
        peer = make_peer(world, first_name=f"Frivillig{offset + i}")
        agreement = make_agreement(world, peer, starts_on=D(2026, 1, 1))
        if i % 3 == 0:
            Signature.objects.create(agreement=agreement, method="electronic", signed_name=agreement.full_name)
        make_peer(world, first_name=f"Uden{offset + i}")


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("show", ["current", "ending", "ended", "missing", "all"])
def test_it_uses_constant_queries_for_the_list(world: World, show: str) -> None:
    url = reverse("agreements:agreement_list") + f"?show={show}"
    _grow(world, 2, 0)
    small = _queries(login(Client(), world.coordinator), url)
    _grow(world, 15, 100)
    large = _queries(login(Client(), world.coordinator), url)
    assert small == large, f"{show}: {small} queries with few rows, {large} with many"


def test_the_overview_column_is_one_subquery(world: World) -> None:
    _grow(world, 2, 0)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            peers = list(integration.annotate_agreement_ends(Peer.objects.of(world.organisation)))
            [integration.agreement_ends_value(p) for p in peers]
        return len(ctx.captured_queries)

    small = count()
    _grow(world, 15, 100)
    assert count() == small == 1


def test_the_overview_column_shows_the_end_of_the_agreement_in_force(world: World) -> None:
    peer = make_peer(world, first_name="Vera")
    agreement = make_agreement(world, peer, starts_on=D(2026, 1, 1))
    services.record_renewal_talk(
        agreement=agreement, held_on=D(2026, 6, 1), outcome="renewed", acting_user=world.coordinator
    )
    later = make_peer(world, first_name="Lise")
    make_agreement(world, later, starts_on=D(2026, 7, 1))
    rows = {p.first_name: p for p in integration.annotate_agreement_ends(Peer.objects.of(world.organisation))}
    assert rows["Vera"].agreement_ends == D(2026, 12, 31)
    assert rows["Lise"].agreement_ends is None
    cell = integration.agreement_ends_value(rows["Vera"])
    assert getattr(cell, "value", cell) == D(2026, 12, 31)
