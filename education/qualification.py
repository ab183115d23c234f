"""Who is qualified for which role — the one place other apps ask (matching, ward shifts, peer teachers).

    from education.qualification import QualifiedRole, is_qualified, qualifications, explain

    is_qualified(peer, QualifiedRole.PEER_GUIDE)        # -> bool
    qualifications(peers)                               # -> {peer.pk: {"peer_guide", ...}}, constant queries
    explain(peer, QualifiedRole.WARD_PEER)              # -> ["Missing: Basismodul", ...] ([] when qualified)

The rules are data per organisation (`QualificationRule`), edited by the coordinator, set up from the
seeds' defaults; the facts are the peer's completed modules (`ModuleCompletion`) and, for ward work,
whether the peer has been admitted to a psychiatric ward. Qualification says nothing about the peer's
status or agreements: callers check those themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from education import rules as engine
from education.models import EducationModule, ModuleCompletion, QualificationRule, QualifiedRoleChoices, RuleRequirement
from people.models import Peer

QualifiedRole = QualifiedRoleChoices

__all__ = [
    "QualifiedRole",
    "RoleAssessment",
    "assess",
    "explain",
    "is_qualified",
    "qualifications",
    "qualified_peer_ids",
    "rules_for_organisations",
]


def _role_value(role: str) -> str:
    value = str(role.value if isinstance(role, QualifiedRole) else role)
    if value not in QualifiedRole.values:
        raise ValueError(f"Unknown qualified role {role!r}; use one of {', '.join(QualifiedRole.values)}")
    return value


def rules_for_organisations(organisation_ids: Iterable[int]) -> dict[int, dict[str, engine.Rule]]:
    """The organisations' rules as engine rules, by organisation and role (two queries)."""
    ids = set(organisation_ids)
    if not ids:
        return {}
    rows = list(
        QualificationRule.objects.filter(organisation_id__in=ids).values_list(
            "pk", "organisation_id", "role", "needs_admission_experience"
        )
    )
    groups: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    through = RuleRequirement.modules.through
    for rule_id, requirement_id, module_id in through.objects.filter(
        rulerequirement__rule__organisation_id__in=ids
    ).values_list("rulerequirement__rule_id", "rulerequirement_id", "educationmodule_id"):
        groups[rule_id][requirement_id].add(module_id)
    result: dict[int, dict[str, engine.Rule]] = defaultdict(dict)
    for rule_id, organisation_id, role, needs_admission in rows:
        requirements = tuple(
            engine.Requirement(frozenset(modules)) for _req, modules in sorted(groups[rule_id].items())
        )
        result[organisation_id][role] = engine.Rule(role, requirements, needs_admission)
    return dict(result)


def _completed_by_peer(peer_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    completed: dict[int, set[int]] = defaultdict(set)
    for peer_id, module_id in ModuleCompletion.objects.filter(peer_id__in=list(peer_ids)).values_list(
        "peer_id", "module_id"
    ):
        completed[peer_id].add(module_id)
    return {peer_id: frozenset(modules) for peer_id, modules in completed.items()}


def _facts(peer: Peer, completed: dict[int, frozenset[int]]) -> engine.PeerFacts:
    return engine.PeerFacts(
        completed=completed.get(peer.pk, frozenset()), has_admission_experience=peer.has_admission_experience
    )


def qualifications(peers: Iterable[Peer] | QuerySet[Peer]) -> dict[int, set[str]]:
    """Every role each peer is qualified for, by peer id — three queries however many peers."""
    peer_list = list(peers)
    if not peer_list:
        return {}
    rules = rules_for_organisations({p.organisation_id for p in peer_list})
    completed = _completed_by_peer(p.pk for p in peer_list)
    return {
        peer.pk: set(engine.qualified_roles(rules.get(peer.organisation_id, {}).values(), _facts(peer, completed)))
        for peer in peer_list
    }


def is_qualified(peer: Peer, role: str) -> bool:
    """Whether the peer's completed education qualifies them for the role in their organisation."""
    return _role_value(role) in qualifications([peer])[peer.pk]


def qualified_peer_ids(peers: Iterable[Peer] | QuerySet[Peer], role: str) -> set[int]:
    """The ids of those peers who are qualified for the role (for `Peer.objects.filter(pk__in=...)`)."""
    wanted = _role_value(role)
    return {peer_id for peer_id, roles in qualifications(peers).items() if wanted in roles}


@dataclass(frozen=True)
class RoleAssessment:
    role: str
    label: str
    qualified: bool
    reasons: list[str]


def _reasons(outcome: engine.Outcome, names: dict[int, str]) -> list[str]:
    reasons: list[str] = []
    for requirement in outcome.missing:
        labels = sorted(names.get(m, "?") for m in requirement.any_of)
        if len(labels) == 1:
            reasons.append(_("Missing: %(module)s") % {"module": labels[0]})
        else:
            either = _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}
            reasons.append(_("Missing one of: %(modules)s") % {"modules": either})
    if outcome.missing_admission_experience:
        reasons.append(_("Has not been admitted to a psychiatric ward, which this role requires."))
    return reasons


def _no_rule(role: str) -> str:
    return _("Your organisation has not set up what “%(role)s” requires yet.") % {"role": QualifiedRole(role).label}


def assess(peer: Peer, roles: Iterable[str] | None = None) -> list[RoleAssessment]:
    """Every role (or the given ones) with whether the peer is qualified and, if not, why (four queries)."""
    wanted = [_role_value(r) for r in roles] if roles is not None else list(QualifiedRole.values)
    org_rules = rules_for_organisations([peer.organisation_id]).get(peer.organisation_id, {})
    facts = _facts(peer, _completed_by_peer([peer.pk]))
    outcomes = {role: engine.evaluate(org_rules[role], facts) for role in wanted if role in org_rules}
    module_ids = {m for o in outcomes.values() for r in o.missing for m in r.any_of}
    names = dict(EducationModule.objects.filter(pk__in=module_ids).values_list("pk", "name")) if module_ids else {}
    result = []
    for role in wanted:
        label = str(QualifiedRole(role).label)
        outcome = outcomes.get(role)
        if outcome is None:
            result.append(RoleAssessment(role, label, False, [_no_rule(role)]))
        else:
            result.append(RoleAssessment(role, label, outcome.qualified, _reasons(outcome, names)))
    return result


def explain(peer: Peer, role: str) -> list[str]:
    """What the peer lacks for the role, as translated sentences; empty when qualified."""
    return assess(peer, [role])[0].reasons
