"""The coordinator's lists cost the same number of queries for a few peers as for many."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from education import services, support_services
from education.models import ModuleKind
from education.tests.helpers import complete, make_peer, make_run, make_series, set_up
from tests.personas import World, login

PAGES = ["education:peer_list", "education:follow_ups", "education:support", "education:meetings"]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PAGES)
@time_machine.travel(date(2027, 3, 10), tick=False)
def test_it_uses_constant_queries_for_the_list(world: World, url_name: str) -> None:
    modules = set_up(world)
    client = login(Client(), world.coordinator)

    def grow(n: int) -> None:
        peers = [make_peer(world.organisation, f"P{n}-{i}", started_at=date(2027, 1, 4)) for i in range(n)]
        run = make_run(modules[ModuleKind.BASIC], starts_on=date(2027, 1, n), capacity=100)
        for peer in peers:
            peer.programmes.add(world.programme)
            services.enrol_peer(run=run, peer=peer, acting_user=None)
        complete(modules[ModuleKind.FULL_EDUCATION], peers[0])
        support_services.record_follow_up(peer=peers[0], held_on=date(2027, 3, 1), form="phone", acting_user=None)
        series = make_series(world, participants=peers, starts_on=date(2027, 1, 1))
        meeting = series.occurrences.get(on=date(2027, 2, 2))
        support_services.record_attendance(meeting=meeting, marks={p: "present" for p in peers}, acting_user=None)

    grow(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name)).status_code == 200
    grow(12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)
