"""On PostgreSQL: two coordinators making overlapping agreements for one peer at once — exactly one succeeds.

The peer row lock and the re-check in `create_agreement` decide; the exclusion constraint backs them up.
"""

from __future__ import annotations

import datetime
import threading
import time
from typing import Any

import pytest
from django.db import IntegrityError, connection, connections, transaction

from agreements import periods
from agreements.models import AgreementPeriod
from agreements.services import AgreementError
from agreements.tests.helpers import make_agreement, make_peer
from tests.personas import make_world

D = datetime.date
pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def _race(world: Any, peer: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    real_check = periods.check_no_overlap

    def slow_check(candidate: Any, existing: Any) -> None:
        real_check(candidate, existing)
        time.sleep(0.4)  # widen the window between the check and the write

    monkeypatch.setattr(periods, "check_no_overlap", slow_check)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(start: datetime.date) -> None:
        try:
            barrier.wait()
            make_agreement(world, peer, starts_on=start)
            outcomes.append("made")
        except AgreementError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(d,)) for d in (D(2026, 1, 1), D(2026, 2, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_only_one_of_two_overlapping_agreements_made_at_once_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    world = make_world()
    peer = make_peer(world)
    assert _race(world, peer, monkeypatch) == ["made", "overlap"]
    assert AgreementPeriod.objects.filter(peer=peer).count() == 1


def test_the_lock_alone_keeps_periods_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    world = make_world()
    peer = make_peer(world)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE agreements_agreementperiod DROP CONSTRAINT agreement_period_no_overlap")
    try:
        assert _race(world, peer, monkeypatch) == ["made", "overlap"]
    finally:
        AgreementPeriod.objects.all().delete()  # so the constraint can come back even when the race was lost
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE agreements_agreementperiod ADD CONSTRAINT agreement_period_no_overlap "
                "EXCLUDE USING gist (peer_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&)"
            )


def test_the_database_refuses_overlapping_periods_written_past_the_service() -> None:
    world = make_world()
    peer = make_peer(world)
    agreement = make_agreement(world, peer, starts_on=D(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementPeriod.objects.create(
            agreement=agreement, peer=peer, number=2, starts_on=D(2026, 6, 30), ends_on=D(2026, 12, 31)
        )
    other = make_peer(world, first_name="Anna")
    make_agreement(world, other, starts_on=D(2026, 1, 1))  # the same dates for another peer are fine
    assert AgreementPeriod.objects.count() == 2
