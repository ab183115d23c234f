"""The document markup: headings, bullets, local fields filled by the organisation, data filled in."""

from __future__ import annotations

from agreements import texts

BODY = """## Nærmeste leder
[udfyldes lokalt: Nærmeste leder]

## Forpligtelser
Hos {organisation} forventer vi, at du:
- deltager i supervision
- melder ind i god tid

Afbud til [Udfyldes lokalt] eller {ukendt}."""


def test_it_lists_the_local_fields_in_order_and_names_unnamed_ones() -> None:
    assert texts.local_fields(BODY) == ["Nærmeste leder", "Felt 1"]


def test_it_renders_headings_paragraphs_and_bullets() -> None:
    blocks = texts.render(BODY, {}, {"organisation": "SIND"})
    assert [b.kind for b in blocks] == ["heading", "paragraph", "heading", "paragraph", "bullets", "paragraph"]
    assert [s.text for s in blocks[3].lines[0]] == ["Hos SIND forventer vi, at du:"]
    assert len(blocks[4].lines) == 2


def test_it_fills_local_fields_and_marks_the_unfilled_ones() -> None:
    blocks = texts.render(BODY, {"Nærmeste leder": "Lone Buch"}, {})
    leader = blocks[1].lines[0][0]
    assert leader.text == "Lone Buch" and leader.field_name == "Nærmeste leder"
    unfilled = blocks[-1].lines[0][1]
    assert unfilled.is_unfilled and unfilled.field_name == "Felt 1"


def test_it_leaves_unknown_tokens_as_typed() -> None:
    assert texts.fill_data("{ukendt} og {organisation}", {"organisation": "SIND"}) == "{ukendt} og SIND"


def test_it_keeps_unfilled_markers_in_a_filled_snapshot() -> None:
    snapshot = texts.filled(BODY, {"Nærmeste leder": "Lone"}, {"organisation": "SIND"})
    assert "Lone" in snapshot and "Hos SIND" in snapshot
    assert "[udfyldes lokalt]" in snapshot
    assert texts.unfilled_fields(snapshot, {}) == ["Felt 1"]


def test_it_round_trips_a_filled_text_unchanged() -> None:
    once = texts.filled(BODY, {"Nærmeste leder": "Lone", "Felt 1": "Kim"}, {"organisation": "SIND"})
    assert texts.filled(once) == once
    assert texts.local_fields(once) == []
