"""Peer ↔ citizen referral matching: a pure engine (plain dataclasses in and out, no Django).

Two questions are answered here:

* `shortlist` — for one referral, which peers fit best and why, and for every peer that cannot take
  it, which hard constraint rules the peer out. Reasons are codes with parameters (`Reason`); the Django
  layer renders them in Danish, `describe_reason` renders them in English for the command line.
* `match_batch` — for the whole queue, an assignment that first matches as many referrals as
  possible and then, among all assignments of that size, has the highest total score. It is solved as
  a min-cost max-flow (source → referral → peer → sink, peers with capacity > 1).

Hard constraints: the peer is active, qualified, not paused, has a valid agreement and free places; the
two share a language and a time slot; the two have not had a pairing that failed.

Soft criteria, each worth 0..1 times its weight (`Weights`): location (same municipality, travel
distance or same region), the lived-experience areas the citizen wished for, gender and age wishes
(a wish not expressed counts as met, so that citizens without wishes are not put behind others), the
peer's load, the citizen's waiting time and continuity (the peer knew the citizen before). Load is
counted per place: the k-th new referral a peer takes in a batch scores the share of the peer's
capacity that was still free before it, so a batch spreads work instead of filling one peer first.

Scores are kept in integer points (`POINTS_PER_UNIT` per weight unit) so the optimisation is exact.

Speed and exactness of `match_batch`. Every pair is scored with numpy, block by block (bitmasks for
languages, slots and areas; small lookup tables for location, gender and age). The flow solver first
gets a pruned set of edges: each referral's best `candidates_per_referral` peers, each peer's best
referrals (three per free place), and a maximum-cardinality matching found on a small graph of
(language, slot) hubs, so the pruned problem already reaches the largest possible number of matches.
The result is then proven optimal for the full instance by linear-programming duality: shortest-path
potentials in the residual graph of the pruned solution must give every left-out compatible pair a
non-negative reduced cost. Left-out pairs that fail the check (at most the 3 × candidates_per_referral
worst per referral) are added and the problem is solved again. The loop ends only when the check
holds, so the result is optimal for the unpruned instance whatever the pruning; pruning only changes
how long it takes. (The check is sufficient, not necessary: it may add pairs that leave the optimum
unchanged, costing a round, but never accepts a worse assignment.) All pairs' points are kept as
2- or 4-byte integers while that fits in 512 MiB, and recomputed for each check otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

import numpy as np
import numpy.typing as npt
from ortools.graph.python import max_flow, min_cost_flow

POINTS_PER_UNIT = 1000
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_PARTS = ("am", "pm", "eve")
SLOTS: tuple[str, ...] = tuple(f"{day}-{part}" for day in DAYS for part in DAY_PARTS)
DEFAULT_CANDIDATES_PER_REFERRAL = 12
MAX_WEIGHT = 100.0

_SLOT_BIT = {slot: 1 << i for i, slot in enumerate(SLOTS)}
_BLOCK_ELEMENTS = 1 << 20  # pairs scored at once; bounds the working memory of scoring

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
MaskArray = npt.NDArray[np.unsignedinteger]
ReasonParam = str | int | float | tuple[str, ...]


class MatchingInputError(ValueError):
    """Input the engine cannot use. `record` names the peer/referral/weights, `field` the attribute."""

    def __init__(self, code: str, record: str, message: str, field: str | None = None) -> None:
        super().__init__(f"{record}: {message}")
        self.code = code
        self.record = record
        self.field = field
        self.message = message


class MatchingSolverError(RuntimeError):
    """The flow solver did not report an optimal solution (never expected on valid input)."""

    code = "solver_failed"


# --------------------------------------------------------------------------------------------- input


_WEIGHT_NAMES = ("location", "areas", "gender", "age", "load", "waiting", "continuity")


@dataclass(frozen=True)
class Weights:
    """Weights of the soft criteria (0..100 each) and the scales they use; one set per programme."""

    location: float = 3.0
    areas: float = 2.0
    gender: float = 1.0
    age: float = 1.0
    load: float = 1.0
    waiting: float = 1.0
    continuity: float = 2.0
    # Location score of two different municipalities in the same region, when no distance is known.
    same_region_share: float = 0.3
    # With a known travel distance the location score falls linearly to 0 at this distance.
    max_travel_km: float = 40.0
    # Outside the wished age range the age score falls linearly to 0 over this many years.
    age_tolerance_years: float = 10.0
    # The waiting score grows linearly to 1 at this many days of waiting.
    waiting_days_full: float = 60.0

    def __post_init__(self) -> None:
        for name in _WEIGHT_NAMES:
            value = getattr(self, name)
            if not 0 <= value <= MAX_WEIGHT:
                raise MatchingInputError(
                    "invalid_weight", "weights", f"'{name}' must be between 0 and {MAX_WEIGHT:g}", name
                )
        if not 0 <= self.same_region_share <= 1:
            raise MatchingInputError(
                "invalid_weight",
                "weights",
                "'same_region_share' must be between 0 and 1",
                "same_region_share",
            )
        for name in ("max_travel_km", "age_tolerance_years", "waiting_days_full"):
            if not getattr(self, name) > 0:
                raise MatchingInputError("invalid_weight", "weights", f"'{name}' must be positive", name)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], *, base: Weights | None = None) -> Weights:
        """Weights with the values in `data` replacing those of `base` (the defaults if not given)."""
        known = {f.name for f in fields(cls)}
        changes: dict[str, float] = {}
        for name, value in data.items():
            if name not in known:
                raise MatchingInputError(
                    "unknown_weight",
                    "weights",
                    f"unknown field '{name}' (known: {', '.join(sorted(known))})",
                    name,
                )
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                message = f"field '{name}' must be a number"
                raise MatchingInputError("invalid_weight", "weights", message, name)
            changes[name] = float(value)
        return replace(base or cls(), **changes)

    @property
    def max_base_points(self) -> int:
        """Upper bound of a pair's points without the load criterion."""
        total = self.location + self.areas + self.gender + self.age + self.waiting + self.continuity
        return math.ceil(total * POINTS_PER_UNIT) + 1


@dataclass(frozen=True)
class PeerProfile:
    """A peer as the engine sees it; the Django layer fills the flags from profile and agreements."""

    id: str
    capacity: int
    municipality: str
    languages: frozenset[str]
    availability: frozenset[str]
    gender: str | None = None
    age: int | None = None
    areas: frozenset[str] = frozenset()
    load: int = 0
    region: str | None = None
    active: bool = True
    qualified: bool = True
    paused: bool = False
    agreement_valid: bool = True
    previous_referrals: frozenset[str] = frozenset()
    failed_referrals: frozenset[str] = frozenset()

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.load, 0)


@dataclass(frozen=True)
class Wishes:
    """What the citizen asked for; None / empty means no wish."""

    gender: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    areas: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ReferralRequest:
    id: str
    municipality: str
    languages: frozenset[str]
    availability: frozenset[str]
    wishes: Wishes = field(default_factory=Wishes)
    waiting_days: int = 0
    region: str | None = None


