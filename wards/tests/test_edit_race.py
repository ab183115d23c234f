"""No double booking under concurrency: ten coordinators add a shift for the same ward and time at once.

Each edit runs in its own thread and connection; a barrier releases them together. Every edit locks the
plan row before it validates against the plan's shifts, so exactly one shift is saved and the other nine
are refused as clashing. The test fails when the lock in `add_shift` is removed.
"""

from __future__ import annotations

import threading
from datetime import time, timedelta
from typing import Any

import pytest
from django.db import connection, connections

from tests.personas import make_world
from wards import services
from wards.errors import WardRefused
from wards.tests.helpers import next_monday, settle, ward_peer

EDITORS = 10


@pytest.mark.postgresql
def test_it_saves_exactly_one_of_ten_clashing_shifts_added_at_once(transactional_db: Any) -> None:
    assert connection.vendor == "postgresql"
    world = make_world()
    ward = settle(world)
    peers = [ward_peer(world, f"Peer{n}", units=[ward]) for n in range(EDITORS)]
    plan = services.create_plan(organisation=world.organisation, week_start=next_monday(), weeks=1, acting_user=None)
    plan.shifts.all().delete()
    tuesday = plan.week_start + timedelta(days=1)
    barrier = threading.Barrier(EDITORS)
    refused: list[str] = []
    errors: list[BaseException] = []

    def add(number: int) -> None:
        try:
            barrier.wait()
            try:
                services.add_shift(
                    plan=plan,
                    change=services.ShiftChange(
                        ward=ward, peer=peers[number], date=tuesday, start=time(10), end=time(12)
                    ),
                    acting_user=None,
                )
            except WardRefused as error:
                refused.append(error.code)
            finally:
                connections.close_all()
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert plan.shifts.count() == 1
    assert refused == ["rules_broken"] * (EDITORS - 1)
