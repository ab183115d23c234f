"""Nothing but the theme leaves the peer–patient room (DOMAIN §9, §10): the peer's free text and the
conversation's details never reach the contact person, the key person, the coordinator, reports or the
journal."""

from __future__ import annotations

import io
from datetime import datetime, time
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conversations import services
from conversations.models import JournalNote, Theme
from conversations.tests.factories import Ward, make_entry
from core.models import AuditEntry
from tests.personas import login

SECRET = "Fortroligt-om-barndommen-7731"


def _conversation(day: Ward) -> JournalNote:
    theme = Theme.objects.create(ward=day.world.ward, label="Min vej til recovery")
    entry = make_entry(day.world, patient="Anna", contact_person=day.contact)
    conversation = services.start_conversation(shift=day.shift, entry=entry, acting_user=day.world.peer)
    started = timezone.make_aware(datetime.combine(day.shift.date, time(13, 7)))
    services.save_conversation(
        conversation=conversation,
        started_at=started,
        ended_at=timezone.make_aware(datetime.combine(day.shift.date, time(13, 41))),
        theme=theme,
        private_note=SECRET,
        acting_user=day.world.peer,
    )
    return JournalNote.objects.get(conversation=conversation)


def _pages(day: Ward, note: JournalNote) -> list[str]:
    shift_url = reverse("conversations:shift", kwargs={"code": day.shift.code})
    return [
        reverse("core:home"),
        reverse("conversations:journal_notes"),
        reverse("conversations:journal_notes") + "?vis=journalfoerte",
        reverse("conversations:ward_list"),
        reverse("conversations:safety_notices"),
        reverse("conversations:report"),
        reverse("conversations:report_export"),
        shift_url,
    ]


def _text_of(response: Any) -> bytes:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(response.content))
        cells = [str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None]
        return "\n".join(cells).encode()
    return bytes(response.content)


def test_it_keeps_the_peers_note_and_the_times_from_everyone_else(day: Ward, on_commit: Any) -> None:
    note = _conversation(day)
    with on_commit(execute=True):
        services.raise_safety_notice(
            ward=day.world.ward,
            shift=day.shift,
            patient="Anna",
            message="Bekymret for Anna",
            acting_user=day.world.peer,
        )
    world = day.world
    for user in (day.contact, world.key_person, world.coordinator, world.lead, world.analyst, world.administrator):
        client = login(Client(), user)
        for url in _pages(day, note):
            response = client.get(url)
            body = _text_of(response)
            assert SECRET.encode() not in body, (user.email, url)
            if url != reverse("conversations:report_export"):
                assert b"13:07" not in body and b"13:41" not in body, (user.email, url)


def test_it_gives_the_journal_the_theme_only(day: Ward) -> None:
    note = _conversation(day)
    stored = {f.name: str(getattr(note, f.name)) for f in JournalNote._meta.concrete_fields}
    assert all(SECRET not in value for value in stored.values())
    assert note.theme == "Min vej til recovery"
    client = login(Client(), day.contact)
    html = client.get(reverse("conversations:journal_notes")).content.decode()
    assert "Min vej til recovery" in html and SECRET not in html


def test_it_writes_no_free_text_to_the_audit_log_or_e_mails(day: Ward, on_commit: Any) -> None:
    _conversation(day)
    with on_commit(execute=True):
        services.raise_safety_notice(
            ward=day.world.ward, shift=day.shift, patient="Anna", message=SECRET, acting_user=day.world.peer
        )
    for entry in AuditEntry.objects.all():
        assert SECRET not in str(entry.data) and SECRET not in entry.purpose
    assert mail.outbox and all(SECRET not in m.body and SECRET not in m.subject for m in mail.outbox)


def test_it_shows_the_peer_their_own_note(day: Ward) -> None:
    note = _conversation(day)
    client = login(Client(), day.world.peer)
    html = client.get(reverse("conversations:conversation", kwargs={"code": note.conversation.code})).content.decode()
    assert SECRET in html
