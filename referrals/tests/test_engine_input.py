"""The engine's input built from the database respects consent, agreements, qualification and load."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from people.models import PeerStatus
from referrals import engine_input, matching, services
from referrals.tests.factories import make_referral, ready_peer
from tests.personas import World

pytestmark = pytest.mark.django_db


def _profile(built: engine_input.EngineInput, peer: object) -> matching.PeerProfile:
    return next(p for p in built.problem.peers if built.peers[p.id] == peer)


def test_it_turns_weekly_availability_into_engine_slots(world: World) -> None:
    peer = ready_peer(
        world,
        slots=((0, datetime.time(9), datetime.time(13)), (2, datetime.time(18), datetime.time(20))),
    )
    built = engine_input.build_input(world.programme, [make_referral(world)])
    assert _profile(built, peer).availability == frozenset({"mon-am", "mon-pm", "wed-eve"})


def test_it_uses_a_peers_lived_experience_only_with_consent(world: World) -> None:
    with_consent = ready_peer(
        world, "Anna", lived_experience_areas=["anxiety"], lived_experience_consent_at=timezone.now()
    )
    without = ready_peer(world, "Bo")
    built = engine_input.build_input(world.programme, [make_referral(world, areas=("anxiety",))])
    assert _profile(built, with_consent).areas == frozenset({"anxiety"})
    assert _profile(built, without).areas == frozenset()


def test_it_drops_the_citizens_wished_areas_when_the_consent_is_withdrawn(world: World) -> None:
    from people.models import Consent, ConsentPurpose
    from people.services import withdraw_consent

    referral = make_referral(world, areas=("anxiety",))
    assert engine_input.build_input(world.programme, [referral]).problem.referrals[0].wishes.areas == {"anxiety"}
    consent = Consent.objects.get(citizen=referral.citizen, purpose=ConsentPurpose.LIVED_EXPERIENCE)
    withdraw_consent(consent=consent, acting_user=world.coordinator)
    assert engine_input.build_input(world.programme, [referral]).problem.referrals[0].wishes.areas == frozenset()


def test_it_marks_peers_without_a_signed_agreement_or_qualification(world: World) -> None:
    no_agreement = ready_peer(world, "Anna", agreement=False)
    unqualified = ready_peer(world, "Bo", qualified=False)
    paused = ready_peer(world, "Cai", status=PeerStatus.PAUSED)
    built = engine_input.build_input(world.programme, [make_referral(world)])
    assert not _profile(built, no_agreement).agreement_valid
    assert _profile(built, no_agreement).qualified
    assert not _profile(built, unqualified).qualified
    assert _profile(built, unqualified).agreement_valid
    assert _profile(built, paused).paused
    shortlist = matching.shortlist(built.problem, built.problem.referrals[0].id)
    assert shortlist.candidates == ()
    assert {e.reasons[0].code for e in shortlist.excluded} == {"agreement_not_valid", "not_qualified", "paused"}


def test_it_counts_awaiting_and_accepted_matches_as_load(world: World) -> None:
    peer = ready_peer(world, capacity=2)
    first = make_referral(world, "Anne")
    services.confirm_match(actor=world.coordinator, referral=first, peer=peer)
    second = make_referral(world, "Bent")
    built = engine_input.build_input(world.programme, [second])
    assert _profile(built, peer).load == 1


def test_it_never_pairs_a_citizen_with_a_peer_whose_pairing_failed(world: World) -> None:
    peer = ready_peer(world)
    referral = make_referral(world)
    services.record_failed_pairing(actor=world.coordinator, citizen=referral.citizen, peer=peer, reason="test")
    built = engine_input.build_input(world.programme, [referral])
    assert _profile(built, peer).failed_referrals == {engine_input.referral_id(referral)}
    result = matching.match_batch(built.problem)
    assert result.assignments == ()


def test_it_gives_the_programmes_weights_to_the_engine(world: World) -> None:
    services.update_referral_settings(
        actor=world.coordinator,
        programme=world.programme,
        referrer_roles=["key_person"],
        exclusions=[],
        weights={"location": 10, "areas": 0},
        digest_to_leads=True,
    )
    built = engine_input.build_input(world.programme, [])
    assert built.problem.weights.location == 10
    assert built.problem.weights.areas == 0


def test_it_leaves_out_peers_of_other_programmes_and_organisations(world: World) -> None:
    from core.models import Programme

    other_programme = Programme.objects.create(
        organisation=world.organisation, name="Andet", model=Programme.Model.PEER_GUIDE
    )
    elsewhere = ready_peer(world, "Dan")
    elsewhere.programmes.set([other_programme])
    built = engine_input.build_input(world.programme, [make_referral(world)])
    assert built.peers == {}
