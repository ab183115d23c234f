"""The demo: the recovery school in Aarhus and ARK in Roskilde with courses from the seeds, a full run
with a waiting list, a closed recovery group in district psychiatry with journal notes, a peer café with
headcounts, and an issued certificate – built twice without doubling anything."""

from __future__ import annotations

import pytest
from django.test import Client

from core.demo import build_core
from courses import demo as courses_demo
from courses import feedback_adapter
from courses.models import (
    Certificate,
    Course,
    CourseKind,
    CourseRun,
    JournalNote,
    Registration,
    RegistrationStatus,
    RunStatus,
    Session,
)
from people import demo as people_demo


@pytest.mark.django_db
def test_it_builds_the_courses_of_the_demo_partnership_idempotently() -> None:
    demo = build_core()
    people_demo.build(demo)
    courses_demo.build(demo)
    counts = (Course.objects.count(), CourseRun.objects.count(), Registration.objects.count(), Session.objects.count())
    courses_demo.build(demo)
    assert (
        Course.objects.count(),
        CourseRun.objects.count(),
        Registration.objects.count(),
        Session.objects.count(),
    ) == counts

    titles = set(Course.objects.values_list("versions__title", flat=True))
    assert {"Recovery – hvad er det?", "Håb og drømme", "5 veje til et godt liv", "Livshistoriefortællinger"} <= titles
    assert 4 <= Course.objects.filter(organisation__in=[demo.aarhus, demo.roskilde]).count() <= 6

    full = CourseRun.objects.get(version__title="Håb og drømme")
    assert full.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == full.capacity
    assert full.registrations.filter(status=RegistrationStatus.WAITING).count() == 3

    group = CourseRun.objects.get(course__kind=CourseKind.CLOSED_GROUP)
    assert group.unit == demo.units["clinic"] and group.sessions.count() == 6
    assert group.sessions.first().minutes == 120 and group.team.count() == 2
    assert JournalNote.objects.filter(session__run=group).exists()
    assert JournalNote.objects.filter(session__run=group, filed_at__isnull=False).exists()

    cafe = CourseRun.objects.get(course__kind=CourseKind.DROP_IN)
    assert cafe.sessions.filter(headcount__gt=0).count() == 3

    assert Certificate.objects.filter(registration__run__status=RunStatus.CLOSED).exists()
    finished = CourseRun.objects.get(status=RunStatus.CLOSED, version__title="Livshistoriefortællinger")
    assert finished.evaluation_invitation is not None
    result = feedback_adapter.course_evaluation_result(finished)
    assert result is not None and result.answers == 6
    catalogue = Client().get("/kurser/").text
    assert "Håb og drømme" in catalogue and "Peer Café" in catalogue and "Recoverygruppe" not in catalogue
