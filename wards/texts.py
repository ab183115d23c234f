"""Translated sentences for the planner's reason and violation codes.

The planner (``wards.planner``) explains in English with a stable code and parameters; these functions
say the same in the user's language, naming wards and peers instead of database ids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from wards.planner import Violation


def hours_text(value: object) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = 0.0
    return number_format(number, decimal_pos=0 if number.is_integer() else 1)


def _names(names: Sequence[str]) -> str:
    return get_text_list([str(name) for name in names], _("and"))


def describe_reason(reason: Mapping[str, Any]) -> str:
    """One unmet-hours reason as saved on the plan (``code``, ``site``, ``peers``, ``possible_hours``, ...)."""
    code = reason.get("code", "")
    site = reason.get("site", "")
    peers = _names(reason.get("peers", []))
    used = _names(reason.get("used_up", []))
    possible = hours_text(reason.get("possible_hours", 0))
    texts: dict[str, Callable[[], str]] = {
        "no_peer_serves_site": lambda: _("No peer serves the site %(site)s, where the ward is.") % {"site": site},
        "no_qualified_peer": lambda: (
            _(
                "The peers who serve %(site)s (%(peers)s) are not yet qualified for ward conversations "
                "(experience of admission and the introduction)."
            )
            % {"site": site, "peers": peers}
        ),
        "contract_hours_below_shift": lambda: (
            _("The qualified peers who serve %(site)s have fewer contract hours than one shift.") % {"site": site}
        ),
        "no_availability_outside_blocks": lambda: (
            _(
                "The qualified peers who serve %(site)s (%(peers)s) are not available for a whole shift outside "
                "the ward's blocked times."
            )
            % {"site": site, "peers": peers}
        ),
        "too_few_free_windows": lambda: (
            _("Outside the ward's blocked times, the peers' availability leaves room for only %(hours)s hours.")
            % {"hours": possible}
        ),
        "too_few_peer_hours": lambda: (
            _(
                "The peers who can work on the ward can give it at most %(hours)s hours within their contract "
                "hours and availability."
            )
            % {"hours": possible}
        ),
        "peer_hours_used_elsewhere": lambda: (
            _("The peers who could cover the ward (%(peers)s) have used their contract hours on other wards.")
            % {"peers": used}
        ),
        "peer_times_taken": lambda: (
            _(
                "%(peers)s still have hours, but every time they could work here clashes with their other shifts "
                "or the travel time between sites."
            )
            % {"peers": peers}
        ),
        "peers_busy_elsewhere": lambda: (
            _(
                "%(used)s have used their contract hours; %(peers)s have hours left, but every time they could "
                "work here clashes with their other shifts or the travel time between sites."
            )
            % {"used": used, "peers": peers}
        ),
    }
    maker = texts.get(code)
    return maker() if maker else str(reason.get("message", ""))


def describe_violation(violation: Violation, *, ward_name: str, peer_name: str) -> str:
    """A broken rule of a manual edit, naming the ward and peer."""
    context = {"ward": ward_name, "peer": peer_name}
    texts: dict[str, Callable[[], str]] = {
        "not_qualified": lambda: _("%(peer)s is not qualified for ward conversations.") % context,
        "site_not_served": lambda: _("%(peer)s does not serve the site of %(ward)s.") % context,
        "outside_availability": lambda: _("%(peer)s is not available for all of the shift.") % context,
        "ward_blocked": lambda: _("The shift overlaps a blocked time on %(ward)s.") % context,
        "peer_double_booked": lambda: _("%(peer)s already has a shift at that time.") % context,
        "travel_buffer": lambda: (
            _("%(peer)s needs travel time between this shift and another on a different site.") % context
        ),
        "ward_double_booked": lambda: _("%(ward)s already has a peer at that time.") % context,
        "max_hours_exceeded": lambda: _("%(peer)s would work more than their contract hours that week.") % context,
        "unknown_ward": lambda: _("%(ward)s is not an active ward of the organisation.") % context,
        "unknown_peer": lambda: _("%(peer)s is not an active peer of the organisation.") % context,
    }
    maker = texts.get(violation.code)
    return maker() if maker else violation.message
