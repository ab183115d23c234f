"""The public catalogue per school and programme: filters, a course page with registration, the PDF
catalogue and iCal – no login."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Programme, Unit, UnitKind
from courses import registration_services as registrations
from courses import services
from courses.models import CourseKind, CourseRun, Registration
from courses.tests.factories import future_days, make_course, make_run
from tests.personas import make_member

pytestmark = pytest.mark.django_db

CATALOGUE = "/kurser/"


def _monday_in(weeks: int):
    today = timezone.localdate()
    return today + timedelta(days=(7 - today.weekday()) % 7 + 7 * weeks)


def test_it_lists_published_runs_by_school_and_programme_for_anyone(client, world, open_run):
    draft = make_run(make_course(world.organisation, world.school, title="Kladde"), publish=False, room="Lokale 2")
    response = client.get(CATALOGUE)
    assert response.status_code == 200
    text = response.text
    assert "Recovery – hvad er det?" in text
    assert world.school.name in text
    assert "Programme recovery_school" in text
    assert draft.version.title not in text
    assert reverse("courses:public_run", kwargs={"code": open_run.code}) in text


def test_it_never_lists_closed_groups(client, world):
    group = make_course(
        world.organisation,
        world.ward,
        model=Programme.Model.BRIDGE_BUILDERS,
        kind=CourseKind.CLOSED_GROUP,
        title="Lukket recoverygruppe",
    )
    run = make_run(group, capacity=8, publish=False)
    run.status = "published"
    run.save()
    assert "Lukket recoverygruppe" not in client.get(CATALOGUE).text
    assert client.get(reverse("courses:public_run", kwargs={"code": run.code})).status_code == 404


def test_it_filters_by_term_theme_place_and_weekday(client, world):
    aarhus = Unit.objects.create(
        organisation=world.organisation, name="Skolen i Aarhus", kind=UnitKind.RECOVERY_SCHOOL, city="Aarhus C"
    )
    monday = _monday_in(2)
    make_run(
        make_course(world.organisation, world.school, title="Mandagskursus", theme="recovery"),
        teacher=world.teacher,
        days=[monday],
    )
    wednesday = make_course(world.organisation, aarhus, title="Onsdagskursus", theme="creative")
    other_teacher = make_member("anden@example.dk", "Anders", world.organisation, "teacher")
    make_run(wednesday, teacher=other_teacher, days=[monday + timedelta(days=2)])

    def titles(**params):
        text = client.get(CATALOGUE, params).text
        return [t for t in ("Mandagskursus", "Onsdagskursus") if t in text]

    assert titles() == ["Mandagskursus", "Onsdagskursus"]
    assert titles(weekday="1") == ["Mandagskursus"]
    assert titles(weekday="3") == ["Onsdagskursus"]
    assert titles(theme="creative") == ["Onsdagskursus"]
    assert titles(place="Aarhus C") == ["Onsdagskursus"]
    season = "spring" if monday.month <= 6 else "autumn"
    assert titles(term=f"{monday.year}-{season}") == ["Mandagskursus", "Onsdagskursus"]
    page = client.get(CATALOGUE).text
    assert f'value="{monday.year}-{season}"' in page  # only terms with courses are offered
    assert f'value="{monday.year + 3}-{season}"' not in page
    school_page = client.get(reverse("courses:school_catalogue", kwargs={"code": aarhus.code})).text
    assert "Onsdagskursus" in school_page and "Mandagskursus" not in school_page


def test_it_filters_by_programme(client, world):
    make_run(make_course(world.organisation, world.school, title="Skolekursus"), teacher=world.teacher)
    ark = make_course(world.organisation, world.school, title="ARK-kursus", model=Programme.Model.ARK)
    ark_run = services.create_run(course=ark, acting_user=None)
    services.add_sessions(
        run=ark_run, days=future_days(2, start_in_days=30), start=time(9), minutes=None, room=None, acting_user=None
    )
    CourseRun.objects.filter(pk=ark_run.pk).update(status="published")  # (its team is not the point here)

    def titles(**params):
        text = client.get(CATALOGUE, params).text
        return [t for t in ("Skolekursus", "ARK-kursus") if t in text]

    assert titles() == ["Skolekursus", "ARK-kursus"]
    assert titles(programme=str(ark.programme.code)) == ["ARK-kursus"]
    page = client.get(CATALOGUE).text
    assert f'value="{ark.programme.code}"' in page  # only programmes with courses are offered


def test_it_shows_the_empty_catalogue_as_before(client, db):
    assert "Der er ikke offentliggjort kurser endnu" in client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="da").text


def test_it_registers_from_the_course_page_and_shows_the_persons_own_page(client, world, open_run):
    url = reverse("courses:public_run", kwargs={"code": open_run.code})
    page = client.get(url)
    assert "Lokale 1" in page.text and 'name="name"' in page.text
    response = client.post(url, {"name": "Mette", "email": "mette@example.dk", "perspective": "relative"})
    registration = Registration.objects.get(email="mette@example.dk")
    token = registrations.registration_token(registration)
    assert response.status_code == 302 and response["Location"].endswith(f"/kurser/tilmelding/{token}/")
    own = client.get(response["Location"])
    assert own.status_code == 200 and "Mette" in own.text
    assert registration.perspective == "relative"


def test_it_says_clearly_when_someone_is_already_registered_and_keeps_what_they_typed(client, world, open_run):
    url = reverse("courses:public_run", kwargs={"code": open_run.code})
    client.post(url, {"name": "Mette", "email": "mette@example.dk"})
    again = client.post(url, {"name": "Mette M", "email": "METTE@example.dk", "phone": ""})
    assert again.status_code == 200
    assert "already registered" in again.text or "allerede tilmeldt" in again.text
    assert 'value="Mette M"' in again.text
    assert Registration.objects.filter(run=open_run).count() == 1


def test_it_asks_for_an_email_or_a_phone_number(client, world, open_run):
    url = reverse("courses:public_run", kwargs={"code": open_run.code})
    response = client.post(url, {"name": "Mette"}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    assert Registration.objects.count() == 0


def test_it_cancels_through_the_signed_link_without_login(client, world, open_run):
    registration = registrations.register_participant(run=open_run, name="Mette", email="mette@example.dk")
    token = registrations.registration_token(registration)
    cancel_url = reverse("courses:registration_cancel_self", kwargs={"token": token})
    assert client.get(cancel_url).status_code == 200
    client.post(cancel_url)
    registration.refresh_from_db()
    assert registration.status == "cancelled" and registration.cancelled_by_participant
    assert client.get(reverse("courses:my_registration", kwargs={"token": token[:-1] + "x"})).status_code == 404


def test_it_offers_the_run_as_an_icalendar_file(client, world, open_run):
    response = client.get(reverse("courses:run_ical", kwargs={"code": open_run.code}))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 3
    first = open_run.sessions.order_by("day").first()
    assert f"DTSTART;TZID=Europe/Copenhagen:{first.day:%Y%m%d}T130000\r\n" in body
    assert "TZID:Europe/Copenhagen" in body


def test_it_prints_the_catalogue_as_a_pdf(client, world, open_run):
    response = client.get(reverse("courses:catalogue_pdf"), {"theme": "recovery"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_it_shows_a_full_run_as_full_with_a_waiting_list(client, world):
    run = make_run(
        make_course(world.organisation, world.school),
        teacher=world.teacher,
        capacity=1,
        days=future_days(1),
        start=time(9),
    )
    registrations.register_participant(run=run, name="A", email="a@example.dk")
    page = client.get(reverse("courses:public_run", kwargs={"code": run.code}), HTTP_ACCEPT_LANGUAGE="en")
    assert "The course is full" in page.text
    assert "Join the waiting list" in page.text


def test_it_uses_a_constant_number_of_queries_for_the_catalogue(client, world, django_assert_max_num_queries):
    for index in range(3):
        make_run(
            make_course(world.organisation, world.school, title=f"Kursus {index}"),
            teacher=world.teacher,
            start=time(8 + 4 * index),
            minutes=60,
        )
    with django_assert_max_num_queries(12):
        client.get(CATALOGUE)
