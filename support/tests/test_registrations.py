"""What the support app registers with other apps: evaluations access, the peer's citizens, activity
for costs, occasions for references, the load column, navigation and the daily job."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from agreements.references import count_occasions
from core.navigation import entries_for
from core.tasks import daily_jobs
from costs import activity
from feedback.access import citizens_of_peer, may_see_context
from people.models import Consent, ConsentPurpose
from support import services
from support.models import EndReason, SupportCourse
from support.tests.factories import log_meetings, make_course
from tests.personas import login

pytestmark = pytest.mark.django_db


def test_it_tells_the_questionnaire_engine_which_citizens_a_peer_supports(world):
    course = make_course(world)
    assert citizens_of_peer(world.peer, world.organisation) == [world.citizen_record]
    services.end_course(actor=world.peer, course=course, ended_by="peer", reason=EndReason.COMPLETED)
    assert citizens_of_peer(world.peer, world.organisation) == []


def test_it_lets_the_peer_see_evaluations_of_the_course_only_with_the_citizens_consent(world):
    course = make_course(world)
    content_type = ContentType.objects.get_for_model(SupportCourse)
    assert not may_see_context(world.peer, content_type, str(course.code))
    Consent.objects.create(citizen=world.citizen_record, purpose=ConsentPurpose.SHARE_WITH_PEER)
    assert may_see_context(world.peer, content_type, str(course.code))
    assert not may_see_context(world.key_person, content_type, str(course.code))


def test_it_reports_citizens_and_support_hours_to_the_costs_app(world):
    course = make_course(world)
    log_meetings(world, course, 2, duration_minutes=45)
    counts = activity.providers()["support"](world.organisation, course.started_on, timezone.localdate())
    assert counts["citizen_codes"] == {str(world.citizen_record.code)}
    assert counts["support_hours"] == 1.5


def test_it_counts_meetings_as_volunteering_occasions(world):
    course = make_course(world)
    before = count_occasions(course.peer)
    log_meetings(world, course, 3)
    assert count_occasions(course.peer) == before + 3


def test_it_shows_the_load_in_the_peer_overview(client, world):
    course = make_course(world)
    course.peer.capacity = 1
    course.peer.save()
    login(client, world.coordinator)
    page = client.get(reverse("people:peer_overview")).content.decode()
    assert "1 af 1" in page or "1 of 1" in page


def test_it_registers_navigation_and_the_daily_reminders(world):
    keys = {e.key for e in entries_for({"peer"})}
    assert "support.caseload" in keys
    assert "support.courses" in {e.key for e in entries_for({"coordinator"})}
    assert "support.my_support" in {e.key for e in entries_for({"citizen"})}
    assert "support.reminders" in daily_jobs()
    course = make_course(world, started_on=timezone.localdate() - datetime.timedelta(weeks=16))
    assert daily_jobs()["support.reminders"]() == 1
    course.refresh_from_db()
    assert course.end_reminded_on == timezone.localdate()


def test_it_adds_the_caseload_to_the_peers_own_page(client, world):
    make_course(world)
    login(client, world.peer)
    page = client.get(reverse("people:my_peer_page")).content.decode()
    assert "Birgit" in page and reverse("support:caseload") in page
