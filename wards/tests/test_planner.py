"""Shift planning for ward peer conversations (model 5): coverage, reasons for gaps, hard rules,
input errors and the checks behind manual edits."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wards.planner import (
    PlanResult,
    ShiftInputError,
    parse_plan_input,
    plan_shifts,
    validate_plan,
)

STRATEGIES = ["direct", "decomposed", "auto"]
Raw = dict[str, Any]


# --------------------------------------------------------------------------------------------------
# Small builders with sensible defaults


def window(day: int, start: str, end: str, **extra: Any) -> Raw:
    return {"day": day, "start": start, "end": end, **extra}


def ward(ward_id: str, site: str = "Roskilde", **extra: Any) -> Raw:
    return {"id": ward_id, "site": site, **extra}


def peer(peer_id: str, sites: list[str] | None = None, max_hours: float = 8, **extra: Any) -> Raw:
    available = extra.pop("available", [window(day, "09:00", "17:00") for day in range(5)])
    return {
        "id": peer_id,
        "max_hours": max_hours,
        "qualified": extra.pop("qualified", True),
        "sites": sites or ["Roskilde"],
        "available": available,
        **extra,
    }


def region(wards: list[Raw], peers: list[Raw], **extra: Any) -> Raw:
    return {"week_start": "2025-03-03", "wards": wards, "peers": peers, **extra}


def plan(raw: Raw, strategy: str = "direct", **options: Any) -> PlanResult:
    options.setdefault("workers", 1)
    return plan_shifts(parse_plan_input(copy.deepcopy(raw)), strategy=strategy, time_limit=20, **options)  # type: ignore[arg-type]


def shifts_json(result: PlanResult) -> list[Raw]:
    return result.to_json()["shifts"]  # type: ignore[return-value]


def unmet_hours(result: PlanResult) -> dict[Any, float]:
    return {(item.ward, item.week): item.hours for item in result.unmet}


def hours_by_ward(result: PlanResult) -> dict[Any, float]:
    totals: dict[Any, float] = {}
    for shift in result.shifts:
        totals[shift.ward] = totals.get(shift.ward, 0) + shift.hours
    return totals


# --------------------------------------------------------------------------------------------------
# An independent checker of the hard rules, written from the issue text, minute by minute


def minutes(text: str) -> int:
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def inside(windows: list[Raw], week: int, day: int, minute: int) -> bool:
    return any(
        item["day"] == day
        and item.get("week") in (None, week)
        and minutes(item["start"]) <= minute < minutes(item["end"])
        for item in windows
    )


def single_breaches(raw: Raw, shift: Raw) -> list[str]:
    the_ward = next(item for item in raw["wards"] if item["id"] == shift["ward"])
    the_peer = next(item for item in raw["peers"] if item["id"] == shift["peer"])
    week, day = shift.get("week", 0), shift["day"]
    start, end = minutes(shift["start"]), minutes(shift["end"])
    found = []
    if end - start != round(raw.get("shift_hours", 2) * 60):
        found.append("length")
    if not the_peer["qualified"]:
        found.append("unqualified")
    if the_ward["site"] not in the_peer["sites"]:
        found.append("site")
    if not all(inside(the_peer["available"], week, day, m) for m in range(start, end)):
        found.append("availability")
    elif any(inside(the_ward.get("blocks", []), week, day, m) for m in range(start, end)):
        found.append("blocked")  # only looked for when the peer is available, to keep the check quick
    return found


def pair_breaches(raw: Raw, first: Raw, second: Raw) -> list[str]:
    if (first.get("week", 0), first["day"]) != (second.get("week", 0), second["day"]):
        return []
    site = {item["id"]: item["site"] for item in raw["wards"]}
    a0, a1 = minutes(first["start"]), minutes(first["end"])
    b0, b1 = minutes(second["start"]), minutes(second["end"])
    found = []
    if first["peer"] == second["peer"]:
        gap = raw.get("travel_minutes", 30) if site[first["ward"]] != site[second["ward"]] else 0
        if a0 < b1 + gap and b0 < a1 + gap:
            found.append("peer clash")
    if first["ward"] == second["ward"] and a0 < b1 and b0 < a1:
        found.append("ward clash")
    return found


def hours_breaches(raw: Raw, shifts: list[Raw]) -> list[str]:
    limit = {item["id"]: item["max_hours"] for item in raw["peers"]}
    load: dict[tuple[Any, int], float] = {}
    for shift in shifts:
        key = (shift["peer"], shift.get("week", 0))
        load[key] = load.get(key, 0) + (minutes(shift["end"]) - minutes(shift["start"])) / 60
    return [f"{key}: hours" for key, hours in load.items() if hours > limit[key[0]] + 1e-9]


def breaches(raw: Raw, shifts: list[Raw]) -> list[str]:
    found = [f"{i}: {text}" for i, shift in enumerate(shifts) for text in single_breaches(raw, shift)]
    for i, first in enumerate(shifts):
        for j in range(i + 1, len(shifts)):
            found.extend(f"{i},{j}: {text}" for text in pair_breaches(raw, first, shifts[j]))
    return found + hours_breaches(raw, shifts)


def addable_shift(raw: Raw, shifts: list[Raw], ward_id: Any, week: int) -> Raw | None:
    """Any shift that could still be added for the ward without breaking a rule (brute force)."""
    length = round(raw.get("shift_hours", 2) * 60)
    for candidate_peer in raw["peers"]:
        for day in range(7):
            for start in range(0, 24 * 60 - length + 1, raw.get("slot_minutes", 30)):
                shift = {
                    "ward": ward_id,
                    "peer": candidate_peer["id"],
                    "week": week,
                    "day": day,
                    "start": f"{start // 60:02d}:{start % 60:02d}",
                    "end": f"{(start + length) // 60:02d}:{(start + length) % 60:02d}",
                }
                clash = any(pair_breaches(raw, other, shift) for other in shifts)
                fits = not single_breaches(raw, shift) and not clash
                if fits and not hours_breaches(raw, [*shifts, shift]):
                    return shift
    return None


# --------------------------------------------------------------------------------------------------
# The seeds' week: five wards, five peers


def seeds_week() -> Raw:
    """Modelled on the seeds' example schedule (Bilag 5): five wards, five peers, 2 × 2 h each."""
    doctors = [window(day, "09:00", "11:30") for day in (0, 2)]
    change = [window(day, "14:30", "15:30") for day in range(7)]
    wards = [
        ward("Ø1 stuen", blocks=doctors + change),
        ward("Ø1 1.sal", blocks=change + [window(1, "13:00", "14:30")]),
        ward("Ø2 stuen", blocks=change),
        ward("Ø2 1.sal", blocks=change + [window(3, "09:00", "12:00")]),
        ward("Ø3", blocks=change, preferred_peer="Peer 5"),
    ]
    peers = [
        peer(
            "Peer 1",
            max_hours=8,
            sites=["Roskilde", "Køge"],
            available=[window(0, "12:00", "18:00"), window(3, "12:00", "18:00")],
        ),
        peer(
            "Peer 2",
            max_hours=12,
            sites=["Roskilde", "Køge"],
            available=[window(0, "12:00", "18:00"), window(2, "09:00", "18:00")],
        ),
        peer(
            "Peer 3",
            max_hours=8,
            sites=["Roskilde", "Greve"],
            available=[window(0, "09:00", "15:00"), window(2, "09:00", "12:00")],
        ),
        peer("Peer 4", max_hours=8, available=[window(0, "15:00", "18:00"), window(2, "12:00", "15:00")]),
        peer("Peer 5", max_hours=8, available=[window(0, "12:00", "18:00"), window(1, "12:00", "18:00")]),
    ]
    return region(wards, peers)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_meets_every_wards_hours_on_a_well_staffed_week(strategy: str) -> None:
    raw = seeds_week()
    result = plan(raw, strategy)
    assert result.unmet == ()
    assert hours_by_ward(result) == {item["id"]: 4 for item in raw["wards"]}
    assert breaches(raw, shifts_json(result)) == []


