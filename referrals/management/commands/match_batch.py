"""`manage.py match_batch INPUT.json [--json]`: match a queue of referrals to peers from a JSON file.

Input (INPUT may be "-" for standard input):

    {"peers": [{"id", "capacity", "municipality", "languages": [..], "availability": ["mon-am", ..],
                optional: "gender", "age", "areas": [..], "region", "load", "previous_referrals": [..],
                "failed_referrals": [..], "active", "qualified", "paused", "agreement_valid"}],
     "referrals": [{"id", "municipality", "languages": [..], "availability": [..],
                    optional: "wishes": {"gender", "age_min", "age_max", "areas": [..]}, "waiting_days",
                    "region"}],
     "weights": {..optional, see referrals.matching.Weights},
     "travel_km": [{"from": "Aarhus", "to": "Randers", "km": 45.0}, ..optional]}

Output with --json: {"assignments": [{"referral", "peer", "score"}], "unmatched": [ids], "total_score"}.
With --shortlist REFERRAL_ID: the best peers for that referral with reasons, and why the others are
excluded. Invalid input is reported on standard error, naming the record and field, with exit code 2.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from referrals.matching import (
    DEFAULT_CANDIDATES_PER_REFERRAL,
    SLOTS,
    BatchResult,
    MatchingInputError,
    MatchingProblem,
    PeerProfile,
    Reason,
    ReferralRequest,
    Shortlist,
    Weights,
    Wishes,
    describe_reason,
    explain_candidate,
    match_batch,
    shortlist,
)

_SLOT_SET = frozenset(SLOTS)


class _Record:
    """Reads one JSON object field by field, with errors naming the record, e.g. "peers[3] (id 'p17')"."""

    def __init__(self, data: object, name: str) -> None:
        self.name = name
        if not isinstance(data, dict):
            raise MatchingInputError("invalid_type", name, "must be an object")
        self.data: dict[str, Any] = data
        identifier = data.get("id")
        if isinstance(identifier, str) and identifier:
            self.name = f"{name} (id '{identifier}')"

    def fail(self, field: str, message: str, code: str = "invalid_type") -> MatchingInputError:
        return MatchingInputError(code, self.name, f"field '{field}' {message}", field)

    def check_fields(self, required: Sequence[str], optional: Sequence[str], prefix: str = "") -> None:
        for key in self.data:
            if key not in required and key not in optional:
                raise self.fail(prefix + key, "is not a known field", "unknown_field")
        for key in required:
            if key not in self.data:
                raise self.fail(prefix + key, "is required", "missing_field")

    def text(self, field: str, *, optional: bool = False, label: str | None = None) -> str | None:
        value = self.data.get(field)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            extra = " or null" if optional else ""
            raise self.fail(label or field, f"must be a non-empty string{extra}")
        return value

    def integer(
        self, field: str, *, default: int | None = None, nullable: bool = False, label: str | None = None
    ) -> int | None:
        if field not in self.data:
            return default
        value = self.data[field]
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            message = "must be a non-negative integer" + (" or null" if nullable else "")
            raise self.fail(label or field, message)
        return value

    def flag(self, field: str, default: bool) -> bool:
        value = self.data.get(field, default)
        if not isinstance(value, bool):
            raise self.fail(field, "must be true or false")
        return value

    def strings(self, field: str, *, label: str | None = None) -> frozenset[str]:
        value = self.data.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(label or field, "must be a list of non-empty strings")
        return frozenset(value)

    def slots(self, field: str) -> frozenset[str]:
        values = self.strings(field)
        for value in sorted(values):
            if value.strip().casefold() not in _SLOT_SET:
                raise self.fail(field, f"has unknown slot '{value}' (use mon..sun-am/pm/eve, e.g. 'tue-pm')")
        return values


_PEER_REQUIRED = ("id", "capacity", "municipality", "languages", "availability")
_PEER_OPTIONAL = (
    "gender",
    "age",
    "areas",
    "region",
    "load",
    "previous_referrals",
    "failed_referrals",
    "active",
    "qualified",
    "paused",
    "agreement_valid",
)
_REFERRAL_REQUIRED = ("id", "municipality", "languages", "availability")
_REFERRAL_OPTIONAL = ("wishes", "waiting_days", "region")
_WISH_FIELDS = ("gender", "age_min", "age_max", "areas")


def _peer(data: object, name: str) -> PeerProfile:
    record = _Record(data, name)
    record.check_fields(_PEER_REQUIRED, _PEER_OPTIONAL)
    return PeerProfile(
        id=str(record.text("id")),
        capacity=int(record.integer("capacity") or 0),
        municipality=str(record.text("municipality")),
        languages=record.strings("languages"),
        availability=record.slots("availability"),
        gender=record.text("gender", optional=True),
        age=record.integer("age", nullable=True),
        areas=record.strings("areas"),
        load=int(record.integer("load", default=0) or 0),
        region=record.text("region", optional=True),
        active=record.flag("active", True),
        qualified=record.flag("qualified", True),
        paused=record.flag("paused", False),
        agreement_valid=record.flag("agreement_valid", True),
        previous_referrals=record.strings("previous_referrals"),
        failed_referrals=record.strings("failed_referrals"),
    )


def _wishes(record: _Record) -> Wishes:
    data = record.data.get("wishes", {})
    if data is None:
        return Wishes()
    if not isinstance(data, dict):
        raise record.fail("wishes", "must be an object")
    wish = _Record(data, record.name)
    wish.check_fields((), _WISH_FIELDS, prefix="wishes.")
    wishes = Wishes(
        gender=wish.text("gender", optional=True, label="wishes.gender"),
        age_min=wish.integer("age_min", nullable=True, label="wishes.age_min"),
        age_max=wish.integer("age_max", nullable=True, label="wishes.age_max"),
        areas=wish.strings("areas", label="wishes.areas"),
    )
    if wishes.age_min is not None and wishes.age_max is not None and wishes.age_min > wishes.age_max:
        raise record.fail("wishes.age_max", "must not be below 'wishes.age_min'", "invalid_value")
    return wishes


def _referral(data: object, name: str) -> ReferralRequest:
    record = _Record(data, name)
    record.check_fields(_REFERRAL_REQUIRED, _REFERRAL_OPTIONAL)
    return ReferralRequest(
        id=str(record.text("id")),
        municipality=str(record.text("municipality")),
        languages=record.strings("languages"),
        availability=record.slots("availability"),
        wishes=_wishes(record),
        waiting_days=int(record.integer("waiting_days", default=0) or 0),
        region=record.text("region", optional=True),
    )


def _travel(data: object) -> dict[tuple[str, str], float]:
    if not isinstance(data, list):
        raise MatchingInputError("invalid_type", "input", "field 'travel_km' must be a list", "travel_km")
    table: dict[tuple[str, str], float] = {}
    for i, item in enumerate(data):
        record = _Record(item, f"travel_km[{i}]")
        record.check_fields(("from", "to", "km"), ())
        km = record.data["km"]
        if isinstance(km, bool) or not isinstance(km, int | float) or not math.isfinite(km) or km < 0:
            raise record.fail("km", "must be a non-negative number")
        table[(str(record.text("from")), str(record.text("to")))] = float(km)
    return table


def _records(data: Mapping[str, Any], key: str, build: Callable[[object, str], Any]) -> list[Any]:
    items = data.get(key)
    if not isinstance(items, list):
        raise MatchingInputError("invalid_type", "input", f"field '{key}' must be a list", key)
    built = [build(item, f"{key}[{i}]") for i, item in enumerate(items)]
    first: dict[str, int] = {}
    for i, item in enumerate(built):
        if item.id in first:
            raise MatchingInputError(
                "duplicate_id",
                f"{key}[{i}] (id '{item.id}')",
                f"duplicate id (also {key}[{first[item.id]}])",
                "id",
            )
        first[item.id] = i
    return built


def load_problem(data: object) -> MatchingProblem:
    """Validate decoded `match_batch` JSON and turn it into an engine problem."""
    if not isinstance(data, dict):
        message = "must be a JSON object with 'peers' and 'referrals'"
        raise MatchingInputError("invalid_type", "input", message)
    for key in data:
        if key not in ("peers", "referrals", "weights", "travel_km"):
            raise MatchingInputError("unknown_field", "input", f"field '{key}' is not a known field", key)
    weights = data.get("weights", {})
    if not isinstance(weights, dict):
        raise MatchingInputError("invalid_type", "input", "field 'weights' must be an object", "weights")
    return MatchingProblem(
        peers=_records(data, "peers", _peer),
        referrals=_records(data, "referrals", _referral),
        weights=Weights.from_mapping(weights),
        travel_km=_travel(data.get("travel_km", [])),
    )


def parse_problem(text: str) -> MatchingProblem:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MatchingInputError(
            "invalid_json",
            "input",
            f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
        ) from error
    return load_problem(data)


# -------------------------------------------------------------------------------------------- output


def batch_to_json(result: BatchResult) -> dict[str, Any]:
    assignments = result.assignments
    return {
        "assignments": [{"referral": a.referral, "peer": a.peer, "score": a.score} for a in assignments],
        "unmatched": list(result.unmatched),
        "total_score": result.total_score,
    }


def _reason_json(reason: Reason) -> dict[str, Any]:
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in reason.params.items()}
    return {"code": reason.code, "params": params, "text": describe_reason(reason)}


def shortlist_to_json(result: Shortlist) -> dict[str, Any]:
    return {
        "referral": result.referral,
        "compatible_count": result.compatible_count,
        "candidates": [
            {
                "peer": c.peer,
                "score": c.score,
                "reasons": [_reason_json(r) for r in c.reasons],
                "tradeoffs": [_reason_json(r) for r in c.tradeoffs],
                "breakdown": dict(c.breakdown),
            }
            for c in result.candidates
        ],
        "excluded": [
            {"peer": e.peer, "reasons": [_reason_json(r) for r in e.reasons]}  # every failed constraint
            for e in result.excluded
        ],
    }


def _batch_text(problem: MatchingProblem, result: BatchResult) -> str:
    total = len(problem.referrals)
    stats = result.stats
    lines = [
        f"Matched {len(result.assignments)} of {total} referrals, total score {result.total_score:.3f} "
        f"({stats.candidate_pairs} of {stats.compatible_pairs} compatible pairs given to the solver, "
        f"{stats.rounds} round(s)).",
    ]
    peers = {p.id: p for p in problem.peers}
    referrals = {r.id: r for r in problem.referrals}
    for assignment in result.assignments:
        referral, peer = referrals[assignment.referral], peers[assignment.peer]
        why = explain_candidate(problem, referral, peer, score=assignment.score)
        reasons = "; ".join(describe_reason(r) for r in why.reasons[:3])
        pair = f"{assignment.referral} → {assignment.peer}"
        lines.append(f"  {pair}  score {assignment.score:.3f}  ({reasons})")
    if result.unmatched:
        lines.append(f"Unmatched ({len(result.unmatched)}): {', '.join(result.unmatched)}")
    return "\n".join(lines) + "\n"


def _shortlist_text(result: Shortlist) -> str:
    lines = [f"Referral {result.referral}: {result.compatible_count} compatible peer(s)."]
    for rank, candidate in enumerate(result.candidates, start=1):
        lines.append(f"{rank}. {candidate.peer}  score {candidate.score:.3f}")
        lines.extend(f"     + {describe_reason(r)}" for r in candidate.reasons)
        lines.extend(f"     − {describe_reason(r)}" for r in candidate.tradeoffs)
    if result.excluded:
        lines.append("Excluded:")
        for exclusion in result.excluded:
            lines.append(f"  {exclusion.peer}: {'; '.join(describe_reason(r) for r in exclusion.reasons)}")
    return "\n".join(lines) + "\n"


def run_match_batch(
    text: str,
    *,
    as_json: bool = False,
    shortlist_for: str | None = None,
    limit: int = 5,
    candidates_per_referral: int | None = DEFAULT_CANDIDATES_PER_REFERRAL,
) -> str:
    """Everything `match_batch` does between reading the input and writing the output."""
    problem = parse_problem(text)
    if shortlist_for is not None:
        short = shortlist(problem, shortlist_for, limit=limit)
        if as_json:
            return json.dumps(shortlist_to_json(short), ensure_ascii=False) + "\n"
        return _shortlist_text(short)
    result = match_batch(problem, candidates_per_referral=candidates_per_referral)
    if as_json:
        return json.dumps(batch_to_json(result), ensure_ascii=False) + "\n"
    return _batch_text(problem, result)


def read_input(source: str, stdin: TextIO) -> str:
    if source == "-":
        return stdin.read()
    try:
        with open(source, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise MatchingInputError("unreadable_input", source, f"cannot be read ({error.strerror})") from error


class Command(BaseCommand):
    help = "Match a queue of referrals to peers (most matches first, then highest total score)."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help='JSON file with "peers" and "referrals", or - for standard input')
        parser.add_argument("--json", action="store_true", help="write JSON instead of text")
        parser.add_argument("--shortlist", metavar="REFERRAL_ID", help="rank peers for one referral")
        parser.add_argument("--limit", type=int, default=5, help="peers to list with --shortlist (default 5)")
        parser.add_argument(
            "--candidates",
            type=int,
            default=DEFAULT_CANDIDATES_PER_REFERRAL,
            help="peers per referral given to the solver first; the result is optimal either way "
            "(0 = all compatible pairs at once)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = read_input(options["input"], options.get("stdin") or sys.stdin)
            output = run_match_batch(
                text,
                as_json=options["json"],
                shortlist_for=options["shortlist"],
                limit=options["limit"],
                candidates_per_referral=options["candidates"] or None,
            )
        except MatchingInputError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(output, ending="")
