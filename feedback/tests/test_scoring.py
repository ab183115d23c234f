"""Scoring: sums, means, subscales, reversed items, partial answers and the flags cut-offs raise.

Instruments here use made-up items only.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback.instruments import (
    FORMAT,
    AnswerError,
    Instrument,
    load_instrument,
    score_answers,
    shipped_instrument,
)


def t(da: str, en: str) -> dict[str, str]:
    return {"da": da, "en": en}


def made_up(method: str = "sum", cutoffs: list[dict[str, Any]] | None = None) -> Instrument:
    """Four items on 0–4 (d reversed), a yes/no (reversed), a required and an optional free text."""
    statements = [("a", False), ("b", False), ("c", False), ("d", True)]
    return load_instrument(
        {
            "format": FORMAT,
            "id": "test_scoring",
            "version": 1,
            "languages": ["da", "en"],
            "title": t("Prøve", "Test"),
            "scales": [
                {
                    "id": "five",
                    "kind": "likert",
                    "min": 0,
                    "max": 4,
                    "labels": [{"value": v, "text": t(f"P{v}", f"P{v}")} for v in range(5)],
                },
                {
                    "id": "yn",
                    "kind": "yes_no",
                    "labels": [{"value": True, "text": t("Ja", "Yes")}, {"value": False, "text": t("Nej", "No")}],
                },
                {"id": "words", "kind": "free_text", "max_length": 20},
            ],
            "items": [
                *(
                    {"id": item_id, "scale": "five", "text": t(f"Udsagn {item_id}", f"Statement {item_id}")}
                    | ({"reversed": True} if reversed_ else {})
                    for item_id, reversed_ in statements
                ),
                {"id": "yes_item", "scale": "yn", "text": t("Ja/nej", "Yes/no"), "reversed": True},
                {"id": "why", "scale": "words", "text": t("Hvorfor?", "Why?"), "required": True},
                {"id": "extra", "scale": "words", "text": t("Andet?", "Other?")},
            ],
            "scoring": {
                "method": method,
                "subscales": [
                    {"id": "first", "name": t("Første", "First"), "items": ["a", "b"]},
                    {"id": "second", "name": t("Anden", "Second"), "items": ["c", "d", "yes_item"]},
                ],
            },
            "cutoffs": cutoffs or [],
        }
    )


FULL = {"a": 4, "b": 3, "c": 2, "d": 1, "yes_item": False, "why": "fordi", "extra": "intet"}


def test_it_sums_a_complete_response() -> None:
    score = score_answers(made_up(), FULL)

    # a 4 + b 3 + c 2 + d reversed (4 - 1 = 3) + yes/no reversed (no = 1)
    assert score.total == 13
    assert (score.minimum, score.maximum) == (0, 17)
    assert score.complete
    assert score.total_complete
    assert score.missing == ()


def test_it_turns_reversed_items_round() -> None:
    score = score_answers(made_up(), FULL)

    assert score.item_values["d"] == 3
    assert score.item_values["yes_item"] == 1
    assert score.item_values["a"] == 4


def test_it_scores_each_subscale_with_its_own_range() -> None:
    score = score_answers(made_up(), FULL)

    first, second = score.subscales["first"], score.subscales["second"]
    assert (first.score, first.minimum, first.maximum, first.complete) == (7, 0, 8, True)
    assert (second.score, second.minimum, second.maximum, second.complete) == (6, 0, 9, True)


def test_it_scores_the_mean_when_the_instrument_says_so() -> None:
    score = score_answers(made_up("mean"), FULL)

    assert score.total == pytest.approx(13 / 5)
    assert score.subscales["first"].score == pytest.approx(3.5)
    assert (score.minimum, score.maximum) == (0, pytest.approx(17 / 5))


def test_it_scores_an_unfinished_questionnaire_as_partial_and_names_what_is_missing() -> None:
    score = score_answers(made_up(), {"a": 4, "c": 2, "why": "fordi"})

    assert not score.complete
    assert not score.total_complete
    assert score.missing == ("b", "d", "yes_item")
    assert score.total == 6
    assert score.item_values == {"a": 4, "c": 2}
    assert score.subscales["first"].missing == ("b",)
    assert score.subscales["first"].answered == 1


def test_it_does_not_count_an_optional_free_text_as_missing() -> None:
    answers = {key: value for key, value in FULL.items() if key != "extra"}

    assert score_answers(made_up(), answers).complete


def test_it_counts_blank_text_and_none_as_unanswered() -> None:
    score = score_answers(made_up(), FULL | {"why": "   ", "a": None})

    assert score.missing == ("a", "why")
    assert not score.total_complete


def test_it_keeps_the_total_comparable_when_only_a_required_free_text_is_missing() -> None:
    score = score_answers(made_up(), FULL | {"why": ""})

    assert not score.complete
    assert score.total_complete
    assert score.total == 13


def test_it_scores_an_empty_response_without_a_total() -> None:
    score = score_answers(made_up(), {})

    assert score.total is None
    assert score.subscales["first"].score is None
    assert len(score.missing) == 6


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"a": 5}, "off_scale"),
        ({"a": -1}, "off_scale"),
        ({"a": True}, "not_integer"),
        ({"a": "3"}, "not_integer"),
        ({"yes_item": 1}, "not_yes_no"),
        ({"why": 3}, "not_text"),
        ({"why": "x" * 21}, "too_long"),
        ({"mood": 2}, "unknown_item"),
    ],
)
def test_it_refuses_an_answer_that_does_not_fit_and_names_the_item(answers: dict[str, Any], code: str) -> None:
    with pytest.raises(AnswerError) as caught:
        score_answers(made_up(), answers)

    assert caught.value.code == code
    assert caught.value.record == next(iter(answers))
    assert str(caught.value).startswith(f"item '{next(iter(answers))}'")


@given(st.lists(st.integers(min_value=0, max_value=4), min_size=4, max_size=4), st.booleans())
def test_it_scores_the_total_as_the_sum_of_subscales_when_they_split_the_items(values: list[int], yes: bool) -> None:
    answers = dict(zip("abcd", values, strict=True)) | {"yes_item": yes}

    score = score_answers(made_up(), answers)

    assert score.total == sum(part.score or 0 for part in score.subscales.values())
    assert score.total == values[0] + values[1] + values[2] + (4 - values[3]) + (0 if yes else 1)


# --------------------------------------------------------------------------------------------------
# Flags from cut-offs


def session(relationship: int, goals: int, approach: int, overall: int) -> list[str]:
    answers = {"relationship": relationship, "goals_topics": goals, "approach": approach, "overall": overall}
    return [flag.cutoff for flag in score_answers(shipped_instrument("session_feedback"), answers).flags]


def test_it_raises_no_flag_for_session_feedback_at_9_or_more_on_every_item() -> None:
    assert session(9, 9, 9, 9) == []
    assert session(10, 10, 10, 10) == []


def test_it_flags_session_feedback_with_any_item_under_9() -> None:
    assert session(10, 10, 10, 8) == ["low_item"]


def test_it_flags_session_feedback_with_a_total_under_36() -> None:
    assert session(9, 9, 9, 8) == ["low_total", "low_item"]
    assert session(10, 10, 10, 5) == ["low_total", "low_item"]


def test_it_names_every_item_that_met_an_item_cut_off() -> None:
    score = score_answers(
        shipped_instrument("session_feedback"), {"relationship": 7, "goals_topics": 10, "approach": 3, "overall": 9}
    )

    low_item = next(flag for flag in score.flags if flag.cutoff == "low_item")
    assert low_item.items == ("relationship", "approach")
    assert low_item.value == 7
    assert low_item.message["da"].startswith("Mindst ét svar er under 9")


def test_it_does_not_flag_a_partial_total_but_does_flag_a_low_answered_item() -> None:
    score = score_answers(shipped_instrument("session_feedback"), {"relationship": 10, "goals_topics": 6})

    assert [flag.cutoff for flag in score.flags] == ["low_item"]
    assert not score.complete


def test_it_flags_subscales_and_single_items_by_their_own_cut_offs() -> None:
    instrument = made_up(
        cutoffs=[
            {"id": "first_high", "target": "subscale", "subscale": "first", "at_least": 7, "message": t("x", "x")},
            {"id": "d_low", "target": "item", "item": "d", "at_most": 1, "message": t("y", "y")},
            {"id": "c_above", "target": "any_item", "items": ["c"], "above": 2, "message": t("z", "z")},
        ]
    )

    flagged = score_answers(instrument, FULL | {"d": 4})  # d reversed: 4 counts as 0
    unflagged = score_answers(instrument, FULL | {"a": 1})

    assert [flag.cutoff for flag in flagged.flags] == ["first_high", "d_low"]
    assert flagged.flagged
    assert unflagged.flags == ()
