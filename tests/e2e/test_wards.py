"""Acceptance of the wards issue, in Danish: the coordinator generates and publishes this week's shift plan;
the ward's key person puts two patients on the list on a phone; the peer opens today's shift on a phone,
logs two conversations with themes and the end of the shift; the contact person files the journal note
(the theme only); the peer raises a safety notice and the key person acknowledges it from the start page."""

from __future__ import annotations

import re
import time as _time
from datetime import time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from conversations.models import Conversation, JournalNote, SafetyNotice, ShiftLog
from conversations.tests.factories import make_contact_person
from tests.e2e.conftest import check_page
from tests.e2e.helpers import browser_login, current_code
from tests.personas import World, make_world
from wards.models import Shift, ShiftPlan, WardSettings
from wards.tests.helpers import settle, ward_peer

PRIVATE_NOTE = "Talte om sin bror og om at sove dårligt"


@pytest.fixture
def e2e_world(transactional_db: Any) -> World:
    world = make_world()
    ward = settle(world)
    WardSettings.objects.filter(ward=ward).update(need_hours=Decimal(2))
    today = timezone.localdate()
    # The peer persona serves the ward and is free only today, so the plan puts the week's shift today.
    ward_peer(world, "Peter", units=[ward], user=world.peer, days=(today.weekday(),), start=time(8), end=time(22))
    return world


def _as(page: Page, live_server: Any, user: Any) -> None:
    """Log in afresh. A person who logged in on another device moments ago must wait for the app's next
    code: a two-factor code is accepted only once."""
    page.context.clear_cookies()
    browser_login(page, live_server, user)
    if "/konto/totrins/" in page.url:
        page.wait_for_timeout((30 - _time.time() % 30 + 1) * 1000)
        page.fill("input[name=token]", current_code(user))
        page.click("main button[type=submit]")
        page.wait_for_load_state("load")
    assert "/konto/" not in page.url, page.url


