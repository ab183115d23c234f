"""Small hand-made data for the report tests, in a fixed period (the first quarter of 2026)."""

from __future__ import annotations

import datetime
from datetime import date, time
from typing import Any

from django.utils import timezone

from conversations.models import Conversation
from conversations.tests.factories import make_entry, make_shift
from people.models import Citizen, Peer
from reports.selectors import Period, Scope
from support import services as support_services
from support.models import SupportCourse
from tests.peer_personas import make_peer
from tests.personas import World

QUARTER = Period(date(2026, 1, 1), date(2026, 3, 31))


def scope(world: World, period: Period = QUARTER, **kwargs: Any) -> Scope:
    return Scope(world.organisation, period, **kwargs)


def the_peer(world: World) -> Peer:
    return Peer.objects.filter(user=world.peer).first() or make_peer(world)


def citizen(world: World, first_name: str) -> Citizen:
    return Citizen.objects.create(organisation=world.organisation, first_name=first_name)


def course(
    world: World, *, started_on: date, ended_on: date | None = None, who: Citizen | None = None, match: Any = None
) -> SupportCourse:
    opened = support_services.open_course(
        actor=None,
        citizen=who or citizen(world, "Mette"),
        peer=the_peer(world),
        programme=world.programme,
        started_on=started_on,
        match=match,
    )
    if ended_on is not None:
        SupportCourse.objects.filter(pk=opened.pk).update(ended_on=ended_on, stage="ended")
        opened.refresh_from_db()
    return opened


def meeting(course: SupportCourse, held_on: date, minutes: int = 60) -> None:
    support_services.log_meeting(
        actor=None, course=course, held_on=held_on, duration_minutes=minutes, activity="conversation"
    )


def ward_conversation(world: World, day: date, patient: str = "Anna") -> Conversation:
    shift = make_shift(world, peer=the_peer(world), day=day)
    entry = make_entry(world, patient=patient, day=day)
    started = timezone.make_aware(datetime.datetime.combine(day, time(13)))
    return Conversation.objects.create(shift=shift, entry=entry, started_at=started)
