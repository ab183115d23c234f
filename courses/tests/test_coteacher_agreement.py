"""The co-teachers' cooperation agreement: made by two teachers on the same run, seen by them only,
accepted by each; a change asks both to accept again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditEntry, Role
from courses import services
from courses.errors import CourseRefused
from courses.models import TeamRole
from courses.tests.factories import make_course, make_run
from tests.personas import login, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher)
    co = make_member("mads@example.dk", "Mads", world.organisation, Role.TEACHER, unit=world.school)
    services.add_team_member(run=run, role=TeamRole.PROFESSIONAL, user=co, acting_user=None)
    return run, co


def test_it_is_made_by_two_teachers_on_the_same_run(world, pair):
    run, co = pair
    agreement = services.create_coteacher_agreement(
        run=run, teacher=world.teacher, co_teacher=co, area="", acting_user=world.teacher
    )
    assert agreement.area == run.version.title
    with pytest.raises(CourseRefused) as twice:
        services.create_coteacher_agreement(run=run, teacher=co, co_teacher=world.teacher, area="", acting_user=co)
    assert twice.value.code == "agreement_exists"
    with pytest.raises(CourseRefused) as outsider:
        services.create_coteacher_agreement(
            run=run, teacher=world.teacher, co_teacher=world.coordinator, area="", acting_user=world.teacher
        )
    assert outsider.value.code == "not_on_team"


def test_it_asks_both_to_accept_again_after_a_change_and_logs_no_content(world, pair):
    run, co = pair
    agreement = services.create_coteacher_agreement(
        run=run, teacher=world.teacher, co_teacher=co, area="", acting_user=world.teacher
    )
    services.accept_coteacher_agreement(agreement=agreement, acting_user=world.teacher)
    services.accept_coteacher_agreement(agreement=agreement, acting_user=co)
    assert agreement.accepted_by(world.teacher) and agreement.accepted_by(co)
    services.update_coteacher_agreement(
        agreement=agreement, values={"attention": "Jeg har brug for pauser"}, acting_user=co
    )
    assert agreement.accepted_by(world.teacher) is None and agreement.accepted_by(co) is None
    logged = AuditEntry.objects.filter(object_code=str(agreement.code))
    assert not any("pauser" in str(entry.data) for entry in logged)
    with pytest.raises(CourseRefused):
        services.update_coteacher_agreement(agreement=agreement, values={"other": "x"}, acting_user=world.coordinator)


def test_it_shows_the_content_to_the_two_teachers_only(client, world, pair):
    run, co = pair
    agreement = services.create_coteacher_agreement(
        run=run, teacher=world.teacher, co_teacher=co, area="", acting_user=world.teacher
    )
    services.update_coteacher_agreement(agreement=agreement, values={"feedback": "Ærligt og venligt"}, acting_user=co)
    url = reverse("courses:coteacher_detail", kwargs={"code": agreement.code})
    login(client, co)
    assert "Ærligt og venligt" in client.get(url).text
    login(client, world.coordinator)
    assert client.get(url).status_code == 404
    run_page = client.get(reverse("courses:run_detail", kwargs={"code": run.code})).text
    assert "Ærligt og venligt" not in run_page
    assert "samarbejdsaftale" in run_page  # the coordinator sees that it exists
