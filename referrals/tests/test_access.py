"""Every page of referrals, for every persona: who gets it and who gets 404 (never the outsider)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from core.models import AuditEntry, AuditKind
from referrals import services
from referrals.tests.factories import make_referral, ready_peer
from tests.personas import World, login

pytestmark = pytest.mark.django_db

EVERYONE = ("coordinator", "peer", "key_person", "citizen", "teacher", "lead", "analyst", "administrator", "outsider")


@pytest.fixture
def setup(world: World) -> dict[str, Any]:
    peer = ready_peer(world, "Peter", user=world.peer)
    referral = make_referral(world, citizen=world.citizen_record)
    match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    waiting = make_referral(world, "Mette")
    return {"peer": peer, "referral": referral, "match": match, "waiting": waiting}


def _status(client: Client, world: World, persona: str, url: str) -> int:
    client.logout()
    login(client, world.personas()[persona])
    return client.get(url).status_code


def _expect(client: Client, world: World, url: str, allowed: set[str]) -> None:
    got = {p: _status(client, world, p, url) for p in EVERYONE}
    assert {p for p, s in got.items() if s == 200} == allowed, got
    assert all(s == 404 for p, s in got.items() if p not in allowed), got


def test_it_shows_the_queue_only_to_coordinators_and_leads(client: Client, world: World, setup: dict[str, Any]) -> None:
    _expect(client, world, f"/henvisninger/program/{world.programme.code}/", {"coordinator", "lead"})


def test_it_shows_matching_pages_only_to_the_coordinator(client: Client, world: World, setup: dict[str, Any]) -> None:
    waiting = setup["waiting"]
    _expect(client, world, f"/henvisninger/{waiting.code}/forslag/", {"coordinator"})
    _expect(client, world, f"/henvisninger/program/{world.programme.code}/samlet-matchning/", {"coordinator"})
    _expect(client, world, f"/henvisninger/program/{world.programme.code}/indstillinger/", {"coordinator"})
    _expect(client, world, f"/henvisninger/match/{setup['match'].code}/borger-siger-nej/", {"coordinator"})
    _expect(client, world, f"/henvisninger/match/{setup['match'].code}/tilbagekald/", {"coordinator"})


def test_it_shows_a_referral_to_staff_and_the_person_who_referred(
    client: Client, world: World, setup: dict[str, Any]
) -> None:
    _expect(client, world, f"/henvisninger/{setup['waiting'].code}/", {"coordinator", "lead", "key_person"})


def test_it_logs_every_read_of_a_referral(client: Client, world: World, setup: dict[str, Any]) -> None:
    login(client, world.coordinator)
    client.get(f"/henvisninger/{setup['waiting'].code}/")
    entry = AuditEntry.objects.filter(kind=AuditKind.READ, action="referrals.referral.read").latest("at")
    assert entry.subject_code == str(setup["waiting"].citizen.code)
    assert entry.actor == world.coordinator


def test_it_lets_the_referring_roles_refer(client: Client, world: World, setup: dict[str, Any]) -> None:
    _expect(client, world, f"/henvisninger/ny/{world.programme.code}/", {"coordinator", "lead", "key_person"})


def test_it_shows_proposals_only_to_the_peer_they_are_for(client: Client, world: World, setup: dict[str, Any]) -> None:
    _expect(client, world, "/mine-forslag/", {"peer"})
    _expect(client, world, f"/mine-forslag/{setup['match'].code}/", {"peer"})


def test_it_shows_the_citizen_their_own_referral_only(client: Client, world: World, setup: dict[str, Any]) -> None:
    _expect(client, world, "/min-henvisning/", {"citizen"})
    _expect(client, world, f"/min-henvisning/{setup['match'].code}/sig-nej/", {"citizen"})


def test_it_shows_free_peers_and_the_overview_to_coordinators_and_leads(
    client: Client, world: World, setup: dict[str, Any]
) -> None:
    for url in ("/henvisninger/ledige-peers/", "/henvisninger/overblik/"):
        got = {p: _status(client, world, p, url) for p in EVERYONE}
        # The outsider coordinates another organisation: the page shows that organisation, empty.
        assert {p for p, s in got.items() if s == 200} == {"coordinator", "lead", "outsider"}, got
        client.logout()
        login(client, world.outsider)
        page = client.get(url).content.decode()
        assert "Mette" not in page
        assert setup["peer"].first_name not in page


def test_it_hides_the_queue_of_another_organisation_from_the_outsider(
    client: Client, world: World, setup: dict[str, Any]
) -> None:
    login(client, world.outsider)
    assert client.get(f"/henvisninger/{setup['waiting'].code}/").status_code == 404
    assert (
        client.post(f"/henvisninger/{setup['waiting'].code}/forslag/", {"peer": str(setup["peer"].code)}).status_code
        == 404
    )
    assert client.post(f"/mine-forslag/{setup['match'].code}/", {"answer": "accept"}).status_code == 404


def test_it_puts_the_referral_cards_on_the_start_page_with_counts(
    client: Client, world: World, setup: dict[str, Any]
) -> None:
    from referrals.models import Referral

    Referral.objects.filter(pk=setup["waiting"].pk).update(
        waiting_since=setup["waiting"].waiting_since.replace(year=2020)
    )
    login(client, world.coordinator)
    page = client.get("/start/").content.decode()
    assert "Henvisninger" in page
    assert "har ventet for længe" in page
    client.logout()
    login(client, world.peer)
    assert "Forslag" in client.get("/start/").content.decode()


def test_it_suggests_the_key_persons_own_ward(client: Client, world: World) -> None:
    login(client, world.key_person)
    page = client.get(f"/henvisninger/ny/{world.programme.code}/").content.decode()
    assert f'<option value="{world.ward.code}" selected>' in page
