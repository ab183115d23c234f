"""The activity registry: how other apps tell the costs app what they recorded for a period.

An app that records activity registers one provider in its AppConfig.ready():

    from costs import activity

    def recorded_counts(organisation: Organisation, start: date, end: date) -> dict[str, int | float | None]:
        return {"course_runs": ..., "sessions": ..., "citizen_codes": {...}}

    activity.register("courses", recorded_counts)

A provider gets the organisation and the period (both dates included) and returns a dict with any of
the keys in `COUNT_KEYS`; a key left out or None means "this app records nothing of that kind".
Counts from several providers are added up. Citizens are counted once across apps when providers
return `citizen_codes` (the codes of the distinct citizens reached) instead of `citizens_reached`.

`costs.selectors.recorded_activity` calls every provider. A provider that fails or returns something
unusable is left out and named on the page; it never breaks the actual-cost page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.models import Organisation

ActivityProvider = Callable[["Organisation", date, date], Mapping[str, Any]]

# The counts a provider may return (the fields of costs.actual.Activity), plus citizen codes.
COUNT_KEYS = ("citizens_reached", "course_runs", "support_hours", "sessions", "chime_improvement_points")
CITIZEN_CODES = "citizen_codes"
WHOLE_COUNTS = frozenset({"citizens_reached", "course_runs", "sessions"})

_PROVIDERS: dict[str, ActivityProvider] = {}


def register(name: str, provider: ActivityProvider) -> None:
    """Add (or replace) the provider called `name`, e.g. "courses" or "referrals"."""
    if not name or not callable(provider):
        raise ValueError("an activity provider needs a name and a callable(organisation, start, end)")
    _PROVIDERS[name] = provider


def unregister(name: str) -> None:
    _PROVIDERS.pop(name, None)


def providers() -> dict[str, ActivityProvider]:
    """The registered providers by name, in the order they were registered."""
    return dict(_PROVIDERS)
