"""What each figure is called and how it is read, in the user's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from reports.selectors import Figure

LABELS: dict[str, tuple[Any, Any]] = {
    "citizens_in_support": (
        _("Citizens in a course of support"),
        _("Distinct citizens with a 1:1 course of support running at some time in the period."),
    ),
    "support_started": (_("Courses of support started"), ""),
    "support_ended": (_("Courses of support ended"), ""),
    "support_ongoing": (_("Courses of support ongoing at the end of the period"), ""),
    "waiting_median_days": (
        _("Waiting time, median (days)"),
        _("From referral to the first logged meeting, for courses started in the period."),
    ),
    "waiting_mean_days": (_("Waiting time, mean (days)"), ""),
    "meetings": (_("Meetings logged"), ""),
    "meeting_hours": (_("Hours of meetings"), ""),
    "volunteer_hours": (_("Volunteer hours"), _("Hours of meetings logged by volunteer peers.")),
    "ward_conversations": (
        _("Ward conversations"),
        _("Counted separately: patients on a ward are not identified, so they are not added to citizens."),
    ),
    "ward_conversations_per_week": (_("Ward conversations per week (average)"), ""),
    "course_runs": (_("Course runs"), _("Published or finished runs taking place in the period.")),
    "course_participants": (
        _("Course participants"),
        _("Places taken on those runs; a person on two runs counts twice."),
    ),
    "attendance_rate": (_("Course attendance (%)"), _("Share of marked attendances where the participant came.")),
    "fill_rate": (_("Fill rate (%)"), _("Places taken as a share of places offered.")),
    "certificates": (_("Course certificates issued"), ""),
    "peers_active": (_("Peers active"), _("Peers whose status is active today.")),
    "education_completions": (_("Education modules completed"), ""),
    "supervision_attendance": (_("Supervision attendance (%)"), _("Share of recorded attendances marked present.")),
}


def label(figure: Figure) -> Any:
    return LABELS[figure.key][0]


def explanation(figure: Figure) -> Any:
    return LABELS[figure.key][1]
