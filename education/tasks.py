"""Daily jobs of peer education and support: deadline warnings, overdue follow-ups, meetings a year ahead."""

from __future__ import annotations

from core.tasks import register_daily


@register_daily("education.deadline_warnings")
def deadline_warnings_job() -> int:
    """The coordinator and the peer hear 60 and 14 days before the deadline for the mandatory modules."""
    from education.services import send_deadline_warnings

    return send_deadline_warnings()


@register_daily("education.follow_up_reminders")
def follow_up_reminders_job() -> int:
    """Coordinators hear once when a peer becomes overdue for an individual follow-up."""
    from education.support_services import send_follow_up_reminders

    return send_follow_up_reminders()


@register_daily("education.extend_meeting_series")
def extend_meeting_series_job() -> int:
    """Recurring meetings stay planned a year ahead."""
    from education.support_services import extend_all_series

    return extend_all_series()
