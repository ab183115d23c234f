"""Reads of the core app that are more than a filter."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from core.models import AuditEntry, Membership, Organisation, User


def users_of(organisation: Organisation) -> QuerySet[User]:
    """Users with an active role in the organisation, with their memberships in two queries."""
    return (
        User.objects.filter(memberships__organisation=organisation, memberships__active=True)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(organisation=organisation, active=True).select_related("unit"),
                to_attr="org_memberships",
            )
        )
        .order_by("first_name", "last_name", "email")
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_audit_log(
    *,
    organisation: Organisation,
    q: str = "",
    kind: str = "",
    subject: Any = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(organisation=organisation).select_related("actor")
    if q:
        entries = entries.filter(
            Q(action__icontains=q) | Q(actor_label__icontains=q) | Q(object_code__icontains=q) | Q(purpose__icontains=q)
        )
    if kind:
        entries = entries.filter(kind=kind)
    if subject:
        entries = entries.filter(subject_code=str(subject))
    if date_from:
        entries = entries.filter(at__gte=_day_start(date_from))
    if date_to:
        entries = entries.filter(at__lt=_day_start(date_to) + timedelta(days=1))
    return entries.order_by("-at", "-id")


def access_log_for_person(subject_code: Any, *more_codes: Any) -> QuerySet[AuditEntry]:
    """What a person may learn about lookups of their data: dates, kinds and purposes (DOMAIN §10).

    More codes are the same person under other records, e.g. a peer's earlier application.
    """
    codes = {str(code) for code in (subject_code, *more_codes) if code}
    return (
        AuditEntry.objects.filter(subject_code__in=codes)
        .exclude(kind__in=["login", "login_failed", "lockout"])
        .select_related("organisation")
        .order_by("-at")
    )
