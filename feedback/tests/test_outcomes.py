"""Outcomes: a person's change, reliable change, programme aggregates and suppression of small groups.

Instruments here use made-up items only.
"""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Any

import numpy as np
import pytest

from feedback.instruments import (
    FORMAT,
    Instrument,
    ReliableChange,
    Score,
    load_instrument,
    score_answers,
    shipped_instrument,
)
from feedback.outcomes import (
    ChangeSummary,
    Direction,
    ItemSummary,
    OutcomeError,
    ProgrammeChange,
    ResponseSummary,
    Suppressed,
    estimate_reliable_change,
    person_change,
    programme_change,
    programme_change_by_group,
    reliable_change_index,
    summarise_responses,
)

ITEMS = ["p1", "p2", "q1", "q2"]


def t(da: str, en: str) -> dict[str, str]:
    return {"da": da, "en": en}


def made_up_data(
    version: int = 1, reliable_change: dict[str, float] | None = None, higher_is_better: bool = True
) -> dict[str, Any]:
    scoring: dict[str, Any] = {
        "method": "sum",
        "higher_is_better": higher_is_better,
        "subscales": [
            {"id": "p", "name": t("P", "P"), "items": ["p1", "p2"]},
            {"id": "q", "name": t("Q", "Q"), "items": ["q1", "q2"]},
        ],
    }
    if reliable_change:
        scoring["reliable_change"] = reliable_change
    return {
        "format": FORMAT,
        "id": "test_outcome",
        "version": version,
        "languages": ["da", "en"],
        "title": t("Prøve", "Test"),
        "scales": [
            {
                "id": "ten",
                "kind": "likert",
                "min": 0,
                "max": 10,
                "labels": [{"value": v, "text": t(str(v), str(v))} for v in range(11)],
            }
        ],
        "items": [{"id": i, "scale": "ten", "text": t(f"Udsagn {i}", f"Statement {i}")} for i in ITEMS],
        "scoring": scoring,
    }


def made_up(**options: Any) -> Instrument:
    return load_instrument(made_up_data(**options))


def scored(instrument: Instrument, *values: int | None) -> Score:
    return score_answers(instrument, dict(zip(ITEMS, values, strict=True)))


RC = {"reliability": 0.8, "sd": 5.0}  # S_diff = sqrt(2) * 5 * sqrt(0.2) = 3.1623; reliable from 6.2 points


# --------------------------------------------------------------------------------------------------
# One person


def test_it_shows_a_persons_change_in_total_and_subscales() -> None:
    instrument = made_up()

    change = person_change(instrument, scored(instrument, 2, 3, 4, 5), scored(instrument, 5, 5, 4, 3))

    assert change.total is not None
    assert (change.total.before, change.total.after, change.total.change) == (14, 17, 3)
    assert change.total.direction is Direction.IMPROVED
    assert change.subscales["p"] is not None
    assert change.subscales["p"].change == 5
    assert change.subscales["q"] is not None
    assert change.subscales["q"].direction is Direction.DETERIORATED


def test_it_calls_a_fall_an_improvement_where_lower_is_better() -> None:
    instrument = made_up(higher_is_better=False)

    change = person_change(instrument, scored(instrument, 5, 5, 5, 5), scored(instrument, 4, 4, 4, 4))

    assert change.total is not None
    assert change.total.direction is Direction.IMPROVED


def test_it_computes_the_jacobson_truax_reliable_change_index() -> None:
    instrument = made_up(reliable_change=RC)
    s_diff = math.sqrt(2) * 5.0 * math.sqrt(1 - 0.8)

    seven = person_change(instrument, scored(instrument, 1, 1, 1, 1), scored(instrument, 3, 3, 3, 2)).total
    six = person_change(instrument, scored(instrument, 1, 1, 1, 1), scored(instrument, 3, 3, 2, 2)).total

    assert seven is not None
    assert six is not None
    assert seven.rci == pytest.approx(7 / s_diff)
    assert seven.reliable
    assert seven.reliably_improved
    assert six.rci == pytest.approx(6 / s_diff)
    assert not six.reliable
    assert reliable_change_index(10, 3, ReliableChange(reliability=0.8, sd=5.0)) == pytest.approx(-7 / s_diff)


def test_it_leaves_reliable_change_unknown_without_parameters() -> None:
    instrument = made_up()

    change = person_change(instrument, scored(instrument, 0, 0, 0, 0), scored(instrument, 10, 10, 10, 10)).total

    assert change is not None
    assert change.rci is None
    assert change.reliable is None


def test_it_gives_no_total_change_when_either_scoring_is_partial_but_keeps_complete_subscales() -> None:
    instrument = made_up()

    change = person_change(instrument, scored(instrument, 2, None, 4, 5), scored(instrument, 5, 5, 6, 6))

    assert change.total is None
    assert change.subscales["p"] is None
    assert change.subscales["q"] is not None
    assert change.subscales["q"].change == 3


