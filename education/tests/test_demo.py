"""The demo partnership's education and support: a catalogue with 2027 runs, qualified active peers, some with a
deadline near, supervision with attendance, and follow-ups with one overdue — loaded twice without duplicates."""

from __future__ import annotations

from datetime import date

import pytest

from core import demo as core_demo
from education import demo
from education.models import Attendance, EducationModule, Meeting, ModuleKind, ModuleRun
from education.qualification import qualifications
from education.selectors import education_plan_for
from education.support_selectors import follow_up_statuses, supervision_flags
from people.models import Peer, PeerStatus


def _counts() -> tuple[int, ...]:
    return (
        EducationModule.objects.count(),
        ModuleRun.objects.count(),
        Meeting.objects.count(),
        Attendance.objects.count(),
        Peer.objects.count(),
    )


@pytest.mark.django_db
def test_it_builds_the_education_demo_and_builds_it_again_without_duplicates() -> None:
    partnership = core_demo.build_core()
    demo.build(partnership)
    first = _counts()
    demo.build(core_demo.build_core())
    assert _counts() == first

    region = partnership.region
    basic = EducationModule.objects.get(organisation=region, kind=ModuleKind.BASIC)
    assert sorted(r.starts_on.month for r in basic.runs.filter(starts_on__year=2027)) == [1, 5, 6]

    active = list(Peer.objects.of(region).filter(status=PeerStatus.ACTIVE))
    roles = qualifications(active)
    qualified = [p for p in active if "peer_guide" in roles[p.pk] or "ward_peer" in roles[p.pk]]
    assert qualified == active
    learners = Peer.objects.of(region).filter(status=PeerStatus.IN_EDUCATION)
    assert learners and all(education_plan_for(p).deadline_state == "soon" for p in learners)

    assert any(s.overdue for s in follow_up_statuses(region))
    assert supervision_flags(region)
    assert Attendance.objects.filter(meeting__organisation=region).exists()

    login = partnership.logins["peer"]
    own = Peer.objects.get(user=login)
    assert education_plan_for(own).deadline_state == "done"
    assert date(2027, 1, 11) in set(
        ModuleRun.objects.filter(module__organisation=partnership.volunteers).values_list("starts_on", flat=True)
    )
