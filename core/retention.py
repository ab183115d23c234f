"""Retention per organisation and data type (DOMAIN §10): a registry of purges and the daily run.

An app registers each kind of personal data it deletes (or anonymises) on time:

    retention.register("public.contact_messages", _("Contact messages"), default_days=..., purge=...)

`purge(organisation, cutoff)` removes that organisation's data of the type from before `cutoff` (an
aware datetime) and returns how many it removed; `organisation` is None for data that belongs to no
organisation (it always uses the default). The default is the installation's setting (an environment
value); an organisation's administrator may set its own period (`RetentionPeriod`), never below the
type's minimum. The daily job runs every purge and writes one audit entry per purge with the count.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from core.audit import log_action
from core.models import AuditKind, Organisation, RetentionPeriod, User

logger = logging.getLogger(__name__)

Purge = Callable[[Organisation | None, datetime], int]
MAXIMUM_DAYS = 36500


@dataclass(frozen=True)
class RetentionType:
    key: str
    label: str | Promise
    default: int | Callable[[], int]
    purge: Purge
    minimum_days: int = 1

    @property
    def default_days(self) -> int:
        return int(self.default() if callable(self.default) else self.default)


_TYPES: dict[str, RetentionType] = {}


def register(
    key: str,
    label: str | Promise,
    default_days: int | Callable[[], int],
    purge: Purge,
    *,
    minimum_days: int = 1,
) -> RetentionType:
    """Register a data type; `default_days` may be a callable so a setting is read when the job runs."""
    retention_type = RetentionType(key, label, default_days, purge, max(1, minimum_days))
    _TYPES[key] = retention_type
    return retention_type


def registered() -> list[RetentionType]:
    return [_TYPES[key] for key in sorted(_TYPES)]


def periods_of(organisation: Organisation) -> dict[str, int]:
    """The organisation's own periods by key (types without a row use their default)."""
    return dict(RetentionPeriod.objects.filter(organisation=organisation).values_list("key", "days"))


def days_for(organisation: Organisation | None, retention_type: RetentionType) -> int:
    if organisation is not None:
        own = periods_of(organisation).get(retention_type.key)
        if own is not None:
            return own
    return retention_type.default_days


def set_retention_periods(*, organisation: Organisation, acting_user: User, periods: dict[str, int | None]) -> int:
    """Set (a number) or clear (None: back to the default) the organisation's periods; returns how many changed."""
    changed = 0
    with transaction.atomic():
        current = {p.key: p for p in RetentionPeriod.objects.select_for_update().filter(organisation=organisation)}
        for key, days in periods.items():
            retention_type = _TYPES[key]
            old = current.get(key)
            if days is None:
                if old is None:
                    continue
                old.delete()
            else:
                if not retention_type.minimum_days <= days <= MAXIMUM_DAYS:
                    raise ValueError(f"{key}: {days} days is outside {retention_type.minimum_days}–{MAXIMUM_DAYS}")
                if old is not None and old.days == days:
                    continue
                RetentionPeriod.objects.update_or_create(organisation=organisation, key=key, defaults={"days": days})
            log_action(
                organisation,
                "core.retention.period_changed",
                actor=acting_user,
                data={"type": key, "from": old.days if old else None, "to": days},
            )
            changed += 1
    return changed


def run_purge(retention_type: RetentionType, organisation: Organisation | None, *, now: datetime | None = None) -> int:
    """One purge of one type for one organisation (or for data of no organisation), audited with the count."""
    days = days_for(organisation, retention_type)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    with transaction.atomic():
        count = int(retention_type.purge(organisation, cutoff))
        log_action(
            None,
            "core.retention.purged",
            actor=None,
            kind=AuditKind.DELETE,
            organisation=organisation,
            data={"type": retention_type.key, "retention_days": days, "deleted": count},
        )
    return count


class RetentionFailed(RuntimeError):
    pass


def run_retention(*, now: datetime | None = None) -> dict[str, int]:
    """The daily job: every registered type for every organisation, then for data of no organisation.

    A purge that fails is rolled back and reported at the end; it does not stop the other purges."""
    totals: dict[str, int] = {}
    failed: list[str] = []
    organisations: list[Organisation | None] = [*Organisation.objects.order_by("pk"), None]
    for retention_type in registered():
        totals[retention_type.key] = 0
        for organisation in organisations:
            try:
                totals[retention_type.key] += run_purge(retention_type, organisation, now=now)
            except Exception:
                logger.exception("Retention purge %s failed for %s", retention_type.key, organisation)
                failed.append(f"{retention_type.key} ({organisation.code if organisation else 'none'})")
    if failed:
        raise RetentionFailed(f"purges failed: {', '.join(failed)}; deleted: {totals}")
    return totals