def test_it_proves_the_seeds_week_optimal() -> None:
    result = plan(seeds_week(), "direct")
    assert result.optimal
    assert result.objective == result.bound


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_keeps_one_fixed_peer_per_ward(strategy: str) -> None:
    raw = seeds_week()
    result = plan(raw, strategy)
    for item in raw["wards"]:
        assert len({shift.peer for shift in result.shifts if shift.ward == item["id"]}) == 1


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_gives_the_ward_its_preferred_peer(strategy: str) -> None:
    result = plan(seeds_week(), strategy)
    assert {shift.peer for shift in result.shifts if shift.ward == "Ø3"} == {"Peer 5"}


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_puts_a_wards_two_shifts_on_different_days(strategy: str) -> None:
    result = plan(seeds_week(), strategy)
    for ward_id in {shift.ward for shift in result.shifts}:
        days = [shift.day for shift in result.shifts if shift.ward == ward_id]
        assert len(days) == len(set(days)), ward_id


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_keeps_the_same_peer_on_a_ward_week_after_week(strategy: str) -> None:
    raw = region(
        [ward("A"), ward("B")],
        [peer("P1", max_hours=4), peer("P2", max_hours=4), peer("P3", max_hours=4)],
        weeks=3,
    )
    result = plan(raw, strategy)
    assert result.unmet == ()
    for ward_id in ("A", "B"):
        assert len({shift.peer for shift in result.shifts if shift.ward == ward_id}) == 1
    assert [shift.week for shift in result.shifts].count(2) == 4


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_continues_last_periods_pairs(strategy: str) -> None:
    raw = region(
        [ward("A"), ward("B")],
        [peer("P1"), peer("P2")],
        previous=[{"ward": "A", "peer": "P2"}, {"ward": "B", "peer": "P1"}],
    )
    result = plan(raw, strategy)
    assert {(shift.ward, shift.peer) for shift in result.shifts} == {("A", "P2"), ("B", "P1")}


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_honours_a_peers_preferred_ward(strategy: str) -> None:
    raw = region([ward("A"), ward("B")], [peer("P1", prefers=["B"]), peer("P2")])
    result = plan(raw, strategy)
    assert {shift.peer for shift in result.shifts if shift.ward == "B"} == {"P1"}


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_spreads_hours_fairly_between_peers(strategy: str) -> None:
    raw = region([ward(name) for name in "ABCD"], [peer("P1", max_hours=16), peer("P2", max_hours=16)])
    result = plan(raw, strategy)
    load = {name: sum(shift.hours for shift in result.shifts if shift.peer == name) for name in ("P1", "P2")}
    assert load == {"P1": 8, "P2": 8}


