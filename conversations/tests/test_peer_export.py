"""A peer's own data export (Mine oplysninger) holds, per shift, how many conversations there were, the
informal time and the peer's own debrief note — never a patient's name or room."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from conversations.models import ShiftLog
from conversations.tests.factories import Ward, make_entry
from tests.personas import login


def test_it_gives_the_peer_their_shift_logs_without_patients(client: Client, day: Ward) -> None:
    entry = make_entry(day.world, patient="Stue 9", contact_person=day.contact)
    login(client, day.world.peer)
    client.post(reverse("conversations:entry_start", kwargs={"code": day.shift.code, "entry_code": entry.code}))
    ShiftLog.objects.update_or_create(shift=day.shift, defaults={"informal_minutes": 35, "debrief_note": "God vagt"})
    mine = next(part for part in json.loads(client.get(reverse("people:my_data_export")).content) if "peer" in part)
    [log] = mine["ward_shift_logs"]
    assert log == {
        "date": day.shift.date.isoformat(),
        "ward": day.shift.ward.name,
        "conversations": 1,
        "informal_minutes": 35,
        "debrief_note": "God vagt",
    }
    assert "Stue 9" not in json.dumps(mine["ward_shift_logs"])
