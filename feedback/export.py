"""Answers out of Brobygger: the three-file layout analysts know from SurveyXact, plain CSV and Excel.

The three files:

- dataset: one row per response, one column per item variable (the item id), plus the respondent's
  pseudonym, the instrument and version the answers were given on, any background variables the
  caller adds (occasion, course run, …) and, if asked, the scores;
- structure: one row per variable: variable name, question text, type, lowest and highest value;
- labels: one row per labelled value: variable, value, label.

Respondent ids are pseudonyms made by the caller (a keyed hash or a running number per export); this
module refuses anything that looks like a CPR number. Text cells that a spreadsheet would run as a
formula are written with a leading apostrophe, which `read_dataset` removes again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from feedback.instruments import (
    RESERVED_IDS,
    RESERVED_PREFIX,
    Answer,
    AnswerError,
    Instrument,
    Item,
    ScaleKind,
    Score,
    ScoringMethod,
    Text,
    clean_answers,
    score_answers,
)

Background = str | int | float | date | None
Cell = str | int | float | None

DELIMITER: Final = ";"
_CPR = re.compile(r"^\d{6}-?\d{4}$")
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

_META: Final[dict[str, Text]] = {
    "respondent": {"da": "Respondent (pseudonym)", "en": "Respondent (pseudonym)"},
    "instrument": {"da": "Spørgeskema", "en": "Questionnaire"},
    "version": {"da": "Spørgeskemaets version", "en": "Questionnaire version"},
    "score_total": {"da": "Samlet score", "en": "Total score"},
    "complete": {"da": "Alle påkrævede spørgsmål er besvaret", "en": "Every required question answered"},
    "flags": {"da": "Markeringer (opfølgning)", "en": "Flags (follow-up)"},
    "subscale": {"da": "Delscore", "en": "Subscale score"},
    "yes": {"da": "Ja", "en": "Yes"},
    "no": {"da": "Nej", "en": "No"},
}
_SHEETS: Final[dict[str, tuple[str, str, str]]] = {
    "da": ("Data", "Struktur", "Svarkategorier"),
    "en": ("Data", "Structure", "Labels"),
}


class ExportError(Exception):
    def __init__(self, code: str, record: str, field: str, message: str) -> None:
        self.code = code
        self.record = record
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class ResponseRow:
    """One response: a pseudonymous respondent, the answers, and the version they were given on."""

    respondent: str
    answers: Mapping[str, Answer | None]
    version: int | None = None  # None: the version of the instrument being exported
    background: Mapping[str, Background] = field(default_factory=dict)


@dataclass(frozen=True)
class Variable:
    name: str
    text: str
    type: str  # id, text, integer, background, line, likert, yes_no, free_text, score
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class ExportFiles:
    dataset: str
    structure: str
    labels: str

    def as_bytes(self, prefix: str = "") -> dict[str, bytes]:
        """File name -> UTF-8 with a byte-order mark, so that Excel reads æ, ø and å right."""
        return {
            f"{prefix}dataset.csv": self.dataset.encode("utf-8-sig"),
            f"{prefix}structure.csv": self.structure.encode("utf-8-sig"),
            f"{prefix}labels.csv": self.labels.encode("utf-8-sig"),
        }


@dataclass(frozen=True)
class _Table:
    variables: list[Variable]
    rows: list[list[Cell]]
    labels: list[tuple[str, int, str]]


# --------------------------------------------------------------------------------------------------
# Building the table


def _localised(text: Text, language: str, instrument: Instrument) -> str:
    return text.get(language) or instrument.text(text, language)


def _item_variable(instrument: Instrument, item: Item, language: str) -> Variable:
    scale = instrument.scale_of(item)
    text = _localised(item.text, language, instrument)
    if scale.kind is ScaleKind.FREE_TEXT:
        return Variable(item.id, text, "free_text")
    return Variable(item.id, text, scale.kind.value, scale.low, scale.high)


def _background_names(instrument: Instrument, rows: Sequence[ResponseRow]) -> list[str]:
    names: list[str] = []
    item_ids = {item.id for item in instrument.items}
    for row in rows:
        for name in row.background:
            if name in names:
                continue
            if not _IDENTIFIER.match(name) or name in RESERVED_IDS or name.startswith(RESERVED_PREFIX):
                raise ExportError("bad_column", name, "background", f"'{name}' cannot be a column name")
            if name in item_ids:
                raise ExportError("column_clash", name, "background", f"'{name}' is also an item id")
            names.append(name)
    return names


def _variables(
    instrument: Instrument,
    background: Sequence[str],
    items: Sequence[Item],
    language: str,
    include_scores: bool,
) -> list[Variable]:
    meta = {key: text.get(language, text["en"]) for key, text in _META.items()}
    variables = [
        Variable("respondent", meta["respondent"], "id"),
        Variable("instrument", meta["instrument"], "text"),
        Variable("version", meta["version"], "integer"),
    ]
    variables += [Variable(name, name, "background") for name in background]
    variables += [_item_variable(instrument, item, language) for item in items]
    if include_scores:
        empty = score_answers(instrument, {})
        if instrument.scoring.method is not ScoringMethod.NONE:
            variables.append(Variable("score_total", meta["score_total"], "score", empty.minimum, empty.maximum))
        for subscale in instrument.scoring.subscales:
            part = empty.subscales[subscale.id]
            name = f"{meta['subscale']}: {_localised(subscale.name, language, instrument)}"
            variables.append(Variable(f"score_{subscale.id}", name, "score", part.minimum, part.maximum))
        variables.append(Variable("complete", meta["complete"], "yes_no", 0, 1))
        if instrument.cutoffs:
            variables.append(Variable("flags", meta["flags"], "text"))
    return variables


def _labels(
    instrument: Instrument, items: Sequence[Item], language: str, include_scores: bool
) -> list[tuple[str, int, str]]:
    labels: list[tuple[str, int, str]] = []
    yes, no = _META["yes"].get(language, "Yes"), _META["no"].get(language, "No")
    for item in items:
        for label in sorted(instrument.labels_of(item), key=lambda label: int(label.value)):
            labels.append((item.id, int(label.value), _localised(label.text, language, instrument)))
    if include_scores:
        labels += [("complete", 1, yes), ("complete", 0, no)]
    return labels


def _cell(value: Answer | float | None) -> Cell:
    if isinstance(value, bool):
        return int(value)
    return value


def _score_cells(instrument: Instrument, score: Score) -> list[Cell]:
    cells: list[Cell] = []
    if instrument.scoring.method is not ScoringMethod.NONE:
        cells.append(score.total if score.total_complete else None)
    for subscale in instrument.scoring.subscales:
        part = score.subscales[subscale.id]
        cells.append(part.score if part.complete else None)
    cells.append(int(score.complete))
    if instrument.cutoffs:
        cells.append(" ".join(flag.cutoff for flag in score.flags))
    return cells


def _background_cell(value: Background) -> Cell:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _table(
    instrument: Instrument,
    rows: Sequence[ResponseRow],
    *,
    language: str,
    include_scores: bool,
    include_free_text: bool,
) -> _Table:
    items = [item for item in instrument.items if include_free_text or instrument.scale_of(item).numeric]
    background = _background_names(instrument, rows)
    table_rows: list[list[Cell]] = []
    for number, row in enumerate(rows, start=1):
        if not row.respondent.strip() or _CPR.match(row.respondent.strip()):
            raise ExportError(
                "not_pseudonymous",
                f"row {number}",
                "respondent",
                f"row {number}: the respondent id must be a pseudonym",
            )
        try:
            answers = clean_answers(instrument, row.answers)
            score = score_answers(instrument, answers)
        except AnswerError as error:
            raise ExportError(error.code, f"row {number}", error.record, f"row {number}: {error}") from error
        cells: list[Cell] = [row.respondent, instrument.id, row.version or instrument.version]
        cells += [_background_cell(row.background.get(name)) for name in background]
        cells += [_cell(answers.get(item.id)) for item in items]
        if include_scores:
            cells += _score_cells(instrument, score)
        table_rows.append(cells)
    return _Table(
        variables=_variables(instrument, background, items, language, include_scores),
        rows=table_rows,
        labels=_labels(instrument, items, language, include_scores),
    )


# --------------------------------------------------------------------------------------------------
# Writing


def _guard(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _unguard(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def _text(value: Cell, guard: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _guard(value) if guard else value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".10g")
    return str(value)


def _csv(header: Sequence[str], rows: Sequence[Sequence[Cell]], delimiter: str, guard: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_text(cell, guard) for cell in row] for row in rows)
    return out.getvalue()


def _structure_rows(table: _Table) -> list[list[Cell]]:
    return [[v.name, v.text, v.type, v.minimum, v.maximum] for v in table.variables]


def survey_files(
    instrument: Instrument,
    rows: Sequence[ResponseRow],
    *,
    language: str = "da",
    include_scores: bool = True,
    include_free_text: bool = True,
    delimiter: str = DELIMITER,
    guard_formulas: bool = True,
) -> ExportFiles:
    """The dataset, structure and labels files for one instrument's responses."""
    table = _table(
        instrument,
        rows,
        language=language,
        include_scores=include_scores,
        include_free_text=include_free_text,
    )
    header = [variable.name for variable in table.variables]
    return ExportFiles(
        dataset=_csv(header, table.rows, delimiter, guard_formulas),
        structure=_csv(["variable", "text", "type", "min", "max"], _structure_rows(table), delimiter, guard_formulas),
        labels=_csv(["variable", "value", "label"], [list(label) for label in table.labels], delimiter, guard_formulas),
    )


