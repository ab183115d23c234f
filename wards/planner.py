"""Shift planning for ward peer conversations (model 5, "Peers as bridge-builders").

Each ward needs a fixed peer for a number of hours a week (2 × 2 h by default), outside its blocked
times (doctor conversations, group offers, shift change). Peers have availability, contract hours and
sites they serve; a peer moving between sites needs travel time. This module plans a period of weeks:
it covers as many of the needed hours as possible, then prefers the same peer on a ward, shifts on
different days, a fair spread of hours and the peers' own preferences. Hours that cannot be covered are
reported per ward and week with the reason, as a code with parameters and an English sentence.

Pure Python on OR-Tools CP-SAT, no Django. Small periods are solved as one model ("direct"); large
regions are decomposed ("decomposed"): an aggregated assignment model decides who covers how many
shifts on which ward, small models per connected group of peers and wards then decide when, and a
local search around uncovered wards repairs what the aggregate could not foresee.

Times are minutes after midnight; ``day`` is 0 (Monday) to 6 (Sunday); ``week`` counts from 0.

Public API: ``parse_plan_input(json_like) -> PlanInput`` (or build ``PlanInput``/``Ward``/``Peer``/
``TimeWindow`` directly), ``plan_shifts(plan_input, time_limit=, workers=, seed=, strategy=) -> PlanResult``
(``shifts``, ``unmet`` with ``Reason`` codes, ``objective``, ``bound``, ``optimal``, ``to_json()``),
``validate_plan(plan_input, shifts) -> list[Violation]`` for manual edits, ``parse_shifts``,
``candidate_shift_count``; bad input raises ``ShiftInputError`` (``code``, ``record``, ``record_id``,
``field``).
"""

from __future__ import annotations

import math
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, NamedTuple

from ortools.sat.python import cp_model

RecordId = str | int
Strategy = Literal["auto", "direct", "decomposed"]

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MINUTES_PER_DAY = 24 * 60
#: Up to this many candidate shifts, "auto" follows the decomposition with one exact model per group of
#: peers and wards that share no site with others, when the decomposition could not prove its plan optimal.
DIRECT_CANDIDATE_LIMIT = 5_000


# --------------------------------------------------------------------------------------------------
# Input and output types


@dataclass(frozen=True)
class TimeWindow:
    """A weekly time window; ``week`` None means every week of the period."""

    day: int
    start: int
    end: int
    week: int | None = None


@dataclass(frozen=True)
class Ward:
    id: RecordId
    site: str
    need_hours: float
    blocks: tuple[TimeWindow, ...] = ()
    preferred_peer: RecordId | None = None
    name: str = ""


@dataclass(frozen=True)
class Peer:
    id: RecordId
    max_hours: float
    qualified: bool
    sites: tuple[str, ...]
    available: tuple[TimeWindow, ...]
    prefers: tuple[RecordId, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class PreviousAssignment:
    """A ward–peer pair from earlier weeks; keeping it counts as continuity."""

    ward: RecordId
    peer: RecordId


@dataclass(frozen=True)
class Weights:
    """Soft-goal weights (organisation settings). Covering an hour always outweighs all of them."""

    distinct_peer: int = 20  # per extra peer on a ward over the period
    continuity: int = 10  # per shift by the ward's preferred or previous peer
    preference: int = 4  # per shift on a ward the peer prefers
    same_day: int = 6  # per extra shift of a ward on the same day
    fairness: int = 3  # per shift a peer works above a fair share of the demand

    def total(self) -> int:
        return self.distinct_peer + self.continuity + self.preference + self.same_day + self.fairness


@dataclass(frozen=True)
class Notice:
    """Something the planner changed or ignored in the input, e.g. merged overlapping blocks."""

    code: str
    record: str
    record_id: RecordId | None
    message: str

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "record": self.record, "id": self.record_id, "message": self.message}


@dataclass(frozen=True)
class PlanInput:
    week_start: date
    wards: tuple[Ward, ...]
    peers: tuple[Peer, ...]
    slot_minutes: int = 30
    shift_hours: float = 2.0
    travel_minutes: int = 30
    weeks: int = 1
    previous: tuple[PreviousAssignment, ...] = ()
    weights: Weights = field(default_factory=Weights)
    notices: tuple[Notice, ...] = ()

    @property
    def shift_minutes(self) -> int:
        return round(self.shift_hours * 60)


@dataclass(frozen=True)
class Shift:
    ward: RecordId
    peer: RecordId
    day: int
    start: int
    end: int
    week: int = 0

    @property
    def hours(self) -> float:
        return (self.end - self.start) / 60

    def to_json(self, week_start: date) -> dict[str, object]:
        on = week_start + timedelta(days=7 * self.week + self.day)
        return {
            "ward": self.ward,
            "peer": self.peer,
            "week": self.week,
            "date": on.isoformat(),
            "day": self.day,
            "start": format_time(self.start),
            "end": format_time(self.end),
        }


@dataclass(frozen=True)
class Reason:
    code: str
    hours: float
    params: Mapping[str, object]
    message: str

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "hours": _num(self.hours),
            "params": dict(self.params),
            "message": self.message,
        }


@dataclass(frozen=True)
class Unmet:
    """Hours a ward lacks in one week; ``reasons`` share out the hours, the first is the main one."""

    ward: RecordId
    week: int
    hours: float
    reasons: tuple[Reason, ...]

    def to_json(self) -> dict[str, object]:
        reasons = [reason.to_json() for reason in self.reasons]
        return {
            "ward": self.ward,
            "week": self.week,
            "hours": _num(self.hours),
            "reason": reasons[0],
            "reasons": reasons,
        }


@dataclass(frozen=True)
class ProgressPoint:
    """One step of the search, for benchmarks: seconds since start, objective and proven bound."""

    seconds: float
    label: str
    objective: int | None
    bound: int | None
    covered_hours: float | None


@dataclass(frozen=True)
class PlanResult:
    week_start: date
    shifts: tuple[Shift, ...]
    unmet: tuple[Unmet, ...]
    objective: int
    bound: int
    optimal: bool
    needed_hours: float
    covered_hours: float
    coverable_hours_bound: float
    strategy: str
    notices: tuple[Notice, ...] = ()
    timeline: tuple[ProgressPoint, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "shifts": [shift.to_json(self.week_start) for shift in self.shifts],
            "unmet": [unmet.to_json() for unmet in self.unmet],
            "objective": self.objective,
            "bound": self.bound,
            "optimal": self.optimal,
            "needed_hours": _num(self.needed_hours),
            "covered_hours": _num(self.covered_hours),
            "coverable_hours_bound": _num(self.coverable_hours_bound),
            "strategy": self.strategy,
            "warnings": [notice.to_json() for notice in self.notices],
        }


@dataclass(frozen=True)
class Violation:
    """A broken hard rule in a (manually edited) plan; ``shifts`` are indexes into the checked list."""

    code: str
    message: str
    shifts: tuple[int, ...]
    ward: RecordId | None = None
    peer: RecordId | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "shifts": list(self.shifts),
            "ward": self.ward,
            "peer": self.peer,
        }


