"""No peer gets more citizens than places when coordinators confirm at the same moment.

Forty confirmations of forty different waiting citizens for one peer with three places run in their
own threads and database connections, released together by a barrier. Exactly three are confirmed;
the others are refused with "no free places". The test fails when the row lock on the peer in
`confirm_match` is removed.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from referrals import services
from referrals.models import Match, MatchStatus, ReferralStatus
from referrals.tests.factories import make_referral, ready_peer
from tests.personas import make_world

CITIZENS = 40
PLACES = 3


@pytest.mark.postgresql
def test_it_never_gives_a_peer_more_citizens_than_places_when_confirmed_at_once(transactional_db: Any) -> None:
    assert connection.vendor == "postgresql"
    world = make_world()
    peer = ready_peer(world, "Pia", capacity=PLACES)
    referrals = [make_referral(world, f"Borger {n}") for n in range(CITIZENS)]
    barrier = threading.Barrier(CITIZENS)
    refusals: list[str] = []
    errors: list[BaseException] = []

    def confirm(number: int) -> None:
        try:
            barrier.wait()
            try:
                services.confirm_match(actor=world.coordinator, referral=referrals[number], peer=peer)
            except services.ReferralRefused as refusal:
                refusals.append(refusal.code)
            finally:
                connections.close_all()
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=confirm, args=(n,)) for n in range(CITIZENS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Match.objects.filter(peer=peer, status=MatchStatus.PROPOSED).count() == PLACES
    assert refusals == ["no_capacity"] * (CITIZENS - PLACES)
    statuses = [r.status for r in type(referrals[0]).objects.filter(pk__in=[r.pk for r in referrals])]
    assert statuses.count(ReferralStatus.PROPOSED) == PLACES
    assert statuses.count(ReferralStatus.WAITING) == CITIZENS - PLACES
