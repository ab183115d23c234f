"""Teachers see their own runs, participants their own registrations – and nothing of anyone else's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import Role
from courses import registration_services as registrations
from courses.tests.factories import future_days, make_course, make_run
from tests.personas import login, make_member

pytestmark = pytest.mark.django_db


def test_it_shows_a_teacher_only_the_runs_they_teach(client, world):
    other_teacher = make_member("anden.underviser@example.dk", "Bo", world.organisation, Role.TEACHER)
    mine = make_run(make_course(world.organisation, world.school, title="Håb og drømme"), teacher=world.teacher)
    theirs = make_run(
        make_course(world.organisation, world.school, title="Søvn og hverdag"),
        teacher=other_teacher,
        days=future_days(3, start_in_days=20),
    )
    login(client, world.teacher)
    page = client.get(reverse("courses:my_runs")).text
    assert "Håb og drømme" in page and "Søvn og hverdag" not in page
    assert client.get(reverse("courses:run_detail", kwargs={"code": mine.code})).status_code == 200
    assert client.get(reverse("courses:run_detail", kwargs={"code": theirs.code})).status_code == 404
    session = theirs.sessions.order_by("day").first()
    assert client.get(reverse("courses:session_detail", kwargs={"code": session.code})).status_code == 404


def test_it_shows_a_participant_only_their_own_registrations(client, world):
    run = make_run(make_course(world.organisation, world.school, title="Håb og drømme"), teacher=world.teacher)
    other = make_run(
        make_course(world.organisation, world.school, title="Søvn og hverdag"),
        teacher=world.teacher,
        days=future_days(3, start_in_days=20),
    )
    registrations.register_participant(run=run, name="Bo Borger", email="bo@example.dk", user=world.citizen)
    someone_else = registrations.register_participant(run=other, name="Kim Andersen", email="kim@example.dk")
    login(client, world.citizen)
    page = client.get(reverse("courses:my_registrations")).text
    assert "Håb og drømme" in page and "Søvn og hverdag" not in page
    # Another participant's page opens only through their own signed link.
    token = registrations.registration_token(someone_else)
    assert client.get(reverse("courses:my_registration", kwargs={"token": token[:-2] + "xx"})).status_code == 404
    login(client, world.peer)
    assert "Håb og drømme" not in client.get(reverse("courses:my_registrations")).text
