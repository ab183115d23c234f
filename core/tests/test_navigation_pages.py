"""Every page in a role's menu opens for a person of that role — also for a fresh account with nothing
recorded yet (a peer login not yet linked to a peer profile, a coordinator with no data)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core import navigation
from tests.personas import World, login


@pytest.mark.django_db
def test_it_opens_every_menu_page_for_every_role(world: World) -> None:
    dead_ends = []
    for role, user in world.personas().items():
        if role == "outsider":
            continue
        client = login(Client(), user)
        for entry in navigation.entries_for({role}):
            url = reverse(entry.url_name)
            status = client.get(url).status_code
            if status != 200:
                dead_ends.append((role, url, status))
    assert dead_ends == []
