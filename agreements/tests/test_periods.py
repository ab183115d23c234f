"""Agreement periods and the reference rules, as plain date arithmetic."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agreements import periods
from agreements.periods import Criterion, DateRange, Outcome, PeriodError, ReferenceFacts

D = datetime.date


def test_it_makes_half_a_year_from_the_first_to_the_last_day() -> None:
    assert periods.period_from(D(2026, 1, 1), 6) == DateRange(D(2026, 1, 1), D(2026, 6, 30))
    assert periods.period_from(D(2026, 8, 31), 6) == DateRange(D(2026, 8, 31), D(2027, 2, 27))


def test_it_starts_a_renewal_the_day_after_the_period() -> None:
    renewed = periods.next_period(DateRange(D(2026, 1, 1), D(2026, 6, 30)), 6)
    assert renewed == DateRange(D(2026, 7, 1), D(2026, 12, 31))


def test_it_refuses_a_period_that_ends_before_it_starts() -> None:
    with pytest.raises(PeriodError) as info:
        DateRange(D(2026, 2, 1), D(2026, 1, 31))
    assert info.value.code == "dates_order"


def test_it_finds_the_overlapping_period() -> None:
    existing = [DateRange(D(2026, 1, 1), D(2026, 6, 30)), DateRange(D(2026, 7, 1), D(2026, 12, 31))]
    with pytest.raises(PeriodError) as info:
        periods.check_no_overlap(DateRange(D(2026, 6, 30), D(2026, 8, 1)), existing)
    assert info.value.code == "overlap" and info.value.conflict == existing[0]
    periods.check_no_overlap(DateRange(D(2027, 1, 1), D(2027, 6, 30)), existing)


def test_it_cuts_periods_when_an_agreement_ends_early() -> None:
    kept = periods.truncate(
        [DateRange(D(2026, 1, 1), D(2026, 6, 30)), DateRange(D(2026, 7, 1), D(2026, 12, 31))], D(2026, 3, 15)
    )
    assert kept == [DateRange(D(2026, 1, 1), D(2026, 3, 15))]
    with pytest.raises(PeriodError):
        periods.truncate([DateRange(D(2026, 1, 1), D(2026, 6, 30))], D(2025, 12, 31))


def test_it_is_due_for_a_reminder_from_thirty_days_before_the_end() -> None:
    period = DateRange(D(2026, 1, 1), D(2026, 6, 30))
    assert not periods.reminder_due(period, D(2026, 5, 30), 30)
    assert periods.reminder_due(period, D(2026, 5, 31), 30)
    assert periods.reminder_due(period, D(2026, 6, 30), 30)
    assert not periods.reminder_due(period, D(2026, 7, 1), 30)


def test_it_counts_whole_months() -> None:
    assert periods.months_between(D(2026, 3, 1), D(2026, 8, 31)) == 5
    assert periods.months_between(D(2026, 3, 1), D(2026, 9, 1)) == 6
    assert periods.months_between(D(2026, 3, 1), D(2026, 2, 1)) == 0


def test_it_gives_a_reference_after_half_a_year_ten_times_and_the_education() -> None:
    facts = ReferenceFacts(active_since=D(2026, 1, 1), until=D(2026, 7, 1), occasions=10, education_completed=True)
    assert periods.assess_reference(facts).eligible


def test_it_tells_which_reference_rule_is_not_met() -> None:
    facts = ReferenceFacts(active_since=D(2026, 1, 1), until=D(2026, 6, 30), occasions=9, education_completed=None)
    result = periods.assess_reference(facts)
    assert not result.eligible
    assert result.result(Criterion.MONTHS_ACTIVE).outcome is Outcome.NOT_MET
    assert result.result(Criterion.OCCASIONS).actual == 9
    assert result.result(Criterion.EDUCATION).outcome is Outcome.UNKNOWN


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)), st.integers(min_value=1, max_value=36))
def test_it_chains_periods_without_gaps_or_overlaps(start: datetime.date, months: int) -> None:
    first = periods.period_from(start, months)
    second = periods.next_period(first, months)
    assert not first.overlaps(second)
    assert second.starts_on - first.ends_on == datetime.timedelta(days=1)
    assert first.ends_on >= first.starts_on
