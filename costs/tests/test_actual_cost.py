"""Actual cost: a period's costs (budget lines or a scenario) divided by what was recorded or typed,
each figure with the count behind it, and "not computable" where there is nothing to divide by."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Organisation
from costs import activity
from costs.actual import (
    Activity,
    ActivityError,
    CostBasis,
    CostLine,
    Measure,
    NotComputable,
    Source,
    actual_cost,
    basis_from_assessment,
    period_years,
)
from costs.engine import assess
from costs.models import BudgetLine
from costs.presets import get_preset
from costs.selectors import collect_activity, recorded_activity
from costs.tests.helpers import copy
from tests.personas import World, login

YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
BUDGET = CostBasis("Budget", (CostLine("Løn", 300_000.0), CostLine("Husleje", 60_000.0)))


# --- the pure calculation -------------------------------------------------------------------------


def test_it_divides_a_years_costs_by_each_count() -> None:
    result = actual_cost(
        Activity(
            *YEAR_2025,
            citizens_reached=72,
            course_runs=6,
            support_hours=1_440.0,
            sessions=480,
            chime_improvement_points=180.0,
        ),
        BUDGET,
    )
    assert result.years == 1.0 and result.cost == 360_000.0
    assert result.figure(Measure.CITIZEN).cost_per_unit == 5_000.0
    assert result.figure(Measure.COURSE_RUN).cost_per_unit == 60_000.0
    assert result.figure(Measure.SUPPORT_HOUR).cost_per_unit == 250.0
    assert result.figure(Measure.SESSION).cost_per_unit == 750.0
    assert result.figure(Measure.CHIME_POINT).cost_per_unit == 2_000.0
    assert result.figure(Measure.CITIZEN).count == 72  # the count behind the figure


def test_it_marks_a_figure_with_nothing_recorded_as_not_computable() -> None:
    result = actual_cost(Activity(*YEAR_2025, citizens_reached=0, sessions=None, course_runs=4), BUDGET)
    for measure in (Measure.CITIZEN, Measure.SESSION, Measure.SUPPORT_HOUR, Measure.CHIME_POINT):
        figure = result.figure(measure)
        assert not figure.computable and figure.not_computable == NotComputable.NO_COUNT
    assert result.figure(Measure.COURSE_RUN).cost_per_unit == 90_000.0


def test_it_gives_no_cost_per_chime_point_when_outcomes_show_no_improvement() -> None:
    result = actual_cost(Activity(*YEAR_2025, chime_improvement_points=-12.5), BUDGET)
    assert result.figure(Measure.CHIME_POINT).not_computable == NotComputable.NO_IMPROVEMENT


def test_it_counts_the_period_in_days_of_each_calendar_year() -> None:
    assert period_years(date(2024, 1, 1), date(2024, 12, 31)) == 1.0  # a leap year is one year too
    assert period_years(date(2025, 7, 1), date(2025, 12, 31)) == pytest.approx(184 / 365)
    assert period_years(date(2024, 7, 1), date(2025, 6, 30)) == pytest.approx(184 / 366 + 181 / 365)
    half = actual_cost(Activity(date(2025, 1, 1), date(2025, 6, 30), citizens_reached=10), BUDGET)
    assert half.cost == pytest.approx(360_000 * 181 / 365)


def test_it_refuses_a_period_that_ends_before_it_starts_and_negative_counts() -> None:
    with pytest.raises(ActivityError) as period:
        actual_cost(Activity(date(2025, 2, 1), date(2025, 1, 1)), BUDGET)
    assert period.value.code == "invalid_period" and period.value.field == "end"
    with pytest.raises(ActivityError) as negative:
        actual_cost(Activity(*YEAR_2025, sessions=-3), BUDGET)
    assert negative.value.code == "negative_count" and negative.value.field == "sessions"


def test_it_says_which_counts_were_recorded_and_which_typed() -> None:
    result = actual_cost(
        Activity(*YEAR_2025, citizens_reached=40, sessions=200, recorded=frozenset({"sessions"})), BUDGET
    )
    assert result.figure(Measure.SESSION).source == Source.RECORDED
    assert result.figure(Measure.CITIZEN).source == Source.TYPED
    assert result.figure(Measure.COURSE_RUN).source is None


def test_it_spreads_a_scenarios_present_value_over_its_discounted_years() -> None:
    assessment = assess(get_preset("bridge_everyday").scenario)  # every cost yearly: 387.269,35 kr. a year
    basis = basis_from_assessment(assessment)
    assert basis.per_year == pytest.approx(36_227.85 + 351_041.5)
    assert basis.per_year == pytest.approx(assessment.per_unit_year * assessment.scenario.units)


# --- the registry other apps fill -----------------------------------------------------------------


@pytest.fixture
def providers() -> Iterator[list[str]]:
    """Only the providers a test registers itself: the apps' own are set aside and put back after."""
    saved = activity.providers()
    for name in saved:
        activity.unregister(name)
    names: list[str] = []
    yield names
    for name in names:
        activity.unregister(name)
    for name, provider in saved.items():
        activity.register(name, provider)


