"""The partnership report in the browser: an analyst picks a period in Danish, reads the figures and
downloads the Excel file."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from reports.tests.helpers import course, meeting
from tests.e2e.conftest import check_page
from tests.e2e.helpers import browser_login
from tests.personas import World, make_world


@pytest.fixture
def e2e_world(transactional_db: Any) -> World:
    world = make_world()
    running = course(world, started_on=date(2026, 2, 2))
    meeting(running, date(2026, 2, 9), 90)
    return world


def row(page: Page, heading: str) -> Any:
    return page.locator("tr", has=page.get_by_role("rowheader", name=heading, exact=True))


def test_it_lets_an_analyst_read_and_download_the_report_for_a_quarter(
    page: Page, visit: Any, live_server: Any, e2e_world: World
) -> None:
    browser_login(page, live_server, e2e_world.analyst)
    visit(page, "/rapporter/")
    page.get_by_label("Fra").fill("01.01.2026")
    page.get_by_label("Til og med").fill("31.03.2026")
    page.get_by_role("button", name="Vis").click()
    check_page(page)
    expect(row(page, "Støtteforløb startet")).to_contain_text("1")
    expect(row(page, "Timer med møder")).to_contain_text("1,5")
    expect(row(page, "Fremmøde til supervision (%)")).to_contain_text("registreres ikke")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som Excel").click()
    assert download.value.suggested_filename == "rapport-2026-01-01-2026-03-31.xlsx"
