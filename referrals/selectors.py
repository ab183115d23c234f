"""Reads about referrals: settings, eligibility rules, the waiting queue, free peers, the overview."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from agreements.selectors import has_valid_agreement
from core.models import Membership, Organisation, Programme, Role, User
from education.qualification import qualifications
from people.models import Peer, PeerStatus
from referrals import eligibility, engine_input
from referrals.models import (
    DEFAULT_REFERRER_ROLES,
    ExclusionCriterion,
    Match,
    MatchStatus,
    Referral,
    ReferralSettings,
    ReferralStatus,
    default_exclusions_for,
)

# Programme models with 1:1 courses of support, which take referrals.
REFERRAL_MODELS = (
    Programme.Model.PEER_GUIDE,
    Programme.Model.INDIVIDUAL_AND_GROUP,
    Programme.Model.BRIDGE_TO_EVERYDAY,
)


def settings_for(programme: Programme) -> ReferralSettings:
    """The programme's referral settings; the defaults (unsaved) until the coordinator changes them."""
    found = ReferralSettings.objects.filter(programme=programme).first()
    if found is not None:
        return found
    return ReferralSettings(
        programme=programme,
        referrer_roles=list(DEFAULT_REFERRER_ROLES),
        exclusions=default_exclusions_for(programme.model),
        weights={},
    )


def eligibility_rules_for(programme: Programme, *, all_known: bool = False) -> eligibility.EligibilityRules:
    if all_known:
        return eligibility.EligibilityRules(int(programme.setting("min_age")), tuple(ExclusionCriterion.values))
    chosen = set(settings_for(programme).exclusions)
    ordered = tuple(c for c in ExclusionCriterion.values if c in chosen)
    return eligibility.EligibilityRules(int(programme.setting("min_age")), ordered)


def may_refer(programme: Programme, roles: Iterable[str]) -> bool:
    return bool(set(settings_for(programme).referrer_roles) & set(roles))


def referral_programmes(organisation: Organisation) -> QuerySet[Programme]:
    return Programme.objects.of(organisation).active().filter(model__in=REFERRAL_MODELS).order_by("name")


def programmes_user_may_refer_to(organisation: Organisation, roles: Iterable[str]) -> list[Programme]:
    wanted = set(roles)
    return [p for p in referral_programmes(organisation) if may_refer(p, wanted)]


def self_referral_programmes() -> list[Programme]:
    """Programmes, of any organisation, that take self-referrals through the public site."""
    return [
        p
        for p in Programme.objects.active().filter(model__in=REFERRAL_MODELS).select_related("organisation")
        if p.setting("self_referral")
    ]


def coordinators_of(organisation: Organisation) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation=organisation, memberships__role=Role.COORDINATOR, memberships__active=True
        ).distinct()
    )


def leads_of_partnership(programme: Programme) -> list[User]:
    """The leads who are told about free peers: the programme's organisation's and its partners'."""
    organisations = {programme.organisation_id}
    if programme.partnership_id is not None:
        organisations |= set(programme.partnership.organisations.values_list("pk", flat=True))  # type: ignore[union-attr]
    return list(
        User.objects.filter(
            memberships__organisation_id__in=organisations, memberships__role=Role.LEAD, memberships__active=True
        ).distinct()
    )


# ------------------------------------------------------------------------------------------------ queue


@dataclass(frozen=True)
class QueueRow:
    referral: Referral
    waiting_days: int
    overdue: bool


def queue(programme: Programme, *, now: datetime.datetime | None = None) -> list[QueueRow]:
    """The programme's waiting referrals, longest waiting first, with days waited and whether too long."""
    moment = now or timezone.now()
    limit = int(programme.setting("waiting_alert_days"))
    rows = (
        Referral.objects.filter(programme=programme, status=ReferralStatus.WAITING)
        .select_related("citizen", "unit")
        .order_by("waiting_since", "id")
    )
    return [QueueRow(r, r.waiting_days(moment), r.waiting_days(moment) > limit) for r in rows]


def overdue_count(organisation: Organisation | None) -> int | None:
    if organisation is None:
        return None
    now = timezone.now()
    return sum(1 for p in referral_programmes(organisation) for row in queue(p, now=now) if row.overdue)


def waiting_count(organisation: Organisation | None) -> int | None:
    if organisation is None:
        return None
    return Referral.objects.of(organisation).filter(status=ReferralStatus.WAITING).count()


def awaiting_peer(programme: Programme) -> QuerySet[Match]:
    return (
        Match.objects.filter(referral__programme=programme, status=MatchStatus.PROPOSED)
        .select_related("referral__citizen", "peer")
        .order_by("confirmed_at")
    )


def referrals_by(user: User, organisation: Organisation) -> QuerySet[Referral]:
    """The referrals a key person (or lead, peer) made: their status, no more."""
    return (
        Referral.objects.of(organisation)
        .filter(referred_by=user)
        .select_related("programme", "citizen")
        .order_by("-referred_at")
    )


# ----------------------------------------------------------------------------------------------- peers


@dataclass(frozen=True)
class FreePeer:
    peer: Peer
    capacity: int
    load: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.load, 0)


def free_peers(programme: Programme, *, today: datetime.date | None = None) -> list[FreePeer]:
    """Active, qualified peers of the programme with a valid agreement and places left, most free first."""
    day = today or timezone.localdate()
    peers = list(
        Peer.objects.of(programme.organisation)
        .filter(programmes=programme, status=PeerStatus.ACTIVE)
        .order_by("first_name", "last_name", "pk")
    )
    role = engine_input.qualified_role_for(programme)
    qualified = qualifications(peers)
    load = engine_input.current_load(programme.organisation)
    rows = [
        FreePeer(p, p.capacity, load.get(p.pk, 0))
        for p in peers
        if role in qualified.get(p.pk, set()) and load.get(p.pk, 0) < p.capacity and has_valid_agreement(p, day)
    ]
    return sorted(rows, key=lambda r: (-r.free, r.peer.first_name, r.peer.pk))


def programmes_visible_to_lead(organisation: Organisation) -> QuerySet[Programme]:
    """Referral programmes of the organisation and of the organisation's partnerships."""
    return (
        Programme.objects.active()
        .filter(model__in=REFERRAL_MODELS)
        .filter(Q(organisation=organisation) | Q(partnership__organisations=organisation))
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "name")
    )


def lead_organisations(user: Any) -> set[int]:
    return set(Membership.objects.active().filter(user=user, role=Role.LEAD).values_list("organisation_id", flat=True))


def own_referrals(user: Any) -> QuerySet[Referral]:
    """The referrals of the logged-in citizen (through their citizen records)."""
    return Referral.objects.filter(citizen__user=user).select_related("programme", "organisation")