# --------------------------------------------------------------------------------------------------
# Short-staffed weeks: exactly the hours that cannot be covered, with the reason


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_reports_a_ward_on_a_site_nobody_serves(strategy: str) -> None:
    result = plan(region([ward("A"), ward("Far", site="Holbæk")], [peer("P1")]), strategy)
    assert unmet_hours(result) == {("Far", 0): 4}
    reason = result.unmet[0].reasons[0]
    assert (reason.code, reason.params["site"]) == ("no_peer_serves_site", "Holbæk")
    assert "Holbæk" in reason.message


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_reports_a_site_served_only_by_peers_not_yet_qualified(strategy: str) -> None:
    result = plan(region([ward("A")], [peer("New", qualified=False)]), strategy)
    assert unmet_hours(result) == {("A", 0): 4}
    assert result.unmet[0].reasons[0].code == "no_qualified_peer"
    assert result.unmet[0].reasons[0].params["peers"] == ["New"]


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_reports_peers_available_only_in_the_wards_blocked_times(strategy: str) -> None:
    blocks = [window(day, "09:00", "12:00") for day in range(7)]
    peers = [peer("P1", available=[window(day, "09:00", "12:30") for day in range(5)])]
    result = plan(region([ward("A", blocks=blocks)], peers), strategy)
    assert unmet_hours(result) == {("A", 0): 4}
    assert result.unmet[0].reasons[0].code == "no_availability_outside_blocks"


