"""Eligibility guidance from seed 000: 18+, lived experience, a year in recovery, hours; admission for ward work."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from people.eligibility import ApplicantFacts, Criterion, Outcome, age_on, assess

TODAY = date(2026, 6, 15)


def facts(**overrides: object) -> ApplicantFacts:
    values: dict[str, object] = {
        "birth_date": date(1980, 1, 1),
        "today": TODAY,
        "lived_experience_text": "Depression, indlæggelse i 2015.",
        "recovery_years_at_least": 3,
        "hours_wanted": Decimal(15),
        "programme_hours_min": Decimal(12),
        "has_admission_experience": True,
        "programme_needs_admission": False,
    }
    values.update(overrides)
    return ApplicantFacts(**values)  # type: ignore[arg-type]


def outcomes(result: list) -> dict[Criterion, Outcome]:  # type: ignore[type-arg]
    return {r.criterion: r.outcome for r in result}


def test_it_finds_a_typical_applicant_eligible_on_every_criterion() -> None:
    assert set(outcomes(assess(facts())).values()) == {Outcome.MET}


def test_it_counts_the_eighteenth_birthday_itself_as_eighteen() -> None:
    assert age_on(date(2008, 6, 15), TODAY) == 18
    assert age_on(date(2008, 6, 16), TODAY) == 17
    assert outcomes(assess(facts(birth_date=date(2008, 6, 16))))[Criterion.AGE] is Outcome.NOT_MET


def test_it_notes_less_than_a_year_in_recovery() -> None:
    result = outcomes(assess(facts(recovery_years_at_least=0)))
    assert result[Criterion.RECOVERY_YEAR] is Outcome.NOT_MET


def test_it_compares_hours_wanted_with_the_programme_minimum() -> None:
    result = assess(facts(hours_wanted=Decimal(2), programme_hours_min=Decimal(12)))
    hours = next(r for r in result if r.criterion is Criterion.HOURS)
    assert hours.outcome is Outcome.NOT_MET and hours.actual == 2 and hours.required == 12


def test_it_leaves_hours_unknown_when_the_programme_sets_no_minimum() -> None:
    assert outcomes(assess(facts(programme_hours_min=None)))[Criterion.HOURS] is Outcome.UNKNOWN


def test_it_asks_about_admission_only_for_ward_programmes() -> None:
    assert Criterion.ADMISSION not in outcomes(assess(facts()))
    ward = outcomes(assess(facts(programme_needs_admission=True, has_admission_experience=False)))
    assert ward[Criterion.ADMISSION] is Outcome.NOT_MET


def test_it_needs_some_words_about_lived_experience() -> None:
    assert outcomes(assess(facts(lived_experience_text="   ")))[Criterion.LIVED_EXPERIENCE] is Outcome.NOT_MET
