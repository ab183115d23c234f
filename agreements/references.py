"""References (udtalelser) for volunteers who leave: occasions counted across apps, and eligibility.

Other apps tell this module how many times a peer has volunteered through them (a 1:1 meeting, a
course session taught, a ward shift) by registering a counter in their AppConfig.ready():

    from agreements.references import register_occasion_counter

    register_occasion_counter(lambda peer: Meeting.objects.filter(peer=peer, held=True).count(), name="referrals")

`count_occasions(peer)` adds every registered counter to the occasions the coordinator counted
by hand (for work no app records).
"""

from __future__ import annotations

import datetime
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Min

from agreements import periods
from agreements.documents import reference_thresholds
from agreements.models import AgreementPeriod, EmploymentRecord, OccasionTally
from people.models import Peer

logger = logging.getLogger(__name__)

OccasionCounter = Callable[[Peer], int]
_COUNTERS: dict[str, OccasionCounter] = {}


def register_occasion_counter(counter: OccasionCounter, *, name: str | None = None) -> OccasionCounter:
    """Add (or replace, by name) a counter of a peer's volunteering occasions. Usable as a decorator."""
    key = name or f"{counter.__module__}.{getattr(counter, '__qualname__', repr(counter))}"
    _COUNTERS[key] = counter
    return counter


def occasion_counters() -> dict[str, OccasionCounter]:
    return dict(_COUNTERS)


def manual_occasions(peer: Peer) -> int:
    tally = OccasionTally.objects.filter(peer=peer).values_list("count", flat=True).first()
    return int(tally or 0)


def recorded_occasions(peer: Peer) -> int:
    """Occasions the other apps recorded (without the count typed by hand)."""
    return sum(int(counter(peer)) for counter in _COUNTERS.values())


def count_occasions(peer: Peer) -> int:
    """All the peer's volunteering occasions: every registered counter plus the count typed by hand."""
    return recorded_occasions(peer) + manual_occasions(peer)


def education_completed(peer: Peer) -> bool | None:
    """Whether the peer completed the basic module of peer education; None when no app records it."""
    try:
        selectors = importlib.import_module("education.selectors")
    except ModuleNotFoundError as exc:
        if exc.name not in {"education", "education.selectors"}:
            raise
        return None
    check = getattr(selectors, "basic_module_completed", None)
    if check is None:
        return None
    return bool(check(peer))


def active_since(peer: Peer) -> datetime.date | None:
    """The first day as an active peer: the profile's date, else the first agreement or employment."""
    if peer.started_at:
        return peer.started_at
    first_period = AgreementPeriod.objects.filter(peer=peer).aggregate(first=Min("starts_on"))["first"]
    first_job = EmploymentRecord.objects.filter(peer=peer).aggregate(first=Min("starts_on"))["first"]
    candidates = [d for d in (first_period, first_job) if d is not None]
    return min(candidates) if candidates else None


def active_until(peer: Peer, today: datetime.date) -> datetime.date:
    if peer.ended_at and peer.ended_at < today:
        return peer.ended_at
    return today


@dataclass(frozen=True)
class PeerEligibility:
    assessment: periods.ReferenceEligibility
    active_since: datetime.date | None
    until: datetime.date
    recorded_occasions: int
    manual_occasions: int
    education_from_records: bool  # False: the coordinator must confirm the education

    @property
    def occasions(self) -> int:
        return self.recorded_occasions + self.manual_occasions


def eligibility_for(peer: Peer, *, today: datetime.date, education_confirmed: bool = False) -> PeerEligibility:
    """The reference rules for this peer; where no app records education, the coordinator's confirmation counts."""
    programme = peer.programmes.order_by("pk").first()
    min_months, min_occasions = reference_thresholds(programme)
    since = active_since(peer)
    until = active_until(peer, today)
    recorded, manual = recorded_occasions(peer), manual_occasions(peer)
    education = education_completed(peer)
    from_records = education is not None
    if education is None:
        education = True if education_confirmed else None
    facts = periods.ReferenceFacts(
        active_since=since,
        until=until,
        occasions=recorded + manual,
        education_completed=education,
        min_months=min_months,
        min_occasions=min_occasions,
    )
    return PeerEligibility(
        assessment=periods.assess_reference(facts),
        active_since=since,
        until=until,
        recorded_occasions=recorded,
        manual_occasions=manual,
        education_from_records=from_records,
    )
