"""The public site's retention: contact messages are deleted when their retention period ends.

The retention job of core (core.retention) runs the purge per organisation and logs the count."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from core import retention
from core.models import Organisation


def _delete_old_contact_messages(organisation: Organisation | None, cutoff: datetime) -> int:
    from public.services import delete_old_contact_messages

    return delete_old_contact_messages(organisation, cutoff)


def _default_days() -> int:
    from public.services import contact_retention_days

    return contact_retention_days()


retention.register(
    "public.contact_messages",
    _("Messages from the public contact form"),
    _default_days,
    _delete_old_contact_messages,
    minimum_days=30,
)
