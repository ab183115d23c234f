"""Acceptance of the peers issue, in Danish: someone applies on a phone; the coordinator interviews, scores and
offers a place; the new peer accepts the volunteer agreement on their phone; the basic module is completed; and
the peer shows as active and qualified in the overview that replaces the shared spreadsheet. A peer keeps their
own availability and announces a pause on their phone."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from core.models import User
from people.models import AvailabilitySlot, Peer, PeerApplication, PeerStatus
from tests.e2e.conftest import check_page
from tests.e2e.helpers import browser_login
from tests.peer_personas import make_peer
from tests.personas import World, make_world

NEW_PASSWORD = "Mit-nye-kodeord-2026"


@pytest.fixture
def e2e_world(transactional_db: Any) -> World:
    return make_world()


def _apply_on_a_phone(page: Page, visit: Any) -> None:
    visit(page, "/bliv-peer/ansoeg/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Søg om at blive peer")
    page.get_by_label("Hvor vil du gerne være peer?").select_option(label="Peer-guides")
    page.get_by_label("Fornavn").fill("Mette")
    page.get_by_label("Efternavn").fill("Frederiksen")
    page.get_by_label("E-mail").fill("mette@example.dk")
    page.get_by_label("Fødselsdato").fill("02.04.1985")
    page.get_by_label("Hvorfor vil du gerne være peer?").fill("Jeg vil gerne give håb videre.")
    page.get_by_label("Dine egne erfaringer med psykiske vanskeligheder og recovery").fill(
        "Jeg har levet med angst og har været indlagt."
    )
    page.get_by_role("group", name="Hvor længe har du været i en recovery-proces?").get_by_label("3–5 år").check()
    page.get_by_role("group", name="Har du været indlagt på et psykiatrisk sengeafsnit?").get_by_label("Ja").check()
    page.get_by_label("Frivilligt arbejde").check()
    page.get_by_label("Hvor mange timer om ugen vil du gerne arbejde som peer?").fill("2,5")
    # Sending without consent is refused with a clear message, and nothing typed is lost.
    page.get_by_role("button", name="Send ansøgning").click()
    expect(page.locator(".error-summary")).to_contain_text("Sæt flueben for at give samtykke")
    expect(page.get_by_label("Fornavn")).to_have_value("Mette")
    expect(page.get_by_label("Hvor mange timer om ugen vil du gerne arbejde som peer?")).to_have_value("2,5")
    check_page(page)
    page.get_by_label("Jeg giver samtykke til behandlingen af min ansøgning").check()
    page.get_by_role("button", name="Send ansøgning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak for din ansøgning")
    check_page(page)


def _interview_and_offer(page: Page, live_server: Any, visit: Any, world: World) -> None:
    browser_login(page, live_server, world.coordinator)
    expect(page.locator("main a.card", has_text="Ansøgninger")).to_contain_text("1 nye")
    page.locator("main a.card", has_text="Ansøgninger").click()
    check_page(page)
    page.get_by_role("link", name="Mette Frederiksen").click()
    expect(page.get_by_role("heading", name="Kriterier – til vejledning")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Har været i en recovery-proces i mindst et år.")
    check_page(page)

    page.get_by_role("link", name="Registrér en samtale").click()
    page.get_by_label("Dato for samtalen").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.get_by_label("Panelets samlede vurdering").fill("Reflekteret og konkret.")
    page.get_by_role("button", name="Registrér samtalen").click()
    expect(page.locator(".alert-success")).to_contain_text("Samtalen er registreret")
    check_page(page)
    for member, score in (("Lone, afdelingssygeplejerske", "3 – vist"), ("Per, peermedarbejder", "4 – tydeligt vist")):
        page.get_by_label("Panelmedlem").fill(member)
        for criterion in (
            "Refleksion over egen recovery-proces",
            "Mestring af egen sygdom",
            "Behandlingspsykiatrien som arbejdsplads",
            "At være en del af en arbejdsplads",
            "Erfaring med indlæggelse på et psykiatrisk sengeafsnit",
        ):
            page.get_by_role("group", name=criterion).get_by_label(score).check()
        page.get_by_role("button", name="Gem vurderingen").click()
        expect(page.locator(".alert-success")).to_contain_text("er gemt")
    scores = page.get_by_role("table")
    expect(scores).to_contain_text("Lone, afdelingssygeplejerske")
    expect(scores.get_by_role("row", name="Mestring af egen sygdom")).to_contain_text("3,5")
    check_page(page)

    page.get_by_role("link", name="Tilbage til ansøgningen").click()
    page.get_by_role("link", name="Tilbyd en plads").click()
    expect(page.get_by_label("Timer om ugen")).to_have_value("2,5")
    page.get_by_role("button", name="Tilbyd en plads").click()
    expect(page.locator(".alert-success")).to_contain_text("begynder på peer-uddannelsen")
    expect(page.locator("main")).to_contain_text("Under uddannelse")
    check_page(page)


def _accept_the_invitation_on_a_phone(page: Page, visit: Any) -> User:
    """The new peer chooses a password from the invitation e-mail; their authenticator app is then set up."""
    invitation = next(m for m in mail.outbox if m.to == ["mette@example.dk"] and "/konto/invitation/" in m.body)
    url = next(word for word in invitation.body.split() if "/konto/invitation/" in word)
    visit(page, url)
    page.get_by_label("Vælg en adgangskode").fill(NEW_PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Opret min konto").click()
    check_page(page)
    user = User.objects.get(email="mette@example.dk")
    # The authenticator app is set up as for every peer; the test keeps the secret to type its codes.
    TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    return user


def _make_the_agreement(page: Page) -> None:
    page.get_by_role("link", name="Aftaler og dokumenter").click()
    page.get_by_role("link", name="Opret frivilligaftale").click()
    check_page(page)
    page.get_by_label("Program", exact=True).select_option(label="Peer-guides")
    page.get_by_label("Startdato").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.get_by_label("Forsikring").fill("Kommunens ulykkes- og ansvarsforsikring for frivillige.")
    page.get_by_role("button", name="Opret aftalen").click()
    expect(page.locator(".alert-success")).to_be_visible()
    check_page(page)


def _accept_the_agreement_on_a_phone(page: Page, live_server: Any, visit: Any, user: User) -> None:
    browser_login(page, live_server, user, password=NEW_PASSWORD)
    visit(page, "/min-side/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Mette")
    visit(page, "/mine-aftaler/")
    page.locator("main a", has_text="Peer-guides").first.click()
    page.get_by_label("Dit fulde navn").fill("Mette Frederiksen")
    page.get_by_label("Jeg har læst aftalen og funktionsbeskrivelsen, og jeg accepterer dem").check()
    page.get_by_role("button", name="Godkend aftalen").click()
    expect(page.locator(".page-messages")).to_contain_text("Du har godkendt aftalen")
    check_page(page)


def _complete_the_basic_module(page: Page, visit: Any, peer: Peer) -> None:
    visit(page, "/uddannelse/")
    page.get_by_role("button", name="Tilføj moduler og regler").click()
    check_page(page)
    visit(page, f"/peers/{peer.code}/")
    page.get_by_role("link", name="Uddannelsesplan").click()
    page.get_by_role("link", name="Godkend et gennemført modul").click()
    page.get_by_label("Modul").select_option(label="Basismodul")
    page.get_by_label("Gennemført den").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".alert-success")).to_be_visible()
    check_page(page)


def _activate_and_find_in_overview(page: Page, visit: Any, peer: Peer) -> None:
    visit(page, f"/peers/{peer.code}/")
    page.get_by_role("link", name="Skift status").click()
    page.get_by_label("Aktiv").check()
    page.get_by_label("Bemærkning").fill("Aftale godkendt og basismodul gennemført")
    page.get_by_role("button", name="Skift status").click()
    expect(page.locator(".alert-success")).to_contain_text("har nu status “Aktiv”")
    expect(page.get_by_role("table", name="Statusændringer")).to_contain_text("basismodul gennemført")
    check_page(page)

    visit(page, "/peers/")
    row = page.get_by_role("row", name="Mette Frederiksen")
    expect(row).to_contain_text("Aktiv")
    expect(row).to_contain_text("Frivillig peer")
    expect(row).to_contain_text("2,5")
    expect(row).to_contain_text("Peer-guide")
    page.get_by_label("Status").select_option(label="Under uddannelse")
    expect(page.locator("main")).to_contain_text("Ingen peers passer")
    check_page(page)


def test_it_takes_an_applicant_through_interview_agreement_and_basic_module_to_active_and_qualified(
    phone_page: Page, page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    _apply_on_a_phone(phone_page, visit)
    application = PeerApplication.objects.get(email="mette@example.dk")
    assert application.consent_given_at is not None

    _interview_and_offer(page, live_server, visit, e2e_world)
    peer = Peer.objects.get(application=application)
    assert peer.status == PeerStatus.IN_EDUCATION

    user = _accept_the_invitation_on_a_phone(phone_page, visit)
    peer.refresh_from_db()
    assert peer.user == user
    _make_the_agreement(page)
    _accept_the_agreement_on_a_phone(phone_page, live_server, visit, user)
    _complete_the_basic_module(page, visit, peer)
    _activate_and_find_in_overview(page, visit, peer)
    peer.refresh_from_db()
    assert peer.status == PeerStatus.ACTIVE
    assert [c.to_status for c in peer.status_changes.order_by("id")] == ["applicant", "in_education", "active"]


def test_it_lets_a_peer_keep_their_availability_and_announce_a_pause_on_a_phone(
    phone_page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    peer = make_peer(e2e_world)
    browser_login(phone_page, live_server, e2e_world.peer)
    visit(phone_page, "/min-side/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Hej Peter")

    phone_page.get_by_role("link", name="Ret min tilgængelighed").click()
    check_page(phone_page)
    first = phone_page.get_by_role("group", name="Tidsrum 1")
    first.get_by_label("Dag").select_option(label="Tirsdag")
    first.get_by_label("Fra").fill("15:00")
    first.get_by_label("Til").fill("10:00")
    phone_page.get_by_role("button", name="Gem ugentlige tider").click()
    expect(phone_page.locator(".error-summary")).to_contain_text("Tidsrummet skal slutte, efter det begynder")
    expect(first.get_by_label("Fra")).to_have_value("15:00")
    check_page(phone_page)
    first.get_by_label("Til").fill("17:30")
    phone_page.get_by_role("button", name="Gem ugentlige tider").click()
    expect(phone_page.locator(".alert-success")).to_contain_text("De ugentlige tider er gemt")
    assert AvailabilitySlot.objects.filter(peer=peer, weekday=1).exists()

    phone_page.get_by_role("link", name="Tilbage til min side").click()
    phone_page.get_by_role("link", name="Hold pause").click()
    check_page(phone_page)
    phone_page.get_by_label("Begrundelse for pausen").fill("Har brug for en pause")
    phone_page.get_by_role("button", name="Start min pause").click()
    expect(phone_page.locator(".alert-success")).to_contain_text("Din pause er registreret")
    expect(phone_page.locator("main")).to_contain_text("Du bliver ikke matchet med nye borgere")
    check_page(phone_page)
    phone_page.get_by_role("button", name="Jeg er tilbage – afslut min pause").click()
    expect(phone_page.locator(".alert-success")).to_contain_text("Velkommen tilbage")
    peer.refresh_from_db()
    assert peer.status == PeerStatus.ACTIVE


def test_it_shows_a_peer_their_own_data_and_who_looked_it_up_on_a_phone(
    phone_page: Page, page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    peer = make_peer(e2e_world)
    browser_login(page, live_server, e2e_world.coordinator)
    visit(page, f"/peers/{peer.code}/")
    page.get_by_role("link", name="Adgangslog").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvem har brugt peerens oplysninger")
    expect(page.locator("main table")).to_contain_text("Læsning")
    check_page(page)

    browser_login(phone_page, live_server, e2e_world.peer)
    visit(phone_page, "/mine-data/")
    expect(phone_page.get_by_role("heading", name="Som peer hos Region Testland")).to_be_visible()
    expect(phone_page.locator("main")).to_contain_text("Koordinering af peers")
    expect(phone_page.locator("main")).not_to_contain_text(e2e_world.coordinator.email)
    check_page(phone_page)
