"""The peers' reminders (agreement renewal, education deadline, overdue follow-up) are sent by the task worker:
the daily scheduler enqueues the daily jobs in the database queue and `db_worker` runs them, on a frozen clock."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from agreements.tests.helpers import make_agreement
from core.tasks import enqueue_daily_jobs_once
from education.tests.helpers import set_up
from tests.peer_personas import make_peer
from tests.personas import World, make_world


@pytest.fixture
def committed_world(transactional_db: Any) -> World:
    """The worker commits and closes its connections as in production, so the test data is committed too."""
    return make_world()


def _worker() -> None:
    """What `manage.py db_worker` does in production: run everything waiting in the database queue."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_the_worker_sends_the_renewal_deadline_and_follow_up_reminders_on_their_day(
    committed_world: World, settings: Any
) -> None:
    world = committed_world
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    set_up(world)  # the basic module is mandatory: its deadline is a year after the start
    peter = make_peer(world, started_at=date(2026, 7, 30))  # a peer guide: deadline 30.07.2027, follow-ups due
    with time_machine.travel("2027-01-01 09:00 +0100", tick=False):
        make_agreement(world, peter, starts_on=date(2027, 1, 1))  # the first half-year ends 30.06.2027

    with time_machine.travel("2027-05-30 06:00 +0200", tick=False):
        assert enqueue_daily_jobs_once()
        assert mail.outbox == []  # enqueued, not yet run: the worker does the work
        _worker()  # the daily jobs enqueue the e-mails
        _worker()  # ... which the worker sends
    assert [(m.subject, m.to) for m in mail.outbox] == [("En peer venter på opfølgning", [world.coordinator.email])]
    assert "Peter" in mail.outbox[0].body  # overdue since 13.08.2026; no renewal yet, 31 days before the end

    mail.outbox.clear()
    with time_machine.travel("2027-05-31 06:00 +0200", tick=False):
        assert enqueue_daily_jobs_once()
        assert not enqueue_daily_jobs_once()  # once a day, however many schedulers ask
        _worker()
        _worker()
    subjects = [m.subject for m in mail.outbox]
    assert any("Frivilligaftalen med Peter Testesen udløber den 30. juni 2027" in s for s in subjects), subjects
    assert any("60 dage" in s for s in subjects), subjects
    assert "En peer venter på opfølgning" not in subjects  # the overdue spell was already reported
