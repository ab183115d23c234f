"""Builds the matching engine's input (`referrals.matching` dataclasses) from the database.

Peers of the programme who are not ended are all given to the engine, with the flags that decide
whether they can take a referral (active, qualified, paused, agreement valid), so that a shortlist can
say why a peer is ruled out. Lived-experience areas are used only where consent is recorded: the
peer's consent on the profile, the citizen's `lived_experience` consent in force.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from agreements.selectors import peers_with_valid_agreement
from core.models import Organisation, Programme
from education.qualification import QualifiedRole, qualifications
from people.models import AvailabilitySlot, ConsentPurpose, Gender, Peer, PeerStatus
from referrals import matching
from referrals.models import FailedPairing, Match, MatchStatus, Referral, ReferralSettings, ReferralStatus

# The education role that qualifies a peer for 1:1 support in each programme model.
ROLE_FOR_MODEL: dict[str, str] = {
    Programme.Model.PEER_GUIDE: QualifiedRole.PEER_GUIDE,
    Programme.Model.INDIVIDUAL_AND_GROUP: QualifiedRole.INDIVIDUAL_PEER,
    Programme.Model.BRIDGE_TO_EVERYDAY: QualifiedRole.VOLUNTEER_COMPANION,
}

# Day parts of the engine's slots ("mon-am"): a weekly slot counts for every part it overlaps.
DAY_PARTS: tuple[tuple[str, datetime.time, datetime.time], ...] = (
    ("am", datetime.time(0, 0), datetime.time(12, 0)),
    ("pm", datetime.time(12, 0), datetime.time(17, 0)),
    ("eve", datetime.time(17, 0), datetime.time(23, 59, 59)),
)

# The engine wants an age; the profile has a band: its middle (the Danish wording shows the band).
AGE_OF_BAND = {"18-29": 24, "30-39": 35, "40-49": 45, "50-59": 55, "60+": 65}


def qualified_role_for(programme: Programme) -> str:
    return ROLE_FOR_MODEL.get(programme.model, QualifiedRole.INDIVIDUAL_PEER)


def weights_for(programme: Programme) -> matching.Weights:
    stored = ReferralSettings.objects.filter(programme=programme).values_list("weights", flat=True).first()
    return matching.Weights.from_mapping(stored or {})


def slots_of(slots: Iterable[AvailabilitySlot]) -> frozenset[str]:
    """Engine slots ("mon-am") overlapped by weekly availability slots."""
    found: set[str] = set()
    for slot in slots:
        day = matching.DAYS[slot.weekday]
        for part, start, end in DAY_PARTS:
            if slot.start < end and slot.end > start:
                found.add(f"{day}-{part}")
    return frozenset(found)


def current_load(organisation: Organisation) -> dict[int, int]:
    """Peer id → places in use: active courses of support plus matches awaiting the peer's answer.

    An accepted match is a course of support, counted by the support app; without that app, accepted
    matches count themselves.
    """
    load: dict[int, int] = defaultdict(int)
    try:
        from support.selectors import active_load_by_peer
    except ImportError:  # pragma: no cover - the support app is part of the project
        statuses: tuple[str, ...] = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED)
    else:
        load.update(active_load_by_peer(organisation))
        statuses = (MatchStatus.PROPOSED,)
    for peer_id in Match.objects.of(organisation).filter(status__in=statuses).values_list("peer_id", flat=True):
        load[peer_id] += 1
    return dict(load)


def peers_for(programme: Programme) -> list[Peer]:
    return list(
        Peer.objects.of(programme.organisation)
        .filter(programmes=programme, status__in=[PeerStatus.ACTIVE, PeerStatus.PAUSED, PeerStatus.IN_EDUCATION])
        .prefetch_related("availability")
        .order_by("first_name", "last_name", "pk")
    )


@dataclass(frozen=True)
class EngineInput:
    problem: matching.MatchingProblem
    peers: dict[str, Peer]  # engine id → peer
    referrals: dict[str, Referral]  # engine id → referral


def peer_id(peer: Peer) -> str:
    return str(peer.code)


def referral_id(referral: Referral) -> str:
    return str(referral.code)


def _citizens_with_area_consent(referrals: Sequence[Referral]) -> set[int]:
    from people.models import Consent

    return set(
        Consent.objects.in_force()
        .filter(citizen_id__in=[r.citizen_id for r in referrals], purpose=ConsentPurpose.LIVED_EXPERIENCE)
        .values_list("citizen_id", flat=True)
    )


def request_for(referral: Referral, *, area_consent: bool, now: datetime.datetime) -> matching.ReferralRequest:
    return matching.ReferralRequest(
        id=referral_id(referral),
        municipality=referral.municipality or "",
        languages=frozenset(referral.languages),
        availability=frozenset(referral.availability),
        wishes=matching.Wishes(
            gender=referral.wished_gender or None,
            age_min=referral.wished_age_min,
            age_max=referral.wished_age_max,
            areas=frozenset(referral.wished_areas) if area_consent else frozenset(),
        ),
        waiting_days=referral.waiting_days(now),
    )


def build_input(
    programme: Programme,
    referrals: Sequence[Referral],
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> EngineInput:
    """The engine's problem for these referrals of the programme, against all its peers."""
    day = today or timezone.localdate()
    moment = now or timezone.now()
    peers = peers_for(programme)
    role = qualified_role_for(programme)
    qualified = qualifications(peers)
    load = current_load(programme.organisation)
    with_agreement = peers_with_valid_agreement(peers, day)
    area_consent = _citizens_with_area_consent(referrals)
    referral_of_citizen: dict[int, list[str]] = defaultdict(list)
    for referral in referrals:
        referral_of_citizen[referral.citizen_id].append(referral_id(referral))
    citizen_ids = list(referral_of_citizen)
    failed: dict[int, set[str]] = defaultdict(set)
    for citizen_id, pid in FailedPairing.objects.filter(citizen_id__in=citizen_ids).values_list(
        "citizen_id", "peer_id"
    ):
        failed[pid].update(referral_of_citizen[citizen_id])
    previous: dict[int, set[str]] = defaultdict(set)
    for citizen_id, pid in Match.objects.filter(
        referral__citizen_id__in=citizen_ids, status=MatchStatus.ACCEPTED
    ).values_list("referral__citizen_id", "peer_id"):
        previous[pid].update(referral_of_citizen[citizen_id])
    profiles = [
        matching.PeerProfile(
            id=peer_id(peer),
            capacity=peer.capacity,
            municipality=peer.municipality or "",
            languages=frozenset(peer.languages),
            availability=slots_of(peer.availability.all()),
            gender=peer.gender if peer.gender != Gender.UNSPECIFIED else None,
            age=AGE_OF_BAND.get(peer.age_band),
            areas=frozenset(peer.lived_experience_areas) if peer.lived_experience_consent_at else frozenset(),
            load=load.get(peer.pk, 0),
            active=peer.status == PeerStatus.ACTIVE or peer.status == PeerStatus.PAUSED,
            qualified=role in qualified.get(peer.pk, set()),
            paused=peer.status == PeerStatus.PAUSED,
            agreement_valid=peer.pk in with_agreement,
            previous_referrals=frozenset(previous.get(peer.pk, set())),
            failed_referrals=frozenset(failed.get(peer.pk, set())),
        )
        for peer in peers
    ]
    requests = [request_for(r, area_consent=r.citizen_id in area_consent, now=moment) for r in referrals]
    problem = matching.MatchingProblem(peers=profiles, referrals=requests, weights=weights_for(programme))
    return EngineInput(
        problem=problem,
        peers={peer_id(p): p for p in peers},
        referrals={referral_id(r): r for r in referrals},
    )


def waiting_referrals(programme: Programme) -> list[Referral]:
    return list(
        Referral.objects.filter(programme=programme, status=ReferralStatus.WAITING)
        .select_related("citizen")
        .order_by("waiting_since", "id")
    )
