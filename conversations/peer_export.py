"""The conversations app's part of a peer's own data export (people.exports): per shift, the number of
conversations, the informal time and the peer's own debrief note. Nothing about a patient leaves with it."""

from __future__ import annotations

from typing import Any

from conversations.models import Conversation, ShiftLog
from people.models import Peer


def export_shift_logs(peer: Peer) -> list[dict[str, Any]]:
    logs = ShiftLog.objects.filter(shift__peer=peer).select_related("shift", "shift__ward").order_by("shift__date")
    counts: dict[int, int] = {}
    for shift_id in Conversation.objects.filter(shift__peer=peer).values_list("shift_id", flat=True):
        counts[shift_id] = counts.get(shift_id, 0) + 1
    return [
        {
            "date": log.shift.date.isoformat(),
            "ward": log.shift.ward.name,
            "conversations": counts.get(log.shift_id, 0),
            "informal_minutes": log.informal_minutes,
            "debrief_note": log.debrief_note,
        }
        for log in logs
    ]


def register() -> None:
    from people.exports import register_peer_export

    register_peer_export("ward_shift_logs", export_shift_logs)
