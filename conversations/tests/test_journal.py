"""Journal notes: the theme only, to the patient's contact person, who marks them filed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conversations import services
from conversations.models import Conversation, JournalNote, Theme
from conversations.services import ConversationRefused
from conversations.tests.factories import Ward, make_contact_person, make_entry
from tests.personas import login


def _held(day: Ward, patient: str = "Anna", theme_label: str = "Håb og drømme") -> Conversation:
    theme = Theme.objects.get_or_create(ward=day.world.ward, label=theme_label)[0]
    entry = make_entry(day.world, patient=patient, contact_person=day.contact)
    conversation = services.start_conversation(shift=day.shift, entry=entry, acting_user=day.world.peer)
    return services.save_conversation(
        conversation=conversation,
        started_at=conversation.started_at,
        ended_at=conversation.started_at + timedelta(minutes=30),
        theme=theme,
        private_note="",
        acting_user=day.world.peer,
    )


def test_it_shows_the_contact_person_their_unfiled_notes(client: Client, day: Ward) -> None:
    _held(day, patient="Anna", theme_label="Håb og drømme")
    login(client, day.contact)
    html = client.get(reverse("conversations:journal_notes")).content.decode()
    assert "Anna" in html and "Håb og drømme" in html


def test_it_shows_the_note_only_to_the_patients_contact_person(client: Client, day: Ward) -> None:
    _held(day)
    other_nurse = make_contact_person(day.world, email="anden@example.dk", first_name="Ole")
    login(client, other_nurse)
    assert "Håb og drømme" not in client.get(reverse("conversations:journal_notes")).content.decode()
    login(client, day.world.key_person)
    assert "Håb og drømme" not in client.get(reverse("conversations:journal_notes")).content.decode()


def test_it_marks_a_note_filed(client: Client, day: Ward) -> None:
    conversation = _held(day)
    note = JournalNote.objects.get(conversation=conversation)
    login(client, day.contact)
    client.post(reverse("conversations:journal_note_file", kwargs={"code": note.code}))
    note.refresh_from_db()
    assert note.filed_at is not None and note.filed_by == day.contact
    assert "Håb og drømme" not in client.get(reverse("conversations:journal_notes")).content.decode()
    assert "Håb og drømme" in client.get(reverse("conversations:journal_notes") + "?vis=journalfoerte").content.decode()


def test_it_files_a_note_once(day: Ward) -> None:
    note = JournalNote.objects.get(conversation=_held(day))
    services.file_journal_note(note=note, acting_user=day.contact)
    with pytest.raises(ConversationRefused):
        services.file_journal_note(note=note, acting_user=day.contact)


def test_it_keeps_the_theme_of_a_filed_note(day: Ward) -> None:
    conversation = _held(day)
    services.file_journal_note(note=JournalNote.objects.get(conversation=conversation), acting_user=day.contact)
    other = Theme.objects.create(ward=day.world.ward, label="Medicin")
    with pytest.raises(ConversationRefused):
        services.save_conversation(
            conversation=conversation,
            started_at=conversation.started_at,
            ended_at=conversation.ended_at,
            theme=other,
            private_note="",
            acting_user=day.world.peer,
        )


def test_it_updates_an_unfiled_note_when_the_peer_corrects_the_theme(day: Ward) -> None:
    conversation = _held(day)
    other = Theme.objects.create(ward=day.world.ward, label="Medicin")
    services.save_conversation(
        conversation=conversation,
        started_at=conversation.started_at,
        ended_at=conversation.ended_at,
        theme=other,
        private_note="",
        acting_user=day.world.peer,
    )
    assert JournalNote.objects.get().theme == "Medicin"


def test_it_makes_no_note_for_a_conversation_still_going_on(day: Ward) -> None:
    entry = make_entry(day.world, contact_person=day.contact)
    services.start_conversation(shift=day.shift, entry=entry, acting_user=day.world.peer, at=timezone.now())
    assert not JournalNote.objects.exists()
