"""Template filters of the wards app."""

from __future__ import annotations

from datetime import date, timedelta

from django import template

from wards.texts import hours_text

register = template.Library()


@register.filter
def isodate(value: str) -> date | str:
    """An ISO date string (as kept in e-mail contexts) as a date, for the ``date`` filter."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


@register.filter
def hours(value: object) -> str:
    """Hours in the current language's number format, without a needless ",0"."""
    return hours_text(value)


@register.filter
def add_days(days: int, start: date) -> date:
    """``start`` plus ``days`` days (``{{ forloop.counter0|add_days:monday }}``)."""
    return start + timedelta(days=int(days))
