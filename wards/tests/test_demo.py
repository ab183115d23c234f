"""The demo partnership's wards: five wards with settings and blocked times like the seeds' case, a published
plan for the current week in which the demo peer has a shift today, and a draft for next week — loaded twice
without duplicates."""

from __future__ import annotations

import pytest
from django.utils import timezone

from core import demo as core_demo
from core.models import UnitKind
from education import demo as education_demo
from people import demo as people_demo
from people.models import Peer
from wards import demo
from wards.models import BlockedTime, GroupSite, Shift, ShiftPlan, WardSettings


def _build() -> core_demo.Demo:
    partnership = core_demo.build_core()
    people_demo.build(partnership)
    education_demo.build(partnership)
    demo.build(partnership)
    return partnership


def _counts() -> tuple[int, ...]:
    return (
        WardSettings.objects.count(),
        BlockedTime.objects.count(),
        GroupSite.objects.count(),
        ShiftPlan.objects.count(),
        Shift.objects.count(),
        Peer.objects.count(),
    )


@pytest.mark.django_db
def test_it_builds_five_wards_and_a_published_week_with_the_demo_peer_on_shift_today() -> None:
    partnership = _build()
    region = partnership.region
    settings = WardSettings.objects.filter(ward__organisation=region, ward__kind=UnitKind.WARD)
    assert settings.count() == 5
    assert all(s.need_hours == 4 and s.preferred_peer is not None for s in settings)
    assert BlockedTime.objects.filter(ward__organisation=region, kind="shift_change").count() == 25

    today = timezone.localdate()
    published = ShiftPlan.objects.get(organisation=region, status=ShiftPlan.Status.PUBLISHED)
    assert published.week_start <= today <= published.week_end
    demo_peer = Peer.objects.get(user__email="peer@demo.brobygger.dk")
    todays = Shift.objects.get(plan=published, peer=demo_peer, date=today)
    # Every ward gets its 4 hours, the demo peer's ward included (today's shift replaces another).
    for row in settings:
        assert sum(s.hours for s in published.shifts.filter(ward=row.ward)) == 4, row.ward.name
    assert todays.ward.ward_settings.preferred_peer == demo_peer
    # The planner covered the five wards' 20 hours in the week.
    assert sum(shift.hours for shift in published.shifts.all()) >= 20
    draft = ShiftPlan.objects.get(organisation=region, status=ShiftPlan.Status.DRAFT)
    # A holiday and a course in the draft's second week leave hours the planner explains.
    assert draft.unmet and all(row["week"] == 1 and row["reasons"] for row in draft.unmet)

    first = _counts()
    _build()
    assert _counts() == first