class ShiftInputError(ValueError):
    """Bad planner input. ``record`` is "input", "ward", "peer", "previous" or "shift"."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        record: str,
        record_id: RecordId | None,
        field: str,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.record = record
        self.record_id = record_id
        self.field = field

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "record": self.record,
            "id": self.record_id,
            "field": self.field,
            "message": self.message,
        }


def format_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def _hours(minutes: int) -> float | int:
    return _num(minutes / 60)


# --------------------------------------------------------------------------------------------------
# Parsing and validating JSON-like input

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_TOP_FIELDS = {
    "week_start",
    "slot_minutes",
    "shift_hours",
    "travel_minutes",
    "weeks",
    "wards",
    "peers",
    "previous",
    "weights",
}
_WARD_FIELDS = {"id", "site", "need_hours", "blocks", "preferred_peer", "name"}
_PEER_FIELDS = {"id", "max_hours", "qualified", "sites", "available", "prefers", "name"}
_WINDOW_FIELDS = {"day", "start", "end", "week"}
_SHIFT_FIELDS = {"ward", "peer", "day", "start", "end", "week", "date"}


class _Reader:
    """Reads one record and raises errors that name the record and field."""

    def __init__(self, record: str, record_id: RecordId | None, label: str) -> None:
        self.record = record
        self.record_id = record_id
        self.label = label

    def fail(self, code: str, field: str, text: str) -> ShiftInputError:
        message = f"{self.label}, field '{field}': {text}"
        return ShiftInputError(code, message, record=self.record, record_id=self.record_id, field=field)

    def mapping(
        self,
        value: object,
        field: str,
        allowed: set[str],
        required: Iterable[str],
    ) -> Mapping[str, object]:
        if not isinstance(value, Mapping):
            raise self.fail("wrong_type", field, f"expected an object, got {_type_name(value)}.")
        for key in value:
            if key not in allowed:
                where = _join(field, str(key))
                text = f"unknown field; allowed are {', '.join(sorted(allowed))}."
                raise self.fail("unknown_field", where, text)
        for key in required:
            if key not in value:
                raise self.fail("missing_field", _join(field, key), "this field is required.")
        return value

    def list(self, value: object, field: str) -> list[object]:
        if not isinstance(value, list):
            raise self.fail("wrong_type", field, f"expected a list, got {_type_name(value)}.")
        return value

    def integer(self, value: object, field: str, low: int, high: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail("wrong_type", field, f"expected a whole number, got {_type_name(value)}.")
        if value < low or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"at least {low}"
            code = "day_out_of_range" if field.endswith("day") else "out_of_range"
            raise self.fail(code, field, f"{value} is outside the allowed range ({span}).")
        return value

    def hours(self, value: object, field: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail("wrong_type", field, f"expected a number of hours, got {_type_name(value)}.")
        if value < 0:
            raise self.fail("negative_hours", field, f"hours cannot be negative ({value}).")
        return float(value)

    def boolean(self, value: object, field: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail("wrong_type", field, f"expected true or false, got {_type_name(value)}.")
        return value

    def text(self, value: object, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail("wrong_type", field, f"expected a non-empty text, got {_type_name(value)}.")
        return value

    def ident(self, value: object, field: str) -> RecordId:
        if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
            raise self.fail(
                "wrong_type",
                field,
                f"expected an id (text or whole number), got {_type_name(value)}.",
            )
        return value

    def clock(self, value: object, field: str, slot: int) -> int:
        if not isinstance(value, str):
            raise self.fail("wrong_type", field, f'expected a time "HH:MM", got {_type_name(value)}.')
        match = _TIME.match(value)
        if not match or int(match[2]) > 59 or int(match[1]) * 60 + int(match[2]) > MINUTES_PER_DAY:
            raise self.fail("bad_time", field, f"'{value}' is not a time \"HH:MM\" between 00:00 and 24:00.")
        minutes = int(match[1]) * 60 + int(match[2])
        if minutes % slot:
            raise self.fail("off_grid", field, f"{value} is not on the {slot}-minute slot grid.")
        return minutes

    def window(self, value: object, field: str, slot: int, weeks: int) -> TimeWindow:
        raw = self.mapping(value, field, _WINDOW_FIELDS, ("day", "start", "end"))
        day = self.integer(raw["day"], _join(field, "day"), 0, 6)
        start = self.clock(raw["start"], _join(field, "start"), slot)
        end = self.clock(raw["end"], _join(field, "end"), slot)
        if end <= start:
            text = f"ends at {format_time(end)}, not after its start {format_time(start)}."
            raise self.fail("end_before_start", _join(field, "end"), text)
        week = raw.get("week")
        if week is not None:
            week = self.integer(week, _join(field, "week"), 0, weeks - 1)
        return TimeWindow(day, start, end, week)


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _type_name(value: object) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "a text",
        list: "a list",
        dict: "an object",
    }
    return "null" if value is None else names.get(type(value), type(value).__name__)


def parse_plan_input(data: object) -> PlanInput:
    """Check and convert the JSON planning input. Raises ShiftInputError naming the record and field."""
    top = _Reader("input", None, "Input")
    raw = top.mapping(data, "", _TOP_FIELDS, ("week_start", "wards", "peers"))
    week_start = _parse_week_start(top, raw["week_start"])
    slot = top.integer(raw.get("slot_minutes", 30), "slot_minutes", 1, 240)
    if MINUTES_PER_DAY % slot:
        raise top.fail("out_of_range", "slot_minutes", f"{slot} does not divide a day into whole slots.")
    shift_hours = top.hours(raw.get("shift_hours", 2), "shift_hours")
    shift_minutes = shift_hours * 60
    if shift_hours == 0 or not shift_minutes.is_integer() or int(shift_minutes) % slot:
        raise top.fail(
            "off_grid",
            "shift_hours",
            f"{shift_hours} h is not a positive whole number of {slot}-minute slots.",
        )
    travel = top.integer(raw.get("travel_minutes", 30), "travel_minutes", 0, MINUTES_PER_DAY)
    weeks = top.integer(raw.get("weeks", 1), "weeks", 1, 53)
    notices: list[Notice] = []
    wards = tuple(
        _parse_ward(item, index, slot, weeks, shift_hours, notices)
        for index, item in enumerate(top.list(raw["wards"], "wards"))
    )
    raw_peers = top.list(raw["peers"], "peers")
    peers = tuple(_parse_peer(item, index, slot, weeks, notices) for index, item in enumerate(raw_peers))
    _check_unique(wards, "ward")
    _check_unique(peers, "peer")
    _check_references(wards, peers)
    notices.extend(_preferred_peer_notices(wards, peers))
    previous = tuple(
        _parse_previous(item, index, wards, peers)
        for index, item in enumerate(top.list(raw.get("previous", []), "previous"))
    )
    weights = _parse_weights(top, raw.get("weights", {}))
    return PlanInput(
        week_start,
        wards,
        peers,
        slot,
        shift_hours,
        travel,
        weeks,
        previous,
        weights,
        tuple(notices),
    )


def _parse_week_start(reader: _Reader, value: object) -> date:
    text = reader.text(value, "week_start")
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise reader.fail("bad_date", "week_start", f"'{text}' is not a date YYYY-MM-DD.") from None
    if parsed.weekday() != 0:
        raise reader.fail(
            "week_start_not_monday", "week_start", f"{text} is a {DAY_NAMES[parsed.weekday()]}, not a Monday."
        )
    return parsed


def _parse_weights(reader: _Reader, value: object) -> Weights:
    allowed = set(Weights.__dataclass_fields__)
    raw = reader.mapping(value, "weights", allowed, ())
    return Weights(**{key: reader.integer(raw[key], f"weights.{key}", 0, 1000) for key in raw})


def _parse_ward(
    value: object,
    index: int,
    slot: int,
    weeks: int,
    shift_hours: float,
    notices: list[Notice],
) -> Ward:
    ward_id = _record_id(value, "ward", index)
    reader = _Reader("ward", ward_id, f"Ward {ward_id!r}")
    raw = reader.mapping(value, "", _WARD_FIELDS, ("site",))
    site = reader.text(raw["site"], "site")
    need = reader.hours(raw.get("need_hours", 2 * shift_hours), "need_hours")
    if not (need / shift_hours).is_integer():
        raise reader.fail(
            "need_not_whole_shifts",
            "need_hours",
            f"{need} h is not a whole number of {shift_hours} h shifts.",
        )
    blocks = tuple(
        reader.window(item, f"blocks[{i}]", slot, weeks)
        for i, item in enumerate(reader.list(raw.get("blocks", []), "blocks"))
    )
    notices.extend(_overlap_notices(blocks, "ward", ward_id, "blocks", "blocked times"))
    preferred = raw.get("preferred_peer")
    preferred = None if preferred is None else reader.ident(preferred, "preferred_peer")
    name = reader.text(raw["name"], "name") if "name" in raw else ""
    return Ward(ward_id, site, need, blocks, preferred, name)


def _record_id(value: object, record: str, index: int) -> RecordId:
    """The id first, so that every later error can name the record."""
    reader = _Reader(record, None, f"{record.capitalize()} #{index + 1}")
    if not isinstance(value, Mapping):
        raise reader.fail(
            "wrong_type",
            f"{record}s[{index}]",
            f"expected an object, got {_type_name(value)}.",
        )
    if "id" not in value:
        raise reader.fail("missing_field", "id", "this field is required.")
    return reader.ident(value["id"], "id")


def _parse_peer(value: object, index: int, slot: int, weeks: int, notices: list[Notice]) -> Peer:
    peer_id = _record_id(value, "peer", index)
    reader = _Reader("peer", peer_id, f"Peer {peer_id!r}")
    raw = reader.mapping(value, "", _PEER_FIELDS, ("max_hours", "qualified", "sites", "available"))
    max_hours = reader.hours(raw["max_hours"], "max_hours")
    qualified = reader.boolean(raw["qualified"], "qualified")
    raw_sites = reader.list(raw["sites"], "sites")
    sites = tuple(reader.text(item, f"sites[{i}]") for i, item in enumerate(raw_sites))
    available = tuple(
        reader.window(item, f"available[{i}]", slot, weeks)
        for i, item in enumerate(reader.list(raw["available"], "available"))
    )
    notices.extend(_overlap_notices(available, "peer", peer_id, "available", "availability windows"))
    raw_prefers = reader.list(raw.get("prefers", []), "prefers")
    prefers = tuple(reader.ident(item, f"prefers[{i}]") for i, item in enumerate(raw_prefers))
    name = reader.text(raw["name"], "name") if "name" in raw else ""
    return Peer(peer_id, max_hours, qualified, sites, available, prefers, name)


def _overlap_notices(
    windows: tuple[TimeWindow, ...], record: str, record_id: RecordId, field: str, what: str
) -> list[Notice]:
    notices = []
    for i, first in enumerate(windows):
        for j in range(i + 1, len(windows)):
            second = windows[j]
            same_week = first.week is None or second.week is None or first.week == second.week
            overlap = first.start < second.end and second.start < first.end
            if first.day == second.day and same_week and overlap:
                message = (
                    f"{record.capitalize()} {record_id!r}: {what} {field}[{i}] and {field}[{j}] overlap on "
                    f"{DAY_NAMES[first.day]} ({format_time(first.start)}–{format_time(first.end)} and "
                    f"{format_time(second.start)}–{format_time(second.end)}); they were merged."
                )
                notices.append(Notice(f"{field}_merged", record, record_id, message))
    return notices


def _check_unique(records: Sequence[Ward] | Sequence[Peer], record: str) -> None:
    seen: set[RecordId] = set()
    for item in records:
        if item.id in seen:
            raise ShiftInputError(
                "duplicate_id",
                f"{record.capitalize()} {item.id!r}, field 'id': the id is used twice.",
                record=record,
                record_id=item.id,
                field="id",
            )
        seen.add(item.id)


def _check_references(wards: Sequence[Ward], peers: Sequence[Peer]) -> None:
    ward_ids = {ward.id for ward in wards}
    peer_ids = {peer.id for peer in peers}
    for ward in wards:
        if ward.preferred_peer is not None and ward.preferred_peer not in peer_ids:
            reader = _Reader("ward", ward.id, f"Ward {ward.id!r}")
            raise reader.fail(
                "unknown_reference",
                "preferred_peer",
                f"no peer has the id {ward.preferred_peer!r}.",
            )
    for peer in peers:
        for i, ward_id in enumerate(peer.prefers):
            if ward_id not in ward_ids:
                reader = _Reader("peer", peer.id, f"Peer {peer.id!r}")
                raise reader.fail("unknown_reference", f"prefers[{i}]", f"no ward has the id {ward_id!r}.")


def _preferred_peer_notices(wards: Sequence[Ward], peers: Sequence[Peer]) -> list[Notice]:
    by_id = {peer.id: peer for peer in peers}
    notices = []
    for ward in wards:
        peer = by_id.get(ward.preferred_peer) if ward.preferred_peer is not None else None
        if peer is not None and (not peer.qualified or ward.site not in peer.sites):
            why = "is not yet qualified" if not peer.qualified else f"does not serve site {ward.site!r}"
            message = f"Ward {ward.id!r}: the preferred peer {peer.id!r} {why}, so cannot be planned there."
            notices.append(Notice("preferred_peer_cannot_serve", "ward", ward.id, message))
    return notices


def _parse_previous(
    value: object,
    index: int,
    wards: Sequence[Ward],
    peers: Sequence[Peer],
) -> PreviousAssignment:
    reader = _Reader("previous", None, f"Previous assignment #{index + 1}")
    raw = reader.mapping(value, f"previous[{index}]", {"ward", "peer"}, ("ward", "peer"))
    ward_id = reader.ident(raw["ward"], f"previous[{index}].ward")
    peer_id = reader.ident(raw["peer"], f"previous[{index}].peer")
    if ward_id not in {ward.id for ward in wards}:
        raise reader.fail("unknown_reference", f"previous[{index}].ward", f"no ward has the id {ward_id!r}.")
    if peer_id not in {peer.id for peer in peers}:
        raise reader.fail("unknown_reference", f"previous[{index}].peer", f"no peer has the id {peer_id!r}.")
    return PreviousAssignment(ward_id, peer_id)


def parse_shifts(data: object, plan_input: PlanInput) -> list[Shift]:
    """Read shifts (as produced by the planner or edited by hand). Raises ShiftInputError on bad records."""
    reader = _Reader("shift", None, "Shifts")
    shifts = []
    for index, item in enumerate(reader.list(data, "shifts")):
        reader = _Reader("shift", index, f"Shift #{index + 1}")
        raw = reader.mapping(item, "", _SHIFT_FIELDS, ("ward", "peer", "day", "start", "end"))
        times = {key: raw[key] for key in ("day", "start", "end")}
        window = reader.window(times, "", plan_input.slot_minutes, 1)
        week = reader.integer(raw.get("week", 0), "week", 0, plan_input.weeks - 1)
        shifts.append(
            Shift(
                reader.ident(raw["ward"], "ward"),
                reader.ident(raw["peer"], "peer"),
                window.day,
                window.start,
                window.end,
                week,
            )
        )
    return shifts


# --------------------------------------------------------------------------------------------------
# Precomputation: candidate start times per peer, ward, week and day as bit masks of slots


class _Cand(NamedTuple):
    p: int
    w: int
    k: int
    d: int
    t: int


@dataclass(frozen=True)
class _Options:
    workers: int
    seed: int


@dataclass
class _Problem:
    inp: PlanInput
    length: int
    span: int
    slot: int
    travel: int
    site: list[str]
    need: list[list[int]]
    max_shifts: list[int]
    starts: dict[tuple[int, int], list[list[int]]]
    bonus: dict[tuple[int, int], int]
    target: list[list[int]]
    weight: int
    penalty_rate: int
    peers_of_ward: list[list[int]]
    wards_of_peer: list[list[int]]
    ceiling: int
    structural_cache: dict[tuple[int, int], tuple[int, str, dict[str, object], str]] = field(
        default_factory=dict,
    )

    def cand_shift(self, cand: _Cand) -> Shift:
        ward, peer = self.inp.wards[cand.w], self.inp.peers[cand.p]
        return Shift(ward.id, peer.id, cand.d, cand.t, cand.t + self.length, cand.k)

    def cover_bound(self, bound: int, wards: Iterable[int]) -> int:
        """Shifts the wards can get at most, from a proven bound on their part of the objective.

        A plan covering c shifts scores at least weight × c minus every penalty those wards can incur,
        which is less than one weight; so c cannot exceed this.
        """
        penalties = self.penalty_rate * sum(sum(self.need[w]) for w in wards)
        return (bound + penalties) // self.weight

    def pair_cap(self, p: int, w: int, k: int) -> int:
        masks = self.starts.get((p, w))
        return sum(_max_disjoint(mask, self.span) for mask in masks[k]) if masks else 0

    def candidates(self, pairs: Iterable[tuple[int, int]], weeks: Iterable[int] | None = None) -> list[_Cand]:
        chosen_weeks = list(range(self.inp.weeks)) if weeks is None else list(weeks)
        found: list[_Cand] = []
        for p, w in pairs:
            masks = self.starts.get((p, w))
            for k in chosen_weeks if masks else ():
                if masks is not None and self.need[w][k]:
                    rows, slot = masks[k], self.slot
                    found.extend(_Cand(p, w, k, d, bit * slot) for d in range(7) for bit in _bits(rows[d]))
        return found


def _bits(mask: int) -> Iterable[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _max_disjoint(mask: int, span: int) -> int:
    """How many non-overlapping shifts fit on a day whose allowed start slots are ``mask``."""
    count, offset = 0, 0
    while mask >> offset:
        rest = mask >> offset
        offset += (rest & -rest).bit_length() - 1 + span
        count += 1
    return count


def _slot_mask(windows: Iterable[TimeWindow], week: int, day: int, slot: int) -> int:
    mask = 0
    for window in windows:
        if window.day == day and (window.week is None or window.week == week):
            mask |= (1 << (window.end // slot)) - (1 << (window.start // slot))
    return mask


def _start_mask(free: int, span: int) -> int:
    mask = free
    for shift in range(1, span):
        mask &= free >> shift
    return mask


def _prepare(inp: PlanInput) -> _Problem:
    slot, length = inp.slot_minutes, inp.shift_minutes
    span, full = length // slot, (1 << (MINUTES_PER_DAY // slot)) - 1
    weeks = range(inp.weeks)
    ward_starts = [
        [[_start_mask(full & ~_slot_mask(ward.blocks, k, d, slot), span) for d in range(7)] for k in weeks]
        for ward in inp.wards
    ]
    peer_starts = [
        [[_start_mask(_slot_mask(peer.available, k, d, slot), span) for d in range(7)] for k in weeks]
        for peer in inp.peers
    ]
    need = [[round(ward.need_hours * 60) // length for _ in weeks] for ward in inp.wards]
    max_shifts = [math.floor(peer.max_hours * 60 / length + 1e-9) for peer in inp.peers]
    starts: dict[tuple[int, int], list[list[int]]] = {}
    peers_of_ward: list[list[int]] = [[] for _ in inp.wards]
    wards_of_peer: list[list[int]] = [[] for _ in inp.peers]
    for p, peer in enumerate(inp.peers):
        if not peer.qualified or max_shifts[p] < 1:
            continue
        for w, ward in enumerate(inp.wards):
            if ward.site in peer.sites and any(need[w]):
                masks = [[peer_starts[p][k][d] & ward_starts[w][k][d] for d in range(7)] for k in weeks]
                if any(any(row) for row in masks):
                    starts[(p, w)] = masks
                    peers_of_ward[w].append(p)
                    wards_of_peer[p].append(w)
    weights = inp.weights
    total_need = sum(map(sum, need))
    bonus = _bonuses(inp, starts)
    weight = weights.total() * total_need + 1
    # Every needed shift covered with the best bonus and no penalty: no plan can do better.
    best = [max((bonus[(p, w)] for p in peers_of_ward[w]), default=0) for w in range(len(inp.wards))]
    return _Problem(
        inp=inp,
        length=length,
        span=span,
        slot=slot,
        travel=inp.travel_minutes,
        site=[ward.site for ward in inp.wards],
        need=need,
        max_shifts=max_shifts,
        starts=starts,
        bonus=bonus,
        target=_fair_targets(inp, need, max_shifts, starts),
        weight=weight,
        penalty_rate=weights.distinct_peer + weights.same_day + weights.fairness,
        peers_of_ward=peers_of_ward,
        wards_of_peer=wards_of_peer,
        ceiling=sum(n * (weight + best[w]) for w, row in enumerate(need) for n in row),
    )


def _bonuses(inp: PlanInput, starts: Mapping[tuple[int, int], object]) -> dict[tuple[int, int], int]:
    continuity = {(ward.preferred_peer, ward.id) for ward in inp.wards if ward.preferred_peer is not None}
    continuity |= {(item.peer, item.ward) for item in inp.previous}
    bonus = {}
    for p, w in starts:
        peer, ward = inp.peers[p], inp.wards[w]
        kept = (peer.id, ward.id) in continuity
        bonus[(p, w)] = inp.weights.continuity * kept + inp.weights.preference * (ward.id in peer.prefers)
    return bonus


def _fair_targets(
    inp: PlanInput, need: list[list[int]], max_shifts: list[int], starts: Mapping[tuple[int, int], object]
) -> list[list[int]]:
    """A peer's fair share of each week's demand, in proportion to contract hours."""
    active = {p for p, _ in starts}
    capacity = sum(max_shifts[p] for p in active)
    targets = []
    for p in range(len(inp.peers)):
        row = []
        for k in range(inp.weeks):
            demand = sum(need[w][k] for w in range(len(inp.wards)))
            row.append(math.ceil(demand * max_shifts[p] / capacity) if capacity and p in active else 0)
        targets.append(row)
    return targets


# --------------------------------------------------------------------------------------------------
# Occupancy: which times a partial plan already uses, and whether a candidate still fits


class _Occupancy:
    def __init__(self, prob: _Problem, plan: Iterable[_Cand] = ()) -> None:
        self.prob = prob
        self.peer_day: dict[tuple[int, int, int], list[_Cand]] = defaultdict(list)
        self.ward_day: dict[tuple[int, int, int], list[_Cand]] = defaultdict(list)
        self.ward_week: dict[tuple[int, int], int] = defaultdict(int)
        self.peer_week: dict[tuple[int, int], int] = defaultdict(int)
        self.pairs: set[tuple[int, int]] = set()
        self.plan: list[_Cand] = []
        for cand in plan:
            self.add(cand)

    def add(self, cand: _Cand) -> None:
        self.plan.append(cand)
        self.peer_day[(cand.p, cand.k, cand.d)].append(cand)
        self.ward_day[(cand.w, cand.k, cand.d)].append(cand)
        self.ward_week[(cand.w, cand.k)] += 1
        self.peer_week[(cand.p, cand.k)] += 1
        self.pairs.add((cand.p, cand.w))

    def has_hours(self, cand: _Cand) -> bool:
        return self.peer_week[(cand.p, cand.k)] < self.prob.max_shifts[cand.p]

    def times_fit(self, cand: _Cand) -> bool:
        prob, end = self.prob, cand.t + self.prob.length
        for other in self.peer_day.get((cand.p, cand.k, cand.d), ()):
            gap = prob.travel if prob.site[other.w] != prob.site[cand.w] else 0
            if cand.t < other.t + prob.length + gap and other.t < end + gap:
                return False
        return all(
            not (cand.t < other.t + prob.length and other.t < end)
            for other in self.ward_day.get((cand.w, cand.k, cand.d), ())
        )

    def allows(self, cand: _Cand) -> bool:
        ward_open = self.ward_week[(cand.w, cand.k)] < self.prob.need[cand.w][cand.k]
        return ward_open and self.has_hours(cand) and self.times_fit(cand)


def _score(prob: _Problem, plan: Sequence[_Cand]) -> int:
    """The objective every strategy maximises; the same formula as the CP-SAT models."""
    weights = prob.inp.weights
    occupancy = _Occupancy(prob, plan)
    value = sum(prob.weight + prob.bonus.get((cand.p, cand.w), 0) for cand in plan)
    value -= weights.distinct_peer * len(occupancy.pairs)
    value -= weights.same_day * sum(len(day) - 1 for day in occupancy.ward_day.values() if day)
    above = sum(max(0, load - prob.target[p][k]) for (p, k), load in occupancy.peer_week.items())
    value -= weights.fairness * above
    return value


# --------------------------------------------------------------------------------------------------
# CP-SAT models


def _interval_cliques(items: Sequence[tuple[int, int, int]]) -> list[list[int]]:
    """Maximal sets of pairwise-overlapping half-open intervals (start, end, key), size two or more."""
    ordered = sorted(items)
    cliques: list[list[int]] = []
    active: list[tuple[int, int]] = []
    index = 0
    while index < len(ordered):
        tau = ordered[index][0]
        active = [(end, key) for end, key in active if end > tau]
        while index < len(ordered) and ordered[index][0] == tau:
            active.append((ordered[index][1], ordered[index][2]))
            index += 1
        next_start = ordered[index][0] if index < len(ordered) else None
        if len(active) >= 2 and (next_start is None or min(end for end, _ in active) <= next_start):
            cliques.append([key for _, key in active])
    return cliques


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(
        self,
        covered: cp_model.IntVar,
        offset: float,
        hours: float,
        sink: list[ProgressPoint],
    ) -> None:
        super().__init__()
        self.covered, self.offset, self.hours, self.sink = covered, offset, hours, sink

    def on_solution_callback(self) -> None:
        self.sink.append(
            ProgressPoint(
                round(self.offset + self.wall_time, 3),
                "solution",
                round(self.objective_value),
                math.floor(self.best_objective_bound + 1e-6),
                self.value(self.covered) * self.hours,
            )
        )


@dataclass
class _CpOutcome:
    chosen: list[_Cand]
    optimal: bool
    objective: int
    bound: int


class _TimingModel:
    """One CP-SAT model choosing among candidate shifts, around a fixed partial plan."""

    def __init__(self, prob: _Problem, cands: Sequence[_Cand], fixed: _Occupancy) -> None:
        self.prob, self.fixed = prob, fixed
        self.cands = [cand for cand in cands if fixed.allows(cand)]
        self.model = cp_model.CpModel()
        self.x = [self.model.new_bool_var(f"x{i}") for i in range(len(self.cands))]
        self.obj_vars: list[cp_model.IntVar] = list(self.x)
        self.obj_coefs = [prob.weight + prob.bonus.get((c.p, c.w), 0) for c in self.cands]
        self.by: dict[str, dict[tuple[int, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
        for i, c in enumerate(self.cands):
            self.by["peer_day"][(c.p, c.k, c.d)].append(i)
            self.by["ward_day"][(c.w, c.k, c.d)].append(i)
            self.by["ward_week"][(c.w, c.k)].append(i)
            self.by["peer_week"][(c.p, c.k)].append(i)
            self.by["pair"][(c.p, c.w)].append(i)
            self.by["pair_week"][(c.p, c.w, c.k)].append(i)

    def build(self, caps: Mapping[tuple[int, int, int], int] | None) -> None:
        model, prob, weights = self.model, self.prob, self.prob.inp.weights
        for members in self.by["peer_day"].values():
            self._peer_day(members)
        for key, members in self.by["ward_day"].items():
            self._ward_day(key, members)
        for (w, k), members in self.by["ward_week"].items():
            model.add(sum(self.x[i] for i in members) <= prob.need[w][k] - self.fixed.ward_week[(w, k)])
        for (p, k), members in self.by["peer_week"].items():
            self._peer_week(p, k, members)
        for (p, w, k), members in self.by["pair_week"].items():
            if caps is not None:
                model.add(sum(self.x[i] for i in members) <= caps.get((p, w, k), 0))
        for (p, w), members in self.by["pair"].items():
            if (p, w) not in self.fixed.pairs:
                used = model.new_bool_var(f"u{p}_{w}")
                for i in members:
                    model.add_implication(self.x[i], used)
                self._penalise(used, weights.distinct_peer)

    def _penalise(self, var: cp_model.IntVar, weight: int) -> None:
        if weight:
            self.obj_vars.append(var)
            self.obj_coefs.append(-weight)

    def _peer_day(self, members: list[int]) -> None:
        prob, cands = self.prob, self.cands
        for clique in _interval_cliques([(cands[i].t, cands[i].t + prob.length, i) for i in members]):
            self.model.add_at_most_one(self.x[i] for i in clique)
        if len({prob.site[cands[i].w] for i in members}) < 2:
            return
        # Shifts on different sites must leave travel time: at any moment the peer is "at" one site,
        # counting each shift as its own time plus the travel time after it.
        reach = prob.length + prob.travel
        for clique in _interval_cliques([(cands[i].t, cands[i].t + reach, i) for i in members]):
            by_site: dict[str, list[int]] = defaultdict(list)
            for i in clique:
                by_site[prob.site[cands[i].w]].append(i)
            if len(by_site) >= 2:
                self.model.add_at_most_one(self._site_literal(group) for group in by_site.values())

    def _site_literal(self, group: list[int]) -> cp_model.IntVar:
        if len(group) == 1:
            return self.x[group[0]]
        here = self.model.new_bool_var("")
        for i in group:
            self.model.add_implication(self.x[i], here)
        return here

    def _ward_day(self, key: tuple[int, ...], members: list[int]) -> None:
        cands, length = self.cands, self.prob.length
        for clique in _interval_cliques([(cands[i].t, cands[i].t + length, i) for i in members]):
            self.model.add_at_most_one(self.x[i] for i in clique)
        already = len(self.fixed.ward_day.get((key[0], key[1], key[2]), ()))
        if already + len(members) >= 2:
            extra = self.model.new_int_var(0, already + len(members), "")
            self.model.add(extra >= sum(self.x[i] for i in members) + already - 1)
            self._penalise(extra, self.prob.inp.weights.same_day)

    def _peer_week(self, p: int, k: int, members: list[int]) -> None:
        already = self.fixed.peer_week[(p, k)]
        room = self.prob.max_shifts[p] - already
        load = sum(self.x[i] for i in members)
        self.model.add(load <= room)
        target = self.prob.target[p][k]
        highest = already + min(room, len(members))
        if highest > target:
            above = self.model.new_int_var(0, highest - target, "")
            self.model.add(above >= load + already - target)
            self._penalise(above, self.prob.inp.weights.fairness)

    def solve(
        self,
        limit: float,
        options: _Options,
        sink: list[ProgressPoint] | None,
        offset: float,
        hint: Iterable[_Cand] = (),
    ) -> _CpOutcome:
        model = self.model
        model.maximize(cp_model.LinearExpr.weighted_sum(self.obj_vars, self.obj_coefs))
        hinted = set(hint)
        if hinted:
            for cand, var in zip(self.cands, self.x, strict=True):
                model.add_hint(var, cand in hinted)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, limit)
        # A second worker only pays off on larger models; one worker is also reproducible.
        solver.parameters.num_workers = options.workers if len(self.x) > 3_000 else 1
        solver.parameters.random_seed = options.seed
        callback = None
        if sink is not None:
            covered = model.new_int_var(0, len(self.x), "covered")
            model.add(covered == sum(self.x))
            callback = _Progress(covered, offset, self.prob.length / 60, sink)
        status = solver.solve(model, callback)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _CpOutcome([], False, 0, self.prob.ceiling)
        chosen = [cand for cand, var in zip(self.cands, self.x, strict=True) if solver.boolean_value(var)]
        return _CpOutcome(
            chosen, status == cp_model.OPTIMAL, round(solver.objective_value), _upper_bound(solver, self.prob)
        )


def _upper_bound(solver: cp_model.CpSolver, prob: _Problem) -> int:
    bound = solver.best_objective_bound
    return min(math.floor(bound + 1e-6), prob.ceiling) if math.isfinite(bound) else prob.ceiling


def _solve_timing(
    prob: _Problem,
    cands: Sequence[_Cand],
    fixed: _Occupancy,
    limit: float,
    options: _Options,
    *,
    caps: Mapping[tuple[int, int, int], int] | None = None,
    hint: Iterable[_Cand] = (),
    sink: list[ProgressPoint] | None = None,
    offset: float = 0.0,
) -> _CpOutcome:
    started = time.monotonic()
    model = _TimingModel(prob, cands, fixed)
    model.build(caps)
    built = time.monotonic() - started
    return model.solve(limit - built, options, sink, offset + built, hint)


# --------------------------------------------------------------------------------------------------
# Decomposition: aggregated assignment, then timing per connected group, then local repair


class _AssignmentModel:
    """Who covers how many shifts on which ward: the period's objective on counts, without times.

    Every cap is a true upper bound of what a plan can do and every penalty a true lower bound, so the
    proven bound of this model bounds the objective of every plan.
    """

    def __init__(
        self,
        prob: _Problem,
        start: Mapping[tuple[int, int, int], int] | None = None,
        pairs: Iterable[tuple[int, int]] | None = None,
    ) -> None:
        self.prob, self.model = prob, cp_model.CpModel()
        self.caps: dict[tuple[int, int, int], int] = {}
        for p, w in prob.starts if pairs is None else pairs:
            for k in range(prob.inp.weeks):
                cap = min(prob.pair_cap(p, w, k), prob.need[w][k], prob.max_shifts[p])
                if cap:
                    self.caps[(p, w, k)] = cap
        self.counts = {key: self.model.new_int_var(0, cap, "") for key, cap in self.caps.items()}
        given = self._greedy() if start is None else defaultdict(int, start)
        self.given: Mapping[tuple[int, int, int], int] = given
        for key, var in self.counts.items():
            self.model.add_hint(var, self.given[key])
        self.obj_vars: list[cp_model.IntVar] = []
        self.obj_coefs: list[int] = []

    def _add_objective(self, var: cp_model.IntVar, coef: int) -> None:
        self.obj_vars.append(var)
        self.obj_coefs.append(coef)

    def build(self) -> None:
        prob, model, weights = self.prob, self.model, self.prob.inp.weights
        by_pair: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
        by_ward: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
        by_peer: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
        for key in self.counts:
            p, w, k = key
            by_pair[(p, w)].append(key)
            by_ward[(w, k)].append(key)
            by_peer[(p, k)].append(key)
            self._add_objective(self.counts[key], prob.weight + prob.bonus[(p, w)])
        for keys in by_pair.values():
            used = model.new_bool_var("")
            model.add_hint(used, any(self.given[key] for key in keys))
            self._add_objective(used, -weights.distinct_peer)
            for key in keys:
                model.add(self.counts[key] <= self.caps[key] * used)
        for (w, k), keys in by_ward.items():
            self._ward_week(w, k, keys)
        for (p, k), keys in by_peer.items():
            load = cp_model.LinearExpr.sum([self.counts[key] for key in keys])
            model.add(load <= min(prob.max_shifts[p], _peer_window_cap(prob, p, k)))
            highest = min(prob.max_shifts[p], sum(self.caps[key] for key in keys))
            if highest > prob.target[p][k]:
                above = model.new_int_var(0, highest - prob.target[p][k], "")
                model.add(above >= load - prob.target[p][k])
                model.add_hint(above, max(0, sum(self.given[key] for key in keys) - prob.target[p][k]))
                self._add_objective(above, -weights.fairness)

    def _ward_week(self, w: int, k: int, keys: list[tuple[int, int, int]]) -> None:
        prob, model = self.prob, self.model
        total = cp_model.LinearExpr.sum([self.counts[key] for key in keys])
        model.add(total <= min(prob.need[w][k], _ward_window_cap(prob, w, k, prob.peers_of_ward[w])))
        # Same-day shifts are unavoidable beyond the number of days anyone can work on the ward, and
        # beyond the number of days each peer can.
        ward_days = sum(1 for d in range(7) if any(prob.starts[(p, w)][k][d] for p, _, _ in keys))
        pair_days = {key: sum(1 for mask in prob.starts[(key[0], w)][k] if mask) for key in keys}
        forced = [key for key in keys if self.caps[key] > pair_days[key]]
        if sum(self.caps[key] for key in keys) > ward_days or forced:
            extra = model.new_int_var(0, sum(self.caps[key] for key in keys), "")
            model.add(extra >= total - ward_days)
            lowest = sum(self.given[key] for key in keys) - ward_days
            for key in forced:
                model.add(extra >= self.counts[key] - pair_days[key])
                lowest = max(lowest, self.given[key] - pair_days[key])
            model.add_hint(extra, max(0, lowest))
            self._add_objective(extra, -prob.inp.weights.same_day)

    def _greedy(self) -> dict[tuple[int, int, int], int]:
        """A starting point: each ward's hours from the fewest, best-suited peers."""
        prob = self.prob
        room = {(p, k): min(prob.max_shifts[p], _peer_window_cap(prob, p, k)) for p, _, k in self.caps}
        given: dict[tuple[int, int, int], int] = defaultdict(int)
        wards = {w for _, w, _ in self.caps}
        for w in sorted(wards, key=lambda w: (len(prob.peers_of_ward[w]), w)):
            for k in range(prob.inp.weeks):
                left = min(prob.need[w][k], _ward_window_cap(prob, w, k, prob.peers_of_ward[w]))
                peers = [p for p in prob.peers_of_ward[w] if (p, w, k) in self.caps]
                peers.sort(
                    key=lambda p: (-prob.bonus[(p, w)], -(k > 0 and given[(p, w, k - 1)] > 0), -room[(p, k)]),
                )
                for p in peers:
                    take = min(left, self.caps[(p, w, k)], room[(p, k)])
                    given[(p, w, k)], left, room[(p, k)] = take, left - take, room[(p, k)] - take
        return given

    def solve(
        self, limit: float, options: _Options, *, presolve: bool = True
    ) -> tuple[dict[tuple[int, int, int], int], int]:
        """The best assignment found and a proven bound; the starting point if time ran out first."""
        self.model.maximize(cp_model.LinearExpr.weighted_sum(self.obj_vars, self.obj_coefs))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, limit)
        solver.parameters.num_workers = options.workers
        solver.parameters.random_seed = options.seed
        # Presolve costs seconds on a large region and helps little on this near-flow model.
        solver.parameters.cp_model_presolve = presolve
        status = solver.solve(self.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = {key: solver.value(count) for key, count in self.counts.items()}
            return {key: value for key, value in chosen.items() if value}, _upper_bound(solver, self.prob)
        return {key: value for key, value in self.given.items() if value}, self.prob.ceiling


def _ward_window_cap(prob: _Problem, w: int, k: int, peers: Iterable[int]) -> int:
    total = 0
    for d in range(7):
        union = 0
        for p in peers:
            union |= prob.starts[(p, w)][k][d]
        total += _max_disjoint(union, prob.span)
    return total


def _peer_window_cap(prob: _Problem, p: int, k: int) -> int:
    masks = [prob.starts[(p, w)][k] for w in prob.wards_of_peer[p]]
    total = 0
    for d in range(7):
        union = 0
        for row in masks:
            union |= row[d]
        total += _max_disjoint(union, prob.span)
    return total


def _pair_groups(pairs: Iterable[tuple[int, int]]) -> list[set[tuple[int, int]]]:
    """Peer–ward pairs split into groups that share no peer and no ward with each other."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    pairs = list(pairs)
    for p, w in pairs:
        parent[root(("p", p))] = root(("w", w))
    groups: dict[tuple[str, int], set[tuple[int, int]]] = defaultdict(set)
    for p, w in pairs:
        groups[root(("w", w))].add((p, w))
    return list(groups.values())


def _components(cands: Sequence[_Cand]) -> list[list[_Cand]]:
    """Candidates in groups that share no peer and no ward with other groups (solved separately)."""
    groups_of_pairs = _pair_groups({(c.p, c.w) for c in cands})
    group_of = {pair: index for index, pairs in enumerate(groups_of_pairs) for pair in pairs}
    groups: dict[int, list[_Cand]] = defaultdict(list)
    for cand in cands:
        groups[group_of[(cand.p, cand.w)]].append(cand)
    return sorted(groups.values(), key=len, reverse=True)


class _Clock:
    def __init__(self, limit: float, started: float | None = None) -> None:
        self.started = time.monotonic() if started is None else started
        # Keep a little time for the final fill, the reasons and the output.
        self.deadline = time.monotonic() + limit - min(1.0, 0.05 * limit)

    def share(self, fraction: float) -> _Clock:
        """A clock for one phase: the same start, a deadline after ``fraction`` of the time left."""
        phase = _Clock(0.0, self.started)
        phase.deadline = time.monotonic() + fraction * self.left()
        return phase

    def elapsed(self) -> float:
        return round(time.monotonic() - self.started, 3)

    def left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())


def _covered_hours(prob: _Problem, plan: Sequence[_Cand]) -> float:
    return len(plan) * prob.length / 60


def _plan_decomposed(
    prob: _Problem, clock: _Clock, options: _Options, timeline: list[ProgressPoint]
) -> tuple[list[_Cand], int]:
    """A quick assignment and its timing first; then a longer assignment search from the plan found,
    kept only if its timed plan is better."""
    model = _AssignmentModel(prob)
    model.build()
    counts, bound = model.solve(min(clock.left() * 0.25, 1.0 + 0.05 * clock.left()), options, presolve=False)
    timeline.append(ProgressPoint(clock.elapsed(), "assignment", None, bound, None))
    started = time.monotonic()
    plan = _greedy_fill(prob, _time_assignment(prob, counts, clock, options))
    timing_cost = 1.5 * (time.monotonic() - started) + 0.2
    timeline.append(
        ProgressPoint(clock.elapsed(), "first_plan", _score(prob, plan), bound, _covered_hours(prob, plan)),
    )
    plan = _repair(prob, plan, bound, clock, options, timeline)
    while _score(prob, plan) < bound and clock.left() > 2 * timing_cost + 0.5:
        current: dict[tuple[int, int, int], int] = defaultdict(int)
        for cand in plan:
            current[(cand.p, cand.w, cand.k)] += 1
        model = _AssignmentModel(prob, current)
        model.build()
        counts, new_bound = model.solve(clock.left() - timing_cost, options)
        bound = min(bound, new_bound)
        timeline.append(ProgressPoint(clock.elapsed(), "assignment", None, bound, None))
        if counts == {key: value for key, value in current.items() if value}:
            break
        retimed = _greedy_fill(prob, _time_assignment(prob, counts, clock, options))
        retimed = _repair(prob, retimed, bound, clock, options, timeline)
        if _score(prob, retimed) <= _score(prob, plan):
            break
        plan = retimed
        timeline.append(
            ProgressPoint(clock.elapsed(), "improved", _score(prob, plan), bound, _covered_hours(prob, plan))
        )
    return plan, bound


def _time_assignment(
    prob: _Problem, counts: Mapping[tuple[int, int, int], int], clock: _Clock, options: _Options
) -> list[_Cand]:
    """Choose the times for an assignment, one small model per connected group of peers and wards."""
    every = prob.candidates({(p, w) for p, w, _ in counts})
    cands = [cand for cand in every if (cand.p, cand.w, cand.k) in counts]
    plan: list[_Cand] = []
    remaining = len(cands)
    # One model per group: CP-SAT proves many small independent models far faster than their union.
    for group in _components(cands):
        share = clock.left() * 0.5 * len(group) / max(1, remaining)
        remaining -= len(group)
        plan.extend(_solve_timing(prob, group, _Occupancy(prob), share, options, caps=counts).chosen)
    return plan


def _site_groups(prob: _Problem) -> list[tuple[set[tuple[int, int]], int]]:
    """Peers and wards that share no site with the rest (each with its candidate count): their plans do
    not affect each other, so each can be solved exactly on its own."""
    groups = _pair_groups(prob.starts)
    sized = [
        (pairs, sum(_popcount(mask) for pair in pairs for row in prob.starts[pair] for mask in row))
        for pairs in groups  # one group per line
    ]
    return sorted(sized, key=lambda item: (item[1], min(item[0])))


def _popcount(mask: int) -> int:
    return bin(mask).count("1")


def _polish(
    prob: _Problem,
    plan: list[_Cand],
    bound: int,
    groups: list[tuple[set[tuple[int, int]], int]],
    clock: _Clock,
    options: _Options,
    timeline: list[ProgressPoint],
) -> tuple[list[_Cand], int, int]:
    """Solve each small independent group exactly (one model with every candidate shift), starting
    from the decomposed plan. The objective adds up over the groups, and so do their proven bounds;
    the groups too large for that get their bound from the assignment model. Returns the plan, the
    objective bound and a bound on the shifts that can be covered, summed group by group."""
    exact_bound, cover, rest = 0, 0, set(prob.starts)
    # Groups with wards still short of hours they might get come first, with a larger share of time.
    short = {w for w, _ in _short_wards(prob, plan)}
    small = [
        (pairs, size, any(w in short for _, w in pairs))
        for pairs, size in groups
        if size <= DIRECT_CANDIDATE_LIMIT  # larger groups keep the assignment bound
    ]
    small.sort(key=lambda item: (not item[2], item[1]))
    weights = [size * (4 if is_short else 1) for _, size, is_short in small]
    remaining = sum(weights)
    for (pairs, _, _), weight in zip(small, weights, strict=True):
        share = clock.left() * 0.8 * weight / max(1, remaining)
        remaining -= weight
        if share < 0.05:
            break
        part = [cand for cand in plan if (cand.p, cand.w) in pairs]
        others = [cand for cand in plan if (cand.p, cand.w) not in pairs]
        outcome = _solve_timing(prob, prob.candidates(pairs), _Occupancy(prob), share, options, hint=part)
        if _score(prob, others + outcome.chosen) > _score(prob, plan):
            plan = others + outcome.chosen
        exact_bound += outcome.bound
        cover += prob.cover_bound(outcome.bound, {w for _, w in pairs})
        rest -= pairs
    if rest:
        model = _AssignmentModel(prob, pairs=rest)
        model.build()
        rest_bound = model.solve(max(0.05, clock.left()), options, presolve=False)[1]
        exact_bound += rest_bound
        cover += prob.cover_bound(rest_bound, {w for _, w in rest})
    bound = min(bound, exact_bound)
    timeline.append(
        ProgressPoint(clock.elapsed(), "exact_groups", _score(prob, plan), bound, _covered_hours(prob, plan))
    )
    return plan, bound, cover


def _repair(
    prob: _Problem,
    plan: list[_Cand],
    bound: int,
    clock: _Clock,
    options: _Options,
    timeline: list[ProgressPoint],
) -> list[_Cand]:
    """Local search: re-plan the neighbourhood of each ward that still lacks hours it could get."""
    score, tried = _score(prob, plan), set()
    while score < bound and clock.left() > 0.3:
        short = [key for key in _short_wards(prob, plan) if key not in tried]
        if not short:
            break
        key = short[0]
        tried.add(key)
        cands, fixed, free = _neighbourhood(prob, plan, *key)
        limit = min(clock.left(), 1.0)
        outcome = _solve_timing(prob, cands, _Occupancy(prob, fixed), limit, options, hint=free)
        candidate_plan = fixed + outcome.chosen
        new_score = _score(prob, candidate_plan)
        if new_score > score:
            plan, score, tried = candidate_plan, new_score, set()
            point = ProgressPoint(clock.elapsed(), "repair", score, bound, _covered_hours(prob, plan))
            timeline.append(point)
    return plan


def _short_wards(prob: _Problem, plan: Sequence[_Cand]) -> list[tuple[int, int]]:
    covered: dict[tuple[int, int], int] = defaultdict(int)
    for cand in plan:
        covered[(cand.w, cand.k)] += 1
    short = []
    for w in range(len(prob.inp.wards)):
        for k in range(prob.inp.weeks):
            missing = prob.need[w][k] - covered[(w, k)]
            if missing > 0 and missing > _structural(prob, w, k)[0]:
                short.append((w, k))
    return short


_NEIGHBOURHOOD_LIMIT = 6_000


def _neighbourhood(
    prob: _Problem, plan: Sequence[_Cand], w: int, k: int
) -> tuple[list[_Cand], list[_Cand], list[_Cand]]:
    """Free the ward's shifts and every shift of the peers who could work there; let peers with
    spare hours on the affected wards step in."""
    peers = set(prob.peers_of_ward[w])
    free = [cand for cand in plan if cand.p in peers or cand.w == w]
    fixed = [cand for cand in plan if not (cand.p in peers or cand.w == w)]
    wards = {cand.w for cand in free} | {w}
    pairs = {(p, x) for p in peers for x in wards if (p, x) in prob.starts}
    cands = prob.candidates(pairs)
    helpers = {(p, x) for x in wards for p in prob.peers_of_ward[x] if p not in peers}
    extra = prob.candidates(helpers)
    if len(cands) + len(extra) <= _NEIGHBOURHOOD_LIMIT:
        cands += extra
    elif len(cands) > _NEIGHBOURHOOD_LIMIT:
        cands = prob.candidates(pairs, [k])
    return cands, fixed, free


def _greedy_fill(prob: _Problem, plan: Sequence[_Cand]) -> list[_Cand]:
    """Add any shift that still fits, so every reported gap is a real one."""
    occupancy = _Occupancy(prob, plan)
    for w in range(len(prob.inp.wards)):
        for k in range(prob.inp.weeks):
            for p in sorted(
                prob.peers_of_ward[w],
                key=lambda p: (-prob.bonus[(p, w)], occupancy.peer_week[(p, k)]),
            ):
                days = sorted(range(7), key=lambda d: len(occupancy.ward_day.get((w, k, d), ())))
                for d in days:
                    for bit in _bits(prob.starts[(p, w)][k][d]):
                        cand = _Cand(p, w, k, d, bit * prob.slot)
                        if occupancy.allows(cand):
                            occupancy.add(cand)
    return occupancy.plan


# --------------------------------------------------------------------------------------------------
# Why hours are missing


def _ids(prob: _Problem, peers: Iterable[int]) -> list[RecordId]:
    return [prob.inp.peers[p].id for p in peers]


def _names(ids: Iterable[RecordId]) -> str:
    return ", ".join(repr(item) for item in ids)


def _structural(prob: _Problem, w: int, k: int) -> tuple[int, str, dict[str, object], str]:
    """Shifts the ward cannot get in week ``k`` whatever the rest of the plan looks like, and why."""
    if (w, k) not in prob.structural_cache:
        prob.structural_cache[(w, k)] = _structural_uncached(prob, w, k)
    return prob.structural_cache[(w, k)]


def _structural_uncached(prob: _Problem, w: int, k: int) -> tuple[int, str, dict[str, object], str]:
    ward, peers, need = prob.inp.wards[w], prob.inp.peers, prob.need[w][k]
    serving = [p for p, peer in enumerate(peers) if ward.site in peer.sites]
    qualified = [p for p in serving if peers[p].qualified]
    with_hours = [p for p in qualified if prob.max_shifts[p] >= 1]
    able = [p for p in with_hours if any(prob.starts.get((p, w), [[0]] * (k + 1))[k])]
    base: dict[str, object] = {"ward": ward.id, "week": k, "site": ward.site}
    if not serving:
        return (
            need,
            "no_peer_serves_site",
            base,
            f"No peer serves site {ward.site!r}, where ward {ward.id!r} is.",
        )
    if not qualified:
        text = (
            f"The peers serving site {ward.site!r} ({_names(_ids(prob, serving))}) are not yet qualified "
            "for ward conversations."
        )
        return need, "no_qualified_peer", base | {"peers": _ids(prob, serving)}, text
    if not with_hours:
        text = (
            f"The qualified peers serving site {ward.site!r} have fewer contract hours than one "
            f"{_hours(prob.length)} h shift."
        )
        return need, "contract_hours_below_shift", base | {"peers": _ids(prob, qualified)}, text
    if not able:
        text = (
            f"The qualified peers serving site {ward.site!r} ({_names(_ids(prob, with_hours))}) are not "
            f"available for {_hours(prob.length)} h in a row outside ward {ward.id!r}'s blocked times "
            f"in week {k + 1}."
        )
        return need, "no_availability_outside_blocks", base | {"peers": _ids(prob, with_hours)}, text
    windows = _ward_window_cap(prob, w, k, able)
    peer_hours = sum(min(prob.max_shifts[p], prob.pair_cap(p, w, k)) for p in able)
    if windows < need and windows <= peer_hours:
        text = (
            f"Outside ward {ward.id!r}'s blocked times, the peers' availability leaves room for only "
            f"{_hours(windows * prob.length)} h of {_hours(need * prob.length)} h in week {k + 1}."
        )
        return (
            need - windows,
            "too_few_free_windows",
            base | {"possible_hours": _hours(windows * prob.length)},
            text,
        )
    if peer_hours < need:
        text = (
            f"The peers who can work on ward {ward.id!r} ({_names(_ids(prob, able))}) can give it at most "
            f"{_hours(peer_hours * prob.length)} h in week {k + 1} within their contract hours and "
            "availability."
        )
        return (
            need - peer_hours,
            "too_few_peer_hours",
            base | {"possible_hours": _hours(peer_hours * prob.length)},
            text,
        )
    return 0, "", base, ""


def _structural_cover(prob: _Problem) -> int:
    """Shifts the wards could get if nothing else competed for the peers' time."""
    total = 0
    for w, row in enumerate(prob.need):
        total += sum(need - _structural(prob, w, k)[0] for k, need in enumerate(row))
    return total


def _busy_reason(prob: _Problem, occupancy: _Occupancy, w: int, k: int) -> tuple[str, dict[str, object], str]:
    """Why the peers who could work on the ward have no room left in this plan."""
    ward = prob.inp.wards[w]
    able = [p for p in prob.peers_of_ward[w] if any(prob.starts[(p, w)][k])]
    used_up = [p for p in able if occupancy.peer_week[(p, k)] >= prob.max_shifts[p]]
    clashing = [p for p in able if p not in used_up]

    def describe(p: int) -> dict[str, object]:
        wards = sorted({prob.inp.wards[c.w].id for c in occupancy.plan if c.p == p and c.k == k}, key=str)
        hours = _hours(occupancy.peer_week[(p, k)] * prob.length)
        return {
            "peer": prob.inp.peers[p].id,
            "hours": hours,
            "max_hours": _num(prob.inp.peers[p].max_hours),
            "wards": wards,
        }

    params: dict[str, object] = {"ward": ward.id, "week": k, "hours_used_up": [describe(p) for p in used_up]}
    params["times_taken"] = [describe(p) for p in clashing]
    clash = (
        "every time they could work there clashes with their other shifts, the travel time between sites "
        "or the ward's own shifts"
    )
    if not clashing:
        text = (
            f"The peers who could cover ward {ward.id!r} ({_names(_ids(prob, used_up))}) have used their "
            f"contract hours in week {k + 1} on other wards."
        )
        return "peer_hours_used_elsewhere", params, text
    if not used_up:
        text = f"Peers {_names(_ids(prob, clashing))} still have hours in week {k + 1}, but {clash}."
        return "peer_times_taken", params, text
    text = (
        f"Peers {_names(_ids(prob, used_up))} have used their contract hours in week {k + 1}; "
        f"{_names(_ids(prob, clashing))} have hours left, but {clash}."
    )
    return "peers_busy_elsewhere", params, text


def _unmet(prob: _Problem, plan: Sequence[_Cand]) -> list[Unmet]:
    occupancy = _Occupancy(prob, plan)
    result = []
    shift_hours = prob.length / 60
    for w, ward in enumerate(prob.inp.wards):
        for k in range(prob.inp.weeks):
            missing = prob.need[w][k] - occupancy.ward_week[(w, k)]
            if missing <= 0:
                continue
            reasons = []
            deficit, code, params, text = _structural(prob, w, k)
            if deficit:
                reasons.append(Reason(code, min(deficit, missing) * shift_hours, params, text))
            if missing > deficit:
                code, params, text = _busy_reason(prob, occupancy, w, k)
                reasons.append(Reason(code, (missing - deficit) * shift_hours, params, text))
            reasons.sort(key=lambda reason: -reason.hours)
            result.append(Unmet(ward.id, k, missing * shift_hours, tuple(reasons)))
    return result


# --------------------------------------------------------------------------------------------------
# Public entry points


def plan_shifts(
    plan_input: PlanInput,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    strategy: Strategy = "auto",
) -> PlanResult:
    """Plan the period's ward shifts. ``optimal`` is true only when the objective is proven best."""
    clock = _Clock(time_limit)
    options = _Options(max(1, min(workers, 2)), seed)
    prob = _prepare(plan_input)
    timeline: list[ProgressPoint] = []
    pairs = [(p, w) for p, w in prob.starts]
    plan: list[_Cand] = []
    bound = prob.ceiling
    cover = sum(map(sum, prob.need))
    chosen: str = strategy
    if strategy != "direct":
        groups = _site_groups(prob) if strategy == "auto" else []
        small = [group for group in groups if group[1] <= DIRECT_CANDIDATE_LIMIT]
        plan, bound = _plan_decomposed(prob, clock.share(0.35) if small else clock, options, timeline)
        chosen = "decomposed"
        if small and _score(prob, plan) < bound:
            chosen = "decomposed+direct"
            plan, bound, cover = _polish(prob, plan, bound, groups, clock, options, timeline)
    if strategy == "direct":
        outcome = _solve_timing(
            prob,
            prob.candidates(pairs),
            _Occupancy(prob),
            clock.left(),
            options,
            hint=plan,
            sink=timeline,
            offset=clock.elapsed(),
        )
        if _score(prob, outcome.chosen) > _score(prob, plan):
            plan = outcome.chosen
        bound = min(bound, outcome.bound)
    plan = _greedy_fill(prob, plan)
    objective = _score(prob, plan)
    # Every bound above is proven, so reaching it proves the plan optimal.
    optimal = objective >= bound
    bound = max(bound, objective)
    coverable = min(
        cover,
        prob.cover_bound(bound, range(len(prob.inp.wards))),
        _structural_cover(prob),
    )
    covered = _covered_hours(prob, plan)
    timeline.append(ProgressPoint(clock.elapsed(), "final", objective, bound, covered))
    shifts = sorted(
        (prob.cand_shift(cand) for cand in plan),
        key=lambda s: (s.week, s.day, s.start, str(s.ward), str(s.peer)),
    )
    return PlanResult(
        week_start=plan_input.week_start,
        shifts=tuple(shifts),
        unmet=tuple(_unmet(prob, plan)),
        objective=objective,
        bound=bound,
        optimal=optimal,
        needed_hours=sum(map(sum, prob.need)) * prob.length / 60,
        covered_hours=covered,
        coverable_hours_bound=max(covered, coverable * prob.length / 60),
        strategy=chosen,
        notices=plan_input.notices,
        timeline=tuple(timeline),
    )


def candidate_shift_count(plan_input: PlanInput) -> int:
    """How many shifts the rules allow to choose from (the size of a one-variable-per-shift model)."""
    prob = _prepare(plan_input)
    return sum(_popcount(mask) for rows in prob.starts.values() for row in rows for mask in row)


def validate_plan(
    plan_input: PlanInput | Mapping[str, object], shifts: Sequence[Shift] | Sequence[Mapping[str, object]]
) -> list[Violation]:
    """Check a (manually edited) plan against the planner's hard rules; an empty list means it is valid.

    Raw JSON-like input and shift records are parsed first (ShiftInputError on malformed records).
    """
    inp = plan_input if isinstance(plan_input, PlanInput) else parse_plan_input(plan_input)
    checked = [s for s in shifts if isinstance(s, Shift)]
    if len(checked) != len(shifts):
        checked = parse_shifts(list(shifts), inp)
    wards = {ward.id: ward for ward in inp.wards}
    peers = {peer.id: peer for peer in inp.peers}
    violations: list[Violation] = []
    known = []
    for index, shift in enumerate(checked):
        found = _single_shift_violations(inp, index, shift, wards.get(shift.ward), peers.get(shift.peer))
        violations.extend(found)
        if shift.ward in wards and shift.peer in peers:
            known.append(index)
    violations.extend(_pair_violations(inp, checked, known, wards))
    violations.extend(_hours_violations(inp, checked, known, peers))
    return sorted(violations, key=lambda v: (v.shifts, v.code))


def _describe(index: int, shift: Shift) -> str:
    return (
        f"Shift #{index + 1} (peer {shift.peer!r} on ward {shift.ward!r}, {DAY_NAMES[shift.day]} "
        f"{format_time(shift.start)}–{format_time(shift.end)}, week {shift.week + 1})"
    )


def _covers(windows: Iterable[TimeWindow], shift: Shift) -> bool:
    """Whether the (merged) windows of the shift's week and day cover all of it."""
    reached = shift.start
    for window in sorted(windows, key=lambda item: item.start):
        same_day = window.day == shift.day and window.week in (None, shift.week)
        if same_day and window.start <= reached < window.end:
            reached = max(reached, window.end)
    return reached >= shift.end


def _single_shift_violations(
    inp: PlanInput, index: int, shift: Shift, ward: Ward | None, peer: Peer | None
) -> list[Violation]:
    label = _describe(index, shift)
    if ward is None:
        return [
            Violation(
                "unknown_ward",
                f"{label}: there is no ward {shift.ward!r}.",
                (index,),
                shift.ward,
                shift.peer,
            )
        ]
    if peer is None:
        return [
            Violation(
                "unknown_peer",
                f"{label}: there is no peer {shift.peer!r}.",
                (index,),
                shift.ward,
                shift.peer,
            )
        ]
    found = []

    def add(code: str, text: str) -> None:
        found.append(Violation(code, f"{label}: {text}", (index,), ward.id, peer.id))

    if not peer.qualified:
        add("not_qualified", f"peer {peer.id!r} is not qualified for ward conversations.")
    if ward.site not in peer.sites:
        add("site_not_served", f"peer {peer.id!r} does not serve site {ward.site!r}.")
    if not _covers(peer.available, shift):
        add("outside_availability", f"peer {peer.id!r} is not available for all of it.")
    for block in ward.blocks:
        if (
            block.day == shift.day
            and block.week in (None, shift.week)
            and block.start < shift.end
            and shift.start < block.end
        ):
            add(
                "ward_blocked",
                f"it overlaps the ward's blocked time {format_time(block.start)}–{format_time(block.end)}.",
            )
    return found


def _pair_violations(
    inp: PlanInput, shifts: Sequence[Shift], known: Sequence[int], wards: Mapping[RecordId, Ward]
) -> list[Violation]:
    found = []
    for position, i in enumerate(known):
        first = shifts[i]
        for j in known[position + 1 :]:
            second = shifts[j]
            if (first.week, first.day) != (second.week, second.day):
                continue
            overlap = first.start < second.end and second.start < first.end
            pair = f"{_describe(i, first)} and {_describe(j, second)}"
            if first.peer == second.peer:
                site_a, site_b = wards[first.ward].site, wards[second.ward].site
                gap = max(first.start, second.start) - min(first.end, second.end)
                if overlap:
                    found.append(
                        Violation(
                            "peer_double_booked",
                            f"{pair} overlap for the same peer.",
                            (i, j),
                            None,
                            first.peer,
                        )
                    )
                elif site_a != site_b and gap < inp.travel_minutes:
                    text = (
                        f"{pair} are on sites {site_a!r} and {site_b!r} with {gap} minutes between them; "
                        f"travel needs {inp.travel_minutes}."
                    )
                    found.append(Violation("travel_buffer", text, (i, j), None, first.peer))
            if first.ward == second.ward and overlap:
                found.append(
                    Violation(
                        "ward_double_booked",
                        f"{pair} overlap on the same ward.",
                        (i, j),
                        first.ward,
                        None,
                    )
                )
    return found


def _hours_violations(
    inp: PlanInput, shifts: Sequence[Shift], known: Sequence[int], peers: Mapping[RecordId, Peer]
) -> list[Violation]:
    load: dict[tuple[RecordId, int], list[int]] = defaultdict(list)
    for i in known:
        load[(shifts[i].peer, shifts[i].week)].append(i)
    found: list[Violation] = []
    for (peer_id, week), indexes in load.items():
        hours = sum(shifts[i].hours for i in indexes)
        limit = peers[peer_id].max_hours
        if hours > limit + 1e-9:
            text = (
                f"Peer {peer_id!r} has {_num(hours)} h of shifts in week {week + 1}, more than the "
                f"{_num(limit)} contract hours."
            )
            found.append(Violation("max_hours_exceeded", text, tuple(indexes), None, peer_id))
    return found
