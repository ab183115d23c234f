"""`manage.py plan_shifts`: the JSON interface of the ward shift planner."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]


def weekdays() -> list[dict[str, Any]]:
    return [{"day": day, "start": "09:00", "end": "17:00"} for day in range(5)]


def region(**extra: Any) -> dict[str, Any]:
    return {
        "week_start": "2025-03-03",
        "wards": [
            {"id": "Ø1 stuen", "site": "Roskilde", "blocks": [{"day": 0, "start": "09:00", "end": "12:00"}]},
            {"id": "Ø2", "site": "Roskilde"},
        ],
        "peers": [
            {
                "id": "Peer 1",
                "max_hours": 8,
                "qualified": True,
                "sites": ["Roskilde"],
                "available": weekdays(),
            },
            {
                "id": "Peer 2",
                "max_hours": 8,
                "qualified": True,
                "sites": ["Roskilde"],
                "available": weekdays(),
            },
        ],
        **extra,
    }


def write(tmp_path: Path, data: object, name: str = "input.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def run(*args: str, stdin: str | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    extra: dict[str, Any] = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command("plan_shifts", *args, stdout=out, stderr=err, **extra)
    return out.getvalue(), err.getvalue()


def test_it_writes_a_json_plan_that_meets_every_wards_hours(tmp_path: Path) -> None:
    out, _ = run(write(tmp_path, region()), "--json", "--workers", "1")
    result = json.loads(out)
    assert result["unmet"] == []
    assert result["optimal"] is True
    hours: dict[str, float] = {}
    for shift in result["shifts"]:
        assert set(shift) == {"ward", "peer", "week", "date", "day", "start", "end"}
        hours[shift["ward"]] = hours.get(shift["ward"], 0) + 2
    assert hours == {"Ø1 stuen": 4, "Ø2": 4}


def test_it_reads_the_input_from_standard_input() -> None:
    out, _ = run("-", "--json", "--workers", "1", stdin=json.dumps(region()))
    assert json.loads(out)["covered_hours"] == 8


def test_it_reports_unmet_hours_with_a_reason_code_and_sentence(tmp_path: Path) -> None:
    data = region()
    data["wards"].append({"id": "Holbæk", "site": "Holbæk"})
    out, _ = run(write(tmp_path, data), "--json", "--workers", "1")
    (gap,) = json.loads(out)["unmet"]
    assert (gap["ward"], gap["hours"], gap["reason"]["code"]) == ("Holbæk", 4, "no_peer_serves_site")
    assert gap["reason"]["params"]["site"] == "Holbæk"
    assert "Holbæk" in gap["reason"]["message"]


def test_it_plans_the_number_of_weeks_asked_for(tmp_path: Path) -> None:
    out, _ = run(write(tmp_path, region()), "--json", "--weeks", "3", "--workers", "1")
    shifts = json.loads(out)["shifts"]
    assert sorted({shift["date"][:10] for shift in shifts if shift["week"] == 2})[0] >= "2025-03-17"
    for ward in ("Ø1 stuen", "Ø2"):
        assert len({shift["peer"] for shift in shifts if shift["ward"] == ward}) == 1
        assert sum(1 for shift in shifts if shift["ward"] == ward) == 6


def test_it_says_so_when_it_merges_overlapping_blocks(tmp_path: Path) -> None:
    data = region()
    data["wards"][0]["blocks"].append({"day": 0, "start": "11:00", "end": "13:00"})
    out, err = run(write(tmp_path, data), "--json", "--workers", "1")
    assert "overlap" in err and "merged" in err
    result = json.loads(out)
    assert [item["code"] for item in result["warnings"]] == ["blocks_merged"]
    monday = [shift for shift in result["shifts"] if shift["ward"] == "Ø1 stuen" and shift["day"] == 0]
    assert all(shift["start"] >= "13:00" for shift in monday)


def test_it_prints_a_plan_a_coordinator_can_post_on_the_ward(tmp_path: Path) -> None:
    out, _ = run(write(tmp_path, region()), "--workers", "1")
    assert out.startswith("Week 10 2025 (from 2025-03-03)")
    assert "ward Ø1 stuen" in out
    assert "Covered 8 of 8 hours" in out


@pytest.mark.parametrize("as_json", [True, False])
def test_it_rejects_bad_input_with_exit_code_2_and_no_plan(tmp_path: Path, as_json: bool) -> None:
    data = region()
    data["peers"][1]["available"][2]["day"] = 9
    args = [write(tmp_path, data), *(["--json"] if as_json else [])]
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("plan_shifts", *args, stdout=out, stderr=err)
    assert caught.value.returncode == 2
    assert "Peer 'Peer 2'" in str(caught.value) and "available[2].day" in str(caught.value)
    assert out.getvalue() == ""
    if as_json:
        error = json.loads(err.getvalue())["error"]
        assert (error["code"], error["record"], error["id"], error["field"]) == (
            "day_out_of_range",
            "peer",
            "Peer 2",
            "available[2].day",
        )


def test_it_rejects_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_text('{"week_start": ', encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run(str(path), "--json")
    assert caught.value.returncode == 2
    assert "not valid JSON" in str(caught.value)


def test_it_accepts_its_own_plan_for_validation(tmp_path: Path) -> None:
    source = write(tmp_path, region())
    planned, _ = run(source, "--json", "--workers", "1")
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(planned, encoding="utf-8")
    out, _ = run(source, "--validate", str(plan_path), "--json")
    assert json.loads(out) == {"valid": True, "violations": []}


def test_it_lists_the_rules_a_manually_edited_plan_breaks(tmp_path: Path) -> None:
    edited = [
        {"ward": "Ø1 stuen", "peer": "Peer 1", "day": 0, "start": "10:00", "end": "12:00"},
        {"ward": "Ø2", "peer": "Peer 1", "day": 0, "start": "11:00", "end": "13:00"},
    ]
    out, _ = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "plan_shifts",
            write(tmp_path, region()),
            "--validate",
            write(tmp_path, edited, "plan.json"),
            "--json",
            stdout=out,
        )
    assert caught.value.returncode == 1
    codes = [item["code"] for item in json.loads(out.getvalue())["violations"]]
    assert codes == ["ward_blocked", "peer_double_booked"]


def manage(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "plan_shifts", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_exits_non_zero_on_the_command_line_and_writes_only_to_stderr() -> None:
    data = region()
    data["wards"][0]["need_hours"] = -4
    completed = manage("-", "--json", stdin=json.dumps(data))
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert json.loads(completed.stderr.splitlines()[0])["error"]["field"] == "need_hours"


def test_it_plans_from_standard_input_on_the_command_line() -> None:
    completed = manage("-", "--json", "--workers", "1", stdin=json.dumps(region()))
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["covered_hours"] == 8
