"""No overbooking under concurrency: 200 people press "Sign up" at the same moment for 14 places.

Each registration runs in its own thread with its own database connection; a barrier releases them
together. PostgreSQL allows 100 connections by default (and other test workers share the server), so a
semaphore lets at most 40 registrations hold a connection at once: the race for the run's lock is real,
and the server is never asked for more connections than it has. Exactly 14 get a place; the other 186
wait in the order they arrived (the order their transactions committed), numbered 1 to 186 without gaps.
The test fails when the row lock in `register_participant` is removed.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from courses import registration_services as registrations
from courses.models import Registration, RegistrationStatus
from courses.tests.factories import make_course, make_run
from tests.personas import make_world

PEOPLE = 200
PLACES = 14
AT_ONCE = 40


@pytest.mark.postgresql
def test_it_never_gives_more_places_than_the_run_has_when_200_sign_up_at_once(transactional_db: Any) -> None:
    assert connection.vendor == "postgresql"
    world = make_world()
    run = make_run(
        make_course(world.organisation, world.school, max_participants=PLACES), teacher=world.teacher, capacity=PLACES
    )
    barrier = threading.Barrier(PEOPLE)
    gate = threading.BoundedSemaphore(AT_ONCE)
    errors: list[BaseException] = []

    def sign_up(number: int) -> None:
        try:
            barrier.wait()
            with gate:
                try:
                    registrations.register_participant(
                        run=run, name=f"Deltager {number}", email=f"deltager{number}@example.dk"
                    )
                finally:
                    connections.close_all()
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    rows = list(Registration.objects.filter(run=run).order_by("created_at", "id"))
    confirmed = [r for r in rows if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in rows if r.status == RegistrationStatus.WAITING]
    assert len(rows) == PEOPLE
    assert len(confirmed) == PLACES
    assert len(waiting) == PEOPLE - PLACES
    # Everyone with a place arrived before everyone on the waiting list.
    assert max(r.created_at for r in confirmed) < min(r.created_at for r in waiting)
    assert rows[:PLACES] == confirmed
    # The waiting list is numbered 1..186 in order of arrival, without gaps; ids follow the same order.
    assert [r.waiting_position() for r in waiting] == list(range(1, PEOPLE - PLACES + 1))
    assert [r.pk for r in rows] == sorted(r.pk for r in rows)
