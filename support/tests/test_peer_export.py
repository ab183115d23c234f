"""A peer's own data export (Mine oplysninger) holds the peer's courses of support as dates and counts and
the peer's transport claims — never the citizen's name or what was said."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from support import services
from support.tests.factories import log_meetings, make_course
from tests.personas import World, login

pytestmark = pytest.mark.django_db


def test_it_gives_the_peer_their_courses_and_claims_without_the_citizens_name(world: World) -> None:
    course = make_course(world)
    log_meetings(world, course, 2)
    services.submit_claim(
        actor=world.peer,
        peer=course.peer,
        travelled_on=timezone.localdate() - datetime.timedelta(days=1),
        from_place="Roskilde St.",
        to_place="Café Bro",
        km=None,
        amount=Decimal("48.00"),
    )
    response = login(Client(), world.peer).get(reverse("people:my_data_export"))
    mine = next(part for part in json.loads(response.content) if "peer" in part)
    [exported] = mine["support_courses"]
    assert exported["course"] == str(course.code) and exported["meetings"] == 2
    assert mine["transport_claims"][0]["to"] == "Café Bro" and mine["transport_claims"][0]["amount"] == "48.00"
    assert world.citizen_record.last_name not in json.dumps(mine["support_courses"])
