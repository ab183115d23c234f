"""Every wards page, with every persona: coordinators edit, leads read, key persons read their own ward,
peers see their own shifts, and everybody else — the outsider included — gets 404."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.models import Membership, Role
from tests.personas import World, login
from wards import services
from wards.models import BlockedTime, GroupSite, Shift, ShiftPlan
from wards.tests.helpers import block, make_ward, next_monday, settle, ward_peer

EVERYONE = {"coordinator", "peer", "key_person", "citizen", "teacher", "lead", "analyst", "administrator", "outsider"}
COORDINATOR = {"coordinator"}
ANY_COORDINATOR = {"coordinator", "outsider"}  # the outsider coordinates another organisation
READERS = {"coordinator", "lead"}
ANY_READER = {"coordinator", "lead", "outsider"}
WARD_READERS = {"coordinator", "lead", "key_person"}
ANY_WARD_READER = {"coordinator", "lead", "key_person", "outsider"}


def _objects(world: World) -> tuple[ShiftPlan, ShiftPlan, Shift, BlockedTime, GroupSite]:
    ward = settle(world)
    peer = ward_peer(world, "Peter", units=[ward], user=world.peer)
    blocked = block(ward, 0, time(8), time(9))
    site = services.save_group_site(
        organisation=world.organisation,
        site=None,
        name="Distriktspsykiatrien Køge",
        unit=None,
        address="",
        weekday=4,
        start=time(13),
        end=time(15),
        note="",
        peers=[],
        acting_user=None,
    )
    monday = next_monday()
    published = services.create_plan(organisation=world.organisation, week_start=monday, weeks=1, acting_user=None)
    services.publish_plan(plan=published, acting_user=None)
    draft = services.create_plan(
        organisation=world.organisation, week_start=monday + timedelta(days=7), weeks=1, acting_user=None
    )
    shift = published.shifts.get(peer=peer, date=published.shifts.order_by("date").first().date)  # type: ignore[union-attr]
    mail.outbox.clear()
    return published, draft, shift, blocked, site


def _pages(world: World) -> list[tuple[str, set[str]]]:
    published, draft, shift, blocked, site = _objects(world)
    ward = {"code": world.ward.code}
    return [
        (reverse("wards:ward_list"), ANY_WARD_READER),
        (reverse("wards:ward_detail", kwargs=ward), WARD_READERS),
        (reverse("wards:ward_settings_edit", kwargs=ward), COORDINATOR),
        (reverse("wards:block_add", kwargs=ward), COORDINATOR),
        (reverse("wards:block_edit", kwargs={"code": blocked.code}), COORDINATOR),
        (reverse("wards:group_sites"), ANY_READER),
        (reverse("wards:group_site_add"), ANY_COORDINATOR),
        (reverse("wards:group_site_edit", kwargs={"code": site.code}), COORDINATOR),
        (reverse("wards:plan_list"), ANY_WARD_READER),
        (reverse("wards:plan_detail", kwargs={"code": published.code}), WARD_READERS),
        (reverse("wards:plan_detail", kwargs={"code": draft.code}), READERS),
        (reverse("wards:shift_add", kwargs={"code": draft.code}), COORDINATOR),
        (reverse("wards:shift_edit", kwargs={"code": shift.code}), COORDINATOR),
        (
            reverse("wards:poster_pdf", kwargs={"code": published.code, "ward_code": world.ward.code, "week": 1}),
            WARD_READERS,
        ),
        (reverse("wards:posters_pdf", kwargs={"code": published.code, "week": 1}), WARD_READERS),
        (reverse("wards:my_shifts"), {"peer"}),
        (reverse("wards:my_shift", kwargs={"code": shift.code}), {"peer"}),
    ]


@pytest.mark.django_db
def test_it_gives_each_persona_exactly_the_pages_of_their_role(world: World) -> None:
    pages = _pages(world)
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
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("core:login")), url


@pytest.mark.django_db
def test_it_refuses_every_posting_action_to_all_but_the_coordinator(world: World) -> None:
    _published, draft, shift, blocked, site = _objects(world)
    actions = [
        reverse("wards:block_remove", kwargs={"code": blocked.code}),
        reverse("wards:group_site_remove", kwargs={"code": site.code}),
        reverse("wards:plan_regenerate", kwargs={"code": draft.code}),
        reverse("wards:plan_publish", kwargs={"code": draft.code}),
        reverse("wards:shift_remove", kwargs={"code": shift.code}),
        reverse("wards:plan_delete", kwargs={"code": draft.code}),
    ]
    for name, user in world.personas().items():
        if name == "coordinator":
            continue
        client = login(Client(), user)
        for url in actions:
            assert client.post(url).status_code == 404, f"{name} on {url}"
    assert BlockedTime.objects.filter(pk=blocked.pk).exists() and Shift.objects.filter(pk=shift.pk).exists()
    assert ShiftPlan.objects.get(pk=draft.pk).status == ShiftPlan.Status.DRAFT
    coordinator = login(Client(), world.coordinator)
    for url in actions:
        assert coordinator.post(url).status_code == 302, url
    # The draft was published before the attempt to delete it, so it stays.
    assert ShiftPlan.objects.get(pk=draft.pk).status == ShiftPlan.Status.PUBLISHED
    assert not Shift.objects.filter(pk=shift.pk).exists()
    assert not BlockedTime.objects.filter(pk=blocked.pk).exists() and not GroupSite.objects.exists()


@pytest.mark.django_db
def test_it_lets_only_coordinators_generate_a_plan(world: World) -> None:
    settle(world)
    for name in ("lead", "key_person"):
        client = login(Client(), world.personas()[name])
        assert client.post(reverse("wards:plan_list"), {"week_start": "2030-01-07", "weeks": 1}).status_code == 404
    assert not ShiftPlan.objects.exists()


@pytest.mark.django_db
def test_it_shows_a_key_person_only_the_wards_they_are_key_person_on(world: World) -> None:
    settle(world)
    other = make_ward(world.organisation, "Afsnit P2")
    client = login(Client(), world.key_person)
    listing = client.get(reverse("wards:ward_list")).content.decode()
    assert "Afsnit P1" in listing and "Afsnit P2" not in listing
    assert client.get(reverse("wards:ward_detail", kwargs={"code": other.code})).status_code == 404
    Membership.objects.create(user=world.key_person, organisation=world.organisation, role=Role.KEY_PERSON, unit=other)
    assert client.get(reverse("wards:ward_detail", kwargs={"code": other.code})).status_code == 200


@pytest.mark.django_db
def test_it_hides_another_organisations_wards_plans_and_shifts_from_its_coordinator(world: World) -> None:
    published, _draft, shift, blocked, site = _objects(world)
    client = login(Client(), world.outsider)
    for url in (
        reverse("wards:ward_detail", kwargs={"code": world.ward.code}),
        reverse("wards:plan_detail", kwargs={"code": published.code}),
        reverse("wards:shift_edit", kwargs={"code": shift.code}),
        reverse("wards:block_edit", kwargs={"code": blocked.code}),
        reverse("wards:group_site_edit", kwargs={"code": site.code}),
    ):
        assert client.get(url).status_code == 404, url
    assert "Afsnit P1" not in client.get(reverse("wards:ward_list")).content.decode()
    assert "Køge" not in client.get(reverse("wards:group_sites")).content.decode()
    assert client.post(reverse("wards:shift_remove", kwargs={"code": shift.code})).status_code == 404
    assert Shift.objects.filter(pk=shift.pk).exists()


@pytest.mark.django_db
def test_it_shows_a_key_person_only_their_wards_rows_and_no_edit_links_in_a_published_plan(world: World) -> None:
    ward = settle(world)
    other = make_ward(world.organisation, "Afsnit P2")
    ward_peer(world, "Peter", units=[ward, other], user=world.peer)
    plan = services.create_plan(organisation=world.organisation, week_start=next_monday(), weeks=1, acting_user=None)
    client = login(Client(), world.key_person)
    assert client.get(reverse("wards:plan_detail", kwargs={"code": plan.code})).status_code == 404
    services.publish_plan(plan=plan, acting_user=None)
    page = client.get(reverse("wards:plan_detail", kwargs={"code": plan.code})).content.decode()
    assert "Afsnit P1" in page and "Afsnit P2" not in page
    assert "/vagtplaner/vagt/" not in page and "vagter/ny" not in page
    poster = reverse("wards:poster_pdf", kwargs={"code": plan.code, "ward_code": other.code, "week": 1})
    assert client.get(poster).status_code == 404


@pytest.mark.django_db
def test_it_tells_a_peer_login_without_a_peer_profile_what_is_missing(world: World) -> None:
    from people.models import Peer

    Peer.objects.filter(user=world.peer).update(user=None)
    page = login(Client(), world.peer).get(reverse("wards:my_shifts"), HTTP_ACCEPT_LANGUAGE="da")
    assert page.status_code == 200
    assert "Din peer-profil er ikke koblet på endnu" in page.content.decode()
