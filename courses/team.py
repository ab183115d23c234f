"""The teaching team's balance rule per programme model (pure: no Django).

Recovery schools (model 4) teach in pairs of a peer teacher and a professional teacher, where a teacher
with a relative's experience may stand in for either; ARK (model 6) needs at least one facilitator with
dual competence; the district-psychiatry groups of model 5 are run by two peers; group courses of models
1 and 2 by at least one peer. Every team names exactly one lead (tovholder).

    problems = team_problems(members, rule_for_model("recovery_school"))   # [] when the team is balanced
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class TeamRole(StrEnum):
    PEER_TEACHER = "peer_teacher"
    PROFESSIONAL = "professional"
    DUAL_COMPETENCE = "dual_competence"
    RELATIVE = "relative"
    GROUP_PEER = "group_peer"


class BalanceRule(StrEnum):
    PEER_AND_PROFESSIONAL = "peer_and_professional"
    DUAL_COMPETENCE = "dual_competence"
    TWO_PEERS = "two_peers"
    ONE_PEER = "one_peer"


RULE_BY_MODEL: dict[str, BalanceRule] = {
    "recovery_school": BalanceRule.PEER_AND_PROFESSIONAL,
    "ark": BalanceRule.DUAL_COMPETENCE,
    "bridge_builders": BalanceRule.TWO_PEERS,
    "individual_group": BalanceRule.ONE_PEER,
    "bridge_everyday": BalanceRule.ONE_PEER,
    "peer_guide": BalanceRule.ONE_PEER,
}

# Who brings experience competence, and who professional knowledge, in a recovery-school pair.
EXPERIENCE_SIDE = frozenset({TeamRole.PEER_TEACHER, TeamRole.RELATIVE})
PROFESSIONAL_SIDE = frozenset({TeamRole.PROFESSIONAL, TeamRole.RELATIVE, TeamRole.DUAL_COMPETENCE})
PEER_ROLES = frozenset({TeamRole.PEER_TEACHER, TeamRole.GROUP_PEER, TeamRole.DUAL_COMPETENCE})
# Roles that must be held by a registered peer (a people.Peer record).
ROLES_NEEDING_PEER = frozenset({TeamRole.PEER_TEACHER, TeamRole.GROUP_PEER, TeamRole.DUAL_COMPETENCE})
DUAL_COMPETENCE_KIND = "dual_competence"


@dataclass(frozen=True)
class Member:
    """One member of a teaching team, with the facts the rule needs."""

    key: str
    role: str
    is_lead: bool = False
    is_peer: bool = False
    peer_kind: str = ""
    qualified_peer_teacher: bool = False


@dataclass(frozen=True)
class TeamProblem:
    code: str
    message: str
    member: str = ""


def rule_for_model(model: str) -> BalanceRule:
    return RULE_BY_MODEL.get(model, BalanceRule.ONE_PEER)


def member_problems(member: Member) -> list[TeamProblem]:
    """What is wrong with one member in their role, whatever the rest of the team looks like."""
    problems: list[TeamProblem] = []
    if member.role not in {r.value for r in TeamRole}:
        return [TeamProblem("unknown_role", f"'{member.role}' is not a team role", member.key)]
    if member.role in ROLES_NEEDING_PEER and not member.is_peer:
        problems.append(TeamProblem("role_needs_peer", f"the role {member.role} is for a registered peer", member.key))
    elif member.role == TeamRole.PEER_TEACHER and not member.qualified_peer_teacher:
        problems.append(
            TeamProblem("peer_teacher_not_qualified", "the peer is not qualified as a peer teacher", member.key)
        )
    elif member.role == TeamRole.DUAL_COMPETENCE and member.peer_kind != DUAL_COMPETENCE_KIND:
        problems.append(
            TeamProblem("not_dual_competence", "the peer is not registered with dual competence", member.key)
        )
    return problems


def _has_pair(members: Sequence[Member], first: frozenset[TeamRole], second: frozenset[TeamRole]) -> bool:
    return any(a.key != b.key and a.role in first and b.role in second for a in members for b in members)


def _rule_problems(members: Sequence[Member], rule: BalanceRule) -> list[TeamProblem]:
    if rule == BalanceRule.PEER_AND_PROFESSIONAL:
        if not any(m.role in EXPERIENCE_SIDE for m in members):
            return [TeamProblem("missing_experience_teacher", "the team needs a peer teacher")]
        if not any(m.role in PROFESSIONAL_SIDE for m in members):
            return [TeamProblem("missing_professional_teacher", "the team needs a professional teacher")]
        if not _has_pair(members, EXPERIENCE_SIDE, PROFESSIONAL_SIDE):
            return [TeamProblem("missing_second_teacher", "the team needs two teachers, one from each side")]
        return []
    if rule == BalanceRule.DUAL_COMPETENCE:
        if not any(m.role == TeamRole.DUAL_COMPETENCE for m in members):
            return [TeamProblem("missing_dual_competence", "the team needs a facilitator with dual competence")]
        return []
    peers = sum(1 for m in members if m.role in PEER_ROLES)
    needed = 2 if rule == BalanceRule.TWO_PEERS else 1
    if peers < needed:
        return [TeamProblem("too_few_peers", f"the team needs {needed} peer(s), it has {peers}")]
    return []


def team_problems(members: Iterable[Member], rule: BalanceRule) -> list[TeamProblem]:
    """Everything that keeps the team from teaching: members in the wrong role, the balance, the lead."""
    team = list(members)
    problems = [p for m in team for p in member_problems(m)]
    leads = [m for m in team if m.is_lead]
    if not leads:
        problems.append(TeamProblem("no_lead", "the team has no lead"))
    elif len(leads) > 1:
        problems.append(TeamProblem("several_leads", "the team has more than one lead", leads[1].key))
    problems.extend(_rule_problems(team, rule))
    return problems
