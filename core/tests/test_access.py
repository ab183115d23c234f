"""Every view, every persona: who gets the page, who gets 404, and that outsiders reach nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Membership
from tests.personas import World, login

ALL = ["coordinator", "peer", "key_person", "citizen", "teacher", "lead", "analyst", "administrator", "outsider"]


def _pages(world: World) -> list[tuple[str, set[str]]]:
    admin = {"administrator"}
    membership = Membership.objects.get(user=world.peer)
    return [
        (reverse("core:home"), set(ALL)),
        (reverse("core:unit_list"), admin),
        (reverse("core:unit_create"), admin),
        (reverse("core:unit_edit", kwargs={"code": world.ward.code}), admin),
        (reverse("core:programme_list"), admin),
        (reverse("core:programme_create"), admin),
        (reverse("core:programme_edit", kwargs={"code": world.programme.code}), admin),
        (reverse("core:user_list"), admin),
        (reverse("core:user_invite"), admin),
        (reverse("core:user_detail", kwargs={"code": world.peer.code}), admin),
        (reverse("core:audit_log"), admin),
        (reverse("people:citizen_list"), {"coordinator", "lead", "outsider"}),
        (reverse("people:citizen_create"), {"coordinator", "lead", "outsider"}),
        (reverse("people:citizen_detail", kwargs={"code": world.citizen_record.code}), {"coordinator", "lead"}),
        (reverse("people:citizen_edit", kwargs={"code": world.citizen_record.code}), {"coordinator", "lead"}),
        (reverse("people:citizen_access_log", kwargs={"code": world.citizen_record.code}), {"coordinator", "lead"}),
        (reverse("people:my_data"), set(ALL)),
        (reverse("people:my_data_export"), set(ALL)),
    ] + [("__membership__", {membership.code.hex})]


@pytest.mark.django_db
def test_it_gives_each_persona_exactly_the_pages_of_their_role(world: World) -> None:
    pages = [(url, allowed) for url, allowed in _pages(world) if url != "__membership__"]
    for name, user in world.personas().items():
        client = login(Client(), user)
        for url, allowed in pages:
            status = client.get(url).status_code
            expected = 200 if name in allowed else 404
            assert status == expected, f"{name} on {url}: {status}, expected {expected}"


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_the_login_page(world: World) -> None:
    client = Client()
    for url, _allowed in _pages(world):
        if url == "__membership__":
            continue
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.django_db
def test_it_hides_objects_of_another_organisation_from_an_outsider(world: World) -> None:
    client = login(Client(), world.outsider)
    assert client.get(reverse("people:citizen_detail", kwargs={"code": world.citizen_record.code})).status_code == 404
    assert (
        str(world.citizen_record.code) not in client.get(reverse("people:citizen_list") + "?q=Birgit").content.decode()
    )
    # ... and even an administrator cannot edit another organisation's units.
    Membership.objects.create(user=world.outsider, organisation=world.other_organisation, role="administrator")
    assert client.get(reverse("core:unit_edit", kwargs={"code": world.ward.code})).status_code == 404
    assert client.get(reverse("core:programme_edit", kwargs={"code": world.programme.code})).status_code == 404
    assert client.get(reverse("core:user_detail", kwargs={"code": world.peer.code})).status_code == 404


@pytest.mark.django_db
def test_it_refuses_to_end_a_membership_of_another_organisation(world: World) -> None:
    client = login(Client(), world.outsider)
    Membership.objects.create(user=world.outsider, organisation=world.other_organisation, role="administrator")
    membership = Membership.objects.get(user=world.peer)
    response = client.post(reverse("core:membership_end", kwargs={"code": membership.code}))
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.active


@pytest.mark.django_db
def test_it_addresses_objects_by_random_codes_not_sequential_ids(world: World) -> None:
    url = reverse("core:unit_edit", kwargs={"code": world.ward.code})
    assert str(world.ward.code) in url
    assert f"/{world.ward.pk}/" not in url


@pytest.mark.django_db
def test_it_switches_organisation_only_to_ones_the_user_belongs_to(world: World) -> None:
    Membership.objects.create(user=world.coordinator, organisation=world.other_organisation, role="coordinator")
    client = login(Client(), world.coordinator)
    client.post(reverse("core:switch_organisation"), {"organisation": str(world.other_organisation.code)})
    page = client.get(reverse("people:citizen_list")).content.decode()
    assert "Ole" in page and "Birgit" not in page
    foreign = login(Client(), world.peer)
    response = foreign.post(reverse("core:switch_organisation"), {"organisation": str(world.other_organisation.code)})
    assert response.status_code == 404


@pytest.mark.django_db
def test_it_lets_only_the_organisations_coordinator_and_lead_post_to_a_citizens_cpr_and_consents(
    world: World,
) -> None:
    """The posting views of a citizen, with every persona: the outsider and every other role get 404."""
    from people.models import Consent

    world.citizen_record.set_cpr("0101901234")
    world.citizen_record.save()
    code = {"code": world.citizen_record.code}
    for name, user in world.personas().items():
        client = login(Client(), user)
        allowed = name in {"coordinator", "lead"}
        unmask = client.post(reverse("people:citizen_unmask_cpr", kwargs=code), {"purpose": "Udbetaling af honorar"})
        assert unmask.status_code == (200 if allowed else 404), f"{name} unmasking: {unmask.status_code}"
        assert ("010190-1234" in unmask.content.decode()) is allowed
        consents_before = Consent.objects.count()
        added = client.post(
            reverse("people:consent_add", kwargs=code), {"purpose": "contact", "basis": "consent", "note": ""}
        )
        assert added.status_code == (302 if allowed else 404), f"{name} adding consent: {added.status_code}"
        assert Consent.objects.count() == consents_before + (1 if allowed else 0)


@pytest.mark.django_db
def test_it_lets_the_citizen_and_their_coordinator_withdraw_a_consent_and_nobody_else(world: World) -> None:
    from people.models import Consent

    for name, user in world.personas().items():
        consent = Consent.objects.create(citizen=world.citizen_record, purpose="contact")
        response = login(Client(), user).post(reverse("people:consent_withdraw", kwargs={"code": consent.code}))
        allowed = name in {"citizen", "coordinator", "lead"}
        assert response.status_code == (302 if allowed else 404), f"{name}: {response.status_code}"
        consent.refresh_from_db()
        assert (consent.withdrawn_at is not None) is allowed, name
        if not allowed:
            consent.delete()