# Blocked all week except Monday 13:00–15:00.
ONE_FREE_WINDOW = [window(0, "00:00", "13:00"), window(0, "15:00", "24:00")] + [
    window(day, "00:00", "24:00") for day in range(1, 7)
]


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_reports_blocks_that_leave_room_for_one_shift_only(strategy: str) -> None:
    blocks = ONE_FREE_WINDOW
    result = plan(region([ward("A", blocks=blocks)], [peer("P1"), peer("P2")]), strategy)
    assert unmet_hours(result) == {("A", 0): 2}
    reason = result.unmet[0].reasons[0]
    assert (reason.code, reason.params["possible_hours"]) == ("too_few_free_windows", 2)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_reports_hours_used_up_on_another_ward(strategy: str) -> None:
    result = plan(region([ward("A"), ward("B")], [peer("P1", max_hours=4)]), strategy)
    assert sum(item.hours for item in result.unmet) == 4
    assert result.covered_hours == 4
    (gap,) = result.unmet
    reason = gap.reasons[0]
    assert reason.code == "peer_hours_used_elsewhere"
    other = "B" if gap.ward == "A" else "A"
    assert reason.params["hours_used_up"] == [{"peer": "P1", "hours": 4, "max_hours": 4, "wards": [other]}]


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_reports_contract_hours_too_few_for_the_ward(strategy: str) -> None:
    result = plan(region([ward("A")], [peer("P1", max_hours=3)]), strategy)
    assert unmet_hours(result) == {("A", 0): 2}
    assert result.unmet[0].reasons[0].code == "too_few_peer_hours"


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_reports_contract_hours_below_one_shift(strategy: str) -> None:
    result = plan(region([ward("A")], [peer("P1", max_hours=1.5)]), strategy)
    assert unmet_hours(result) == {("A", 0): 4}
    assert result.unmet[0].reasons[0].code == "contract_hours_below_shift"


def travel_case(travel: int) -> Raw:
    available = [window(0, "12:00", "16:30")]
    return region(
        [ward("A", site="Køge", need_hours=2), ward("B", site="Roskilde", need_hours=2)],
        [peer("P1", sites=["Køge", "Roskilde"], available=available)],
        travel_minutes=travel,
    )


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_fits_two_sites_in_a_day_when_travel_time_allows(strategy: str) -> None:
    raw = travel_case(30)
    result = plan(raw, strategy)
    assert result.unmet == ()
    assert breaches(raw, shifts_json(result)) == []


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_reports_the_shift_travel_time_leaves_no_room_for(strategy: str) -> None:
    result = plan(travel_case(60), strategy)
    assert sum(item.hours for item in result.unmet) == 2
    assert result.unmet[0].reasons[0].code == "peer_times_taken"


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_needs_no_travel_time_between_wards_on_one_site(strategy: str) -> None:
    raw = region(
        [ward("A", need_hours=2), ward("B", need_hours=2)],
        [peer("P1", available=[window(0, "12:00", "16:00")])],
        travel_minutes=120,
    )
    result = plan(raw, strategy)
    assert result.unmet == ()
    assert sorted((shift.start, shift.end) for shift in result.shifts) == [(720, 840), (840, 960)]


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_uses_week_specific_availability(strategy: str) -> None:
    holiday = [window(0, "09:00", "17:00", week=0), window(1, "09:00", "17:00", week=0)]
    raw = region([ward("A")], [peer("P1", available=holiday)], weeks=2)
    result = plan(raw, strategy)
    assert unmet_hours(result) == {("A", 1): 4}
    assert result.unmet[0].reasons[0].code == "no_availability_outside_blocks"
    assert result.unmet[0].reasons[0].params["week"] == 1


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_it_reports_peers_busy_in_both_ways(strategy: str) -> None:
    # P1 has one shift of contract time and prefers A; P2 is free only Monday 12-14, which B or C takes.
    only_noon = [window(0, "00:00", "12:00"), window(0, "14:00", "24:00")] + [
        window(day, "00:00", "24:00") for day in range(1, 7)
    ]
    raw = region(
        [ward("A", need_hours=2), ward("B", need_hours=2, blocks=only_noon), ward("C", need_hours=2)],
        [
            peer("P1", max_hours=2, prefers=["A"], available=[window(0, "09:00", "17:00")]),
            peer("P2", max_hours=4, available=[window(0, "12:00", "14:00")]),
        ],
    )
    result = plan(raw, strategy)
    assert result.covered_hours == 4
    (gap,) = result.unmet
    assert gap.ward in ("B", "C")
    reason = gap.reasons[0]
    assert reason.code == "peers_busy_elsewhere"
    assert [item["peer"] for item in reason.params["hours_used_up"]] == ["P1"]  # type: ignore[attr-defined]
    assert [item["peer"] for item in reason.params["times_taken"]] == ["P2"]  # type: ignore[attr-defined]


