"""The shortlist with its Danish "why this peer", the batch page, and answering a proposal."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from referrals import services
from referrals.models import Match, MatchStatus, ReferralStatus
from referrals.tests.factories import make_referral, ready_peer
from tests.personas import World, login

pytestmark = pytest.mark.django_db


def test_it_explains_in_danish_why_each_peer_fits_or_is_ruled_out(client: Client, world: World) -> None:
    ready_peer(
        world,
        "Anna",
        municipality="Aarhus",
        gender="woman",
        lived_experience_areas=["anxiety"],
        lived_experience_consent_at=timezone.now(),
    )
    ready_peer(world, "Bo", agreement=False)
    ready_peer(world, "Cai", languages=["ar"])
    referral = make_referral(world, areas=("anxiety",), gender="woman")
    login(client, world.coordinator)
    page = client.get(f"/henvisninger/{referral.code}/forslag/").content.decode()
    assert "Bor i samme kommune (Aarhus)." in page
    assert "Har levede erfaringer med angst, som borgeren ønskede." in page
    assert "Er kvinde, som borgeren ønskede." in page
    assert "Begge kan mødes mandag formiddag." in page
    assert "Har ingen gyldig aftale." in page
    assert "Taler ikke et sprog, borgeren taler (peeren taler arabisk)." in page


def test_it_asks_the_chosen_peer_from_the_shortlist(client: Client, world: World) -> None:
    first = ready_peer(world, "Anna", municipality="Aarhus")
    second = ready_peer(world, "Bo", municipality="Randers")
    referral = make_referral(world)
    login(client, world.coordinator)
    response = client.post(f"/henvisninger/{referral.code}/forslag/", {"peer": str(second.code)})
    assert response.status_code == 302
    match = Match.objects.get(referral=referral)
    assert match.peer == second
    assert match.overridden  # Anna (same municipality) was the best fit
    assert match.reasons
    assert first.referral_matches.count() == 0


def test_it_proposes_the_whole_queue_and_confirms_what_the_coordinator_ticks(client: Client, world: World) -> None:
    anna = ready_peer(world, "Anna", capacity=1)
    bo = ready_peer(world, "Bo", capacity=1, slots=((2, datetime.time(13), datetime.time(15)),))
    # Mette can meet on Monday mornings and Wednesday afternoons; Jens only on Monday mornings. A greedy
    # choice would give Anna to Mette (who waited longest) and leave Jens without a peer.
    mette = make_referral(world, "Mette", availability=("mon-am", "wed-pm"), waited_days=20)
    jens = make_referral(world, "Jens", availability=("mon-am",), waited_days=5)
    login(client, world.coordinator)
    url = f"/henvisninger/program/{world.programme.code}/samlet-matchning/"
    page = client.get(url).content.decode()
    assert "Mette med Bo" in page
    assert "Jens med Anna" in page
    assert page.count('name="pair"') == 2
    response = client.post(url, {"pair": [f"{jens.code}:{anna.code}"]})
    assert response.status_code == 302
    assert Match.objects.get(referral=jens).peer == anna
    assert not Match.objects.filter(referral=mette).exists()
    mette.refresh_from_db()
    assert mette.status == ReferralStatus.WAITING
    assert bo.referral_matches.count() == 0


def test_it_lets_the_peer_accept_on_the_proposals_page(client: Client, world: World) -> None:
    peer = ready_peer(world, "Peter", user=world.peer)
    referral = make_referral(world)
    match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    login(client, world.peer)
    listing = client.get("/mine-forslag/").content.decode()
    assert referral.citizen.first_name in listing
    assert referral.citizen.phone not in listing  # only what the peer needs to decide
    response = client.post(f"/mine-forslag/{match.code}/", {"answer": "accept"})
    assert response.status_code == 302
    assert Match.objects.get(pk=match.pk).status == MatchStatus.ACCEPTED


def test_it_lets_the_peer_decline_with_a_reason(client: Client, world: World) -> None:
    peer = ready_peer(world, "Peter", user=world.peer)
    referral = make_referral(world)
    match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    login(client, world.peer)
    client.post(f"/mine-forslag/{match.code}/", {"answer": "decline", "reason": "Travlt på arbejdet"})
    match.refresh_from_db()
    referral.refresh_from_db()
    assert match.status == MatchStatus.PEER_DECLINED
    assert match.decline_reason == "Travlt på arbejdet"
    assert referral.status == ReferralStatus.WAITING


def test_it_lets_the_citizen_ask_for_another_peer(client: Client, world: World) -> None:
    peer = ready_peer(world, "Peter", user=world.peer)
    referral = make_referral(world, citizen=world.citizen_record)
    match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    login(client, world.citizen)
    assert "Din peer: Peter" in client.get("/min-henvisning/").content.decode()
    client.post(f"/min-henvisning/{match.code}/sig-nej/", {"reason": ""})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WAITING
    assert Match.objects.get(pk=match.pk).status == MatchStatus.CITIZEN_DECLINED


def test_it_lets_the_coordinator_record_that_the_citizen_says_no(client: Client, world: World) -> None:
    peer = ready_peer(world, "Peter", user=world.peer)
    referral = make_referral(world)
    match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    login(client, world.coordinator)
    client.post(f"/henvisninger/match/{match.code}/borger-siger-nej/", {"reason": "Ringede og sagde nej"})
    assert Match.objects.get(pk=match.pk).status == MatchStatus.CITIZEN_DECLINED
