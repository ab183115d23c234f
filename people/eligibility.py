"""Eligibility guidance for a peer application (DOMAIN §5; seed 000 "kriterier for at blive peer").

Pure Python: facts in, one result per criterion out. The result is guidance for the coordinator,
never a decision: an application that misses a criterion is still read, interviewed and decided by
people. The Django layer (people/selectors.py) gathers the facts and translates the codes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


class Criterion(enum.StrEnum):
    AGE = "age"
    LIVED_EXPERIENCE = "lived_experience"
    RECOVERY_YEAR = "recovery_year"
    HOURS = "hours"
    ADMISSION = "admission"


class Outcome(enum.StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ApplicantFacts:
    """What the application says, and what the chosen programme asks for."""

    birth_date: date | None
    today: date
    lived_experience_text: str
    recovery_years_at_least: int | None  # the lower bound of the chosen duration; None if not given
    hours_wanted: Decimal | None
    programme_hours_min: Decimal | None  # None when the programme sets no minimum
    has_admission_experience: bool | None
    programme_needs_admission: bool
    min_age: int = 18
    min_recovery_years: int = 1


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    outcome: Outcome
    # The numbers behind the outcome, for the message the Django layer writes (age, hours, ...).
    actual: Decimal | int | None = None
    required: Decimal | int | None = None

    @property
    def met(self) -> bool:
        return self.outcome is Outcome.MET


def age_on(birth_date: date, today: date) -> int:
    """Whole years between the birth date and today (a birthday today counts)."""
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def assess(facts: ApplicantFacts) -> list[CriterionResult]:
    """One result per criterion, in the order the coordinator reads them."""
    results = [
        _age(facts),
        _lived_experience(facts),
        _recovery(facts),
        _hours(facts),
    ]
    if facts.programme_needs_admission:
        results.append(_admission(facts))
    return results


def _age(facts: ApplicantFacts) -> CriterionResult:
    if facts.birth_date is None:
        return CriterionResult(Criterion.AGE, Outcome.UNKNOWN, required=facts.min_age)
    age = age_on(facts.birth_date, facts.today)
    outcome = Outcome.MET if age >= facts.min_age else Outcome.NOT_MET
    return CriterionResult(Criterion.AGE, outcome, actual=age, required=facts.min_age)


def _lived_experience(facts: ApplicantFacts) -> CriterionResult:
    described = bool(facts.lived_experience_text.strip())
    return CriterionResult(Criterion.LIVED_EXPERIENCE, Outcome.MET if described else Outcome.NOT_MET)


def _recovery(facts: ApplicantFacts) -> CriterionResult:
    if facts.recovery_years_at_least is None:
        return CriterionResult(Criterion.RECOVERY_YEAR, Outcome.UNKNOWN, required=facts.min_recovery_years)
    outcome = Outcome.MET if facts.recovery_years_at_least >= facts.min_recovery_years else Outcome.NOT_MET
    return CriterionResult(
        Criterion.RECOVERY_YEAR, outcome, actual=facts.recovery_years_at_least, required=facts.min_recovery_years
    )


def _hours(facts: ApplicantFacts) -> CriterionResult:
    if facts.programme_hours_min is None or facts.hours_wanted is None:
        return CriterionResult(Criterion.HOURS, Outcome.UNKNOWN, actual=facts.hours_wanted)
    outcome = Outcome.MET if facts.hours_wanted >= facts.programme_hours_min else Outcome.NOT_MET
    return CriterionResult(Criterion.HOURS, outcome, actual=facts.hours_wanted, required=facts.programme_hours_min)


def _admission(facts: ApplicantFacts) -> CriterionResult:
    if facts.has_admission_experience is None:
        return CriterionResult(Criterion.ADMISSION, Outcome.UNKNOWN)
    return CriterionResult(Criterion.ADMISSION, Outcome.MET if facts.has_admission_experience else Outcome.NOT_MET)
