"""The queue and the overview take as many queries for many waiting citizens as for a few."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from referrals.tests.factories import make_referral, ready_peer
from tests.personas import World, login

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["queue", "/henvisninger/overblik/"])
def test_it_reads_the_queue_in_constant_queries(client: Client, world: World, url: str) -> None:
    ready_peer(world, "Pia")
    path = f"/henvisninger/program/{world.programme.code}/" if url == "queue" else url
    make_referral(world, "Anne", waited_days=3)
    login(client, world.coordinator)
    few = _queries(client, path)
    for n in range(8):
        make_referral(world, f"Borger {n}", waited_days=n)
    assert _queries(client, path) == few
