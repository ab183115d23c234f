"""The qualification rules as a pure engine: every requirement must be met, any one module meets one."""

from __future__ import annotations

from education.rules import PeerFacts, Requirement, Rule, evaluate, qualified_roles

BASIC, FULL, TEACHER, INTRO_COURSE, INTRODUCTION = 1, 2, 3, 4, 5

PEER_GUIDE = Rule("peer_guide", (Requirement(frozenset({BASIC})),))
WARD_PEER = Rule(
    "ward_peer",
    (Requirement(frozenset({BASIC})), Requirement(frozenset({INTRODUCTION}))),
    needs_admission_experience=True,
)
PEER_TEACHER = Rule(
    "peer_teacher",
    (
        Requirement(frozenset({BASIC, FULL})),
        Requirement(frozenset({TEACHER})),
        Requirement(frozenset({INTRO_COURSE})),
    ),
)


def facts(*completed: int, admitted: bool = False) -> PeerFacts:
    return PeerFacts(frozenset(completed), admitted)


def test_it_qualifies_a_peer_guide_with_the_basic_module() -> None:
    assert evaluate(PEER_GUIDE, facts(BASIC)).qualified
    assert not evaluate(PEER_GUIDE, facts()).qualified


def test_it_lets_the_13_week_education_stand_in_for_the_basic_module_for_peer_teachers() -> None:
    assert evaluate(PEER_TEACHER, facts(FULL, TEACHER, INTRO_COURSE)).qualified
    assert evaluate(PEER_TEACHER, facts(BASIC, TEACHER, INTRO_COURSE)).qualified


def test_it_lists_each_requirement_still_missing() -> None:
    outcome = evaluate(PEER_TEACHER, facts(BASIC))
    assert not outcome.qualified
    assert outcome.missing == (Requirement(frozenset({TEACHER})), Requirement(frozenset({INTRO_COURSE})))


def test_it_asks_ward_peers_for_experience_of_admission_too() -> None:
    without = evaluate(WARD_PEER, facts(BASIC, INTRODUCTION))
    assert not without.qualified and without.missing == () and without.missing_admission_experience
    assert evaluate(WARD_PEER, facts(BASIC, INTRODUCTION, admitted=True)).qualified


def test_it_gives_every_role_whose_rule_is_met_and_none_without_a_rule() -> None:
    roles = qualified_roles([PEER_GUIDE, WARD_PEER, PEER_TEACHER], facts(BASIC, INTRODUCTION, admitted=True))
    assert roles == frozenset({"peer_guide", "ward_peer"})
    assert qualified_roles([], facts(BASIC)) == frozenset()


def test_it_qualifies_everyone_for_a_rule_without_requirements() -> None:
    assert evaluate(Rule("volunteer_companion", ()), facts()).qualified
