"""A ward's themes: Danish defaults, coordinator-editable, retired themes no longer offered."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conversations.models import DEFAULT_THEMES, Theme
from conversations.tests.factories import Ward
from tests.personas import World, login


def test_it_gives_a_ward_the_default_danish_themes(client: Client, world: World) -> None:
    login(client, world.coordinator)
    html = client.get(reverse("conversations:themes")).content.decode()
    assert list(Theme.objects.filter(ward=world.ward).order_by("position").values_list("label", flat=True)) == list(
        DEFAULT_THEMES
    )
    assert "Min vej til recovery" in html


def test_it_adds_a_theme_and_refuses_a_duplicate(client: Client, world: World) -> None:
    login(client, world.coordinator)
    client.get(reverse("conversations:themes"))
    client.post(reverse("conversations:themes"), {"label": "Gåture i naturen"})
    response = client.post(reverse("conversations:themes"), {"label": "gåture i naturen"})
    assert response.status_code == 200
    assert Theme.objects.filter(ward=world.ward, label__iexact="gåture i naturen").count() == 1


def test_it_stops_offering_a_retired_theme_to_the_peer(client: Client, day: Ward) -> None:
    world = day.world
    login(client, world.coordinator)
    client.get(reverse("conversations:themes"))
    theme = Theme.objects.get(ward=world.ward, label="Medicin og behandling")
    client.post(reverse("conversations:theme_toggle", kwargs={"code": theme.code}))
    theme.refresh_from_db()
    assert not theme.active
    from conversations import services
    from conversations.tests.factories import make_entry

    conversation = services.start_conversation(shift=day.shift, entry=make_entry(world), acting_user=world.peer)
    peer = login(Client(), world.peer)
    html = peer.get(reverse("conversations:conversation", kwargs={"code": conversation.code})).content.decode()
    assert "Medicin og behandling" not in html and "Min vej til recovery" in html