def provide(names: list[str], name: str, counts: Any) -> None:
    def provider(organisation: Organisation, start: date, end: date) -> Any:
        if isinstance(counts, Exception):
            raise counts
        return counts(organisation, start, end) if callable(counts) else counts

    activity.register(name, provider)
    names.append(name)


@pytest.mark.django_db
def test_it_adds_up_what_the_apps_recorded_for_the_period(world: World, providers: list[str]) -> None:
    seen: list[tuple[Organisation, date, date]] = []

    def courses(organisation: Organisation, start: date, end: date) -> dict[str, Any]:
        seen.append((organisation, start, end))
        return {"course_runs": 3, "sessions": 24, "citizen_codes": {"a", "b", "c"}}

    provide(providers, "test_courses", courses)
    provide(providers, "test_referrals", {"support_hours": 310.5, "sessions": 40, "citizen_codes": ["c", "d"]})
    provide(providers, "test_feedback", {"chime_improvement_points": 42.0, "citizens_reached": None})
    found = recorded_activity(world.organisation, *YEAR_2025)
    assert seen == [(world.organisation, *YEAR_2025)]
    assert found.course_runs == 3 and found.sessions == 64 and found.support_hours == 310.5
    assert found.citizens_reached == 4  # citizen c took part in both, and counts once
    assert found.chime_improvement_points == 42.0
    assert found.recorded == {
        "course_runs",
        "sessions",
        "support_hours",
        "citizens_reached",
        "chime_improvement_points",
    }


@pytest.mark.django_db
def test_it_leaves_out_a_provider_that_fails_or_answers_nonsense(world: World, providers: list[str]) -> None:
    provide(providers, "test_broken", RuntimeError("database down"))
    provide(providers, "test_nonsense", {"visits": 3})
    provide(providers, "test_fraction", {"course_runs": 2.5})
    provide(providers, "test_good", {"sessions": 12})
    collected = collect_activity(world.organisation, *YEAR_2025)
    assert collected.failed == ("test_broken", "test_nonsense", "test_fraction")
    assert collected.activity.sessions == 12 and collected.activity.course_runs is None


@pytest.mark.django_db
def test_it_knows_nothing_was_recorded_while_no_app_reports(world: World, providers: list[str]) -> None:
    collected = collect_activity(world.organisation, *YEAR_2025)
    assert not collected.any_provider
    assert collected.activity.citizens_reached is None and collected.activity.recorded == frozenset()


# --- the page -------------------------------------------------------------------------------------


@pytest.fixture
def budget(world: World) -> None:
    for label, amount in (("Løn til koordinator", "400000"), ("Supervision", "50000")):
        BudgetLine.objects.create(
            organisation=world.organisation, label=label, category="operation_other", amount_per_year=Decimal(amount)
        )


def query(**values: str) -> dict[str, str]:
    return {"start": "01.01.2025", "end": "31.12.2025", "basis": "budget"} | values


@pytest.mark.django_db
def test_it_computes_the_actual_cost_from_typed_counts_and_the_budget(
    world: World, budget: None, providers: list[str]
) -> None:
    client = login(Client(), world.analyst)
    response = client.get(reverse("costs:actual_cost"), query(citizens_reached="90", support_hours="1.800,5"))
    page = response.content.decode()
    assert "Perioden kostede 450.000 kr.: 450.000 kr. pr. år × 1,00 år." in page
    assert "5.000" in page  # per citizen
    assert "250" in page  # per hour: 450.000 / 1.800,5 = 249,93
    figures = {row["measure"]: row for row in response.context["figures"]}
    assert figures["citizen"]["per_unit"] == 5_000 and figures["citizen"]["count"] == "90"
    assert figures["support_hour"]["per_unit"] == 250 and figures["support_hour"]["count"] == "1.800,5"
    assert figures["citizen"]["source_label"] == "Indtastet"
    assert "Kan ikke beregnes – der er ikke registreret kursusforløb i perioden." in page
    assert "Kan ikke beregnes – der er ikke registreret CHIME-resultater i perioden." in page
    assert "Systemet tæller endnu ikke selv denne aktivitet." in page


