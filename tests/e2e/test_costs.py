"""Acceptance of the cost pages, in Danish: a coordinator copies the peer-guide assessment, sees the
published figures next to the computed ones with the 5-year discrepancy reported, changes an amount
and sees the sensitivity chart change, compares the scenario with the published one and downloads
the Excel file."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.conftest import check_page
from tests.e2e.helpers import browser_login
from tests.personas import World, make_world


@pytest.fixture
def e2e_world(transactional_db: Any) -> World:
    return make_world()


def chart_values(page: Page, element_id: str) -> list[int]:
    """The computed sensitivity curve the chart draws (1 … 10 operating years)."""
    config = json.loads(page.locator(f"script#{element_id}").text_content() or "{}")
    values: list[int] = config["data"]["datasets"][0]["data"]
    return values


def expect_chart_drawn(page: Page, element_id: str) -> None:
    canvas = page.locator(f'canvas[data-cost-chart="{element_id}"]')
    expect(canvas).to_be_visible()
    expect(canvas).to_have_attribute("data-chart-ready", "true")  # Chart.js drew it, no CSP error


def test_it_takes_a_coordinator_from_the_published_assessment_to_an_excel_file(
    page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    browser_login(page, live_server, e2e_world.coordinator)
    visit(page, "/omkostninger/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Omkostninger")

    # Copy the peer-guide assessment to the organisation's scenarios.
    page.get_by_role("button", name="Kopiér Peer-guider (Region Midtjylland)").click()
    page.wait_for_load_state("load")
    check_page(page)
    expect(page.locator(".page-messages")).to_contain_text("er kopieret til jeres scenarier")
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer-guider (Region Midtjylland)")

    # Published vs computed: every figure, and the 5-year discrepancy spelt out.
    comparison = page.locator("section.published-comparison")
    expect(comparison).to_contain_text("8 af 9 offentliggjorte tal genskabes på kronen.")
    expect(comparison.locator(".discrepancies")).to_contain_text(
        "Det offentliggjorte tal 38.805 kr. afviger fra metoden (38.548 kr.) med +257 kr."
    )
    five_years = comparison.locator('tr[data-figure="sensitivity:5"]')
    expect(five_years).to_contain_text("38.805")
    expect(five_years).to_contain_text("Afviger")
    expect(page.locator('td[data-cell="total"]')).to_have_text("5.399.316")
    expect_chart_drawn(page, "scenario-chart-data")
    before = chart_values(page, "scenario-chart-data")
    assert before[0] == 46_098

    # Change the education's amount: first calculate without saving, then save.
    page.get_by_role("link", name="Ret scenariet").click()
    page.wait_for_load_state("load")
    check_page(page)
    education = page.get_by_role("group", name="Omkostning 1")
    amount = education.get_by_label("Beløb (kr.)")
    expect(amount).to_have_value("887.903,66")
    amount.fill("1.200.000")
    page.get_by_role("button", name="Beregn uden at gemme").click()
    page.wait_for_load_state("load")
    check_page(page)
    expect(page.get_by_role("heading", name="Beregning (ikke gemt)")).to_be_visible()
    expect_chart_drawn(page, "preview-chart-data")
    preview = chart_values(page, "preview-chart-data")
    assert preview[0] > before[0]
    expect(page.get_by_role("group", name="Omkostning 1").get_by_label("Beløb (kr.)")).to_have_value("1.200.000")

    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_load_state("load")
    check_page(page)
    expect(page.locator(".page-messages")).to_contain_text("Scenariet er gemt.")
    expect_chart_drawn(page, "scenario-chart-data")
    after = chart_values(page, "scenario-chart-data")
    assert after == preview and after != before
    expect(page.locator('td[data-cell="total"]')).not_to_have_text("5.399.316")
    expect(page.locator("section.published-comparison")).to_contain_text("Scenariet er ændret, siden det blev kopieret")

    # Compare the changed scenario with the published assessment it came from.
    page.get_by_role("link", name="Sammenlign med den offentliggjorte vurdering").click()
    page.wait_for_load_state("load")
    check_page(page)
    table = page.locator("table.compare-table")
    expect(table).to_contain_text("Peer-guider (Region Midtjylland) (offentliggjort)")
    expect(table.locator("tr", has_text="Uddannelse").first).to_contain_text("1.708.860")
    expect_chart_drawn(page, "compare-chart-data")

    # Download the scenario as an Excel file and open it.
    page.go_back()
    page.wait_for_load_state("load")
    check_page(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent som Excel").click()
    download = download_info.value
    assert download.suggested_filename == "peer-guider-region-midtjylland.xlsx"
    book = load_workbook(BytesIO(Path(download.path()).read_bytes()))
    sheet = book["Omkostningsvurdering"]
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == "Uddannelse"]
    assert values and values[0][2] != 1_708_860  # the changed education cost, as a number


def test_it_shows_an_analyst_the_method_and_the_actual_cost_page_on_a_phone(
    phone_page: Page, live_server: Any, visit: Any, e2e_world: World
) -> None:
    browser_login(phone_page, live_server, e2e_world.analyst)
    visit(phone_page, "/omkostninger/metode/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Sådan beregnes omkostningerne")
    visit(phone_page, "/omkostninger/offentliggjorte/ark/")
    expect(phone_page.locator(".discrepancies")).to_contain_text(
        "69.822 kr. afviger fra metoden (69.823 kr.) med -1 kr."
    )
    visit(phone_page, "/omkostninger/faktisk/")
    expect(phone_page.get_by_text("Der er endnu ingen omkostninger at regne med")).to_be_visible()
