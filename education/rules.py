"""The qualification rules as a pure engine: which roles a peer's completed modules qualify them for.

No Django imports. A rule holds requirements that must all be met; a requirement is met by having
completed any one of its modules (the basic module, or the 13-week education that also counts).
Some roles also need experience of admission to a psychiatric ward (the bridge-builder model).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    """Met when any one of these modules (by id) is completed."""

    any_of: frozenset[int]


@dataclass(frozen=True)
class Rule:
    role: str
    requirements: tuple[Requirement, ...]
    needs_admission_experience: bool = False


@dataclass(frozen=True)
class PeerFacts:
    completed: frozenset[int]
    has_admission_experience: bool


@dataclass(frozen=True)
class Outcome:
    role: str
    qualified: bool
    missing: tuple[Requirement, ...]
    missing_admission_experience: bool


def evaluate(rule: Rule, facts: PeerFacts) -> Outcome:
    """Whether the peer meets the rule, and what is missing when not."""
    missing = tuple(r for r in rule.requirements if not (r.any_of & facts.completed))
    missing_admission = rule.needs_admission_experience and not facts.has_admission_experience
    return Outcome(
        role=rule.role,
        qualified=not missing and not missing_admission,
        missing=missing,
        missing_admission_experience=missing_admission,
    )


def qualified_roles(rules: Iterable[Rule], facts: PeerFacts) -> frozenset[str]:
    """Every role whose rule the peer meets. A role without a rule qualifies no one."""
    return frozenset(rule.role for rule in rules if evaluate(rule, facts).qualified)
