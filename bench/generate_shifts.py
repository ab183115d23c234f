"""Generate a region for the ward shift planner (model 5): wards on sites, peers serving nearby sites.

The shape follows the seeds' "Peers som Brobyggere" example (five wards at one hospital, peers with
8–24 contract hours, 2 × 2 h per ward and week, wards blocked for doctor conversations, group offers
and shift change) and scales it: about five wards per site, sites on a line, each peer serving a home
site and often a neighbouring one.

    python bench/generate_shifts.py --wards 200 --peers 400 --seed 1 > region.json
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from datetime import date

WEEKDAYS = range(5)
WARDS_PER_SITE = 5


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _window(day: int, start: int, end: int) -> dict[str, object]:
    return {"day": day, "start": _clock(start), "end": _clock(end)}


def _ward_blocks(rng: random.Random) -> list[dict[str, object]]:
    """Doctor conversations on two mornings, one or two group offers, and the afternoon shift change."""
    blocks = []
    for day in rng.sample(list(WEEKDAYS), 2):
        start = rng.choice([8 * 60 + 30, 9 * 60, 9 * 60 + 30])
        blocks.append(_window(day, start, start + rng.choice([120, 150, 180])))
    for day in rng.sample(list(WEEKDAYS), rng.choice([1, 2])):
        start = rng.choice([10 * 60, 13 * 60, 13 * 60 + 30])
        blocks.append(_window(day, start, start + 90))
    change = rng.choice([14 * 60, 14 * 60 + 30, 15 * 60])
    blocks.extend(_window(day, change, change + rng.choice([30, 60])) for day in range(7))
    return blocks


def _peer_availability(rng: random.Random, profile: str) -> list[dict[str, object]]:
    if profile == "dense":
        days = sorted(rng.sample(list(WEEKDAYS), rng.choice([4, 5])))
        long_days = [(8 * 60, 18 * 60), (8 * 60, 16 * 60), (10 * 60, 18 * 60)]
        return [_window(day, *rng.choice(long_days)) for day in days]
    shapes = [
        (9 * 60, 15 * 60),
        (9 * 60, 13 * 60),
        (12 * 60, 18 * 60),
        (13 * 60, 18 * 60),
        (10 * 60, 16 * 60),
    ]
    days = sorted(rng.sample(list(WEEKDAYS), rng.choice([1, 2] if profile == "scarce" else [2, 2, 3, 3, 4])))
    return [_window(day, *rng.choice(shapes)) for day in days]


def generate_region(
    n_wards: int, n_peers: int, seed: int = 1, weeks: int = 1, profile: str = "seeds"
) -> dict[str, object]:
    """``profile`` "seeds": peers available 2–4 half or whole days, serving one or two sites;
    "dense": peers available 4–5 long days and serving three to five neighbouring sites;
    "scarce": a short-staffed region, peers with 2–4 hours for ward shifts on one or two days at their
    home site only, and more of them still in their introduction (not yet qualified)."""
    scarce = profile == "scarce"
    dense = profile == "dense"
    rng = random.Random(seed)
    n_sites = max(1, math.ceil(n_wards / WARDS_PER_SITE))
    sites = [f"S{index + 1:03d}" for index in range(n_sites)]
    wards: list[dict[str, object]] = []
    for index in range(n_wards):
        ward: dict[str, object] = {
            "id": f"W{index + 1:03d}",
            "site": sites[index * n_sites // n_wards],
            "need_hours": 4,
            "blocks": _ward_blocks(rng),
        }
        wards.append(ward)
    peers: list[dict[str, object]] = []
    for index in range(n_peers):
        home = index * n_sites // n_peers
        served = {home}
        if dense:
            reach = rng.choice([1, 2])
            served |= {site for site in range(home - reach, home + reach + 1) if 0 <= site < n_sites}
        elif n_sites > 1 and not scarce and rng.random() < 0.5:
            served.add(min(n_sites - 1, home + 1) if rng.random() < 0.5 else max(0, home - 1))
        peer: dict[str, object] = {
            "id": f"P{index + 1:03d}",
            "max_hours": rng.choice([2, 2, 4] if scarce else [8, 12, 16, 20, 24]),
            "qualified": rng.random() < (0.8 if scarce else 0.95),
            "sites": [sites[site] for site in sorted(served)],
            "available": _peer_availability(rng, profile),
        }
        home_wards = [ward["id"] for ward in wards if ward["site"] == sites[home]]
        if home_wards and rng.random() < 0.2:
            peer["prefers"] = [rng.choice(home_wards)]
        peers.append(peer)
    for ward in wards:
        serving = [peer["id"] for peer in peers if ward["site"] in peer["sites"]]  # type: ignore[operator]
        if serving and rng.random() < 0.2:
            ward["preferred_peer"] = rng.choice(serving)
    monday = date(2025, 3, 3)
    return {
        "week_start": monday.isoformat(),
        "slot_minutes": 30,
        "shift_hours": 2,
        "travel_minutes": 30,
        "weeks": weeks,
        "wards": wards,
        "peers": peers,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--wards", type=int, default=5)
    parser.add_argument("--peers", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--weeks", type=int, default=1)
    parser.add_argument("--profile", choices=["seeds", "dense", "scarce"], default="seeds")
    args = parser.parse_args(argv)
    region = generate_region(args.wards, args.peers, args.seed, args.weeks, args.profile)
    json.dump(region, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
