"""The CHIME improvement points the costs app divides by: the change from start to end of each citizen whose
end answer falls in the period, summed – so the actual-cost page can show a cost per CHIME point."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from costs import activity
from costs.selectors import recorded_activity
from feedback.selectors import improvement_points
from feedback.tests.factories import answered, chime_answers, chime_pair, make_citizen
from tests.personas import World

pytestmark = pytest.mark.django_db


def _this_year() -> tuple:
    today = timezone.localdate()
    return today - timedelta(days=30), today


def test_it_sums_the_chime_points_gained_by_citizens_who_ended_in_the_period(world: World) -> None:
    for name, after in (("Anna", chime_answers(3)), ("Bo", chime_answers(2)), ("Cai", chime_answers(0))):
        chime_pair(world.programme, make_citizen(world.organisation, name), chime_answers(1), after)
    # Only a start: no change to count yet.
    answered(programme=world.programme, citizen=make_citizen(world.organisation, "Dea"), answers=chime_answers(0))
    # 15 items: +2 on each (30), +1 on each (15) and −1 on each (−15).
    assert improvement_points(world.organisation, *_this_year()) == 30.0


def test_it_counts_nothing_outside_the_period_or_of_another_organisation(world: World) -> None:
    chime_pair(world.programme, make_citizen(world.organisation, "Anna"), chime_answers(1), chime_answers(3))
    start, end = _this_year()
    assert improvement_points(world.organisation, start - timedelta(days=400), start - timedelta(days=1)) is None
    assert improvement_points(world.other_organisation, start, end) is None


def test_it_reports_the_points_to_the_costs_app_as_recorded_activity(world: World) -> None:
    assert "feedback" in activity.providers()
    chime_pair(world.programme, make_citizen(world.organisation, "Anna"), chime_answers(1), chime_answers(3))
    found = recorded_activity(world.organisation, *_this_year())
    assert found.chime_improvement_points == 30.0
    assert "chime_improvement_points" in found.recorded
