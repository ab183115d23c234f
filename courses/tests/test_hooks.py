"""What the courses app tells other apps: the costs app's activity counts, the volunteering occasions for
references, and the navigation with the count of runs below their minimum."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from courses import hooks
from courses.models import TeamMember
from courses.tests.factories import future_days, make_course, make_run
from tests.personas import login

pytestmark = pytest.mark.django_db


def test_it_counts_runs_and_sessions_held_for_the_costs_app(world):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher, days=future_days(3))
    sessions = list(run.sessions.order_by("day"))
    with time_machine.travel(sessions[1].ends_at + timedelta(hours=1)):
        today = timezone.localdate()
        counts = hooks.recorded_counts(world.organisation, today - timedelta(days=60), today + timedelta(days=60))
    assert counts == {"course_runs": 1, "sessions": 2}
    from costs import activity

    assert "courses" in activity.providers()


def test_it_counts_the_sessions_a_peer_has_taught_for_references(world):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher, days=future_days(3))
    peer = TeamMember.objects.get(run=run, peer__isnull=False).peer
    assert hooks.sessions_taught(peer) == 0
    with time_machine.travel(run.ends_on + timedelta(days=1)):
        assert hooks.sessions_taught(peer) == 3
    from agreements.references import occasion_counters

    assert "courses" in occasion_counters()


def test_it_shows_coordinators_the_runs_below_their_minimum_on_the_start_page(client, world):
    make_run(make_course(world.organisation, world.school), teacher=world.teacher, min_participants=2)
    login(client, world.coordinator)
    page = client.get(reverse("core:home")).text
    assert "hold under minimum" in page
    assert reverse("courses:course_list") in page
    login(client, world.teacher)
    assert reverse("courses:my_runs") in client.get(reverse("core:home")).text