def test_it_warns_when_the_preferred_peer_cannot_work_on_the_ward() -> None:
    raw = region([ward("A", preferred_peer="P2")], [peer("P1"), peer("P2", sites=["Køge"])])
    parsed = parse_plan_input(raw)
    assert [(notice.code, notice.record_id) for notice in parsed.notices] == [
        ("preferred_peer_cannot_serve", "A"),
    ]
    assert "Køge" not in parsed.notices[0].message and "Roskilde" in parsed.notices[0].message


def test_it_gives_each_reason_a_code_parameters_and_a_sentence() -> None:
    result = plan(region([ward("A"), ward("B")], [peer("P1", max_hours=4)]))
    unmet = result.to_json()["unmet"]
    assert isinstance(unmet, list)
    (entry,) = unmet
    assert set(entry) == {"ward", "week", "hours", "reason", "reasons"}
    assert set(entry["reason"]) == {"code", "hours", "params", "message"}
    assert entry["reason"]["message"].endswith(".")
    json.dumps(result.to_json())


def test_it_splits_the_missing_hours_between_reasons() -> None:
    # Blocks leave room for one shift (2 h) and the only peer spends 2 of its 4 hours elsewhere.
    blocks = ONE_FREE_WINDOW
    raw = region(
        [ward("A", blocks=blocks), ward("B", need_hours=2)],
        [peer("P1", max_hours=2, prefers=["B"])],
    )
    result = plan(raw)
    assert unmet_hours(result) == {("A", 0): 4}
    codes = {reason.code: reason.hours for reason in result.unmet[0].reasons}
    assert codes == {"too_few_free_windows": 2, "peer_hours_used_elsewhere": 2}


# --------------------------------------------------------------------------------------------------
# Random small regions: every shift keeps every hard rule, gaps are real, strategies agree

SITES = ["Køge", "Roskilde"]


