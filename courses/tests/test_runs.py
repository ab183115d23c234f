"""Runs: sessions with the programme's default length, clashes of rooms and teachers, the teaching team's
balance rule, qualified peer teachers only, preparation time, publishing and cancelling."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from django.core import mail

from core.models import Programme, Unit, UnitKind
from courses import registration_services as registrations
from courses import selectors, services
from courses.errors import CourseRefused
from courses.models import CourseKind, RunStatus, SessionStatus, TeamRole
from courses.tests.factories import (
    future_days,
    make_course,
    make_peer,
    make_run,
    qualify_as_peer_teacher,
)
from people.models import PeerKind

pytestmark = pytest.mark.django_db


def test_it_plans_sessions_of_the_programmes_usual_length(world):
    course = make_course(world.organisation, world.school)
    run = services.create_run(course=course, acting_user=None)
    sessions = services.add_sessions(
        run=run, days=future_days(2), start=time(13), minutes=None, room=None, acting_user=None
    )
    assert [s.minutes for s in sessions] == [180, 180]  # recovery school: 3 hours
    group = make_course(
        world.organisation, world.ward, model=Programme.Model.BRIDGE_BUILDERS, kind=CourseKind.CLOSED_GROUP
    )
    group_run = services.create_run(course=group, acting_user=None)
    [session] = services.add_sessions(
        run=group_run, days=future_days(1), start=time(10), minutes=None, room=None, acting_user=None
    )
    assert session.minutes == 120  # district-psychiatry groups: 2 hours


def test_it_offers_a_recovery_group_six_weekly_sessions_on_its_four_themes(client, world):
    from django.urls import reverse

    from tests.personas import login

    group = make_course(
        world.organisation, world.ward, model=Programme.Model.BRIDGE_BUILDERS, kind=CourseKind.CLOSED_GROUP
    )
    group_run = services.create_run(course=group, acting_user=None)
    school_run = services.create_run(course=make_course(world.organisation, world.school), acting_user=None)
    login(client, world.coordinator)
    group_form = client.get(reverse("courses:session_series", kwargs={"code": group_run.code})).text
    school_form = client.get(reverse("courses:session_series", kwargs={"code": school_run.code})).text
    assert 'name="count" value="6"' in group_form
    for theme in (
        "Min vej til recovery",
        "Hverdagen med en psykisk sygdom",
        "Hvad drømmer du om?",
        "Fordomme og forventninger",
    ):
        assert theme in group_form and theme not in school_form
    assert 'name="count" value="6"' not in school_form


def test_it_keeps_the_runs_dates_in_step_with_its_sessions(world):
    course = make_course(world.organisation, world.school)
    run = services.create_run(course=course, acting_user=None)
    days = future_days(3)
    sessions = services.add_sessions(run=run, days=days, start=time(13), minutes=None, room=None, acting_user=None)
    assert (run.starts_on, run.ends_on) == (days[0], days[2])
    services.cancel_session(session=sessions[0], reason="Sygdom", acting_user=None)
    run.refresh_from_db()
    assert run.starts_on == days[1]


def test_it_refuses_a_room_that_is_already_booked_and_says_by_whom(world):
    first = make_run(make_course(world.organisation, world.school, title="Håb og drømme"), teacher=world.teacher)
    other = services.create_run(course=make_course(world.organisation, world.school), room="Lokale 1", acting_user=None)
    with pytest.raises(CourseRefused) as refused:
        services.add_sessions(
            run=other, days=[first.starts_on], start=time(14), minutes=60, room=None, acting_user=None
        )
    assert refused.value.code == "room_clash"
    assert "Håb og drømme" in refused.value.message
    assert other.sessions.count() == 0  # nothing half-saved


def test_it_refuses_a_teacher_in_two_places_at_once(world):
    first = make_run(make_course(world.organisation, world.school, title="Håb og drømme"), teacher=world.teacher)
    other = services.create_run(course=make_course(world.organisation, world.school), room="Lokale 2", acting_user=None)
    services.add_sessions(run=other, days=[first.starts_on], start=time(15), minutes=60, room=None, acting_user=None)
    with pytest.raises(CourseRefused) as refused:
        services.add_team_member(run=other, role=TeamRole.PROFESSIONAL, user=world.teacher, acting_user=None)
    assert refused.value.code == "teacher_clash"
    assert not other.team.exists()


def test_it_lets_only_qualified_peers_be_peer_teachers(world):
    run = services.create_run(course=make_course(world.organisation, world.school), acting_user=None)
    peer = make_peer(world.organisation)
    with pytest.raises(CourseRefused) as refused:
        services.add_team_member(run=run, role=TeamRole.PEER_TEACHER, peer=peer, acting_user=None)
    assert refused.value.code == "peer_teacher_not_qualified"
    assert "Kun kvalificerede peers kan være peer-undervisere" in refused.value.message
    qualify_as_peer_teacher(peer)
    member = services.add_team_member(run=run, role=TeamRole.PEER_TEACHER, peer=peer, acting_user=None)
    assert member.name == "Pia Peersen"


def test_it_publishes_a_recovery_school_run_only_with_a_peer_teacher_and_a_professional(world):
    course = make_course(world.organisation, world.school)
    services.record_quality_checklist(course=course, facilitators="x", answers={}, acting_user=None)
    run = services.create_run(course=course, acting_user=None)
    services.add_sessions(run=run, days=future_days(1), start=time(13), minutes=None, room=None, acting_user=None)
    services.add_team_member(run=run, role=TeamRole.PROFESSIONAL, user=world.teacher, is_lead=True, acting_user=None)
    with pytest.raises(CourseRefused) as refused:
        services.publish_run(run=run, acting_user=None)
    assert refused.value.code == "team_unbalanced"
    assert "mangler en peer-underviser" in refused.value.message
    peer = make_peer(world.organisation)
    qualify_as_peer_teacher(peer)
    services.add_team_member(run=run, role=TeamRole.PEER_TEACHER, peer=peer, acting_user=None)
    assert services.publish_run(run=run, acting_user=None).status == RunStatus.PUBLISHED


def test_it_asks_ark_for_a_facilitator_with_dual_competence_and_a_named_lead(world):
    course = make_course(world.organisation, world.school, model=Programme.Model.ARK)
    run = services.create_run(course=course, acting_user=None)
    services.add_team_member(run=run, role=TeamRole.PROFESSIONAL, user=world.teacher, acting_user=None)
    codes = [p.code for p in selectors.team_problems_for(run)]
    assert codes == ["no_lead", "missing_dual_competence"]
    paid = make_peer(world.organisation, "Palle")
    with pytest.raises(CourseRefused) as refused:
        services.add_team_member(run=run, role=TeamRole.DUAL_COMPETENCE, peer=paid, acting_user=None)
    assert refused.value.code == "not_dual_competence"
    dual = make_peer(world.organisation, "Dorte", kind=PeerKind.DUAL_COMPETENCE)
    services.add_team_member(run=run, role=TeamRole.DUAL_COMPETENCE, peer=dual, is_lead=True, acting_user=None)
    assert selectors.team_problems_for(run) == []


def test_it_moves_the_lead_when_another_is_named_lead(world):
    run = services.create_run(course=make_course(world.organisation, world.school), acting_user=None)
    first = services.add_team_member(
        run=run, role=TeamRole.PROFESSIONAL, user=world.teacher, is_lead=True, acting_user=None
    )
    second = services.add_team_member(
        run=run, role=TeamRole.PROFESSIONAL, user=world.coordinator, is_lead=True, acting_user=None
    )
    first.refresh_from_db()
    assert (first.is_lead, second.is_lead) == (False, True)


def test_it_estimates_preparation_three_to_one_for_a_new_course_and_one_to_one_after(world):
    course = make_course(world.organisation, world.school, model=Programme.Model.ARK)
    first = services.create_run(course=course, acting_user=None)
    services.add_sessions(run=first, days=future_days(2), start=time(13), minutes=None, room=None, acting_user=None)
    prep = selectors.preparation_for(first)
    assert (prep.teaching_hours, prep.preparation_hours, prep.new_course) == (Decimal(6), Decimal("18.0"), True)
    first.status = RunStatus.PUBLISHED
    first.save()
    later = services.create_run(course=course, room="Lokale 9", acting_user=None)
    services.add_sessions(
        run=later, days=future_days(2, start_in_days=60), start=time(13), minutes=None, room=None, acting_user=None
    )
    prep = selectors.preparation_for(later)
    assert (prep.preparation_hours, prep.new_course) == (Decimal("6.0"), False)


def test_it_refuses_to_publish_without_sessions_or_with_a_first_session_in_the_past(world):
    course = make_course(world.organisation, world.school)
    run = services.create_run(course=course, acting_user=None)
    with pytest.raises(CourseRefused) as refused:
        services.publish_run(run=run, acting_user=None)
    assert refused.value.code == "no_sessions"


def test_it_tells_participants_when_a_session_is_cancelled(world, open_run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registrations.register_participant(run=open_run, name="Mette", email="mette@example.dk")
    mail.outbox.clear()
    session = open_run.sessions.first()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session, reason="Underviseren er syg.", acting_user=None)
    assert session.status == SessionStatus.CANCELLED
    assert [m.to for m in mail.outbox] == [["mette@example.dk"]]
    assert "aflyst" in mail.outbox[0].subject.lower()


def test_it_tells_everyone_when_the_run_is_cancelled(world, open_run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registrations.register_participant(run=open_run, name="Mette", email="mette@example.dk")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_run(run=open_run, reason="For få tilmeldte", acting_user=world.coordinator)
    assert open_run.status == RunStatus.CANCELLED
    assert len(mail.outbox) == 1


def test_it_refuses_fewer_places_than_people_who_have_one_and_fills_new_places_from_the_queue(
    world, django_capture_on_commit_callbacks
):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher, capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        registrations.register_participant(run=run, name="A", email="a@example.dk")
        registrations.register_participant(run=run, name="B", email="b@example.dk")
        waiting = registrations.register_participant(run=run, name="C", email="c@example.dk")
    with pytest.raises(CourseRefused) as refused:
        services.update_run(run=run, unit=run.unit, room="", capacity=1, min_participants=None, acting_user=None)
    assert refused.value.code == "capacity_below_confirmed"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_run(run=run, unit=run.unit, room="", capacity=3, min_participants=None, acting_user=None)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert [m.to for m in mail.outbox] == [["c@example.dk"]]


def test_it_places_a_run_at_another_unit_of_the_organisation_only(world):
    course = make_course(world.organisation, world.school)
    elsewhere = Unit.objects.create(
        organisation=world.other_organisation, name="Fremmed", kind=UnitKind.RECOVERY_SCHOOL
    )
    with pytest.raises(CourseRefused):
        services.create_run(course=course, unit=elsewhere, acting_user=None)
