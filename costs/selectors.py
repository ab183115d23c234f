"""Reads of the costs app: who may see which scenario, the organisation's scenarios and budget, and the
activity other apps recorded for a period (through the registry in `costs.activity`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest

from core.access import get_in_organisation
from core.models import Organisation, Role
from costs import activity as registry
from costs.actual import Activity, CostBasis, basis_from_assessment, basis_from_budget
from costs.engine import CategoryKind, ScenarioError, assess
from costs.models import BudgetLine, CostScenario
from costs.presets import PUBLISHED, Preset, get_preset

logger = logging.getLogger(__name__)

# Who sees the organisation's cost scenarios, and who may change them (analysts read, compare, export).
VIEW_ROLES = (Role.COORDINATOR, Role.LEAD, Role.ANALYST, Role.ADMINISTRATOR)
EDIT_ROLES = (Role.COORDINATOR, Role.LEAD, Role.ADMINISTRATOR)


def get_scenario_for_user(request: HttpRequest, code: Any, *roles: str) -> CostScenario:
    """The organisation's scenario with this code, if the user holds one of the roles there; else 404."""
    return get_in_organisation(CostScenario.objects.select_related("created_by"), request, code, *(roles or VIEW_ROLES))


def get_budget_line_for_user(request: HttpRequest, code: Any) -> BudgetLine:
    return get_in_organisation(BudgetLine.objects.all(), request, code, *EDIT_ROLES)


def get_preset_or_404(key: str) -> Preset:
    if key not in PUBLISHED:
        raise Http404
    return get_preset(key)


def scenarios_of(organisation: Organisation) -> list[CostScenario]:
    return list(CostScenario.objects.of(organisation).select_related("created_by").order_by("name", "created_at"))


def budget_lines_of(organisation: Organisation) -> list[BudgetLine]:
    order = {kind.value: index for index, kind in enumerate(CategoryKind)}
    lines = BudgetLine.objects.of(organisation)
    return sorted(lines, key=lambda line: (order.get(line.category, len(order)), line.label.lower()))


def budget_basis(organisation: Organisation, label: str) -> CostBasis:
    """The organisation's budget lines as the yearly cost the actual-cost figures divide."""
    return basis_from_budget(
        label,
        (
            (line.label, CategoryKind(line.category), float(line.amount_per_year))
            for line in budget_lines_of(organisation)
        ),
    )


def scenario_basis(scenario: CostScenario) -> CostBasis:
    return basis_from_assessment(assess(scenario.scenario()))


def readable_scenario(scenario: CostScenario) -> bool:
    """False for a stored scenario the engine no longer accepts (shown as broken, never a server error)."""
    try:
        scenario.scenario()
    except ScenarioError:
        return False
    return True


# --- activity recorded by other apps --------------------------------------------------------------


@dataclass(frozen=True)
class ProviderCounts:
    name: str
    counts: dict[str, float]


@dataclass(frozen=True)
class RecordedActivity:
    activity: Activity
    contributions: tuple[ProviderCounts, ...]  # what each app reported
    failed: tuple[str, ...] = field(default=())  # providers that raised or returned something unusable

    @property
    def any_provider(self) -> bool:
        return bool(self.contributions or self.failed)


class _Unusable(ValueError):
    pass


def _read_counts(result: object) -> tuple[dict[str, float], set[str]]:
    """A provider's answer checked: known keys, numbers of the right kind; raises _Unusable."""
    if not isinstance(result, Mapping):
        raise _Unusable(f"returned {type(result).__name__}, not a dict")
    counts: dict[str, float] = {}
    codes: set[str] = set()
    for key, value in result.items():
        if value is None:
            continue
        if key == registry.CITIZEN_CODES:
            if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
                raise _Unusable("citizen_codes must be a collection of codes")
            codes = {str(code) for code in value}
            continue
        if key not in registry.COUNT_KEYS:
            raise _Unusable(f"unknown key {key!r}")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _Unusable(f"{key} is not a number")
        if key in registry.WHOLE_COUNTS and not float(value).is_integer():
            raise _Unusable(f"{key} must be a whole number")
        if value < 0 and key != "chime_improvement_points":
            raise _Unusable(f"{key} is negative")
        counts[key] = float(value)
    return counts, codes


def collect_activity(organisation: Organisation, start: date, end: date) -> RecordedActivity:
    """Ask every registered provider for the period's counts and add them up, defensively."""
    totals: dict[str, float] = {}
    citizen_codes: set[str] = set()
    contributions: list[ProviderCounts] = []
    failed: list[str] = []
    for name, provider in registry.providers().items():
        try:
            counts, codes = _read_counts(provider(organisation, start, end))
        except Exception:
            logger.exception("activity provider %r failed for %s, %s – %s", name, organisation.pk, start, end)
            failed.append(name)
            continue
        for key, value in counts.items():
            totals[key] = totals.get(key, 0.0) + value
        citizen_codes |= codes
        shown = dict(counts)
        if codes:
            shown["citizens_reached"] = shown.get("citizens_reached", 0.0) + len(codes)
        contributions.append(ProviderCounts(name=name, counts=shown))
    if citizen_codes:
        totals["citizens_reached"] = totals.get("citizens_reached", 0.0) + len(citizen_codes)

    def whole(key: str) -> int | None:
        return int(totals[key]) if key in totals else None

    activity = Activity(
        start=start,
        end=end,
        citizens_reached=whole("citizens_reached"),
        course_runs=whole("course_runs"),
        support_hours=totals.get("support_hours"),
        sessions=whole("sessions"),
        chime_improvement_points=totals.get("chime_improvement_points"),
        recorded=frozenset(totals),
    )
    return RecordedActivity(activity=activity, contributions=tuple(contributions), failed=tuple(failed))


def recorded_activity(organisation: Organisation, start: date, end: date) -> Activity:
    """What the system recorded for the organisation in the period (both dates included)."""
    return collect_activity(organisation, start, end).activity
