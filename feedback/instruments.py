"""The questionnaire engine: instruments, their JSON format, and scoring of answers.

An *instrument* is a questionnaire in one fixed version: its items, the scales they are answered
on, its languages, how it is scored (sum or mean, subscales, reversed items) and the cut-offs that
raise a flag (for example "total under 36" or "any item under 9" for session feedback).

The module is plain Python. The Django layer stores an instrument version as the JSON that
`dump_instrument` produces, keeps the instrument id and version with every answer, and calls
`score_answers` with a mapping ``item id -> value``. Nothing here knows about the database.

Organisations may load instruments they hold the rights to through the same JSON format
(docs/instrument-format.md); the project itself ships only its own wording (feedback/instruments/).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Final

FORMAT: Final = "brobygger-instrument/1"
SHIPPED_DIR: Final = Path(__file__).resolve().parent / "instruments"

# Column names the export layout uses next to the item variables; an item may not take them.
RESERVED_IDS: Final = frozenset({"respondent", "instrument", "version", "complete", "missing", "flags"})
RESERVED_PREFIX: Final = "score_"

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_MAX_POINTS: Final = 101
_MAX_TEXT_LENGTH: Final = 20_000

Answer = int | bool | str
"""One answer: an int on a line or Likert scale, a bool for yes/no, a str for free text."""

Answers = Mapping[str, Answer | None]
"""Answers as the Django layer holds them: item id -> value; None or blank text means unanswered."""

Text = dict[str, str]
"""A text in every language of its instrument: language code -> text."""


class ScaleKind(StrEnum):
    LINE = "line"
    LIKERT = "likert"
    YES_NO = "yes_no"
    FREE_TEXT = "free_text"


class ScoringMethod(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    NONE = "none"


class CutOffTarget(StrEnum):
    TOTAL = "total"
    SUBSCALE = "subscale"
    ITEM = "item"
    ANY_ITEM = "any_item"


class Comparison(StrEnum):
    BELOW = "below"
    AT_MOST = "at_most"
    ABOVE = "above"
    AT_LEAST = "at_least"

    def holds(self, value: float, threshold: float) -> bool:
        if self is Comparison.BELOW:
            return value < threshold
        if self is Comparison.AT_MOST:
            return value <= threshold
        if self is Comparison.ABOVE:
            return value > threshold
        return value >= threshold


class Purpose(StrEnum):
    """What an instrument is used for, so the application can offer the right one at the right time."""

    SESSION_FEEDBACK = "session_feedback"
    RECOVERY = "recovery"
    COURSE_EVALUATION = "course_evaluation"
    COURSE_END_CITIZEN = "course_end_citizen"
    COURSE_END_PEER = "course_end_peer"
    OTHER = "other"


# --------------------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True)
class FormatProblem:
    """One thing wrong with an instrument, located so that the person importing it can find it."""

    code: str
    location: str  # e.g. "items[4] (id 'hope_2')"; "" for the instrument itself
    field: str  # the offending field, e.g. "scale"
    message: str  # English, starts lower-case, names the offending value
    record: str | None = None  # id of the offending item/scale/subscale/cut-off, when it has one

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class InstrumentError(Exception):
    """An instrument (imported JSON or built in the editor) is not valid; `problems` lists every fault."""

    code = "invalid_instrument"

    def __init__(self, problems: Sequence[FormatProblem]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0]
        self.record = first.record
        self.field = first.field
        super().__init__("; ".join(str(problem) for problem in self.problems))


class AnswerError(Exception):
    """An answer does not fit the instrument (unknown item, value off the scale, wrong type)."""

    def __init__(self, code: str, item_id: str, message: str) -> None:
        self.code = code
        self.record = item_id
        self.field = "value"
        super().__init__(f"item '{item_id}': {message}")


class UnknownInstrumentError(LookupError):
    def __init__(self, instrument_id: str, version: int | None) -> None:
        self.code = "unknown_instrument"
        self.record = instrument_id
        self.field = "version" if version is not None else "id"
        which = f"'{instrument_id}' version {version}" if version is not None else f"'{instrument_id}'"
        super().__init__(f"instrument {which} is not known")


# --------------------------------------------------------------------------------------------------
# The instrument


@dataclass(frozen=True)
class ScaleLabel:
    """The words shown at one point of a scale: every point of a Likert scale, the ends of a line."""

    value: int | bool
    text: Text


@dataclass(frozen=True)
class Scale:
    id: str
    kind: ScaleKind
    minimum: int = 0
    maximum: int = 0
    labels: tuple[ScaleLabel, ...] = ()
    max_length: int = 2000  # free text only

    @property
    def numeric(self) -> bool:
        return self.kind is not ScaleKind.FREE_TEXT

    @property
    def low(self) -> int:
        return 0 if self.kind is ScaleKind.YES_NO else self.minimum

    @property
    def high(self) -> int:
        return 1 if self.kind is ScaleKind.YES_NO else self.maximum


@dataclass(frozen=True)
class Item:
    id: str
    scale: str
    text: Text
    reversed: bool = False
    scored: bool = True  # counts towards total and subscales; always False for free text
    required: bool = True  # an unanswered required item makes the response partial
    labels: tuple[ScaleLabel, ...] = ()  # item-specific anchors, replacing the scale's labels


@dataclass(frozen=True)
class ReliableChange:
    """Parameters of the Jacobson–Truax reliable change index for a total or subscale."""

    reliability: float  # e.g. Cronbach's alpha or test–retest correlation, between 0 and 1
    sd: float  # standard deviation of the score in a reference (baseline) group

    @property
    def standard_error_of_difference(self) -> float:
        standard_error = self.sd * math.sqrt(1.0 - self.reliability)
        return math.sqrt(2.0) * standard_error


@dataclass(frozen=True)
class Subscale:
    id: str
    name: Text
    items: tuple[str, ...]
    reliable_change: ReliableChange | None = None


@dataclass(frozen=True)
class Scoring:
    method: ScoringMethod = ScoringMethod.SUM
    subscales: tuple[Subscale, ...] = ()
    higher_is_better: bool = True
    reliable_change: ReliableChange | None = None


@dataclass(frozen=True)
class CutOff:
    """A rule that raises a flag, e.g. total below 36, or any item below 9."""

    id: str
    target: CutOffTarget
    comparison: Comparison
    threshold: float
    message: Text
    ref: str | None = None  # the subscale (target subscale) or item (target item)
    items: tuple[str, ...] = ()  # for any_item: the items to look at; empty means every scored item


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    languages: tuple[str, ...]  # the first is the primary language
    title: Text
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    scoring: Scoring = field(default_factory=Scoring)
    cutoffs: tuple[CutOff, ...] = ()
    introduction: Text = field(default_factory=dict)
    purpose: Purpose = Purpose.OTHER
    source: str = ""  # who wrote it / holds the rights
    licence: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)

    @property
    def primary_language(self) -> str:
        return self.languages[0]

    # Look-ups are cached on the (frozen) instance: scoring thousands of responses stays cheap.
    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in reversed(self.items)}

    @cached_property
    def _scales_by_id(self) -> dict[str, Scale]:
        return {scale.id: scale for scale in reversed(self.scales)}

    def item(self, item_id: str) -> Item:
        return self._items_by_id[item_id]

    def scale(self, scale_id: str) -> Scale:
        return self._scales_by_id[scale_id]

    def scale_of(self, item: Item) -> Scale:
        return self._scales_by_id[item.scale]

    def subscale(self, subscale_id: str) -> Subscale:
        for subscale in self.scoring.subscales:
            if subscale.id == subscale_id:
                return subscale
        raise KeyError(subscale_id)

    @cached_property
    def scored_items(self) -> tuple[Item, ...]:
        if self.scoring.method is ScoringMethod.NONE:
            return ()
        return tuple(item for item in self.items if item.scored)

    @cached_property
    def signature(self) -> str:
        """A fingerprint of everything that decides a score; wording changes leave it unchanged."""
        shape = {
            "id": self.id,
            "method": self.scoring.method.value,
            "higher_is_better": self.scoring.higher_is_better,
            "items": [
                [item.id, self.scale_of(item).low, self.scale_of(item).high, item.reversed]
                for item in self.scored_items
            ],
            "subscales": [[subscale.id, list(subscale.items)] for subscale in self.scoring.subscales],
        }
        return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]

    def labels_of(self, item: Item) -> tuple[ScaleLabel, ...]:
        return item.labels or self.scale_of(item).labels

    def text(self, text: Text, language: str) -> str:
        """The text in `language`, falling back to the primary language ("" for an absent text)."""
        return text.get(language) or text.get(self.primary_language, "")


# --------------------------------------------------------------------------------------------------
# Validation of a built instrument (used by the loader and by the instrument editor)


class _Report:
    """Collects problems so that one import names every fault, not only the first."""

    def __init__(self) -> None:
        self.problems: list[FormatProblem] = []

    def at(self, where: str, record: str | None = None) -> _Place:
        return _Place(self, where, record)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InstrumentError(self.problems)


@dataclass(frozen=True)
class _Place:
    report: _Report
    where: str  # e.g. "items[4] (id 'hope_2')"
    record: str | None

    def __call__(self, code: str, field_name: str, message: str) -> None:
        self.report.problems.append(FormatProblem(code, self.where, field_name, message, self.record))

    def child(self, part: str) -> _Place:
        return _Place(self.report, f"{self.where}.{part}" if self.where else part, self.record)

    def has_problems(self) -> bool:
        return any(problem.location == self.where for problem in self.report.problems)


def _where(collection: str, index: int, record_id: str | None) -> str:
    return f"{collection}[{index}] (id '{record_id}')" if record_id else f"{collection}[{index}]"


def _bad_id(place: _Place, value: str, kind: str) -> None:
    if not _IDENTIFIER.match(value):
        place("bad_id", "id", f"{kind} id '{value}' must start with a-z and use only a-z, 0-9 and _ (max 40)")


def _duplicates(ids: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    twice: set[str] = set()
    for value in ids:
        (twice if value in seen else seen).add(value)
    return twice


def _check_text(place: _Place, text: Text, languages: Sequence[str], name: str) -> None:
    for language in languages:
        if not text.get(language, "").strip():
            place("missing_translation", name, f"{name} has no '{language}' text")
    for language in text:
        if language not in languages:
            place("unknown_language", name, f"{name} has text in '{language}', which is not a listed language")


def _check_labels(place: _Place, labels: Sequence[ScaleLabel], scale: Scale, languages: Sequence[str]) -> None:
    seen: set[int | bool] = set()
    for label in labels:
        if scale.kind is ScaleKind.YES_NO:
            on_scale = isinstance(label.value, bool)
        else:
            on_scale = not isinstance(label.value, bool) and scale.minimum <= label.value <= scale.maximum
        if not on_scale:
            place("label_off_scale", "labels", f"label value {label.value!r} is not on scale '{scale.id}'")
        elif label.value in seen:
            place("duplicate_label", "labels", f"label value {label.value!r} is given twice")
        seen.add(label.value)
        _check_text(place, label.text, languages, f"label {label.value!r}")


def _check_scale(place: _Place, scale: Scale, languages: Sequence[str]) -> None:
    _bad_id(place, scale.id, "scale")
    if scale.kind in (ScaleKind.LINE, ScaleKind.LIKERT):
        if scale.minimum >= scale.maximum:
            place("empty_scale", "max", "max must be greater than min")
        elif scale.maximum - scale.minimum + 1 > _MAX_POINTS:
            place("scale_too_long", "max", f"a scale has at most {_MAX_POINTS} points")
    _check_labels(place, scale.labels, scale, languages)
    if scale.kind is ScaleKind.LIKERT and not place.has_problems():
        labelled = {label.value for label in scale.labels}
        lacking = [str(value) for value in range(scale.minimum, scale.maximum + 1) if value not in labelled]
        if lacking:
            place(
                "unlabelled_point",
                "labels",
                f"every Likert point needs a label; {', '.join(lacking)} has none",
            )
    if scale.kind is ScaleKind.YES_NO and {label.value for label in scale.labels} != {True, False}:
        place("yes_no_labels", "labels", "a yes/no scale needs a label for true and one for false")
    if scale.kind is ScaleKind.FREE_TEXT:
        if scale.labels:
            place("labels_on_free_text", "labels", "a free-text scale has no labels")
        if not 1 <= scale.max_length <= _MAX_TEXT_LENGTH:
            place("bad_max_length", "max_length", f"max_length must be between 1 and {_MAX_TEXT_LENGTH}")


def _check_item(place: _Place, item: Item, instrument: Instrument, scales: Mapping[str, Scale]) -> None:
    _bad_id(place, item.id, "item")
    if item.id in RESERVED_IDS or item.id.startswith(RESERVED_PREFIX):
        place("reserved_id", "id", f"item id '{item.id}' is reserved for the export layout")
    _check_text(place, item.text, instrument.languages, "text")
    scale = scales.get(item.scale)
    if scale is None:
        place("unknown_scale", "scale", f"scale '{item.scale}' is not defined")
        return
    if scale.kind is ScaleKind.FREE_TEXT:
        if item.scored:
            place("scored_free_text", "scored", "a free-text item cannot be scored")
        if item.reversed:
            place("reversed_free_text", "reversed", "a free-text item cannot be reversed")
    elif item.scored and not item.required and instrument.scoring.method is not ScoringMethod.NONE:
        place("optional_scored_item", "required", "a scored item must be required")
    if item.labels and scale.kind is not ScaleKind.LINE:
        place("item_labels", "labels", "only an item on a line scale has labels of its own")
    elif item.labels:
        _check_labels(place, item.labels, scale, instrument.languages)


def _check_reliable_change(place: _Place, rc: ReliableChange | None) -> None:
    if rc is not None and not 0.0 < rc.reliability < 1.0:
        place("bad_reliability", "reliable_change", "reliability must be between 0 and 1 (exclusive)")
    if rc is not None and not rc.sd > 0.0:
        place("bad_sd", "reliable_change", "sd must be greater than 0")


def _check_scoring(report: _Report, instrument: Instrument, items: Mapping[str, Item]) -> None:
    scoring = instrument.scoring
    place = report.at("scoring")
    if scoring.method is ScoringMethod.NONE:
        if scoring.subscales:
            place("subscales_unscored", "subscales", "scoring method 'none' has no subscales")
        if scoring.reliable_change is not None:
            place("rc_unscored", "reliable_change", "scoring method 'none' has no reliable change")
        return
    if not instrument.scored_items:
        place("nothing_scored", "method", f"scoring method '{scoring.method}' needs at least one scored item")
    _check_reliable_change(place, scoring.reliable_change)
    twice = _duplicates(subscale.id for subscale in scoring.subscales)
    for index, subscale in enumerate(scoring.subscales):
        sub = report.at(_where("scoring.subscales", index, subscale.id), subscale.id)
        _bad_id(sub, subscale.id, "subscale")
        if subscale.id in twice:
            sub("duplicate_id", "id", f"subscale id '{subscale.id}' is used twice")
        _check_text(sub, subscale.name, instrument.languages, "name")
        if not subscale.items:
            sub("empty_subscale", "items", "a subscale needs at least one item")
        for item_id in sorted(_duplicates(subscale.items)):
            sub("duplicate_member", "items", f"item '{item_id}' is listed twice")
        for item_id in subscale.items:
            member = items.get(item_id)
            if member is None:
                sub("unknown_item", "items", f"item '{item_id}' is not defined")
            elif member not in instrument.scored_items:
                sub("unscored_member", "items", f"item '{item_id}' is not scored")
        _check_reliable_change(sub, subscale.reliable_change)


def _check_cutoff(place: _Place, cutoff: CutOff, instrument: Instrument, items: Mapping[str, Item]) -> None:
    _bad_id(place, cutoff.id, "cut-off")
    _check_text(place, cutoff.message, instrument.languages, "message")
    if not math.isfinite(cutoff.threshold):
        place("bad_threshold", cutoff.comparison.value, "the threshold must be a number")
    if cutoff.target in (CutOffTarget.TOTAL, CutOffTarget.SUBSCALE):
        if instrument.scoring.method is ScoringMethod.NONE:
            place("cutoff_unscored", "target", f"the instrument is not scored, so there is no {cutoff.target}")
        subscales = {subscale.id for subscale in instrument.scoring.subscales}
        if cutoff.target is CutOffTarget.SUBSCALE and cutoff.ref not in subscales:
            place("unknown_subscale", "subscale", f"subscale '{cutoff.ref}' is not defined")
        return
    watched = (cutoff.ref or "",) if cutoff.target is CutOffTarget.ITEM else cutoff.items
    for item_id in watched:
        item = items.get(item_id)
        if item is None:
            place("unknown_item", "item", f"item '{item_id}' is not defined")
        elif instrument.scale_of(item).kind is ScaleKind.FREE_TEXT:
            place("free_text_cutoff", "item", f"item '{item_id}' is free text and has no value to compare")
    if cutoff.target is CutOffTarget.ANY_ITEM and not watched and not instrument.scored_items:
        place("nothing_to_check", "items", "list the items to check; the instrument scores none")


def check_instrument(instrument: Instrument) -> None:
    """Raise InstrumentError listing every fault of a built instrument; return quietly if it is valid."""
    report = _Report()
    top = report.at("")
    _bad_id(top, instrument.id, "instrument")
    if instrument.version < 1:
        top("bad_version", "version", "version must be a whole number from 1")
    if not instrument.languages:
        top("no_language", "languages", "at least one language is needed")
    for language in instrument.languages:
        if not _LANGUAGE.match(language):
            top("bad_language", "languages", f"'{language}' is not a two-letter language code")
    if _duplicates(instrument.languages):
        top("duplicate_language", "languages", "a language is listed twice")
    report.raise_if_any()

    _check_text(top, instrument.title, instrument.languages, "title")
    if instrument.introduction:
        _check_text(top, instrument.introduction, instrument.languages, "introduction")
    twice = _duplicates(scale.id for scale in instrument.scales)
    for index, scale in enumerate(instrument.scales):
        place = report.at(_where("scales", index, scale.id), scale.id)
        if scale.id in twice:
            place("duplicate_id", "id", f"scale id '{scale.id}' is used twice")
        _check_scale(place, scale, instrument.languages)
    if not instrument.items:
        top("no_items", "items", "an instrument needs at least one item")
    scales = {scale.id: scale for scale in instrument.scales}
    twice = _duplicates(item.id for item in instrument.items)
    for index, item in enumerate(instrument.items):
        place = report.at(_where("items", index, item.id), item.id)
        if item.id in twice:
            place("duplicate_id", "id", f"item id '{item.id}' is used twice")
        _check_item(place, item, instrument, scales)
    report.raise_if_any()  # what follows looks items and scales up by id

    items = {item.id: item for item in instrument.items}
    _check_scoring(report, instrument, items)
    twice = _duplicates(cutoff.id for cutoff in instrument.cutoffs)
    for index, cutoff in enumerate(instrument.cutoffs):
        place = report.at(_where("cutoffs", index, cutoff.id), cutoff.id)
        if cutoff.id in twice:
            place("duplicate_id", "id", f"cut-off id '{cutoff.id}' is used twice")
        _check_cutoff(place, cutoff, instrument, items)
    report.raise_if_any()


# --------------------------------------------------------------------------------------------------
# Reading the JSON format


@dataclass(frozen=True)
class _Json:
    """One JSON object of an imported instrument and the place to report its faults."""

    data: Mapping[str, object]
    place: _Place

    def fields(self, required: Sequence[str], optional: Sequence[str]) -> bool:
        for name in self.data:
            if name not in required and name not in optional:
                self.place("unknown_field", name, f"unknown field '{name}'")
        lacking = [name for name in required if name not in self.data]
        for name in lacking:
            self.place("missing_field", name, f"'{name}' is missing")
        return not lacking

    def _wrong(self, code: str, name: str, expected: str) -> None:
        self.place(code, name, f"'{name}' must be {expected}, not {self.data.get(name)!r}")

    def string(self, name: str) -> str:
        value = self.data.get(name, "")
        if isinstance(value, str):
            return value
        self._wrong("not_text", name, "text")
        return ""

    def integer(self, name: str, default: int = 0) -> int:
        value = self.data.get(name, default)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self._wrong("not_integer", name, "a whole number")
        return default

    def number(self, name: str) -> float:
        value = self.data.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
        self._wrong("not_number", name, "a number")
        return 0.0

    def boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if isinstance(value, bool):
            return value
        self._wrong("not_boolean", name, "true or false")
        return default

    def choice[E: StrEnum](self, name: str, enum: type[E], default: E) -> E:
        value = self.data.get(name, default.value)
        for member in enum:
            if member.value == value:
                return member
        self._wrong("bad_choice", name, "one of " + ", ".join(f"'{member.value}'" for member in enum))
        return default

    def text(self, name: str) -> Text:
        value = self.data.get(name, {})
        if isinstance(value, Mapping) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return dict(value)
        self._wrong("not_translations", name, 'an object of language code to text, e.g. {"da": "…"}')
        return {}

    def strings(self, name: str) -> tuple[str, ...]:
        value = self.data.get(name, [])
        if isinstance(value, list) and all(isinstance(element, str) for element in value):
            return tuple(value)
        self._wrong("not_list", name, "a list of ids")
        return ()

    def objects(self, name: str, records: str | None = None) -> list[_Json]:
        """The objects of list `name`. Records (items, scales, …) are placed by their own id, as in
        "items[4] (id 'hope_2')"; parts of a record (labels) by the record they belong to."""
        value = self.data.get(name, [])
        if not isinstance(value, list):
            self._wrong("not_list", name, "a list")
            return []
        found: list[_Json] = []
        for index, element in enumerate(value):
            if records is None:
                place = self.place.child(f"{name}[{index}]")
            else:
                record = element.get("id") if isinstance(element, Mapping) else None
                record = record if isinstance(record, str) and record else None
                place = self.place.report.at(_where(records, index, record), record)
            if isinstance(element, Mapping):
                found.append(_Json(element, place))
            else:
                place("not_object", name, f"must be an object, not {element!r}")
        return found

    def child(self, name: str) -> _Json | None:
        value = self.data.get(name)
        if isinstance(value, Mapping):
            return _Json(value, self.place.child(name))
        self._wrong("not_object", name, "an object")
        return None


def _read_labels(obj: _Json) -> tuple[ScaleLabel, ...]:
    labels: list[ScaleLabel] = []
    for label in obj.objects("labels"):
        if not label.fields(("value", "text"), ()):
            continue
        value = label.data["value"]
        if isinstance(value, int):  # bool is an int too: yes/no labels
            labels.append(ScaleLabel(value=value, text=label.text("text")))
        else:
            label.place("bad_label_value", "value", f"'value' must be a whole number or true/false, not {value!r}")
    return tuple(labels)


def _read_scale(obj: _Json) -> Scale | None:
    kind = obj.choice("kind", ScaleKind, ScaleKind.LINE)
    ranged = kind in (ScaleKind.LINE, ScaleKind.LIKERT)
    required = ("id", "kind", "min", "max") if ranged else ("id", "kind")
    if not obj.fields(required, ("labels", "max_length") if kind is ScaleKind.FREE_TEXT else ("labels",)):
        return None
    return Scale(
        id=obj.string("id"),
        kind=kind,
        minimum=obj.integer("min") if ranged else 0,
        maximum=obj.integer("max") if ranged else 0,
        labels=_read_labels(obj),
        max_length=obj.integer("max_length", default=2000),
    )


def _read_item(obj: _Json, scales: Mapping[str, Scale]) -> Item | None:
    if not obj.fields(("id", "scale", "text"), ("reversed", "scored", "required", "labels")):
        return None
    scale_id = obj.string("scale")
    scale = scales.get(scale_id)
    numeric = scale is None or scale.kind is not ScaleKind.FREE_TEXT
    return Item(
        id=obj.string("id"),
        scale=scale_id,
        text=obj.text("text"),
        reversed=obj.boolean("reversed", default=False),
        scored=obj.boolean("scored", default=numeric),
        required=obj.boolean("required", default=numeric),
        labels=_read_labels(obj),
    )


def _read_reliable_change(obj: _Json) -> ReliableChange | None:
    if obj.data.get("reliable_change") is None:
        return None
    rc = obj.child("reliable_change")
    if rc is None or not rc.fields(("reliability", "sd"), ()):
        return None
    return ReliableChange(reliability=rc.number("reliability"), sd=rc.number("sd"))


def _read_scoring(top: _Json) -> Scoring:
    obj = top.child("scoring")
    if obj is None or not obj.fields(("method",), ("subscales", "higher_is_better", "reliable_change")):
        return Scoring()
    subscales = [
        Subscale(
            id=sub.string("id"),
            name=sub.text("name"),
            items=sub.strings("items"),
            reliable_change=_read_reliable_change(sub),
        )
        for sub in obj.objects("subscales", "scoring.subscales")
        if sub.fields(("id", "name", "items"), ("reliable_change",))
    ]
    return Scoring(
        method=obj.choice("method", ScoringMethod, ScoringMethod.SUM),
        subscales=tuple(subscales),
        higher_is_better=obj.boolean("higher_is_better", default=True),
        reliable_change=_read_reliable_change(obj),
    )


def _read_cutoff(obj: _Json) -> CutOff | None:
    target = obj.choice("target", CutOffTarget, CutOffTarget.TOTAL)
    ref_field = {CutOffTarget.ITEM: "item", CutOffTarget.SUBSCALE: "subscale"}.get(target)
    comparisons = [comparison for comparison in Comparison if comparison.value in obj.data]
    if len(comparisons) != 1:
        names = ", ".join(f"'{comparison.value}'" for comparison in Comparison)
        obj.place("one_comparison", "comparison", f"give exactly one of {names}")
    required = ("id", "target", "message", *([ref_field] if ref_field else []))
    optional = (*(["items"] if target is CutOffTarget.ANY_ITEM else []), *(c.value for c in Comparison))
    if not obj.fields(required, optional) or len(comparisons) != 1:
        return None
    return CutOff(
        id=obj.string("id"),
        target=target,
        comparison=comparisons[0],
        threshold=obj.number(comparisons[0].value),
        message=obj.text("message"),
        ref=obj.string(ref_field) if ref_field else None,
        items=obj.strings("items"),
    )


def load_instrument(data: object) -> Instrument:
    """Build an instrument from its parsed JSON; raise InstrumentError naming every faulty item or field."""
    report = _Report()
    if not isinstance(data, Mapping):
        raise InstrumentError([FormatProblem("not_object", "", "", "an instrument must be a JSON object")])
    top = _Json(data, report.at(""))
    required = ("format", "id", "version", "languages", "title", "scales", "items", "scoring")
    if not top.fields(required, ("introduction", "purpose", "source", "licence", "cutoffs")):
        report.raise_if_any()
    if data.get("format") != FORMAT:
        top.place("bad_format", "format", f"'format' must be '{FORMAT}', not {data.get('format')!r}")
    scales = [scale for obj in top.objects("scales", "scales") if (scale := _read_scale(obj)) is not None]
    by_id = {scale.id: scale for scale in scales}
    items = [item for obj in top.objects("items", "items") if (item := _read_item(obj, by_id)) is not None]
    cutoffs = [cut for obj in top.objects("cutoffs", "cutoffs") if (cut := _read_cutoff(obj)) is not None]
    instrument = Instrument(
        id=top.string("id"),
        version=top.integer("version", default=1),
        languages=top.strings("languages"),
        title=top.text("title"),
        introduction=top.text("introduction"),
        purpose=top.choice("purpose", Purpose, Purpose.OTHER),
        source=top.string("source"),
        licence=top.string("licence"),
        scales=tuple(scales),
        items=tuple(items),
        scoring=_read_scoring(top),
        cutoffs=tuple(cutoffs),
    )
    report.raise_if_any()
    check_instrument(instrument)
    return instrument


def loads_instrument(text: str) -> Instrument:
    """Parse instrument JSON text; malformed JSON is reported with its line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise InstrumentError([FormatProblem("bad_json", where, "", f"not valid JSON ({error.msg})")]) from error
    return load_instrument(data)


