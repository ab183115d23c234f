"""Small helpers for the costs pages' tests: a scenario of the organisation, its editing form as posted."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from core.models import Organisation, User
from costs import services
from costs.forms import ScenarioEditor
from costs.models import CostScenario


def copy(organisation: Organisation, preset: str = "peer_guide", user: User | None = None) -> CostScenario:
    return services.copy_preset(organisation=organisation, preset_key=preset, acting_user=user)


def _value(bound: Any) -> str:
    value = bound.value()
    prepared = bound.field.prepare_value(value)
    return "" if prepared is None else str(prepared)


def form_data(scenario: CostScenario | None = None) -> dict[str, str]:
    """What the browser posts for the editing page as it is shown (every field as rendered)."""
    editor = (
        ScenarioEditor(scenario=scenario.data, name=scenario.name, description=scenario.description)
        if scenario
        else ScenarioEditor()
    )
    forms = [editor.form, editor.categories.management_form, editor.items.management_form]
    forms += list(editor.categories.forms) + list(editor.items.forms)
    return {bound.html_name: _value(bound) for form in forms for bound in form if bound.name != "DELETE"}


def item_index(data: dict[str, str], label_start: str) -> int:
    """The row of the cost item whose label starts with the text."""
    total = int(data["items-TOTAL_FORMS"])
    for index in range(total):
        if data.get(f"items-{index}-label", "").startswith(label_start):
            return index
    raise AssertionError(f"no cost item starting with {label_start!r}")


def edit_url(scenario: CostScenario) -> str:
    return reverse("costs:scenario_edit", kwargs={"code": scenario.code})


def post_edit(client: Client, scenario: CostScenario, data: dict[str, str], *, preview: bool = False) -> Any:
    payload = dict(data)
    payload["preview" if preview else "save"] = "1"
    return client.post(edit_url(scenario), payload)


def kr(value: int | float | Decimal) -> str:
    """A figure as the Danish pages print it: 1.708.860."""
    return f"{round(value):,d}".replace(",", ".")
