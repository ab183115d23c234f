"""Eligibility of a citizen for a programme's 1:1 peer support (peer-guide model: 18+, and none of the
exclusion criteria). Pure Python: the programme's rules and the referrer's answers in, one result per
criterion out. The Django layer translates the codes into explanations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

AGE = "age"


@dataclass(frozen=True)
class EligibilityRules:
    min_age: int
    exclusions: tuple[str, ...]

    @property
    def criteria(self) -> tuple[str, ...]:
        """Every criterion the referrer confirms: the age first, then the exclusions."""
        return (AGE, *self.exclusions)


@dataclass(frozen=True)
class Answers:
    old_enough: bool
    applies: frozenset[str]  # exclusion criteria that apply to the citizen


@dataclass(frozen=True)
class CriterionResult:
    criterion: str
    met: bool


def check(rules: EligibilityRules, answers: Answers) -> list[CriterionResult]:
    """One result per criterion; an exclusion is met when it does not apply to the citizen."""
    results = [CriterionResult(AGE, answers.old_enough)]
    results.extend(CriterionResult(code, code not in answers.applies) for code in rules.exclusions)
    return results


def failed(results: Iterable[CriterionResult]) -> list[str]:
    return [r.criterion for r in results if not r.met]
