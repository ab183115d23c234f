"""The six programme models of Socialstyrelsen (2018) and their default settings from the seeds.

Every number here is a default an organisation can change on its programme; code asks
`Programme.setting(key)`, never these constants directly.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeModel(models.TextChoices):
    INDIVIDUAL_AND_GROUP = "individual_group", _("Individual and group-based peer support (Region H)")
    BRIDGE_TO_EVERYDAY = "bridge_everyday", _("Bridge to everyday life (volunteers, Region H)")
    PEER_GUIDE = "peer_guide", _("Peer guide (Region Midt)")
    RECOVERY_SCHOOL = "recovery_school", _("Recovery school (Region Midt)")
    BRIDGE_BUILDERS = "bridge_builders", _("Peers as bridge-builders (Region Sjælland)")
    ARK = "ark", _("ARK – Academy for Recovery and Competence (Region Sjælland)")


# key -> (label, kind) so the settings form can render each default as an editable field.
SETTING_LABELS: dict[str, tuple[Any, str]] = {
    "peer_kind": (_("Kind of peers"), "choice"),
    "peer_hours_min": (_("Peer hours per week, minimum"), "decimal"),
    "peer_hours_max": (_("Peer hours per week, maximum"), "decimal"),
    "citizens_per_fte_municipal": (_("Citizens reached per FTE in municipal services"), "int"),
    "citizens_per_fte_outpatient": (_("Patients reached per FTE in district psychiatry"), "int"),
    "course_max_weeks": (_("Longest 1:1 course (weeks)"), "int"),
    "meeting_hours_per_week": (_("Meeting hours per week in a 1:1 course"), "decimal"),
    "follow_up_days": (_("Coordinator follows up with each peer every (days)"), "int"),
    "waiting_alert_days": (_("Alert when a referral has waited (days)"), "int"),
    "agreement_months": (_("Volunteer agreement period (months)"), "int"),
    "min_participants": (_("Minimum participants in a course run"), "int"),
    "max_participants": (_("Maximum participants in a course run"), "int"),
    "session_hours": (_("Hours per teaching session"), "decimal"),
    "certificate_attendance_percent": (_("Attendance needed for a certificate (%)"), "int"),
    "ward_shifts_per_week": (_("Peer shifts per ward per week"), "int"),
    "ward_shift_hours": (_("Hours per ward shift"), "decimal"),
    "conversation_minutes_min": (_("Shortest ward conversation (minutes)"), "int"),
    "conversation_minutes_max": (_("Longest ward conversation (minutes)"), "int"),
    "supervision_hours_per_month": (_("Group supervision per month (hours)"), "decimal"),
    "erfa_hours_per_month": (_("ERFA group per month (hours)"), "decimal"),
    "safety_escalation_minutes": (_("Escalate an unacknowledged safety notice after (minutes)"), "int"),
    "self_referral": (_("Citizens may refer themselves"), "bool"),
    "min_age": (_("Minimum age"), "int"),
    "preparation_ratio_existing": (_("Preparation hours per teaching hour, existing course"), "decimal"),
    "preparation_ratio_new": (_("Preparation hours per teaching hour, new course"), "decimal"),
    "course_minimum_warning_days": (_("Warn this many days before a course run lacks participants"), "int"),
    "registration_retention_days": (_("Delete course registrations this many days after the run"), "int"),
    "course_end_reminder_days": (_("Remind the peer this many days before a 1:1 course's planned end"), "int"),
    "agreement_within_meetings": (_("Cooperation agreement expected within this many meetings"), "int"),
    "km_rate": (_("Transport allowance per kilometre (kr.)"), "decimal"),
}

_COMMON: dict[str, Any] = {
    "waiting_alert_days": 14,
    "follow_up_days": 14,
    "agreement_months": 6,
    "min_age": 18,
    "safety_escalation_minutes": 15,
    "certificate_attendance_percent": 80,
    "self_referral": False,
    "course_minimum_warning_days": 7,
    "registration_retention_days": 365,
    "course_end_reminder_days": 14,
    "agreement_within_meetings": 3,
}

DEFAULTS: dict[str, dict[str, Any]] = {
    ProgrammeModel.INDIVIDUAL_AND_GROUP: {
        **_COMMON,
        "peer_kind": "paid",
        "peer_hours_min": 12,
        "peer_hours_max": 30,
        "citizens_per_fte_municipal": 38,
        "citizens_per_fte_outpatient": 126,
        "course_max_weeks": 26,
        "meeting_hours_per_week": 2,
        "min_participants": 6,
        "max_participants": 12,
        "session_hours": 2,
    },
    ProgrammeModel.BRIDGE_TO_EVERYDAY: {
        **_COMMON,
        "peer_kind": "volunteer",
        "peer_hours_min": 2,
        "peer_hours_max": 3,
        "course_max_weeks": 26,
        "meeting_hours_per_week": 2,
        "min_participants": 6,
        "max_participants": 12,
        "session_hours": 2,
        "self_referral": True,
        "km_rate": 3.81,
    },
    ProgrammeModel.PEER_GUIDE: {
        **_COMMON,
        "peer_kind": "volunteer",
        "peer_hours_min": 1,
        "peer_hours_max": 2,
        "course_max_weeks": 17,
        "meeting_hours_per_week": 1.5,
    },
    ProgrammeModel.RECOVERY_SCHOOL: {
        **_COMMON,
        "peer_kind": "paid",
        "min_participants": 8,
        "max_participants": 12,
        "session_hours": 3,
        "preparation_ratio_existing": 1,
        "preparation_ratio_new": 3,
    },
    ProgrammeModel.BRIDGE_BUILDERS: {
        **_COMMON,
        "peer_kind": "paid",
        "peer_hours_min": 8,
        "peer_hours_max": 24,
        "ward_shifts_per_week": 2,
        "ward_shift_hours": 2,
        "conversation_minutes_min": 15,
        "conversation_minutes_max": 45,
        "supervision_hours_per_month": 1,
        "erfa_hours_per_month": 2.5,
        "min_participants": 6,
        "max_participants": 8,
        "session_hours": 2,
    },
    ProgrammeModel.ARK: {
        **_COMMON,
        "peer_kind": "dual_competence",
        "min_participants": 8,
        "max_participants": 14,
        "session_hours": 3,
        "preparation_ratio_existing": 1,
        "preparation_ratio_new": 3,
    },
}


def default_settings_for(model: str) -> dict[str, Any]:
    return DEFAULTS[model]
