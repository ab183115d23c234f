"""The coordinator gets one e-mail 30 days before a period ends, so the renewal talk gets booked."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from agreements import services
from agreements.models import AgreementPeriod
from agreements.tasks import renewal_reminders_job
from agreements.tests.helpers import make_agreement, make_peer, world_peer
from core.tasks import daily_jobs, run_daily_jobs_task
from tests.personas import World

D = datetime.date
pytestmark = pytest.mark.django_db


def _run_on(day: str, capture) -> int:
    with time_machine.travel(f"{day} 06:00 +0100", tick=False), capture(execute=True):
        return renewal_reminders_job()


def test_it_is_registered_as_a_daily_job() -> None:
    assert daily_jobs()["agreements.renewal_reminders"] is renewal_reminders_job


def test_it_reminds_the_coordinator_thirty_days_before_the_end_and_only_once(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel("2026-01-01 09:00 +0100", tick=False):
        agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 1, 1))  # ends 30 June
    assert _run_on("2026-05-30", django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert _run_on("2026-05-31", django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.coordinator.email]
    assert "Frivilligaftalen med Peter Testesen udløber den 30. juni 2026" in message.subject
    assert f"/aftaler/{agreement.code}/" in message.body
    assert _run_on("2026-06-01", django_capture_on_commit_callbacks) == 0
    assert _run_on("2026-06-30", django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1
    assert AgreementPeriod.objects.get().reminder_sent_at is not None


def test_it_reminds_again_for_the_next_period_after_a_renewal(world: World, django_capture_on_commit_callbacks) -> None:
    with time_machine.travel("2026-01-01 09:00 +0100", tick=False):
        agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 1, 1))
    _run_on("2026-06-01", django_capture_on_commit_callbacks)
    with time_machine.travel("2026-06-10 09:00 +0100", tick=False):
        services.record_renewal_talk(
            agreement=agreement, held_on=D(2026, 6, 10), outcome="renewed", acting_user=world.coordinator
        )
    assert _run_on("2026-12-01", django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2 and "31. december 2026" in mail.outbox[1].subject


def test_it_catches_up_when_a_day_was_missed(world: World, django_capture_on_commit_callbacks) -> None:
    with time_machine.travel("2026-01-01 09:00 +0100", tick=False):
        make_agreement(world, world_peer(world), starts_on=D(2026, 1, 1))
    assert _run_on("2026-06-15", django_capture_on_commit_callbacks) == 1


def test_it_does_not_remind_about_ended_or_already_talked_about_agreements(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel("2026-01-01 09:00 +0100", tick=False):
        ended = make_agreement(world, world_peer(world), starts_on=D(2026, 1, 1))
        talked = make_agreement(world, make_peer(world, first_name="Anna"), starts_on=D(2026, 1, 1))
    with time_machine.travel("2026-05-20 09:00 +0100", tick=False):
        services.end_agreement(
            agreement=ended, ended_on=D(2026, 6, 30), ended_by="volunteer", acting_user=world.coordinator
        )
        services.record_renewal_talk(
            agreement=talked, held_on=D(2026, 5, 20), outcome="ended", acting_user=world.coordinator
        )
    assert _run_on("2026-06-01", django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_it_writes_to_the_organisations_coordinators_when_the_agreement_names_none(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel("2026-01-01 09:00 +0100", tick=False):
        agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 1, 1))
    agreement.coordinator = None
    agreement.save()
    _run_on("2026-06-01", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]


def test_it_runs_with_the_other_daily_jobs(world: World, django_capture_on_commit_callbacks) -> None:
    with time_machine.travel("2026-01-01 09:00 +0100", tick=False):
        make_agreement(world, world_peer(world), starts_on=D(2026, 1, 1))
    with time_machine.travel("2026-06-01 06:00 +0100", tick=False), django_capture_on_commit_callbacks(execute=True):
        results = run_daily_jobs_task.call()
    assert results["agreements.renewal_reminders"] == "ok: 1"
    assert len([m for m in mail.outbox if m.subject.startswith("Frivilligaftalen med")]) == 1


def test_it_does_not_remind_about_a_peer_who_has_left(world: World, django_capture_on_commit_callbacks) -> None:
    from people.services import end_peer

    with time_machine.travel("2026-01-01 09:00 +0100", tick=False):
        peer = world_peer(world)
        make_agreement(world, peer, starts_on=D(2026, 1, 1))
        staying = make_agreement(world, make_peer(world, first_name="Anna"), starts_on=D(2026, 1, 1))
    with time_machine.travel("2026-05-20 09:00 +0100", tick=False):
        end_peer(peer=peer, reason="Har fået fuldtidsarbejde", ended_on=None, acting_user=world.coordinator)
    assert _run_on("2026-06-01", django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1 and staying.full_name in mail.outbox[0].subject
