"""Registration: a place or the waiting list, nobody twice, no past or closed runs, cancellation by the
signed link that moves the first waiting up and tells them, SMS recorded honestly, minimal data."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import Programme
from courses import notify
from courses import registration_services as registrations
from courses.errors import CourseRefused
from courses.models import (
    Channel,
    CourseKind,
    Notification,
    NotificationKind,
    Registration,
    RegistrationStatus,
)
from courses.tests.factories import make_course, make_run

pytestmark = pytest.mark.django_db


def _register(run, name, email="", phone="", **kw):
    return registrations.register_participant(run=run, name=name, email=email, phone=phone, **kw)


def test_it_gives_places_until_the_run_is_full_then_the_waiting_list(world, django_capture_on_commit_callbacks):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher, capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first = _register(run, "Anna", "anna@example.dk", perspective="relative")
        second = _register(run, "Bo", "bo@example.dk", perspective="staff")
        third = _register(run, "Carla", "carla@example.dk")
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waiting"]
    assert third.waiting_position() == 1
    assert run.places_left() == 0
    assert [m.to[0] for m in mail.outbox] == ["anna@example.dk", "bo@example.dk", "carla@example.dk"]
    assert "/kurser/tilmelding/" in mail.outbox[2].body


def test_it_refuses_the_same_email_or_phone_twice_on_a_run_and_changes_nothing(world, open_run):
    _register(open_run, "Anna", "Anna@Example.dk")
    _register(open_run, "Bo", phone="+45 12 34 56 78")
    with pytest.raises(CourseRefused) as by_email:
        _register(open_run, "Anna igen", "anna@example.dk")
    with pytest.raises(CourseRefused) as by_phone:
        _register(open_run, "Bo igen", phone="12345678")
    assert by_email.value.code == by_phone.value.code == "already_registered"
    assert Registration.objects.filter(run=open_run).count() == 2


def test_it_holds_the_one_registration_per_person_rule_in_the_database(world, open_run):
    first = _register(open_run, "Anna", "anna@example.dk")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            run=open_run, name="Kopi", email_key=first.email_key, status=RegistrationStatus.WAITING
        )


def test_it_lets_someone_sign_up_again_after_cancelling(world, open_run):
    first = _register(open_run, "Anna", "anna@example.dk")
    registrations.cancel_registration(registration=first, acting_user=None, by_participant=True)
    again = _register(open_run, "Anna", "anna@example.dk")
    assert again.status == RegistrationStatus.CONFIRMED


def test_it_refuses_a_run_that_has_started(world):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher)
    first = run.sessions.order_by("day").first()
    with time_machine.travel(first.starts_at + timedelta(minutes=5)), pytest.raises(CourseRefused) as refused:
        _register(run, "Sen", "sen@example.dk")
    assert refused.value.code == "run_past"
    assert "allerede begyndt" in refused.value.message


def test_it_takes_no_registration_for_a_draft_or_a_drop_in(world):
    draft = make_run(make_course(world.organisation, world.school), teacher=world.teacher, publish=False)
    with pytest.raises(CourseRefused) as not_open:
        _register(draft, "Anna", "anna@example.dk")
    assert not_open.value.code == "run_not_open"
    cafe = make_course(world.organisation, world.ward, model=Programme.Model.BRIDGE_BUILDERS, kind=CourseKind.DROP_IN)
    cafe_run = make_run(cafe, capacity=None, publish=False)
    with pytest.raises(CourseRefused) as drop_in:
        _register(cafe_run, "Anna", "anna@example.dk")
    assert drop_in.value.code == "drop_in"


def test_it_takes_closed_groups_by_referral_only(world):
    group = make_course(
        world.organisation, world.ward, model=Programme.Model.BRIDGE_BUILDERS, kind=CourseKind.CLOSED_GROUP
    )
    run = make_run(group, capacity=8, publish=False)
    with pytest.raises(CourseRefused) as refused:
        _register(run, "Per", "per@example.dk")
    assert refused.value.code == "closed_group"
    referred = _register(run, "Per", phone="22334455", by_referral=True, acting_user=world.key_person)
    assert referred.by_referral and referred.status == RegistrationStatus.CONFIRMED


def test_it_needs_only_a_name_and_one_way_of_contact(world, open_run):
    with pytest.raises(CourseRefused) as no_contact:
        _register(open_run, "Anna")
    assert no_contact.value.code == "contact_missing"
    with pytest.raises(CourseRefused) as no_name:
        _register(open_run, " ", "x@example.dk")
    assert no_name.value.code == "name_missing"
    kept = {f.name for f in Registration._meta.get_fields()}
    assert not {"cpr", "address", "birth_date", "citizen"} & kept


def test_it_moves_the_first_waiting_up_when_someone_cancels_and_tells_them(world, django_capture_on_commit_callbacks):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        holder = _register(run, "Anna", "anna@example.dk")
        first_waiting = _register(run, "Bo", "bo@example.dk")
        second_waiting = _register(run, "Carla", "carla@example.dk")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registrations.cancel_registration(registration=holder, acting_user=None, by_participant=True)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.CONFIRMED and first_waiting.promoted_at is not None
    assert second_waiting.waiting_position() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.dk", "bo@example.dk"]
    promoted = next(m for m in mail.outbox if m.to == ["bo@example.dk"])
    assert "plads" in promoted.subject.lower()


def test_it_does_not_promote_anyone_when_someone_on_the_waiting_list_cancels(world):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher, capacity=1)
    _register(run, "Anna", "anna@example.dk")
    waiting = _register(run, "Bo", "bo@example.dk")
    last = _register(run, "Carla", "carla@example.dk")
    registrations.cancel_registration(registration=waiting, acting_user=None, by_participant=True)
    last.refresh_from_db()
    assert last.status == RegistrationStatus.WAITING and last.waiting_position() == 1


def test_it_refuses_to_cancel_twice(world, open_run):
    registration = _register(open_run, "Anna", "anna@example.dk")
    registrations.cancel_registration(registration=registration, acting_user=None, by_participant=True)
    with pytest.raises(CourseRefused) as refused:
        registrations.cancel_registration(registration=registration, acting_user=None, by_participant=True)
    assert refused.value.code == "already_cancelled"


def test_it_records_sms_honestly_as_not_sent_without_a_gateway(
    world, open_run, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.INFO, logger="courses.notify"), django_capture_on_commit_callbacks(execute=True):
        registration = _register(open_run, "Ole", phone="22 33 44 55")
    assert registration.channel == Channel.SMS
    note = Notification.objects.get(registration=registration)
    assert (note.channel, note.kind, note.delivered) == (Channel.SMS, NotificationKind.CONFIRMED, False)
    assert "no SMS gateway" in caplog.text
    assert "22 33 44 55" not in caplog.text  # the number is masked in the log
    assert "/kurser/tilmelding/" not in caplog.text  # and the link that works without login is left out
    assert mail.outbox == []


def test_it_sends_sms_through_a_gateway_when_one_is_plugged_in(world, open_run, django_capture_on_commit_callbacks):
    sent: list[tuple[str, str]] = []
    notify.set_sms_sender(lambda phone, text: sent.append((phone, text)) is None)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            registration = _register(open_run, "Ole", phone="22334455")
    finally:
        notify.set_sms_sender(None)
    assert sent and sent[0][0] == "22334455"
    assert Notification.objects.get(registration=registration).delivered is True


def test_it_finds_a_registration_only_by_a_correctly_signed_token(world, open_run):
    registration = _register(open_run, "Anna", "anna@example.dk")
    token = registrations.registration_token(registration)
    assert registrations.registration_from_token(token) == registration
    assert registrations.registration_from_token(token[:-2] + "xx") is None
    assert registrations.registration_from_token(str(registration.code)) is None


def test_it_registers_staff_on_equal_terms(world, open_run):
    staff = _register(open_run, "Karin", world.coordinator.email, perspective="staff", user=world.coordinator)
    citizen = _register(open_run, "Birgit", "borger@example.dk", perspective="citizen")
    assert staff.status == citizen.status == RegistrationStatus.CONFIRMED
    assert staff.user == world.coordinator


def test_it_keeps_arrival_order_on_the_waiting_list(world):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher, capacity=1)
    _register(run, "Anna", "anna@example.dk")
    start = timezone.now()
    queue = []
    for i in range(4):
        with time_machine.travel(start + timedelta(seconds=i), tick=False):
            queue.append(_register(run, f"P{i}", f"p{i}@example.dk"))
    assert [r.waiting_position() for r in queue] == [1, 2, 3, 4]
    assert list(Registration.objects.filter(run=run).waiting()) == queue
