"""The key person's list: first name or room only, the contact person from the ward's staff, in order."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conversations.models import Conversation, ListEntry
from conversations.tests.factories import Ward, make_entry
from tests.personas import login


def _add(client: Client, day: Ward, **data: str) -> object:
    payload = {"patient": "Anna", "met_peer_before": "0", "contact_person": str(day.contact.pk)}
    payload.update(data)
    return client.post(reverse("conversations:ward_list"), payload)


def test_it_puts_a_patient_on_todays_list(client: Client, day: Ward) -> None:
    login(client, day.world.key_person)
    response = _add(client, day, patient="  Stue   12 ")
    assert response.status_code == 302
    entry = ListEntry.objects.get()
    assert (entry.patient, entry.day, entry.ward, entry.contact_person) == (
        "Stue 12",
        timezone.localdate(),
        day.world.ward,
        day.contact,
    )


def test_it_shows_first_timers_first_on_the_key_persons_list(client: Client, day: Ward) -> None:
    make_entry(day.world, patient="Bodil", met_peer_before=True)
    make_entry(day.world, patient="Stue 9", met_peer_before=False)
    login(client, day.world.key_person)
    html = client.get(reverse("conversations:ward_list")).content.decode()
    assert html.index("Stue 9") < html.index("Bodil")


def test_it_refuses_a_cpr_number_and_keeps_what_was_typed(client: Client, day: Ward) -> None:
    login(client, day.world.key_person)
    response = _add(client, day, patient="Anna 010190-1234")
    assert response.status_code == 200
    assert "CPR" in response.content.decode() and "Anna 010190-1234" in response.content.decode()
    assert not ListEntry.objects.exists()


def test_it_refuses_a_contact_person_from_outside_the_ward(client: Client, day: Ward) -> None:
    login(client, day.world.key_person)
    response = _add(client, day, contact_person=str(day.world.coordinator.pk))
    assert response.status_code == 200
    assert not ListEntry.objects.exists()


def test_it_keeps_lists_for_another_day(client: Client, day: Ward) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    login(client, day.world.key_person)
    client.post(
        f"{reverse('conversations:ward_list')}?dato={tomorrow.isoformat()}",
        {"patient": "Erik", "met_peer_before": "1", "contact_person": str(day.contact.pk)},
        follow=True,
    )
    assert ListEntry.objects.get().day == tomorrow
    assert "Erik" not in client.get(reverse("conversations:ward_list")).content.decode()


def test_it_removes_a_waiting_patient_but_not_one_who_talked(client: Client, day: Ward) -> None:
    waiting = make_entry(day.world, patient="Fie")
    talked = make_entry(day.world, patient="Gitte")
    Conversation.objects.create(shift=day.shift, entry=talked, started_at=timezone.now())
    login(client, day.world.key_person)
    client.post(reverse("conversations:entry_remove", kwargs={"code": waiting.code}))
    client.post(reverse("conversations:entry_remove", kwargs={"code": talked.code}))
    assert list(ListEntry.objects.values_list("patient", flat=True)) == ["Gitte"]


def test_it_shows_the_peer_on_shift_to_the_key_person(client: Client, day: Ward) -> None:
    login(client, day.world.key_person)
    assert "Peter" in client.get(reverse("conversations:ward_list")).content.decode()
