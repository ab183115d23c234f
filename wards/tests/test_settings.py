"""Ward settings: the coordinator sets the hours a ward needs, its shift length, preferred peer and blocked
times; bad input is refused with a clear message and what was typed stays in the form."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEntry
from tests.personas import World, login
from wards import services
from wards.errors import WardRefused
from wards.models import BlockedTime, GroupSite, WardSettings
from wards.tests.helpers import block, settle, ward_peer


def _post(client: Client, url: str, data: dict[str, object], language: str = "da") -> str:
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.django_db
def test_it_saves_hours_shift_length_preferred_peer_and_site(world: World) -> None:
    ward = settle(world)
    peer = ward_peer(world, "Peter", units=[ward], user=world.peer, qualified=False)
    client = login(Client(), world.coordinator)
    url = reverse("wards:ward_settings_edit", kwargs={"code": ward.code})
    response = client.post(
        url,
        {
            "need_hours": "6",
            "shift_hours": "1.5",
            "preferred_peer": peer.pk,
            "site_name": "Ø-bygningen",
            "site_address": "",
        },
    )
    assert response.status_code == 302
    settings = WardSettings.objects.get(ward=ward)
    assert (settings.need_hours, settings.shift_hours, settings.preferred_peer, settings.site) == (
        Decimal(6),
        Decimal("1.5"),
        peer,
        "Ø-bygningen",
    )
    assert AuditEntry.objects.filter(action="wards.settings.saved").exists()
    page = client.get(
        reverse("wards:ward_detail", kwargs={"code": ward.code}), HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert "Peter Testesen" in page and "Ø-bygningen" in page
    assert "6 timer" in page and "1,5 timer" in page
    listing = client.get(reverse("wards:ward_list")).content.decode()
    assert '<td class="text-right">6</td>' in listing


@pytest.mark.django_db
def test_it_refuses_negative_hours_and_keeps_what_was_typed(world: World) -> None:
    ward = settle(world)
    client = login(Client(), world.coordinator)
    url = reverse("wards:ward_settings_edit", kwargs={"code": ward.code})
    page = _post(client, url, {"need_hours": "-2", "shift_hours": "2", "site_name": "Bygning 7"})
    assert "Timer pr. uge kan ikke være negative." in page
    assert 'value="Bygning 7"' in page
    assert WardSettings.objects.get(ward=ward).need_hours == Decimal(4)


@pytest.mark.django_db
def test_it_refuses_a_shift_length_of_zero_in_english_too(world: World) -> None:
    ward = settle(world)
    client = login(Client(), world.coordinator)
    url = reverse("wards:ward_settings_edit", kwargs={"code": ward.code})
    page = _post(client, url, {"need_hours": "4", "shift_hours": "0"}, "en")
    assert "A shift lasts from half an hour to 12 hours." in page
    page = _post(client, url, {"need_hours": "4", "shift_hours": "0"}, "da")
    assert "En vagt varer fra en halv time til 12 timer." in page


@pytest.mark.django_db
def test_it_adds_a_blocked_time_and_refuses_one_that_ends_before_it_starts(world: World) -> None:
    ward = settle(world)
    client = login(Client(), world.coordinator)
    url = reverse("wards:block_add", kwargs={"code": ward.code})
    ok = client.post(
        url, {"weekday": 0, "start": "09:00", "end": "10:30", "kind": "doctor_conversations", "label": "Stuegang"}
    )
    assert ok.status_code == 302
    page = _post(
        client, url, {"weekday": 1, "start": "14:00", "end": "13:00", "kind": "shift_change", "label": "Vagtskifte"}
    )
    assert "Sluttidspunktet skal ligge efter starttidspunktet." in page and 'value="Vagtskifte"' in page
    assert list(BlockedTime.objects.values_list("weekday", "label")) == [(0, "Stuegang")]
    page = client.get(reverse("wards:ward_detail", kwargs={"code": ward.code})).content.decode()
    assert "Stuegang" in page and "09:00–10:30" in page


@pytest.mark.django_db
def test_it_refuses_a_blocked_time_that_overlaps_another_on_the_same_day(world: World) -> None:
    ward = settle(world)
    block(ward, 2, time(9), time(11))
    client = login(Client(), world.coordinator)
    url = reverse("wards:block_add", kwargs={"code": ward.code})
    page = _post(client, url, {"weekday": 2, "start": "10:30", "end": "12:00", "kind": "group_offer", "label": "Musik"})
    assert "Den overlapper spærretiden 09:00–11:00" in page
    assert BlockedTime.objects.count() == 1
    # The same times on another day, or touching end to start, are fine.
    assert client.post(url, {"weekday": 3, "start": "10:30", "end": "12:00", "kind": "group_offer"}).status_code == 302
    assert client.post(url, {"weekday": 2, "start": "11:00", "end": "12:00", "kind": "group_offer"}).status_code == 302


@pytest.mark.django_db
def test_it_changes_a_blocked_time_without_counting_it_as_overlapping_itself(world: World) -> None:
    ward = settle(world)
    own = block(ward, 0, time(9), time(11))
    block(ward, 0, time(13), time(14))
    client = login(Client(), world.coordinator)
    url = reverse("wards:block_edit", kwargs={"code": own.code})
    assert client.post(url, {"weekday": 0, "start": "09:30", "end": "11:30", "kind": "custom"}).status_code == 302
    own.refresh_from_db()
    assert (own.start, own.end) == (time(9, 30), time(11, 30))
    page = _post(client, url, {"weekday": 0, "start": "10:00", "end": "13:30", "kind": "custom"})
    assert "Den overlapper spærretiden 13:00–14:00" in page


@pytest.mark.django_db
def test_it_refuses_in_the_service_what_the_form_would_let_through(world: World) -> None:
    ward = settle(world)
    with pytest.raises(WardRefused) as refused:
        services.save_ward_settings(
            ward=ward,
            need_hours=Decimal(-1),
            shift_hours=Decimal(2),
            preferred_peer=None,
            site_name="",
            site_address="",
            acting_user=None,
        )
    assert refused.value.code == "negative_hours"
    with pytest.raises(WardRefused) as refused:
        services.save_ward_settings(
            ward=world.school,
            need_hours=Decimal(4),
            shift_hours=Decimal(2),
            preferred_peer=None,
            site_name="",
            site_address="",
            acting_user=None,
        )
    assert refused.value.code == "not_a_ward"


@pytest.mark.django_db
def test_it_shows_the_key_person_their_wards_settings_without_edit_buttons(world: World) -> None:
    ward = settle(world)
    block(ward, 0, time(9), time(11))
    page = login(Client(), world.key_person).get(reverse("wards:ward_detail", kwargs={"code": ward.code}))
    text = page.content.decode()
    assert "09:00–11:00" in text
    assert reverse("wards:ward_settings_edit", kwargs={"code": ward.code}) not in text
    assert reverse("wards:block_add", kwargs={"code": ward.code}) not in text


@pytest.mark.django_db
def test_it_keeps_group_sites_with_their_peers_and_refuses_end_before_start(world: World) -> None:
    ward = settle(world)
    peer = ward_peer(world, "Peter", units=[ward], user=world.peer)
    client = login(Client(), world.coordinator)
    url = reverse("wards:group_site_add")
    data = {"name": "Distriktspsykiatrien Køge", "weekday": 0, "start": "12:30", "end": "14:30", "peers": [peer.pk]}
    assert client.post(url, data).status_code == 302
    site = GroupSite.objects.get()
    assert list(site.peers.all()) == [peer]
    page = _post(client, url, {**data, "name": "Greve", "start": "15:00", "end": "14:00"})
    assert "Sluttidspunktet skal ligge efter starttidspunktet." in page and 'value="Greve"' in page
    assert GroupSite.objects.count() == 1
    listing = client.get(reverse("wards:group_sites")).content.decode()
    assert "Distriktspsykiatrien Køge" in listing and "12:30–14:30" in listing and "Peter" in listing


@pytest.mark.django_db
def test_it_asks_for_the_hours_per_week_in_whole_shifts(world: World) -> None:
    ward = settle(world)
    client = login(Client(), world.coordinator)
    url = reverse("wards:ward_settings_edit", kwargs={"code": ward.code})
    page = _post(client, url, {"need_hours": "5", "shift_hours": "2"})
    assert "Skriv timer pr. uge som hele vagter: 2-timers vagter giver 0, 2, 4, … timer." in page
    assert WardSettings.objects.get(ward=ward).need_hours == Decimal(4)
    assert client.post(url, {"need_hours": "4.5", "shift_hours": "1.5"}).status_code == 302
