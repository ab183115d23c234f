"""Reads about agreements that other apps and the pages use.

For other apps:

- `current_agreement(peer, on=None)`: the volunteer agreement with a period covering the day
  (today by default), or None.
- `has_valid_agreement(peer, on=None)`: may the peer work on that day as far as agreements go?
  A volunteer needs an agreement in force that is signed (accepted electronically or on paper);
  a paid or dual-competence peer needs an employment record in force.
- `agreement_ends_subquery(on=None)`: a Subquery for `Peer` querysets giving the last day of the
  agreement in force (None when there is none), for lists in constant queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Exists, Max, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone

from agreements.models import (
    AgreementPeriod,
    EmploymentRecord,
    RecordCheck,
    Reference,
    Signature,
    VolunteerAgreement,
)
from core.models import Organisation, Role, User
from people.models import Peer, PeerKind, PeerStatus

ENDING_SOON_DAYS = 30
# Peers who need a volunteer agreement: volunteers from education until they end.
NEEDS_AGREEMENT_STATUSES = (PeerStatus.IN_EDUCATION, PeerStatus.ACTIVE, PeerStatus.PAUSED)
EMPLOYED_KINDS = (PeerKind.PAID, PeerKind.DUAL_COMPETENCE)


def _day(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def current_agreement(peer: Peer, on: datetime.date | None = None) -> VolunteerAgreement | None:
    """The peer's volunteer agreement with a period covering the day (today by default), or None."""
    day = _day(on)
    period = (
        AgreementPeriod.objects.filter(peer=peer, starts_on__lte=day, ends_on__gte=day)
        .select_related("agreement")
        .first()
    )
    return period.agreement if period is not None else None


def is_signed(agreement: VolunteerAgreement) -> bool:
    return Signature.objects.filter(agreement=agreement).exists()


def has_valid_agreement(peer: Peer, on: datetime.date | None = None) -> bool:
    """True when the peer may work on the day as far as agreements go (see the module docstring)."""
    day = _day(on)
    if peer.kind in EMPLOYED_KINDS:
        return EmploymentRecord.objects.filter(peer=peer).in_force_on(day).exists()
    return AgreementPeriod.objects.filter(
        peer=peer,
        starts_on__lte=day,
        ends_on__gte=day,
        agreement__signatures__isnull=False,
    ).exists()


def peers_with_valid_agreement(peers: Iterable[Peer], on: datetime.date | None = None) -> set[int]:
    """The ids of those peers for whom `has_valid_agreement` holds on the day — in two queries, not one per peer."""
    day = _day(on)
    peers = list(peers)
    employed = [p.pk for p in peers if p.kind in EMPLOYED_KINDS]
    volunteers = [p.pk for p in peers if p.kind not in EMPLOYED_KINDS]
    valid = set(
        EmploymentRecord.objects.filter(peer_id__in=employed).in_force_on(day).values_list("peer_id", flat=True)
    )
    valid.update(
        AgreementPeriod.objects.filter(
            peer_id__in=volunteers, starts_on__lte=day, ends_on__gte=day, agreement__signatures__isnull=False
        ).values_list("peer_id", flat=True)
    )
    return valid


def agreement_ends_subquery(on: datetime.date | None = None) -> Subquery:
    """For `Peer` querysets: the last day of the agreement in force on the day (renewals included)."""
    day = _day(on)
    ends = (
        AgreementPeriod.objects.filter(
            peer=OuterRef("pk"),
            agreement__periods__starts_on__lte=day,
            agreement__periods__ends_on__gte=day,
        )
        .order_by("-ends_on")
        .values("ends_on")[:1]
    )
    return Subquery(ends)


def agreement_end(agreement: VolunteerAgreement) -> datetime.date | None:
    """The last day of the agreement as it stands (the end of its last period)."""
    return agreement.periods.aggregate(last=Max("ends_on"))["last"]


class AgreementState(StrEnum):
    UPCOMING = "upcoming"
    ACTIVE = "active"
    ENDING_SOON = "expiring"
    ENDED = "ended"


def with_states(agreements: Iterable[Any], today: datetime.date) -> list[Any]:
    """Annotated agreements, each with `.state` set for the templates."""
    rows = list(agreements)
    for agreement in rows:
        agreement.state = state_of(agreement, today)
    return rows


def state_of(agreement: Any, today: datetime.date) -> AgreementState:
    """The state from the annotations of `annotated()` (first_start, last_end) and the end record."""
    if agreement.last_end is None or agreement.last_end < today:
        return AgreementState.ENDED
    if agreement.first_start > today:
        return AgreementState.UPCOMING
    if agreement.ended_on is None and agreement.last_end <= today + datetime.timedelta(days=ENDING_SOON_DAYS):
        return AgreementState.ENDING_SOON
    return AgreementState.ACTIVE


