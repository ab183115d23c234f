"""Coordinators register and find citizens; CPR is validated, encrypted, masked; every read is logged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEntry, AuditKind
from people.models import Citizen
from tests.personas import World, login


@pytest.mark.django_db
def test_it_registers_a_citizen_with_a_masked_cpr(world: World) -> None:
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("people:citizen_create"),
        {"first_name": "Mette", "last_name": "Hansen", "phone": "12345678", "cpr": "010190-1234"},
    )
    citizen = Citizen.objects.get(first_name="Mette")
    assert response["Location"] == reverse("people:citizen_detail", kwargs={"code": citizen.code})
    page = client.get(response["Location"]).content.decode()
    assert "010190-••••" in page and "0101901234" not in page and "010190-1234" not in page


@pytest.mark.django_db
def test_it_explains_an_impossible_cpr_and_keeps_everything_typed(world: World) -> None:
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("people:citizen_create"),
        {"first_name": "Mette", "last_name": "Hansen", "email": "mette@example.dk", "cpr": "320290-1234"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["cpr"]
    page = response.content.decode()
    assert 'value="Mette"' in page and 'value="mette@example.dk"' in page and 'value="320290-1234"' in page
    assert not Citizen.objects.filter(first_name="Mette").exists()


@pytest.mark.django_db
def test_it_asks_for_a_way_to_reach_the_citizen(world: World) -> None:
    client = login(Client(), world.coordinator)
    response = client.post(reverse("people:citizen_create"), {"first_name": "Mette"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()


@pytest.mark.django_db
def test_it_refuses_a_cpr_number_registered_twice(world: World) -> None:
    world.citizen_record.set_cpr("0101901234")
    world.citizen_record.save()
    client = login(Client(), world.coordinator)
    response = client.post(reverse("people:citizen_create"), {"first_name": "Mette", "phone": "1", "cpr": "0101901234"})
    assert response.context["form"].errors["cpr"]


@pytest.mark.django_db
def test_it_finds_a_citizen_by_cpr_and_logs_the_search_masked(world: World) -> None:
    world.citizen_record.set_cpr("0101901234")
    world.citizen_record.save()
    client = login(Client(), world.coordinator)
    page = client.get(reverse("people:citizen_list"), {"q": "010190-1234"}).content.decode()
    assert str(world.citizen_record.code) in page
    entry = AuditEntry.objects.get(kind=AuditKind.SEARCH, action="people.citizen.searched")
    assert entry.criterion == "cpr=010190-••••"


@pytest.mark.django_db
def test_it_logs_every_read_of_a_citizen_with_its_purpose(world: World) -> None:
    client = login(Client(), world.coordinator)
    client.get(reverse("people:citizen_detail", kwargs={"code": world.citizen_record.code}))
    entry = AuditEntry.objects.get(kind=AuditKind.READ, subject_code=str(world.citizen_record.code))
    assert entry.actor == world.coordinator and entry.purpose


@pytest.mark.django_db
def test_it_shows_the_full_cpr_only_with_a_reason_and_logs_the_unmasking(world: World) -> None:
    world.citizen_record.set_cpr("0101901234")
    world.citizen_record.save()
    client = login(Client(), world.coordinator)
    url = reverse("people:citizen_unmask_cpr", kwargs={"code": world.citizen_record.code})
    client.post(url, {"purpose": ""})
    assert not AuditEntry.objects.filter(kind=AuditKind.UNMASK).exists()
    response = client.post(url, {"purpose": "Frivilligaftale skal underskrives"})
    assert "010190-1234" in response.content.decode()
    entry = AuditEntry.objects.get(kind=AuditKind.UNMASK)
    assert entry.purpose == "Frivilligaftale skal underskrives"


@pytest.mark.django_db
def test_it_edits_details_and_keeps_the_cpr_when_left_blank(world: World) -> None:
    world.citizen_record.set_cpr("0101901234")
    world.citizen_record.save()
    client = login(Client(), world.coordinator)
    client.post(
        reverse("people:citizen_edit", kwargs={"code": world.citizen_record.code}),
        {"first_name": "Birgitte", "last_name": "Testesen", "email": "borger@example.dk", "cpr": ""},
    )
    citizen = Citizen.objects.get(pk=world.citizen_record.pk)
    assert citizen.first_name == "Birgitte" and citizen.cpr_encrypted == "0101901234"
