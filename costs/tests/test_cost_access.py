"""Who may see and change the organisation's cost scenarios: coordinators, leads and administrators
edit; analysts read, compare and export; everyone else – and other organisations – get 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core import navigation
from core.models import AuditEntry, Role
from costs.models import BudgetLine, CostScenario
from costs.selectors import VIEW_ROLES
from costs.tests.helpers import copy, form_data
from tests.personas import World, login

EDITORS = {"coordinator", "lead", "administrator"}
READERS = EDITORS | {"analyst"}
# Everyone in the organisation; the outsider (a coordinator of another organisation) has tests of their own.
PERSONAS = ["coordinator", "peer", "key_person", "citizen", "teacher", "lead", "analyst", "administrator"]


@pytest.fixture
def scenario(world: World) -> CostScenario:
    return copy(world.organisation, "peer_guide", world.coordinator)


@pytest.fixture
def line(world: World) -> BudgetLine:
    return BudgetLine.objects.create(
        organisation=world.organisation, label="Løn til koordinator", category="operation_other", amount_per_year=400000
    )


def read_urls(scenario: CostScenario) -> dict[str, str]:
    code = {"code": scenario.code}
    return {
        "list": reverse("costs:scenario_list"),
        "method": reverse("costs:method"),
        "compare": reverse("costs:compare") + f"?show=s:{scenario.code}&show=p:peer_guide",
        "actual": reverse("costs:actual_cost"),
        "budget": reverse("costs:budget"),
        "preset": reverse("costs:preset_detail", kwargs={"key": "peer_guide"}),
        "preset_excel": reverse("costs:preset_export", kwargs={"key": "peer_guide", "fmt": "excel"}),
        "detail": reverse("costs:scenario_detail", kwargs=code),
        "excel": reverse("costs:scenario_export", kwargs={**code, "fmt": "excel"}),
        "pdf": reverse("costs:scenario_export", kwargs={**code, "fmt": "pdf"}),
    }


def edit_urls(scenario: CostScenario, line: BudgetLine) -> dict[str, str]:
    return {
        "create": reverse("costs:scenario_create"),
        "edit": reverse("costs:scenario_edit", kwargs={"code": scenario.code}),
        "budget_line": reverse("costs:budget_line_edit", kwargs={"code": line.code}),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_cost_pages_to_coordinators_leads_analysts_and_administrators_only(
    world: World, scenario: CostScenario, persona: str
) -> None:
    client = login(Client(), world.personas()[persona])
    for name, url in read_urls(scenario).items():
        response = client.get(url)
        expected = 200 if persona in READERS else 404
        assert response.status_code == expected, (persona, name, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_coordinators_leads_and_administrators_open_the_editing_pages(
    world: World, scenario: CostScenario, line: BudgetLine, persona: str
) -> None:
    client = login(Client(), world.personas()[persona])
    for name, url in edit_urls(scenario, line).items():
        response = client.get(url)
        expected = 200 if persona in EDITORS else 404
        assert response.status_code == expected, (persona, name, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_editors_copy_change_and_delete(
    world: World, scenario: CostScenario, line: BudgetLine, persona: str
) -> None:
    client = login(Client(), world.personas()[persona])
    allowed = persona in EDITORS
    before = CostScenario.objects.count()

    response = client.post(reverse("costs:preset_copy", kwargs={"key": "ark"}))
    assert (response.status_code == 302) is allowed and (response.status_code == 404) is not allowed
    assert CostScenario.objects.count() == before + (1 if allowed else 0)

    data = form_data(scenario) | {"name": "Omdøbt", "save": "1"}
    response = client.post(reverse("costs:scenario_edit", kwargs={"code": scenario.code}), data)
    scenario.refresh_from_db()
    assert (scenario.name == "Omdøbt") is allowed, response.status_code

    response = client.post(
        reverse("costs:budget"), {"label": "Husleje", "category": "operation_other", "amount_per_year": "12.000"}
    )
    assert BudgetLine.objects.filter(label="Husleje").exists() is allowed, response.status_code

    client.post(reverse("costs:budget_line_delete", kwargs={"code": line.code}))
    assert BudgetLine.objects.filter(pk=line.pk).exists() is not allowed

    client.post(reverse("costs:scenario_delete", kwargs={"code": scenario.code}))
    assert CostScenario.objects.filter(pk=scenario.pk).exists() is not allowed


@pytest.mark.django_db
def test_it_hides_another_organisations_scenario_and_budget_from_its_coordinator(
    world: World, scenario: CostScenario, line: BudgetLine
) -> None:
    client = login(Client(), world.outsider)
    for name, url in (read_urls(scenario) | edit_urls(scenario, line)).items():
        if str(scenario.code) in url.split("?")[0] or str(line.code) in url:
            assert client.get(url).status_code == 404, name
    for url in (
        reverse("costs:scenario_delete", kwargs={"code": scenario.code}),
        reverse("costs:budget_line_delete", kwargs={"code": line.code}),
        reverse("costs:scenario_edit", kwargs={"code": scenario.code}),
    ):
        assert client.post(url, form_data(scenario) | {"name": "Overtaget", "save": "1"}).status_code == 404
    scenario.refresh_from_db()
    assert scenario.name != "Overtaget" and BudgetLine.objects.filter(pk=line.pk).exists()


@pytest.mark.django_db
def test_it_refuses_to_compare_another_organisations_scenario(world: World, scenario: CostScenario) -> None:
    response = login(Client(), world.outsider).get(read_urls(scenario)["compare"])
    page = response.content.decode()
    assert "compare-table" not in page and "Vælg blandt scenarierne på listen." in page


@pytest.mark.django_db
def test_it_copies_a_preset_into_the_copying_persons_own_organisation(world: World) -> None:
    login(Client(), world.outsider).post(reverse("costs:preset_copy", kwargs={"key": "ark"}))
    assert CostScenario.objects.get(based_on_preset="ark").organisation == world.other_organisation


@pytest.mark.django_db
def test_it_lists_only_the_organisations_own_scenarios(world: World, scenario: CostScenario) -> None:
    other = copy(world.other_organisation, "ark")
    page = login(Client(), world.coordinator).get(reverse("costs:scenario_list")).content.decode()
    assert str(scenario.code) in page and str(other.code) not in page


@pytest.mark.django_db
def test_it_sends_a_visitor_who_is_not_logged_in_to_the_login_page(scenario: CostScenario) -> None:
    response = Client().get(reverse("costs:scenario_detail", kwargs={"code": scenario.code}))
    assert response.status_code == 302 and "log-ind" in response["Location"]


def test_it_puts_costs_in_the_menu_of_the_roles_that_see_them() -> None:
    for role in Role:
        keys = {entry.key for entry in navigation.entries_for({role})}
        assert ("costs.scenarios" in keys) is (role in VIEW_ROLES), role


@pytest.mark.django_db
def test_it_shows_the_menu_entry_on_the_cost_pages(world: World) -> None:
    page = login(Client(), world.analyst).get(reverse("costs:method")).content.decode()
    assert 'href="/omkostninger/" class="nav-link"' in page


@pytest.mark.django_db
def test_it_logs_who_downloaded_an_export(world: World, scenario: CostScenario) -> None:
    login(Client(), world.analyst).get(reverse("costs:scenario_export", kwargs={"code": scenario.code, "fmt": "pdf"}))
    entry = AuditEntry.objects.get(action="costs.scenario.exported")
    assert entry.actor == world.analyst and entry.data["format"] == "pdf"


@pytest.mark.django_db
def test_it_records_every_change_in_the_audit_log(world: World, scenario: CostScenario) -> None:
    client = login(Client(), world.lead)
    client.post(reverse("costs:scenario_edit", kwargs={"code": scenario.code}), form_data(scenario) | {"save": "1"})
    client.post(reverse("costs:scenario_delete", kwargs={"code": scenario.code}))
    actions = list(AuditEntry.objects.filter(action__startswith="costs.").values_list("action", flat=True))
    assert {"costs.scenario.copied", "costs.scenario.updated", "costs.scenario.deleted"} <= set(actions)
