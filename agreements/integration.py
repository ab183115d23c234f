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
