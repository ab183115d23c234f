"""`manage.py match_batch`: the JSON interface to the matching engine."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError


def make_input() -> dict[str, Any]:
    return {
        "peers": [
            {
                "id": "p1",
                "capacity": 1,
                "municipality": "Aarhus",
                "languages": ["dansk", "arabisk"],
                "gender": "kvinde",
                "age": 34,
                "areas": ["angst"],
                "availability": ["tue-pm", "thu-eve"],
            },
            {
                "id": "p2",
                "capacity": 2,
                "municipality": "Randers",
                "languages": ["dansk"],
                "gender": "mand",
                "age": 52,
                "areas": ["psykose"],
                "availability": ["tue-pm"],
                "load": 1,
            },
        ],
        "referrals": [
            {
                "id": "r1",
                "municipality": "Aarhus",
                "languages": ["dansk"],
                "wishes": {"areas": ["angst"]},
                "availability": ["tue-pm"],
                "waiting_days": 30,
            },
            {
                "id": "r2",
                "municipality": "Aarhus",
                "languages": ["arabisk"],
                "wishes": {"gender": "kvinde", "age_min": 25, "age_max": 45},
                "availability": ["thu-eve"],
                "waiting_days": 3,
            },
        ],
    }


def run(data: Any, *args: str, tmp_path: Path) -> str:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command("match_batch", str(path), *args, stdout=out)
    return out.getvalue()


def error_of(data: Any, tmp_path: Path) -> CommandError:
    with pytest.raises(CommandError) as raised:
        run(data, "--json", tmp_path=tmp_path)
    return raised.value


def test_it_writes_the_optimal_assignment_as_json(tmp_path: Path) -> None:
    output = json.loads(run(make_input(), "--json", tmp_path=tmp_path))
    assert set(output) == {"assignments", "unmatched", "total_score"}
    # r1 would score higher with p1, but only p1 speaks Arabic, so r1 goes to p2 and both are matched.
    assert [(a["referral"], a["peer"]) for a in output["assignments"]] == [("r1", "p2"), ("r2", "p1")]
    assert output["unmatched"] == []
    assert output["total_score"] == pytest.approx(sum(a["score"] for a in output["assignments"]))


def test_it_reads_the_input_from_standard_input() -> None:
    out = io.StringIO()
    call_command("match_batch", "-", "--json", stdin=io.StringIO(json.dumps(make_input())), stdout=out)
    assert len(json.loads(out.getvalue())["assignments"]) == 2


def test_it_applies_optional_peer_fields_and_weights(tmp_path: Path) -> None:
    data = make_input()
    data["peers"][1]["failed_referrals"] = ["r1"]
    data["peers"][0]["previous_referrals"] = ["r2"]
    data["weights"] = {"continuity": 5}
    output = json.loads(run(data, "--json", tmp_path=tmp_path))
    assert [(a["referral"], a["peer"]) for a in output["assignments"]] == [("r2", "p1")]
    assert output["unmatched"] == ["r1"]


def test_it_gives_the_same_result_with_and_without_candidate_pruning(tmp_path: Path) -> None:
    assert run(make_input(), "--json", "--candidates", "1", tmp_path=tmp_path) == run(
        make_input(), "--json", "--candidates", "0", tmp_path=tmp_path
    )


def test_it_prints_a_readable_summary_with_reasons(tmp_path: Path) -> None:
    text = run(make_input(), tmp_path=tmp_path)
    assert text.startswith("Matched 2 of 2 referrals")
    assert "r2 → p1" in text
    assert "shares lived experience" not in text.split("r1 → p2")[1].splitlines()[0]
    assert "lives in the same municipality (Aarhus)" in text


def test_it_prints_a_shortlist_with_reasons_and_exclusions(tmp_path: Path) -> None:
    text = run(make_input(), "--shortlist", "r2", tmp_path=tmp_path)
    assert "Referral r2: 1 compatible peer(s)." in text
    assert "+ is kvinde, as the citizen wished" in text
    assert "p2: shares no language (peer speaks dansk, citizen speaks arabisk)" in text


def test_it_writes_a_shortlist_as_json(tmp_path: Path) -> None:
    output = json.loads(run(make_input(), "--shortlist", "r1", "--json", tmp_path=tmp_path))
    assert [c["peer"] for c in output["candidates"]] == ["p1", "p2"]
    first = output["candidates"][0]["reasons"][0]
    assert first == {
        "code": "same_municipality",
        "params": {"municipality": "Aarhus"},
        "text": "lives in the same municipality (Aarhus)",
    }
    assert output["excluded"] == []


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ("peers", 1, "capacity"),
            "3",
            "peers[1] (id 'p2'): field 'capacity' must be a non-negative integer",
        ),
        (("peers", 1, "capacity"), -1, "peers[1] (id 'p2'): field 'capacity' must be a non-negative integer"),
        (
            ("peers", 0, "capacity"),
            True,
            "peers[0] (id 'p1'): field 'capacity' must be a non-negative integer",
        ),
        (("peers", 0, "capasity"), 2, "peers[0] (id 'p1'): field 'capasity' is not a known field"),
        (("peers", 0, "municipality"), _DELETE, "peers[0] (id 'p1'): field 'municipality' is required"),
        (("peers", 0, "languages"), "dansk", "peers[0] (id 'p1'): field 'languages' must be a list of"),
        (
            ("peers", 0, "availability"),
            ["tue-night"],
            "peers[0] (id 'p1'): field 'availability' has unknown slot",
        ),
        (("peers", 0, "age"), 3.5, "peers[0] (id 'p1'): field 'age' must be a non-negative integer or null"),
        (("peers", 0, "paused"), "no", "peers[0] (id 'p1'): field 'paused' must be true or false"),
        (("peers", 0, "id"), 7, "peers[0]: field 'id' must be a non-empty string"),
        (("peers", 1, "id"), "p1", "peers[1] (id 'p1'): duplicate id (also peers[0])"),
        (
            ("referrals", 1, "wishes", "age_min"),
            "25",
            "referrals[1] (id 'r2'): field 'wishes.age_min' must be",
        ),
        (
            ("referrals", 1, "wishes", "age_max"),
            20,
            "referrals[1] (id 'r2'): field 'wishes.age_max' must not be",
        ),
        (
            ("referrals", 0, "wishes", "sex"),
            "mand",
            "referrals[0] (id 'r1'): field 'wishes.sex' is not a known",
        ),
        (
            ("referrals", 0, "waiting_days"),
            -2,
            "referrals[0] (id 'r1'): field 'waiting_days' must be a non-negative",
        ),
        (("referrals", 0), "r1", "referrals[0]: must be an object"),
        (("peers",), {}, "input: field 'peers' must be a list"),
        (("peer",), [], "input: field 'peer' is not a known field"),
        (("weights",), {"distance": 2}, "weights: unknown field 'distance'"),
        (("weights",), {"areas": 500}, "weights: 'areas' must be between 0 and 100"),
        (("travel_km",), [{"from": "Aarhus", "to": "Randers"}], "travel_km[0]: field 'km' is required"),
    ],
)
def test_it_names_the_record_and_field_of_an_input_error(
    path: tuple[Any, ...], value: Any, message: str, tmp_path: Path
) -> None:
    error = error_of(_set(make_input(), path, value), tmp_path)
    assert str(error).startswith(message)
    assert error.returncode == 2


def test_it_reports_broken_json_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"peers": [', encoding="utf-8")
    with pytest.raises(CommandError, match=r"input: is not valid JSON \(line 1, column 12"):
        call_command("match_batch", str(path), "--json", stdout=io.StringIO())


def test_it_reports_an_unknown_referral_for_a_shortlist(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="referral 'r9': no such referral"):
        run(make_input(), "--shortlist", "r9", tmp_path=tmp_path)


def test_it_exits_non_zero_with_the_error_on_standard_error(tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(_set(make_input(), ("peers", 1, "capacity"), "3")), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "match_batch", str(path), "--json"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "peers[1] (id 'p2'): field 'capacity' must be a non-negative integer" in done.stderr
