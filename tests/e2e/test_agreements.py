"""Acceptance of volunteer agreements: a coordinator makes one and prints it, the peer accepts it on the
phone, the coordinator sees it accepted; an overlapping period is refused and nothing typed is lost."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from agreements import services
from people.models import Peer
from tests.e2e.conftest import check_page
from tests.e2e.helpers import browser_login
from tests.personas import World, make_world


@pytest.fixture
def e2e_world(transactional_db: Any, settings: Any, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = make_world()
    peer = Peer.objects.create(
        organisation=world.organisation,
        user=world.peer,
        first_name="Peter",
        last_name="Testesen",
        email="peer@example.dk",
        phone="12345678",
        status="active",
        kind="volunteer",
    )
    peer.programmes.add(world.programme)
    return world


def _date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def test_it_makes_prints_and_accepts_a_volunteer_agreement(
    page: Page, phone_page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    peer = Peer.objects.get(user=e2e_world.peer)
    today = timezone.localdate()

    # The coordinator finds the volunteer among those without an agreement and makes one.
    browser_login(page, live_server, e2e_world.coordinator)
    visit(page, "/aftaler/?show=missing")
    page.get_by_role("link", name="Peter Testesen", exact=True).click()
    check_page(page)
    expect(page.locator("h1")).to_contain_text("Peter Testesen")
    page.get_by_role("link", name="Opret frivilligaftale").click()
    check_page(page)
    expect(page.get_by_label("Fornavn")).to_have_value("Peter")
    page.get_by_label("Adresse").fill("Hovedgaden 1")
    page.get_by_label("Postnummer").fill("8000")
    page.locator("input[name=city]").fill("Aarhus C")
    page.get_by_role("button", name="Opret aftalen").click()
    check_page(page)
    expect(page.locator(".alert-success")).to_contain_text("Frivilligaftalen med Peter Testesen er oprettet")
    expect(page.locator("main")).to_contain_text("Den frivillige har ikke godkendt aftalen endnu")

    # … and prints it.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent som PDF").click()
    download = download_info.value
    assert download.suggested_filename == "frivilligaftale-peter-testesen.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    agreement_url = page.url

    # The peer logs in on the phone and accepts it electronically.
    browser_login(phone_page, live_server, e2e_world.peer)
    visit(phone_page, "/mine-aftaler/")
    expect(phone_page.locator("main")).to_contain_text("Venter på, at du godkender den")
    phone_page.get_by_role("link", name="Peer-guides").click()
    check_page(phone_page)
    expect(phone_page.locator("main")).to_contain_text("Tavshedspligten fortsætter")
    phone_page.get_by_label("Dit fulde navn").fill("Peter Testesen")
    phone_page.get_by_role("button", name="Godkend aftalen").click()
    check_page(phone_page)
    expect(phone_page.locator(".alert-error")).to_contain_text("Sæt kryds for at bekræfte")
    expect(phone_page.get_by_label("Dit fulde navn")).to_have_value("Peter Testesen")
    phone_page.get_by_label("Jeg har læst aftalen og funktionsbeskrivelsen").check()
    phone_page.get_by_role("button", name="Godkend aftalen").click()
    check_page(phone_page)
    expect(phone_page.locator(".alert-success").first).to_contain_text("Du har godkendt aftalen")

    # The coordinator sees it accepted.
    visit(page, agreement_url)
    expect(page.locator("main")).to_contain_text("Godkendt elektronisk af Peter Testesen")

    # A second agreement overlapping the first is refused, with everything typed kept.
    overlapping = today + datetime.timedelta(days=30)
    visit(page, f"/aftaler/peers/{peer.code}/ny/")
    page.get_by_label("Startdato").fill(_date(overlapping))
    page.get_by_label("Adresse").fill("Skovvej 7")
    page.get_by_role("button", name="Opret aftalen").click()
    check_page(page)
    expect(page.locator(".error-summary")).to_contain_text("Perioden overlapper en anden aftaleperiode")
    expect(page.get_by_label("Adresse")).to_have_value("Skovvej 7")
    expect(page.get_by_label("Startdato")).to_have_value(_date(overlapping))
    assert peer.agreements.count() == 1


def test_every_agreements_page_passes_the_checks(
    page: Page, phone_page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    peer = Peer.objects.get(user=e2e_world.peer)
    today = timezone.localdate()
    agreement = services.create_agreement(
        peer=peer,
        programme=e2e_world.programme,
        coordinator=e2e_world.coordinator,
        starts_on=today - datetime.timedelta(days=170),
        acting_user=e2e_world.coordinator,
        first_name="Peter",
        last_name="Testesen",
        phone="12345678",
        cpr="010190-1234",
        insurance="Dækket af forsikringen for frivillige.",
    )
    paid = Peer.objects.create(organisation=e2e_world.organisation, first_name="Bodil", status="active", kind="paid")
    record = services.save_employment_record(
        peer=paid,
        acting_user=e2e_world.coordinator,
        starts_on=today,
        hours_per_week=Decimal(20),
        considerations="Pause midt på vagten",
    )
    browser_login(page, live_server, e2e_world.coordinator)
    for path in (
        "/aftaler/",
        "/aftaler/?show=ending",
        "/aftaler/?show=ended",
        f"/aftaler/peers/{peer.code}/",
        f"/aftaler/{agreement.code}/",
        f"/aftaler/{agreement.code}/ret/",
        f"/aftaler/peers/{peer.code}/straffeattest/",
        f"/aftaler/peers/{peer.code}/udtalelse/",
        f"/aftaler/peers/{paid.code}/",
        f"/aftaler/peers/{paid.code}/ansaettelse/",
        f"/aftaler/ansaettelser/{record.code}/",
        f"/aftaler/ansaettelser/{record.code}/ret/",
        "/aftaler/skabeloner/",
        "/aftaler/skabeloner/role_peer/",
        "/aftaler/skabeloner/volunteer_agreement/",
    ):
        response = visit(page, path)
        assert response is not None and response.status == 200, path

    # The renewal talk: a date in the future is refused and the notes are kept.
    visit(page, f"/aftaler/{agreement.code}/")
    page.get_by_text("Registrér fornyelsessamtalen").click()
    page.get_by_label("Dato for samtalen").fill(_date(today + datetime.timedelta(days=3)))
    page.get_by_label("Fornyet for en ny periode").check()
    page.get_by_label("Noter fra samtalen").fill("Vil gerne fortsætte")
    page.get_by_role("button", name="Registrér samtalen").click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("Samtalen kan ikke registreres, før den har fundet sted")
    expect(page.get_by_label("Noter fra samtalen")).to_have_value("Vil gerne fortsætte")
    page.get_by_label("Dato for samtalen").fill(_date(today))
    page.get_by_role("button", name="Registrér samtalen").click()
    check_page(page)
    expect(page.locator(".alert-success")).to_contain_text("aftalen løber en ny periode")

    # The CPR number: masked, and shown in full only with a reason.
    expect(page.locator("main")).to_contain_text("010190-••••")
    page.get_by_text("Vis det fulde CPR-nummer").click()
    page.get_by_label("Hvorfor har du brug for det fulde CPR-nummer?").fill("Indberetning til kommunen")
    page.get_by_role("button", name="Vis CPR-nummer").click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("010190-1234")

    browser_login(phone_page, live_server, e2e_world.peer)
    visit(phone_page, "/mine-aftaler/")
    visit(phone_page, f"/mine-aftaler/{agreement.code}/")
