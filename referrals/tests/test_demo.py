"""The demo partnership's referrals: a peer-guide queue with waits on both sides of the alert, a
proposal for the demo peer, an accepted match with its course, and a free guide to match — built twice
without duplicates."""

from __future__ import annotations

import pytest

from core import demo as core_demo
from referrals import engine_input, matching, selectors
from referrals.models import Match, MatchStatus, Referral


@pytest.mark.django_db
def test_it_builds_the_referrals_demo_and_builds_it_again_without_duplicates() -> None:
    demo = core_demo.build()
    counts = (Referral.objects.count(), Match.objects.count())
    core_demo.build()
    assert (Referral.objects.count(), Match.objects.count()) == counts

    programme = demo.programmes["peer_guide"]
    rows = selectors.queue(programme)
    assert [r.referral.citizen.first_name for r in rows] == ["Henrik", "Aisha", "Rasmus", "Camilla"]
    assert [r.overdue for r in rows] == [True, True, False, False]
    peer_login = demo.logins["peer"]
    assert Match.objects.filter(peer__user=peer_login, status=MatchStatus.PROPOSED).count() == 1
    accepted = Match.objects.get(peer__user=peer_login, status=MatchStatus.ACCEPTED)
    assert accepted.course_code is not None

    aisha = next(r.referral for r in rows if r.referral.citizen.first_name == "Aisha")
    built = engine_input.build_input(programme, [aisha])
    shortlist = matching.shortlist(built.problem, engine_input.referral_id(aisha))
    assert shortlist.candidates, [e.reasons for e in shortlist.excluded]
