"""The coordinator's overview: waiting longest first, free peers, courses near their end, missing
agreements and evaluations (from the support app), and peers not followed up in time."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from referrals.tests.factories import make_referral, ready_peer
from tests.personas import World, login

pytestmark = pytest.mark.django_db


def test_it_shows_who_waits_longest_first_and_who_is_free(client: Client, world: World) -> None:
    make_referral(world, "Kortvent", waited_days=3)
    make_referral(world, "Langvent", waited_days=25)
    ready_peer(world, "Frida", capacity=2)
    login(client, world.coordinator)
    page = client.get("/henvisninger/overblik/").content.decode()
    assert page.index("Langvent") < page.index("Kortvent")
    assert "Frida (Peer-guides): 2 ledige pladser" in page


def test_it_shows_courses_near_their_end_and_agreements_missing(client: Client, world: World) -> None:
    from support import services as support_services

    peer = ready_peer(world, "Frida")
    started = timezone.localdate() - datetime.timedelta(weeks=16)
    support_services.open_course(
        actor=world.coordinator, citizen=world.citizen_record, peer=peer, programme=world.programme, started_on=started
    )
    login(client, world.coordinator)
    page = client.get("/henvisninger/overblik/").content.decode()
    section = page[page.index("Forløb, der nærmer sig slutningen") : page.index("Manglende samarbejdsaftaler")]
    assert "Birgit – Frida" in section


def test_it_shows_peers_not_followed_up_in_time(client: Client, world: World) -> None:
    ready_peer(world, "Gerda", started_at=timezone.localdate() - datetime.timedelta(days=40))
    login(client, world.coordinator)
    page = client.get("/henvisninger/overblik/").content.decode()
    section = page[page.index("Peers, der ikke er fulgt op på i tide") :]
    assert "Gerda Testesen" in section


def test_it_shows_a_lead_only_the_waiting_and_the_free(client: Client, world: World) -> None:
    make_referral(world, "Langvent", waited_days=25)
    login(client, world.lead)
    page = client.get("/henvisninger/overblik/").content.decode()
    assert "Langvent" in page
    assert "Manglende samarbejdsaftaler" not in page
