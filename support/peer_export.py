"""The support app's part of a peer's own data export (people.exports): the peer's courses of support as
dates and counts, and the peer's transport claims. No citizen's name or what was said leaves with it."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum

from people.models import Peer
from support.models import ExpenseClaim, SupportCourse


def export_courses(peer: Peer) -> list[dict[str, Any]]:
    courses = (
        SupportCourse.objects.filter(peer=peer)
        .select_related("programme")
        .annotate(meeting_count=Count("meetings"), meeting_minutes=Sum("meetings__duration_minutes"))
        .order_by("started_on")
    )
    return [
        {
            "course": str(course.code),
            "programme": course.programme.name,
            "started_on": course.started_on.isoformat(),
            "planned_end": course.planned_end.isoformat(),
            "ended_on": course.ended_on.isoformat() if course.ended_on else None,
            "stage": course.stage,
            "meetings": course.meeting_count,  # type: ignore[attr-defined]
            "meeting_minutes": course.meeting_minutes or 0,  # type: ignore[attr-defined]
        }
        for course in courses
    ]


def export_claims(peer: Peer) -> list[dict[str, Any]]:
    return [
        {
            "travelled_on": claim.travelled_on.isoformat(),
            "from": claim.from_place,
            "to": claim.to_place,
            "km": str(claim.km) if claim.km is not None else None,
            "amount": str(claim.amount),
            "receipt_note": claim.receipt_note,
            "status": claim.status,
            "rejection_reason": claim.rejection_reason,
        }
        for claim in ExpenseClaim.objects.filter(peer=peer).order_by("travelled_on", "created_at")
    ]


def register() -> None:
    from people.exports import register_peer_export

    register_peer_export("support_courses", export_courses)
    register_peer_export("transport_claims", export_claims)
