"""Daily jobs of the people app, run by the task worker on a frozen clock: retention of applications, pauses."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail

from core import retention
from core.models import AuditEntry, AuditKind, Programme
from core.tasks import daily_jobs, enqueue_daily_jobs_once
from people import recruitment, services
from people.models import Interview, PeerApplication
from tests.peer_personas import make_application, make_peer
from tests.personas import World

DECIDED = "2026-01-10 10:00 +0100"


def _run_daily_jobs_on(day: date, capture: Any) -> None:
    with time_machine.travel(f"{day.isoformat()} 06:00 +0100", tick=False), capture(execute=True):
        assert enqueue_daily_jobs_once()


def test_it_registers_its_daily_jobs_and_its_retention_purge() -> None:
    assert {"core.retention", "people.remind_pause_returns"} <= set(daily_jobs())
    assert "people.delete_expired_applications" not in daily_jobs()  # purged only by the retention job
    assert "people.peer_applications" in {t.key for t in retention.registered()}


@pytest.mark.django_db
def test_it_deletes_declined_and_withdrawn_applications_after_180_days_and_audits_it(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(DECIDED, tick=False):
        declined = make_application(world, first_name="Dorte")
        withdrawn = make_application(world, first_name="Willy")
        offered = make_application(world, first_name="Olga")
        make_application(world, first_name="Vera")
        recruitment.record_interview(application=declined, held_on=date(2026, 1, 9), notes="", acting_user=None)
        recruitment.decline_application(application=declined, acting_user=world.coordinator, notify_applicant=False)
        recruitment.withdraw_application(application=withdrawn, acting_user=world.coordinator)
        recruitment.offer_place(application=offered, acting_user=world.coordinator)
    decided_on = date(2026, 1, 10)

    _run_daily_jobs_on(decided_on + timedelta(days=179), django_capture_on_commit_callbacks)
    assert PeerApplication.objects.count() == 4

    _run_daily_jobs_on(decided_on + timedelta(days=181), django_capture_on_commit_callbacks)
    assert set(PeerApplication.objects.values_list("first_name", flat=True)) == {"Olga", "Vera"}
    assert not Interview.objects.exists()
    deleted = AuditEntry.objects.filter(kind=AuditKind.DELETE, action="people.application.deleted")
    assert {e.subject_code for e in deleted} == {str(declined.code), str(withdrawn.code)}
    assert all("Dorte" not in str(e.data) for e in deleted)
    purges = AuditEntry.objects.filter(
        action="core.retention.purged", data__type="people.peer_applications", organisation=world.organisation
    ).order_by("at")
    assert [(p.kind, p.data["deleted"], p.data["retention_days"]) for p in purges] == [
        (AuditKind.DELETE, 0, 180),
        (AuditKind.DELETE, 2, 180),
    ]


@pytest.mark.django_db
def test_it_takes_the_retention_period_from_the_settings(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PEER_APPLICATION_RETENTION_DAYS = 30
    with time_machine.travel(DECIDED, tick=False):
        application = make_application(world)
        recruitment.decline_application(application=application, acting_user=None, notify_applicant=False)
    _run_daily_jobs_on(date(2026, 2, 10), django_capture_on_commit_callbacks)
    assert not PeerApplication.objects.exists()


@pytest.mark.django_db
def test_it_deletes_earlier_for_an_organisation_with_a_shorter_period_only(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    other_programme = Programme.objects.create(
        organisation=world.other_organisation, name="Peers i Nabokommunen", model=world.programme.model
    )
    retention.set_retention_periods(
        organisation=world.organisation, acting_user=world.administrator, periods={"people.peer_applications": 30}
    )
    with time_machine.travel(DECIDED, tick=False):
        ours = make_application(world, first_name="Vores")
        theirs = make_application(world, programme=other_programme, first_name="Deres")
        for application in (ours, theirs):
            recruitment.decline_application(application=application, acting_user=None, notify_applicant=False)
    _run_daily_jobs_on(date(2026, 2, 10), django_capture_on_commit_callbacks)
    assert list(PeerApplication.objects.values_list("first_name", flat=True)) == ["Deres"]
    purge = AuditEntry.objects.get(
        action="core.retention.purged", data__type="people.peer_applications", organisation=world.organisation
    )
    assert purge.data == {"type": "people.peer_applications", "retention_days": 30, "deleted": 1}


@pytest.mark.django_db
def test_it_reminds_the_coordinators_once_when_a_paused_peer_is_due_back(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    back = date(2026, 3, 2)
    with time_machine.travel("2026-02-01 10:00 +0100", tick=False):
        peer = make_peer(world, user=None, first_name="Ida")
        services.pause_peer(peer=peer, reason="Ferie", expected_return=back, acting_user=world.coordinator)

    _run_daily_jobs_on(back - timedelta(days=1), django_capture_on_commit_callbacks)
    assert mail.outbox == []
    _run_daily_jobs_on(back, django_capture_on_commit_callbacks)
    [reminder] = mail.outbox
    assert reminder.to == [world.coordinator.email]
    assert "Ida" in reminder.subject and "02.03.2026" in reminder.body and "Ferie" not in reminder.body
    _run_daily_jobs_on(back + timedelta(days=1), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