def load_instrument_file(path: Path) -> Instrument:
    return loads_instrument(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------------
# Writing the JSON format


def _dump_labels(labels: Sequence[ScaleLabel]) -> list[dict[str, object]]:
    return [{"value": label.value, "text": dict(label.text)} for label in labels]


def _dump_reliable_change(rc: ReliableChange) -> dict[str, float]:
    return {"reliability": rc.reliability, "sd": rc.sd}


def _dump_scale(scale: Scale) -> dict[str, object]:
    out: dict[str, object] = {"id": scale.id, "kind": scale.kind.value}
    if scale.kind in (ScaleKind.LINE, ScaleKind.LIKERT):
        out["min"] = scale.minimum
        out["max"] = scale.maximum
    if scale.kind is ScaleKind.FREE_TEXT:
        out["max_length"] = scale.max_length
    if scale.labels:
        out["labels"] = _dump_labels(scale.labels)
    return out


def _dump_item(item: Item, scale: Scale | None) -> dict[str, object]:
    numeric = scale is None or scale.kind is not ScaleKind.FREE_TEXT
    out: dict[str, object] = {"id": item.id, "scale": item.scale, "text": dict(item.text)}
    if item.reversed:
        out["reversed"] = True
    if item.scored != numeric:
        out["scored"] = item.scored
    if item.required != numeric:
        out["required"] = item.required
    if item.labels:
        out["labels"] = _dump_labels(item.labels)
    return out


def _dump_scoring(scoring: Scoring) -> dict[str, object]:
    out: dict[str, object] = {"method": scoring.method.value}
    if not scoring.higher_is_better:
        out["higher_is_better"] = False
    if scoring.reliable_change is not None:
        out["reliable_change"] = _dump_reliable_change(scoring.reliable_change)
    if scoring.subscales:
        subscales: list[dict[str, object]] = []
        for subscale in scoring.subscales:
            entry: dict[str, object] = {
                "id": subscale.id,
                "name": dict(subscale.name),
                "items": list(subscale.items),
            }
            if subscale.reliable_change is not None:
                entry["reliable_change"] = _dump_reliable_change(subscale.reliable_change)
            subscales.append(entry)
        out["subscales"] = subscales
    return out


def _dump_cutoff(cutoff: CutOff) -> dict[str, object]:
    out: dict[str, object] = {"id": cutoff.id, "target": cutoff.target.value}
    if cutoff.target is CutOffTarget.ITEM:
        out["item"] = cutoff.ref
    elif cutoff.target is CutOffTarget.SUBSCALE:
        out["subscale"] = cutoff.ref
    elif cutoff.items:
        out["items"] = list(cutoff.items)
    threshold = cutoff.threshold
    out[cutoff.comparison.value] = int(threshold) if threshold.is_integer() else threshold
    out["message"] = dict(cutoff.message)
    return out


def dump_instrument(instrument: Instrument) -> dict[str, object]:
    """The instrument as a JSON-ready dict; `load_instrument(dump_instrument(x)) == x`."""
    scales = {scale.id: scale for scale in instrument.scales}
    out: dict[str, object] = {
        "format": FORMAT,
        "id": instrument.id,
        "version": instrument.version,
        "purpose": instrument.purpose.value,
        "languages": list(instrument.languages),
        "title": dict(instrument.title),
    }
    if instrument.introduction:
        out["introduction"] = dict(instrument.introduction)
    if instrument.source:
        out["source"] = instrument.source
    if instrument.licence:
        out["licence"] = instrument.licence
    out["scales"] = [_dump_scale(scale) for scale in instrument.scales]
    out["items"] = [_dump_item(item, scales.get(item.scale)) for item in instrument.items]
    out["scoring"] = _dump_scoring(instrument.scoring)
    if instrument.cutoffs:
        out["cutoffs"] = [_dump_cutoff(cutoff) for cutoff in instrument.cutoffs]
    return out


def dumps_instrument(instrument: Instrument) -> str:
    return json.dumps(dump_instrument(instrument), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------------------------------
# Answers and scoring


@dataclass(frozen=True)
class SubscaleScore:
    id: str
    score: float | None  # over the answered items; None when none of them is answered
    minimum: float
    maximum: float
    answered: int
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Flag:
    """A cut-off that was met: the team should look at this response (e.g. talk with the group)."""

    cutoff: str
    message: Text
    value: float  # the total or subscale score, or the value of the (first) item that met the cut-off
    items: tuple[str, ...] = ()  # for item cut-offs: every item that met it


@dataclass(frozen=True)
class Score:
    """The result of scoring one response; a partial response is scored too, never dropped."""

    instrument_id: str
    version: int
    signature: str  # equal signatures mean scores of two versions can be compared
    total: float | None  # None for scoring method 'none' or when no scored item is answered
    minimum: float | None
    maximum: float | None
    subscales: dict[str, SubscaleScore]
    item_values: dict[str, float]  # every answered non-text item, reversed items already turned round
    missing: tuple[str, ...]  # required items without an answer, in questionnaire order
    flags: tuple[Flag, ...]
    complete: bool  # every required item is answered
    total_complete: bool  # every scored item is answered, so the total can be compared with others

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


def _is_blank(value: Answer | None) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_answer(item: Item, scale: Scale, value: Answer) -> None:
    if scale.kind is ScaleKind.FREE_TEXT:
        if not isinstance(value, str):
            raise AnswerError("not_text", item.id, f"expected text, got {value!r}")
        if len(value) > scale.max_length:
            raise AnswerError("too_long", item.id, f"text is longer than {scale.max_length} characters")
    elif scale.kind is ScaleKind.YES_NO:
        if not isinstance(value, bool):
            raise AnswerError("not_yes_no", item.id, f"expected true or false, got {value!r}")
    elif isinstance(value, bool) or not isinstance(value, int):
        raise AnswerError("not_integer", item.id, f"expected a whole number, got {value!r}")
    elif not scale.minimum <= value <= scale.maximum:
        raise AnswerError("off_scale", item.id, f"{value} is outside {scale.minimum}–{scale.maximum}")


def clean_answers(instrument: Instrument, answers: Answers) -> dict[str, Answer]:
    """The answered items in questionnaire order; raise AnswerError for an unknown item or a bad value."""
    known = {item.id for item in instrument.items}
    for item_id in answers:
        if item_id not in known:
            raise AnswerError("unknown_item", item_id, f"is not an item of '{instrument.id}' v{instrument.version}")
    cleaned: dict[str, Answer] = {}
    for item in instrument.items:
        value = answers.get(item.id)
        if value is None or _is_blank(value):
            continue
        _check_answer(item, instrument.scale_of(item), value)
        cleaned[item.id] = value
    return cleaned


def _value(item: Item, scale: Scale, answer: Answer) -> int:
    number = int(answer)
    return scale.low + scale.high - number if item.reversed else number


def _combine(method: ScoringMethod, values: Sequence[float]) -> float:
    total = sum(values)
    return total / len(values) if method is ScoringMethod.MEAN else total


def _range(instrument: Instrument, members: Sequence[Item]) -> tuple[float, float]:
    method = instrument.scoring.method
    lows = [instrument.scale_of(item).low for item in members]
    highs = [instrument.scale_of(item).high for item in members]
    return _combine(method, lows), _combine(method, highs)


def _score_part(
    instrument: Instrument, members: Sequence[Item], values: Mapping[str, float]
) -> tuple[float | None, tuple[str, ...]]:
    answered = [values[item.id] for item in members if item.id in values]
    missing = tuple(item.id for item in members if item.id not in values)
    return (_combine(instrument.scoring.method, answered) if answered else None), missing


def _flags(
    instrument: Instrument,
    score_total: float | None,
    total_complete: bool,
    subscales: Mapping[str, SubscaleScore],
    values: Mapping[str, float],
) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    for cutoff in instrument.cutoffs:
        if cutoff.target is CutOffTarget.TOTAL:
            # A partial total would look low only because items are missing, so it raises no flag.
            if score_total is not None and total_complete and cutoff.comparison.holds(score_total, cutoff.threshold):
                flags.append(Flag(cutoff.id, cutoff.message, score_total))
        elif cutoff.target is CutOffTarget.SUBSCALE:
            part = subscales[cutoff.ref or ""]
            if part.score is not None and part.complete and cutoff.comparison.holds(part.score, cutoff.threshold):
                flags.append(Flag(cutoff.id, cutoff.message, part.score))
        else:
            if cutoff.target is CutOffTarget.ITEM:
                watched: Sequence[str] = (cutoff.ref or "",)
            else:
                watched = cutoff.items or tuple(item.id for item in instrument.scored_items)
            hits = tuple(i for i in watched if i in values and cutoff.comparison.holds(values[i], cutoff.threshold))
            if hits:
                flags.append(Flag(cutoff.id, cutoff.message, values[hits[0]], hits))
    return tuple(flags)


def score_answers(instrument: Instrument, answers: Answers) -> Score:
    """Score one response; missing items are listed and the response is marked partial, never dropped."""
    cleaned = clean_answers(instrument, answers)
    values: dict[str, float] = {}
    for item in instrument.items:
        scale = instrument.scale_of(item)
        if item.id in cleaned and scale.numeric:
            values[item.id] = _value(item, scale, cleaned[item.id])
    scored = instrument.scored_items
    if scored:
        total, scored_missing = _score_part(instrument, scored, values)
        minimum, maximum = _range(instrument, scored)
    else:
        total, scored_missing, minimum, maximum = None, (), None, None
    subscales: dict[str, SubscaleScore] = {}
    for subscale in instrument.scoring.subscales:
        members = [instrument.item(item_id) for item_id in subscale.items]
        part, part_missing = _score_part(instrument, members, values)
        low, high = _range(instrument, members)
        answered = len(members) - len(part_missing)
        subscales[subscale.id] = SubscaleScore(subscale.id, part, low, high, answered, part_missing)
    missing = tuple(item.id for item in instrument.items if item.required and item.id not in cleaned)
    total_complete = not scored_missing
    return Score(
        instrument_id=instrument.id,
        version=instrument.version,
        signature=scoring_signature(instrument),
        total=total,
        minimum=minimum,
        maximum=maximum,
        subscales=subscales,
        item_values=values,
        missing=missing,
        flags=_flags(instrument, total, total_complete, subscales, values),
        complete=not missing,
        total_complete=total_complete,
    )


def scoring_signature(instrument: Instrument) -> str:
    """A fingerprint of everything that decides a score; wording changes leave it unchanged."""
    return instrument.signature


def scores_comparable(first: Instrument, second: Instrument) -> bool:
    """Whether scores of two instrument versions mean the same (e.g. only the wording was improved)."""
    return scoring_signature(first) == scoring_signature(second)


# --------------------------------------------------------------------------------------------------
# Versions and the shipped instruments


class InstrumentCatalogue:
    """Every version of every instrument an organisation uses; answers are scored on their own version."""

    def __init__(self, instruments: Iterable[Instrument] = ()) -> None:
        self._versions: dict[tuple[str, int], Instrument] = {}
        for instrument in instruments:
            self.add(instrument)

    def add(self, instrument: Instrument) -> None:
        existing = self._versions.get(instrument.key)
        if existing is not None and existing != instrument:
            where = f"instrument '{instrument.id}'"
            raise InstrumentError(
                [
                    FormatProblem(
                        "version_exists",
                        where,
                        "version",
                        f"version {instrument.version} exists with other content; save the change as a new version",
                        instrument.id,
                    )
                ]
            )
        self._versions[instrument.key] = instrument

    def get(self, instrument_id: str, version: int) -> Instrument:
        try:
            return self._versions[(instrument_id, version)]
        except KeyError:
            raise UnknownInstrumentError(instrument_id, version) from None

    def versions(self, instrument_id: str) -> tuple[int, ...]:
        return tuple(sorted(version for (known, version) in self._versions if known == instrument_id))

    def latest(self, instrument_id: str) -> Instrument:
        versions = self.versions(instrument_id)
        if not versions:
            raise UnknownInstrumentError(instrument_id, None)
        return self._versions[(instrument_id, versions[-1])]

    def score(self, instrument_id: str, version: int, answers: Answers) -> Score:
        return score_answers(self.get(instrument_id, version), answers)

    def __iter__(self) -> Iterator[Instrument]:
        return iter(sorted(self._versions.values(), key=lambda instrument: instrument.key))

    def __len__(self) -> int:
        return len(self._versions)


@cache
def shipped_instruments() -> tuple[Instrument, ...]:
    """The project's own instruments (feedback/instruments/*.json), every version, sorted by id and version."""
    found = [load_instrument_file(path) for path in sorted(SHIPPED_DIR.glob("*.json"))]
    return tuple(sorted(found, key=lambda instrument: instrument.key))


def shipped_catalogue() -> InstrumentCatalogue:
    return InstrumentCatalogue(shipped_instruments())


def shipped_instrument(instrument_id: str, version: int | None = None) -> Instrument:
    catalogue = shipped_catalogue()
    return catalogue.latest(instrument_id) if version is None else catalogue.get(instrument_id, version)
