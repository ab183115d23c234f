"""Acceptance of peer education and support, in Danish, in the browser: the coordinator enrols a peer on the
basic module, marks it completed, and the peer is qualified as a peer guide; attendance for group supervision
is marked on a phone."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from education import support_services
from education.models import Attendance, AttendanceStatus, MeetingKind
from people.models import Peer
from tests.e2e.conftest import check_page
from tests.e2e.helpers import browser_login
from tests.personas import World, make_world


@pytest.fixture
def e2e_world(transactional_db: Any) -> World:
    return make_world()


def _peter(world: World) -> Peer:
    return Peer.objects.create(
        organisation=world.organisation, user=world.peer, first_name="Peter", status="active", kind="volunteer"
    )


def test_it_lets_the_coordinator_qualify_a_peer_guide_through_the_basic_module(
    page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    peter = _peter(e2e_world)
    browser_login(page, live_server, e2e_world.coordinator)
    visit(page, "/uddannelse/")
    page.get_by_role("button", name="Tilføj moduler og regler").click()
    check_page(page)
    expect(page.locator(".page-messages")).to_contain_text("klar")

    page.get_by_role("link", name="Basismodul", exact=True).click()
    check_page(page)
    page.get_by_role("link", name="Planlæg et hold").first.click()
    check_page(page)
    start = date.today() - timedelta(days=30)
    page.get_by_label("Første dag").fill(start.strftime("%d.%m.%Y"))
    page.get_by_label("Sidste dag").fill((start + timedelta(days=3)).strftime("%d.%m.%Y"))
    page.get_by_label("Sted").fill("Psykiatriens Hus, Roskilde")
    page.get_by_label("Pladser").fill("20")
    page.get_by_role("button", name="Gem").click()
    check_page(page)
    expect(page.locator("h1")).to_contain_text("Basismodul fra")

    page.get_by_label("Peer", exact=True).select_option(label="Peter")
    page.get_by_role("button", name="Tilmeld", exact=True).click()
    check_page(page)
    expect(page.locator(".page-messages")).to_contain_text("Peter er tilmeldt.")

    page.get_by_role("button", name="Marker Peter som gennemført").click()
    check_page(page)
    expect(page.locator(".page-messages")).to_contain_text("Peter har gennemført Basismodul.")

    page.get_by_role("link", name="Peter", exact=True).click()
    check_page(page)
    expect(page.locator("h1")).to_have_text("Uddannelsesplan")
    qualifications = page.locator("section", has=page.get_by_role("heading", name="Kvalifikationer"))
    expect(qualifications.locator("li", has_text="Peer-guide:")).to_contain_text("Kvalificeret")
    assert page.url.endswith(f"/uddannelse/peers/{peter.code}/")

    # The peer sees the same on their own plan.
    page.context.clear_cookies()
    browser_login(page, live_server, e2e_world.peer)
    visit(page, "/min-uddannelse/")
    expect(page.locator("dl.summary-list")).to_contain_text("Peer-guide")


def test_it_marks_attendance_for_group_supervision_on_a_phone(
    phone_page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    peter = _peter(e2e_world)
    anne = Peer.objects.create(organisation=e2e_world.organisation, first_name="Anne", status="active", kind="paid")
    series = support_services.create_series(
        organisation=e2e_world.organisation,
        kind=MeetingKind.SUPERVISION,
        title="",
        ordinal=1,
        weekday=1,
        every_months=1,
        start_time=time(14, 0),
        starts_on=date.today() - timedelta(days=70),
        participants=[peter, anne],
        acting_user=None,
    )
    meeting = series.occurrences.filter(on__lt=date.today()).order_by("-on").first()
    assert meeting is not None

    browser_login(phone_page, live_server, e2e_world.coordinator)
    visit(phone_page, "/stoette/")
    visit(phone_page, "/stoette/moeder/")
    expect(phone_page.get_by_role("heading", name="Registrér fremmøde")).to_be_visible()
    visit(phone_page, f"/stoette/moeder/{meeting.code}/")
    expect(phone_page.locator("h1")).to_have_text("Gruppesupervision")
    phone_page.get_by_role("group", name="Peter").get_by_label("Fremmødt").check()
    phone_page.get_by_role("group", name="Anne").get_by_label("Afbud").check()
    phone_page.get_by_role("button", name="Gem fremmøde").click()
    check_page(phone_page)
    expect(phone_page.locator(".page-messages")).to_contain_text("Fremmødet er gemt.")
    expect(phone_page.get_by_role("group", name="Peter").get_by_label("Fremmødt")).to_be_checked()
    assert dict(Attendance.objects.filter(meeting=meeting).values_list("peer__first_name", "status")) == {
        "Peter": AttendanceStatus.PRESENT,
        "Anne": AttendanceStatus.EXCUSED,
    }


def test_it_passes_the_accessibility_check_on_every_education_and_support_page(
    page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    from education import services
    from education.models import ModuleKind
    from education.tests.helpers import make_run, set_up

    peter = _peter(e2e_world)
    peter.programmes.add(e2e_world.programme)
    modules = set_up(e2e_world)
    run = make_run(modules[ModuleKind.BASIC], starts_on=date.today() - timedelta(days=10))
    enrolment = services.enrol_peer(run=run, peer=peter, acting_user=None)
    series = support_services.create_series(
        organisation=e2e_world.organisation,
        kind=MeetingKind.SUPERVISION,
        title="",
        ordinal=1,
        weekday=1,
        every_months=1,
        start_time=time(14, 0),
        starts_on=date.today() - timedelta(days=70),
        participants=[peter],
        acting_user=None,
    )
    meeting = series.occurrences.order_by("on").first()
    assert meeting is not None
    browser_login(page, live_server, e2e_world.coordinator)
    for path in (
        "/uddannelse/",
        "/uddannelse/moduler/nyt/",
        f"/uddannelse/moduler/{modules[ModuleKind.BASIC].code}/",
        f"/uddannelse/moduler/{modules[ModuleKind.INTRODUCTION].code}/ret/",
        f"/uddannelse/moduler/{modules[ModuleKind.BASIC].code}/hold/nyt/",
        f"/uddannelse/hold/{run.code}/",
        f"/uddannelse/hold/{run.code}/ret/",
        f"/uddannelse/tilmeldinger/{enrolment.code}/gennemfoert/",
        "/uddannelse/peers/",
        f"/uddannelse/peers/{peter.code}/",
        f"/uddannelse/peers/{peter.code}/merit/",
        "/uddannelse/regler/",
        "/uddannelse/regler/ward_peer/",
        "/stoette/",
        "/stoette/opfoelgning/",
        f"/stoette/opfoelgning/{peter.code}/ny/",
        f"/stoette/peers/{peter.code}/",
        "/stoette/moeder/",
        "/stoette/moeder/serier/ny/?kind=erfa",
        f"/stoette/moeder/serier/{series.code}/",
        f"/stoette/moeder/serier/{series.code}/ret/",
        f"/stoette/moeder/{meeting.code}/",
        f"/stoette/moeder/{meeting.code}/aflys/",
    ):
        response = visit(page, path)
        assert response is not None and response.status == 200, path
    # A refused form is checked too: the run's dates in the wrong order.
    visit(page, f"/uddannelse/moduler/{modules[ModuleKind.BASIC].code}/hold/nyt/")
    page.get_by_label("Første dag").fill("13.05.2027")
    page.get_by_label("Sidste dag").fill("10.05.2027")
    page.get_by_role("button", name="Gem").click()
    check_page(page)
    expect(page.locator(".error-summary")).to_contain_text("Den sidste dag ligger før den første dag")
