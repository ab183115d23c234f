"""Referring through the page: the criteria are explained, a failed criterion is explained and nothing
typed is lost, a valid referral lands in the queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from referrals.models import Referral, ReferralStatus
from tests.personas import World, login

pytestmark = pytest.mark.django_db


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Mette",
        "phone": "20304050",
        "municipality": "Aarhus",
        "flow": "inpatient",
        "referrer_kind": "key_person",
        "contact_via": "direct",
        "old_enough": "yes",
        "criteria_checked": "on",
        "peer_support_consent": "on",
        "basis": "consent",
        "languages": ["da"],
        "availability": ["mon-am", "wed-pm"],
        "wished_areas": ["anxiety"],
        "lived_experience_consent": "on",
    }
    data.update(overrides)
    return data


def test_it_explains_the_programmes_criteria_before_the_referrer_confirms(client: Client, world: World) -> None:
    login(client, world.key_person)
    page = client.get(f"/henvisninger/ny/{world.programme.code}/").content.decode()
    assert "Borgeren er 18 år eller ældre." in page
    assert "Borgeren har ikke demens." in page


def test_it_refers_a_citizen_into_the_queue(client: Client, world: World) -> None:
    login(client, world.key_person)
    response = client.post(f"/henvisninger/ny/{world.programme.code}/", _form())
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/henvisninger/{referral.code}/"
    assert referral.status == ReferralStatus.WAITING
    assert referral.availability == ["mon-am", "wed-pm"]
    assert referral.referred_by == world.key_person


def test_it_explains_why_a_citizen_cannot_be_referred_and_keeps_what_was_typed(client: Client, world: World) -> None:
    login(client, world.key_person)
    response = client.post(f"/henvisninger/ny/{world.programme.code}/", _form(applies=["dementia"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Programmet tager ikke borgere med demens." in page
    assert 'value="Mette"' in page
    assert not Referral.objects.exists()


def test_it_asks_for_consent_before_using_lived_experience_areas(client: Client, world: World) -> None:
    login(client, world.key_person)
    response = client.post(f"/henvisninger/ny/{world.programme.code}/", _form(lived_experience_consent=""))
    assert response.status_code == 200
    assert "kun bruges med borgerens samtykke" in response.content.decode()
    assert not Referral.objects.exists()


def test_it_shows_the_queue_longest_waiting_first(client: Client, world: World) -> None:
    from referrals.tests.factories import make_referral

    make_referral(world, "Nyere", waited_days=2)
    make_referral(world, "Ældst", waited_days=30)
    make_referral(world, "Midt", waited_days=10)
    login(client, world.coordinator)
    page = client.get(f"/henvisninger/program/{world.programme.code}/").content.decode()
    assert page.index("Ældst") < page.index("Midt") < page.index("Nyere")
    assert page.count("Har ventet for længe") == 1


def test_it_lets_the_coordinator_change_who_may_refer_and_the_weights(client: Client, world: World) -> None:
    from referrals.engine_input import weights_for
    from referrals.selectors import may_refer

    login(client, world.coordinator)
    data = {"referrer_roles": ["coordinator"], "exclusions": ["dementia"], "digest_to_leads": "on"}
    data.update({f"weight_{n}": "1" for n in ("location", "areas", "gender", "age", "load", "waiting", "continuity")})
    data["weight_location"] = "7"
    response = client.post(f"/henvisninger/program/{world.programme.code}/indstillinger/", data)
    assert response.status_code == 302
    assert not may_refer(world.programme, {"key_person"})
    assert weights_for(world.programme).location == 7
    login(client, world.key_person)
    assert client.get(f"/henvisninger/ny/{world.programme.code}/").status_code == 404


def test_it_refers_a_citizen_already_registered_without_typing_the_details_again(client: Client, world: World) -> None:
    login(client, world.coordinator)
    url = f"/henvisninger/ny/{world.programme.code}/?borger={world.citizen_record.code}"
    page = client.get(url).content.decode()
    assert "Birgit Testesen" in page
    assert 'name="first_name"' not in page
    data = _form(referrer_kind="coordinator")
    for name in ("first_name", "phone", "municipality"):
        data.pop(name)
    assert client.post(url, data).status_code == 302
    assert Referral.objects.get().citizen == world.citizen_record


def test_it_refers_from_the_citizens_record_through_the_choice_of_programme(client: Client, world: World) -> None:
    login(client, world.coordinator)
    record = client.get(f"/borgere/{world.citizen_record.code}/").content.decode()
    link = f"/henvisninger/ny/?borger={world.citizen_record.code}"
    assert f'href="{link}"' in record and "Henvis til en peer" in record
    answer = client.get(link)
    if answer.status_code == 302:  # only one programme to choose: straight to the form, citizen kept
        assert answer["Location"] == f"/henvisninger/ny/{world.programme.code}/?borger={world.citizen_record.code}"
    else:
        assert f"/henvisninger/ny/{world.programme.code}/?borger={world.citizen_record.code}" in answer.content.decode()


def test_it_refuses_a_known_citizen_of_another_organisation(client: Client, world: World) -> None:
    login(client, world.coordinator)
    url = f"/henvisninger/ny/{world.programme.code}/?borger={world.other_citizen_record.code}"
    assert client.get(url).status_code == 404
    login(client, world.key_person)
    assert client.get(f"/henvisninger/ny/{world.programme.code}/?borger={world.citizen_record.code}").status_code == 404
