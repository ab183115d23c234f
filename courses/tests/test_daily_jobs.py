"""The two daily jobs: the lead hears once when a run is below its minimum before it starts, and names
and contact details are removed after the retention period."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from core.tasks import daily_jobs
from courses import registration_services as registrations
from courses import services
from courses.models import Registration, RunStatus
from courses.tests.factories import future_days, make_course, make_run

pytestmark = pytest.mark.django_db


def test_it_registers_both_daily_jobs():
    assert {"courses.warn_runs_below_minimum", "courses.anonymise_expired_registrations"} <= set(daily_jobs())


def test_it_warns_the_lead_once_when_a_run_is_below_its_minimum_a_week_before(
    world, django_capture_on_commit_callbacks
):
    run = make_run(
        make_course(world.organisation, world.school, min_participants=3),
        teacher=world.teacher,
        days=future_days(2, start_in_days=20),
        min_participants=3,
    )
    registrations.register_participant(run=run, name="Kim", email="kim@example.dk")
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations.warn_runs_below_minimum() == 0  # 20 days before: too early
    six_days_before = run.starts_on - timedelta(days=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations.warn_runs_below_minimum(today=six_days_before) == 1
        assert registrations.warn_runs_below_minimum(today=six_days_before + timedelta(days=1)) == 0  # once
    [message] = mail.outbox
    assert message.to == [world.teacher.email]  # the lead
    assert "1" in message.body and "3" in message.body


def test_it_does_not_warn_about_a_run_that_reached_its_minimum(world, django_capture_on_commit_callbacks):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher, capacity=5, min_participants=1)
    registrations.register_participant(run=run, name="Kim", email="kim@example.dk")
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations.warn_runs_below_minimum(today=run.starts_on - timedelta(days=1)) == 0
    assert mail.outbox == []


def test_it_anonymises_registrations_after_the_retention_period_and_keeps_the_counts(world):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher, days=future_days(1))
    registration = registrations.register_participant(
        run=run, name="Kim Hansen", email="kim@example.dk", perspective="relative"
    )
    with time_machine.travel(run.sessions.get().ends_at + timedelta(hours=1)):
        services.close_run(run=run, acting_user=None)
    assert registrations.anonymise_expired_registrations(today=run.ends_on + timedelta(days=364)) == 0
    assert registrations.anonymise_expired_registrations(today=run.ends_on + timedelta(days=365)) == 1
    registration.refresh_from_db()
    assert (registration.name, registration.email, registration.phone) == ("", "", "")
    assert registration.perspective == "relative" and registration.anonymised_at is not None
    assert str(registration) in ("Anonymiseret deltager", "Anonymised participant")
    assert registrations.registration_from_token(registrations.registration_token(registration)) is None
    assert registrations.anonymise_expired_registrations(today=run.ends_on + timedelta(days=400)) == 0


def test_it_follows_the_programmes_retention_setting(world):
    course = make_course(world.organisation, world.school)
    course.programme.settings = {"registration_retention_days": 30}
    course.programme.save()
    run = make_run(course, teacher=world.teacher, days=future_days(1))
    registrations.register_participant(run=run, name="Kim", email="kim@example.dk")
    run.status = RunStatus.CLOSED
    run.save()
    assert registrations.anonymise_expired_registrations(today=run.ends_on + timedelta(days=30)) == 1
    assert Registration.objects.get(run=run).name == ""
