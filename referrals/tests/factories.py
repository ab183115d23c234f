"""Small makers for the referrals tests: ready peers (qualified, agreement signed, available) and referrals."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from agreements import services as agreement_services
from agreements.models import Signature, SignatureMethod
from education import services as education_services
from education.models import EducationModule, ModuleKind
from people.models import AvailabilitySlot, Citizen, Peer, PeerStatus
from referrals import eligibility, services
from referrals.models import Flow, Referral, ReferrerKind
from tests.personas import World

MONDAY_MORNING = (0, datetime.time(9, 0), datetime.time(11, 0))


def basic_module(world: World) -> EducationModule:
    module = EducationModule.objects.filter(organisation=world.organisation, kind=ModuleKind.BASIC).first()
    if module is None:
        education_services.set_up_education(organisation=world.organisation, acting_user=world.coordinator)
        module = EducationModule.objects.get(organisation=world.organisation, kind=ModuleKind.BASIC)
    return module


def qualify(world: World, peer: Peer) -> None:
    education_services.record_completion(
        peer=peer, module=basic_module(world), completed_on=datetime.date(2025, 1, 15), acting_user=None
    )


def sign_agreement(world: World, peer: Peer, *, starts_on: datetime.date | None = None) -> None:
    agreement = agreement_services.create_agreement(
        peer=peer,
        programme=world.programme,
        coordinator=world.coordinator,
        starts_on=starts_on or timezone.localdate() - datetime.timedelta(days=30),
        acting_user=world.coordinator,
        first_name=peer.first_name,
        last_name=peer.last_name,
        phone="12345678",
        insurance="Dækket af organisationens frivilligforsikring.",
        role="role_peer_guide",
    )
    Signature.objects.create(
        agreement=agreement, method=SignatureMethod.ELECTRONIC, signed_name=peer.full_name, user=peer.user
    )


def ready_peer(
    world: World,
    first_name: str = "Pia",
    *,
    user: Any = None,
    qualified: bool = True,
    agreement: bool = True,
    slots: tuple[tuple[int, datetime.time, datetime.time], ...] = (MONDAY_MORNING,),
    **fields: Any,
) -> Peer:
    """An active volunteer peer of the world's programme who can take a referral (unless told otherwise)."""
    fields.setdefault("languages", ["da"])
    fields.setdefault("municipality", "Aarhus")
    fields.setdefault("capacity", 2)
    fields.setdefault("status", PeerStatus.ACTIVE)
    fields.setdefault("kind", "volunteer")
    peer = Peer.objects.create(
        organisation=world.organisation,
        user=user,
        first_name=first_name,
        last_name="Testesen",
        email=f"{first_name.lower()}@example.dk",
        **fields,
    )
    peer.programmes.add(world.programme)
    for weekday, start, end in slots:
        AvailabilitySlot.objects.create(peer=peer, weekday=weekday, start=start, end=end)
    if qualified:
        qualify(world, peer)
    if agreement:
        sign_agreement(world, peer)
    return peer


def make_referral(
    world: World,
    first_name: str = "Mette",
    *,
    waited_days: int = 0,
    languages: tuple[str, ...] = ("da",),
    availability: tuple[str, ...] = ("mon-am",),
    areas: tuple[str, ...] = (),
    lived_experience_consent: bool = True,
    gender: str = "",
    citizen: Citizen | None = None,
    **wishes: Any,
) -> Referral:
    referral = services.refer_citizen(
        actor=world.key_person,
        programme=world.programme,
        citizen=citizen or services.CitizenDetails(first_name=first_name, municipality="Aarhus", phone="20202020"),
        answers=eligibility.Answers(old_enough=True, applies=frozenset()),
        wishes=services.Wishes(
            languages=list(languages), availability=list(availability), areas=list(areas), gender=gender, **wishes
        ),
        consents=services.Consents(lived_experience=lived_experience_consent),
        flow=Flow.INPATIENT,
        referrer_kind=ReferrerKind.KEY_PERSON,
        unit=world.ward,
        roles={"key_person"},
    )
    if waited_days:
        since = timezone.now() - datetime.timedelta(days=waited_days)
        Referral.objects.filter(pk=referral.pk).update(waiting_since=since, referred_at=since)
        referral.refresh_from_db()
    return referral
