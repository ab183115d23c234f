"""Referral and matching in the browser, in Danish: a key person refers a patient (and is told why a
criterion rules out first); the coordinator sees the queue and the overview and asks the best-fitting
peer from the shortlist; the peer says yes on a phone. A citizen asks for a peer on the public site."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from referrals.models import Match, MatchStatus, Referral
from referrals.tests.factories import ready_peer
from tests.e2e.conftest import check_page
from tests.e2e.helpers import browser_login
from tests.personas import World, make_world


@pytest.fixture
def e2e_world(transactional_db: Any) -> World:
    return make_world()


def _log_out(page: Page) -> None:
    page.locator("header .portal-user").get_by_role("button", name="Log ud").click()
    page.wait_for_load_state("load")


def _refer(page: Page, visit: Any) -> None:
    visit(page, "/henvisninger/ny/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Henvis en borger")
    expect(page.locator("main")).to_contain_text("Borgeren har ikke demens.")
    page.get_by_label("Borgerens fornavn").fill("Mette")
    page.get_by_role("textbox", name="Telefon").fill("20304050")
    page.get_by_label("Kommune, borgeren bor i").fill("Aarhus")
    page.get_by_role("group", name="Hvor er borgeren nu?").get_by_label(
        "Indlagt (sengeafsnit), før eller ved udskrivelse"
    ).check()
    page.get_by_role("group", name="Er borgeren 18 år eller ældre?").get_by_label("Ja").check()
    page.get_by_label("Demens", exact=True).check()
    page.get_by_label("Jeg bekræfter, at jeg har tjekket kriterierne").check()
    page.get_by_label("Borgeren er orienteret om peerstøtte og ønsker at blive henvist").check()
    page.get_by_label("mandag formiddag").check()
    page.get_by_role("button", name="Send henvisningen").click()
    # A criterion that applies is explained, nothing is saved, and nothing typed is lost.
    expect(page.locator("main")).to_contain_text("Programmet tager ikke borgere med demens.")
    expect(page.get_by_label("Borgerens fornavn")).to_have_value("Mette")
    check_page(page)
    page.get_by_label("Demens", exact=True).uncheck()
    page.get_by_role("button", name="Send henvisningen").click()
    expect(page.locator(".alert-success")).to_contain_text("Mette er henvist og venter på en peer")
    check_page(page)


def _match(page: Page, visit: Any) -> None:
    visit(page, "/henvisninger/overblik/")
    expect(page.locator("main")).to_contain_text("Mette")
    expect(page.locator("main")).to_contain_text("Peter (Peer-guides): 2 ledige pladser")
    page.get_by_role("link", name="Henvisninger").first.click()
    page.get_by_role("link", name="Peer-guides").click()
    check_page(page)
    page.get_by_role("link", name="Find en peer til Mette").click()
    expect(page.locator("main")).to_contain_text("Bor i samme kommune (Aarhus).")
    expect(page.locator("main")).to_contain_text("Har ingen gyldig aftale.")  # Olga, ruled out
    check_page(page)
    page.get_by_role("button", name="Spørg Peter").click()
    expect(page.locator(".alert-success")).to_contain_text("Peter er spurgt")
    check_page(page)


def test_it_takes_a_referral_from_the_key_person_to_the_peers_yes(
    page: Page, phone_page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    world = e2e_world
    ready_peer(world, "Peter", user=world.peer, municipality="Aarhus")
    ready_peer(world, "Olga", agreement=False)
    browser_login(page, live_server, world.key_person)
    _refer(page, visit)
    _log_out(page)
    browser_login(page, live_server, world.coordinator)
    _match(page, visit)

    browser_login(phone_page, live_server, world.peer)
    visit(phone_page, "/mine-forslag/")
    expect(phone_page.get_by_role("heading", name="Mette")).to_be_visible()
    phone_page.get_by_role("link", name="Svar").click()
    check_page(phone_page)
    phone_page.get_by_role("button", name="Ja, jeg vil være peer").click()
    expect(phone_page.locator(".alert-success")).to_contain_text("Kontakt Mette snart")
    check_page(phone_page)
    match = Match.objects.get()
    assert match.status == MatchStatus.ACCEPTED
    assert match.course_code is not None


def test_it_lets_a_citizen_ask_for_a_peer_on_a_phone(phone_page: Page, visit: Any, e2e_world: World) -> None:
    world = e2e_world
    world.programme.settings = {"self_referral": True}
    world.programme.save()
    cache.clear()
    visit(phone_page, "/find-en-peer/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Bed om en peer")
    phone_page.get_by_label("Dit fornavn").fill("Sofie")
    phone_page.get_by_label("Din e-mailadresse").fill("sofie@example.dk")
    phone_page.get_by_label("Den kommune, du bor i").fill("Randers")
    phone_page.get_by_role("group", name="Er du 18 år eller ældre?").get_by_label("Ja").check()
    phone_page.get_by_label("tirsdag eftermiddag").check()
    phone_page.get_by_label("Jeg giver samtykke til, at koordinatoren gemmer").check()
    time.sleep(3.2)  # the spam check expects a person to take a few seconds
    phone_page.get_by_role("button", name="Send", exact=True).click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Tak – vi har modtaget din henvendelse")
    check_page(phone_page)
    assert Referral.objects.get().citizen.first_name == "Sofie"


def test_it_matches_the_whole_queue_and_lets_the_citizen_ask_for_another_peer(
    page: Page, phone_page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    from referrals.tests.factories import make_referral

    world = e2e_world
    ready_peer(world, "Peter", user=world.peer, capacity=1)
    make_referral(world, "Birgit", citizen=world.citizen_record, waited_days=20)
    make_referral(world, "Jens", availability=("sun-eve",), waited_days=2)
    browser_login(page, live_server, world.coordinator)
    visit(page, f"/henvisninger/program/{world.programme.code}/indstillinger/")
    page.get_by_label("At bo tæt på hinanden").fill("5")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".alert-success")).to_contain_text("Indstillingerne er gemt")
    check_page(page)
    visit(page, "/henvisninger/ledige-peers/")
    expect(page.locator("main")).to_contain_text("Peter")
    visit(page, f"/henvisninger/program/{world.programme.code}/samlet-matchning/")
    expect(page.get_by_label("Birgit Testesen med Peter Testesen")).to_be_checked()
    expect(page.locator("main")).to_contain_text("Ingen peer lige nu")
    page.get_by_role("button", name="Bekræft de afkrydsede par").click()
    expect(page.locator(".alert-success")).to_contain_text("1 peer er blevet spurgt")
    check_page(page)

    browser_login(phone_page, live_server, world.citizen)
    visit(phone_page, "/min-henvisning/")
    expect(phone_page.locator("main")).to_contain_text("Din peer: Peter")
    phone_page.get_by_role("link", name="Jeg vil hellere have en anden peer").click()
    check_page(phone_page)
    phone_page.get_by_role("button", name="Ja, find en anden peer til mig").click()
    expect(phone_page.locator(".alert-success")).to_contain_text("Koordinatoren finder en anden til dig")
    check_page(phone_page)
    assert Match.objects.get().status == MatchStatus.CITIZEN_DECLINED
