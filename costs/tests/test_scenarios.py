"""A coordinator copies a published assessment, sees the published figures reproduced (and the
publication's own inconsistencies reported), changes it and sees new figures; bad input is explained
in Danish, kept as typed, and nothing is saved."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from costs import services
from costs.engine import ScenarioError, assess, round_kr, scenario_from_dict, scenario_to_dict
from costs.models import CostScenario
from costs.presets import PUBLISHED, get_preset, preset_keys
from costs.tests.helpers import copy, form_data, item_index, kr, post_edit
from tests.personas import World, login


def detail(client: Client, scenario: CostScenario) -> str:
    return client.get(reverse("costs:scenario_detail", kwargs={"code": scenario.code})).content.decode()


def figure_cell(page: str, figure: str) -> str:
    """The text of the cost table's cell that shows a figure (data-cell="…")."""
    match = re.search(rf'data-cell="{re.escape(figure)}">([^<]*)<', page)
    assert match, f"no cell for {figure}"
    return match.group(1).strip()


def chart_data(page: str, element_id: str) -> dict[str, object]:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page, re.S)
    assert match, f"no chart data {element_id}"
    data: dict[str, object] = json.loads(match.group(1))
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("key", preset_keys())
def test_it_copies_a_published_assessment_and_shows_its_published_figures(world: World, key: str) -> None:
    client = login(Client(), world.coordinator)
    response = client.post(reverse("costs:preset_copy", kwargs={"key": key}))
    scenario = CostScenario.objects.get(organisation=world.organisation, based_on_preset=key)
    assert response["Location"] == reverse("costs:scenario_detail", kwargs={"code": scenario.code})
    page = detail(client, scenario)
    table = PUBLISHED[key]
    preset = get_preset(key)
    wrong = {d.figure for d in preset.discrepancies()}
    # The table in the seed's layout: every published figure the method reproduces, to the krone.
    for row in table.quantified_categories:
        assert kr(row.total or 0) in page, row.name
        assert kr(row.per_unit_year or 0) in page, row.name
    if "total" not in wrong:
        assert figure_cell(page, "total") == kr(table.total)
    assert figure_cell(page, "per_unit_year") == kr(table.per_unit_year)
    for years, published in table.sensitivity.items():
        if f"sensitivity:{years}" not in wrong:
            assert figure_cell(page, f"sensitivity:{years}") == kr(published)
    for row in table.categories:
        for text in row.not_quantified:
            assert text in page
    assert "Ikke-kvantificerede omkostninger" in page and "Følsomhedsberegning" in page
    assert "Omkostninger pr. " + table.unit + " pr. år" in page


@pytest.mark.django_db
def test_it_reports_the_peer_guide_five_year_discrepancy_clearly(world: World) -> None:
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    page = detail(login(Client(), world.coordinator), scenario)
    assert "Offentliggjort og beregnet" in page and "8 af 9 offentliggjorte tal genskabes på kronen." in page
    assert "1 tal afviger fra metoden" in page
    assert "Det offentliggjorte tal 38.805 kr. afviger fra metoden (38.548 kr.) med +257 kr." in page
    assert "5-årstallet (38.805 kr.) passer ikke" in page  # the publication's own inconsistency, explained
    assert figure_cell(page, "sensitivity:5") == "38.548"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "figure", "published", "computed"),
    [
        ("individual_group", "total", 2_471_077, 2_471_007),
        ("bridge_builders", "sensitivity:5", 308_780, 312_506),
        ("bridge_builders", "sensitivity:3", 315_632, 315_630),
        ("ark", "sensitivity:5", 69_822, 69_823),
    ],
)
def test_it_lists_every_discrepancy_the_engine_reports(
    world: World, key: str, figure: str, published: int, computed: int
) -> None:
    page = login(Client(), world.analyst).get(reverse("costs:preset_detail", kwargs={"key": key})).content.decode()
    difference = published - computed
    sign = "+" if difference > 0 else ""
    sentence = f"Det offentliggjorte tal {kr(published)} kr. afviger fra metoden ({kr(computed)} kr.) med {sign}{kr(difference)} kr."
    assert sentence in page
    assert f'data-figure="{figure}"' in page


