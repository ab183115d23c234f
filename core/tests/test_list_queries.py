"""List pages use the same number of SQL queries whatever the amount of data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEntry, AuditKind, Membership, Partnership, Programme, Role, Unit
from people.models import Citizen
from tests.personas import World, login, make_user


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(world: World, n: int) -> None:
    org = world.organisation
    for i in range(n):
        unit = Unit.objects.create(organisation=org, name=f"Enhed {n}-{i}", kind="ward")
        partnership = Partnership.objects.create(name=f"Partnerskab {n}-{i}")
        programme = Programme.objects.create(
            organisation=org, name=f"Program {n}-{i}", model="peer_guide", partnership=partnership
        )
        programme.units.add(unit)
        user = make_user(f"u{n}-{i}@example.dk", f"Navn{i}", totp=False)
        Membership.objects.create(user=user, organisation=org, role=Role.PEER)
        Membership.objects.create(user=user, organisation=org, role=Role.TEACHER, unit=unit)
        Citizen.objects.create(organisation=org, first_name=f"Borger{n}-{i}", phone="1")
        AuditEntry.objects.create(kind=AuditKind.WRITE, action="x", organisation=org, actor=user)


PAGES: list[tuple[str, str]] = [
    ("core:unit_list", "administrator"),
    ("core:programme_list", "administrator"),
    ("core:user_list", "administrator"),
    ("core:audit_log", "administrator"),
    ("people:citizen_list", "coordinator"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "persona"), PAGES)
def test_it_uses_constant_queries_for_the_list(world: World, url_name: str, persona: str) -> None:
    url = reverse(url_name)
    client_for: Callable[[], Client] = lambda: login(Client(), world.personas()[persona])  # noqa: E731
    _grow(world, 3)
    small = _queries(client_for(), url)
    _grow(world, 30)
    large = _queries(client_for(), url)
    assert small == large, f"{url}: {small} queries with few rows, {large} with many"
