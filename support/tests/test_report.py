"""Figures of 1:1 courses: citizens reached per FTE (model 1), volunteer hours (model 2)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Programme
from people.models import Citizen, PeerKind
from support import selectors
from support.tests.factories import log_meetings, make_course
from tests.peer_personas import make_peer
from tests.personas import login

pytestmark = pytest.mark.django_db


def test_it_counts_citizens_reached_per_paid_fte(world):
    model1 = Programme.objects.create(
        organisation=world.organisation, name="Individuel peer-støtte", model=Programme.Model.INDIVIDUAL_AND_GROUP
    )
    paid = make_peer(world, kind=PeerKind.PAID, hours_per_week=Decimal("18.5"), programmes=[model1])
    for name in ("Anna", "Bo", "Cai"):
        citizen = Citizen.objects.create(organisation=world.organisation, first_name=name)
        make_course(world, peer=paid, citizen=citizen, programme=model1, started_on=datetime.date(2026, 2, 1))
    reach = selectors.citizens_reached_per_fte(model1, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert reach.citizens == 3
    assert reach.fte == Decimal("0.50")
    assert reach.per_fte == Decimal("6.0")
    assert reach.expected_per_fte == 38


def test_it_sums_volunteer_hours_from_meeting_durations(world):
    volunteer = make_peer(world)
    course = make_course(world, peer=volunteer)
    log_meetings(world, course, 3, duration_minutes=50)
    today = course.started_on + datetime.timedelta(days=30)
    rows = selectors.volunteer_hours(world.organisation, course.started_on, today)
    assert rows == [(volunteer, Decimal("2.5"))]


def test_it_shows_the_report_to_coordinators_leads_and_analysts_only(client, world):
    course = make_course(world)
    log_meetings(world, course, 2, duration_minutes=90)
    for persona in ("coordinator", "lead", "analyst"):
        login(client, world.personas()[persona])
        page = client.get(reverse("support:report"))
        assert page.status_code == 200 and world.programme.name in page.content.decode()
    for persona in ("peer", "citizen", "key_person", "teacher"):
        login(client, world.personas()[persona])
        assert client.get(reverse("support:report")).status_code == 404
