"""Acceptance of the courses issue, in Danish: a school publishes a run with two places; three people sign
up in the public catalogue on their phones (the third goes on the waiting list); one cancels through the
link in the e-mail; the waiting person moves up and is told; the teacher marks attendance on a phone over
the sessions; the participant at 80 % or more gets a course certificate by e-mail."""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from playwright.sync_api import Page, expect

from core.demo import DEMO_PASSWORD, build_core
from courses import demo as courses_demo
from courses import services
from courses.models import (
    Certificate,
    CoTeacherAgreement,
    Course,
    CourseRun,
    JournalNote,
    Registration,
    RegistrationStatus,
    Session,
)
from courses.tests.factories import future_days, make_course, make_run
from people import demo as people_demo
from tests.e2e.conftest import check_page
from tests.e2e.helpers import browser_login
from tests.personas import World, make_world

SESSIONS = 5


@pytest.fixture
def e2e_world(transactional_db: Any) -> World:
    return make_world()


@pytest.fixture
def draft_run(e2e_world: World) -> CourseRun:
    course = make_course(e2e_world.organisation, e2e_world.school, title="Håb og drømme", max_participants=2)
    services.record_quality_checklist(course=course, facilitators="Tove og Pia", answers={}, acting_user=None)
    return make_run(
        course,
        teacher=e2e_world.teacher,
        capacity=2,
        days=future_days(SESSIONS, start_in_days=3),
        start=time(13),
        publish=False,
    )


def _link_in(message: Any, live_server: Any) -> str:
    found = re.search(r"https?://\S+/kurser/tilmelding/\S+/", message.body)
    assert found, message.body
    return found.group(0).replace(settings.SITE_URL.rstrip("/"), live_server.url)


def _publish(page: Page, live_server: Any, visit: Any, world: World, run: CourseRun) -> None:
    browser_login(page, live_server, world.coordinator)
    visit(page, "/kursusoversigt/")
    page.get_by_role("link", name="Håb og drømme").first.click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Håb og drømme")
    page.get_by_role("button", name="Offentliggør").click()
    expect(page.locator(".alert-success")).to_contain_text("Holdet er offentliggjort i kursuskataloget")
    check_page(page)


