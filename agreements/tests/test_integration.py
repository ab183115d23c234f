"""What the agreements app adds to the people app's pages: a column in the peer overview and a section on
the peer's own page."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from agreements.tests.helpers import make_agreement, world_peer
from core.navigation import items_for
from tests.personas import World, login

D = datetime.date
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen_day")]


@pytest.fixture
def _frozen_day():
    with time_machine.travel("2026-06-10 10:00 +0200", tick=False):
        yield


def test_the_peer_overview_shows_when_the_agreement_ends(world: World) -> None:
    make_agreement(world, world_peer(world), starts_on=D(2026, 1, 1))
    page = login(Client(), world.coordinator).get(reverse("people:peer_overview")).content.decode()
    assert "Aftalen udløber" in page and "30.06.2026" in page and "Udløber inden for 30 dage" in page


def test_the_peers_own_page_has_their_agreement(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 1, 1))
    page = login(Client(), world.peer).get(reverse("people:my_peer_page")).content.decode()
    assert reverse("agreements:my_agreement", kwargs={"code": agreement.code}) in page
    assert "Venter på, at du godkender den" in page


def test_the_coordinators_start_page_counts_agreements_ending_soon(world: World) -> None:
    make_agreement(world, world_peer(world), starts_on=D(2026, 1, 1))
    client = login(Client(), world.coordinator)
    response = client.get(reverse("core:home"))
    cards = {str(c.label): c for c in response.context["cards"]}
    assert cards["Aftaler"].count == 1 and str(cards["Aftaler"].count_label) == "udløber snart"
    assert any(str(item.label) == "Aftaler" for item in items_for(response.wsgi_request))


def test_a_volunteer_who_has_left_is_not_ending_soon_but_flagged_in_the_list(world: World) -> None:
    from people.services import end_peer

    peer = world_peer(world)
    make_agreement(world, peer, starts_on=D(2026, 1, 1))
    end_peer(peer=peer, reason="Flytter", ended_on=None, acting_user=world.coordinator)
    client = login(Client(), world.coordinator)
    cards = {str(c.label): c for c in client.get(reverse("core:home")).context["cards"]}
    assert not cards["Aftaler"].count
    page = client.get(reverse("agreements:agreement_list")).content.decode()
    assert "Den frivillige er stoppet" in page
