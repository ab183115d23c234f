"""Daily jobs of the feedback app: reminders about unanswered questionnaires, repeated measurements."""

from __future__ import annotations

from core.tasks import register_daily


@register_daily("feedback.send_reminders")
def send_reminders_job() -> int:
    """One reminder per unanswered invitation, the set number of days after it was e-mailed."""
    from feedback.services import send_reminders

    return send_reminders()


@register_daily("feedback.invite_repeated_measurements")
def invite_repeated_measurements_job() -> int:
    """Invitations for measurement plans "every N weeks"."""
    from feedback.services import invite_repeated_measurements

    return invite_repeated_measurements()