def annotated(queryset: QuerySet[VolunteerAgreement]) -> QuerySet[Any]:
    """Agreements with their first and last day and whether they are signed (no extra queries per row)."""
    first = AgreementPeriod.objects.filter(agreement=OuterRef("pk")).order_by("starts_on").values("starts_on")[:1]
    last = AgreementPeriod.objects.filter(agreement=OuterRef("pk")).order_by("-ends_on").values("ends_on")[:1]
    return queryset.annotate(
        first_start=Subquery(first),
        last_end=Subquery(last),
        accepted=Exists(Signature.objects.filter(agreement=OuterRef("pk"), method="electronic")),
        signed_on_paper=Exists(Signature.objects.filter(agreement=OuterRef("pk"), method="paper")),
    )


class ListFilter(StrEnum):
    CURRENT = "current"
    ENDING = "ending"
    ENDED = "ended"
    MISSING = "missing"
    ALL = "all"


def agreements_for_list(organisation: Organisation, show: str, today: datetime.date | None = None) -> QuerySet[Any]:
    """The organisation's agreements for the coordinator's list, filtered as chosen."""
    day = _day(today)
    queryset = annotated(VolunteerAgreement.objects.of(organisation)).select_related("peer", "programme")
    soon = day + datetime.timedelta(days=ENDING_SOON_DAYS)
    if show == ListFilter.ENDING:
        # Nothing to renew with a volunteer who has left: they are not "ending soon" (nor reminded).
        queryset = queryset.filter(ended_on__isnull=True, last_end__gte=day, last_end__lte=soon).exclude(
            peer__status=PeerStatus.ENDED
        )
        return queryset.order_by("last_end", "last_name", "pk")
    if show == ListFilter.ENDED:
        return queryset.filter(last_end__lt=day).order_by("-last_end", "pk")
    if show == ListFilter.CURRENT:
        queryset = queryset.filter(last_end__gte=day)
    return queryset.order_by("first_name", "last_name", "-first_start", "pk")


def peers_missing_agreement(organisation: Organisation, today: datetime.date | None = None) -> QuerySet[Any]:
    """Volunteers who need an agreement and have none in force today."""
    day = _day(today)
    in_force = AgreementPeriod.objects.filter(peer=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day)
    return (
        Peer.objects.of(organisation)
        .exclude(kind__in=EMPLOYED_KINDS)
        .filter(status__in=NEEDS_AGREEMENT_STATUSES)
        .exclude(Exists(in_force))
        .annotate(last_end=Max("agreement_periods__ends_on"))
        .order_by("first_name", "last_name", "pk")
    )


def ending_soon_count(organisation: Organisation | None, today: datetime.date | None = None) -> int:
    if organisation is None:
        return 0
    return agreements_for_list(organisation, ListFilter.ENDING, today).count()


def own_agreements(peer: Peer, today: datetime.date | None = None) -> list[Any]:
    """A peer's agreements, newest first, annotated and with their state."""
    queryset = annotated(peer.agreements.all()).select_related("programme").order_by("-first_start", "-pk")
    return with_states(queryset, _day(today))


@dataclass(frozen=True)
class PeerDocuments:
    agreements: list[Any]
    employment_records: list[EmploymentRecord]
    record_checks: list[RecordCheck]
    references: list[Reference]


def documents_of(peer: Peer) -> PeerDocuments:
    """Everything the agreements app holds about a peer, for the per-peer page."""
    agreements = with_states(
        annotated(peer.agreements.all())
        .select_related("programme", "coordinator")
        .prefetch_related("periods__renewal_talk", "signatures")
        .order_by("-first_start", "-pk"),
        timezone.localdate(),
    )
    return PeerDocuments(
        agreements=agreements,
        employment_records=list(
            peer.employment_records.select_related("unit", "considerations_by").prefetch_related("signatures")
        ),
        record_checks=list(peer.record_checks.all()),
        references=list(peer.references.all()),
    )


def coordinators_of(organisation: Organisation) -> QuerySet[User]:
    """The organisation's active coordinators (who may be named on an agreement and get reminders)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role=Role.COORDINATOR,
            memberships__active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def peer_active_dates(peer: Peer) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last day of the peer's agreements and employments, for the reference."""
    agreement = AgreementPeriod.objects.filter(peer=peer).aggregate(first=Min("starts_on"), last=Max("ends_on"))
    job = EmploymentRecord.objects.filter(peer=peer).aggregate(first=Min("starts_on"), last=Max("ends_on"))
    firsts = [d for d in (agreement["first"], job["first"]) if d]
    lasts = [d for d in (agreement["last"], job["last"]) if d]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)


def own_peer_records(user: Any, organisation: Organisation | None) -> Peer | None:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return None
    return Peer.objects.filter(user=user, organisation=organisation).first()
