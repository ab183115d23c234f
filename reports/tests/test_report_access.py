"""Who may open the report: coordinators, leads and analysts of the organisation; everyone else gets 404."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core import navigation
from tests.personas import World, login

READERS = {"coordinator", "lead", "analyst"}
PERSONAS = ["coordinator", "peer", "key_person", "citizen", "teacher", "lead", "analyst", "administrator"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_report_and_its_exports_to_coordinators_leads_and_analysts_only(
    world: World, persona: str
) -> None:
    client = login(Client(), world.personas()[persona])
    urls = [
        reverse("reports:report"),
        reverse("reports:export", args=["csv"]),
        reverse("reports:export", args=["xlsx"]),
    ]
    for url in urls:
        response = client.get(url)
        expected = 200 if persona in READERS else 404
        assert response.status_code == expected, (persona, url, response.status_code)


@pytest.mark.django_db
def test_it_sends_an_anonymous_visitor_to_the_login_page(world: World) -> None:
    response = Client().get(reverse("reports:report"))
    assert response.status_code == 302
    assert "login" in response["Location"] or "log-ind" in response["Location"]


@pytest.mark.django_db
def test_it_lists_the_report_in_the_menu_of_the_roles_that_may_open_it() -> None:
    keys_for = {role: {e.key for e in navigation.entries_for([role])} for role in ["coordinator", "analyst", "peer"]}
    assert "reports.report" in keys_for["coordinator"]
    assert "reports.report" in keys_for["analyst"]
    assert "reports.report" not in keys_for["peer"]


@pytest.mark.django_db
def test_it_does_not_offer_another_organisations_programme_as_a_filter(world: World) -> None:
    from core.models import Programme

    foreign = Programme.objects.create(organisation=world.other_organisation, name="Fremmed", model="peer_guide")
    client = login(Client(), world.coordinator)
    response = client.get(
        reverse("reports:report"), {"start": "01.01.2026", "end": "31.03.2026", "programme": foreign.code}
    )
    assert response.status_code == 200
    assert "Fremmed" not in response.content.decode()
    assert response.context["scope"] is None


@pytest.mark.django_db
def test_it_shows_a_coordinator_of_another_organisation_only_their_own_figures(world: World) -> None:
    from reports.tests.helpers import course

    course(world, started_on=date(2026, 2, 1))
    query = {"start": "01.01.2026", "end": "31.03.2026"}
    own = login(Client(), world.coordinator).get(reverse("reports:report"), query)
    other = login(Client(), world.outsider).get(reverse("reports:report"), query)
    assert _value(own, "support_started") == 1
    assert _value(other, "support_started") == 0
    response = login(Client(), world.outsider).get(
        reverse("reports:report"), query | {"programme": str(world.programme.code)}
    )
    assert response.context["scope"] is None


def _value(response: Any, key: str) -> Any:
    return {row["figure"].key: row["figure"].value for row in response.context["rows"]}[key]
