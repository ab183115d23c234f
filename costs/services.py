"""Every write of the costs app: scenarios (copied from a published assessment, created, edited,
deleted) and the organisation's budget lines. Each is one transaction with an audit entry.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from core.audit import log_action
from core.models import Organisation, User
from costs.engine import scenario_from_dict, scenario_to_dict
from costs.models import BudgetLine, CostScenario
from costs.presets import get_preset
from costs.tables import preset_name

NAME_LENGTH = CostScenario._meta.get_field("name").max_length or 200


def checked_data(data: object, name: str) -> dict[str, Any]:
    """The scenario in the engine's JSON form, read back by the engine (raises ScenarioError if invalid)."""
    if isinstance(data, dict):
        data = {**data, "name": name}
    return scenario_to_dict(scenario_from_dict(data))


def free_name(organisation: Organisation, wanted: str, *, exclude: CostScenario | None = None) -> str:
    """`wanted`, or `wanted (2)`, `(3)` … so two scenarios of an organisation never share a name."""
    taken = set(CostScenario.objects.of(organisation).values_list("name", flat=True))
    if exclude is not None:
        taken.discard(exclude.name)
    if wanted not in taken:
        return wanted
    base = wanted[: NAME_LENGTH - 8]
    number = 2
    while f"{base} ({number})" in taken:
        number += 1
    return f"{base} ({number})"


def copy_preset(
    *, organisation: Organisation, preset_key: str, acting_user: User | None, name: str = ""
) -> CostScenario:
    """Start a scenario of the organisation from one of the six published assessments, as calibrated."""
    preset = get_preset(preset_key)
    with transaction.atomic():
        chosen = free_name(organisation, name or preset_name(preset_key))
        scenario = CostScenario.objects.create(
            organisation=organisation,
            name=chosen,
            description=f"{preset.table.title}. {preset.table.source}.",
            based_on_preset=preset_key,
            data=checked_data(scenario_to_dict(preset.scenario), chosen),
            created_by=acting_user,
        )
        log_action(scenario, "costs.scenario.copied", actor=acting_user, data={"preset": preset_key})
    return scenario


def create_scenario(
    *, organisation: Organisation, name: str, description: str, data: dict[str, Any], acting_user: User | None
) -> CostScenario:
    """Save a new scenario the user built; nothing is saved if the engine does not accept it."""
    with transaction.atomic():
        chosen = free_name(organisation, name)
        scenario = CostScenario.objects.create(
            organisation=organisation,
            name=chosen,
            description=description,
            data=checked_data(data, chosen),
            created_by=acting_user,
        )
        log_action(scenario, "costs.scenario.created", actor=acting_user)
    return scenario


def update_scenario(
    *, scenario: CostScenario, name: str, description: str, data: dict[str, Any], acting_user: User | None
) -> CostScenario:
    """Replace the scenario's assumptions and costs as a whole; on any error nothing changes."""
    with transaction.atomic():
        locked = CostScenario.objects.select_for_update().get(pk=scenario.pk)
        chosen = free_name(locked.organisation, name, exclude=locked)
        new_data = checked_data(data, chosen)
        changed = sorted(
            key
            for key in set(new_data) | set(locked.data)
            if new_data.get(key) != locked.data.get(key) and key != "name"
        )
        locked.name = chosen
        locked.description = description
        locked.data = new_data
        locked.save()
        log_action(locked, "costs.scenario.updated", actor=acting_user, data={"changed": changed})
    return locked


def delete_scenario(*, scenario: CostScenario, acting_user: User | None) -> None:
    with transaction.atomic():
        log_action(scenario, "costs.scenario.deleted", actor=acting_user, data={"name": scenario.name})
        scenario.delete()


def create_budget_line(
    *, organisation: Organisation, label: str, category: str, amount_per_year: Decimal, acting_user: User | None
) -> BudgetLine:
    """Record one line of what the organisation spends on peer support per year."""
    with transaction.atomic():
        line = BudgetLine.objects.create(
            organisation=organisation,
            label=label,
            category=category,
            amount_per_year=amount_per_year,
            created_by=acting_user,
        )
        log_action(line, "costs.budget_line.created", actor=acting_user, data={"amount": str(amount_per_year)})
    return line


def update_budget_line(
    *, line: BudgetLine, label: str, category: str, amount_per_year: Decimal, acting_user: User | None
) -> BudgetLine:
    with transaction.atomic():
        line.label = label
        line.category = category
        line.amount_per_year = amount_per_year
        line.save()
        log_action(line, "costs.budget_line.updated", actor=acting_user, data={"amount": str(amount_per_year)})
    return line


def delete_budget_line(*, line: BudgetLine, acting_user: User | None) -> None:
    with transaction.atomic():
        log_action(line, "costs.budget_line.deleted", actor=acting_user, data={"label": line.label})
        line.delete()
