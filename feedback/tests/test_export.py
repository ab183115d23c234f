"""Export of answers: the SurveyXact-style three files, plain CSV and Excel, and reading them back.

Instruments here use made-up items only.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from feedback.export import (
    ExportError,
    ResponseRow,
    excel_workbook,
    plain_csv,
    read_dataset,
    survey_files,
)
from feedback.instruments import FORMAT, Instrument, loads_instrument, score_answers


def t(da: str, en: str) -> dict[str, str]:
    return {"da": da, "en": en}


def made_up() -> Instrument:
    """Loaded from JSON text, as an organisation's import would be: every kind of scale."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "id": "test_export",
        "version": 2,
        "languages": ["da", "en"],
        "title": t("Prøveskema", "Test form"),
        "scales": [
            {
                "id": "agree",
                "kind": "likert",
                "min": 1,
                "max": 3,
                "labels": [
                    {"value": 1, "text": t("Uenig", "Disagree")},
                    {"value": 2, "text": t("Midt imellem", "In between")},
                    {"value": 3, "text": t("Enig", "Agree")},
                ],
            },
            {
                "id": "line",
                "kind": "line",
                "min": 0,
                "max": 10,
                "labels": [{"value": 0, "text": t("Lavt", "Low")}, {"value": 10, "text": t("Højt", "High")}],
            },
            {
                "id": "yn",
                "kind": "yes_no",
                "labels": [{"value": True, "text": t("Ja", "Yes")}, {"value": False, "text": t("Nej", "No")}],
            },
            {"id": "words", "kind": "free_text"},
        ],
        "items": [
            {"id": "s_1", "scale": "agree", "text": t("Prøveudsagn et", "Test statement one")},
            {"id": "s_2", "scale": "agree", "text": t("Prøveudsagn to", "Test statement two"), "reversed": True},
            {"id": "level", "scale": "line", "text": t("Prøveniveau", "Test level")},
            {"id": "again", "scale": "yn", "text": t("Igen?", "Again?")},
            {"id": "note", "scale": "words", "text": t("Bemærkning", "Remark")},
        ],
        "scoring": {
            "method": "sum",
            "subscales": [{"id": "agreement", "name": t("Enighed", "Agreement"), "items": ["s_1", "s_2"]}],
        },
        "cutoffs": [{"id": "low", "target": "total", "below": 8, "message": t("Lav", "Low")}],
    }
    return loads_instrument(json.dumps(data))


ROWS = [
    ResponseRow(
        "r-001",
        {"s_1": 3, "s_2": 1, "level": 7, "again": True, "note": "Godt; tak.\nNy linje med æøå"},
        background={"occasion": "start", "answered_on": date(2025, 3, 4)},
    ),
    ResponseRow("r-002", {"s_1": 1, "s_2": 3, "level": 0, "again": False, "note": '=HYPERLINK("x")'}),
    ResponseRow("r-003", {"s_1": 2, "level": 10, "note": ""}, background={"occasion": "end"}),
    ResponseRow("r-004", {"s_1": 2, "s_2": 2, "level": 5, "again": True, "note": "-just a dash"}),
]


def table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_it_round_trips_answers_and_scores_through_the_dataset_file() -> None:
    instrument = made_up()

    files = survey_files(instrument, ROWS)
    back = read_dataset(instrument, files.dataset)

    assert [row.respondent for row in back] == ["r-001", "r-002", "r-003", "r-004"]
    for original, read in zip(ROWS, back, strict=True):
        given = {key: value for key, value in original.answers.items() if value not in ("", None)}
        assert read.answers == given
        assert read.version == 2
        assert score_answers(instrument, read.answers) == score_answers(instrument, original.answers)
    written_totals = [row["score_total"] for row in table(files.dataset)]
    assert written_totals == ["14", "2", "", "10"]


def test_it_writes_one_row_per_response_and_one_column_per_item() -> None:
    dataset = table(survey_files(made_up(), ROWS).dataset)

    assert list(dataset[0]) == [
        "respondent",
        "instrument",
        "version",
        "occasion",
        "answered_on",
        "s_1",
        "s_2",
        "level",
        "again",
        "note",
        "score_total",
        "score_agreement",
        "complete",
        "flags",
    ]
    assert dataset[0]["answered_on"] == "2025-03-04"
    assert dataset[1]["again"] == "0"
    assert dataset[1]["flags"] == "low"
    assert dataset[0]["flags"] == ""
    assert dataset[2]["note"] == ""
    assert (dataset[2]["s_2"], dataset[2]["complete"], dataset[2]["score_agreement"]) == ("", "0", "")


