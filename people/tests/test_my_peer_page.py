"""The peer's own page: their profile, availability and pause, plus what other apps add as sections."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Membership, Role
from people import peer_page, services
from people.models import PeerStatus
from tests.peer_personas import make_peer
from tests.personas import World, login


@pytest.fixture
def sections() -> Iterator[dict[str, peer_page.PeerPageSection]]:
    saved = dict(peer_page._SECTIONS)
    yield peer_page._SECTIONS
    peer_page._SECTIONS.clear()
    peer_page._SECTIONS.update(saved)


@pytest.mark.django_db
def test_it_shows_the_peer_their_own_profile_status_and_availability(world: World) -> None:
    peer = make_peer(world, phone="11223344")
    services.set_weekly_availability(
        peer=peer, slots=[services.WeeklySlot(weekday=1, start=_t("10:00"), end=_t("12:00"))], acting_user=None
    )
    other = make_peer(world, user=None, first_name="Ole", phone="99887766")
    response = login(Client(), world.peer).get(reverse("people:my_peer_page"))
    page = response.content.decode()
    assert "Hej Peter" in page and "11223344" in page and "Tirsdag 10:00–12:00" in page
    assert "99887766" not in page and str(other.code) not in page
    assert "Hold pause" in page


@pytest.mark.django_db
def test_it_tells_a_peer_without_a_linked_record_what_to_do(world: World) -> None:
    page = login(Client(), world.peer).get(reverse("people:my_peer_page")).content.decode()
    assert "Din peer-profil er ikke koblet på endnu" in page
    assert login(Client(), world.peer).get(reverse("people:my_availability")).status_code == 404


@pytest.mark.django_db
def test_it_shows_the_peer_only_the_record_of_the_organisation_they_act_for(world: World) -> None:
    make_peer(world, organisation=world.other_organisation, programmes=[])
    Membership.objects.create(user=world.peer, organisation=world.other_organisation, role=Role.PEER)
    client = login(Client(), world.peer)
    session = client.session
    session["organisation_code"] = str(world.organisation.code)
    session.save()
    page = client.get(reverse("people:my_peer_page")).content.decode()
    assert "Din peer-profil er ikke koblet på endnu" in page


@pytest.mark.django_db
def test_it_renders_the_sections_other_apps_register_and_leaves_out_empty_ones(
    world: World, sections: dict[str, Any], tmp_path: Any, settings: Any
) -> None:
    template_dir = tmp_path / "templates"
    (template_dir / "test").mkdir(parents=True)
    (template_dir / "test" / "section.html").write_text("<p>Næste modul: {{ module }} for {{ peer.first_name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], template_dir]}]
    peer_page.register_peer_page_section(
        "education", "Min uddannelse", "test/section.html", context=lambda p: {"module": "Basismodul"}, order=30
    )
    peer_page.register_peer_page_section("nothing", "Tom sektion", "test/section.html", context=lambda p: None)
    make_peer(world)
    page = login(Client(), world.peer).get(reverse("people:my_peer_page")).content.decode()
    assert '<h2 id="section-education">Min uddannelse</h2>' in page
    assert "Næste modul: Basismodul for Peter" in page
    assert "Tom sektion" not in page


@pytest.mark.django_db
def test_it_offers_no_pause_to_an_ended_peer(world: World) -> None:
    make_peer(world, status=PeerStatus.ENDED)
    client = login(Client(), world.peer)
    assert "Hold pause" not in client.get(reverse("people:my_peer_page")).content.decode()
    assert "Pause er ikke mulig lige nu" in client.get(reverse("people:my_pause")).content.decode()


def _t(value: str) -> Any:
    from datetime import time

    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))