@dataclass(frozen=True)
class MatchingProblem:
    peers: Sequence[PeerProfile]
    referrals: Sequence[ReferralRequest]
    weights: Weights = field(default_factory=Weights)
    # Travel distance in km between two municipalities, either order.
    travel_km: Mapping[tuple[str, str], float] = field(default_factory=dict)


# -------------------------------------------------------------------------------------------- output


@dataclass(frozen=True)
class Reason:
    """A plain-language reason: a code with parameters, e.g. ("shared_areas", {"areas": ("angst",)})."""

    code: str
    params: Mapping[str, ReasonParam] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    peer: str
    score: float
    reasons: tuple[Reason, ...]  # why this peer, strongest first
    tradeoffs: tuple[Reason, ...]  # wishes or preferences this peer does not meet
    breakdown: Mapping[str, float]  # criterion → score contribution


@dataclass(frozen=True)
class Exclusion:
    peer: str
    reasons: tuple[Reason, ...]  # every hard constraint the pair fails


@dataclass(frozen=True)
class Shortlist:
    referral: str
    candidates: tuple[Candidate, ...]
    excluded: tuple[Exclusion, ...]
    compatible_count: int


@dataclass(frozen=True)
class Assignment:
    referral: str
    peer: str
    score: float
    points: int


@dataclass(frozen=True)
class SolveStats:
    compatible_pairs: int
    candidate_pairs: int  # pairs given to the flow solver in the last round
    rounds: int  # solves needed until the optimality proof held
    pruned: bool


@dataclass(frozen=True)
class BatchResult:
    assignments: tuple[Assignment, ...]
    unmatched: tuple[str, ...]
    total_points: int
    stats: SolveStats

    @property
    def total_score(self) -> float:
        return self.total_points / POINTS_PER_UNIT


@dataclass(frozen=True)
class PairScores:
    """Dense score tables, for small instances, tests and baselines (R × P memory)."""

    referrals: tuple[str, ...]
    peers: tuple[str, ...]
    compatible: BoolArray  # (R, P)
    points: IntArray  # (R, P) points of the pair without load; 0 where not compatible
    free: IntArray  # (P,) free places of each peer (0 if the peer is excluded)
    slot_points: IntArray  # (P, max free) load points of the k-th new referral a peer takes


# ------------------------------------------------------------------------------------------ encoding


def _norm(value: str) -> str:
    return value.strip().casefold()


def _norm_set(values: Iterable[str]) -> frozenset[str]:
    return frozenset(_norm(v) for v in values)