@pytest.mark.django_db
def test_it_keeps_every_figure_when_the_form_is_saved_unchanged(world: World) -> None:
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    before = scenario_to_dict(scenario.scenario())
    client = login(Client(), world.coordinator)
    response = post_edit(client, scenario, form_data(scenario))
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario_to_dict(scenario.scenario()) == before
    assert "1 tal afviger fra metoden" in detail(client, scenario)


@pytest.mark.django_db
def test_it_shows_new_figures_after_an_amount_is_changed(world: World) -> None:
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    client = login(Client(), world.coordinator)
    data = form_data(scenario)
    row = item_index(data, "Løn til overordnet")
    data[f"items-{row}-amount"] = "1.500.000"  # Danish thousands separators
    response = post_edit(client, scenario, data)
    assert response.status_code == 302

    scenario.refresh_from_db()
    expected = assess(scenario.scenario())
    operation = next(c for c in scenario.data["categories"] if c["name"] == "Drift af indsatsen")
    assert operation["items"][0]["amount"] == 1_500_000
    page = detail(client, scenario)
    assert figure_cell(page, "total") == kr(round_kr(expected.total))
    assert figure_cell(page, "total") != kr(PUBLISHED["peer_guide"].total)
    assert figure_cell(page, "sensitivity:1") == kr(round_kr(expected.sensitivity[1]))
    assert "Scenariet er ændret, siden det blev kopieret" in page
    # The edit now shows as differences from the publication, without the publication's explanation.
    assert "passer ikke med nogen fordeling" not in page


@pytest.mark.django_db
def test_it_calculates_without_saving_and_updates_the_chart(world: World) -> None:
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    client = login(Client(), world.coordinator)
    before = chart_data(detail(client, scenario), "scenario-chart-data")
    data = form_data(scenario)
    data[f"items-{item_index(data, 'Løn til fagprofessionel')}-amount"] = "2000000"
    response = post_edit(client, scenario, data, preview=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Beregning (ikke gemt)" in page
    after = chart_data(page, "preview-chart-data")
    first_before = before["data"]["datasets"][0]["data"][0]  # type: ignore[index]
    first_after = after["data"]["datasets"][0]["data"][0]  # type: ignore[index]
    assert first_after > first_before
    scenario.refresh_from_db()
    assert scenario.data["categories"][2]["items"][0]["amount"] == 887903.66


@pytest.mark.django_db
def test_it_explains_an_item_with_both_an_amount_and_hours_keeps_what_was_typed_and_saves_nothing(
    world: World,
) -> None:
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    stored = dict(scenario.data)
    client = login(Client(), world.coordinator)
    data = form_data(scenario)
    data["name"] = "Peer-guider 2027"  # a valid change on the same page must not be saved either
    row = item_index(data, "Løn til overordnet")
    data[f"items-{row}-hours"] = "1.200"
    data[f"items-{row}-hourly_rate"] = "310,50"
    response = post_edit(client, scenario, data)

    assert response.status_code == 200
    page = response.content.decode()
    editor = response.context["editor"]
    assert editor.items.forms[row].errors["hours"] == ["Giv enten et beløb eller timer × timesats – ikke begge dele."]
    assert "Der er et problem" in page and "Intet er gemt." in page
    assert f'href="#id_items-{row}-hours"' in page  # the summary links to the field
    assert 'value="1.200"' in page and 'value="310,50"' in page and 'value="Peer-guider 2027"' in page
    scenario.refresh_from_db()
    assert scenario.data == stored and scenario.name != "Peer-guider 2027"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "-5"}, "amount", "Må ikke være negativ."),
        ({"amount": "12 kroner"}, "amount", "Skriv et tal, fx 1.234.567,50."),
        ({"share": ""}, "share", "Den valgte profil kræver den andel, der betales de følgende år."),
        ({"share": "140"}, "share", "Andelen skal være mellem 0 og 100 %."),
        ({"every": "2"}, "every", "Den valgte profil bruger ikke feltet. Lad det stå tomt."),
        (
            {"profile": "years", "share": "", "from_year": "3", "to_year": "2"},
            "to_year",
            "Det sidste år må ikke ligge før det første år.",
        ),
        (
            {"profile": "years", "share": "", "from_year": "0", "to_year": "2"},
            "from_year",
            "Det første år skal være år 1 eller senere.",
        ),
        ({"amount": "", "hours": "20"}, "hourly_rate", "Skriv timesatsen, eller skriv et beløb i stedet for timer."),
        ({"label": ""}, "label", "Skriv, hvad omkostningen dækker."),
    ],
)
def test_it_puts_the_engines_error_on_the_field_in_danish(
    world: World, changes: dict[str, str], field: str, message: str
) -> None:
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    stored = dict(scenario.data)
    client = login(Client(), world.coordinator)
    data = form_data(scenario)
    row = item_index(data, "Løn til fagprofessionel")  # the education: first year, then a share
    for name, value in changes.items():
        data[f"items-{row}-{name}"] = value
    response = post_edit(client, scenario, data)
    assert response.status_code == 200
    assert response.context["editor"].items.forms[row].errors[field] == [message]
    scenario.refresh_from_db()
    assert scenario.data == stored


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"units": "0"}, "units", "Antallet skal være større end 0."),
        ({"years": "0"}, "years", "Skal være mindst 1 år."),
        ({"years": "101"}, "years", "Må højst være 100 år."),
        ({"discount_rate": "140"}, "discount_rate", "Renten skal være mellem 0 og 100 %."),
        ({"sensitivity_years": "1, tre"}, "sensitivity_years", "Skriv hele antal år adskilt af kommaer, fx 1, 3, 5."),
        ({"unit": ""}, "unit", "Skriv, hvad omkostningerne opgøres pr., fx peer-guide."),
    ],
)
def test_it_explains_wrong_assumptions(world: World, changes: dict[str, str], field: str, message: str) -> None:
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    client = login(Client(), world.coordinator)
    response = post_edit(client, scenario, form_data(scenario) | changes)
    assert response.status_code == 200
    assert response.context["editor"].form.errors[field] == [message]


