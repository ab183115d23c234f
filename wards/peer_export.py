"""The wards app's part of a peer's own data export (people.exports): the peer's published shifts."""

from __future__ import annotations

from typing import Any

from people.models import Peer
from wards.models import Shift


def export_shifts(peer: Peer) -> list[dict[str, Any]]:
    shifts = Shift.objects.filter(peer=peer, plan__status="published").select_related("ward").order_by("date", "start")
    return [
        {
            "date": s.date.isoformat(),
            "start": s.start.isoformat("minutes"),
            "end": s.end.isoformat("minutes"),
            "ward": s.ward.name,
        }
        for s in shifts
    ]


def register() -> None:
    from people.exports import register_peer_export

    register_peer_export("ward_shifts", export_shifts)
