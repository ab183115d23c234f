"""Template helpers of the people app. Load with `{% load people_tags %}`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def iso_date(value: Any) -> str:
    """A date that travelled through a task as an ISO string, shown in the active language's short format."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return formats.date_format(value, "SHORT_DATE_FORMAT")


_STATUS_VARIANTS = {
    # Peers
    "applicant": "info",
    "in_education": "info",
    "active": "success",
    "paused": "warning",
    "ended": "neutral",
    # Applications
    "new": "info",
    "interview_planned": "info",
    "interviewed": "info",
    "offered": "success",
    "declined": "neutral",
    "withdrawn": "neutral",
}


@register.filter
def people_status_variant(status: Any) -> str:
    """The badge colour for a peer's or an application's status (the text always says the same)."""
    return _STATUS_VARIANTS.get(str(status), "neutral")
