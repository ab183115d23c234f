"""Acceptance of issue 4 in the browser, in Danish: a key person refers a citizen, the coordinator
matches a peer, the peer accepts on a phone, the two make their cooperation agreement, the peer logs
three meetings on the phone, the citizen ends the course, and both evaluate it. The coordinator sees
that the course, its meetings and its agreement exist — never their content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from feedback import instruments as engine
from people.models import Citizen
from referrals.models import Match, Referral
from referrals.tests.factories import ready_peer
from support.models import Stage, SupportCourse
from tests.e2e.conftest import check_page
from tests.e2e.helpers import browser_login
from tests.personas import World

SECRET = "Vi vil øve at tage bussen til Aarhus alene"
ANSWERS = {"degree_1_4": "I høj grad", "yes_no": "Ja"}


class Device:
    """One phone that Peter and Mette take turns with; each keeps their own session, so nobody has to
    type the same one-time code twice within its 30 seconds."""

    def __init__(self, page: Page, live_server: Any) -> None:
        self.page = page
        self.live_server = live_server
        self.sessions: dict[str, list[Any]] = {}
        self.current = ""

    def use_as(self, user: Any) -> Page:
        if self.current:
            self.sessions[self.current] = self.page.context.cookies()
        self.page.context.clear_cookies()
        self.current = user.email
        if user.email in self.sessions:
            self.page.context.add_cookies(self.sessions[user.email])
        else:
            browser_login(self.page, self.live_server, user)
        return self.page


def _answer(page: Page, instrument_key: str) -> None:
    """Answer the end questionnaire page by page (five questions a page when there are more than six)."""
    instrument = engine.shipped_instrument(instrument_key)
    paged = len(instrument.items) > 6
    for number, item in enumerate(instrument.items):
        if paged and number and number % 5 == 0:
            page.get_by_role("button", name="Næste").click()
            page.wait_for_load_state("load")
            check_page(page)
        if item.scale in ANSWERS:
            page.get_by_role("group", name=item.text["da"]).get_by_label(ANSWERS[item.scale], exact=True).check()
        else:
            page.get_by_label(item.text["da"]).fill("Vi gik ture og tog på museum.")
    page.get_by_role("button", name="Send svar").click()
    page.wait_for_load_state("load")
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak for dine svar")


def _refer(page: Page, live_server: Any, visit: Callable[..., Any], world: World) -> Referral:
    browser_login(page, live_server, world.key_person)
    visit(page, "/henvisninger/ny/")
    form = page.locator("main form")
    form.locator("input[name=first_name]").fill("Mette")
    form.locator("input[name=last_name]").fill("Mortensen")
    form.locator("input[name=email]").fill("mette@example.dk")
    form.locator("input[name=municipality]").fill("Aarhus")
    form.locator("input[name=flow][value=inpatient]").check()
    form.locator("select[name=unit]").select_option(label=world.ward.name)
    form.locator("input[name=referrer_kind][value=key_person]").check()
    form.locator("input[name=contact_via][value=direct]").check()
    form.locator("input[name=old_enough][value=yes]").check()
    form.locator("input[name=criteria_checked]").check()
    form.locator("input[name=peer_support_consent]").check()
    form.locator("input[name=languages][value=da]").check()
    form.locator("input[name=availability][value=mon-am]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    check_page(page)
    expect(page.locator(".alert-success")).to_contain_text("Mette")
    return Referral.objects.get(citizen__first_name="Mette")


def _match(page: Page, live_server: Any, visit: Callable[..., Any], world: World, referral: Referral) -> Match:
    page.context.clear_cookies()
    browser_login(page, live_server, world.coordinator)
    visit(page, f"/henvisninger/{referral.code}/forslag/")
    expect(page.locator("main")).to_contain_text("Peter")
    page.locator("main form:has(input[name=peer]) button[type=submit]").first.click()
    page.wait_for_load_state("load")
    check_page(page)
    return Match.objects.get(referral=referral)


def _coordinator_sees_no_content(page: Page, visit: Callable[..., Any], course: SupportCourse) -> None:
    visit(page, "/forloeb/?vis=all")
    row = page.get_by_role("row", name="Mette Mortensen")
    expect(row).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(SECRET)
    for path in ("", "samarbejdsaftale/", "samarbejdsaftale/pdf/"):
        response = page.goto(f"{page.url.split('/forloeb/')[0]}/forloeb/{course.code}/{path}")
        assert response is not None and response.status == 404, path


@pytest.mark.django_db(transaction=True)
def test_it_takes_a_citizen_from_referral_to_an_evaluated_course_of_support(
    page: Page, phone_page: Page, live_server: Any, visit: Callable[..., Any], world: World
) -> None:
    ready_peer(world, "Peter", user=world.peer)

    # A key person on the ward refers Mette; the coordinator asks Peter, the best fit.
    referral = _refer(page, live_server, visit, world)
    match = _match(page, live_server, visit, world, referral)

    # Peter says yes on his phone: the course starts at "contact".
    phone = Device(phone_page, live_server)
    phone.use_as(world.peer)
    visit(phone_page, f"/mine-forslag/{match.code}/")
    phone_page.locator("main form:has(input[name=answer][value=accept]) button").click()
    phone_page.wait_for_load_state("load")
    check_page(phone_page)
    course = SupportCourse.objects.get(match=match)
    assert course.stage == Stage.CONTACT

    # Mette has an account (in real life she accepts an invitation); her page shows her peer.
    Citizen.objects.filter(user=world.citizen).update(user=None)
    Citizen.objects.filter(pk=referral.citizen_id).update(user=world.citizen)

    # Peter writes the cooperation agreement with Mette and accepts it.
    visit(phone_page, "/forloeb/mine-borgere/")
    phone_page.get_by_role("link", name="Mette M").click()
    check_page(phone_page)
    phone_page.get_by_role("link", name="Skriv samarbejdsaftalen").click()
    check_page(phone_page)
    phone_page.get_by_label("Hvad er formålet med at mødes?").fill(SECRET)
    phone_page.get_by_label("Hvor vil vi gerne mødes? (Kan også aftales fra gang til gang)").fill("Biblioteket")
    phone_page.get_by_label("Vi har talt om tavshedspligt: begge parter har tavshedspligt").check()
    phone_page.get_by_role("button", name="Gem aftalen").click()
    check_page(phone_page)
    phone_page.get_by_label("Dit navn").fill("Peter Testesen")
    phone_page.get_by_role("button", name="Godkend aftalen").click()
    expect(phone_page.locator(".alert-success")).to_contain_text("Du har godkendt samarbejdsaftalen")
    check_page(phone_page)

    # Mette reads the agreement on her phone and accepts it too; she can download it as a PDF.
    phone.use_as(world.citizen)
    visit(phone_page, "/min-peer/")
    expect(phone_page.get_by_role("heading", name="Min peer: Peter")).to_be_visible()
    phone_page.get_by_role("link", name="Åbn forløbet").click()
    check_page(phone_page)
    phone_page.get_by_role("link", name="Læs aftalen").click()
    check_page(phone_page)
    expect(phone_page.locator("main")).to_contain_text(SECRET)
    phone_page.get_by_label("Dit navn").fill("Mette Mortensen")
    phone_page.get_by_role("button", name="Godkend aftalen").click()
    expect(phone_page.locator(".alert-success").first).to_contain_text("Du har godkendt samarbejdsaftalen")
    expect(phone_page.get_by_text("Aftalen er på plads: I har begge godkendt den.")).to_be_visible()
    check_page(phone_page)
    with phone_page.expect_download() as download:
        phone_page.get_by_role("link", name="Hent som PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    course.refresh_from_db()
    assert course.stage == Stage.AGREED

    # Peter logs three meetings on his phone, each in one screen.
    phone.use_as(world.peer)
    for place, duration, activity in (
        ("Biblioteket", "60 minutter", "Samtale"),
        ("Busterminalen", "90 minutter", "Følgeskab til en aktivitet"),
        ("Kunstmuseet", "45 minutter", "Kultur eller fritid"),
    ):
        visit(phone_page, "/forloeb/mine-borgere/")
        phone_page.get_by_role("link", name="Registrér et møde med Mette").click()
        check_page(phone_page)
        phone_page.get_by_label(duration, exact=True).check()
        phone_page.get_by_label("Aktivitet").select_option(label=activity)
        phone_page.get_by_role("textbox", name="Sted (frivilligt)").fill(place)
        phone_page.get_by_role("button", name="Gem mødet").click()
        expect(phone_page.locator(".alert-success")).to_contain_text("Mødet er registreret")
        check_page(phone_page)
    expect(phone_page.locator("main")).to_contain_text("3 møder")

    # The coordinator sees stage, three meetings and that an agreement exists — not what it says.
    visit(page, "/forloeb/")
    row = page.get_by_role("row", name="Mette Mortensen")
    expect(row).to_contain_text("Samarbejdsaftale på plads")
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("Ja")
    expect(page.locator("main")).not_to_contain_text(SECRET)

    # Mette ends the course on her phone and evaluates it there.
    phone.use_as(world.citizen)
    visit(phone_page, "/min-peer/")
    phone_page.get_by_role("link", name="Afslut forløbet").click()
    check_page(phone_page)
    phone_page.get_by_label("Borgeren har ikke længere brug for en peer").check()
    phone_page.get_by_role("button", name="Afslut forløbet").click()
    expect(phone_page.locator(".alert-success")).to_contain_text("Forløbet er afsluttet")
    check_page(phone_page)
    phone_page.get_by_role("link", name="Evaluér forløbet").click()
    phone_page.wait_for_load_state("load")
    check_page(phone_page)
    _answer(phone_page, "course_end_citizen")

    # Peter evaluates from the course page.
    phone.use_as(world.peer)
    course.refresh_from_db()
    visit(phone_page, f"/forloeb/{course.code}/")
    phone_page.get_by_role("link", name="Evaluér forløbet").click()
    phone_page.wait_for_load_state("load")
    check_page(phone_page)
    _answer(phone_page, "course_end_peer")

    # Both have evaluated; the coordinator's list says so, and the content stays theirs.
    course.refresh_from_db()
    assert course.stage == Stage.ENDED and course.ended_by == "citizen"
    _coordinator_sees_no_content(page, visit, course)
    visit(page, "/forloeb/?vis=ended")
    expect(page.locator("main")).to_contain_text("0 afsluttede forløb ikke evalueret af begge")


@pytest.mark.django_db(transaction=True)
def test_it_shows_every_course_of_support_page_in_danish_and_accessibly(
    page: Page, phone_page: Page, live_server: Any, visit: Callable[..., Any], world: World
) -> None:
    """Each page of the support app, with data in it, for the peer and the citizen on a phone and the
    coordinator on a desktop, passes the accessibility check."""
    from decimal import Decimal

    from django.utils import timezone

    from support import services
    from support.tests.factories import agree, log_meetings, make_course
    from tests.peer_personas import make_peer

    peer = make_peer(world)
    course = make_course(world, peer=peer)
    log_meetings(world, course, 3, note="Hemmeligt")
    agree(world, course)
    ended = make_course(
        world, peer=peer, citizen=Citizen.objects.create(organisation=world.organisation, first_name="Jens")
    )
    services.end_course(actor=world.peer, course=ended, ended_by="both", reason="completed")
    claim = services.submit_claim(
        actor=world.peer,
        peer=peer,
        travelled_on=timezone.localdate(),
        from_place="Holte",
        to_place="Nærum",
        km=Decimal("7.5"),
        amount=None,
        course=course,
    )
    meeting = course.meetings.first()
    assert meeting is not None

    phone = Device(phone_page, live_server)
    phone.use_as(world.peer)
    for path in (
        "/forloeb/mine-borgere/",
        f"/forloeb/{course.code}/",
        f"/forloeb/{course.code}/moede/nyt/",
        f"/forloeb/{course.code}/moede/{meeting.code}/",
        f"/forloeb/{course.code}/samarbejdsaftale/",
        f"/forloeb/{course.code}/samarbejdsaftale/ret/",
        f"/forloeb/{course.code}/afslut/",
        f"/forloeb/{ended.code}/",
        "/koersel/",
        "/min-side/",
    ):
        visit(phone_page, path)
    # A meeting logged with a date in the future keeps what was typed and says what is wrong.
    visit(phone_page, f"/forloeb/{course.code}/moede/nyt/")
    phone_page.get_by_label("Dato").fill("24.12.2099")
    phone_page.get_by_role("textbox", name="Sted (frivilligt)").fill("Havnen")
    phone_page.get_by_role("button", name="Gem mødet").click()
    check_page(phone_page)
    expect(phone_page.get_by_role("alert")).to_contain_text("fremtiden")
    expect(phone_page.get_by_role("textbox", name="Sted (frivilligt)")).to_have_value("Havnen")

    phone.use_as(world.citizen)
    for path in ("/min-peer/", f"/forloeb/{course.code}/", f"/forloeb/{course.code}/samarbejdsaftale/"):
        visit(phone_page, path)

    browser_login(page, live_server, world.coordinator)
    for path in (
        "/forloeb/",
        "/forloeb/?vis=all",
        "/forloeb/rapport/",
        "/koersel/godkend/",
        f"/koersel/{claim.code}/afvis/",
    ):
        visit(page, path)
    expect(page.locator("main")).not_to_contain_text("Hemmeligt")
