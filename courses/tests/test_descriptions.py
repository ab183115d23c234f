"""Course descriptions in the template's fields, in versions; the quality checklist before the first run."""

from __future__ import annotations

from datetime import time

import pytest

from courses import services
from courses.errors import CourseRefused
from courses.models import CourseVersion, RunStatus
from courses.tests.factories import description, make_course, make_run

pytestmark = pytest.mark.django_db


def test_it_keeps_every_field_of_the_course_description_template(world):
    course = make_course(
        world.organisation,
        world.school,
        target_group="Kun for pårørende",
        methods="Oplæg og øvelser; lidt hjemmearbejde",
        literature="Den personlige arbejdsbog",
        season="spring",
        weeks=6,
        min_participants=8,
        max_participants=14,
        evaluation="Sessionsfeedback efter hver gang",
    )
    version = course.latest_version()
    assert version.number == 1
    assert version.learning_goals[0] == "Kendskab til recovery"
    assert version.facilitators[0]["name"] == "Tove Testesen"  # the lead first
    assert (version.season, version.weeks, version.min_participants, version.max_participants) == ("spring", 6, 8, 14)
    assert version.target_group == "Kun for pårørende"


@pytest.mark.parametrize("goals", [["Ét mål", "To mål"], ["1", "2", "3", "4", "5", "6"]])
def test_it_asks_for_three_to_five_learning_goals(world, goals):
    with pytest.raises(CourseRefused) as refused:
        make_course(world.organisation, world.school, learning_goals=goals)
    assert refused.value.code == "learning_goals_count"
    assert refused.value.field == "learning_goals"


def test_it_refuses_a_minimum_above_the_maximum(world):
    with pytest.raises(CourseRefused) as refused:
        make_course(world.organisation, world.school, min_participants=10, max_participants=8)
    assert refused.value.code == "min_above_max"


def test_it_changes_a_description_in_place_while_no_run_is_published(world):
    course = make_course(world.organisation, world.school)
    version = services.update_description(course=course, description=description(title="Nyt navn"), acting_user=None)
    assert version.number == 1
    assert CourseVersion.objects.filter(course=course).count() == 1
    assert course.latest_version().title == "Nyt navn"


def test_it_keeps_the_version_a_published_run_was_published_with(world):
    course = make_course(world.organisation, world.school)
    published = make_run(course, teacher=world.teacher)
    draft = services.create_run(course=course, acting_user=None)
    version = services.update_description(course=course, description=description(title="Version to"), acting_user=None)
    published.refresh_from_db()
    draft.refresh_from_db()
    assert version.number == 2
    assert published.version.number == 1
    assert published.version.title == "Recovery – hvad er det?"
    assert draft.version == version  # a draft follows the newest description


def test_it_asks_for_the_quality_checklist_before_the_first_run_only(world):
    course = make_course(world.organisation, world.school)
    run = make_run(course, teacher=world.teacher, publish=False)
    with pytest.raises(CourseRefused) as refused:
        services.publish_run(run=run, acting_user=None)
    assert refused.value.code == "quality_checklist_missing"
    services.record_quality_checklist(
        course=course,
        facilitators="Tove og Pia",
        answers={"development.both_perspectives": {"ok": True, "comment": "Vi supplerer hinanden"}},
        acting_user=world.coordinator,
    )
    services.publish_run(run=run, acting_user=None)
    second = make_run(course, teacher=world.teacher, publish=False, start=time(9))
    course.quality_checklists.all().delete()
    services.publish_run(run=second, acting_user=None)  # not the first run any more
    second.refresh_from_db()
    assert second.status == RunStatus.PUBLISHED


def test_it_starts_a_new_description_from_the_programmes_places_and_session_length(client, world):
    from django.urls import reverse

    from core.models import Programme
    from courses.tests.factories import school_programme
    from tests.personas import login

    group_programme = school_programme(world.organisation, Programme.Model.BRIDGE_BUILDERS)
    school = school_programme(world.organisation, Programme.Model.RECOVERY_SCHOOL)
    login(client, world.coordinator)
    url = reverse("courses:course_create")
    listing = client.get(reverse("courses:course_list")).text
    group_form = client.get(f"{url}?program={group_programme.code}").text
    school_form = client.get(f"{url}?program={school.code}").text
    assert f"?program={group_programme.code}" in listing and f"?program={school.code}" in listing
    # District-psychiatry groups: 6–8 participants, 2-hour sessions; the recovery school: 8–12, 3 hours.
    assert 'name="description-min_participants" value="6"' in group_form
    assert 'name="description-max_participants" value="8"' in group_form
    assert 'name="description-hours_per_week" value="2"' in group_form
    assert f'<option value="{group_programme.pk}" selected>' in group_form
    assert 'name="description-min_participants" value="8"' in school_form
    assert 'name="description-max_participants" value="12"' in school_form
    assert 'name="description-hours_per_week" value="3"' in school_form
