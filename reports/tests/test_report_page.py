"""The report page: default period, Danish date filter, bad input, not-recorded figures, exports and queries."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports.tests.helpers import course, meeting, ward_conversation
from tests.personas import World, login

QUARTER = {"start": "01.01.2026", "end": "31.03.2026"}


def rows(response: object) -> dict[str, object]:
    return {row["figure"].key: row["figure"].value for row in response.context["rows"]}  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_it_shows_this_year_so_far_by_default(world: World) -> None:
    response = login(Client(), world.analyst).get(reverse("reports:report"))
    scope = response.context["scope"]
    today = timezone.localdate()
    assert (scope.period.start, scope.period.end) == (date(today.year, 1, 1), today)
    assert "registreres ikke" in response.content.decode()


@pytest.mark.django_db
def test_it_filters_by_a_period_typed_in_danish(world: World) -> None:
    course(world, started_on=date(2026, 2, 1))
    course(world, started_on=date(2025, 2, 1), ended_on=date(2025, 6, 1))
    client = login(Client(), world.coordinator)
    assert rows(client.get(reverse("reports:report"), QUARTER))["support_started"] == 1
    last_year = {"start": "01.01.2025", "end": "31.12.2025"}
    assert rows(client.get(reverse("reports:report"), last_year))["support_started"] == 1
    assert rows(client.get(reverse("reports:report"), last_year))["support_ended"] == 1


@pytest.mark.django_db
def test_it_explains_a_period_that_ends_before_it_starts_and_keeps_what_was_typed(world: World) -> None:
    response = login(Client(), world.lead).get(reverse("reports:report"), {"start": "31.03.2026", "end": "01.01.2026"})
    page = response.content.decode()
    assert response.context["scope"] is None
    assert "Periodens slutning skal ligge på eller efter dens start." in page
    assert "31.03.2026" in page


@pytest.mark.django_db
def test_it_shows_analysts_numbers_and_no_names(world: World) -> None:
    from reports.tests.helpers import citizen

    course(world, started_on=date(2026, 2, 1), who=citizen(world, "Henrietta"))
    ward_conversation(world, date(2026, 2, 3), "Rosalinde")
    response = login(Client(), world.analyst).get(reverse("reports:report"), QUARTER)
    page = response.content.decode()
    assert rows(response)["citizens_in_support"] == 1
    assert "Henrietta" not in page and "Rosalinde" not in page


@pytest.mark.django_db
def test_it_exports_the_same_figures_as_csv_and_excel(world: World) -> None:
    running = course(world, started_on=date(2026, 1, 5))
    meeting(running, date(2026, 1, 20), 90)
    client = login(Client(), world.coordinator)
    csv_response = client.get(reverse("reports:export", args=["csv"]), QUARTER)
    text = csv_response.content.decode()
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "Støtteforløb startet;1" in text
    assert "Timer med møder;1,5" in text
    assert "Fremmøde til supervision (%);registreres ikke" in text

    xlsx = client.get(reverse("reports:export", args=["xlsx"]), QUARTER)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Støtteforløb startet"] == 1
    assert values["Registrerede møder"] == 1
    assert values["Fremmøde til supervision (%)"] == "registreres ikke"


@pytest.mark.django_db
def test_it_refuses_an_unknown_export_format(world: World) -> None:
    response = login(Client(), world.coordinator).get(reverse("reports:export", args=["pdf"]), QUARTER)
    assert response.status_code == 404


@pytest.mark.django_db
def test_it_keeps_the_number_of_queries_constant_as_data_grows(world: World) -> None:
    client = login(Client(), world.coordinator)
    client.get(reverse("reports:report"), QUARTER)  # warm the session and caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:report"), QUARTER).status_code == 200
        return len(queries)

    before = count()
    for day in (5, 12, 19):
        running = course(world, started_on=date(2026, 1, day))
        meeting(running, date(2026, 1, day + 1))
        ward_conversation(world, date(2026, 1, day), f"Patient {day}")
    assert count() == before


@pytest.mark.django_db
def test_it_draws_the_activity_chart_from_the_same_numbers_as_the_table(world: World) -> None:
    running = course(world, started_on=date(2026, 1, 5))
    meeting(running, date(2026, 1, 6))
    meeting(running, date(2026, 1, 7))
    response = login(Client(), world.coordinator).get(reverse("reports:report"), QUARTER)
    chart = response.context["chart"]
    drawn = dict(zip(chart["data"]["labels"], chart["data"]["datasets"][0]["data"], strict=True))
    assert drawn["Støtteforløb startet"] == 1
    assert drawn["Registrerede møder"] == 2
    assert 'id="report-chart"' in response.content.decode()


@pytest.mark.django_db
def test_it_hides_a_figure_resting_on_fewer_people_than_the_minimum_group(world: World) -> None:
    import re

    from reports.tests.helpers import the_peer
    from support.tests.factories import make_match

    match = make_match(world, the_peer(world))
    type(match.referral).objects.filter(pk=match.referral.pk).update(
        referred_at=timezone.make_aware(timezone.datetime(2026, 1, 1, 10))
    )
    opened = course(world, started_on=date(2026, 1, 3), who=match.referral.citizen, match=match)
    meeting(opened, date(2026, 1, 12))
    client = login(Client(), world.analyst)
    page = client.get(reverse("reports:report"), QUARTER).content.decode()
    row = re.search(r'data-figure="waiting_median_days">(.*?)</tr>', page, re.S)
    assert row is not None
    assert "færre end den mindste gruppe" in row.group(1)
    assert ">11<" not in row.group(1)
    text = client.get(reverse("reports:export", args=["csv"]), QUARTER).content.decode()
    assert "Ventetid, median (dage);færre end den mindste gruppe" in text
