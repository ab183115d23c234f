"""Daily jobs of the people app: reminders about paused peers; and the retention of old applications.

Declined and withdrawn applications are deleted when the retention period has passed: the retention
job of core (core.retention) runs the purge per organisation and logs the count."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from core import retention
from core.models import Organisation
from core.tasks import register_daily


def _delete_expired_applications(organisation: Organisation | None, cutoff: datetime) -> int:
    from people.recruitment import delete_expired_applications

    return delete_expired_applications(organisation, cutoff)


def _default_days() -> int:
    from people.recruitment import application_retention_days

    return application_retention_days()


retention.register(
    "people.peer_applications",
    _("Declined and withdrawn peer applications"),
    _default_days,
    _delete_expired_applications,
    minimum_days=30,
)


@register_daily("people.remind_pause_returns")
def remind_pause_returns_job() -> int:
    """Coordinators hear when a paused peer's expected return has come."""
    from people.services import remind_pause_returns

    return remind_pause_returns()
