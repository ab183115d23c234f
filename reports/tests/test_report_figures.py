"""Each figure of the report, computed from small hand-made data in the first quarter of 2026."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from courses.models import Attendance, Certificate, Registration, RegistrationStatus
from courses.tests.factories import make_course as make_school_course
from courses.tests.factories import make_run
from education.models import (
    Attendance as SupervisionAttendance,
)
from education.models import (
    AttendanceStatus,
    CompletionSource,
    EducationModule,
    MeetingKind,
    MeetingSeries,
    ModuleCompletion,
)
from education.models import Meeting as PeerMeeting
from people.models import PeerStatus
from reports.selectors import Figure, Period, report
from reports.tests.helpers import citizen, course, meeting, scope, the_peer, ward_conversation
from support.tests.factories import make_match
from tests.peer_personas import make_peer
from tests.personas import World


def figures(world: World, **kwargs: object) -> dict[str, Figure]:
    return {f.key: f for f in report(scope(world, **kwargs))}  # type: ignore[arg-type]


def value(world: World, key: str, **kwargs: object) -> object:
    return figures(world, **kwargs)[key].value


@pytest.mark.django_db
def test_it_counts_courses_of_support_started_ended_and_ongoing_in_the_period(world: World) -> None:
    course(world, started_on=date(2025, 11, 1))  # before, still running: ongoing, not started
    course(world, started_on=date(2026, 1, 10), ended_on=date(2026, 3, 1))  # started and ended
    course(world, started_on=date(2026, 2, 1), ended_on=date(2026, 5, 1))  # started, ongoing at the end
    course(world, started_on=date(2025, 6, 1), ended_on=date(2025, 12, 1))  # ended before: not in the period
    course(world, started_on=date(2026, 5, 1))  # after
    got = figures(world)
    assert got["support_started"].value == 2
    assert got["support_ended"].value == 1
    assert got["support_ongoing"].value == 2
    assert got["citizens_in_support"].value == 3


@pytest.mark.django_db
def test_it_counts_a_citizen_with_two_courses_once(world: World) -> None:
    mette = citizen(world, "Mette")
    course(world, started_on=date(2026, 1, 5), ended_on=date(2026, 1, 20), who=mette)
    course(world, started_on=date(2026, 2, 5), who=mette)
    assert value(world, "citizens_in_support") == 1
    assert value(world, "support_started") == 2


@pytest.mark.django_db
def test_it_sums_meetings_and_hours_in_the_period_only(world: World) -> None:
    running = course(world, started_on=date(2025, 12, 1))
    meeting(running, date(2025, 12, 20), 120)  # before the period
    meeting(running, date(2026, 1, 15), 60)
    meeting(running, date(2026, 2, 15), 90)
    got = figures(world)
    assert got["meetings"].value == 2
    assert got["meeting_hours"].value == 2.5
    assert got["volunteer_hours"].value == 2.5  # the persona's peer is a volunteer


@pytest.mark.django_db
def test_it_measures_the_wait_from_referral_to_the_first_meeting(world: World, settings: object) -> None:
    settings.FEEDBACK_MINIMUM_GROUP = 2  # type: ignore[attr-defined]
    peer = the_peer(world)
    for first_name, referred, first_meeting in [("Mette", 1, 11), ("Jens", 2, 32)]:
        match = make_match(world, peer, first_name=first_name)
        referred_at = timezone.make_aware(timezone.datetime(2026, 1, referred, 10))
        type(match.referral).objects.filter(pk=match.referral.pk).update(referred_at=referred_at)
        opened = course(world, started_on=date(2026, 1, referred + 1), who=match.referral.citizen, match=match)
        meeting(opened, date(2026, 1, 1) + timedelta(days=first_meeting - 1))
    got = figures(world)
    # Waits of 10 and 30 days.
    assert got["waiting_median_days"].value == 20
    assert got["waiting_mean_days"].value == 20.0


@pytest.mark.django_db
def test_it_does_not_break_down_a_wait_resting_on_fewer_than_the_minimum_group(world: World, settings: object) -> None:
    settings.FEEDBACK_MINIMUM_GROUP = 5  # type: ignore[attr-defined]
    match = make_match(world, the_peer(world))
    opened = course(world, started_on=date(2026, 1, 3), who=match.referral.citizen, match=match)
    type(match.referral).objects.filter(pk=match.referral.pk).update(
        referred_at=timezone.make_aware(timezone.datetime(2026, 1, 1, 10))
    )
    meeting(opened, date(2026, 1, 8))
    got = figures(world)
    assert got["waiting_median_days"].value == 7
    assert got["waiting_median_days"].suppressed


@pytest.mark.django_db
def test_it_says_not_recorded_when_nothing_is_recorded(world: World) -> None:
    got = figures(world)
    for key in ["waiting_median_days", "attendance_rate", "fill_rate", "supervision_attendance"]:
        assert got[key].value is None, key
        assert not got[key].recorded
    assert got["support_started"].value == 0


@pytest.mark.django_db
def test_it_counts_ward_conversations_and_averages_them_per_week(world: World) -> None:
    ward_conversation(world, date(2026, 1, 5), "Anna")
    ward_conversation(world, date(2026, 2, 5), "Bo")
    ward_conversation(world, date(2026, 4, 5), "Carl")  # after the period
    two_weeks = Period(date(2026, 1, 1), date(2026, 1, 14))
    assert value(world, "ward_conversations") == 2
    assert value(world, "ward_conversations", period=two_weeks) == 1
    assert value(world, "ward_conversations_per_week", period=two_weeks) == 0.5
    assert value(world, "ward_conversations", unit=world.school) == 0


@pytest.mark.django_db
def test_it_counts_course_participants_fill_rate_attendance_and_certificates(world: World, settings: Any) -> None:
    settings.FEEDBACK_MINIMUM_GROUP = 3
    school_course = make_school_course(world.organisation, world.school)
    run = make_run(
        school_course, capacity=4, teacher=world.teacher
    )  # published in the future, then moved back into the period
    for offset, held in enumerate(run.sessions.order_by("day")):
        type(held).objects.filter(pk=held.pk).update(day=date(2026, 2, 2) + timedelta(days=7 * offset))
    type(run).objects.filter(pk=run.pk).update(starts_on=date(2026, 2, 2), ends_on=date(2026, 2, 16))
    regs = [
        Registration.objects.create(run=run, name=name, status=RegistrationStatus.CONFIRMED)
        for name in ["Anna", "Bo", "Carl"]
    ]
    Registration.objects.create(run=run, name="Dorte", status=RegistrationStatus.WAITING)
    session = run.sessions.order_by("day").first()
    assert session is not None
    for reg, present in zip(regs, [True, True, False], strict=True):
        Attendance.objects.create(session=session, registration=reg, present=present)
    issued = timezone.make_aware(timezone.datetime(2026, 2, 10, 12))
    Certificate.objects.create(registration=regs[0], issued_at=issued, attended=2, planned=2)
    got = figures(world)
    assert got["course_runs"].value == 1
    assert got["course_participants"].value == 3
    assert got["fill_rate"].value == 75
    assert got["attendance_rate"].value == 67
    assert not got["attendance_rate"].suppressed  # three participants marked: a group of three
    assert got["certificates"].value == 1
    assert value(world, "course_participants", programme=world.programme) == 0


@pytest.mark.django_db
def test_it_counts_active_peers_education_completions_and_supervision_attendance(world: World) -> None:
    active = the_peer(world)
    make_peer(world, user=None, first_name="Ole", status=PeerStatus.ENDED)
    make_peer(world, user=None, first_name="Pia", organisation=world.other_organisation)
    module = EducationModule.objects.create(organisation=world.organisation, name="Grundmodul")
    ModuleCompletion.objects.create(
        peer=active, module=module, completed_on=date(2026, 3, 1), source=CompletionSource.values[0]
    )
    ModuleCompletion.objects.create(
        peer=active,
        module=EducationModule.objects.create(organisation=world.organisation, name="Modul 2"),
        completed_on=date(2025, 3, 1),
        source=CompletionSource.values[0],
    )
    series = MeetingSeries.objects.create(
        organisation=world.organisation,
        programme=world.programme,
        kind=MeetingKind.SUPERVISION,
        title="Supervision",
        weekday=0,
        start_time=timezone.datetime(2026, 1, 1, 16).time(),
        duration_minutes=90,
        starts_on=date(2026, 1, 1),
    )
    supervision = PeerMeeting.objects.create(
        series=series,
        organisation=world.organisation,
        kind=MeetingKind.SUPERVISION,
        on=date(2026, 1, 12),
        starts_at=timezone.make_aware(timezone.datetime(2026, 1, 12, 16)),
        duration_minutes=90,
    )
    other = make_peer(world, user=None, first_name="Eva")
    SupervisionAttendance.objects.create(meeting=supervision, peer=active, status=AttendanceStatus.PRESENT)
    SupervisionAttendance.objects.create(meeting=supervision, peer=other, status=AttendanceStatus.ABSENT)
    got = figures(world)
    assert got["peers_active"].value == 2
    assert got["education_completions"].value == 1
    assert got["supervision_attendance"].value == 50
    # Two peers' attendance is below the default minimum group of five: the page does not show it.
    assert got["supervision_attendance"].suppressed


@pytest.mark.django_db
def test_it_counts_only_the_chosen_programmes_peers(world: World) -> None:
    from core.models import Programme

    other = Programme.objects.create(
        organisation=world.organisation, name="Recoverycafé", model=Programme.Model.PEER_GUIDE
    )
    make_peer(world, user=None, first_name="Ole", programmes=[other])
    make_peer(world, user=None, first_name="Pia", programmes=[world.programme])
    assert value(world, "peers_active") == 2
    assert value(world, "peers_active", programme=other) == 1
