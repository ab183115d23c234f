"""A match's life: the coordinator confirms, the peer accepts or declines, the citizen may decline, a
failed match returns the referral to the queue."""

from __future__ import annotations

import pytest
from django.test import TestCase

from referrals import services
from referrals.models import FailedPairing, Match, MatchStatus, ReferralStatus
from referrals.tests.factories import make_referral, ready_peer
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_it_asks_the_peer_when_the_coordinator_confirms(world: World, mailoutbox: list) -> None:  # type: ignore[type-arg]
    peer = ready_peer(world, user=world.peer)
    referral = make_referral(world)
    mailoutbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    referral.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED
    assert referral.status == ReferralStatus.PROPOSED
    assert [m.to for m in mailoutbox] == [[peer.email]]


def test_it_refuses_a_peer_with_no_free_place(world: World) -> None:
    peer = ready_peer(world, capacity=1)
    services.confirm_match(actor=world.coordinator, referral=make_referral(world, "Anne"), peer=peer)
    with pytest.raises(services.ReferralRefused) as refusal:
        services.confirm_match(actor=world.coordinator, referral=make_referral(world, "Bent"), peer=peer)
    assert refusal.value.code == "no_capacity"


def test_it_refuses_an_override_to_a_peer_without_the_education_or_an_agreement(world: World) -> None:
    unqualified = ready_peer(world, "Ulla", qualified=False)
    with pytest.raises(services.ReferralRefused) as refusal:
        services.confirm_match(actor=world.coordinator, referral=make_referral(world, "Anne"), peer=unqualified)
    assert refusal.value.code == "not_qualified"
    unsigned = ready_peer(world, "Uffe", agreement=False)
    with pytest.raises(services.ReferralRefused) as refusal:
        services.confirm_match(
            actor=world.coordinator, referral=make_referral(world, "Bent"), peer=unsigned, overridden=True
        )
    assert refusal.value.code == "no_agreement"
    assert not Match.objects.exists()


def test_it_starts_the_course_of_support_when_the_peer_accepts(world: World) -> None:
    from support.models import Stage, SupportCourse

    peer = ready_peer(world, user=world.peer)
    referral = make_referral(world)
    match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    services.accept_match(actor=world.peer, match=match)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.MATCHED
    course = SupportCourse.objects.get(citizen=referral.citizen, peer=peer)
    assert course.stage == Stage.CONTACT
    assert Match.objects.get(pk=match.pk).course_code == course.code


def test_it_returns_the_referral_to_the_queue_when_the_peer_declines(world: World) -> None:
    peer = ready_peer(world, user=world.peer)
    referral = make_referral(world, waited_days=10)
    waiting_since = referral.waiting_since
    match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    services.decline_match_by_peer(actor=world.peer, match=match, reason="Har ikke tid")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WAITING
    assert referral.waiting_since == waiting_since  # keeps its place in the queue
    assert FailedPairing.objects.filter(citizen=referral.citizen, peer=peer).exists()


def test_it_lets_the_citizen_decline_and_ends_a_started_course(world: World) -> None:
    from support.models import Stage, SupportCourse

    peer = ready_peer(world, user=world.peer)
    referral = make_referral(world)
    match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    services.accept_match(actor=world.peer, match=match)
    services.decline_match_for_citizen(actor=world.coordinator, match=match, reason="Kemien passede ikke")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WAITING
    assert Match.objects.get(pk=match.pk).status == MatchStatus.CITIZEN_DECLINED
    assert SupportCourse.objects.get(citizen=referral.citizen, peer=peer).stage == Stage.ENDED
    assert FailedPairing.objects.filter(citizen=referral.citizen, peer=peer).exists()


def test_it_does_not_accept_a_proposal_twice(world: World) -> None:
    peer = ready_peer(world, user=world.peer)
    match = services.confirm_match(actor=world.coordinator, referral=make_referral(world), peer=peer)
    services.withdraw_match(actor=world.coordinator, match=match)
    with pytest.raises(services.ReferralRefused):
        services.accept_match(actor=world.peer, match=match)


def test_it_puts_a_referral_back_in_the_queue_when_the_support_app_asks(world: World) -> None:
    peer = ready_peer(world, user=world.peer)
    referral = make_referral(world)
    match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    services.accept_match(actor=world.peer, match=match)
    services.return_to_queue(actor=world.peer, referral=referral, reason="Matchet fungerede ikke")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WAITING
    assert Match.objects.get(pk=match.pk).status == MatchStatus.FAILED
    # and it can be matched again, with another peer
    other = ready_peer(world, "Olga")
    assert services.confirm_match(actor=world.coordinator, referral=referral, peer=other).status == MatchStatus.PROPOSED


def test_it_refuses_to_pair_again_a_citizen_and_peer_whose_pairing_failed(world: World) -> None:
    peer = ready_peer(world)
    referral = make_referral(world)
    services.record_failed_pairing(actor=None, citizen=referral.citizen, peer=peer, reason="did not work")
    with pytest.raises(services.ReferralRefused) as refusal:
        services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    assert refusal.value.code == "failed_before"


def test_it_confirms_a_batch_and_reports_what_could_not_be_confirmed(world: World) -> None:
    peer = ready_peer(world, capacity=1)
    first, second = make_referral(world, "Anne"), make_referral(world, "Bent")
    outcome = services.confirm_batch(
        actor=world.coordinator, choices=[(first, peer, None, False), (second, peer, None, False)]
    )
    assert [m.referral for m in outcome.confirmed] == [first]
    assert [(r, e.code) for r, e in outcome.refused] == [(second, "no_capacity")]


def test_it_lets_a_citizen_be_referred_again_once_the_course_has_ended(world: World) -> None:
    from support import services as support_services
    from support.models import SupportCourse

    peer = ready_peer(world, user=world.peer)
    referral = make_referral(world)
    match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    services.accept_match(actor=world.peer, match=match)
    with pytest.raises(services.ReferralRefused):
        make_referral(world, citizen=referral.citizen)
    course = SupportCourse.objects.get(code=Match.objects.get(pk=match.pk).course_code)
    support_services.end_course(actor=world.peer, course=course, ended_by="both", reason="completed")
    again = make_referral(world, citizen=referral.citizen)
    assert again.status == ReferralStatus.WAITING


def test_it_waits_again_when_the_course_ends_because_the_match_did_not_work(world: World) -> None:
    from support import services as support_services
    from support.models import SupportCourse

    peer = ready_peer(world, user=world.peer)
    referral = make_referral(world, waited_days=8)
    match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    services.accept_match(actor=world.peer, match=match)
    course = SupportCourse.objects.get(code=Match.objects.get(pk=match.pk).course_code)
    support_services.end_course(
        actor=world.peer, course=course, ended_by="citizen", reason="not_working", wants_new_peer=True
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WAITING
    assert referral.waiting_days() == 8
    assert Match.objects.get(pk=match.pk).status == MatchStatus.FAILED
    assert FailedPairing.objects.filter(citizen=referral.citizen, peer=peer).exists()