def _generate_and_publish(page: Page, live_server: Any, visit: Any, world: World) -> None:
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    _as(page, live_server, world.coordinator)
    visit(page, "/vagtplaner/")
    page.get_by_label("Første uge begynder (en mandag)").fill(monday.strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Dan en vagtplan").click()
    expect(page.locator(".alert-success").first).to_contain_text("Vagtplanen er dannet")
    check_page(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Offentliggør vagtplanen").click()
    expect(page.locator(".alert-success").first).to_contain_text("offentliggjort")
    check_page(page)
    plan = ShiftPlan.objects.get(organisation=world.organisation)
    assert plan.status == ShiftPlan.Status.PUBLISHED
    assert Shift.objects.filter(plan=plan, peer__user=world.peer, date=timezone.localdate()).exists()


def _fill_list(phone: Page, live_server: Any, visit: Any, world: World, contact: Any) -> None:
    _as(phone, live_server, world.key_person)
    visit(phone, "/samtaleliste/")
    for patient, met_before in (("Henrik", "Ja"), ("Stue 7", "Nej – første gang")):
        phone.get_by_label("Fornavn eller stue").fill(patient)
        phone.get_by_role("group", name="Har patienten talt med en peer før?").get_by_label(met_before).check()
        phone.get_by_label("Kontaktperson").select_option(label=contact.display_name)
        phone.get_by_role("button", name="Sæt på listen").click()
        expect(phone.locator(".alert-success")).to_contain_text(f"{patient} er sat på listen")
        check_page(phone)
    rows = phone.locator("tbody tr")
    expect(rows.first).to_contain_text("Stue 7")  # who has not met a peer comes first


def _log_conversations(phone: Page, live_server: Any, visit: Any, world: World) -> None:
    _as(phone, live_server, world.peer)
    visit(phone, "/start/")
    phone.get_by_role("link", name=re.compile("Dagens vagt")).first.click()
    check_page(phone)
    expect(phone.get_by_role("heading", level=1)).to_have_text(world.ward.name)
    names = phone.locator(".patient-name")
    expect(names.nth(0)).to_have_text("Stue 7")
    expect(names.nth(1)).to_have_text("Henrik")

    # The first: started now, the start corrected to 25 minutes ago, ended with "end now".
    phone.get_by_role("button", name="Start nu – Stue 7").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Samtale med Stue 7")
    check_page(phone)
    started = timezone.localtime() - timedelta(minutes=25)
    phone.get_by_label("Startede kl.").fill(started.strftime("%H:%M"))
    phone.get_by_label("Tema I blev enige om").select_option(label="Håb og drømme")
    phone.get_by_label("Din egen note").fill(PRIVATE_NOTE)
    phone.get_by_role("button", name="Afslut nu og gem").click()
    expect(phone.locator(".alert-success")).to_contain_text("Samtalen er registreret")
    check_page(phone)

    # The second: start and end typed in.
    phone.get_by_role("button", name="Start nu – Henrik").click()
    phone.get_by_label("Startede kl.").fill("10:00")
    phone.get_by_label("Sluttede kl.").fill("10:40")
    phone.get_by_label("Tema I blev enige om").select_option(label="Udskrivelse og tiden efter")
    phone.get_by_role("button", name="Gem", exact=True).click()
    expect(phone.locator(".alert-success")).to_contain_text("Samtalen er registreret")
    expect(phone.locator(".patient-list")).to_contain_text("10:00–10:40")
    check_page(phone)

    phone.get_by_label("Minutter brugt uformelt i miljøet").fill("30")
    phone.get_by_label("Note til opsamlingen").fill("God stemning i miljøet i dag.")
    phone.get_by_role("button", name="Gem afslutningen af vagten").click()
    expect(phone.locator(".alert-success")).to_contain_text("Afslutningen af vagten er gemt")
    check_page(phone)

    conversations = {c.entry.patient: c for c in Conversation.objects.select_related("entry", "theme")}
    assert {p: c.theme.label for p, c in conversations.items() if c.theme} == {
        "Stue 7": "Håb og drømme",
        "Henrik": "Udskrivelse og tiden efter",
    }
    assert 24 <= (conversations["Stue 7"].minutes or 0) <= 26 and conversations["Henrik"].minutes == 40
    assert ShiftLog.objects.get().informal_minutes == 30


def _file_journal_note(page: Page, live_server: Any, visit: Any, contact: Any) -> None:
    _as(page, live_server, contact)
    visit(page, "/journalnotater/samtaler/")
    row = page.locator("tbody tr", has_text="Stue 7")
    expect(row).to_contain_text("Peer-samtale. Tema: Håb og drømme")
    expect(page.locator("main")).not_to_contain_text(PRIVATE_NOTE)
    row.get_by_role("button", name="Ført i journalen").click()
    expect(page.locator(".alert-success")).to_contain_text("Markeret som ført i journalen")
    check_page(page)
    note = JournalNote.objects.get(patient="Stue 7")
    assert note.filed_by == contact and note.theme == "Håb og drømme"


def _raise_safety_notice(phone: Page, visit: Any, world: World) -> None:
    shift = Shift.objects.get(peer__user=world.peer)
    visit(phone, f"/vagt/{shift.code}/")
    phone.get_by_role("link", name="Send en sikkerhedsmelding").click()
    check_page(phone)
    phone.get_by_label("Patientens fornavn eller stue").fill("Henrik")
    phone.get_by_label("Det personalet skal vide").fill("Henrik siger, at han har gemt et glasskår på stuen.")
    phone.get_by_role("button", name="Send sikkerhedsmeldingen nu").click()
    expect(phone.locator(".alert-success")).to_contain_text("Sikkerhedsmeldingen er sendt")
    check_page(phone)
    assert world.key_person.email in [message.to[0] for message in mail.outbox]


def _acknowledge(page: Page, live_server: Any, visit: Any, world: World) -> None:
    _as(page, live_server, world.key_person)
    visit(page, "/start/")
    card = page.locator("a.card", has_text="Sikkerhedsmeldinger")
    expect(card).to_contain_text("1 ikke kvitteret")
    card.click()
    check_page(page)
    page.get_by_role("link", name=re.compile("Henrik")).click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("glasskår")
    page.get_by_role("button", name="Kvittér – jeg overtager").click()
    expect(page.locator(".alert-success").first).to_contain_text("Kvitteret. Peeren")
    check_page(page)
    notice = SafetyNotice.objects.get()
    assert notice.acknowledged_by == world.key_person and notice.escalated_at is None


def test_it_takes_a_ward_week_from_the_plan_to_a_filed_note_and_an_acknowledged_safety_notice(
    page: Page, phone_page: Page, visit: Any, live_server: Any, e2e_world: World
) -> None:
    world = e2e_world
    contact = make_contact_person(world)
    _generate_and_publish(page, live_server, visit, world)
    _fill_list(phone_page, live_server, visit, world, contact)
    _log_conversations(phone_page, live_server, visit, world)
    _file_journal_note(page, live_server, visit, contact)
    _raise_safety_notice(phone_page, visit, world)
    _acknowledge(page, live_server, visit, world)


def test_it_shows_every_ward_conversation_page_in_danish_and_accessibly(
    page: Page, phone_page: Page, live_server: Any, visit: Any, transactional_db: Any
) -> None:
    """With the demo's data in them: the peer's pages on a phone, the key person's and contact person's
    pages, and the coordinator's themes, debrief and report with charts."""
    from conversations import demo as conversations_demo
    from core.demo import DEMO_PASSWORD, build_core
    from education import demo as education_demo
    from people import demo as people_demo
    from wards import demo as wards_demo

    demo = build_core()
    people_demo.build(demo)
    education_demo.build(demo)
    wards_demo.build(demo)
    conversations_demo.build(demo)
    shift = Shift.objects.get(peer__user=demo.logins["peer"], date=timezone.localdate())
    past = Conversation.objects.filter(shift__peer__user=demo.logins["peer"]).select_related("shift").first()
    notice = SafetyNotice.objects.first()
    assert notice is not None

    browser_login(phone_page, live_server, demo.logins["peer"], password=DEMO_PASSWORD)
    visit(phone_page, "/vagt/i-dag/")
    expect(phone_page.locator(".patient-name").first).to_have_text("Stue 7")
    paths = [f"/vagt/{shift.code}/", f"/vagt/{shift.code}/sikkerhedsmelding/", "/sikkerhedsmeldinger/"]
    if past is not None:
        paths.append(f"/vagt/samtale/{past.code}/")
    for path in paths:
        visit(phone_page, path)

    browser_login(page, live_server, demo.logins["contact_person"], password=DEMO_PASSWORD)
    for path in ("/journalnotater/samtaler/", "/journalnotater/samtaler/?vis=journalfoerte", "/samtaleliste/"):
        visit(page, path)
    expect(page.locator("main")).to_contain_text("Stue 7")

    page.context.clear_cookies()
    browser_login(page, live_server, demo.logins["coordinator"], password=DEMO_PASSWORD)
    for path in (
        "/samtaletemaer/",
        "/vagt/opsamling/",
        "/rapporter/afsnitssamtaler/",
        "/sikkerhedsmeldinger/",
        f"/sikkerhedsmeldinger/{notice.code}/",
        f"/vagt/{notice.shift.code}/" if notice.shift else "/sikkerhedsmeldinger/",
    ):
        visit(page, path)
    page.goto(live_server.url + "/rapporter/afsnitssamtaler/")
    expect(page.locator("canvas[data-chart='chart-weeks']")).to_have_attribute("data-chart-ready", "true")
