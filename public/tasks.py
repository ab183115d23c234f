"""The public site's daily job: contact messages are deleted when their retention period ends."""

from __future__ import annotations

from core.tasks import register_daily


@register_daily("public.delete_old_contact_messages")
def delete_old_contact_messages_job() -> int:
    from public.services import delete_old_contact_messages

    return delete_old_contact_messages()
