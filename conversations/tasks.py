"""Background work for ward conversations: the delayed escalation of a safety notice."""

from __future__ import annotations

from django.tasks import task

from core.tasks import register_daily


@task()
def escalate_safety_notice_task(*, notice_code: str) -> bool:
    """Enqueued with run_after = the notice's escalation time; does nothing if someone acknowledged."""
    from conversations.models import SafetyNotice
    from conversations.services import escalate_safety_notice

    notice = SafetyNotice.objects.filter(code=notice_code).first()
    if notice is None:
        return False
    return escalate_safety_notice(notice=notice)


@register_daily("conversations.escalate_overdue_safety_notices")
def escalate_overdue_job() -> int:
    """A safety net should a delayed task have been lost (e.g. the task table was cleared)."""
    from conversations.services import escalate_overdue_safety_notices

    return escalate_overdue_safety_notices()
