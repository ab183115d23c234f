"""The peer profile and availability: consent for lived-experience areas, clear messages, nothing typed lost."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people import services
from people.models import AvailabilityException, AvailabilitySlot, Peer
from tests.peer_personas import make_peer
from tests.personas import World, login


def profile_data(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Ida",
        "last_name": "Jensen",
        "email": "ida@example.dk",
        "kind": "paid",
        "hours_per_week": "20",
        "peer_work_share": "60",
        "capacity": "3",
        "gender": "woman",
        "age_band": "30-39",
        "languages": ["da", "ar"],
        "programmes": [str(world.programme.pk)],
        "units": [str(world.ward.pk)],
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_it_saves_the_profile_with_kind_hours_units_programmes_and_languages(world: World) -> None:
    peer = make_peer(world, user=None, first_name="Ida")
    response = login(Client(), world.coordinator).post(
        reverse("people:peer_edit", kwargs={"code": peer.code}), profile_data(world)
    )
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.kind == "paid" and peer.hours_per_week == 20 and peer.peer_work_share == Decimal("0.60")
    assert peer.languages == ["da", "ar"] and list(peer.units.all()) == [world.ward]
    assert peer.below_peer_work_share


@pytest.mark.django_db
def test_it_asks_for_consent_when_lived_experience_areas_are_given_and_keeps_the_input(world: World) -> None:
    peer = make_peer(world, user=None, first_name="Ida")
    url = reverse("people:peer_edit", kwargs={"code": peer.code})
    response = login(Client(), world.coordinator).post(
        url, profile_data(world, lived_experience_areas=["bipolar", "housing_service"], first_name="Idamarie")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "registreres kun med peerens samtykke" in page
    assert (
        'value="Idamarie"' in page
        and 'value="bipolar" class="form-checkbox" id="id_lived_experience_areas_1" checked' in page
    )
    peer.refresh_from_db()
    assert peer.lived_experience_areas == [] and peer.first_name == "Ida"


@pytest.mark.django_db
def test_it_records_the_time_of_consent_and_forgets_the_areas_when_consent_is_withdrawn(world: World) -> None:
    peer = make_peer(world, user=None, first_name="Ida")
    client = login(Client(), world.coordinator)
    url = reverse("people:peer_edit", kwargs={"code": peer.code})
    client.post(url, profile_data(world, lived_experience_areas=["bipolar"], lived_experience_consent="on"))
    peer.refresh_from_db()
    assert peer.lived_experience_areas == ["bipolar"] and peer.lived_experience_consent_at is not None
    client.post(url, profile_data(world))
    peer.refresh_from_db()
    assert peer.lived_experience_areas == [] and peer.lived_experience_consent_at is None


@pytest.mark.django_db
def test_it_keeps_areas_without_consent_out_of_the_database_even_past_the_form(world: World) -> None:
    peer = make_peer(world, user=None, first_name="Ida")
    with pytest.raises(services.PeerActionRefused):
        services.update_peer_profile(
            peer=peer, acting_user=world.coordinator, lived_experience_consent=False, lived_experience_areas=["ptsd"]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Peer.objects.filter(pk=peer.pk).update(lived_experience_areas=["ptsd"])


@pytest.mark.django_db
def test_it_explains_negative_hours_in_danish(world: World) -> None:
    peer = make_peer(world, user=None, first_name="Ida")
    response = login(Client(), world.coordinator).post(
        reverse("people:peer_edit", kwargs={"code": peer.code}), profile_data(world, hours_per_week="-4")
    )
    page = response.content.decode()
    assert "Timer kan ikke være negative" in page and 'value="-4"' in page


@pytest.mark.django_db
def test_it_saves_a_weekly_pattern_and_replaces_it_on_the_next_save(world: World) -> None:
    peer = make_peer(world, user=None, first_name="Ida")
    client = login(Client(), world.coordinator)
    url = reverse("people:peer_availability", kwargs={"code": peer.code})
    formset = client.get(url).context["formset"]
    assert formset.total_form_count() == 3
    data = {
        "slots-TOTAL_FORMS": "3",
        "slots-INITIAL_FORMS": "0",
        "slots-0-weekday": "0",
        "slots-0-start": "09:00",
        "slots-0-end": "12:00",
        "slots-1-weekday": "2",
        "slots-1-start": "13.30",
        "slots-1-end": "16:00",
        "slots-2-weekday": "",
        "slots-2-start": "",
        "slots-2-end": "",
    }
    assert client.post(url, data).status_code == 302
    assert [(s.weekday, s.start, s.end) for s in AvailabilitySlot.objects.filter(peer=peer)] == [
        (0, time(9), time(12)),
        (2, time(13, 30), time(16)),
    ]
    data.update({"slots-1-weekday": "", "slots-1-start": "", "slots-1-end": ""})
    client.post(url, data)
    assert AvailabilitySlot.objects.filter(peer=peer).count() == 1


@pytest.mark.django_db
def test_it_explains_times_in_the_wrong_order_and_overlaps_and_keeps_the_input(world: World) -> None:
    peer = make_peer(world, user=None, first_name="Ida")
    client = login(Client(), world.coordinator)
    url = reverse("people:peer_availability", kwargs={"code": peer.code})
    base = {"slots-TOTAL_FORMS": "2", "slots-INITIAL_FORMS": "0"}
    reversed_times = {**base, "slots-0-weekday": "1", "slots-0-start": "15:00", "slots-0-end": "10:00"}
    page = client.post(url, reversed_times).content.decode()
    assert "Tidsrummet skal slutte, efter det begynder" in page and 'value="15:00"' in page
    overlap = {
        **base,
        "slots-0-weekday": "1",
        "slots-0-start": "09:00",
        "slots-0-end": "12:00",
        "slots-1-weekday": "1",
        "slots-1-start": "11:00",
        "slots-1-end": "13:00",
    }
    page = client.post(url, overlap).content.decode()
    assert "overlapper" in page and 'value="11:00"' in page
    half = {**base, "slots-0-weekday": "1", "slots-0-start": "09:00", "slots-0-end": ""}
    assert "Udfyld dag, fra og til" in client.post(url, half).content.decode()
    assert not AvailabilitySlot.objects.filter(peer=peer).exists()


@pytest.mark.django_db
def test_it_adds_a_holiday_and_refuses_dates_in_the_wrong_order(world: World) -> None:
    peer = make_peer(world, user=None, first_name="Ida")
    client = login(Client(), world.coordinator)
    url = reverse("people:peer_exception_add", kwargs={"code": peer.code})
    start = timezone.localdate() + timedelta(days=10)
    wrong = {
        "starts_on": start.strftime("%d.%m.%Y"),
        "ends_on": (start - timedelta(days=3)).strftime("%d.%m.%Y"),
        "available": "no",
        "note": "Sommerferie",
    }
    page = client.post(url, wrong).content.decode()
    assert "Sæt datoerne i den rigtige rækkefølge" in page and 'value="Sommerferie"' in page
    assert not AvailabilityException.objects.exists()
    right = {**wrong, "ends_on": (start + timedelta(days=14)).strftime("%d.%m.%Y")}
    client.post(url, right)
    exception = AvailabilityException.objects.get(peer=peer)
    assert exception.note == "Sommerferie" and not exception.available
    remove = reverse("people:peer_exception_remove", kwargs={"code": peer.code, "exception_code": exception.code})
    client.post(remove)
    assert not AvailabilityException.objects.exists()


@pytest.mark.django_db
def test_it_lets_the_peer_edit_their_own_availability(world: World) -> None:
    peer = make_peer(world)
    client = login(Client(), world.peer)
    data = {
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "0",
        "slots-0-weekday": "4",
        "slots-0-start": "10:00",
        "slots-0-end": "14:00",
    }
    assert client.post(reverse("people:my_availability"), data)["Location"] == reverse("people:my_availability")
    assert AvailabilitySlot.objects.get(peer=peer).weekday == 4
    start = timezone.localdate() + timedelta(days=2)
    client.post(
        reverse("people:my_exception_add"),
        {"starts_on": start.strftime("%d.%m.%Y"), "ends_on": start.strftime("%d.%m.%Y"), "available": "yes"},
    )
    assert AvailabilityException.objects.get(peer=peer).available


@pytest.mark.django_db
def test_it_keeps_a_peer_from_removing_another_peers_period(world: World) -> None:
    make_peer(world)
    other = make_peer(world, user=None, first_name="Ole")
    exception = services.add_availability_exception(
        peer=other, starts_on=timezone.localdate(), ends_on=timezone.localdate(), acting_user=None
    )
    response = login(Client(), world.peer).post(
        reverse("people:my_exception_remove", kwargs={"exception_code": exception.code})
    )
    assert response.status_code == 404 and AvailabilityException.objects.filter(pk=exception.pk).exists()
