"""The referral matching engine: who fits a citizen best and why, and the optimal assignment of a queue."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referrals.matching import (
    POINTS_PER_UNIT,
    REASON_CODES,
    BatchResult,
    Candidate,
    Exclusion,
    MatchingInputError,
    MatchingProblem,
    PeerProfile,
    Reason,
    ReferralRequest,
    Weights,
    Wishes,
    describe_reason,
    explain_candidate,
    explain_pair,
    hard_constraint_failures,
    match_batch,
    score_pairs,
    shortlist,
)


def make_peer(id: str = "p1", **fields: Any) -> PeerProfile:
    values: dict[str, Any] = {
        "capacity": 2,
        "municipality": "Aarhus",
        "region": "Midtjylland",
        "languages": frozenset({"dansk"}),
        "availability": frozenset({"tue-pm"}),
        "gender": "kvinde",
        "age": 40,
    }
    values.update(fields)
    return PeerProfile(id=id, **values)


def make_referral(id: str = "r1", **fields: Any) -> ReferralRequest:
    values: dict[str, Any] = {
        "municipality": "Aarhus",
        "region": "Midtjylland",
        "languages": frozenset({"dansk"}),
        "availability": frozenset({"tue-pm"}),
    }
    values.update(fields)
    return ReferralRequest(id=id, **values)


def problem_of(peers: list[PeerProfile], referrals: list[ReferralRequest], **fields: Any) -> MatchingProblem:
    return MatchingProblem(peers=peers, referrals=referrals, **fields)


def ranking(problem: MatchingProblem, referral: str = "r1") -> list[str]:
    return [c.peer for c in shortlist(problem, referral, limit=10).candidates]


def codes(reasons: tuple[Reason, ...]) -> list[str]:
    return [r.code for r in reasons]


def pairs(result: BatchResult) -> set[tuple[str, str]]:
    return {(a.referral, a.peer) for a in result.assignments}


# ------------------------------------------------------------------------------------------ shortlist


def test_it_puts_a_peer_from_the_citizens_municipality_first_and_says_so() -> None:
    problem = problem_of(
        [make_peer("far", municipality="Viborg"), make_peer("near", municipality="Aarhus")], [make_referral()]
    )
    short = shortlist(problem, "r1")
    assert [c.peer for c in short.candidates] == ["near", "far"]
    assert Reason("same_municipality", {"municipality": "Aarhus"}) in short.candidates[0].reasons
    assert describe_reason(short.candidates[0].reasons[0]) == "lives in the same municipality (Aarhus)"


def test_it_ranks_by_travel_distance_when_distances_are_known() -> None:
    problem = problem_of(
        [make_peer("viborg", municipality="Viborg"), make_peer("randers", municipality="Randers")],
        [make_referral()],
        travel_km={("Aarhus", "Randers"): 10.0, ("Viborg", "Aarhus"): 30.0},
    )
    short = shortlist(problem, "r1")
    assert [c.peer for c in short.candidates] == ["randers", "viborg"]
    assert Reason("nearby", {"municipality": "Randers", "km": 10.0}) in short.candidates[0].reasons


def test_it_counts_the_same_region_as_closer_than_another_region() -> None:
    problem = problem_of(
        [
            make_peer("sjaelland", municipality="Roskilde", region="Sjælland"),
            make_peer("midt", municipality="Viborg", region="Midtjylland"),
        ],
        [make_referral()],
    )
    short = shortlist(problem, "r1")
    assert [c.peer for c in short.candidates] == ["midt", "sjaelland"]
    assert Reason("same_region", {"region": "Midtjylland"}) in short.candidates[0].reasons
    assert "far_away" in codes(short.candidates[1].tradeoffs)


def test_it_explains_which_wished_lived_experience_areas_a_peer_shares() -> None:
    wishes = Wishes(areas=frozenset({"angst", "psykose"}))
    problem = problem_of(
        [make_peer("none", areas=frozenset({"adhd"})), make_peer("one", areas=frozenset({"angst", "adhd"}))],
        [make_referral(wishes=wishes)],
    )
    best, other = shortlist(problem, "r1").candidates
    assert best.peer == "one"
    assert Reason("shared_areas", {"areas": ("angst",)}) in best.reasons
    assert Reason("areas_not_shared", {"areas": ("psykose",)}) in best.tradeoffs
    assert Reason("areas_not_shared", {"areas": ("angst", "psykose")}) in other.tradeoffs
    assert describe_reason(Reason("shared_areas", {"areas": ("angst", "ptsd")})) == (
        "shares lived experience of angst and ptsd"
    )


def test_it_honours_the_citizens_gender_and_age_wishes() -> None:
    wishes = Wishes(gender="mand", age_min=25, age_max=35)
    problem = problem_of(
        [make_peer("woman_60", gender="kvinde", age=60), make_peer("man_30", gender="mand", age=30)],
        [make_referral(wishes=wishes)],
    )
    best, other = shortlist(problem, "r1").candidates
    assert best.peer == "man_30"
    assert {"gender_wish_met", "age_wish_met"} <= set(codes(best.reasons))
    assert codes(other.tradeoffs) == ["gender_wish_not_met", "age_wish_not_met"]
    assert describe_reason(best.reasons[codes(best.reasons).index("age_wish_met")]) == (
        "is 30, within the wished age 25–35"
    )


def test_it_lowers_the_age_score_gradually_outside_the_wished_range() -> None:
    wishes = Wishes(age_min=25, age_max=35)
    problem = problem_of(
        [make_peer("age_60", age=60), make_peer("age_38", age=38), make_peer("unknown", age=None)],
        [make_referral(wishes=wishes)],
    )
    short = shortlist(problem, "r1")
    breakdown = {c.peer: c.breakdown["age"] for c in short.candidates}
    assert breakdown == {"age_38": pytest.approx(0.7), "age_60": 0.0, "unknown": 0.0}
    assert "age_unknown" in codes(next(c for c in short.candidates if c.peer == "unknown").tradeoffs)


def test_it_does_not_put_citizens_without_wishes_behind_those_whose_wishes_are_met() -> None:
    peer = make_peer(gender="kvinde", age=40, areas=frozenset({"angst"}))
    no_wishes = make_referral("r1")
    wishes = Wishes(gender="kvinde", age_min=30, age_max=50, areas=frozenset({"angst"}))
    met = make_referral("r2", wishes=wishes)
    problem = problem_of([peer], [no_wishes, met])
    assert shortlist(problem, "r1").candidates[0].score == shortlist(problem, "r2").candidates[0].score


def test_it_prefers_the_peer_who_supported_the_citizen_before() -> None:
    problem = problem_of(
        [make_peer("new"), make_peer("known", previous_referrals=frozenset({"r1"}))], [make_referral()]
    )
    best = shortlist(problem, "r1").candidates[0]
    assert best.peer == "known"
    assert Reason("knows_citizen") in best.reasons
    assert describe_reason(Reason("knows_citizen")) == "has supported this citizen before"


def test_it_prefers_the_peer_with_more_free_places() -> None:
    peers = [make_peer("busy", capacity=4, load=3), make_peer("free", capacity=4)]
    problem = problem_of(peers, [make_referral()])
    best, busy = shortlist(problem, "r1").candidates
    assert best.peer == "free"
    assert Reason("free_places", {"free": 1, "capacity": 4}) in busy.reasons


def test_it_lets_a_programme_change_the_weights() -> None:
    peers = [
        make_peer("near", municipality="Aarhus"),
        make_peer("experienced", municipality="Viborg", areas=frozenset({"psykose"})),
    ]
    referral = make_referral(wishes=Wishes(areas=frozenset({"psykose"})))
    assert ranking(problem_of(peers, [referral]))[0] == "near"
    weights = Weights.from_mapping({"location": 0.5, "areas": 4})
    assert weights.gender == Weights().gender
    assert ranking(problem_of(peers, [referral], weights=weights))[0] == "experienced"


@pytest.mark.parametrize(
    ("peer_fields", "referral_fields", "code"),
    [
        ({"active": False}, {}, "inactive"),
        ({"qualified": False}, {}, "not_qualified"),
        ({"paused": True}, {}, "paused"),
        ({"agreement_valid": False}, {}, "agreement_not_valid"),
        ({"capacity": 2, "load": 2}, {}, "no_capacity"),
        ({"languages": frozenset({"arabisk"})}, {}, "no_shared_language"),
        ({"availability": frozenset({"sat-eve"})}, {}, "no_shared_availability"),
        ({"failed_referrals": frozenset({"r1"})}, {}, "earlier_failed_pairing"),
    ],
)
def test_it_names_the_hard_constraint_that_excludes_a_peer(
    peer_fields: dict[str, Any], referral_fields: dict[str, Any], code: str
) -> None:
    peers = [make_peer("fits"), make_peer("excluded", **peer_fields)]
    problem = problem_of(peers, [make_referral(**referral_fields)])
    short = shortlist(problem, "r1")
    assert [c.peer for c in short.candidates] == ["fits"]
    assert [(e.peer, codes(e.reasons)) for e in short.excluded] == [("excluded", [code])]
    assert describe_reason(short.excluded[0].reasons[0]) != code
    alone = problem_of([make_peer("excluded", **peer_fields)], [make_referral()])
    assert match_batch(alone).unmatched == ("r1",)


def test_it_lists_every_failed_constraint_of_an_excluded_peer() -> None:
    peer = make_peer(paused=True, languages=frozenset({"engelsk"}), availability=frozenset({"mon-am"}))
    failures = hard_constraint_failures(peer, make_referral())
    assert codes(failures) == ["paused", "no_shared_language", "no_shared_availability"]
    assert describe_reason(failures[1]) == "shares no language (peer speaks engelsk, citizen speaks dansk)"
    assert explain_pair(problem_of([peer], [make_referral()]), "r1", "p1") == Exclusion("p1", failures)


def test_it_matches_languages_and_slots_regardless_of_case() -> None:
    peer = make_peer(languages=frozenset({"Dansk"}), availability=frozenset({"TUE-PM"}))
    candidate = explain_pair(problem_of([peer], [make_referral()]), "r1", "p1")
    assert isinstance(candidate, Candidate)
    assert Reason("shared_slots", {"slots": ("tue-pm",)}) in candidate.reasons


def test_it_gives_a_lone_referral_the_same_score_in_shortlist_and_batch() -> None:
    wishes = Wishes(gender="kvinde", age_min=30, age_max=45, areas=frozenset({"angst", "sorg"}))
    peer = make_peer(areas=frozenset({"angst"}), capacity=3, load=1, municipality="Randers")
    referral = make_referral(wishes=wishes, waiting_days=20)
    problem = problem_of([peer], [referral], travel_km={("Aarhus", "Randers"): 12})
    (assignment,) = match_batch(problem).assignments
    candidate = shortlist(problem, "r1").candidates[0]
    assert assignment.score == candidate.score
    assert sum(candidate.breakdown.values()) == pytest.approx(candidate.score, abs=0.002)


def test_it_has_english_wording_for_every_reason_code() -> None:
    samples: dict[str, Any] = {
        "municipality": "Aarhus",
        "region": "Midtjylland",
        "km": 12.5,
        "areas": ("angst",),
        "gender": "kvinde",
        "wished": "mand",
        "age": 30,
        "age_min": 25,
        "free": 1,
        "capacity": 3,
        "load": 2,
        "languages": ("dansk",),
        "slots": ("tue-pm",),
        "peer_languages": ("engelsk",),
        "citizen_languages": ("dansk",),
    }
    for code in sorted(REASON_CODES):
        text = describe_reason(Reason(code, samples))
        assert text
        assert text != code


def test_it_rejects_unknown_or_out_of_range_weights() -> None:
    with pytest.raises(MatchingInputError) as unknown:
        Weights.from_mapping({"lokation": 2})
    assert (unknown.value.code, unknown.value.field) == ("unknown_weight", "lokation")
    with pytest.raises(MatchingInputError) as negative:
        Weights.from_mapping({"areas": -1})
    assert (negative.value.code, negative.value.record, negative.value.field) == (
        "invalid_weight",
        "weights",
        "areas",
    )
    with pytest.raises(MatchingInputError):
        Weights.from_mapping({"areas": "high"})


def test_it_rejects_duplicate_ids_and_unknown_slots() -> None:
    with pytest.raises(MatchingInputError) as duplicate:
        match_batch(problem_of([make_peer("p1"), make_peer("p1")], [make_referral()]))
    assert duplicate.value.code == "duplicate_id"
    with pytest.raises(MatchingInputError) as slot:
        shortlist(problem_of([make_peer(availability=frozenset({"tue-night"}))], [make_referral()]), "r1")
    assert (slot.value.code, slot.value.record) == ("invalid_slot", "peer 'p1'")


# -------------------------------------------------------------------------------------------- batch


def blocking_instance(groups: int) -> MatchingProblem:
    """Each group: a flexible citizen who likes peer A best but also fits peer B, and a citizen who
    speaks only Arabic and so fits only A. The flexible one has waited longer, so handing out the
    best peer in queue order leaves the Arabic-speaking citizen without a peer."""
    peers: list[PeerProfile] = []
    referrals: list[ReferralRequest] = []
    bilingual = frozenset({"dansk", "arabisk"})
    for g in range(groups):
        peers.append(make_peer(f"a{g}", capacity=1, languages=bilingual, municipality="Aarhus"))
        peers.append(make_peer(f"b{g}", capacity=1, municipality="Viborg", region="Midtjylland"))
        referrals.append(make_referral(f"flex{g}", municipality="Aarhus", waiting_days=90))
        referrals.append(make_referral(f"arabic{g}", languages=frozenset({"arabisk"}), waiting_days=5))
    return problem_of(peers, referrals)


def greedy_in_queue_order(problem: MatchingProblem) -> int:
    scores = score_pairs(problem)
    left = scores.free.copy()
    matched = 0
    order = sorted(range(len(problem.referrals)), key=lambda i: -problem.referrals[i].waiting_days)
    for i in order:
        options = [j for j in range(len(problem.peers)) if scores.compatible[i, j] and left[j] > 0]
        if options:
            best = max(options, key=lambda j: scores.points[i, j])
            left[best] -= 1
            matched += 1
    return matched


@pytest.mark.parametrize("candidates", [1, 2, None])
def test_it_matches_everyone_when_greedy_choices_would_block_later_referrals(candidates: int | None) -> None:
    problem = blocking_instance(4)
    assert greedy_in_queue_order(problem) == 4
    result = match_batch(problem, candidates_per_referral=candidates)
    assert len(result.assignments) == 8
    assert result.unmatched == ()
    assert all(a.peer[0] == ("a" if a.referral.startswith("arabic") else "b") for a in result.assignments)


def random_problem(seed: int, n_referrals: int, n_peers: int) -> MatchingProblem:
    rng = random.Random(seed)
    municipalities = ["Aarhus", "Randers", "Viborg", "Skive"]
    languages = ["dansk", "dansk", "dansk", "engelsk", "arabisk"]
    slots = ["mon-am", "tue-pm", "wed-eve", "thu-pm", "sat-am"]
    areas = ["angst", "psykose", "sorg", "adhd"]
    peers = [
        make_peer(
            f"p{j}",
            capacity=rng.randint(1, 3),
            municipality=rng.choice(municipalities),
            languages=frozenset(rng.sample(languages, 2)),
            availability=frozenset(rng.sample(slots, 2)),
            gender=rng.choice(["kvinde", "mand"]),
            age=rng.randint(20, 70),
            areas=frozenset(rng.sample(areas, 2)),
        )
        for j in range(n_peers)
    ]
    referrals = [
        make_referral(
            f"r{i}",
            municipality=rng.choice(municipalities),
            languages=frozenset(rng.sample(languages, 1)),
            availability=frozenset(rng.sample(slots, 2)),
            waiting_days=rng.randint(0, 90),
            wishes=Wishes(areas=frozenset(rng.sample(areas, 1)), gender=rng.choice([None, "kvinde"])),
        )
        for i in range(n_referrals)
    ]
    return problem_of(peers, referrals)


SEEDS_AND_SIZES = [(seed, size) for seed in range(4) for size in [(60, 20), (200, 40)]]


@pytest.mark.parametrize(("seed", "size"), SEEDS_AND_SIZES)
def test_it_gives_the_same_optimum_with_and_without_pruning(seed: int, size: tuple[int, int]) -> None:
    problem = random_problem(seed, *size)
    pruned = match_batch(problem, candidates_per_referral=1)
    exact = match_batch(problem, candidates_per_referral=None)
    assert pruned.stats.pruned
    assert not exact.stats.pruned
    assert pruned.stats.candidate_pairs < exact.stats.candidate_pairs
    assert (len(pruned.assignments), pruned.total_points) == (len(exact.assignments), exact.total_points)


def test_it_adds_left_out_pairs_until_the_optimality_check_holds() -> None:
    problem = random_problem(0, 60, 20)
    assert match_batch(problem, candidates_per_referral=1).stats.rounds > 1


def test_it_never_gives_a_peer_more_referrals_than_free_places() -> None:
    peer = make_peer(capacity=3, load=1, availability=frozenset({"tue-pm", "wed-am"}))
    referrals = [make_referral(f"r{i}", waiting_days=i) for i in range(5)]
    result = match_batch(problem_of([peer], referrals))
    assert [a.referral for a in result.assignments] == ["r3", "r4"]
    assert result.unmatched == ("r0", "r1", "r2")


def test_it_gives_the_last_place_to_the_citizen_who_has_waited_longest() -> None:
    result = match_batch(
        problem_of(
            [make_peer(capacity=1)],
            [make_referral("r1", waiting_days=5), make_referral("r2", waiting_days=50)],
        )
    )
    assert pairs(result) == {("r2", "p1")}


def test_it_spreads_a_batch_over_peers_instead_of_filling_one_first() -> None:
    peers = [make_peer("p1", capacity=2), make_peer("p2", capacity=2, areas=frozenset({"angst"}))]
    referrals = [make_referral("r1"), make_referral("r2")]
    result = match_batch(problem_of(peers, referrals))
    assert {a.peer for a in result.assignments} == {"p1", "p2"}


def test_it_fills_a_peers_places_in_queue_order_when_scoring_load() -> None:
    referrals = [make_referral("r1", waiting_days=1), make_referral("r2", waiting_days=9)]
    result = match_batch(problem_of([make_peer(capacity=2)], referrals, weights=Weights(waiting=0)))
    by_referral = {a.referral: a for a in result.assignments}
    # r2 waited longer, so it takes the first place (load score 1.0), r1 the second (0.5).
    assert by_referral["r2"].points - by_referral["r1"].points == POINTS_PER_UNIT // 2
    assert result.total_points == sum(a.points for a in result.assignments)


def test_it_handles_empty_queues_and_peers_without_places() -> None:
    assert match_batch(problem_of([make_peer()], [])).assignments == ()
    result = match_batch(problem_of([make_peer(capacity=0)], [make_referral()]))
    assert (result.assignments, result.unmatched, result.total_score) == ((), ("r1",), 0.0)


# ------------------------------------------------------------------------------ optimality (brute force)

MUNICIPALITIES = ["Aarhus", "Randers", "Viborg"]
SLOT_CHOICES = ["mon-am", "tue-pm", "wed-eve"]
AREA_CHOICES = ["angst", "psykose", "sorg"]


@st.composite
def small_problems(draw: st.DrawFn) -> MatchingProblem:
    n_peers = draw(st.integers(1, 4))
    n_referrals = draw(st.integers(1, 6))
    subset = st.frozensets
    referral_ids = st.sampled_from([f"r{i}" for i in range(n_referrals)])
    peers = [
        PeerProfile(
            id=f"p{j}",
            capacity=draw(st.integers(0, 3)),
            load=draw(st.integers(0, 1)),
            municipality=draw(st.sampled_from(MUNICIPALITIES)),
            languages=draw(subset(st.sampled_from(["dansk", "engelsk"]), min_size=1)),
            availability=draw(subset(st.sampled_from(SLOT_CHOICES), min_size=1)),
            gender=draw(st.sampled_from(["kvinde", "mand", None])),
            age=draw(st.one_of(st.none(), st.integers(20, 70))),
            areas=draw(subset(st.sampled_from(AREA_CHOICES))),
            paused=draw(st.booleans()) and draw(st.booleans()),
            previous_referrals=draw(subset(referral_ids, max_size=1)),
            failed_referrals=draw(subset(referral_ids, max_size=1)),
        )
        for j in range(n_peers)
    ]
    referrals = [
        ReferralRequest(
            id=f"r{i}",
            municipality=draw(st.sampled_from(MUNICIPALITIES)),
            languages=draw(subset(st.sampled_from(["dansk", "engelsk"]), min_size=1)),
            availability=draw(subset(st.sampled_from(SLOT_CHOICES), min_size=1)),
            wishes=Wishes(
                gender=draw(st.sampled_from(["kvinde", "mand", None])),
                age_min=draw(st.sampled_from([None, 30])),
                age_max=draw(st.sampled_from([None, 50])),
                areas=draw(subset(st.sampled_from(AREA_CHOICES), max_size=2)),
            ),
            waiting_days=draw(st.integers(0, 90)),
        )
        for i in range(n_referrals)
    ]
    load, continuity = draw(st.sampled_from([0.0, 1.0, 5.0])), draw(st.sampled_from([0.0, 2.0]))
    travel = {("Aarhus", "Randers"): 20.0}
    weights = Weights(load=load, continuity=continuity)
    return MatchingProblem(peers=peers, referrals=referrals, weights=weights, travel_km=travel)


def brute_force_best(problem: MatchingProblem) -> tuple[int, int]:
    """(most matches, highest points among assignments with that many) by trying every assignment."""
    scores = score_pairs(problem)
    n_r, n_p = scores.compatible.shape
    choices = [[None] + [j for j in range(n_p) if scores.compatible[i, j]] for i in range(n_r)]
    best = (0, 0)
    for choice in itertools.product(*choices):
        taken = [0] * n_p
        points = 0
        for i, j in enumerate(choice):
            if j is not None:
                taken[j] += 1
                points += int(scores.points[i, j])
        if any(taken[j] > scores.free[j] for j in range(n_p)):
            continue
        points += sum(int(scores.slot_points[j, : taken[j]].sum()) for j in range(n_p))
        best = max(best, (sum(taken), points))
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=small_problems(), candidates=st.sampled_from([1, 2, None]))
def test_it_finds_the_most_matches_and_then_the_highest_total_score(
    problem: MatchingProblem, candidates: int | None
) -> None:
    result = match_batch(problem, candidates_per_referral=candidates)
    assert (len(result.assignments), result.total_points) == brute_force_best(problem)

    peers = {p.id: p for p in problem.peers}
    referrals = {r.id: r for r in problem.referrals}
    for assignment in result.assignments:
        assert hard_constraint_failures(peers[assignment.peer], referrals[assignment.referral]) == ()
    for peer in problem.peers:
        assert sum(a.peer == peer.id for a in result.assignments) <= peer.free_places
    assert result.total_points == sum(a.points for a in result.assignments)
    assert sorted(result.unmatched + tuple(a.referral for a in result.assignments)) == sorted(referrals)


@settings(max_examples=60, deadline=None)
@given(problem=small_problems())
def test_it_explains_scores_that_add_up_and_exclusions_that_match_compatibility(
    problem: MatchingProblem,
) -> None:
    scores = score_pairs(problem)
    for i, referral in enumerate(problem.referrals):
        short = shortlist(problem, referral.id, limit=len(problem.peers))
        excluded = {e.peer for e in short.excluded}
        for j, peer in enumerate(problem.peers):
            assert (peer.id not in excluded) == bool(scores.compatible[i, j])
        for candidate in short.candidates:
            assert sum(candidate.breakdown.values()) == pytest.approx(candidate.score, abs=0.002)
        ranked = [c.score for c in short.candidates]
        assert ranked == sorted(ranked, reverse=True)


def test_it_keeps_scores_when_referrals_are_given_in_another_order() -> None:
    problem = blocking_instance(2)
    reordered = replace(problem, referrals=list(reversed(problem.referrals)))
    assert match_batch(problem).total_points == match_batch(reordered).total_points


def test_it_explains_why_the_batch_chose_each_peer() -> None:
    problem = blocking_instance(1)
    result = match_batch(problem)
    peers = {p.id: p for p in problem.peers}
    referrals = {r.id: r for r in problem.referrals}
    why = {
        a.referral: explain_candidate(problem, referrals[a.referral], peers[a.peer], score=a.score)
        for a in result.assignments
    }
    assert Reason("shared_languages", {"languages": ("arabisk",)}) in why["arabic0"].reasons
    assert Reason("same_region", {"region": "Midtjylland"}) in why["flex0"].reasons
    assert why["flex0"].score == next(a.score for a in result.assignments if a.referral == "flex0")
