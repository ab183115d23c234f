"""Benchmark the ward shift planner (model 5) on generated regions; prints a Markdown table.

For each region (wards × peers, profile, seed) and strategy it reports: the size of a direct model
(candidate shifts), when the first complete plan existed, when every coverable hour was covered (the
planner's coverage bound proves which hours are coverable), and at the end the covered hours, the
objective, the proven bound and the gap, or the time of the proven optimum.

    python bench/bench_shifts.py                          # the full set in bench/RESULTS-shifts.md
    python bench/bench_shifts.py --sizes 200x400 --limit 10 --profiles dense --seeds 1,2,3
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate_shifts import generate_region
from wards.planner import PlanResult, candidate_shift_count, parse_plan_input, plan_shifts


def first_plan_seconds(result: PlanResult) -> float | None:
    return next((point.seconds for point in result.timeline if point.covered_hours is not None), None)


def full_cover_seconds(result: PlanResult) -> float | None:
    target = result.coverable_hours_bound
    if result.covered_hours < target:
        return None
    return next(
        (
            point.seconds
            for point in result.timeline
            if point.covered_hours is not None and point.covered_hours >= target
        ),
        None,
    )


def run_one(
    wards: int,
    peers: int,
    profile: str,
    seed: int,
    strategy: str,
    limit: float,
    workers: int,
) -> str:
    raw = generate_region(wards, peers, seed=seed, profile=profile)
    started = time.monotonic()
    plan_input = parse_plan_input(raw)
    parsed = time.monotonic() - started
    result = plan_shifts(plan_input, time_limit=limit, workers=workers, seed=0, strategy=strategy)  # type: ignore[arg-type]
    wall = time.monotonic() - started
    first = first_plan_seconds(result)
    full = full_cover_seconds(result)
    gap = result.bound - result.objective
    ending = f"optimal at {wall:.1f}" if result.optimal else f"gap {gap} at {wall:.1f}"
    load = os.getloadavg()[0]
    return (
        f"| {wards}×{peers} | {profile} | {seed} | {result.strategy} | {candidate_shift_count(plan_input):,} | {limit:g} "
        f"| {parsed:.2f} | {_fmt(first)} | {_fmt(full)} | {result.covered_hours:g}/{result.needed_hours:g} "
        f"| {result.coverable_hours_bound:g} | {result.objective} | {result.bound} | {ending} | {load:.1f} |"
    )


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


HEADER = (
    "| region | profile | seed | strategy | candidates | limit s | parse s | first plan s | all coverable "
    "covered s | covered/needed h | coverable h (bound) | objective | bound | end (s) | load |\n"
    "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the ward shift planner.")
    parser.add_argument("--sizes", default="5x5,50x100,200x400")
    parser.add_argument("--profiles", default="seeds,dense")
    parser.add_argument("--seeds", default="1")
    parser.add_argument("--strategies", default="auto", help="auto, direct, decomposed (comma-separated)")
    parser.add_argument("--limit", type=float, default=60.0, help="time limit per run in seconds")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    print(HEADER, flush=True)
    for size in args.sizes.split(","):
        wards, peers = (int(part) for part in size.lower().split("x"))
        for profile in args.profiles.split(","):
            for seed in (int(item) for item in args.seeds.split(",")):
                for strategy in args.strategies.split(","):
                    print(
                        run_one(wards, peers, profile, seed, strategy, args.limit, args.workers),
                        flush=True,
                    )


if __name__ == "__main__":
    main()
