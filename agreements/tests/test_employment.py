"""Paid peers have an employment record; special considerations are for the peer and the leader who wrote them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from agreements import selectors, services
from agreements.models import EmploymentRecord
from agreements.services import AgreementError
from agreements.tests.helpers import make_peer
from core.models import AuditEntry, Membership, Role
from tests.personas import World, login, make_member

D = datetime.date
pytestmark = pytest.mark.django_db
SECRET = "Skal have pauser hver time på grund af medicin"


@pytest.fixture
def paid(world: World):
    return make_peer(world, user=world.peer, kind="paid", first_name="Peter")


@pytest.fixture
def second_coordinator(world: World):
    return make_member("koordinator2@example.dk", "Kim", world.organisation, Role.COORDINATOR)


def _create(client: Client, peer, **overrides):
    data = {
        "role": "role_peer",
        "unit": "",
        "hours_per_week": "20",
        "flex_job": "on",
        "starts_on": "01.03.2026",
        "ends_on": "",
        "considerations": SECRET,
    }
    data.update(overrides)
    return client.post(reverse("agreements:employment_create", kwargs={"code": peer.code}), data)


def test_it_records_hours_unit_and_flex_job_with_the_function_description(world: World, paid) -> None:
    client = login(Client(), world.coordinator)
    response = _create(client, paid, unit=str(world.ward.pk))
    record = EmploymentRecord.objects.get(peer=paid)
    assert response["Location"] == reverse("agreements:employment_detail", kwargs={"code": record.code})
    assert (record.hours_per_week, record.flex_job, record.unit) == (Decimal("20"), True, world.ward)
    assert "Individuel og gruppebaseret peer-støtte" in record.role_description
    assert selectors.has_valid_agreement(paid, on=D(2026, 3, 1))
    assert not selectors.has_valid_agreement(paid, on=D(2026, 2, 28))
    assert selectors.peers_with_valid_agreement([paid], on=D(2026, 3, 1)) == {paid.pk}
    assert selectors.peers_with_valid_agreement([paid], on=D(2026, 2, 28)) == set()


def test_it_stores_the_considerations_encrypted(world: World, paid) -> None:
    _create(login(Client(), world.coordinator), paid)
    record = EmploymentRecord.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT considerations FROM agreements_employmentrecord WHERE id = %s", [record.pk])
        stored = cursor.fetchone()[0]
    assert SECRET not in stored and record.considerations == SECRET


def test_the_leader_who_recorded_them_and_the_peer_see_the_considerations(world: World, paid) -> None:
    _create(login(Client(), world.coordinator), paid)
    record = EmploymentRecord.objects.get()
    leader_page = login(Client(), world.coordinator).get(
        reverse("agreements:employment_detail", kwargs={"code": record.code})
    )
    assert SECRET in leader_page.content.decode()
    assert AuditEntry.objects.filter(action="agreements.employment.considerations_read").exists()
    own_page = login(Client(), world.peer).get(reverse("agreements:my_employment", kwargs={"code": record.code}))
    assert SECRET in own_page.content.decode()
    own_pdf = login(Client(), world.peer).get(reverse("agreements:my_employment_pdf", kwargs={"code": record.code}))
    assert own_pdf.content.startswith(b"%PDF")


def test_other_coordinators_see_only_that_there_are_considerations(world: World, paid, second_coordinator) -> None:
    _create(login(Client(), world.coordinator), paid)
    record = EmploymentRecord.objects.get()
    client = login(Client(), second_coordinator)
    for url_name in ("employment_detail", "employment_edit"):
        page = client.get(reverse(f"agreements:{url_name}", kwargs={"code": record.code})).content.decode()
        assert SECRET not in page
        assert "kun peer-medarbejderen og den leder, der registrerede dem" in page.lower()
    peer_page = client.get(reverse("agreements:peer_agreements", kwargs={"code": paid.code})).content.decode()
    assert SECRET not in peer_page


def test_another_coordinator_edits_hours_without_touching_the_considerations(
    world: World, paid, second_coordinator
) -> None:
    _create(login(Client(), world.coordinator), paid)
    record = EmploymentRecord.objects.get()
    client = login(Client(), second_coordinator)
    data = {"role": "role_peer", "unit": "", "hours_per_week": "24", "starts_on": "01.03.2026", "ends_on": ""}
    client.post(reverse("agreements:employment_edit", kwargs={"code": record.code}), data)
    record.refresh_from_db()
    assert record.hours_per_week == Decimal("24")
    assert record.considerations == SECRET and record.considerations_by == world.coordinator
    with pytest.raises(AgreementError):
        services.save_employment_record(
            peer=paid,
            record=record,
            acting_user=second_coordinator,
            starts_on=D(2026, 3, 1),
            hours_per_week=Decimal(24),
            considerations="Overskrevet",
        )


def test_it_refuses_dates_in_the_wrong_order(world: World, paid) -> None:
    response = _create(login(Client(), world.coordinator), paid, ends_on="01.01.2026", hours_per_week="18")
    page = response.content.decode()
    assert "Slutdatoen skal ligge på eller efter startdatoen" in page and 'value="18"' in page
    assert not EmploymentRecord.objects.exists()


def test_volunteers_get_no_employment_record(world: World) -> None:
    volunteer = make_peer(world, first_name="Vera")
    response = _create(login(Client(), world.coordinator), volunteer)
    assert "Ansættelser er for lønnede peer-medarbejdere" in response.content.decode()
    assert not EmploymentRecord.objects.exists()


def test_the_peer_confirms_their_employment_electronically(world: World, paid) -> None:
    _create(login(Client(), world.coordinator), paid)
    record = EmploymentRecord.objects.get()
    client = login(Client(), world.peer)
    url = reverse("agreements:my_employment", kwargs={"code": record.code})
    assert client.post(url, {"typed_name": "Peter Testesen", "consent": "on"}).status_code == 302
    assert record.signatures.get().method == "electronic"


def test_a_former_leader_loses_nothing_but_the_others_still_cannot_read(world: World, paid, second_coordinator) -> None:
    _create(login(Client(), world.coordinator), paid)
    Membership.objects.filter(user=world.coordinator).update(active=False)
    record = EmploymentRecord.objects.get()
    page = login(Client(), second_coordinator).get(
        reverse("agreements:employment_detail", kwargs={"code": record.code})
    )
    assert SECRET not in page.content.decode()
