"""Consent and legal basis per purpose, with time, who recorded it, and withdrawal by the citizen."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from people.models import Consent
from tests.personas import World, login


@pytest.mark.django_db
def test_it_records_consent_with_time_and_recorder(world: World) -> None:
    client = login(Client(), world.coordinator)
    client.post(
        reverse("people:consent_add", kwargs={"code": world.citizen_record.code}),
        {"purpose": "lived_experience", "basis": "consent", "note": "Mundtligt samtykke"},
    )
    consent = Consent.objects.get(citizen=world.citizen_record)
    assert consent.recorded_by == world.coordinator and consent.in_force and consent.given_at


@pytest.mark.django_db
def test_it_replaces_an_earlier_consent_for_the_same_purpose(world: World) -> None:
    client = login(Client(), world.coordinator)
    url = reverse("people:consent_add", kwargs={"code": world.citizen_record.code})
    client.post(url, {"purpose": "contact", "basis": "consent"})
    client.post(url, {"purpose": "contact", "basis": "public_task"})
    assert Consent.objects.in_force().get(citizen=world.citizen_record).basis == "public_task"
    assert Consent.objects.filter(citizen=world.citizen_record).count() == 2


@pytest.mark.django_db
def test_it_lets_the_citizen_withdraw_their_own_consent(world: World) -> None:
    consent = Consent.objects.create(citizen=world.citizen_record, purpose="research")
    client = login(Client(), world.citizen)
    response = client.post(reverse("people:consent_withdraw", kwargs={"code": consent.code}))
    assert response["Location"] == reverse("people:my_data")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


@pytest.mark.django_db
def test_it_does_not_let_others_withdraw_a_citizens_consent(world: World) -> None:
    consent = Consent.objects.create(citizen=world.citizen_record, purpose="research")
    for user in (world.peer, world.outsider):
        response = login(Client(), user).post(reverse("people:consent_withdraw", kwargs={"code": consent.code}))
        assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.in_force
