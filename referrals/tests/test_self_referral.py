"""Self-referral on the public site: only where the programme allows it, spam checks, a confirmation."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from public import spam
from referrals.models import Referral, ReferrerKind
from tests.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_programme(world: World) -> World:
    world.programme.settings = {"self_referral": True}
    world.programme.save()
    cache.clear()
    return world


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Sofie",
        "email": "sofie@example.dk",
        "municipality": "Randers",
        "old_enough": "yes",
        "languages": ["da"],
        "availability": ["tue-pm"],
        "consent": "on",
        "form_token": spam.issue_form_token(time.time() - 60),
    }
    data.update(overrides)
    return data


def test_it_is_closed_where_the_programme_takes_no_self_referrals(client: Client, world: World) -> None:
    assert client.get(f"/find-en-peer/{world.programme.code}/").status_code == 404


def test_it_takes_a_self_referral_without_login_and_confirms_it(
    client: Client,
    open_programme: World,
    mailoutbox: list,  # type: ignore[type-arg]
) -> None:
    from django.test import TestCase

    url = f"/find-en-peer/{open_programme.programme.code}/"
    assert client.get(url).status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, _form())
    assert response.status_code == 302
    assert response["Location"] == "/find-en-peer/tak/"
    referral = Referral.objects.get()
    assert referral.referrer_kind == ReferrerKind.CITIZEN
    assert referral.citizen.email == "sofie@example.dk"
    assert ["sofie@example.dk"] in [m.to for m in mailoutbox]


def test_it_refuses_a_form_filled_in_by_a_bot(client: Client, open_programme: World) -> None:
    url = f"/find-en-peer/{open_programme.programme.code}/"
    response = client.post(url, _form(website="http://spam.example"))
    assert response.status_code == 200
    assert not Referral.objects.exists()
    response = client.post(url, _form(form_token=spam.issue_form_token()))  # sent at once
    assert "Det gik hurtigere, end vi forventer" in response.content.decode()
    assert not Referral.objects.exists()


def test_it_asks_for_a_way_to_reach_the_citizen(client: Client, open_programme: World) -> None:
    response = client.post(f"/find-en-peer/{open_programme.programme.code}/", _form(email=""))
    assert "telefonnummer eller en e-mailadresse" in response.content.decode()
    assert not Referral.objects.exists()


def test_it_explains_to_the_citizen_why_the_programme_cannot_take_them(client: Client, open_programme: World) -> None:
    response = client.post(f"/find-en-peer/{open_programme.programme.code}/", _form(old_enough="no"))
    assert "Programmet er for personer på 18 år eller derover." in response.content.decode()
    assert not Referral.objects.exists()