def plain_csv(
    instrument: Instrument,
    rows: Sequence[ResponseRow],
    *,
    language: str = "da",
    with_labels: bool = False,
    include_scores: bool = True,
    include_free_text: bool = True,
    delimiter: str = DELIMITER,
    guard_formulas: bool = True,
) -> str:
    """One file with a header of variable names; `with_labels` writes "Helt enig" instead of 5."""
    table = _table(
        instrument,
        rows,
        language=language,
        include_scores=include_scores,
        include_free_text=include_free_text,
    )
    cells = table.rows
    if with_labels:
        lookup = {(variable, value): label for variable, value, label in table.labels}
        names = [variable.name for variable in table.variables]
        cells = [
            [
                lookup.get((name, cell), cell) if isinstance(cell, int) else cell
                for name, cell in zip(names, row, strict=True)
            ]
            for row in table.rows
        ]
    return _csv([variable.name for variable in table.variables], cells, delimiter, guard_formulas)


def _sheet_cell(sheet: WriteOnlyWorksheet, value: Cell, bold: bool = False) -> SheetCell | Cell:
    if not isinstance(value, str) and not bold:
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"  # a text starting with "=" stays text, never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def excel_workbook(
    instrument: Instrument,
    rows: Sequence[ResponseRow],
    *,
    language: str = "da",
    include_scores: bool = True,
    include_free_text: bool = True,
) -> bytes:
    """An .xlsx with the three files as sheets; numbers as numbers, text never run as a formula."""
    table = _table(
        instrument,
        rows,
        language=language,
        include_scores=include_scores,
        include_free_text=include_free_text,
    )
    workbook = Workbook(write_only=True)
    contents: list[tuple[list[str], list[list[Cell]]]] = [
        ([variable.name for variable in table.variables], table.rows),
        (["variable", "text", "type", "min", "max"], _structure_rows(table)),
        (["variable", "value", "label"], [list(label) for label in table.labels]),
    ]
    for title, (header, body) in zip(_SHEETS.get(language, _SHEETS["en"]), contents, strict=True):
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        sheet.append([_sheet_cell(sheet, name, bold=True) for name in header])
        for row in body:
            sheet.append([_sheet_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# Reading a dataset file back


def _parse(instrument: Instrument, item: Item, raw: str, where: str) -> Answer | None:
    if raw == "":
        return None
    kind = instrument.scale_of(item).kind
    if kind is ScaleKind.FREE_TEXT:
        return _unguard(raw)
    try:
        number = int(raw)
    except ValueError:
        raise ExportError("bad_value", where, item.id, f"{where}: '{raw}' in {item.id} is not a whole number") from None
    if kind is ScaleKind.YES_NO:
        if number not in (0, 1):
            raise ExportError("bad_value", where, item.id, f"{where}: {item.id} must be 0 or 1, not {raw}")
        return bool(number)
    return number


def read_dataset(instrument: Instrument, text: str, *, delimiter: str = DELIMITER) -> list[ResponseRow]:
    """Rows of a dataset file written by `survey_files` (scores are recomputed, not read)."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter)
    header = next(reader, None)
    if header is None or "respondent" not in header:
        raise ExportError("no_header", "line 1", "respondent", "the file has no header with a respondent column")
    items = {item.id: item for item in instrument.items}
    known = {*items, *RESERVED_IDS}
    background = [name for name in header if name not in known and not name.startswith(RESERVED_PREFIX)]
    rows: list[ResponseRow] = []
    for line, values in enumerate(reader, start=2):
        if len(values) != len(header):
            raise ExportError("bad_row", f"line {line}", "", f"line {line} has {len(values)} cells, not {len(header)}")
        cells = dict(zip(header, values, strict=True))
        answers = {
            name: answer
            for name in header
            if name in items and (answer := _parse(instrument, items[name], cells[name], f"line {line}")) is not None
        }
        version = cells.get("version", "")
        rows.append(
            ResponseRow(
                respondent=_unguard(cells["respondent"]),
                answers=answers,
                version=int(version) if version.isdigit() else None,
                background={name: _unguard(cells[name]) or None for name in background},
            )
        )
    return rows
