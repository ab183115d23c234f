"""Instruments: the JSON import format, its error messages, versions and the shipped questionnaires.

Every instrument built here uses made-up items; no licensed questionnaire wording appears in tests.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback.instruments import (
    FORMAT,
    Instrument,
    InstrumentCatalogue,
    InstrumentError,
    Purpose,
    ScaleKind,
    ScoringMethod,
    UnknownInstrumentError,
    check_instrument,
    dump_instrument,
    dumps_instrument,
    load_instrument,
    loads_instrument,
    score_answers,
    scores_comparable,
    shipped_instrument,
    shipped_instruments,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "instrument-format.md"


def t(da: str, en: str) -> dict[str, str]:
    return {"da": da, "en": en}


def made_up() -> dict[str, Any]:
    """A small instrument with two subscales; item 4 is hope_2."""
    return {
        "format": FORMAT,
        "id": "test_wellbeing",
        "version": 1,
        "languages": ["da", "en"],
        "title": t("Prøveskema", "Test form"),
        "scales": [
            {
                "id": "agree_0_2",
                "kind": "likert",
                "min": 0,
                "max": 2,
                "labels": [
                    {"value": 0, "text": t("Nej", "No")},
                    {"value": 1, "text": t("Lidt", "A little")},
                    {"value": 2, "text": t("Ja", "Yes")},
                ],
            },
            {"id": "notes", "kind": "free_text"},
        ],
        "items": [
            {"id": "calm_1", "scale": "agree_0_2", "text": t("Prøveudsagn A", "Test statement A")},
            {"id": "calm_2", "scale": "agree_0_2", "text": t("Prøveudsagn B", "Test statement B")},
            {"id": "hope_1", "scale": "agree_0_2", "text": t("Prøveudsagn C", "Test statement C")},
            {"id": "note", "scale": "notes", "text": t("Prøvespørgsmål", "Test question")},
            {"id": "hope_2", "scale": "agree_0_2", "text": t("Prøveudsagn D", "Test statement D"), "reversed": True},
        ],
        "scoring": {
            "method": "sum",
            "subscales": [
                {"id": "calm", "name": t("Ro", "Calm"), "items": ["calm_1", "calm_2"]},
                {"id": "hope", "name": t("Håb", "Hope"), "items": ["hope_1", "hope_2"]},
            ],
        },
        "cutoffs": [{"id": "low", "target": "total", "below": 3, "message": t("Lav", "Low")}],
    }


def problems_of(data: object) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        load_instrument(data)
    return [str(problem) for problem in caught.value.problems]


# --------------------------------------------------------------------------------------------------
# Importing


def test_it_loads_a_valid_instrument_with_its_items_scales_and_subscales() -> None:
    instrument = load_instrument(made_up())

    assert instrument.key == ("test_wellbeing", 1)
    assert [item.id for item in instrument.items] == ["calm_1", "calm_2", "hope_1", "note", "hope_2"]
    assert instrument.item("hope_2").reversed
    assert not instrument.item("note").scored
    assert not instrument.item("note").required
    assert [subscale.id for subscale in instrument.scoring.subscales] == ["calm", "hope"]


def test_it_names_the_item_whose_scale_is_not_defined() -> None:
    data = made_up()
    data["items"][4]["scale"] = "likert5"

    assert problems_of(data) == ["items[4] (id 'hope_2'): scale 'likert5' is not defined"]


def test_it_lists_every_fault_of_an_import_at_once() -> None:
    data = made_up()
    data["items"][0]["text"] = {"da": "Kun dansk"}
    data["items"][2]["scale"] = "nowhere"
    data["items"][4]["id"] = "calm_1"

    problems = problems_of(data)

    assert "items[0] (id 'calm_1'): text has no 'en' text" in problems
    assert "items[2] (id 'hope_1'): scale 'nowhere' is not defined" in problems
    assert "items[4] (id 'calm_1'): item id 'calm_1' is used twice" in problems


def test_it_gives_the_error_a_stable_code_and_the_offending_record() -> None:
    data = made_up()
    data["items"][4]["scale"] = "likert5"

    with pytest.raises(InstrumentError) as caught:
        load_instrument(data)

    assert caught.value.code == "invalid_instrument"
    assert caught.value.problems[0].code == "unknown_scale"
    assert caught.value.record == "hope_2"
    assert caught.value.field == "scale"


def test_it_rejects_a_misspelt_field_instead_of_ignoring_it() -> None:
    data = made_up()
    data["items"][4]["revresed"] = data["items"][4].pop("reversed")

    assert problems_of(data) == ["items[4] (id 'hope_2'): unknown field 'revresed'"]


def test_it_names_a_missing_field_and_a_wrong_type() -> None:
    data = made_up()
    del data["items"][1]["text"]
    data["items"][2]["reversed"] = "yes"

    problems = problems_of(data)

    assert "items[1] (id 'calm_2'): 'text' is missing" in problems
    assert "items[2] (id 'hope_1'): 'reversed' must be true or false, not 'yes'" in problems


def test_it_locates_an_item_without_an_id_by_its_position() -> None:
    data = made_up()
    del data["items"][3]["id"]

    assert problems_of(data) == ["items[3]: 'id' is missing"]


def test_it_names_a_subscale_that_lists_an_unknown_or_unscored_item() -> None:
    data = made_up()
    data["scoring"]["subscales"][1]["items"] = ["hope_1", "hope_3", "note"]

    problems = problems_of(data)

    assert "scoring.subscales[1] (id 'hope'): item 'hope_3' is not defined" in problems
    assert "scoring.subscales[1] (id 'hope'): item 'note' is not scored" in problems


def test_it_names_a_cut_off_that_points_at_nothing() -> None:
    data = made_up()
    data["cutoffs"] = [
        {"id": "low_sub", "target": "subscale", "subscale": "joy", "below": 1, "message": t("a", "a")},
        {"id": "low_item", "target": "item", "item": "note", "below": 1, "message": t("b", "b")},
    ]

    assert problems_of(data) == [
        "cutoffs[0] (id 'low_sub'): subscale 'joy' is not defined",
        "cutoffs[1] (id 'low_item'): item 'note' is free text and has no value to compare",
    ]


def test_it_wants_exactly_one_comparison_in_a_cut_off() -> None:
    data = made_up()
    data["cutoffs"] = [{"id": "two", "target": "total", "below": 1, "above": 5, "message": t("c", "c")}]

    assert problems_of(data) == [
        "cutoffs[0] (id 'two'): give exactly one of 'below', 'at_most', 'above', 'at_least'",
    ]


def test_it_requires_a_label_on_every_likert_point() -> None:
    data = made_up()
    data["scales"][0]["labels"].pop(1)

    assert problems_of(data) == [
        "scales[0] (id 'agree_0_2'): every Likert point needs a label; 1 has none",
    ]


def test_it_refuses_item_ids_the_export_layout_uses() -> None:
    data = made_up()
    data["items"][0]["id"] = "score_total"
    data["scoring"]["subscales"][0]["items"] = ["score_total", "calm_2"]

    assert problems_of(data) == [
        "items[0] (id 'score_total'): item id 'score_total' is reserved for the export layout",
    ]


def test_it_refuses_a_scored_item_that_may_be_skipped() -> None:
    data = made_up()
    data["items"][0]["required"] = False

    assert problems_of(data) == ["items[0] (id 'calm_1'): a scored item must be required"]


def test_it_refuses_text_in_a_language_the_instrument_does_not_list() -> None:
    data = made_up()
    data["title"]["sv"] = "Provformulär"

    assert problems_of(data) == ["title has text in 'sv', which is not a listed language"]


def test_it_accepts_an_instrument_in_english_only() -> None:
    data = made_up()
    data["languages"] = ["en"]

    def english(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"da", "en"}:
            return {"en": value["en"]}
        if isinstance(value, dict):
            return {key: english(element) for key, element in value.items()}
        if isinstance(value, list):
            return [english(element) for element in value]
        return value

    instrument = load_instrument(english(data))

    assert instrument.primary_language == "en"
    assert instrument.text(instrument.title, "da") == "Test form"


def test_it_reports_malformed_json_with_line_and_column() -> None:
    with pytest.raises(InstrumentError) as caught:
        loads_instrument('{\n  "id": "x",\n  "version": 1,,\n}')

    assert str(caught.value).startswith("line 3, column 16: not valid JSON")


def test_it_refuses_another_format_version() -> None:
    data = made_up()
    data["format"] = "other-format/2"

    assert problems_of(data) == ["'format' must be 'brobygger-instrument/1', not 'other-format/2'"]


def test_it_checks_an_instrument_built_in_the_editor_the_same_way() -> None:
    instrument = load_instrument(made_up())
    broken = Instrument(
        id=instrument.id,
        version=instrument.version,
        languages=instrument.languages,
        title=instrument.title,
        scales=instrument.scales,
        items=(*instrument.items[:4], type(instrument.items[4])(id="hope_2", scale="likert5", text=t("x", "x"))),
        scoring=instrument.scoring,
    )

    with pytest.raises(InstrumentError, match=re.escape("items[4] (id 'hope_2'): scale 'likert5' is not defined")):
        check_instrument(broken)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in children:
        found += _paths(child, (*prefix, key))
    return found


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 50) | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_paths(made_up())[1:]), JSON_VALUES), min_size=1, max_size=3))
def test_it_reports_any_broken_import_as_problems_and_never_crashes(edits: list[tuple[Any, Any]]) -> None:
    data = made_up()
    for path, value in edits:
        with contextlib.suppress(KeyError, IndexError, TypeError):  # an earlier edit replaced a parent
            node = data
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value

    problems: tuple[Any, ...] = ()
    try:
        instrument = load_instrument(data)
    except InstrumentError as error:
        problems = error.problems
        assert problems
    else:
        assert load_instrument(dump_instrument(instrument)) == instrument

    assert all(problem.code and problem.message for problem in problems)


# --------------------------------------------------------------------------------------------------
# Exporting and versions


def test_it_writes_json_that_loads_back_to_the_same_instrument() -> None:
    for instrument in (load_instrument(made_up()), *shipped_instruments()):
        assert loads_instrument(dumps_instrument(instrument)) == instrument


def test_it_writes_json_an_organisation_can_read_and_edit() -> None:
    dumped = dump_instrument(load_instrument(made_up()))

    assert dumped["format"] == FORMAT
    assert dumped["items"][4] == {
        "id": "hope_2",
        "scale": "agree_0_2",
        "text": t("Prøveudsagn D", "Test statement D"),
        "reversed": True,
    }
    assert json.loads(json.dumps(dumped)) == dumped


def test_it_scores_an_answer_on_the_version_it_was_given_on() -> None:
    first = load_instrument(made_up())
    data = made_up()
    data["version"] = 2
    data["items"].append({"id": "calm_3", "scale": "agree_0_2", "text": t("Prøveudsagn E", "Test statement E")})
    data["scoring"]["subscales"][0]["items"].append("calm_3")
    catalogue = InstrumentCatalogue([first, load_instrument(data)])
    old_answers = {"calm_1": 2, "calm_2": 2, "hope_1": 2, "hope_2": 0}

    old = catalogue.score("test_wellbeing", 1, old_answers)

    assert catalogue.versions("test_wellbeing") == (1, 2)
    assert catalogue.latest("test_wellbeing").version == 2
    assert (old.version, old.total, old.complete) == (1, 8, True)
    assert catalogue.score("test_wellbeing", 2, old_answers).missing == ("calm_3",)


def test_it_refuses_different_content_under_a_version_that_exists() -> None:
    catalogue = InstrumentCatalogue([load_instrument(made_up())])
    data = made_up()
    data["items"][0]["text"] = t("Ny formulering", "New wording")

    catalogue.add(load_instrument(made_up()))  # the same content again is harmless
    with pytest.raises(InstrumentError) as caught:
        catalogue.add(load_instrument(data))

    assert caught.value.problems[0].code == "version_exists"


def test_it_says_which_instrument_version_is_unknown() -> None:
    catalogue = InstrumentCatalogue([load_instrument(made_up())])

    with pytest.raises(UnknownInstrumentError, match="'test_wellbeing' version 3 is not known"):
        catalogue.get("test_wellbeing", 3)


def test_it_compares_scores_across_a_wording_change_but_not_across_a_new_item() -> None:
    first = load_instrument(made_up())
    reworded = copy.deepcopy(made_up())
    reworded["version"] = 2
    reworded["items"][0]["text"] = t("Bedre formulering", "Better wording")
    extended = copy.deepcopy(reworded)
    extended["version"] = 3
    extended["items"].append({"id": "calm_3", "scale": "agree_0_2", "text": t("Ekstra", "Extra")})

    assert scores_comparable(first, load_instrument(reworded))
    assert not scores_comparable(first, load_instrument(extended))


# --------------------------------------------------------------------------------------------------
# The shipped instruments


def test_it_ships_five_instruments_each_in_danish_first_and_english() -> None:
    shipped = {instrument.key for instrument in shipped_instruments()}

    assert shipped == {
        ("session_feedback", 1),
        ("chime_recovery", 1),
        ("course_evaluation", 1),
        ("course_end_citizen", 1),
        ("course_end_peer", 1),
    }
    for instrument in shipped_instruments():
        assert instrument.languages == ("da", "en")
        assert instrument.source == "Brobygger"
        for item in instrument.items:
            assert item.text["da"].strip()
            assert item.text["en"].strip()
            assert item.text["da"] != item.text["en"]


def test_it_ships_session_feedback_as_four_items_on_a_0_to_10_line() -> None:
    instrument = shipped_instrument("session_feedback")

    assert instrument.purpose is Purpose.SESSION_FEEDBACK
    assert [item.id for item in instrument.items] == ["relationship", "goals_topics", "approach", "overall"]
    assert {
        (instrument.scale_of(item).kind, instrument.scale_of(item).low, instrument.scale_of(item).high)
        for item in instrument.items
    } == {(ScaleKind.LINE, 0, 10)}
    for item in instrument.items:
        anchors = {label.value for label in instrument.labels_of(item)}
        assert anchors == {0, 10}
    assert score_answers(instrument, {}).maximum == 40


def test_it_ships_a_chime_questionnaire_with_a_subscale_per_domain() -> None:
    instrument = shipped_instrument("chime_recovery")
    domains = {subscale.id: subscale for subscale in instrument.scoring.subscales}

    assert instrument.purpose is Purpose.RECOVERY
    assert list(domains) == ["connectedness", "hope", "identity", "meaning", "empowerment"]
    assert all(len(subscale.items) >= 2 for subscale in domains.values())
    assert {(instrument.scale_of(item).low, instrument.scale_of(item).high) for item in instrument.items} == {(0, 4)}
    assert sorted(i for subscale in domains.values() for i in subscale.items) == sorted(
        item.id for item in instrument.items
    )
    assert score_answers(instrument, {}).maximum == 4 * len(instrument.items)


def test_it_ships_a_course_evaluation_about_knowledge_perspectives_and_hope() -> None:
    instrument = shipped_instrument("course_evaluation")
    kinds = {item.id: instrument.scale_of(item).kind for item in instrument.items}

    assert instrument.scoring.method is ScoringMethod.NONE
    assert {"knowledge_recovery", "new_perspectives", "more_hope", "overall_rating"} <= set(kinds)
    assert "recovery" in instrument.item("knowledge_recovery").text["da"]
    assert "håb" in instrument.item("more_hope").text["da"]
    assert ScaleKind.FREE_TEXT in kinds.values()


@pytest.mark.parametrize("instrument_id", ["course_end_citizen", "course_end_peer"])
def test_it_ships_end_of_course_evaluations_for_both_citizen_and_peer(instrument_id: str) -> None:
    instrument = shipped_instrument(instrument_id)
    ids = [item.id for item in instrument.items]
    kinds = [instrument.scale_of(item).kind for item in instrument.items]

    assert {"what_we_did", "goals_met", "would_recommend", "comments"} <= set(ids)
    assert instrument.scale_of(instrument.item("would_recommend")).kind is ScaleKind.YES_NO
    assert kinds.count(ScaleKind.FREE_TEXT) >= 2
    assert score_answers(instrument, {"would_recommend": True, "goals_met": 3}).complete is False


def test_it_loads_the_example_in_the_format_documentation() -> None:
    blocks = re.findall(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)
    examples = [block for block in blocks if '"format"' in block]

    assert examples
    for block in examples:
        load_instrument(json.loads(block))