def test_it_compares_across_a_wording_change_but_refuses_differently_scored_versions() -> None:
    first = made_up()
    reworded_data = made_up_data(version=2)
    reworded_data["items"][0]["text"] = t("Ny formulering", "New wording")
    reworded = load_instrument(reworded_data)
    reversed_data = made_up_data(version=3)
    reversed_data["items"][0]["reversed"] = True
    rescored = load_instrument(reversed_data)

    change = person_change(reworded, scored(first, 1, 1, 1, 1), scored(reworded, 2, 2, 2, 2))
    with pytest.raises(OutcomeError) as caught:
        person_change(rescored, scored(first, 1, 1, 1, 1), scored(rescored, 2, 2, 2, 2))

    assert change.total is not None
    assert change.total.change == 4
    assert caught.value.code == "incomparable_versions"


def test_it_refuses_to_compare_scores_of_another_instrument() -> None:
    instrument = made_up()
    session = shipped_instrument("session_feedback")
    other = score_answers(session, {"relationship": 9, "goals_topics": 9, "approach": 9, "overall": 9})

    with pytest.raises(OutcomeError) as caught:
        person_change(instrument, other, scored(instrument, 1, 1, 1, 1))

    assert caught.value.code == "other_instrument"


# --------------------------------------------------------------------------------------------------
# A programme


