"""Excel and PDF exports of an assessment: the published table's layout, the figures as numbers, the
published-vs-computed check with its discrepancies, and the cost items."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from costs.exports import scenario_pdf_document, scenario_workbook
from costs.presets import get_preset
from costs.tables import assessment_table
from costs.tests.helpers import copy
from tests.personas import World, login


def workbook(content: bytes) -> Workbook:
    return load_workbook(BytesIO(content))


def rows(book: Workbook, sheet: str) -> list[tuple[Any, ...]]:
    """The sheet's rows without the empty cells at their ends."""
    result = []
    for row in book[sheet].iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        result.append(tuple(values))
    return result


def row_starting(book: Workbook, sheet: str, first: str) -> tuple[Any, ...]:
    return next(row for row in rows(book, sheet) if row and row[0] == first)


def texts(box: Any) -> Iterator[str]:
    """Every piece of text WeasyPrint laid out, box by box."""
    if getattr(box, "text", None):
        yield box.text
    for child in getattr(box, "children", []):
        yield from texts(child)


@pytest.mark.django_db
def test_it_downloads_an_excel_file_with_the_published_tables_figures(world: World) -> None:
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    response = login(Client(), world.analyst).get(
        reverse("costs:scenario_export", kwargs={"code": scenario.code, "fmt": "excel"})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="peer-guider-region-midtjylland.xlsx"'
    book = workbook(response.content)
    assert book.sheetnames == ["Omkostningsvurdering", "År for år", "Offentliggjort og beregnet", "Omkostningsposter"]

    header = row_starting(book, "Omkostningsvurdering", "Omkostningskategori")
    assert header == (
        "Omkostningskategori",
        "Kvantificerede omkostninger",
        "Omkostninger i alt (kr.)",
        "Omkostninger pr. peer-guide pr. år (kr.)",
        "Ikke-kvantificerede omkostninger",
    )
    assert row_starting(book, "Omkostningsvurdering", "Uddannelse")[2:4] == (1_708_860, 12_598)
    assert row_starting(book, "Omkostningsvurdering", "Drift af indsatsen")[2:4] == (3_690_456, 27_206)
    assert row_starting(book, "Omkostningsvurdering", "Forberedelse")[2:] == (
        "-",
        "-",
        "Ledelsesressourcer til udvikling af peer-støttemodel\nEvt. udvikling af peer-uddannelse",
    )
    assert row_starting(book, "Omkostningsvurdering", "I alt")[2:4] == (5_399_316, 39_804)
    assert row_starting(book, "Omkostningsvurdering", "Omkostninger pr. peer-guide pr. år (kr.)")[1:] == (
        46_098,
        39_804,
        38_548,
    )
    assert row_starting(book, "Omkostningsvurdering", "Offentliggjort")[1:] == (46_098, 39_804, 38_805)

    figure = row_starting(
        book, "Offentliggjort og beregnet", "Følsomhed: omkostninger pr. peer-guide pr. år ved drift i 5 år"
    )
    assert figure[1:] == (38_805, 38_548, 257, "Nej")
    discrepancy = next(r for r in rows(book, "Offentliggjort og beregnet") if len(r) > 1 and "afviger" in str(r[1]))
    assert "Det offentliggjorte tal 38.805 kr. afviger fra metoden (38.548 kr.) med +257 kr." in discrepancy[1]

    items = rows(book, "Omkostningsposter")
    assert items[0][:4] == ("Kategori", "Hvad omkostningen dækker", "Hvornår den falder", "Beløb (kr.)")
    education = next(r for r in items if r[0] == "Uddannelse")
    assert education[2] == "I det første år, derefter en andel af beløbet hvert år"
    assert education[3] == 887_903.66 and education[7] == pytest.approx(49.02196564)
    years = rows(book, "År for år")
    assert years[1][1:] == ("År 1", "År 2", "År 3")


@pytest.mark.django_db
def test_it_keeps_a_label_that_looks_like_a_formula_as_text() -> None:
    preset = get_preset("ark")
    scenario = preset.scenario
    category = scenario.categories[2]
    item = category.items[0]
    risky = replace(
        scenario,
        categories=(
            *scenario.categories[:2],
            replace(category, items=(replace(item, label='=HYPERLINK("http://example.com")'),)),
            *scenario.categories[3:],
        ),
    )
    with translation.override("da"):
        book = workbook(scenario_workbook(assessment_table(risky), name="ARK"))
    cell = next(
        c for row in book["Omkostningsposter"].iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)
    )
    assert cell.data_type == "s"


@pytest.mark.django_db
def test_it_downloads_a_pdf_with_the_table(world: World) -> None:
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    response = login(Client(), world.coordinator).get(
        reverse("costs:scenario_export", kwargs={"code": scenario.code, "fmt": "pdf"})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="peer-guider-region-midtjylland.pdf"'


@pytest.mark.django_db
def test_it_lays_out_the_pdf_in_the_published_tables_order(world: World) -> None:
    with translation.override("da"):
        scenario = copy(world.organisation, "peer_guide", world.coordinator)
        document = scenario_pdf_document(
            assessment_table(scenario.scenario(), preset_key="peer_guide", label=scenario.name), name=scenario.name
        )
    assert len(document.pages) >= 2
    laid_out = " ".join(text for page in document.pages for text in texts(page._page_box))
    order = [
        "Centrale forudsætninger",
        "Omkostningskategori",
        "Ikke-kvantificerede omkostninger",
        "5.399.316",
        "39.804",
        "Følsomhedsberegning",
        "46.098",
        "38.548",
        "Offentliggjort og beregnet",
        "+257",
        "År for år",
    ]
    positions = [laid_out.find(text) for text in order]
    assert all(position >= 0 for position in positions), dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert "Det offentliggjorte tal 38.805 kr. afviger fra metoden (38.548 kr.) med +257 kr." in laid_out


@pytest.mark.django_db
def test_it_exports_a_published_assessment_without_copying_it(world: World) -> None:
    client = login(Client(), world.analyst)
    excel = client.get(reverse("costs:preset_export", kwargs={"key": "ark", "fmt": "excel"}))
    book = workbook(excel.content)
    assert row_starting(book, "Omkostningsvurdering", "I alt")[2:4] == (5_891_136, 70_097)
    pdf = client.get(reverse("costs:preset_export", kwargs={"key": "ark", "fmt": "pdf"}))
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("costs:preset_export", kwargs={"key": "ark", "fmt": "csv"})).status_code == 404
