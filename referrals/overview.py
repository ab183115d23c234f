"""The coordinator's overview (replaces the seeds' shared spreadsheet, DOMAIN §8): who waits and how
long, who is free, courses near their end, agreements and evaluations missing, guides not followed up."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from core.models import Organisation
from referrals import selectors


def _support_attention(organisation: Organisation, today: datetime.date) -> dict[str, list[Any]]:
    try:
        from support.selectors import coordinator_attention
    except ImportError:  # pragma: no cover - the support app is part of the project
        return {"near_end": [], "agreement_missing": [], "evaluation_missing": []}
    return coordinator_attention(organisation, today)


def _follow_ups_overdue(organisation: Organisation, today: datetime.date) -> list[Any]:
    from education.support_selectors import follow_up_statuses

    return [s for s in follow_up_statuses(organisation, today=today) if s.overdue]


def overview_for(organisation: Organisation, *, today: datetime.date, coordinator: bool) -> dict[str, Any]:
    """Everything the overview page shows. Leads see waiting and free peers; the rest is the coordinator's."""
    now = timezone.now()
    waiting: list[tuple[Any, selectors.QueueRow]] = []
    free: list[tuple[Any, selectors.FreePeer]] = []
    for programme in selectors.referral_programmes(organisation):
        waiting.extend((programme, row) for row in selectors.queue(programme, now=now))
        free.extend((programme, row) for row in selectors.free_peers(programme, today=today))
    waiting.sort(key=lambda item: (-item[1].waiting_days, item[1].referral.pk))
    data: dict[str, Any] = {"waiting": waiting, "free": free, "coordinator": coordinator}
    if coordinator:
        data["attention"] = _support_attention(organisation, today)
        data["follow_ups"] = _follow_ups_overdue(organisation, today)
    return data