@pytest.mark.django_db
def test_it_prefills_recorded_counts_and_labels_each_count_by_its_source(
    world: World, budget: None, providers: list[str]
) -> None:
    provide(providers, "test_courses", {"course_runs": 6, "sessions": 36})
    client = login(Client(), world.coordinator)
    first = client.get(reverse("costs:actual_cost"))
    assert first.context["form"]["course_runs"].value() == "6"  # prefilled for the default period
    assert "Registreret i systemet for perioden: 6." in first.content.decode()

    # The coordinator keeps the recorded course runs, corrects the sessions and types the citizens.
    response = client.get(reverse("costs:actual_cost"), query(course_runs="6", sessions="40", citizens_reached="45"))
    figures = {row["measure"]: row for row in response.context["figures"]}
    assert figures["course_run"]["source_label"] == "Registreret" and figures["course_run"]["per_unit"] == 75_000
    assert figures["session"]["source_label"] == "Indtastet" and figures["session"]["per_unit"] == 11_250
    assert figures["citizen"]["source_label"] == "Indtastet" and figures["citizen"]["per_unit"] == 10_000


@pytest.mark.django_db
def test_it_fetches_the_recorded_counts_again_for_a_new_period(
    world: World, budget: None, providers: list[str]
) -> None:
    def by_year(organisation: Organisation, start: date, end: date) -> dict[str, Any]:
        return {"sessions": 100 if start.year == 2025 else 7}

    provide(providers, "test_sessions", by_year)
    response = login(Client(), world.coordinator).get(reverse("costs:actual_cost"), query(sessions="7", fetch="1"))
    assert response.context["form"]["sessions"].value() == "100"
    figure = {row["measure"]: row for row in response.context["figures"]}["session"]
    assert figure["source_label"] == "Registreret" and figure["per_unit"] == 4_500


@pytest.mark.django_db
def test_it_computes_the_actual_cost_from_a_scenario(world: World) -> None:
    scenario = copy(world.organisation, "bridge_everyday")
    response = login(Client(), world.lead).get(
        reverse("costs:actual_cost"), query(basis=f"s:{scenario.code}", citizens_reached="36")
    )
    figure = {row["measure"]: row for row in response.context["figures"]}["citizen"]
    assert figure["per_unit"] == round((36_227.85 + 351_041.5) / 36)
    assert "Omkostningerne: " + scenario.name in response.content.decode()


@pytest.mark.django_db
def test_it_explains_a_period_that_ends_before_it_starts(world: World, budget: None) -> None:
    response = login(Client(), world.coordinator).get(
        reverse("costs:actual_cost"), query(start="01.02.2025", end="01.01.2025")
    )
    assert response.context["form"].errors["end"] == ["Perioden skal slutte samme dag eller efter, den begynder."]
    assert response.context["result"] is None


@pytest.mark.django_db
def test_it_asks_for_costs_first_when_there_are_none(world: World) -> None:
    page = login(Client(), world.coordinator).get(reverse("costs:actual_cost")).content.decode()
    assert "Der er endnu ingen omkostninger at regne med" in page and "Tilføj budgetlinjer" in page


@pytest.mark.django_db
def test_it_will_not_divide_another_organisations_scenario(world: World) -> None:
    other = copy(world.other_organisation, "ark")
    response = login(Client(), world.coordinator).get(reverse("costs:actual_cost"), query(basis=f"s:{other.code}"))
    assert response.context["result"] is None and response.context["form"].errors["basis"]


@pytest.mark.django_db
def test_it_keeps_budget_lines_in_danish_kroner(world: World) -> None:
    client = login(Client(), world.coordinator)
    client.post(
        reverse("costs:budget"), {"label": "Husleje", "category": "operation_other", "amount_per_year": "kr. 72.000,50"}
    )
    line = BudgetLine.objects.get(label="Husleje")
    assert line.amount_per_year == Decimal("72000.50") and line.organisation == world.organisation
    page = client.get(reverse("costs:budget")).content.decode()
    assert "72.001" in page  # whole kroner in the list
    response = client.post(
        reverse("costs:budget"), {"label": "Fejl", "category": "operation_other", "amount_per_year": "-5"}
    )
    assert response.status_code == 200 and response.context["form"].errors["amount_per_year"]
    assert not BudgetLine.objects.filter(label="Fejl").exists()