def _sign_up(page: Page, visit: Any, name: str, email: str) -> None:
    visit(page, "/kurser/")
    page.get_by_role("link", name="Håb og drømme").click()
    check_page(page)
    page.get_by_label("Navn", exact=True).fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("group", name="Hvad kommer du som? (valgfrit)").get_by_label("Pårørende").check()
    page.get_by_role("button", name=re.compile("Tilmeld dig|Skriv mig på ventelisten")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din tilmelding")
    check_page(page)


def _mark_attendance(page: Page, visit: Any, run: CourseRun, present: dict[str, int]) -> None:
    """On the phone: open each session from the run page, switch on who came, say the attendance is taken."""
    sessions = list(run.sessions.order_by("day"))
    for index, session in enumerate(sessions):
        visit(page, f"/kursusgange/{session.code}/")
        expect(page.get_by_role("heading", name="Hvem er her?")).to_be_visible()
        for name, sessions_attended in present.items():
            if index < sessions_attended:
                switch = page.get_by_role("switch", name=name)
                switch.click()
                expect(switch).to_have_attribute("aria-checked", "true")
        check_page(page)
        page.get_by_role("button", name="Fremmødet er registreret").click()
        expect(page.locator(".alert-success")).to_contain_text("Fremmødet er gemt")
        check_page(page)
    expect(page.locator(".alert-success")).to_contain_text("1 kursusbevis er udstedt og sendt")


def test_it_takes_a_run_from_publishing_through_the_waiting_list_to_a_certificate(
    page: Page, phone_page: Page, live_server: Any, visit: Any, e2e_world: World, draft_run: CourseRun
) -> None:
    _publish(page, live_server, visit, e2e_world, draft_run)

    _sign_up(phone_page, visit, "Anna Andersen", "anna@example.dk")
    expect(phone_page.locator(".alert-success")).to_contain_text("Du har fået en plads")
    _sign_up(phone_page, visit, "Bo Bertelsen", "bo@example.dk")
    expect(phone_page.locator(".alert-success")).to_contain_text("Du har fået en plads")
    visit(phone_page, f"/kurser/hold/{draft_run.code}/")
    expect(phone_page.locator("main")).to_contain_text("Kurset er fuldt")
    _sign_up(phone_page, visit, "Cecilie Carlsen", "cecilie@example.dk")
    expect(phone_page.locator(".alert-warning")).to_contain_text("Du er nr. 1 på ventelisten")

    # Anna cancels through the link in her confirmation e-mail; no login is needed.
    confirmation = next(m for m in mail.outbox if m.to == ["anna@example.dk"])
    visit(phone_page, _link_in(confirmation, live_server))
    phone_page.get_by_role("link", name="Afmeld min tilmelding").click()
    check_page(phone_page)
    phone_page.get_by_role("button", name="Ja, afmeld min tilmelding").click()
    expect(phone_page.locator(".alert-success")).to_contain_text("Din tilmelding er afmeldt")
    check_page(phone_page)

    # Cecilie moves up at once and is told.
    promoted = Registration.objects.get(email="cecilie@example.dk")
    assert promoted.status == RegistrationStatus.CONFIRMED
    told = [m for m in mail.outbox if m.to == ["cecilie@example.dk"]]
    assert any("Der er blevet en plads ledig" in m.subject for m in told)

    # After the last session the teacher marks attendance on a phone: Bo came 4 of 5 times, Cecilie 3.
    last = draft_run.sessions.order_by("-day").first()
    with time_machine.travel(last.ends_at + timedelta(hours=1), tick=True):
        browser_login(phone_page, live_server, e2e_world.teacher)
        visit(phone_page, "/mine-hold/")
        phone_page.get_by_role("link", name="Håb og drømme").click()
        check_page(phone_page)
        _mark_attendance(phone_page, visit, draft_run, {"Bo Bertelsen": 4, "Cecilie Carlsen": 3})

    certificates = list(Certificate.objects.select_related("registration"))
    assert [c.registration.name for c in certificates] == ["Bo Bertelsen"]
    [sent] = [m for m in mail.outbox if m.to == ["bo@example.dk"] and m.attachments]
    assert "kursusbevis" in sent.subject.lower()
    assert sent.attachments[0][1].startswith(b"%PDF")
    assert not [m for m in mail.outbox if m.to == ["cecilie@example.dk"] and m.attachments]


def test_it_shows_every_course_page_in_danish_and_accessibly(
    page: Page, phone_page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    """Each staff and public page of the courses app, with data in it, passes the accessibility check."""
    demo = build_core()
    people_demo.build(demo)
    courses_demo.build(demo)
    ark_run = CourseRun.objects.filter(version__title="Livshistoriefortællinger", status="closed").get()
    open_run = CourseRun.objects.get(version__title="Håb og drømme")
    group = CourseRun.objects.get(version__title="Recoverygruppe")
    cafe_session = Session.objects.filter(run__version__title="Peer Café", headcount__isnull=False).first()

    browser_login(page, live_server, demo.logins["teacher"], password=DEMO_PASSWORD)
    expect(page.locator("h1")).not_to_have_text("Log ind")
    for path in (
        "/mine-hold/",
        f"/hold/{ark_run.code}/",
        f"/hold/{ark_run.code}/fremmoede/",
        f"/hold/{ark_run.code}/evaluering/",
        f"/hold/{ark_run.code}/samarbejdsaftale/",
        f"/kursusgange/{ark_run.sessions.order_by('day').first().code}/",
    ):
        visit(page, path)
    expect(page.locator("img.feedback-qr")).to_be_visible()

    page.context.clear_cookies()
    browser_login(page, live_server, demo.logins["lead"], password=DEMO_PASSWORD)
    course = Course.objects.get(versions__title="Recoverygruppe")
    for path in (
        "/kursusoversigt/",
        "/kursusoversigt/nyt/",
        f"/kursusoversigt/{course.code}/",
        f"/kursusoversigt/{course.code}/ret/",
        f"/kursusoversigt/{course.code}/kvalitetstjek/",
        f"/kursusoversigt/{course.code}/nyt-hold/",
        f"/hold/{group.code}/",
        f"/hold/{group.code}/ret/",
        f"/hold/{group.code}/team/tilfoej/",
        f"/hold/{group.code}/kursusgange/ny/",
        f"/hold/{group.code}/kursusgange/serie/",
        f"/hold/{group.code}/tilmeld/",
        f"/hold/{group.code}/aflys/",
        f"/kursusgange/{cafe_session.code}/",
        "/journalnotater/",
        "/kursusrapport/",
    ):
        visit(page, path)
    assert JournalNote.objects.exists()
    assert CoTeacherAgreement.objects.count() == 0

    for path in ("/kurser/", f"/kurser/hold/{open_run.code}/", f"/kurser/skole/{demo.units['school'].code}/"):
        visit(phone_page, path)
    phone_page.get_by_label("Ugedag").select_option(label="Torsdag")
    phone_page.get_by_role("button", name="Vis kurser").click()
    check_page(phone_page)
    expect(phone_page.locator("main")).to_contain_text("Håb og drømme")