def test_it_describes_each_variable_in_the_structure_file() -> None:
    structure = {row["variable"]: row for row in table(survey_files(made_up(), ROWS).structure)}

    assert structure["s_1"] == {"variable": "s_1", "text": "Prøveudsagn et", "type": "likert", "min": "1", "max": "3"}
    assert structure["level"]["type"] == "line"
    assert structure["note"]["type"] == "free_text"
    assert structure["score_total"] == {
        "variable": "score_total",
        "text": "Samlet score",
        "type": "score",
        "min": "2",
        "max": "17",
    }
    assert structure["score_agreement"]["text"] == "Delscore: Enighed"


def test_it_writes_the_structure_and_labels_in_the_chosen_language() -> None:
    files = survey_files(made_up(), ROWS, language="en")

    structure = {row["variable"]: row["text"] for row in table(files.structure)}
    labels = [(row["variable"], row["value"], row["label"]) for row in table(files.labels)]

    assert structure["s_2"] == "Test statement two"
    assert ("again", "1", "Yes") in labels


def test_it_lists_every_labelled_value_in_the_labels_file() -> None:
    labels = [(row["variable"], row["value"], row["label"]) for row in table(survey_files(made_up(), ROWS).labels)]

    assert [label for label in labels if label[0] == "s_1"] == [
        ("s_1", "1", "Uenig"),
        ("s_1", "2", "Midt imellem"),
        ("s_1", "3", "Enig"),
    ]
    assert ("level", "10", "Højt") in labels
    assert ("again", "0", "Nej") in labels
    assert not [label for label in labels if label[0] == "note"]


def test_it_can_leave_free_text_out_of_a_research_export() -> None:
    files = survey_files(made_up(), ROWS, include_free_text=False)

    assert "note" not in table(files.dataset)[0]
    assert "Godt" not in files.dataset
    assert "note" not in {row["variable"] for row in table(files.structure)}


def test_it_keeps_spreadsheets_from_running_text_as_a_formula() -> None:
    files = survey_files(made_up(), ROWS)

    dataset = table(files.dataset)

    assert dataset[1]["note"] == '\'=HYPERLINK("x")'
    assert dataset[3]["note"] == "'-just a dash"
    assert read_dataset(made_up(), files.dataset)[1].answers["note"] == '=HYPERLINK("x")'


def test_it_adds_a_byte_order_mark_so_excel_reads_danish_letters() -> None:
    files = survey_files(made_up(), ROWS).as_bytes(prefix="hold-3-")

    assert sorted(files) == ["hold-3-dataset.csv", "hold-3-labels.csv", "hold-3-structure.csv"]
    assert files["hold-3-dataset.csv"].startswith(b"\xef\xbb\xbf")
    assert "æøå" in files["hold-3-dataset.csv"].decode("utf-8-sig")
    assert read_dataset(made_up(), files["hold-3-dataset.csv"].decode("utf-8"))[0].respondent == "r-001"


def test_it_refuses_a_respondent_id_that_looks_like_a_cpr_number() -> None:
    with pytest.raises(ExportError) as caught:
        survey_files(made_up(), [ResponseRow("010190-1234", {"s_1": 1})])

    assert caught.value.code == "not_pseudonymous"
    assert caught.value.record == "row 1"


def test_it_names_the_row_and_item_of_an_answer_that_does_not_fit() -> None:
    rows = [ROWS[0], ResponseRow("r-009", {"s_1": 7})]

    with pytest.raises(ExportError) as caught:
        survey_files(made_up(), rows)

    assert caught.value.code == "off_scale"
    assert (caught.value.record, caught.value.field) == ("row 2", "s_1")


def test_it_refuses_a_background_column_named_like_an_item() -> None:
    with pytest.raises(ExportError) as caught:
        survey_files(made_up(), [ResponseRow("r-1", {"s_1": 1}, background={"level": "x"})])

    assert caught.value.code == "column_clash"


def test_it_writes_a_plain_csv_with_label_words_for_reading_by_eye() -> None:
    rows = table(plain_csv(made_up(), ROWS, with_labels=True))

    assert (rows[0]["s_1"], rows[0]["again"], rows[0]["level"], rows[0]["complete"]) == ("Enig", "Ja", "7", "Ja")
    assert rows[2]["again"] == ""
    assert rows[0]["score_total"] == "14"


def test_it_writes_an_excel_workbook_with_typed_cells_and_text_kept_as_text() -> None:
    workbook = load_workbook(io.BytesIO(excel_workbook(made_up(), ROWS)))

    assert workbook.sheetnames == ["Data", "Struktur", "Svarkategorier"]
    data = workbook["Data"]
    header = [cell.value for cell in data[1]]
    second = {name: cell for name, cell in zip(header, data[3], strict=True)}
    assert second["s_1"].value == 1
    assert second["note"].value == '=HYPERLINK("x")'
    assert second["note"].data_type == "s"
    assert second["score_total"].value == 2
    assert workbook["Struktur"]["B7"].value == "Prøveudsagn et"
