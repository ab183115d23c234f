"""The teaching team's balance rule per programme model, without a database."""

from __future__ import annotations

from courses.team import BalanceRule, Member, TeamRole, rule_for_model, team_problems


def _codes(members: list[Member], rule: BalanceRule) -> list[str]:
    return [p.code for p in team_problems(members, rule)]


PEER_TEACHER = Member("peer", TeamRole.PEER_TEACHER, is_peer=True, qualified_peer_teacher=True)
PROFESSIONAL = Member("pro", TeamRole.PROFESSIONAL, is_lead=True)


def test_it_accepts_a_recovery_school_pair_of_a_peer_teacher_and_a_professional():
    assert _codes([PEER_TEACHER, PROFESSIONAL], rule_for_model("recovery_school")) == []


def test_it_asks_a_recovery_school_for_the_professional_teacher():
    lead_peer = Member("peer", TeamRole.PEER_TEACHER, is_lead=True, is_peer=True, qualified_peer_teacher=True)
    assert _codes([lead_peer], BalanceRule.PEER_AND_PROFESSIONAL) == ["missing_professional_teacher"]


def test_it_asks_a_recovery_school_for_the_peer_teacher():
    assert _codes([PROFESSIONAL], BalanceRule.PEER_AND_PROFESSIONAL) == ["missing_experience_teacher"]


def test_it_lets_a_relative_stand_in_for_either_side_but_not_both_at_once():
    relative = Member("rel", TeamRole.RELATIVE, is_lead=True)
    assert _codes([relative], BalanceRule.PEER_AND_PROFESSIONAL) == ["missing_second_teacher"]
    assert _codes([relative, Member("pro", TeamRole.PROFESSIONAL)], BalanceRule.PEER_AND_PROFESSIONAL) == []


def test_it_refuses_a_peer_teacher_who_is_not_qualified():
    unqualified = Member("peer", TeamRole.PEER_TEACHER, is_peer=True, qualified_peer_teacher=False)
    assert "peer_teacher_not_qualified" in _codes([unqualified, PROFESSIONAL], BalanceRule.PEER_AND_PROFESSIONAL)


def test_it_refuses_a_peer_role_for_someone_who_is_not_a_registered_peer():
    not_a_peer = Member("x", TeamRole.PEER_TEACHER, is_peer=False)
    assert "role_needs_peer" in _codes([not_a_peer, PROFESSIONAL], BalanceRule.PEER_AND_PROFESSIONAL)


def test_it_asks_ark_for_a_facilitator_with_dual_competence():
    professional = Member("pro", TeamRole.PROFESSIONAL, is_lead=True)
    assert _codes([professional], rule_for_model("ark")) == ["missing_dual_competence"]
    dual = Member("dual", TeamRole.DUAL_COMPETENCE, is_peer=True, peer_kind="dual_competence")
    assert _codes([professional, dual], rule_for_model("ark")) == []


def test_it_refuses_dual_competence_for_a_peer_registered_as_paid_or_volunteer():
    paid = Member("dual", TeamRole.DUAL_COMPETENCE, is_lead=True, is_peer=True, peer_kind="paid")
    assert _codes([paid], BalanceRule.DUAL_COMPETENCE) == ["not_dual_competence"]


def test_it_asks_for_two_peers_in_a_district_psychiatry_recovery_group():
    one = Member("a", TeamRole.GROUP_PEER, is_lead=True, is_peer=True)
    two = Member("b", TeamRole.GROUP_PEER, is_peer=True)
    assert _codes([one], rule_for_model("bridge_builders")) == ["too_few_peers"]
    assert _codes([one, two], rule_for_model("bridge_builders")) == []


def test_it_asks_for_exactly_one_lead():
    assert "no_lead" in _codes([PEER_TEACHER, Member("pro", TeamRole.PROFESSIONAL)], BalanceRule.PEER_AND_PROFESSIONAL)
    two_leads = [
        Member("peer", TeamRole.PEER_TEACHER, is_lead=True, is_peer=True, qualified_peer_teacher=True),
        PROFESSIONAL,
    ]
    assert _codes(two_leads, BalanceRule.PEER_AND_PROFESSIONAL) == ["several_leads"]


def test_it_falls_back_to_one_peer_for_models_without_a_pair_rule():
    assert rule_for_model("something_new") == BalanceRule.ONE_PEER
    assert _codes([Member("p", TeamRole.GROUP_PEER, is_lead=True, is_peer=True)], BalanceRule.ONE_PEER) == []
