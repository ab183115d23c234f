"""Attendance per session, certificates at 80 % of the planned sessions (once, by e-mail with the PDF),
journal notes with attendance only for closed groups, and headcounts at a drop-in."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
import time_machine
from django.core import mail

from core.models import Programme, Unit, UnitKind
from courses import registration_services as registrations
from courses import services
from courses.attendance_services import (
    attendance_shares,
    complete_attendance,
    file_journal_note,
    issue_certificates,
    record_headcount,
    set_attendance,
)
from courses.errors import CourseRefused
from courses.models import Certificate, CourseKind, JournalNote, TeamRole
from courses.tests.factories import future_days, make_course, make_peer, make_run

pytestmark = pytest.mark.django_db


def _run_with_two(world, capture, sessions: int = 5):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher, days=future_days(sessions))
    with capture(execute=True):
        keen = registrations.register_participant(run=run, name="Kim", email="kim@example.dk")
        busy = registrations.register_participant(run=run, name="Bo", email="bo@example.dk")
    return run, keen, busy


def _after_all(run):
    last = run.sessions.order_by("-day").first()
    return time_machine.travel(last.ends_at + timedelta(hours=1))


def test_it_counts_attendance_as_a_share_of_all_planned_sessions(world, django_capture_on_commit_callbacks):
    run, keen, busy = _run_with_two(world, django_capture_on_commit_callbacks)
    sessions = list(run.sessions.order_by("day"))
    with _after_all(run):
        for session in sessions[:4]:
            set_attendance(session=session, registration=keen, present=True, acting_user=world.teacher)
        for session in sessions[:3]:
            set_attendance(session=session, registration=busy, present=True, acting_user=world.teacher)
        set_attendance(session=sessions[0], registration=busy, present=False, acting_user=world.teacher)
    shares = attendance_shares(run)
    assert (shares[keen.pk].attended, shares[keen.pk].planned) == (4, 5)
    assert (shares[busy.pk].attended, shares[busy.pk].planned) == (2, 5)


def test_it_issues_a_certificate_at_eighty_percent_once_after_the_last_session_and_emails_the_pdf(
    world, django_capture_on_commit_callbacks
):
    run, keen, busy = _run_with_two(world, django_capture_on_commit_callbacks)
    sessions = list(run.sessions.order_by("day"))
    mail.outbox.clear()
    with _after_all(run), django_capture_on_commit_callbacks(execute=True):
        for index, session in enumerate(sessions):
            if index < 4:
                set_attendance(session=session, registration=keen, present=True, acting_user=world.teacher)
            if index < 3:
                set_attendance(session=session, registration=busy, present=True, acting_user=world.teacher)
            issued = complete_attendance(session=session, acting_user=world.teacher)
            if index < 4:
                assert issued == []  # not before the last session is marked
    assert [c.registration for c in issued] == [keen]
    assert Certificate.objects.get(registration=keen).attended == 4
    assert not Certificate.objects.filter(registration=busy).exists()
    [message] = mail.outbox
    assert message.to == ["kim@example.dk"]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF") and name.endswith(".pdf")
    assert Certificate.objects.get(registration=keen).emailed_at is not None
    # Once: marking again or closing the run issues nothing more and sends nothing more.
    with _after_all(run), django_capture_on_commit_callbacks(execute=True):
        assert complete_attendance(session=sessions[-1], acting_user=world.teacher) == []
        services.close_run(run=run, acting_user=world.teacher)
    assert len(mail.outbox) == 1


def test_it_issues_certificates_when_the_run_is_closed(world, django_capture_on_commit_callbacks):
    run, keen, _busy = _run_with_two(world, django_capture_on_commit_callbacks, sessions=2)
    with _after_all(run):
        for session in run.sessions.all():
            set_attendance(session=session, registration=keen, present=True, acting_user=world.teacher)
        with django_capture_on_commit_callbacks(execute=True):
            services.close_run(run=run, acting_user=world.teacher)
    assert Certificate.objects.filter(registration=keen).count() == 1


def test_it_leaves_cancelled_sessions_out_of_the_planned_sessions(world, django_capture_on_commit_callbacks):
    run, keen, _busy = _run_with_two(world, django_capture_on_commit_callbacks)
    sessions = list(run.sessions.order_by("day"))
    services.cancel_session(session=sessions[4], reason="", acting_user=None)
    with _after_all(run):
        for session in sessions[:3]:
            set_attendance(session=session, registration=keen, present=True, acting_user=world.teacher)
        with django_capture_on_commit_callbacks(execute=True):
            issued = issue_certificates(run=run, acting_user=None)
    assert attendance_shares(run)[keen.pk].planned == 4
    assert [c.registration for c in issued] == []  # 3 of 4 is 75 %
    with pytest.raises(CourseRefused) as refused:
        set_attendance(session=sessions[4], registration=keen, present=True, acting_user=world.teacher)
    assert refused.value.code == "session_cancelled"


def test_it_refuses_attendance_before_a_session_begins_and_for_someone_without_a_place(world, open_run):
    registration = registrations.register_participant(run=open_run, name="Kim", email="kim@example.dk")
    session = open_run.sessions.order_by("day").first()
    with pytest.raises(CourseRefused) as early:
        set_attendance(session=session, registration=registration, present=True, acting_user=world.teacher)
    assert early.value.code == "session_not_started"
    registrations.cancel_registration(registration=registration, acting_user=None, by_participant=True)
    registration.refresh_from_db()
    with time_machine.travel(session.starts_at + timedelta(minutes=10)), pytest.raises(CourseRefused) as no_place:
        set_attendance(session=session, registration=registration, present=True, acting_user=world.teacher)
    assert no_place.value.code == "not_a_participant"


def _recovery_group(world):
    clinic = Unit.objects.create(organisation=world.organisation, name="Distriktspsykiatrien", kind=UnitKind.OUTPATIENT)
    course = make_course(
        world.organisation,
        clinic,
        model=Programme.Model.BRIDGE_BUILDERS,
        kind=CourseKind.CLOSED_GROUP,
        title="Recoverygruppe",
    )
    run = make_run(course, capacity=8, days=future_days(6), start=time(10), minutes=None, publish=False)
    for name in ("Pia", "Per"):
        services.add_team_member(
            run=run,
            role=TeamRole.GROUP_PEER,
            peer=make_peer(world.organisation, name),
            is_lead=name == "Pia",
            acting_user=None,
        )
    services.publish_run(run=run, acting_user=None)
    patient = registrations.register_participant(
        run=run, name="Jens Jensen", phone="11223344", by_referral=True, acting_user=world.key_person
    )
    return run, patient


def test_it_makes_a_journal_note_with_attendance_only_for_a_district_psychiatry_group(world):
    run, patient = _recovery_group(world)
    session = run.sessions.order_by("day").first()
    assert session.minutes == 120
    with time_machine.travel(session.starts_at + timedelta(minutes=30)):
        set_attendance(session=session, registration=patient, present=True, acting_user=world.peer)
    note = JournalNote.objects.get(registration=patient, session=session)
    assert note.text == f"Deltog i recoverygruppe {session.day:%d.%m.%Y}"
    with time_machine.travel(session.starts_at + timedelta(minutes=30)):
        set_attendance(session=session, registration=patient, present=False, acting_user=world.peer)
    assert not JournalNote.objects.filter(registration=patient).exists()


def test_it_keeps_a_filed_journal_note_and_asks_for_the_journal_to_be_corrected_first(world):
    run, patient = _recovery_group(world)
    session = run.sessions.order_by("day").first()
    with time_machine.travel(session.starts_at + timedelta(minutes=30)):
        set_attendance(session=session, registration=patient, present=True, acting_user=world.peer)
        note = JournalNote.objects.get(registration=patient)
        file_journal_note(note=note, acting_user=world.key_person)
        with pytest.raises(CourseRefused) as refused:
            set_attendance(session=session, registration=patient, present=False, acting_user=world.peer)
    assert refused.value.code == "journal_note_filed"
    with pytest.raises(CourseRefused):
        file_journal_note(note=note, acting_user=world.key_person)


def test_it_makes_no_journal_notes_for_an_open_course(world, open_run):
    registration = registrations.register_participant(run=open_run, name="Kim", email="kim@example.dk")
    session = open_run.sessions.order_by("day").first()
    with time_machine.travel(session.starts_at + timedelta(minutes=10)):
        set_attendance(session=session, registration=registration, present=True, acting_user=world.teacher)
    assert not JournalNote.objects.exists()


def test_it_records_a_headcount_and_optional_names_at_a_drop_in(world):
    cafe = make_course(world.organisation, world.ward, model=Programme.Model.BRIDGE_BUILDERS, kind=CourseKind.DROP_IN)
    run = make_run(cafe, capacity=None, publish=False, days=future_days(1), minutes=120)
    session = run.sessions.get()
    with time_machine.travel(session.starts_at + timedelta(minutes=90)):
        record_headcount(session=session, headcount=7, names=["Ida", " ", "Ole"], acting_user=world.peer)
        with pytest.raises(CourseRefused) as refused:
            record_headcount(session=session, headcount=1, names=["Ida", "Ole"], acting_user=world.peer)
    session.refresh_from_db()
    assert (session.headcount, session.visitor_names) == (7, ["Ida", "Ole"])
    assert refused.value.code == "more_names_than_people"