def _masks(sets: Sequence[frozenset[str]], vocabulary: Mapping[str, int]) -> MaskArray:
    """Bitmask rows (n, words) in the narrowest unsigned type that holds the vocabulary."""
    size = len(vocabulary)
    dtype = np.uint8 if size <= 8 else np.uint16 if size <= 16 else np.uint32 if size <= 32 else np.uint64
    bits = np.dtype(dtype).itemsize * 8
    out = np.zeros((len(sets), max(1, -(-size // bits))), dtype=dtype)
    for row, values in enumerate(sets):
        for value in values:
            bit = vocabulary[value]
            out[row, bit // bits] |= dtype(1 << (bit % bits))
    return out


def _slot_mask(slots: Iterable[str], record: str) -> int:
    mask = 0
    for slot in slots:
        bit = _SLOT_BIT.get(_norm(slot))
        if bit is None:
            raise MatchingInputError(
                "invalid_slot",
                record,
                f"unknown availability slot '{slot}' (use mon..sun-am/pm/eve)",
                "availability",
            )
        mask |= bit
    return mask


@dataclass
class _Encoded:
    """Column arrays of a problem, ready for vectorised scoring.

    Criteria that depend only on a few categories are looked up in small tables computed with the same
    scalar functions the explanations use: location and gender in `lg_points[r_lg, p_lg]`, age in
    `age_points[r_age, p_age]`.
    """

    problem: MatchingProblem
    n_languages: int
    r_lang: MaskArray
    p_lang: MaskArray
    r_slot: npt.NDArray[np.uint32]
    p_slot: npt.NDArray[np.uint32]
    r_area: MaskArray
    p_area: MaskArray
    r_area_unit: npt.NDArray[np.float32]
    r_const: npt.NDArray[np.float32]
    r_lg: IntArray
    p_lg: IntArray
    lg_points: npt.NDArray[np.float32]
    r_age: IntArray
    p_age: IntArray
    age_points: npt.NDArray[np.float32] | None  # None when no referral has an age wish
    free: IntArray
    slot_points: IntArray  # flat, peer after peer, `free[p]` entries each
    slot_start: IntArray
    continuity: tuple[IntArray, IntArray]  # (referral, peer) index pairs, sorted by referral
    failed: tuple[IntArray, IntArray]
    queue_rank: IntArray  # position of each referral in the queue (longest waiting first)


def _check_ids(ids: Sequence[str], kind: str) -> None:
    seen: set[str] = set()
    for i, identifier in enumerate(ids):
        if not identifier:
            raise MatchingInputError("missing_id", f"{kind}[{i}]", "field 'id' must not be empty", "id")
        if identifier in seen:
            raise MatchingInputError("duplicate_id", f"{kind}[{i}] (id '{identifier}')", "duplicate id", "id")
        seen.add(identifier)


def _validate(problem: MatchingProblem) -> None:
    _check_ids([p.id for p in problem.peers], "peers")
    _check_ids([r.id for r in problem.referrals], "referrals")
    for peer in problem.peers:
        record = f"peer '{peer.id}'"
        if peer.capacity < 0:
            raise MatchingInputError("invalid_value", record, "capacity must not be negative", "capacity")
        if peer.load < 0:
            raise MatchingInputError("invalid_value", record, "load must not be negative", "load")
    for referral in problem.referrals:
        wishes = referral.wishes
        if wishes.age_min is not None and wishes.age_max is not None and wishes.age_min > wishes.age_max:
            raise MatchingInputError(
                "invalid_value", f"referral '{referral.id}'", "wished age_min is above age_max", "wishes"
            )
        if referral.waiting_days < 0:
            raise MatchingInputError(
                "invalid_value",
                f"referral '{referral.id}'",
                "waiting_days must not be negative",
                "waiting_days",
            )


def _peer_is_open(peer: PeerProfile) -> bool:
    return peer.active and peer.qualified and not peer.paused and peer.agreement_valid


def _travel_km(problem: MatchingProblem, a: str, b: str) -> float | None:
    km = problem.travel_km.get((a, b))
    return problem.travel_km.get((b, a)) if km is None else km


def _location_share(
    problem: MatchingProblem, place_r: tuple[str, str | None], place_p: tuple[str, str | None]
) -> float:
    if place_r[0] == place_p[0]:
        return 1.0
    km = _travel_km(problem, place_r[0], place_p[0])
    if km is not None:
        return max(0.0, 1.0 - km / problem.weights.max_travel_km)
    if place_r[1] is not None and place_r[1] == place_p[1]:
        return problem.weights.same_region_share
    return 0.0


def _load_points(weights: Weights, peer: PeerProfile, k: int) -> int:
    """Points of the load criterion for the k-th (1-based) new referral the peer takes."""
    share = 1.0 - (peer.load + k - 1) / peer.capacity
    return round(weights.load * POINTS_PER_UNIT * share)


def _waiting_share(weights: Weights, referral: ReferralRequest) -> float:
    return min(referral.waiting_days / weights.waiting_days_full, 1.0)


def _index_pairs(
    pairs: Iterable[tuple[str, str]], r_index: Mapping[str, int], p_index: Mapping[str, int]
) -> tuple[IntArray, IntArray]:
    found = sorted({(r_index[r], p_index[p]) for r, p in pairs if r in r_index})
    rows = np.asarray([r for r, _ in found], dtype=np.int64)
    cols = np.asarray([p for _, p in found], dtype=np.int64)
    return rows, cols


def _codes[K](keys: Sequence[K]) -> tuple[IntArray, list[K]]:
    """Integer code of each key and the distinct keys in order of first appearance."""
    index: dict[K, int] = {}
    codes = np.asarray([index.setdefault(key, len(index)) for key in keys], dtype=np.int64)
    return codes, list(index)


_MAX_TABLE = 1 << 24


def _location_gender_table(
    problem: MatchingProblem,
) -> tuple[IntArray, IntArray, npt.NDArray[np.float32]]:
    weights = problem.weights
    r_place, r_places = _codes([(r.municipality, r.region) for r in problem.referrals])
    p_place, p_places = _codes([(p.municipality, p.region) for p in problem.peers])
    wished = [_norm(r.wishes.gender) if r.wishes.gender else None for r in problem.referrals]
    r_wish, r_wishes = _codes(wished)
    p_gender, p_genders = _codes([_norm(p.gender) if p.gender else None for p in problem.peers])
    size = len(r_places) * len(r_wishes) * len(p_places) * len(p_genders)
    if size > _MAX_TABLE:
        raise MatchingInputError(
            "too_many_places", "problem", "too many distinct municipality/region/gender combinations"
        )
    location = np.zeros((len(r_places), len(p_places)), dtype=np.float32)
    for i, a in enumerate(r_places):
        location[i] = [weights.location * _location_share(problem, a, b) for b in p_places]
    gender = np.zeros((len(r_wishes), len(p_genders)), dtype=np.float32)
    for i, w in enumerate(r_wishes):
        gender[i] = [weights.gender * (w is None or w == g) for g in p_genders]
    table = (location[:, None, :, None] + gender[None, :, None, :]) * np.float32(POINTS_PER_UNIT)
    return (
        r_place * len(r_wishes) + r_wish,
        p_place * len(p_genders) + p_gender,
        table.reshape(len(r_places) * len(r_wishes), len(p_places) * len(p_genders)),
    )


def _age_table(problem: MatchingProblem) -> tuple[IntArray, IntArray, npt.NDArray[np.float32] | None]:
    weights = problem.weights
    wishes = [Wishes(age_min=r.wishes.age_min, age_max=r.wishes.age_max) for r in problem.referrals]
    r_age, r_wishes = _codes(wishes)
    p_age, p_ages = _codes([p.age for p in problem.peers])
    if all(w.age_min is None and w.age_max is None for w in wishes) or not weights.age:
        return r_age, p_age, None
    table = np.zeros((len(r_wishes), len(p_ages)), dtype=np.float32)
    for i, w in enumerate(r_wishes):
        table[i] = [weights.age * POINTS_PER_UNIT * _age_share(weights, w, a) for a in p_ages]
    return r_age, p_age, table


def _referral_terms(
    weights: Weights, referrals: Sequence[ReferralRequest], wished_areas: Sequence[frozenset[str]]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Points that depend on the referral alone (waiting; criteria without a wish count as met), and
    the points of each shared wished area."""
    pts = float(POINTS_PER_UNIT)
    const = np.zeros(len(referrals), dtype=np.float32)
    area_unit = np.zeros(len(referrals), dtype=np.float32)
    for i, referral in enumerate(referrals):
        value = weights.waiting * pts * _waiting_share(weights, referral)
        if wished_areas[i]:
            area_unit[i] = weights.areas * pts / len(wished_areas[i])
        else:
            value += weights.areas * pts
        const[i] = value
    return const, area_unit


def _places(weights: Weights, peers: Sequence[PeerProfile]) -> tuple[IntArray, IntArray, IntArray]:
    """Free places of each peer (0 when excluded), the load points of each place (flat, peer after
    peer) and where each peer's places start."""
    free = np.asarray([p.free_places if _peer_is_open(p) else 0 for p in peers], dtype=np.int64)
    points = [_load_points(weights, p, k) for p, f in zip(peers, free, strict=True) for k in range(1, f + 1)]
    slot_points = np.asarray(points, dtype=np.int64)
    slot_start = np.concatenate([[0], np.cumsum(free)[:-1]]).astype(np.int64) if len(peers) else free.copy()
    return free, slot_points, slot_start


def _encode(problem: MatchingProblem) -> _Encoded:
    _validate(problem)
    weights = problem.weights
    peers, referrals = problem.peers, problem.referrals
    r_langs = [_norm_set(r.languages) for r in referrals]
    p_langs = [_norm_set(p.languages) for p in peers]
    languages = {v: i for i, v in enumerate(sorted(set().union(*r_langs, *p_langs)))}
    r_areas = [_norm_set(r.wishes.areas) for r in referrals]
    p_areas = [_norm_set(p.areas) for p in peers]
    areas = {v: i for i, v in enumerate(sorted(set().union(*r_areas, *p_areas)))}

    r_const, r_area_unit = _referral_terms(weights, referrals, r_areas)
    r_lg, p_lg, lg_points = _location_gender_table(problem)
    r_age, p_age, age_points = _age_table(problem)
    if age_points is None:
        r_const += np.float32(weights.age * POINTS_PER_UNIT)
    free, slot_points, slot_start = _places(weights, peers)

    r_index = {r.id: i for i, r in enumerate(referrals)}
    p_index = {p.id: j for j, p in enumerate(peers)}
    waiting = np.asarray([r.waiting_days for r in referrals], dtype=np.int64)
    queue = np.lexsort((np.arange(len(referrals)), -waiting))
    queue_rank = np.empty(len(referrals), dtype=np.int64)
    queue_rank[queue] = np.arange(len(referrals))

    return _Encoded(
        problem=problem,
        n_languages=len(languages),
        r_lang=_masks(r_langs, languages),
        p_lang=_masks(p_langs, languages),
        r_slot=np.asarray([_slot_mask(r.availability, f"referral '{r.id}'") for r in referrals], np.uint32),
        p_slot=np.asarray([_slot_mask(p.availability, f"peer '{p.id}'") for p in peers], np.uint32),
        r_area=_masks(r_areas, areas),
        p_area=_masks(p_areas, areas),
        r_area_unit=r_area_unit,
        r_const=r_const,
        r_lg=r_lg,
        p_lg=p_lg,
        lg_points=lg_points,
        r_age=r_age,
        p_age=p_age,
        age_points=age_points,
        free=free,
        slot_points=slot_points,
        slot_start=slot_start,
        continuity=_index_pairs(((r, p.id) for p in peers for r in p.previous_referrals), r_index, p_index),
        failed=_index_pairs(((r, p.id) for p in peers for r in p.failed_referrals), r_index, p_index),
        queue_rank=queue_rank,
    )


# ------------------------------------------------------------------------------------------- scoring


def _shares_bit(a: MaskArray, b: MaskArray) -> BoolArray:
    """(rows, words) × (cols, words) bitmasks → (rows, cols): any common bit."""
    out: BoolArray = (a[:, None, 0] & b[None, :, 0]) != 0
    for word in range(1, a.shape[1]):
        out |= (a[:, None, word] & b[None, :, word]) != 0
    return out


def _common_bits(a: MaskArray, b: MaskArray) -> npt.NDArray[np.uint8]:
    """(rows, words) × (cols, words) bitmasks → (rows, cols): number of common bits."""
    out: npt.NDArray[np.uint8] = np.bitwise_count(a[:, None, 0] & b[None, :, 0])
    for word in range(1, a.shape[1]):
        out += np.bitwise_count(a[:, None, word] & b[None, :, word])
    return out


def _pairs_in(
    pairs: tuple[IntArray, IntArray], start: int, stop: int, position: IntArray | None
) -> tuple[IntArray, IntArray]:
    """The (referral, peer) pairs inside a block, as block coordinates."""
    rows, cols = pairs
    lo, hi = np.searchsorted(rows, [start, stop])
    rows, cols = rows[lo:hi] - start, cols[lo:hi]
    if position is None:
        return rows, cols
    cols = position[cols]
    return rows[cols >= 0], cols[cols >= 0]


def _score_block(
    enc: _Encoded, start: int, stop: int, peers: IntArray | None = None
) -> tuple[BoolArray, npt.NDArray[np.float32]]:
    """Compatibility and points without load of referrals start..stop against all or the given peers."""
    rows = slice(start, stop)
    cols: slice | IntArray = slice(None) if peers is None else peers
    position = None
    if peers is not None:
        position = np.full(len(enc.free), -1, dtype=np.int64)
        position[peers] = np.arange(len(peers))
    compatible = _shares_bit(enc.r_lang[rows], enc.p_lang[cols])
    compatible &= (enc.r_slot[rows, None] & enc.p_slot[None, cols]) != 0
    compatible &= (enc.free[cols] > 0)[None, :]
    fail_rows, fail_cols = _pairs_in(enc.failed, start, stop, position)
    compatible[fail_rows, fail_cols] = False

    points = enc.lg_points[enc.r_lg[rows]][:, enc.p_lg[cols]]
    if enc.age_points is not None:
        points += enc.age_points[enc.r_age[rows]][:, enc.p_age[cols]]
    points += enc.r_const[rows, None]
    shared = _common_bits(enc.r_area[rows], enc.p_area[cols]).astype(np.float32)
    shared *= enc.r_area_unit[rows, None]
    points += shared
    cont_rows, cont_cols = _pairs_in(enc.continuity, start, stop, position)
    points[cont_rows, cont_cols] += np.float32(enc.problem.weights.continuity * POINTS_PER_UNIT)
    return compatible, points


def _block_rows(n_rows: int, n_cols: int) -> Iterable[tuple[int, int]]:
    step = max(1, _BLOCK_ELEMENTS // max(n_cols, 1))
    for start in range(0, n_rows, step):
        yield start, min(start + step, n_rows)


def _first_load_points(enc: _Encoded) -> IntArray:
    """Load points each peer would get for its next referral (0 for peers without free places)."""
    out = np.zeros(len(enc.free), dtype=np.int64)
    has_free = enc.free > 0
    out[has_free] = enc.slot_points[enc.slot_start[has_free]]
    return out


def score_pairs(problem: MatchingProblem) -> PairScores:
    """Every pair's compatibility and points as dense tables (R × P memory: small instances only)."""
    enc = _encode(problem)
    n_r, n_p = len(problem.referrals), len(problem.peers)
    compatible = np.zeros((n_r, n_p), dtype=np.bool_)
    points = np.zeros((n_r, n_p), dtype=np.int64)
    for start, stop in _block_rows(n_r, n_p):
        ok, pts = _score_block(enc, start, stop)
        compatible[start:stop] = ok
        points[start:stop] = np.where(ok, np.rint(pts), 0)
    width = int(enc.free.max()) if n_p else 0
    slot_points = np.zeros((n_p, width), dtype=np.int64)
    for j in range(n_p):
        f = int(enc.free[j])
        slot_points[j, :f] = enc.slot_points[enc.slot_start[j] : enc.slot_start[j] + f]
    return PairScores(
        referrals=tuple(r.id for r in problem.referrals),
        peers=tuple(p.id for p in problem.peers),
        compatible=compatible,
        points=points,
        free=enc.free.copy(),
        slot_points=slot_points,
    )


# ------------------------------------------------------------------------------------ explanations


def hard_constraint_failures(peer: PeerProfile, referral: ReferralRequest) -> tuple[Reason, ...]:
    """Every hard constraint that stops this peer from taking this referral (empty: compatible)."""
    failures: list[Reason] = []
    if not peer.active:
        failures.append(Reason("inactive"))
    if not peer.qualified:
        failures.append(Reason("not_qualified"))
    if peer.paused:
        failures.append(Reason("paused"))
    if not peer.agreement_valid:
        failures.append(Reason("agreement_not_valid"))
    if peer.free_places <= 0:
        failures.append(Reason("no_capacity", {"capacity": peer.capacity, "load": peer.load}))
    if not _norm_set(peer.languages) & _norm_set(referral.languages):
        failures.append(
            Reason(
                "no_shared_language",
                {
                    "peer_languages": tuple(sorted(peer.languages)),
                    "citizen_languages": tuple(sorted(referral.languages)),
                },
            )
        )
    if not _slot_mask(peer.availability, f"peer '{peer.id}'") & _slot_mask(
        referral.availability, f"referral '{referral.id}'"
    ):
        failures.append(Reason("no_shared_availability"))
    if referral.id in peer.failed_referrals:
        failures.append(Reason("earlier_failed_pairing"))
    return tuple(failures)


@dataclass
class _Why:
    """Collects, criterion by criterion, a pair's contributions, reasons and trade-offs."""

    scored: list[tuple[float, Reason]] = field(default_factory=list)
    tradeoffs: list[Reason] = field(default_factory=list)
    breakdown: dict[str, float] = field(default_factory=dict)

    def add(
        self,
        criterion: str,
        value: float,
        reason: Reason | None = None,
        tradeoff: Reason | None = None,
    ) -> None:
        self.breakdown[criterion] = value
        if reason is not None:
            self.scored.append((value, reason))
        if tradeoff is not None:
            self.tradeoffs.append(tradeoff)


def _why_location(problem: MatchingProblem, referral: ReferralRequest, peer: PeerProfile, why: _Why) -> None:
    value = problem.weights.location * _location_share(
        problem, (referral.municipality, referral.region), (peer.municipality, peer.region)
    )
    km = _travel_km(problem, referral.municipality, peer.municipality)
    if referral.municipality == peer.municipality:
        why.add("location", value, Reason("same_municipality", {"municipality": peer.municipality}))
    elif km is not None and value > 0:
        why.add("location", value, Reason("nearby", {"municipality": peer.municipality, "km": km}))
    elif km is None and value > 0 and peer.region is not None:
        why.add("location", value, Reason("same_region", {"region": peer.region}))
    else:
        params: dict[str, ReasonParam] = {"municipality": peer.municipality}
        if km is not None:
            params["km"] = km
        why.add("location", value, tradeoff=Reason("far_away", params))


def _why_areas(weights: Weights, referral: ReferralRequest, peer: PeerProfile, why: _Why) -> None:
    wished = _norm_set(referral.wishes.areas)
    shared = wished & _norm_set(peer.areas)
    value = weights.areas * (len(shared) / len(wished) if wished else 1.0)
    missing = wished - shared
    why.add(
        "areas",
        value,
        Reason("shared_areas", {"areas": tuple(sorted(shared))}) if shared else None,
        Reason("areas_not_shared", {"areas": tuple(sorted(missing))}) if missing else None,
    )


def _why_gender(weights: Weights, referral: ReferralRequest, peer: PeerProfile, why: _Why) -> None:
    wished = referral.wishes.gender
    met = not wished or (peer.gender is not None and _norm(peer.gender) == _norm(wished))
    if not wished:
        why.add("gender", weights.gender)
    elif met:
        why.add("gender", weights.gender, Reason("gender_wish_met", {"gender": wished}))
    else:
        why.add(
            "gender",
            0.0,
            tradeoff=Reason("gender_wish_not_met", {"wished": wished, "gender": peer.gender or ""}),
        )


def _why_age(weights: Weights, referral: ReferralRequest, peer: PeerProfile, why: _Why) -> None:
    value = weights.age * _age_share(weights, referral.wishes, peer.age)
    params: dict[str, ReasonParam] = {
        name: value
        for name, value in (("age_min", referral.wishes.age_min), ("age_max", referral.wishes.age_max))
        if value is not None
    }
    if not params:
        why.add("age", value)
    elif peer.age is None:
        why.add("age", value, tradeoff=Reason("age_unknown", params))
    elif value == weights.age:
        why.add("age", value, Reason("age_wish_met", {**params, "age": peer.age}))
    else:
        why.add("age", value, tradeoff=Reason("age_wish_not_met", {**params, "age": peer.age}))


def explain_candidate(
    problem: MatchingProblem, referral: ReferralRequest, peer: PeerProfile, *, score: float
) -> Candidate:
    """Reasons, trade-offs and per-criterion contributions of a compatible pair, e.g. of an assignment
    from `match_batch` (pass its score: a peer's later places in a batch score less for load)."""
    weights = problem.weights
    why = _Why()
    _why_location(problem, referral, peer, why)
    _why_areas(weights, referral, peer, why)
    _why_gender(weights, referral, peer, why)
    _why_age(weights, referral, peer, why)
    knows = referral.id in peer.previous_referrals
    why.add("continuity", weights.continuity * knows, Reason("knows_citizen") if knows else None)
    load = _load_points(weights, peer, 1) / POINTS_PER_UNIT if peer.free_places else 0.0
    why.add("load", load, Reason("free_places", {"free": peer.free_places, "capacity": peer.capacity}))
    why.add("waiting", weights.waiting * _waiting_share(weights, referral))

    why.scored.sort(key=lambda item: -item[0])
    languages = _norm_set(peer.languages) & _norm_set(referral.languages)
    both = _slot_mask(peer.availability, f"peer '{peer.id}'") & _slot_mask(referral.availability, "referral")
    common = (
        Reason("shared_languages", {"languages": tuple(sorted(languages))}),
        Reason("shared_slots", {"slots": tuple(s for s in SLOTS if both & _SLOT_BIT[s])}),
    )
    return Candidate(
        peer=peer.id,
        score=score,
        reasons=tuple(reason for _, reason in why.scored) + common,
        tradeoffs=tuple(why.tradeoffs),
        breakdown={k: round(v, 3) for k, v in why.breakdown.items()},
    )


def _age_share(weights: Weights, wishes: Wishes, age: int | None) -> float:
    if wishes.age_min is None and wishes.age_max is None:
        return 1.0
    if age is None:
        return 0.0
    below = wishes.age_min - age if wishes.age_min is not None else 0
    above = age - wishes.age_max if wishes.age_max is not None else 0
    gap = max(below, above, 0)
    return max(0.0, 1.0 - gap / weights.age_tolerance_years)


def _referral_row(problem: MatchingProblem, referral_id: str) -> int:
    for i, referral in enumerate(problem.referrals):
        if referral.id == referral_id:
            return i
    raise MatchingInputError("unknown_referral", f"referral '{referral_id}'", "no such referral")


def shortlist(problem: MatchingProblem, referral_id: str, *, limit: int = 5) -> Shortlist:
    """The best `limit` peers for one referral with reasons, and why every other peer is excluded.

    Scores equal those `match_batch` uses for a batch of this single referral.
    """
    enc = _encode(problem)
    row = _referral_row(problem, referral_id)
    referral = problem.referrals[row]
    compatible, points = _score_block(enc, row, row + 1)
    totals = np.rint(points[0]).astype(np.int64) + _first_load_points(enc)
    ok = np.flatnonzero(compatible[0])
    ranked = ok[np.lexsort((ok, -totals[ok]))][: max(limit, 0)]
    scores = totals / POINTS_PER_UNIT
    peers = problem.peers
    candidates = tuple(explain_candidate(problem, referral, peers[j], score=float(scores[j])) for j in ranked)
    excluded = tuple(
        Exclusion(peer=peer.id, reasons=hard_constraint_failures(peer, referral))
        for j, peer in enumerate(problem.peers)
        if not compatible[0, j]
    )
    return Shortlist(referral=referral_id, candidates=candidates, excluded=excluded, compatible_count=len(ok))


def explain_pair(problem: MatchingProblem, referral_id: str, peer_id: str) -> Candidate | Exclusion:
    """Why this peer fits this referral (Candidate, score as for a lone referral) or why not (Exclusion)."""
    row = _referral_row(problem, referral_id)
    referral = problem.referrals[row]
    for peer in problem.peers:
        if peer.id == peer_id:
            failures = hard_constraint_failures(peer, referral)
            if failures:
                return Exclusion(peer=peer_id, reasons=failures)
            single = MatchingProblem(
                peers=[peer], referrals=[referral], weights=problem.weights, travel_km=problem.travel_km
            )
            return shortlist(single, referral_id, limit=1).candidates[0]
    raise MatchingInputError("unknown_peer", f"peer '{peer_id}'", "no such peer in the problem")


# ----------------------------------------------------------------------------------------- batching


@dataclass
class _Edges:
    rows: IntArray  # referral index
    cols: IntArray  # peer index
    points: IntArray  # points of the pair without load

    def extend(self, other: _Edges) -> _Edges:
        return _Edges(
            np.concatenate([self.rows, other.rows]),
            np.concatenate([self.cols, other.cols]),
            np.concatenate([self.points, other.points]),
        )


def _collect(parts: list[tuple[IntArray, IntArray, IntArray]]) -> _Edges:
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return _Edges(empty, empty.copy(), empty.copy())
    return _Edges(*(np.concatenate([part[i] for part in parts]).astype(np.int64) for i in range(3)))


_CACHE_BYTES = 1 << 29  # scores of all pairs are kept (2 or 4 bytes a pair) when they fit in this
_PLACES_FACTOR = 3  # with the score cache, each peer also gets its best referrals, 3 per free place


def _candidate_edges(enc: _Encoded, per_referral: int | None) -> tuple[_Edges, int, IntArray | None]:
    """About `per_referral` best compatible peers of each referral (all when None), the number of
    compatible pairs, and every pair's rounded points (−1: not compatible) when that fits in memory."""
    n_r, n_p = len(enc.r_slot), len(enc.p_slot)
    dtype = np.int16 if enc.problem.weights.max_base_points < np.iinfo(np.int16).max else np.int32
    keep_all = per_referral is not None and n_r * n_p * np.dtype(dtype).itemsize <= _CACHE_BYTES
    cache = np.empty((n_r, n_p), dtype=dtype) if keep_all else None
    # Ranking only picks candidates. A small distinct tie-breaker per peer, and distinct negative ranks
    # for incompatible pairs, keep the selection from stalling on (or letting through) large ties.
    tie_break = np.linspace(0, 0.5, n_p, dtype=np.float32)
    lift = 1 + _first_load_points(enc).astype(np.float32) + 2 * tie_break
    drop = 1 + tie_break
    parts: list[tuple[IntArray, IntArray, IntArray]] = []
    compatible_pairs = 0
    for start, stop in _block_rows(n_r, n_p):
        ok, points = _score_block(enc, start, stop)
        compatible_pairs += int(np.count_nonzero(ok))
        np.rint(points, out=points)
        if cache is not None:
            cache[start:stop] = (points + 1) * ok - 1
        if per_referral is None or per_referral >= n_p:
            rows, cols = np.nonzero(ok)
        else:
            rank = (points + lift) * ok - drop
            threshold = np.partition(rank, n_p - per_referral, axis=1)[:, n_p - per_referral]
            rows, cols = np.nonzero(rank >= np.maximum(threshold, 0)[:, None])
        parts.append((rows + start, cols, points[rows, cols].astype(np.int64)))
    edges = _collect(parts)
    if cache is not None:
        edges = _add_new(edges, *_best_referrals_of_peers(cache, enc.free * _PLACES_FACTOR), enc)
    return edges, compatible_pairs, cache


def _best_referrals_of_peers(cache: IntArray, wanted: IntArray) -> tuple[IntArray, IntArray]:
    """For each peer, its `wanted` best compatible referrals (more on ties)."""
    n_r, n_p = cache.shape
    depth = int(min(wanted.max(initial=0), n_r))
    if depth == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    best = np.full((depth, n_p), -1, dtype=cache.dtype)
    for start, stop in _block_rows(n_r, n_p):
        both = np.concatenate([best, cache[start:stop]])
        best = -np.partition(-both, depth - 1, axis=0)[:depth]
    best = -np.sort(-best, axis=0)
    threshold = best[np.clip(wanted - 1, 0, depth - 1), np.arange(n_p)].astype(np.int64)
    threshold[(wanted == 0) | (threshold < 0)] = np.iinfo(cache.dtype).max
    parts: list[tuple[IntArray, IntArray, IntArray]] = []
    for start, stop in _block_rows(n_r, n_p):
        rows, cols = np.nonzero(cache[start:stop] >= threshold)
        parts.append((rows + start, cols, cols))
    found = _collect(parts)
    return found.rows, found.cols


def _pair_points(enc: _Encoded, rows: IntArray, cols: IntArray) -> tuple[BoolArray, IntArray]:
    """Compatibility and rounded points of the given pairs, computed exactly as `_score_block` does."""
    n_p = len(enc.free)
    keys = rows * n_p + cols
    ok = np.any((enc.r_lang[rows] & enc.p_lang[cols]) != 0, axis=1)
    ok &= (enc.r_slot[rows] & enc.p_slot[cols]) != 0
    ok &= enc.free[cols] > 0
    ok &= ~np.isin(keys, enc.failed[0] * n_p + enc.failed[1])
    points = enc.lg_points[enc.r_lg[rows], enc.p_lg[cols]]
    if enc.age_points is not None:
        points += enc.age_points[enc.r_age[rows], enc.p_age[cols]]
    points += enc.r_const[rows]
    common = np.bitwise_count(enc.r_area[rows] & enc.p_area[cols]).sum(axis=1, dtype=np.uint8)
    shared = common.astype(np.float32)
    shared *= enc.r_area_unit[rows]
    points += shared
    known = np.isin(keys, enc.continuity[0] * n_p + enc.continuity[1])
    points[known] += np.float32(enc.problem.weights.continuity * POINTS_PER_UNIT)
    return ok, np.rint(points).astype(np.int64)


def _bit_matrix(masks: MaskArray, width: int) -> BoolArray:
    as_bytes = np.ascontiguousarray(masks).view(np.uint8).reshape(len(masks), -1)
    bits: BoolArray = np.unpackbits(as_bytes, axis=1, bitorder="little")[:, :width].astype(np.bool_)
    return bits


def _hub_matching(enc: _Encoded) -> tuple[IntArray, IntArray]:
    """A maximum-cardinality matching of the full instance, ignoring scores.

    A referral and a peer are compatible exactly when they share a (language, slot) pair, so a flow
    source → referral → (language, slot) hub → peer → sink finds it on a graph whose size is the sum,
    not the product, of the two sides. Giving the solver these pairs besides each referral's best
    candidates means the pruned problem already reaches the most matches possible (earlier failed
    pairings aside, which the hubs do not see and the optimality check catches).
    """
    n_r, n_p, n_slots = len(enc.r_slot), len(enc.p_slot), len(SLOTS)
    width = enc.n_languages
    r_hub = _bit_matrix(enc.r_lang, width)[:, :, None] & _bit_matrix(enc.r_slot[:, None], n_slots)[:, None, :]
    p_hub = _bit_matrix(enc.p_lang, width)[:, :, None] & _bit_matrix(enc.p_slot[:, None], n_slots)[:, None, :]
    p_hub &= (enc.free > 0)[:, None, None]
    r_of, r_lang, r_slot = np.nonzero(r_hub)
    p_of, p_lang, p_slot = np.nonzero(p_hub)
    hub_base, peer_base = 2 + n_r, 2 + n_r + width * n_slots
    r_arc_hub = r_lang * n_slots + r_slot
    p_arc_hub = p_lang * n_slots + p_slot
    source_arcs, sink_arcs = np.zeros(n_r, np.int64), np.ones(n_p, np.int64)
    tails = np.concatenate([source_arcs, 2 + r_of, hub_base + p_arc_hub, peer_base + np.arange(n_p)])
    heads = np.concatenate([2 + np.arange(n_r), hub_base + r_arc_hub, peer_base + p_of, sink_arcs])
    capacity = np.concatenate([np.ones(n_r + len(r_of), np.int64), enc.free[p_of], enc.free])
    flow = max_flow.SimpleMaxFlow()
    arcs = np.asarray(flow.add_arcs_with_capacity(tails.astype(np.int32), heads.astype(np.int32), capacity))
    if flow.solve(0, 1) != flow.OPTIMAL:
        raise MatchingSolverError("maximum-flow solver did not finish")
    flows = np.asarray(flow.flows(arcs.astype(np.int32)))
    into_hub = flows[n_r : n_r + len(r_of)] > 0
    out_of_hub = flows[n_r + len(r_of) : n_r + len(r_of) + len(p_of)]
    # Within a hub every referral fits every peer, so units in and out can be paired in any order.
    order_in = np.argsort(r_arc_hub[into_hub], kind="stable")
    units_hub = np.repeat(p_arc_hub, out_of_hub)
    order_out = np.argsort(units_hub, kind="stable")
    return r_of[into_hub][order_in], np.repeat(p_of, out_of_hub)[order_out]


def _solve_flow(enc: _Encoded, edges: _Edges) -> BoolArray:
    """Max-cardinality, then max-points assignment on the given edges; returns which edges are used."""
    n_r, n_p = len(enc.r_slot), len(enc.p_slot)
    source, sink = 0, 1
    n_edges = len(edges.rows)
    if n_edges == 0:
        return np.zeros(0, dtype=np.bool_)
    slot_peer = np.repeat(np.arange(n_p), enc.free)
    referrals_with_edges = np.unique(edges.rows)
    # Costs are made non-negative by subtracting from the largest value; with the flow maximised first,
    # minimising these costs is the same as maximising the points.
    top_points = int(edges.points.max())
    top_slot = int(enc.slot_points.max()) if len(enc.slot_points) else 0
    tails = np.concatenate([2 + edges.rows, np.full(len(referrals_with_edges), source), 2 + n_r + slot_peer])
    heads = np.concatenate([2 + n_r + edges.cols, 2 + referrals_with_edges, np.full(len(slot_peer), sink)])
    costs = np.concatenate(
        [top_points - edges.points, np.zeros(len(referrals_with_edges), np.int64), top_slot - enc.slot_points]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32),
        heads.astype(np.int32),
        np.ones(len(tails), dtype=np.int64),
        costs.astype(np.int64),
    )
    supply = min(len(referrals_with_edges), len(slot_peer))
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise MatchingSolverError(f"min-cost flow solver returned status {status}")
    used: BoolArray = np.asarray(flow.flows(np.arange(n_edges, dtype=np.int32))) > 0
    return used


def _shortest_distances(n_nodes: int, tails: IntArray, heads: IntArray, costs: IntArray) -> IntArray:
    """Shortest distances from a virtual node joined to every node by a 0-cost arc (Bellman-Ford).

    Every pass relaxes all arcs at once (vectorised); passes stop when nothing changes, which takes as
    many passes as the longest shortest path has arcs. More than `n_nodes` passes means a negative cycle.
    """
    order = np.argsort(heads, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    targets, starts = np.unique(heads, return_index=True)
    distance = np.zeros(n_nodes, dtype=np.int64)
    for _ in range(n_nodes + 1):
        best = np.minimum(distance[targets], np.minimum.reduceat(distance[tails] + costs, starts))
        if np.array_equal(best, distance[targets]):
            return distance
        distance[targets] = best
    raise MatchingSolverError("the flow solution is not optimal on its own edges (negative cycle)")


def _potentials(enc: _Encoded, edges: _Edges, used: BoolArray) -> tuple[IntArray, IntArray]:
    """Shortest-path potentials of referrals and peers in the residual graph of the solution.

    The problem is read as a min-cost circulation: source → referral (cost 0), referral → peer (−points),
    peer → sink (−load points of the next place), sink → source (−M, M larger than any total score, so
    one more match always outweighs score). An optimal circulation has no negative cycle in its residual
    graph, so shortest distances d from a virtual node joined to every node exist and satisfy
    d(v) ≤ d(u) + cost(u, v) on every residual arc: they are feasible dual values (potentials).
    """
    n_r, n_p = len(enc.r_slot), len(enc.p_slot)
    source, sink = 0, 1
    ref, peer = 2 + np.arange(n_r), 2 + n_r + np.arange(n_p)
    weights = enc.problem.weights
    big_m = 1 + (weights.max_base_points + round(weights.load * POINTS_PER_UNIT)) * max(1, n_r)

    matched = np.zeros(n_r, dtype=np.bool_)
    matched[edges.rows[used]] = True
    taken = np.bincount(edges.cols[used], minlength=n_p)
    has_next = taken < enc.free
    has_taken = taken > 0

    def arcs_to(tails: npt.ArrayLike, heads: npt.ArrayLike, costs: npt.ArrayLike) -> tuple[IntArray, ...]:
        arrays = (np.asarray(tails, np.int64), np.asarray(heads, np.int64), np.asarray(costs, np.int64))
        return tuple(np.broadcast_arrays(*arrays))

    arcs = [
        arcs_to([sink], source, -big_m),
        arcs_to([source] if used.any() else [], sink, big_m),
        arcs_to(np.full(int((~matched).sum()), source), ref[~matched], 0),
        arcs_to(ref[matched], source, 0),
        arcs_to(ref[edges.rows[~used]], peer[edges.cols[~used]], -edges.points[~used]),
        arcs_to(peer[edges.cols[used]], ref[edges.rows[used]], edges.points[used]),
        arcs_to(peer[has_next], sink, -enc.slot_points[enc.slot_start[has_next] + taken[has_next]]),
        arcs_to(
            np.full(int(has_taken.sum()), sink),
            peer[has_taken],
            enc.slot_points[enc.slot_start[has_taken] + taken[has_taken] - 1],
        ),
    ]
    distance = _shortest_distances(
        2 + n_r + n_p, *(np.concatenate([a[i] for a in arcs]).astype(np.int64) for i in range(3))
    )
    return distance[ref], distance[peer]


def _violations(
    enc: _Encoded,
    cache: IntArray | None,
    edges: _Edges,
    used: BoolArray,
    per_referral: int,
) -> _Edges:
    """Left-out compatible pairs with a negative reduced cost, at most `per_referral` of the most
    negative for each referral. None left means the solution is optimal for the full instance."""
    n_r, n_p = len(enc.r_slot), len(enc.p_slot)
    d_ref, d_peer = _potentials(enc, edges, used)
    partner = np.full(n_r, -1, dtype=np.int64)
    partner[edges.rows[used]] = edges.cols[used]
    parts: list[tuple[IntArray, IntArray, IntArray]] = []
    for start, stop in _block_rows(n_r, n_p):
        if cache is None:
            ok, block = _score_block(enc, start, stop)
            points: npt.NDArray[np.integer] = np.rint(block).astype(np.int32)
            points[~ok] = -1
        else:
            points = cache[start:stop]
            ok = points >= 0
        # An unused arc r → p costs −points; the potentials must satisfy d(p) ≤ d(r) − points.
        slack = d_ref[start:stop, None] - d_peer[None, :] - points
        bad = ok & (slack < 0)
        mine = np.flatnonzero(partner[start:stop] >= 0)
        bad[mine, partner[start:stop][mine]] = False
        rows, cols = np.nonzero(bad)
        order = np.lexsort((slack[rows, cols], rows))
        rows, cols = rows[order], cols[order]
        rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
        rows, cols = rows[rank < per_referral], cols[rank < per_referral]
        parts.append((rows + start, cols, points[rows, cols].astype(np.int64)))
    return _collect(parts)


def _add_new(edges: _Edges, rows: IntArray, cols: IntArray, enc: _Encoded) -> _Edges:
    """The edges plus those of the given pairs that are compatible and not among them yet."""
    n_p = len(enc.free)
    new = ~np.isin(rows * n_p + cols, edges.rows * n_p + edges.cols)
    rows, cols = rows[new], cols[new]
    ok, points = _pair_points(enc, rows, cols)
    return edges.extend(_Edges(rows[ok], cols[ok], points[ok]))


def match_batch(
    problem: MatchingProblem, *, candidates_per_referral: int | None = DEFAULT_CANDIDATES_PER_REFERRAL
) -> BatchResult:
    """Assign referrals to peers: as many as possible first, then the highest total score.

    `candidates_per_referral` only trades speed: the result is proven optimal for the full instance
    (see the module docstring). None gives the solver every compatible pair at once.
    """
    if candidates_per_referral is not None and candidates_per_referral < 1:
        raise MatchingInputError(
            "invalid_value",
            "options",
            "candidates_per_referral must be at least 1",
            "candidates_per_referral",
        )
    enc = _encode(problem)
    edges, compatible_pairs, cache = _candidate_edges(enc, candidates_per_referral)
    rounds = 1
    if candidates_per_referral is None or len(edges.rows) == compatible_pairs:
        used = _solve_flow(enc, edges)
        stats = SolveStats(compatible_pairs, len(edges.rows), rounds, pruned=False)
        return _batch_result(enc, edges, used, stats)
    edges = _add_new(edges, *_hub_matching(enc), enc)
    used = _solve_flow(enc, edges)
    while len((extra := _violations(enc, cache, edges, used, 3 * candidates_per_referral)).rows):
        edges = edges.extend(extra)
        rounds += 1
        used = _solve_flow(enc, edges)
    return _batch_result(enc, edges, used, SolveStats(compatible_pairs, len(edges.rows), rounds, pruned=True))


def _batch_result(enc: _Encoded, edges: _Edges, used: BoolArray, stats: SolveStats) -> BatchResult:
    problem = enc.problem
    rows, cols, points = edges.rows[used], edges.cols[used], edges.points[used]
    # A peer's new places are filled in queue order: the longest-waiting referral gets the first place.
    order = np.lexsort((enc.queue_rank[rows], cols))
    rows, cols, points = rows[order], cols[order], points[order]
    first_of_peer = np.searchsorted(cols, cols)
    place = np.arange(len(cols)) - first_of_peer
    totals = points + enc.slot_points[enc.slot_start[cols] + place]
    by_referral = np.argsort(rows)
    assignments = tuple(
        Assignment(
            referral=problem.referrals[int(rows[i])].id,
            peer=problem.peers[int(cols[i])].id,
            score=int(totals[i]) / POINTS_PER_UNIT,
            points=int(totals[i]),
        )
        for i in by_referral
    )
    matched = np.zeros(len(problem.referrals), dtype=np.bool_)
    matched[rows] = True
    return BatchResult(
        assignments=assignments,
        unmatched=tuple(r.id for r, m in zip(problem.referrals, matched, strict=True) if not m),
        total_points=int(totals.sum()),
        stats=stats,
    )


# ---------------------------------------------------------------------------------- English wording


def _listing(values: ReasonParam) -> str:
    items = [str(v) for v in values] if isinstance(values, tuple) else [str(values)]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _km(params: Mapping[str, ReasonParam]) -> str:
    return f", {params['km']:g} km" if "km" in params else ""


def _age_range(params: Mapping[str, ReasonParam]) -> str:
    low, high = params.get("age_min"), params.get("age_max")
    if low is not None and high is not None:
        return f"{low}–{high}"
    return f"{low} or older" if low is not None else f"{high} or younger"


_ENGLISH: dict[str, Callable[[Mapping[str, ReasonParam]], str]] = {
    "same_municipality": lambda p: f"lives in the same municipality ({p['municipality']})",
    "nearby": lambda p: f"lives about {p['km']:g} km away ({p['municipality']})",
    "same_region": lambda p: f"lives in the same region ({p['region']})",
    "far_away": lambda p: f"lives further away ({p['municipality']}{_km(p)})",
    "shared_areas": lambda p: f"shares lived experience of {_listing(p['areas'])}",
    "areas_not_shared": lambda p: f"does not share the wished experience of {_listing(p['areas'])}",
    "gender_wish_met": lambda p: f"is {p['gender']}, as the citizen wished",
    "gender_wish_not_met": lambda p: f"the citizen wished for a peer who is {p['wished']}",
    "age_wish_met": lambda p: f"is {p['age']}, within the wished age {_age_range(p)}",
    "age_wish_not_met": lambda p: f"is {p['age']}, outside the wished age {_age_range(p)}",
    "age_unknown": lambda p: f"age not known (the citizen wished {_age_range(p)})",
    "knows_citizen": lambda p: "has supported this citizen before",
    "free_places": lambda p: f"has {p['free']} of {p['capacity']} places free",
    "shared_languages": lambda p: f"speaks {_listing(p['languages'])}",
    "shared_slots": lambda p: f"both available {_listing(p['slots'])}",
    "inactive": lambda p: "is not active",
    "not_qualified": lambda p: "is not qualified for this programme",
    "paused": lambda p: "has paused",
    "agreement_not_valid": lambda p: "has no valid agreement",
    "no_capacity": lambda p: f"has no free places ({p['load']} of {p['capacity']} in use)",
    "no_shared_language": lambda p: (
        f"shares no language (peer speaks {_listing(p['peer_languages']) or 'none'}, "
        f"citizen speaks {_listing(p['citizen_languages']) or 'none'})"
    ),
    "no_shared_availability": lambda p: "has no time slot in common with the citizen",
    "earlier_failed_pairing": lambda p: "an earlier pairing with this citizen did not work out",
}

REASON_CODES: frozenset[str] = frozenset(_ENGLISH)


def describe_reason(reason: Reason) -> str:
    """English wording of a reason, for the command line (the web interface translates the codes)."""
    render = _ENGLISH.get(reason.code)
    return render(reason.params) if render else reason.code
