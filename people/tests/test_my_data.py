"""A citizen sees what is registered, who has looked them up (dates and purposes), and can download it all."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEntry, AuditKind
from tests.personas import World, login


@pytest.mark.django_db
def test_it_shows_the_citizen_who_looked_them_up_and_why(world: World) -> None:
    login(Client(), world.coordinator).get(reverse("people:citizen_detail", kwargs={"code": world.citizen_record.code}))
    page = login(Client(), world.citizen).get(reverse("people:my_data")).content.decode()
    assert "Region Testland" in page
    entry = AuditEntry.objects.get(kind=AuditKind.READ)
    assert entry.purpose in page
    assert world.coordinator.email not in page  # dates and purposes, not the staff member's identity


@pytest.mark.django_db
def test_it_exports_all_data_about_the_citizen_and_logs_the_export(world: World) -> None:
    response = login(Client(), world.citizen).get(reverse("people:my_data_export"))
    data = json.loads(response.content)
    assert data[0]["citizen"]["first_name"] == "Birgit"
    assert "access_log" in data[0] and "consents" in data[0]
    assert AuditEntry.objects.filter(kind=AuditKind.EXPORT, subject_code=str(world.citizen_record.code)).exists()


@pytest.mark.django_db
def test_it_produces_the_access_log_for_a_coordinator_answering_a_request(world: World) -> None:
    client = login(Client(), world.coordinator)
    response = client.get(reverse("people:citizen_access_log", kwargs={"code": world.citizen_record.code}))
    assert response.status_code == 200
    assert len(response.context["entries"]) >= 1
