"""Scenarios side by side: the organisation's own and the published ones, with the difference and the
sensitivity of each."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from costs.engine import assess, round_kr
from costs.models import CostScenario
from costs.presets import PUBLISHED
from costs.tests.helpers import copy, form_data, item_index, kr, post_edit
from tests.personas import World, login


def compare(client: Client, *keys: str) -> str:
    query = "&".join(f"show={key}" for key in keys)
    return client.get(f"{reverse('costs:compare')}?{query}").content.decode()


def row_cells(page: str, label: str) -> list[str]:
    """The cells of the comparison row whose heading is `label` (the first such row)."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', page, re.S)
    assert match, f"no row {label}"
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


def edited(world: World) -> CostScenario:
    """The peer-guide assessment copied, with the coordinators' salaries raised to 1.500.000 kr. a year."""
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    client = login(Client(), world.coordinator)
    data = form_data(scenario)
    data[f"items-{item_index(data, 'Løn til overordnet')}-amount"] = "1.500.000"
    assert post_edit(client, scenario, data).status_code == 302
    scenario.refresh_from_db()
    return scenario


@pytest.mark.django_db
def test_it_compares_an_edited_scenario_with_the_published_one_side_by_side(world: World) -> None:
    scenario = edited(world)
    page = compare(login(Client(), world.analyst), f"s:{scenario.code}", "p:peer_guide")
    ours = assess(scenario.scenario())
    published_total = PUBLISHED["peer_guide"].total

    assert "Side om side" in page
    assert scenario.name in page and "Peer-guider (Region Midtjylland) (offentliggjort)" in page
    operation = row_cells(page, "Drift af indsatsen")  # costs in total: ours, published, difference
    ours_operation = round_kr(next(c.total for c in ours.categories if c.name == "Drift af indsatsen"))
    assert operation == [kr(ours_operation), "3.690.456", "-" + kr(ours_operation - 3_690_456)]
    totals = row_cells(page, "I alt")
    assert totals[0] == kr(round_kr(ours.total)) and totals[1] == kr(published_total)
    assert totals[2] == "-" + kr(round_kr(ours.total) - published_total)  # the second minus the first
    assert row_cells(page, "Uddannelse")[:2] == ["1.708.860", "1.708.860"]
    assert row_cells(page, "Drift i 1 år")[1] == "46.098"
    assert "Forskel: det andet scenarie minus det første." in page


@pytest.mark.django_db
def test_it_draws_each_scenarios_sensitivity_in_one_chart(world: World) -> None:
    scenario = copy(world.organisation, "ark")
    page = compare(login(Client(), world.coordinator), f"s:{scenario.code}", "p:recovery_school", "p:peer_guide")
    data = json.loads(
        re.search(r'<script id="compare-chart-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    )  # type: ignore[union-attr]
    labels = [dataset["label"] for dataset in data["data"]["datasets"]]
    assert labels == [
        scenario.name,
        "Recovery-skole (Region Midtjylland) (offentliggjort)",
        "Peer-guider (Region Midtjylland) (offentliggjort)",
    ]
    assert data["data"]["datasets"][2]["data"][0] == 46_098  # 1 year
    assert 'data-cost-chart="compare-chart-data"' in page


@pytest.mark.django_db
def test_it_warns_when_the_scenarios_count_per_different_units(world: World) -> None:
    page = compare(login(Client(), world.coordinator), "p:ark", "p:peer_guide")
    assert "Scenarierne opgør omkostningerne pr. forskellige enheder" in page
    same = compare(login(Client(), world.coordinator), "p:ark", "p:recovery_school")
    assert "Scenarierne opgør omkostningerne pr. forskellige enheder" not in same


@pytest.mark.django_db
def test_it_leaves_a_category_one_scenario_lacks_empty(world: World) -> None:
    page = compare(login(Client(), world.coordinator), "p:bridge_everyday", "p:peer_guide")
    assert row_cells(page, "Investering") == ["–ingen", "-", ""]  # only the peer guides list investments


@pytest.mark.django_db
def test_it_compares_at_most_four(world: World) -> None:
    page = compare(
        login(Client(), world.coordinator),
        "p:ark",
        "p:peer_guide",
        "p:recovery_school",
        "p:bridge_builders",
        "p:individual_group",
    )
    assert "Vælg højst 4 scenarier." in page and "compare-table" not in page


@pytest.mark.django_db
def test_it_shows_the_choices_before_anything_is_compared(world: World) -> None:
    scenario = copy(world.organisation, "ark")
    page = login(Client(), world.coordinator).get(reverse("costs:compare")).content.decode()
    assert f'value="s:{scenario.code}"' in page and 'value="p:peer_guide"' in page
    assert "compare-table" not in page and "Der er et problem" not in page


@pytest.mark.django_db
def test_it_links_a_copied_scenario_to_its_comparison_with_the_published_one(world: World) -> None:
    scenario = copy(world.organisation, "peer_guide")
    page = (
        login(Client(), world.coordinator)
        .get(reverse("costs:scenario_detail", kwargs={"code": scenario.code}))
        .content.decode()
    )
    assert f"/omkostninger/sammenlign/?show=s%3A{scenario.code}&amp;show=p%3Apeer_guide" in page
