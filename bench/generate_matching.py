"""Seeded generator of realistic referral-matching instances in the `match_batch` JSON format.

Peers and citizens live in the three regions that run peer support in the seeds (Hovedstaden,
Midtjylland, Sjælland), spread over municipalities by population. Most people speak Danish; a minority
of citizens speak only another language, and some peers speak a second one. Peers (often volunteers)
offer afternoons, evenings and weekends; citizens more often weekday mornings and afternoons, so the
overlap is real but not guaranteed. Travel distances between municipalities in the same region come from
the municipalities' approximate centres.

Usage:
    python bench/generate_matching.py 5000 1000 --seed 1 > instance.json
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

import numpy as np

# municipality: (region, approximate population in thousands, latitude, longitude)
MUNICIPALITIES: dict[str, tuple[str, int, float, float]] = {
    "København": ("Hovedstaden", 650, 55.676, 12.568),
    "Frederiksberg": ("Hovedstaden", 105, 55.679, 12.532),
    "Gentofte": ("Hovedstaden", 75, 55.750, 12.550),
    "Gladsaxe": ("Hovedstaden", 70, 55.733, 12.483),
    "Helsingør": ("Hovedstaden", 63, 56.036, 12.611),
    "Rudersdal": ("Hovedstaden", 57, 55.826, 12.491),
    "Hillerød": ("Hovedstaden", 52, 55.927, 12.300),
    "Ballerup": ("Hovedstaden", 49, 55.731, 12.363),
    "Hvidovre": ("Hovedstaden", 54, 55.657, 12.474),
    "Tårnby": ("Hovedstaden", 43, 55.630, 12.600),
    "Lyngby-Taarbæk": ("Hovedstaden", 56, 55.770, 12.503),
    "Furesø": ("Hovedstaden", 41, 55.800, 12.370),
    "Gribskov": ("Hovedstaden", 41, 56.050, 12.300),
    "Halsnæs": ("Hovedstaden", 31, 55.970, 11.950),
    "Bornholm": ("Hovedstaden", 39, 55.100, 14.900),
    "Aarhus": ("Midtjylland", 360, 56.157, 10.211),
    "Randers": ("Midtjylland", 99, 56.461, 10.036),
    "Viborg": ("Midtjylland", 97, 56.453, 9.402),
    "Silkeborg": ("Midtjylland", 95, 56.170, 9.548),
    "Horsens": ("Midtjylland", 98, 55.861, 9.850),
    "Herning": ("Midtjylland", 89, 56.139, 8.974),
    "Holstebro": ("Midtjylland", 59, 56.360, 8.616),
    "Skanderborg": ("Midtjylland", 63, 56.040, 9.930),
    "Favrskov": ("Midtjylland", 49, 56.330, 9.950),
    "Syddjurs": ("Midtjylland", 43, 56.310, 10.520),
    "Norddjurs": ("Midtjylland", 38, 56.410, 10.890),
    "Skive": ("Midtjylland", 46, 56.567, 9.027),
    "Ringkøbing-Skjern": ("Midtjylland", 56, 56.090, 8.244),
    "Hedensted": ("Midtjylland", 47, 55.770, 9.700),
    "Roskilde": ("Sjælland", 90, 55.642, 12.080),
    "Køge": ("Sjælland", 62, 55.458, 12.182),
    "Holbæk": ("Sjælland", 72, 55.717, 11.713),
    "Næstved": ("Sjælland", 83, 55.230, 11.760),
    "Slagelse": ("Sjælland", 80, 55.402, 11.354),
    "Greve": ("Sjælland", 50, 55.583, 12.300),
    "Ringsted": ("Sjælland", 35, 55.443, 11.790),
    "Kalundborg": ("Sjælland", 49, 55.680, 11.089),
    "Guldborgsund": ("Sjælland", 60, 54.769, 11.874),
    "Lolland": ("Sjælland", 40, 54.776, 11.497),
    "Sorø": ("Sjælland", 30, 55.432, 11.556),
    "Vordingborg": ("Sjælland", 46, 55.009, 11.911),
}

CITIZEN_ONLY_LANGUAGES = ["arabisk", "tyrkisk", "polsk", "somali", "farsi", "urdu", "ukrainsk", "engelsk"]
SECOND_LANGUAGES = ["engelsk", "engelsk", "engelsk", "tysk", "arabisk", "tyrkisk", "polsk", "farsi", "somali"]
AREAS = [
    "depression",
    "angst",
    "psykose",
    "bipolar",
    "ocd",
    "spiseforstyrrelse",
    "selvskade",
    "ptsd",
    "adhd",
    "personlighedsforstyrrelse",
    "misbrug",
    "ensomhed",
    "sorg",
    "pårørende",
]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
PARTS = ["am", "pm", "eve"]
SLOTS = [f"{day}-{part}" for day in DAYS for part in PARTS]
# Relative likelihood of each slot: peers (often volunteers beside work) lean to afternoons, evenings
# and weekends; citizens lean to weekday mornings and afternoons.
WEEKEND = ("sat", "sun")
PEER_SLOT_WEIGHT = [1 + (part != "am") * 2 + (day in WEEKEND) * 2 for day in DAYS for part in PARTS]
CITIZEN_SLOT_WEIGHT = [3 - (part == "eve") * 2 + (day not in WEEKEND) for day in DAYS for part in PARTS]


def _distance_km(a: str, b: str) -> float:
    """Road distance estimated as 1.3 × the great-circle distance between municipality centres."""
    _, _, lat1, lon1 = MUNICIPALITIES[a]
    _, _, lat2, lon2 = MUNICIPALITIES[b]
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(1.3 * 2 * 6371 * math.asin(math.sqrt(h)), 1)


def travel_table() -> list[dict[str, Any]]:
    names = sorted(MUNICIPALITIES)
    return [
        {"from": a, "to": b, "km": _distance_km(a, b)}
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if MUNICIPALITIES[a][0] == MUNICIPALITIES[b][0]
    ]


def _pick_slots(rng: np.random.Generator, weights: list[int]) -> list[str]:
    probability = np.asarray(weights, dtype=float) / sum(weights)
    count = int(rng.integers(2, 7))
    return [SLOTS[i] for i in sorted(rng.choice(len(SLOTS), size=count, replace=False, p=probability))]


def generate_instance(n_referrals: int, n_peers: int, seed: int = 1) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    names = list(MUNICIPALITIES)
    population = np.asarray([MUNICIPALITIES[n][1] for n in names], dtype=float)
    population /= population.sum()

    peers: list[dict[str, Any]] = []
    for i in range(n_peers):
        municipality = names[int(rng.choice(len(names), p=population))]
        capacity = int(rng.integers(1, 6))
        languages = ["dansk"] if rng.random() < 0.97 else []
        if rng.random() < 0.3 or not languages:
            languages.append(str(rng.choice(SECOND_LANGUAGES)))
        peer: dict[str, Any] = {
            "id": f"p{i:05d}",
            "capacity": capacity,
            "municipality": municipality,
            "region": MUNICIPALITIES[municipality][0],
            "languages": sorted(set(languages)),
            "gender": str(rng.choice(["kvinde", "mand", "andet"], p=[0.64, 0.34, 0.02])),
            "age": int(rng.integers(22, 71)),
            "areas": sorted(rng.choice(AREAS, size=int(rng.integers(1, 5)), replace=False).tolist()),
            "availability": _pick_slots(rng, PEER_SLOT_WEIGHT),
            "load": int(min(capacity, rng.binomial(capacity, 0.2))),
        }
        if rng.random() < 0.04:
            peer["paused"] = True
        if rng.random() < 0.02:
            peer["agreement_valid"] = False
        peers.append(peer)

    referrals: list[dict[str, Any]] = []
    for i in range(n_referrals):
        municipality = names[int(rng.choice(len(names), p=population))]
        if rng.random() < 0.9:
            languages = ["dansk"] + ([str(rng.choice(CITIZEN_ONLY_LANGUAGES))] if rng.random() < 0.1 else [])
        else:
            languages = [str(rng.choice(CITIZEN_ONLY_LANGUAGES))]
        wishes: dict[str, Any] = {}
        if rng.random() < 0.3:
            wishes["gender"] = str(rng.choice(["kvinde", "mand"], p=[0.7, 0.3]))
        if rng.random() < 0.25:
            low = int(rng.integers(20, 56))
            wishes["age_min"], wishes["age_max"] = low, low + int(rng.integers(10, 25))
        if rng.random() < 0.5:
            wishes["areas"] = sorted(rng.choice(AREAS, size=int(rng.integers(1, 3)), replace=False).tolist())
        referrals.append(
            {
                "id": f"r{i:06d}",
                "municipality": municipality,
                "region": MUNICIPALITIES[municipality][0],
                "languages": sorted(set(languages)),
                "wishes": wishes,
                "availability": _pick_slots(rng, CITIZEN_SLOT_WEIGHT),
                "waiting_days": int(min(rng.exponential(25.0), 240)),
            }
        )

    # A few citizens had a peer before (continuity) or a pairing that did not work out.
    for referral in referrals:
        if rng.random() < 0.03:
            peers[int(rng.integers(n_peers))].setdefault("previous_referrals", []).append(referral["id"])
        if rng.random() < 0.01:
            peers[int(rng.integers(n_peers))].setdefault("failed_referrals", []).append(referral["id"])

    return {"peers": peers, "referrals": referrals, "travel_km": travel_table()}


def main(argv: list[str] | None = None) -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("referrals", type=int)
    parser.add_argument("peers", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    json.dump(generate_instance(args.referrals, args.peers, args.seed), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
