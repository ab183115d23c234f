"""Daily jobs of the people app: deleting old applications, and reminders about paused peers."""

from __future__ import annotations

from core.tasks import register_daily


@register_daily("people.delete_expired_applications")
def delete_expired_applications_job() -> int:
    """Declined and withdrawn applications are deleted when the retention period has passed."""
    from people.recruitment import delete_expired_applications

    return delete_expired_applications()


@register_daily("people.remind_pause_returns")
def remind_pause_returns_job() -> int:
    """Coordinators hear when a paused peer's expected return has come."""
    from people.services import remind_pause_returns

    return remind_pause_returns()