def pairs(instrument: Instrument, changes: list[int]) -> list[tuple[Score, Score]]:
    """One person per change: 5 on every item before; after, the change is split over p1 and p2."""
    return [
        (scored(instrument, 5, 5, 5, 5), scored(instrument, 5 + change // 2, 5 + change - change // 2, 5, 5))
        for change in changes
    ]


def test_it_aggregates_mean_change_share_improved_and_reliable_change_with_n() -> None:
    instrument = made_up(reliable_change=RC)

    outcome = programme_change(instrument, pairs(instrument, [8, 4, 0, -2, 10, -7]))

    total = outcome.total
    assert isinstance(total, ChangeSummary)
    assert total.n == 6
    assert outcome.respondents == 6
    assert total.mean_before == 20
    assert total.mean_change == pytest.approx(13 / 6)
    assert total.share_improved == pytest.approx(3 / 6)
    assert total.share_unchanged == pytest.approx(1 / 6)
    assert total.share_deteriorated == pytest.approx(2 / 6)
    assert total.share_reliably_improved == pytest.approx(2 / 6)  # 8 and 10 exceed 6.2 points
    assert total.share_reliably_deteriorated == pytest.approx(1 / 6)  # -7
    assert total.sd_change == pytest.approx(float(np.std([8, 4, 0, -2, 10, -7], ddof=1)))


def test_it_suppresses_a_group_of_fewer_than_five_and_never_reveals_the_number() -> None:
    instrument = made_up(reliable_change=RC)

    outcome = programme_change(instrument, pairs(instrument, [8, 4, 0, -2]))

    assert outcome.respondents == Suppressed(5)
    assert outcome.total == Suppressed(5)
    assert outcome.subscales == {"p": Suppressed(5), "q": Suppressed(5)}
    assert [f.name for f in fields(Suppressed)] == ["minimum_group"]


def test_it_suppresses_a_subscale_answered_by_too_few_even_when_the_group_is_large_enough() -> None:
    instrument = made_up()
    group = pairs(instrument, [1, 2, 3, 4, 5, 6])
    partial_q = [(before, scored(instrument, 6, 6, None, 5)) for before, _ in group[:2]]

    outcome = programme_change(instrument, group[2:] + partial_q)

    assert outcome.respondents == 6
    assert outcome.total == Suppressed(5)  # only 4 complete totals
    assert isinstance(outcome.subscales["p"], ChangeSummary)
    assert outcome.subscales["p"].n == 6
    assert outcome.subscales["q"] == Suppressed(5)


def test_it_lets_an_organisation_require_a_larger_minimum_group() -> None:
    instrument = made_up()

    outcome = programme_change(instrument, pairs(instrument, [1, 2, 3, 4, 5, 6]), minimum_group=10)

    assert outcome.total == Suppressed(10)


def test_it_suppresses_each_group_on_its_own() -> None:
    instrument = made_up()

    by_run = programme_change_by_group(
        instrument,
        {"spring": pairs(instrument, [1, 2, 3, 4, 5]), "autumn": pairs(instrument, [1, 2])},
    )

    assert isinstance(by_run["spring"], ProgrammeChange)
    assert isinstance(by_run["spring"].total, ChangeSummary)
    assert by_run["spring"].total.n == 5
    assert by_run["autumn"].total == Suppressed(5)
    assert by_run["autumn"].respondents == Suppressed(5)


def test_it_reports_no_reliable_shares_for_an_instrument_without_parameters() -> None:
    chime = shipped_instrument("chime_recovery")
    item_ids = [item.id for item in chime.items]
    before = score_answers(chime, dict.fromkeys(item_ids, 1))
    after = score_answers(chime, dict.fromkeys(item_ids, 3))

    outcome = programme_change(chime, [(before, after)] * 5)

    assert isinstance(outcome.total, ChangeSummary)
    assert outcome.total.mean_change == 2 * len(item_ids)
    assert outcome.total.share_improved == 1
    assert outcome.total.share_reliably_improved is None
    hope = outcome.subscales["hope"]
    assert isinstance(hope, ChangeSummary)
    assert hope.mean_change == 2 * 3


# --------------------------------------------------------------------------------------------------
# Responses at one time


def session_answers(*totals_per_person: tuple[int, int, int, int]) -> list[dict[str, int]]:
    keys = ["relationship", "goals_topics", "approach", "overall"]
    return [dict(zip(keys, values, strict=True)) for values in totals_per_person]


def test_it_summarises_one_sessions_feedback_with_mean_total_and_share_flagged() -> None:
    instrument = shipped_instrument("session_feedback")
    responses = session_answers((10, 10, 10, 10), (9, 9, 9, 9), (10, 8, 10, 10), (6, 7, 8, 9), (10, 10, 10, 10))

    summary = summarise_responses(instrument, responses)

    assert isinstance(summary, ResponseSummary)
    assert summary.n == 5
    assert summary.mean_total == pytest.approx((40 + 36 + 38 + 30 + 40) / 5)
    assert summary.share_flagged == pytest.approx(2 / 5)
    assert summary.flag_shares == {"low_total": pytest.approx(1 / 5), "low_item": pytest.approx(2 / 5)}
    relationship = summary.items["relationship"]
    assert isinstance(relationship, ItemSummary)
    assert relationship.shares[10] == pytest.approx(3 / 5)
    assert relationship.shares[0] == 0


def test_it_suppresses_a_session_with_fewer_than_five_answers() -> None:
    instrument = shipped_instrument("session_feedback")

    summary = summarise_responses(instrument, session_answers((10, 10, 10, 10), (2, 2, 2, 2)))

    assert summary == Suppressed(5)


def test_it_suppresses_a_mean_total_over_fewer_than_five_complete_answers() -> None:
    instrument = shipped_instrument("session_feedback")
    responses = session_answers((10, 10, 10, 10), (9, 9, 9, 9), (10, 8, 10, 10), (6, 7, 8, 9))
    responses.append({"relationship": 3})

    summary = summarise_responses(instrument, responses)

    assert isinstance(summary, ResponseSummary)
    assert summary.n == 5
    assert summary.mean_total == Suppressed(5)
    assert summary.items["goals_topics"] == Suppressed(5)
    assert isinstance(summary.items["relationship"], ItemSummary)


def test_it_gives_the_share_of_course_participants_who_agree_they_are_more_hopeful() -> None:
    instrument = shipped_instrument("course_evaluation")
    hope = [5, 4, 4, 2, 5, 3, 4, 5, 1, 4]
    responses = [{"more_hope": value, "take_away": "noget"} for value in hope]

    summary = summarise_responses(instrument, responses)

    assert isinstance(summary, ResponseSummary)
    assert summary.mean_total is None
    assert summary.n_complete == 0  # the other agreement items are unanswered
    more_hope = summary.items["more_hope"]
    assert isinstance(more_hope, ItemSummary)
    assert more_hope.share_at_least(4) == pytest.approx(0.7)
    assert summary.items["knowledge_recovery"] == Suppressed(5)
    assert "take_away" not in summary.items


def test_it_counts_yes_and_no_answers_apart() -> None:
    instrument = shipped_instrument("course_end_citizen")
    responses = [{"would_recommend": value} for value in (True, True, True, False, True)]

    summary = summarise_responses(instrument, responses)

    assert isinstance(summary, ResponseSummary)
    recommend = summary.items["would_recommend"]
    assert isinstance(recommend, ItemSummary)
    assert recommend.shares == {True: pytest.approx(0.8), False: pytest.approx(0.2)}


# --------------------------------------------------------------------------------------------------
# Reliable-change parameters from the organisation's own baseline


def test_it_estimates_cronbachs_alpha_and_sd_from_a_baseline() -> None:
    instrument = made_up()
    rng = np.random.default_rng(7)
    level = rng.integers(2, 8, size=40)
    matrix = np.clip(level[:, None] + rng.integers(-2, 3, size=(40, 4)), 0, 10)
    baseline = [scored(instrument, *map(int, row)) for row in matrix]
    k = 4
    expected_alpha = k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / matrix.sum(axis=1).var(ddof=1))

    estimate = estimate_reliable_change(instrument, baseline)
    subscale = estimate_reliable_change(instrument, baseline, subscale="p")

    assert estimate.reliability == pytest.approx(expected_alpha)
    assert estimate.sd == pytest.approx(matrix.sum(axis=1).std(ddof=1))
    assert subscale.sd == pytest.approx(matrix[:, :2].sum(axis=1).std(ddof=1))


def test_it_will_not_estimate_reliable_change_from_a_handful_of_people() -> None:
    instrument = made_up()
    baseline = [scored(instrument, i, i, i, i + 1) for i in range(5)]

    with pytest.raises(OutcomeError) as caught:
        estimate_reliable_change(instrument, baseline)

    assert caught.value.code == "too_few"