@st.composite
def small_regions(draw: st.DrawFn) -> Raw:
    def windows(max_count: int) -> list[Raw]:
        found = []
        for _ in range(draw(st.integers(0, max_count))):
            start = draw(st.integers(16, 30))  # half hours from 08:00 to 15:00
            length = draw(st.integers(2, 12))
            found.append(
                window(
                    draw(st.integers(0, 2)),
                    f"{start // 2:02d}:{start % 2 * 30:02d}",
                    f"{(start + length) // 2:02d}:{(start + length) % 2 * 30:02d}",
                )
            )
        return found

    wards = [
        ward(
            f"W{i}",
            site=draw(st.sampled_from(SITES)),
            need_hours=draw(st.sampled_from([0, 2, 4, 4, 6])),
            blocks=windows(2),
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    peers = [
        peer(
            f"P{i}",
            sites=draw(st.lists(st.sampled_from(SITES), min_size=1, max_size=2, unique=True)),
            max_hours=draw(st.sampled_from([0, 2, 4, 6, 8])),
            qualified=draw(st.booleans()) or draw(st.booleans()),
            available=windows(3) or [window(0, "09:00", "13:00")],
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    return region(
        wards,
        peers,
        travel_minutes=draw(st.sampled_from([0, 30, 60])),
        weeks=draw(st.sampled_from([1, 1, 2])),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_regions())
def test_it_returns_only_shifts_that_keep_every_hard_rule(raw: Raw) -> None:
    results = {strategy: plan(raw, strategy) for strategy in STRATEGIES}
    for result in results.values():
        shifts = shifts_json(result)
        assert breaches(raw, shifts) == []
        assert result.covered_hours + sum(item.hours for item in result.unmet) == result.needed_hours
        assert result.objective <= result.bound
        for gap in result.unmet:
            assert addable_shift(raw, shifts, gap.ward, gap.week) is None
            assert sum(reason.hours for reason in gap.reasons) == gap.hours
    assert results["direct"].optimal
    assert results["auto"].objective == results["direct"].objective
    for strategy in ("decomposed", "auto"):
        assert results[strategy].covered_hours == results["direct"].covered_hours
        assert results[strategy].coverable_hours_bound >= results["direct"].covered_hours


# --------------------------------------------------------------------------------------------------
# Bad input: a precise error, no plan

BAD_INPUTS = [
    ("negative_hours", "ward", "A", "need_hours", lambda raw: raw["wards"][0].update(need_hours=-2)),
    ("negative_hours", "peer", "P1", "max_hours", lambda raw: raw["peers"][0].update(max_hours=-1)),
    (
        "end_before_start",
        "ward",
        "A",
        "blocks[0].end",
        lambda raw: raw["wards"][0].update(blocks=[window(0, "12:00", "11:00")]),
    ),
    (
        "end_before_start",
        "peer",
        "P1",
        "available[1].end",
        lambda raw: raw["peers"][0]["available"].__setitem__(1, window(1, "10:00", "10:00")),
    ),
    ("unknown_field", "peer", "P1", "colour", lambda raw: raw["peers"][0].update(colour="blue")),
    (
        "unknown_field",
        "ward",
        "A",
        "blocks[0].why",
        lambda raw: raw["wards"][0].update(blocks=[window(0, "09:00", "10:00", why="doctor")]),
    ),
    ("unknown_field", "input", None, "wardz", lambda raw: raw.update(wardz=[])),
    ("wrong_type", "peer", "P1", "qualified", lambda raw: raw["peers"][0].update(qualified="yes")),
    ("wrong_type", "ward", "A", "need_hours", lambda raw: raw["wards"][0].update(need_hours="4")),
    ("wrong_type", "input", None, "wards", lambda raw: raw.update(wards={"id": "A"})),
    ("wrong_type", "peer", "P1", "sites", lambda raw: raw["peers"][0].update(sites="Roskilde")),
    (
        "day_out_of_range",
        "peer",
        "P1",
        "available[0].day",
        lambda raw: raw["peers"][0]["available"][0].update(day=7),
    ),
    (
        "day_out_of_range",
        "ward",
        "A",
        "blocks[0].day",
        lambda raw: raw["wards"][0].update(blocks=[window(-1, "09:00", "10:00")]),
    ),
    (
        "off_grid",
        "ward",
        "A",
        "blocks[0].start",
        lambda raw: raw["wards"][0].update(blocks=[window(0, "09:15", "10:00")]),
    ),
    ("off_grid", "input", None, "shift_hours", lambda raw: raw.update(shift_hours=1.75)),
    (
        "bad_time",
        "peer",
        "P1",
        "available[0].start",
        lambda raw: raw["peers"][0]["available"][0].update(start="25:00"),
    ),
    ("missing_field", "ward", "A", "site", lambda raw: raw["wards"][0].pop("site")),
    ("missing_field", "input", None, "peers", lambda raw: raw.pop("peers")),
    ("duplicate_id", "peer", "P1", "id", lambda raw: raw["peers"].append(peer("P1"))),
    (
        "unknown_reference",
        "ward",
        "A",
        "preferred_peer",
        lambda raw: raw["wards"][0].update(preferred_peer="Nobody"),
    ),
    ("unknown_reference", "peer", "P1", "prefers[0]", lambda raw: raw["peers"][0].update(prefers=["Z"])),
    ("need_not_whole_shifts", "ward", "A", "need_hours", lambda raw: raw["wards"][0].update(need_hours=3)),
    ("week_start_not_monday", "input", None, "week_start", lambda raw: raw.update(week_start="2025-03-04")),
    ("bad_date", "input", None, "week_start", lambda raw: raw.update(week_start="4 March")),
    (
        "out_of_range",
        "ward",
        "A",
        "blocks[0].week",
        lambda raw: raw["wards"][0].update(blocks=[window(0, "09:00", "10:00", week=1)]),
    ),
]


@pytest.mark.parametrize(
    ("code", "record", "record_id", "field", "spoil"),
    BAD_INPUTS,
    ids=[f"{c}-{f}" for c, _, _, f, _ in BAD_INPUTS],
)
def test_it_rejects_bad_input_naming_the_record_and_field(
    code: str, record: str, record_id: str | None, field: str, spoil: Any
) -> None:
    raw = region([ward("A")], [peer("P1")])
    spoil(raw)
    with pytest.raises(ShiftInputError) as caught:
        parse_plan_input(raw)
    error = caught.value
    assert (error.code, error.record, error.record_id, error.field) == (code, record, record_id, field)
    assert field in error.message
    if record_id:
        assert record_id in error.message


def test_it_merges_overlapping_blocks_and_says_so() -> None:
    blocks = [window(0, "09:00", "12:00"), window(0, "11:00", "13:00")]
    raw = region([ward("A", blocks=blocks)], [peer("P1", available=[window(0, "09:00", "15:00")])])
    parsed = parse_plan_input(raw)
    assert [notice.code for notice in parsed.notices] == ["blocks_merged"]
    assert "blocks[0] and blocks[1]" in parsed.notices[0].message
    result = plan_shifts(parsed, workers=1)
    assert [(shift.start, shift.end) for shift in result.shifts] == [(13 * 60, 15 * 60)]
    assert result.to_json()["warnings"][0]["code"] == "blocks_merged"  # type: ignore[index]


# --------------------------------------------------------------------------------------------------
# Manual edits: validate_plan


def edit_case() -> tuple[Raw, list[Raw]]:
    raw = region(
        [
            ward("A", site="Køge", blocks=[window(0, "09:00", "11:00")]),
            ward("B", site="Roskilde"),
            ward("C", site="Greve"),
        ],
        [
            peer(
                "P1",
                sites=["Køge", "Roskilde"],
                max_hours=6,
                available=[window(0, "09:00", "18:00"), window(1, "09:00", "18:00")],
            ),
            peer("P2", sites=["Roskilde"], available=[window(1, "12:00", "18:00")]),
            peer("Trainee", sites=["Greve"], qualified=False),
            peer("P3", sites=["Køge"], available=[window(0, "09:00", "18:00")]),
        ],
    )
    shifts = [
        {"ward": "A", "peer": "P1", "day": 0, "start": "11:00", "end": "13:00"},
        {"ward": "B", "peer": "P1", "day": 0, "start": "13:30", "end": "15:30"},
        {"ward": "B", "peer": "P2", "day": 1, "start": "12:00", "end": "14:00"},
    ]
    return raw, shifts


def violations_of(raw: Raw, shifts: list[Raw]) -> list[tuple[str, tuple[int, ...]]]:
    return [(item.code, item.shifts) for item in validate_plan(raw, shifts)]


def test_it_accepts_a_valid_manual_plan() -> None:
    raw, shifts = edit_case()
    assert violations_of(raw, shifts) == []


def test_it_accepts_the_planners_own_plan() -> None:
    raw = seeds_week()
    result = plan(raw)
    assert validate_plan(parse_plan_input(raw), list(result.shifts)) == []
    assert validate_plan(raw, shifts_json(result)) == []


EDITS = [
    ("peer_double_booked", (1, 3), {"ward": "A", "peer": "P1", "day": 0, "start": "14:30", "end": "16:30"}),
    ("travel_buffer", (1, 3), {"ward": "A", "peer": "P1", "day": 0, "start": "15:30", "end": "17:30"}),
    ("ward_blocked", (3,), {"ward": "A", "peer": "P3", "day": 0, "start": "09:00", "end": "11:00"}),
    ("outside_availability", (3,), {"ward": "B", "peer": "P2", "day": 1, "start": "17:00", "end": "19:00"}),
    ("site_not_served", (3,), {"ward": "A", "peer": "P2", "day": 1, "start": "14:30", "end": "16:30"}),
    ("ward_double_booked", (2, 3), {"ward": "B", "peer": "P1", "day": 1, "start": "13:00", "end": "15:00"}),
    ("not_qualified", (3,), {"ward": "C", "peer": "Trainee", "day": 2, "start": "10:00", "end": "12:00"}),
    ("unknown_ward", (3,), {"ward": "Z", "peer": "P1", "day": 1, "start": "10:00", "end": "12:00"}),
]


@pytest.mark.parametrize(("code", "indexes", "extra"), EDITS, ids=[code for code, _, _ in EDITS])
def test_it_catches_a_manual_edit_breaking_a_rule(code: str, indexes: tuple[int, ...], extra: Raw) -> None:
    raw, shifts = edit_case()
    found = violations_of(raw, [*shifts, extra])
    assert found == [(code, indexes)]


def test_it_accepts_a_site_change_with_enough_travel_time() -> None:
    raw, shifts = edit_case()
    extra = {"ward": "A", "peer": "P1", "day": 0, "start": "16:00", "end": "18:00"}
    assert violations_of(raw, [*shifts[:2], extra]) == []


def test_it_catches_contract_hours_exceeded_by_a_manual_edit() -> None:
    raw, shifts = edit_case()
    extra = {"ward": "A", "peer": "P1", "day": 1, "start": "09:00", "end": "12:00"}
    found = validate_plan(raw, [*shifts, extra])
    assert [(item.code, item.shifts, item.peer) for item in found] == [
        ("max_hours_exceeded", (0, 1, 3), "P1"),
    ]
    assert "7 h of shifts" in found[0].message
    assert "6 contract hours" in found[0].message


def test_it_names_the_shifts_in_a_violation_message() -> None:
    raw, shifts = edit_case()
    extra = {"ward": "A", "peer": "P1", "day": 0, "start": "15:30", "end": "17:30"}
    (violation,) = validate_plan(raw, [*shifts, extra])
    assert "Shift #2" in violation.message and "Shift #4" in violation.message
    assert "Køge" in violation.message and "Roskilde" in violation.message


def test_it_rejects_a_malformed_manual_shift() -> None:
    raw, shifts = edit_case()
    with pytest.raises(ShiftInputError) as caught:
        validate_plan(raw, [*shifts, {"ward": "A", "peer": "P1", "day": 0, "start": "11:00", "end": "10:00"}])
    assert (caught.value.code, caught.value.record, caught.value.record_id) == (
        "end_before_start",
        "shift",
        3,
    )
