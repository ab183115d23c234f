"""Small helpers for the support app's tests: a course between the peer persona and the citizen persona."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from core.models import Programme
from people.models import Citizen, Peer
from support import services
from support.models import SupportCourse
from tests.peer_personas import make_peer
from tests.personas import World


def make_course(
    world: World,
    *,
    peer: Peer | None = None,
    citizen: Citizen | None = None,
    programme: Programme | None = None,
    started_on: datetime.date | None = None,
) -> SupportCourse:
    peer = peer or Peer.objects.filter(user=world.peer).first() or make_peer(world)
    return services.open_course(
        actor=world.coordinator,
        citizen=citizen or world.citizen_record,
        peer=peer,
        programme=programme or world.programme,
        started_on=started_on or timezone.localdate() - datetime.timedelta(days=20),
    )


def log_meetings(world: World, course: SupportCourse, count: int, **fields: Any) -> None:
    for i in range(count):
        services.log_meeting(
            actor=world.peer,
            course=course,
            held_on=fields.get("held_on", timezone.localdate() - datetime.timedelta(days=count - i)),
            duration_minutes=fields.get("duration_minutes", 60),
            activity=fields.get("activity", "conversation"),
            place=fields.get("place", "Café Korn"),
            note=fields.get("note", ""),
        )


def agree(world: World, course: SupportCourse) -> None:
    agreement = services.save_agreement(
        actor=world.peer,
        course=course,
        first_meeting_on=course.started_on,
        purpose="At komme ud af lejligheden",
        places="Biblioteket",
    )
    services.sign_agreement(actor=world.peer, agreement=agreement, typed_name="Peter Testesen")
    services.sign_agreement(actor=world.citizen, agreement=agreement, typed_name="Birgit Testesen")


def make_match(world: World, peer: Peer, *, first_name: str = "Mette") -> Any:
    """A referral of a new citizen and a match proposed to the peer (as the coordinator confirms it)."""
    from referrals.models import Flow, Match, Referral, ReferralStatus, ReferrerKind

    citizen = Citizen.objects.create(organisation=world.organisation, first_name=first_name, municipality="Aarhus")
    referral = Referral.objects.create(
        organisation=world.organisation,
        programme=world.programme,
        citizen=citizen,
        flow=Flow.INPATIENT,
        referrer_kind=ReferrerKind.KEY_PERSON,
        referred_by=world.key_person,
        criteria_confirmed_at=timezone.now(),
        languages=["da"],
        availability=["mon-am"],
        status=ReferralStatus.PROPOSED,
    )
    return Match.objects.create(
        organisation=world.organisation, referral=referral, peer=peer, confirmed_by=world.coordinator
    )
