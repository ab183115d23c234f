"""Enrolment under a row lock (docs/concurrency.md): peers enrolled at the same moment never overfill a run.

Runs on PostgreSQL, where select_for_update really locks: BROBYGGER_DB=postgresql pytest -m postgresql.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections

from core.models import Organisation, OrganisationKind
from education import services
from education.errors import EducationRefused
from education.models import EducationModule, Enrolment, ModuleKind
from people.models import Peer

THREADS = 8
PLACES = 2


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_it_never_enrols_more_peers_than_the_run_has_places(transactional_db: Any) -> None:
    assert connection.vendor == "postgresql", "the race test needs PostgreSQL (BROBYGGER_DB=postgresql)"
    organisation = Organisation.objects.create(name="Region Race", kind=OrganisationKind.REGION)
    module = EducationModule.objects.create(organisation=organisation, name="Basismodul", kind=ModuleKind.BASIC)
    run = services.create_run(
        module=module, starts_on=date(2027, 1, 11), ends_on=date(2027, 1, 13), capacity=PLACES, acting_user=None
    )
    peers = [
        Peer.objects.create(organisation=organisation, first_name=f"P{i}", status="active") for i in range(THREADS)
    ]
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def enrol(peer: Peer) -> None:
        try:
            barrier.wait()
            services.enrol_peer(run=run, peer=peer, acting_user=None)
            result = "enrolled"
        except EducationRefused as refusal:
            result = refusal.code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=enrol, args=(peer,)) for peer in peers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Enrolment.objects.filter(run=run).count() == PLACES
    assert sorted(outcomes) == ["enrolled"] * PLACES + ["run_full"] * (THREADS - PLACES)
