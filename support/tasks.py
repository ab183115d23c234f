"""Daily jobs of the support app: reminders about late cooperation agreements and courses nearing their end."""

from __future__ import annotations

from core.tasks import register_daily


@register_daily("support.reminders")
def send_course_reminders() -> int:
    from support.services import send_due_reminders

    return send_due_reminders()
