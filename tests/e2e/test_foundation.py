"""Acceptance of the foundation: two-factor login, language switch, every role's start page, no leaks."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import check_page
from tests.e2e.helpers import browser_login
from tests.personas import World, make_world


@pytest.fixture
def e2e_world(transactional_db: Any) -> World:
    return make_world()


def test_it_logs_in_with_two_factors_and_switches_language(
    page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    visit(page, "/konto/log-ind/")
    expect(page.locator("h1")).to_contain_text("Log ind")
    browser_login(page, live_server, e2e_world.coordinator)
    assert page.url.endswith("/start/")
    check_page(page)
    expect(page.locator("h1")).to_contain_text("Karin")
    expect(page.locator("main")).to_contain_text("Borgere")

    page.locator("form.language-switch button[value=en], form.language-switch [data-lang=en]").first.click()
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_contain_text("Citizens")
    check_page(page)


def test_it_refuses_a_wrong_second_factor_with_a_clear_message(page: Page, live_server: Any, e2e_world: World) -> None:
    page.goto(live_server.url + "/konto/log-ind/")
    page.fill("input[name=username]", e2e_world.coordinator.email)
    page.fill("input[name=password]", "Brobygger-test-1")
    page.click("main button[type=submit]")
    page.fill("input[name=token]", "000000")
    page.click("main button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    check_page(page)


@pytest.mark.parametrize(
    "persona",
    ["coordinator", "peer", "key_person", "citizen", "teacher", "lead", "analyst", "administrator", "outsider"],
)
def test_it_shows_every_role_a_working_start_page(
    page: Page, live_server: Any, visit: Any, e2e_world: World, persona: str
) -> None:
    browser_login(page, live_server, e2e_world.personas()[persona])
    response = visit(page, "/start/")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_be_visible()
    for link in page.locator("main a.card").all()[:8]:
        href = link.get_attribute("href")
        assert href
        sub = visit(page, href)
        assert sub is not None and sub.status == 200, href
        page.go_back()


def test_it_keeps_other_organisations_out_of_reach(page: Page, live_server: Any, e2e_world: World) -> None:
    browser_login(page, live_server, e2e_world.outsider)
    response = page.goto(f"{live_server.url}/borgere/{e2e_world.citizen_record.code}/")
    assert response is not None and response.status == 404


def test_it_lets_an_administrator_create_a_unit_on_a_phone(
    phone_page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    browser_login(phone_page, live_server, e2e_world.administrator)
    visit(phone_page, "/administration/enheder/ny/")
    phone_page.fill("input[name=name]", "Afsnit P7")
    phone_page.select_option("select[name=kind]", "ward")
    phone_page.fill("input[name=postcode]", "40")
    phone_page.click("main button[type=submit]")
    expect(phone_page.locator(".error-summary")).to_be_visible()
    expect(phone_page.locator("input[name=name]")).to_have_value("Afsnit P7")
    check_page(phone_page)
    phone_page.fill("input[name=postcode]", "4000")
    phone_page.click("main button[type=submit]")
    expect(phone_page.locator("main")).to_contain_text("Afsnit P7")
    check_page(phone_page)


def test_it_lets_an_administrator_send_an_invitation_again_and_withdraw_it(
    page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    browser_login(page, live_server, e2e_world.administrator)
    visit(page, "/administration/brugere/inviter/")
    page.get_by_label("E-mail").fill("ny.koordinator@example.dk")
    page.get_by_label("Rolle").select_option(label="Koordinator")
    page.locator("main button[type=submit]").click()
    invitations = page.locator("main li", has_text="ny.koordinator@example.dk")
    expect(invitations).to_contain_text("Koordinator")
    check_page(page)
    invitations.get_by_role("button", name="Send igen").click()
    expect(page.locator(".alert-success")).to_contain_text("Invitationen er sendt igen til ny.koordinator@example.dk")
    check_page(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("main li", has_text="ny.koordinator@example.dk").get_by_role("button", name="Træk tilbage").click()
    expect(page.locator(".alert-success")).to_contain_text("er trukket tilbage")
    expect(page.locator("main li", has_text="ny.koordinator@example.dk")).to_have_count(0)
    check_page(page)
