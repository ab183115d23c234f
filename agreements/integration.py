"""What the agreements app adds to the people app's pages: a column in the coordinator's peer overview
("Agreement ends") and a section on the peer's own page. Both registries are optional: when the
people app does not offer one, nothing is registered.
"""

from __future__ import annotations

import datetime
from importlib import import_module
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements import selectors
from people.models import Peer

OVERVIEW_KEY = "agreement_ends"
SECTION_KEY = "agreements"


def _optional(module: str) -> Any:
    try:
        return import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None


def annotate_agreement_ends(queryset: QuerySet[Peer]) -> QuerySet[Peer]:
    """One Subquery, so the overview takes the same number of queries for any number of peers."""
    return queryset.annotate(agreement_ends=selectors.agreement_ends_subquery())


def agreement_ends_value(peer: Peer) -> Any:
    ends: datetime.date | None = getattr(peer, "agreement_ends", None)
    overview = _optional("people.overview")
    if ends is None or overview is None:
        return ends
    soon = ends <= timezone.localdate() + datetime.timedelta(days=selectors.ENDING_SOON_DAYS)
    return overview.OverviewCell(value=ends, flag=_("Ends within 30 days") if soon else None)


def peer_page_context(peer: Peer) -> dict[str, Any] | None:
    """The peer's agreements for their own page; None (no section) when they have none."""
    agreements = selectors.own_agreements(peer)
    employments = list(peer.employment_records.select_related("unit").prefetch_related("signatures"))
    if not agreements and not employments:
        return None
    return {"agreements": agreements, "employments": employments}


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _signatures(signatures: Any) -> list[dict[str, Any]]:
    return [
        {
            "how": str(s.get_method_display()),
            "name": s.signed_name,
            "at": s.signed_at.isoformat(),
            "scan_kept": bool(s.scan),
        }
        for s in signatures
    ]


def peer_export(peer: Peer) -> dict[str, Any]:
    """The peer's agreements, employment, record checks and references for their own data export."""
    agreements = peer.agreements.select_related("programme").prefetch_related("periods", "signatures", "renewal_talks")
    return {
        "volunteer_agreements": [
            {
                "programme": a.programme.name,
                "function": str(a.get_role_display()),
                "name": a.full_name,
                "address": " ".join(x for x in (a.address, a.postcode, a.city) if x),
                "phone": a.phone,
                "email": a.email,
                "cpr": a.cpr_encrypted or None,
                "starts_on": _day(a.starts_on),
                "ended_on": _day(a.ended_on),
                "end_reason": a.end_reason,
                "insurance": a.insurance,
                "transport_covered": a.transport_covered,
                "periods": [{"from": _day(p.starts_on), "to": _day(p.ends_on)} for p in a.periods.all()],
                "renewal_talks": [
                    {"held_on": _day(t.held_on), "outcome": str(t.get_outcome_display()), "notes": t.notes}
                    for t in a.renewal_talks.all()
                ],
                "signatures": _signatures(a.signatures.all()),
                "text": a.text,
            }
            for a in agreements
        ],
        "employment_records": [
            {
                "function": str(e.get_role_display()),
                "unit": e.unit.name if e.unit else None,
                "hours_per_week": str(e.hours_per_week),
                "flex_job": e.flex_job,
                "from": _day(e.starts_on),
                "until": _day(e.ends_on),
                "special_considerations": e.considerations,
                "signatures": _signatures(e.signatures.all()),
            }
            for e in peer.employment_records.select_related("unit").prefetch_related("signatures")
        ],
        "criminal_record_checks": [
            {"seen_on": _day(c.seen_on), "seen_by": c.seen_by_name} for c in peer.record_checks.all()
        ],
        "references": [
            {"status": str(r.get_status_display()), "text": r.text, "sent_to": r.recipient_email}
            for r in peer.references.all()
        ],
    }


def register_with_people() -> None:
    overview = _optional("people.overview")
    if overview is not None and hasattr(overview, "register_overview_column"):
        overview.register_overview_column(
            OVERVIEW_KEY,
            gettext_lazy("Agreement ends"),
            annotate_agreement_ends,
            agreement_ends_value,
            OVERVIEW_KEY,
            order=60,
        )
    peer_page = _optional("people.peer_page")
    if peer_page is not None and hasattr(peer_page, "register_peer_page_section"):
        peer_page.register_peer_page_section(
            SECTION_KEY,
            gettext_lazy("My agreement"),
            "agreements/peer_page_section.html",
            context=peer_page_context,
            order=20,
        )
    exports = _optional("people.exports")
    if exports is not None and hasattr(exports, "register_peer_export"):
        exports.register_peer_export("agreements", peer_export)
