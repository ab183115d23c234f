"""No claim is paid twice and no course ends twice, when two people press the button at once.

Two coordinators export approved transport claims for payment at the same moment: every claim ends up in
exactly one batch. The peer and the citizen end the course at the same moment: it ends once, with one set
of evaluation invitations. Each action runs in its own thread with its own connection, released together
by a barrier. The export test fails when the row lock in `export_claims_for_payment` is removed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from core.models import Role
from feedback.models import Invitation
from support import services
from support.models import ExpenseClaim, PaymentExport
from support.services import SupportError
from support.tests.factories import make_course
from tests.peer_personas import make_peer
from tests.personas import make_member, make_world

TIMES = 8


def _at_once(action: Callable[[int], Any], times: int = TIMES) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(times)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            barrier.wait()
            try:
                results.append(action(number))
            finally:
                connections.close_all()
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.postgresql
def test_it_exports_each_approved_claim_once_when_coordinators_export_at_once(transactional_db: Any) -> None:
    assert connection.vendor == "postgresql"
    world = make_world()
    peer = make_peer(world)
    for day in range(20):
        claim = services.submit_claim(
            actor=None,
            peer=peer,
            travelled_on=timezone.localdate(),
            from_place="Holte",
            to_place=f"Sted {day}",
            km=None,
            amount=Decimal("25.00"),
        )
        services.decide_claim(actor=world.coordinator, claim=claim, approve=True)
    coordinators = [world.coordinator] + [
        make_member(f"k{n}@example.dk", f"K{n}", world.organisation, Role.COORDINATOR) for n in range(TIMES - 1)
    ]

    def export(number: int) -> Any:
        try:
            return services.export_claims_for_payment(actor=coordinators[number], organisation=world.organisation)
        except SupportError as refused:
            return refused.code

    results, errors = _at_once(export)
    assert errors == []
    batches = [r for r in results if isinstance(r, PaymentExport)]
    assert len(batches) == 1
    assert sorted(r for r in results if isinstance(r, str)) == ["nothing_to_export"] * (TIMES - 1)
    assert ExpenseClaim.objects.filter(export=batches[0]).count() == 20


@pytest.mark.postgresql
def test_it_ends_a_course_once_when_both_end_it_at_once(transactional_db: Any) -> None:
    assert connection.vendor == "postgresql"
    world = make_world()
    course = make_course(world)

    def end(number: int) -> str:
        try:
            services.end_course(
                actor=world.peer if number % 2 else world.citizen,
                course=type(course).objects.get(pk=course.pk),
                ended_by="peer" if number % 2 else "citizen",
                reason="completed",
            )
        except SupportError as refused:
            return f"refused: {refused.code}"
        return "done"

    results, errors = _at_once(end, 4)
    assert errors == []
    assert sorted(results) == ["done", "refused: ended", "refused: ended", "refused: ended"]
    assert Invitation.objects.filter(context_code=str(course.code)).count() == 2
