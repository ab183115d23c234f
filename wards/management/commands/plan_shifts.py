"""`manage.py plan_shifts INPUT.json [--json]`: plan ward shifts for peers (model 5) from a JSON file.

Input (INPUT may be "-" for standard input):

    {"week_start": "YYYY-MM-DD" (a Monday), "slot_minutes": 30, "shift_hours": 2, "travel_minutes": 30,
     "weeks": 1,
     "wards": [{"id", "site", "need_hours" (default 2 shifts), "blocks": [{"day": 0-6, "start": "HH:MM",
                "end": "HH:MM", "week": optional}], "preferred_peer": optional, "name": optional}],
     "peers": [{"id", "max_hours", "qualified", "sites": [..], "available": [{"day", "start", "end",
                "week": optional}], "prefers": [ward ids, optional], "name": optional}],
     "previous": [{"ward", "peer"}, ..optional], "weights": {..optional, see wards.planner.Weights}}

Output with --json: {"shifts": [{"ward", "peer", "week", "date", "day", "start", "end"}],
"unmet": [{"ward", "week", "hours", "reason": {"code", "hours", "params", "message"}, "reasons": [..]}],
"objective", "bound", "optimal", "needed_hours", "covered_hours", "coverable_hours_bound", "strategy",
"warnings"}. With --validate PLAN.json the shifts in PLAN.json (a list, or an object with "shifts", such
as this command's own output) are checked against the hard rules instead; violations give exit code 1.
Invalid input is reported on standard error, naming the ward or peer and the field, with exit code 2,
and no plan is written.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wards.planner import (
    DAY_NAMES,
    PlanResult,
    ShiftInputError,
    Violation,
    format_time,
    parse_plan_input,
    parse_shifts,
    plan_shifts,
    validate_plan,
)


def read_input(path: str, stdin: TextIO) -> object:
    """The parsed JSON document at ``path`` ("-" for standard input)."""
    try:
        if path == "-":
            text = stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as error:
        raise ShiftInputError(
            "unreadable_input",
            f"Cannot read {path}: {error.strerror}.",
            record="input",
            record_id=None,
            field="",
        ) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        raise ShiftInputError("bad_json", message, record="input", record_id=None, field="") from error


def render_plan(result: PlanResult) -> str:
    """The plan as text a coordinator can read and post on the ward."""
    lines = []
    for week in sorted({shift.week for shift in result.shifts}):
        monday = result.week_start + timedelta(weeks=week)
        year, number, _ = monday.isocalendar()
        lines.append(f"Week {number} {year} (from {monday.isoformat()})")
        for shift in (item for item in result.shifts if item.week == week):
            day = monday + timedelta(days=shift.day)
            lines.append(
                f"  {DAY_NAMES[shift.day]:<9} {day.isoformat()}  {format_time(shift.start)}–{format_time(shift.end)}"
                f"  ward {shift.ward}  peer {shift.peer}"
            )
    if not result.shifts:
        lines.append("No shifts could be planned.")
    if result.unmet:
        lines.append("Hours not covered")
        for gap in result.unmet:
            lines.append(f"  ward {gap.ward}, week {gap.week + 1}: {gap.hours:g} h")
            lines.extend(f"    {reason.hours:g} h: {reason.message}" for reason in gap.reasons)
    proven = "proven optimal" if result.optimal else f"best bound {result.bound}"
    lines.append(
        f"Covered {result.covered_hours:g} of {result.needed_hours:g} hours; objective {result.objective} ({proven})."
    )
    lines.extend(f"Warning: {notice.message}" for notice in result.notices)
    return "\n".join(lines) + "\n"


def render_violations(violations: list[Violation]) -> str:
    if not violations:
        return "The plan keeps every rule.\n"
    return "".join(f"{item.code}: {item.message}\n" for item in violations)


class Command(BaseCommand):
    help = "Plan ward shifts for peers (model 5) from a JSON file, or check an edited plan."
    requires_system_checks: list[str] = []
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help='planning input as JSON, or "-" for standard input')
        parser.add_argument("--json", action="store_true", help="write the result as JSON")
        parser.add_argument("--weeks", type=int, help='plan this many weeks (overrides "weeks" in the input)')
        parser.add_argument("--time-limit", type=float, default=10.0, help="seconds to search (default 10)")
        parser.add_argument("--workers", type=int, default=2, help="solver threads, at most 2 (default 2)")
        parser.add_argument("--seed", type=int, default=0, help="solver random seed (default 0)")
        parser.add_argument("--strategy", choices=["auto", "direct", "decomposed"], default="auto")
        parser.add_argument("--validate", metavar="PLAN.json", help="check the shifts in PLAN.json instead")

    def handle(self, *args: Any, **options: Any) -> None:
        stdin = options.get("stdin") or sys.stdin
        try:
            raw = read_input(options["input"], stdin)
            if options["weeks"] is not None and isinstance(raw, dict):
                raw["weeks"] = options["weeks"]
            plan_input = parse_plan_input(raw)
            if options["validate"]:
                self._validate(plan_input, read_input(options["validate"], stdin), as_json=options["json"])
                return
            result = plan_shifts(
                plan_input,
                time_limit=options["time_limit"],
                workers=options["workers"],
                seed=options["seed"],
                strategy=options["strategy"],
            )
        except ShiftInputError as error:
            if options["json"]:
                self.stderr.write(json.dumps({"error": error.to_json()}, ensure_ascii=False))
            raise CommandError(error.message, returncode=2) from error
        if options["json"]:
            for notice in result.notices:
                self.stderr.write(f"Warning: {notice.message}")
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
        else:
            self.stdout.write(render_plan(result), ending="")

    def _validate(self, plan_input: Any, document: object, *, as_json: bool) -> None:
        raw_shifts = document.get("shifts") if isinstance(document, dict) else document
        violations = validate_plan(plan_input, parse_shifts(raw_shifts, plan_input))
        if as_json:
            payload = {"valid": not violations, "violations": [item.to_json() for item in violations]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(render_violations(violations), ending="")
        if violations:
            raise CommandError(f"The plan breaks {len(violations)} rule(s).", returncode=1)
