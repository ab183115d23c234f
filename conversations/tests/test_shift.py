"""The peer's shift on a phone: the list in order, starting and ending conversations, the end of the shift."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conversations.models import Conversation, EntryStatus, JournalNote, ShiftLog, Theme
from conversations.tests.factories import Ward, make_entry, make_peer, make_shift
from tests.personas import login


def _shift_url(day: Ward) -> str:
    return reverse("conversations:shift", kwargs={"code": day.shift.code})


def test_it_lists_patients_who_have_not_met_a_peer_first(client: Client, day: Ward) -> None:
    world = day.world
    make_entry(world, patient="Bent", met_peer_before=True)
    make_entry(world, patient="Stue 4", met_peer_before=False)
    make_entry(world, patient="Carla", met_peer_before=True)
    make_entry(world, patient="Dorte", met_peer_before=False)
    login(client, world.peer)
    html = client.get(_shift_url(day)).content.decode()
    positions = [html.index(name) for name in ("Stue 4", "Dorte", "Bent", "Carla")]
    assert positions == sorted(positions)


def test_it_shows_only_the_list_of_the_shifts_ward_and_day(client: Client, day: Ward) -> None:
    world = day.world
    make_entry(world, patient="Idag")
    make_entry(world, patient="Imorgen", day=timezone.localdate() + timedelta(days=1))
    login(client, world.peer)
    html = client.get(_shift_url(day)).content.decode()
    assert "Idag" in html and "Imorgen" not in html


def test_it_starts_a_conversation_now(client: Client, day: Ward) -> None:
    entry = make_entry(day.world, patient="Anna", contact_person=day.contact)
    login(client, day.world.peer)
    response = client.post(
        reverse("conversations:entry_start", kwargs={"code": day.shift.code, "entry_code": entry.code})
    )
    conversation = Conversation.objects.get(entry=entry)
    assert response.status_code == 302 and response["Location"].endswith(str(conversation.code) + "/")
    assert abs(conversation.started_at - timezone.now()) < timedelta(minutes=1)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.TALKED


def test_it_refuses_to_start_twice_with_the_same_patient(client: Client, day: Ward) -> None:
    entry = make_entry(day.world)
    login(client, day.world.peer)
    url = reverse("conversations:entry_start", kwargs={"code": day.shift.code, "entry_code": entry.code})
    client.post(url)
    client.post(url)
    assert Conversation.objects.filter(entry=entry).count() == 1


def _start(client: Client, day: Ward, patient: str = "Anna") -> Conversation:
    entry = make_entry(day.world, patient=patient, contact_person=day.contact)
    client.post(reverse("conversations:entry_start", kwargs={"code": day.shift.code, "entry_code": entry.code}))
    return Conversation.objects.get(entry=entry)


def _theme(day: Ward, label: str = "Udskrivelse og tiden efter") -> Theme:
    return Theme.objects.get(ward=day.shift.ward, label=label)


def test_it_logs_a_conversation_with_times_and_a_theme(client: Client, day: Ward) -> None:
    login(client, day.world.peer)
    client.get(_shift_url(day))  # gives the ward its default themes
    conversation = _start(client, day)
    theme = _theme(day)
    response = client.post(
        reverse("conversations:conversation", kwargs={"code": conversation.code}),
        {"start": "13:00", "end": "13:35", "theme": theme.pk, "private_note": "Talte om søvn"},
    )
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert timezone.localtime(conversation.started_at).strftime("%H:%M") == "13:00"
    assert conversation.minutes == 35
    assert conversation.theme == theme
    note = JournalNote.objects.get(conversation=conversation)
    assert (note.theme, note.patient, note.contact_person) == (theme.label, "Anna", day.contact)


def test_it_ends_a_conversation_now(client: Client, day: Ward) -> None:
    login(client, day.world.peer)
    client.get(_shift_url(day))
    conversation = _start(client, day)
    Conversation.objects.filter(pk=conversation.pk).update(started_at=timezone.now() - timedelta(minutes=20))
    conversation.refresh_from_db()
    start = timezone.localtime(conversation.started_at).strftime("%H:%M")
    client.post(
        reverse("conversations:conversation", kwargs={"code": conversation.code}),
        {"start": start, "theme": _theme(day).pk, "end_now": "1"},
    )
    conversation.refresh_from_db()
    assert conversation.ended_at is not None
    assert 19 <= (conversation.minutes or 0) <= 21


def test_it_asks_for_the_theme_before_the_conversation_ends(client: Client, day: Ward) -> None:
    login(client, day.world.peer)
    conversation = _start(client, day)
    response = client.post(
        reverse("conversations:conversation", kwargs={"code": conversation.code}),
        {"start": "13:00", "end": "13:30", "private_note": "Mine egne ord"},
    )
    assert response.status_code == 200
    assert "Vælg det tema" in response.content.decode()
    assert "Mine egne ord" in response.content.decode()  # nothing typed is lost
    conversation.refresh_from_db()
    assert conversation.ended_at is None
    assert not JournalNote.objects.exists()


def test_it_refuses_an_end_before_the_start(client: Client, day: Ward) -> None:
    login(client, day.world.peer)
    client.get(_shift_url(day))
    conversation = _start(client, day)
    response = client.post(
        reverse("conversations:conversation", kwargs={"code": conversation.code}),
        {"start": "13:30", "end": "13:00", "theme": _theme(day).pk},
    )
    assert response.status_code == 200
    assert "Sluttidspunktet skal ligge efter starttidspunktet" in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.ended_at is None


def test_it_refuses_a_theme_of_another_ward(client: Client, day: Ward) -> None:
    from core.models import Unit, UnitKind

    other_ward = Unit.objects.create(organisation=day.world.organisation, name="Afsnit P2", kind=UnitKind.WARD)
    foreign = Theme.objects.create(ward=other_ward, label="Fremmed tema")
    login(client, day.world.peer)
    conversation = _start(client, day)
    response = client.post(
        reverse("conversations:conversation", kwargs={"code": conversation.code}),
        {"start": "13:00", "end": "13:30", "theme": foreign.pk},
    )
    assert response.status_code == 200
    assert not JournalNote.objects.exists()


def test_it_reads_an_end_just_after_midnight_as_the_next_day(client: Client, day: Ward) -> None:
    login(client, day.world.peer)
    client.get(_shift_url(day))
    conversation = _start(client, day)
    client.post(
        reverse("conversations:conversation", kwargs={"code": conversation.code}),
        {"start": "23:50", "end": "00:20", "theme": _theme(day).pk},
    )
    conversation.refresh_from_db()
    assert conversation.minutes == 30


def test_it_marks_a_patient_who_no_longer_wants_to_talk(client: Client, day: Ward) -> None:
    entry = make_entry(day.world)
    login(client, day.world.peer)
    client.post(reverse("conversations:entry_decline", kwargs={"code": day.shift.code, "entry_code": entry.code}))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DECLINED
    assert not Conversation.objects.exists()


def test_it_saves_informal_time_and_the_debrief_note(client: Client, day: Ward) -> None:
    login(client, day.world.peer)
    response = client.post(
        reverse("conversations:shift_log", kwargs={"code": day.shift.code}),
        {"informal_minutes": "40", "debrief_note": "En god vagt med mange i miljøet."},
    )
    assert response.status_code == 302
    log = ShiftLog.objects.get(shift=day.shift)
    assert (log.informal_minutes, log.debrief_note) == (40, "En god vagt med mange i miljøet.")


def test_it_warns_when_the_debrief_note_names_a_patient_on_the_list(client: Client, day: Ward) -> None:
    make_entry(day.world, patient="Yasmin")
    login(client, day.world.peer)
    url = reverse("conversations:shift_log", kwargs={"code": day.shift.code})
    response = client.post(url, {"informal_minutes": "0", "debrief_note": "yasmin var ked af det"})
    assert response.status_code == 200
    assert "Yasmin" in response.content.decode() and "yasmin var ked af det" in response.content.decode()
    assert not ShiftLog.objects.exists()
    confirmed = client.post(
        url, {"informal_minutes": "0", "debrief_note": "yasmin var ked af det", "names_checked": "on"}
    )
    assert confirmed.status_code == 302
    assert ShiftLog.objects.get().debrief_note == "yasmin var ked af det"


def test_it_leads_the_peer_straight_to_todays_only_shift(client: Client, day: Ward) -> None:
    login(client, day.world.peer)
    response = client.get(reverse("conversations:today"))
    assert response.status_code == 302 and response["Location"] == _shift_url(day)


def test_it_lists_todays_shifts_when_there_are_several(client: Client, day: Ward) -> None:
    from datetime import time

    make_shift(day.world, peer=day.peer, start=time(15, 30), end=time(17, 30))
    login(client, day.world.peer)
    response = client.get(reverse("conversations:today"))
    assert response.status_code == 200
    assert response.content.decode().count(day.world.ward.name) >= 2


def test_it_hides_draft_shifts_from_the_peer(client: Client, world: Any) -> None:
    peer = make_peer(world)
    draft = make_shift(world, peer=peer, published=False)
    login(client, world.peer)
    assert client.get(reverse("conversations:shift", kwargs={"code": draft.code})).status_code == 404


def test_it_shows_a_coordinator_only_the_debrief(client: Client, day: Ward) -> None:
    login(client, day.world.peer)
    conversation = _start(client, day, patient="Hemmelig")
    conversation.private_note = "Privat detalje"
    conversation.save()
    ShiftLog.objects.create(shift=day.shift, informal_minutes=15, debrief_note="Til debriefing")
    coordinator = login(Client(), day.world.coordinator)
    html = coordinator.get(_shift_url(day)).content.decode()
    assert "Til debriefing" in html
    assert "Hemmelig" not in html and "Privat detalje" not in html


def test_it_lists_recent_shifts_with_their_debrief_notes_for_the_coordinator(client: Client, day: Ward) -> None:
    login(client, day.world.peer)
    conversation = _start(client, day, patient="Hemmelig")
    conversation.private_note = "Privat detalje"
    conversation.save()
    ShiftLog.objects.create(shift=day.shift, informal_minutes=25, debrief_note="Svær samtale om udskrivelse")
    coordinator = login(Client(), day.world.coordinator)
    html = coordinator.get(reverse("conversations:debriefs")).content.decode()
    assert "Svær samtale om udskrivelse" in html and _shift_url(day) in html
    assert "Hemmelig" not in html and "Privat detalje" not in html


def test_it_speaks_english_to_a_peer_who_chose_english(client: Client, day: Ward, settings: Any) -> None:
    make_entry(day.world, patient="Anna")
    login(client, day.world.peer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(_shift_url(day)).content.decode()
    assert "Patients who want a conversation" in html and "Start now" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    assert "Patienter, der ønsker en samtale" in client.get(_shift_url(day)).content.decode()
