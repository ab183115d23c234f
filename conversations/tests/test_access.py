"""Who may open each page: every view for every persona; outsiders and other roles get 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conversations import services
from conversations.models import JournalNote, Theme
from conversations.tests.factories import Ward, make_entry
from tests.personas import login

PERSONAS = ("coordinator", "peer", "key_person", "citizen", "teacher", "lead", "analyst", "administrator", "outsider")


@pytest.fixture
def objects(day: Ward, django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    theme = Theme.objects.create(ward=day.world.ward, label="Håb og drømme")
    # The key person persona is the patient's contact person here, so they may file the note.
    entry = make_entry(day.world, patient="Anna", contact_person=day.world.key_person)
    waiting = make_entry(day.world, patient="Bo")
    conversation = services.start_conversation(shift=day.shift, entry=entry, acting_user=day.world.peer)
    services.save_conversation(
        conversation=conversation,
        started_at=conversation.started_at,
        ended_at=conversation.started_at + timedelta(minutes=20),
        theme=theme,
        private_note="",
        acting_user=day.world.peer,
    )
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.raise_safety_notice(
            ward=day.world.ward, shift=day.shift, patient="Anna", message="Bekymret", acting_user=day.world.peer
        )
    return {
        "shift": day.shift.code,
        "entry": waiting.code,
        "conversation": conversation.code,
        "note": JournalNote.objects.get().code,
        "notice": notice.code,
        "theme": theme.code,
    }


def _get(name: str, **kwargs: Any) -> tuple[str, str]:
    return "get", reverse(f"conversations:{name}", kwargs=kwargs or None)


def _post(name: str, **kwargs: Any) -> tuple[str, str]:
    return "post", reverse(f"conversations:{name}", kwargs=kwargs or None)


def _views(o: dict[str, Any]) -> dict[str, tuple[tuple[str, str], set[str]]]:
    """Each view with the personas that may open it (everyone else gets 404)."""
    return {
        "today": (_get("today"), {"peer"}),
        "debriefs": (_get("debriefs"), {"coordinator", "outsider"}),
        "shift": (_get("shift", code=o["shift"]), {"peer", "coordinator"}),
        "conversation": (_get("conversation", code=o["conversation"]), {"peer"}),
        "safety_notice_new": (_get("safety_notice_new", code=o["shift"]), {"peer"}),
        "shift_log": (_post("shift_log", code=o["shift"]), {"peer"}),
        "entry_decline": (_post("entry_decline", code=o["shift"], entry_code=o["entry"]), {"peer"}),
        "ward_list": (_get("ward_list"), {"key_person"}),
        "journal_notes": (_get("journal_notes"), {"key_person"}),
        "journal_note_file": (_post("journal_note_file", code=o["note"]), {"key_person"}),
        "safety_notice": (_get("safety_notice", code=o["notice"]), {"peer", "key_person", "coordinator"}),
        "safety_notice_acknowledge": (
            _post("safety_notice_acknowledge", code=o["notice"]),
            {"key_person", "coordinator"},
        ),
        "theme_toggle": (_post("theme_toggle", code=o["theme"]), {"coordinator"}),
        "escalation": (_post("escalation"), {"coordinator"}),
        "themes": (_get("themes"), {"coordinator", "outsider"}),
        "report": (_get("report"), {"coordinator", "lead", "analyst", "outsider"}),
        "report_export": (_get("report_export"), {"coordinator", "lead", "analyst", "outsider"}),
        "safety_notices": (_get("safety_notices"), {"peer", "key_person", "coordinator", "lead", "outsider"}),
        "entry_remove": (_post("entry_remove", code=o["entry"]), {"key_person"}),
    }


VIEW_NAMES = [
    "today", "debriefs", "shift", "conversation", "safety_notice_new", "shift_log", "entry_decline", "ward_list",
    "journal_notes", "journal_note_file", "safety_notice", "safety_notice_acknowledge", "theme_toggle", "escalation", "themes",
    "report", "report_export", "safety_notices", "entry_remove",
]  # fmt: skip


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_it_opens_each_view_only_for_the_right_personas(view: str, day: Ward, objects: dict[str, Any]) -> None:
    (method, url), allowed = _views(objects)[view]
    for name in PERSONAS:
        client = login(Client(), day.world.personas()[name])
        data = {"informal_minutes": "0", "afsnit": str(day.world.ward.code), "escalation_minutes": "10"}
        response = client.get(url) if method == "get" else client.post(url, data)
        if name in allowed:
            assert response.status_code in (200, 302), (view, name, response.status_code)
        else:
            assert response.status_code == 404, (view, name, response.status_code)


def test_it_shows_the_outsider_nothing_of_the_organisation(day: Ward, objects: dict[str, Any]) -> None:
    client = login(Client(), day.world.outsider)
    for url in (
        reverse("conversations:safety_notices"),
        reverse("conversations:report"),
        reverse("conversations:debriefs"),
    ):
        html = client.get(url).content.decode()
        assert "Anna" not in html and day.world.ward.name not in html and "Håb og drømme" not in html


def test_it_sends_anonymous_visitors_to_login(client: Client, objects: dict[str, Any]) -> None:
    response = client.get(reverse("conversations:shift", kwargs={"code": objects["shift"]}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))


def test_it_hides_another_peers_shift(day: Ward, objects: dict[str, Any]) -> None:
    from conversations.tests.factories import make_peer, make_shift
    from core.models import Role
    from tests.personas import make_member

    other_user = make_member("anden.peer@example.dk", "Olga", day.world.organisation, Role.PEER)
    other_peer = make_peer(day.world, user=other_user, first_name="Olga")
    other_shift = make_shift(day.world, peer=other_peer)
    client = login(Client(), day.world.peer)
    assert client.get(reverse("conversations:shift", kwargs={"code": other_shift.code})).status_code == 404
    olga = login(Client(), other_user)
    assert olga.get(reverse("conversations:conversation", kwargs={"code": objects["conversation"]})).status_code == 404
