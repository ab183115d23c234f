"""A citizen sees what is registered, who has looked them up (dates and purposes), and can download it all."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, override

from core.models import AuditEntry, AuditKind
from people.models import PeerApplication
from tests.peer_personas import make_application, make_peer
from tests.personas import World, login


@pytest.mark.django_db
def test_it_shows_the_citizen_who_looked_them_up_and_why(world: World) -> None:
    login(Client(), world.coordinator).get(reverse("people:citizen_detail", kwargs={"code": world.citizen_record.code}))
    page = login(Client(), world.citizen).get(reverse("people:my_data")).content.decode()
    assert "Region Testland" in page
    entry = AuditEntry.objects.get(kind=AuditKind.READ)
    with override("da"):
        purpose = gettext(entry.purpose)
    assert entry.purpose == "Coordination of peer support" and purpose == "Koordinering af peer-støtte"
    assert purpose in page  # stored as written in the code, shown in the reader's language
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


@pytest.mark.django_db
def test_it_shows_a_peer_their_own_record_and_who_looked_it_up_also_as_an_applicant(world: World) -> None:
    application = make_application(world, first_name="Peter")
    peer = make_peer(world)
    PeerApplication.objects.filter(pk=application.pk).update(peer=peer)
    coordinator = login(Client(), world.coordinator)
    coordinator.get(reverse("people:application_detail", kwargs={"code": application.code}))
    coordinator.get(reverse("people:peer_detail", kwargs={"code": peer.code}))
    page = login(Client(), world.peer).get(reverse("people:my_data")).content.decode()
    assert "Som peer hos Region Testland" in page
    purposes = set(
        AuditEntry.objects.filter(
            kind=AuditKind.READ, subject_code__in=[str(peer.code), str(application.code)]
        ).values_list("purpose", flat=True)
    )
    with override("da"):
        shown = {gettext(purpose) for purpose in purposes}
    assert shown == {"Vurdere en ansøgning om at blive peer", "Koordinering af peers"}
    assert all(purpose in page for purpose in shown)
    assert world.coordinator.email not in page
    assert "Intet er registreret om dig" not in page


@pytest.mark.django_db
def test_it_exports_everything_about_a_peer_with_agreements_and_education_and_logs_it(world: World) -> None:
    from agreements.tests.helpers import make_agreement
    from education.tests.helpers import basic, complete

    peer = make_peer(world)
    make_agreement(world, peer, starts_on=date(2026, 2, 1))
    complete(basic(world), peer, on=date(2026, 1, 15))
    login(Client(), world.coordinator).get(reverse("people:peer_detail", kwargs={"code": peer.code}))
    response = login(Client(), world.peer).get(reverse("people:my_data_export"))
    mine = next(part for part in json.loads(response.content) if "peer" in part)
    assert mine["peer"]["first_name"] == "Peter" and mine["status_history"][0]["to"] == "Aktiv"
    assert mine["agreements"]["volunteer_agreements"][0]["starts_on"] == "2026-02-01"
    assert mine["education"]["completed_modules"][0]["module"] == "Basismodul"
    assert any(row["kind"] == "Læsning" for row in mine["access_log"])
    assert AuditEntry.objects.filter(kind=AuditKind.EXPORT, subject_code=str(peer.code)).exists()


@pytest.mark.django_db
def test_it_produces_a_peers_access_log_for_their_coordinator_only(world: World) -> None:
    peer = make_peer(world)
    url = reverse("people:peer_access_log", kwargs={"code": peer.code})
    coordinator = login(Client(), world.coordinator)
    coordinator.get(reverse("people:peer_detail", kwargs={"code": peer.code}))
    response = coordinator.get(url)
    assert response.status_code == 200
    assert [e.subject_code for e in response.context["entries"]][-1] == str(peer.code)
    assert login(Client(), world.outsider).get(url).status_code == 404