@pytest.mark.django_db
def test_it_refuses_two_categories_with_the_same_name(world: World) -> None:
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    data = form_data(scenario) | {"categories-1-name": "Forberedelse"}
    response = post_edit(login(Client(), world.coordinator), scenario, data)
    assert response.context["editor"].categories.forms[1].errors["name"] == ["En anden kategori har samme navn."]


@pytest.mark.django_db
def test_it_will_not_delete_a_category_that_still_has_costs(world: World) -> None:
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    data = form_data(scenario) | {"categories-2-DELETE": "on"}  # Uddannelse, with the education cost
    response = post_edit(login(Client(), world.coordinator), scenario, data)
    row = item_index(data, "Løn til fagprofessionel")
    assert response.context["editor"].items.forms[row].errors["category"] == [
        "Kategorien bliver slettet. Flyt omkostningen, eller slet den også."
    ]


@pytest.mark.django_db
def test_it_adds_a_cost_as_hours_times_rate_times_people_in_a_new_row(world: World) -> None:
    scenario = copy(world.organisation, "bridge_everyday", world.coordinator)
    data = form_data(scenario)
    new = int(data["items-INITIAL_FORMS"])  # the first empty row
    data |= {
        f"items-{new}-category": "0",  # Forberedelse
        f"items-{new}-label": "Ledelsestid til at udvikle modellen",
        f"items-{new}-profile": "once",
        f"items-{new}-hours": "150",
        f"items-{new}-hourly_rate": "450",
        f"items-{new}-units": "2",
    }
    assert post_edit(login(Client(), world.coordinator), scenario, data).status_code == 302
    scenario.refresh_from_db()
    result = assess(scenario.scenario())
    preparation = next(c for c in result.categories if c.name == "Forberedelse")
    assert preparation.present_value == 150 * 450 * 2
    assert result.sensitivity[1] > result.sensitivity[3]  # a start-up cost makes one year dearer


