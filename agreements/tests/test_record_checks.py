"""A criminal-record check records only that the certificate was seen, when and by whom — never the document."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agreements.models import RecordCheck
from agreements.tests.helpers import make_peer
from core.models import AuditEntry
from tests.personas import World, login

pytestmark = pytest.mark.django_db


def test_it_records_the_date_and_who_saw_the_certificate_and_shows_it(world: World) -> None:
    peer = make_peer(world)
    client = login(Client(), world.coordinator)
    url = reverse("agreements:record_check_create", kwargs={"code": peer.code})
    form_page = client.get(url)
    assert 'type="file"' not in form_page.text
    response = client.post(url, {"seen_on": "03.02.2026", "seen_by_name": "Karen Koordinator"}, follow=True)
    check = RecordCheck.objects.get(peer=peer)
    assert (check.seen_on.isoformat(), check.seen_by_name, check.recorded_by) == (
        "2026-02-03",
        "Karen Koordinator",
        world.coordinator,
    )
    assert "Set 03.02.2026 af Karen Koordinator" in response.text
    entry = AuditEntry.objects.get(action="agreements.record_check.recorded")
    assert (entry.actor, entry.subject_code) == (world.coordinator, str(peer.code))


def test_it_refuses_a_certificate_seen_in_the_future_and_keeps_the_name(world: World) -> None:
    peer = make_peer(world)
    client = login(Client(), world.coordinator)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d.%m.%Y")
    response = client.post(
        reverse("agreements:record_check_create", kwargs={"code": peer.code}),
        {"seen_on": tomorrow, "seen_by_name": "Karen Koordinator"},
    )
    assert response.status_code == 200
    assert "Datoen kan ikke ligge ude i fremtiden" in response.text
    assert 'value="Karen Koordinator"' in response.text
    assert not RecordCheck.objects.exists()