@pytest.mark.django_db
def test_it_saves_a_scenario_started_from_nothing(world: World) -> None:
    client = login(Client(), world.lead)
    data = form_data() | {
        "name": "Vores recoveryskole",
        "unit": "kursusgang",
        "units": "40",
        "years": "3",
        "discount_rate": "4",
        "items-0-category": "4",  # Drift – andre omkostninger
        "items-0-label": "Løn til to undervisere",
        "items-0-profile": "annual",
        "items-0-amount": "950.000",
    }
    data["save"] = "1"
    response = client.post(reverse("costs:scenario_create"), data)
    scenario = CostScenario.objects.get(name="Vores recoveryskole")
    assert response["Location"] == reverse("costs:scenario_detail", kwargs={"code": scenario.code})
    assert scenario.created_by == world.lead and scenario.organisation == world.organisation
    page = detail(client, scenario)
    assert figure_cell(page, "per_unit_year") == kr(950_000 / 40)
    assert figure_cell(page, "sensitivity:5") == kr(950_000 / 40)


@pytest.mark.django_db
def test_it_never_saves_half_a_scenario_when_the_engine_refuses_it(world: World) -> None:
    scenario = copy(world.organisation, "peer_guide", world.coordinator)
    stored, name = dict(scenario.data), scenario.name
    broken = dict(stored) | {"units": -1}
    with pytest.raises(ScenarioError):
        services.update_scenario(
            scenario=scenario, name="Nyt navn", description="x", data=broken, acting_user=world.coordinator
        )
    scenario.refresh_from_db()
    assert scenario.data == stored and scenario.name == name and scenario.description != "x"


@pytest.mark.django_db
def test_it_names_a_second_copy_of_the_same_assessment_apart(world: World) -> None:
    first = copy(world.organisation, "ark")
    second = copy(world.organisation, "ark")
    assert second.name == f"{first.name} (2)"
    assert scenario_from_dict(second.data).name == second.name


@pytest.mark.django_db
def test_it_shows_a_broken_stored_scenario_as_a_message_not_an_error(world: World) -> None:
    scenario = copy(world.organisation, "ark")
    CostScenario.objects.filter(pk=scenario.pk).update(data={**scenario.data, "years": 0})
    client = login(Client(), world.coordinator)
    page = detail(client, scenario)
    assert "Scenariet kan ikke beregnes" in page and "Skal være mindst 1 år." in page
    listing = client.get(reverse("costs:scenario_list")).content.decode()
    assert "Kan ikke beregnes" in listing


@pytest.mark.django_db
def test_it_renders_the_method_in_danish_without_letting_markup_through(world: World) -> None:
    page = login(Client(), world.analyst).get(reverse("costs:method")).content.decode()
    assert "<h1>Sådan beregnes omkostningerne</h1>" in page
    assert "<strong>Nutidsværdi.</strong>" in page and "<li><em>hvert år</em>" in page
    assert "**" not in page


def test_it_escapes_html_in_the_method_text() -> None:
    from costs.method_page import markdown_to_html

    title, body = markdown_to_html("## Titel\n\nEn <script>alert(1)</script> og **fed** tekst\n\n- punkt *et*\n- to")
    assert title == "Titel"
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "<strong>fed</strong>" in body and "<ul><li>punkt <em>et</em></li><li>to</li></ul>" in body


@pytest.mark.django_db
def test_it_gives_the_demo_region_two_published_assessments_once() -> None:
    from core.demo import build_core
    from costs import demo as costs_demo

    demo = build_core()
    costs_demo.build(demo)
    costs_demo.build(demo)
    scenarios = CostScenario.objects.of(demo.region)
    assert sorted(scenarios.values_list("based_on_preset", flat=True)) == ["bridge_builders", "peer_guide"]
    assert "Peer-guider (Region Midtjylland)" in set(scenarios.values_list("name", flat=True))
    assert demo.region.cost_budget_lines.count() == len(costs_demo.DEMO_BUDGET)
