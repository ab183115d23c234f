"""Reads of the wards app: the planner's input loaded from the database, plan grids, a peer's shifts.

``load_plan_input`` turns the organisation's wards (settings, blocked times) and active peers (ward-peer
qualification from ``education.qualification``, weekly availability less exceptions and the group times
they run, contract hours, the sites of their units) into ``wards.planner.PlanInput``. Ward ids in the
planner are ``Unit`` pks, peer ids ``Peer`` pks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from core.models import Organisation, Unit, UnitKind
from education.qualification import QualifiedRole, qualified_peer_ids
from people.models import AvailabilityException, Peer
from wards import planner
from wards.models import BlockedTime, GroupSite, Shift, ShiftPlan, WardSettings

SLOT_MINUTES = 30
TRAVEL_MINUTES = 30
DEFAULT_SHIFT_HOURS = 2.0


def minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def clock(value: int) -> time:
    return time(23, 59) if value >= 24 * 60 else time(value // 60, value % 60)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _floor(value: int) -> int:
    return value - value % SLOT_MINUTES


def _ceil(value: int) -> int:
    return value if value % SLOT_MINUTES == 0 else _floor(value) + SLOT_MINUTES


def wards_of(organisation: Organisation) -> QuerySet[Unit]:
    """The organisation's active inpatient wards, with their settings and blocked times."""
    return (
        Unit.objects.of(organisation)
        .filter(kind=UnitKind.WARD, active=True)
        .select_related("ward_settings__preferred_peer")
        .prefetch_related(Prefetch("blocked_times", queryset=BlockedTime.objects.order_by("weekday", "start")))
        .order_by("name")
    )


def settings_of(ward: Unit) -> WardSettings:
    """The ward's saved settings, or the defaults (unsaved) when none are saved yet."""
    try:
        return ward.ward_settings  # type: ignore[attr-defined,no-any-return]
    except WardSettings.DoesNotExist:
        return WardSettings(ward=ward)


def site_of_unit(unit: Unit) -> str:
    if unit.kind == UnitKind.WARD:
        return settings_of(unit).site
    return unit.site or unit.name


def contract_hours(peer: Peer, on: date) -> Decimal:
    """The hours of the employment record in force, else the hours on the peer's profile."""
    for record in getattr(peer, "_employment", []):
        if record.starts_on <= on and (record.ends_on is None or record.ends_on >= on):
            return Decimal(record.hours_per_week)
    return Decimal(peer.hours_per_week or 0)


def _subtract(windows: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    result = []
    for a, b in windows:
        if end <= a or b <= start:
            result.append((a, b))
            continue
        if a < start:
            result.append((a, start))
        if end < b:
            result.append((end, b))
    return result


@dataclass
class LoadedInput:
    """The planner input with the objects behind its ids."""

    plan_input: planner.PlanInput
    wards: dict[int, Unit]
    peers: dict[int, Peer]
    settings: dict[int, WardSettings]
    qualified: set[int]
    differing_shift_length: list[str] = field(default_factory=list)

    def ward_name(self, ward_id: object) -> str:
        ward = self.wards.get(ward_id)  # type: ignore[call-overload]
        return ward.name if ward else str(ward_id)

    def peer_name(self, peer_id: object) -> str:
        peer = self.peers.get(peer_id)  # type: ignore[call-overload]
        return peer_display(peer) if peer else str(peer_id)


def peer_display(peer: Peer) -> str:
    return f"{peer.first_name} {peer.last_name}".strip()


def _peers(organisation: Organisation) -> list[Any]:
    from agreements.models import EmploymentRecord

    peers = list(
        Peer.objects.of(organisation)
        .active()
        .select_related("user")
        .prefetch_related(
            "units",
            "availability",
            Prefetch("availability_exceptions", queryset=AvailabilityException.objects.filter(available=False)),
            Prefetch("group_sites", queryset=GroupSite.objects.select_related("unit")),
            Prefetch(
                "employment_records", queryset=EmploymentRecord.objects.order_by("-starts_on"), to_attr="_employment"
            ),
        )
        .order_by("first_name", "last_name")
    )
    return peers


def _previous_pairs(organisation: Organisation, week_start: date) -> tuple[planner.PreviousAssignment, ...]:
    """Ward–peer pairs of the latest published plan that ended before this period (continuity)."""
    earlier = (
        ShiftPlan.objects.of(organisation).published().filter(week_start__lt=week_start).order_by("-week_start").first()
    )
    if earlier is None:
        return ()
    pairs = sorted(set(earlier.shifts.values_list("ward_id", "peer_id")))
    return tuple(planner.PreviousAssignment(ward=w, peer=p) for w, p in pairs)


def plan_shift_hours(settings: Iterable[WardSettings]) -> tuple[float, list[WardSettings]]:
    """The one shift length the planner uses (the wards' most common) and the wards that differ from it."""
    rows = list(settings)
    lengths = Counter(float(s.shift_hours) for s in rows)
    chosen = lengths.most_common(1)[0][0] if lengths else DEFAULT_SHIFT_HOURS
    return chosen, [s for s in rows if float(s.shift_hours) != chosen]


def load_plan_input(
    organisation: Organisation, week_start: date, weeks: int, *, wards: Iterable[Unit] | None = None
) -> LoadedInput:
    ward_list = list(wards if wards is not None else wards_of(organisation))
    settings = {ward.pk: settings_of(ward) for ward in ward_list}
    shift_hours, differing_settings = plan_shift_hours(settings.values())
    differing = [row.ward.name for row in differing_settings]

    peers = _peers(organisation)
    qualified = qualified_peer_ids(peers, QualifiedRole.WARD_PEER)
    peer_ids = {peer.pk for peer in peers}

    planner_wards = []
    for ward in ward_list:
        ward_settings = settings[ward.pk]
        blocks = tuple(
            planner.TimeWindow(b.weekday, _floor(minutes(b.start)), min(_ceil(minutes(b.end)), 24 * 60))
            for b in ward.blocked_times.all()  # type: ignore[attr-defined]
        )
        preferred = ward_settings.preferred_peer_id if ward_settings.preferred_peer_id in peer_ids else None
        planner_wards.append(
            planner.Ward(
                id=ward.pk,
                site=ward_settings.site,
                need_hours=float(ward_settings.need_hours),
                blocks=blocks,
                preferred_peer=preferred,
                name=ward.name,
            )
        )

    ward_ids = {ward.pk for ward in ward_list}
    planner_peers = []
    for peer in peers:
        away = set()
        for exception in peer.availability_exceptions.all():
            current = max(exception.starts_on, week_start)
            while current <= exception.ends_on and current < week_start + timedelta(days=7 * weeks):
                away.add(current)
                current += timedelta(days=1)
        weekly: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for slot in peer.availability.all():
            weekly[slot.weekday].append((minutes(slot.start), minutes(slot.end)))
        for group in peer.group_sites.all():  # type: ignore[attr-defined]
            if group.weekday in weekly:
                busy_from = max(0, minutes(group.start) - TRAVEL_MINUTES)
                busy_to = min(24 * 60, minutes(group.end) + TRAVEL_MINUTES)
                weekly[group.weekday] = _subtract(weekly[group.weekday], busy_from, busy_to)
        windows = []
        for week in range(weeks):
            for day, spans in weekly.items():
                on = week_start + timedelta(days=7 * week + day)
                if on in away:
                    continue
                for a, b in spans:
                    start, end = _ceil(a), _floor(b)
                    if end > start:
                        windows.append(planner.TimeWindow(day, start, end, None if not away else week))
        if not away:
            windows = sorted(set(windows), key=lambda w: (w.day, w.start))
        units = list(peer.units.all())
        planner_peers.append(
            planner.Peer(
                id=peer.pk,
                max_hours=float(contract_hours(peer, week_start)),
                qualified=peer.pk in qualified,
                sites=tuple(
                    sorted({site_of_unit(u) for u in units if u.active and u.organisation_id == organisation.pk})
                ),
                available=tuple(windows),
                prefers=tuple(unit.pk for unit in units if unit.pk in ward_ids),
                name=peer_display(peer),
            )
        )

    plan_input = planner.PlanInput(
        week_start=week_start,
        wards=tuple(planner_wards),
        peers=tuple(planner_peers),
        slot_minutes=SLOT_MINUTES,
        shift_hours=shift_hours,
        travel_minutes=TRAVEL_MINUTES,
        weeks=weeks,
        previous=_previous_pairs(organisation, week_start),
    )
    return LoadedInput(
        plan_input=plan_input,
        wards={ward.pk: ward for ward in ward_list},
        peers={peer.pk: peer for peer in peers},
        settings=settings,
        qualified=qualified,
        differing_shift_length=differing,
    )


def overlapping_published(
    organisation: Organisation, first: date, last: date, *, exclude: int | None = None
) -> ShiftPlan | None:
    """A published plan of the organisation whose period overlaps ``first``..``last``."""
    for plan in ShiftPlan.objects.of(organisation).published().filter(week_start__lte=last).exclude(pk=exclude or 0):
        if plan.week_end >= first:
            return plan
    return None


def planner_shift(shift: Shift, week_start: date) -> planner.Shift:
    offset = (shift.date - week_start).days
    return planner.Shift(
        ward=shift.ward_id,
        peer=shift.peer_id,
        day=offset % 7,
        start=minutes(shift.start),
        end=minutes(shift.end),
        week=offset // 7,
    )


# --------------------------------------------------------------------------------------------------
# Plans as grids


@dataclass
class WeekRow:
    ward: Unit
    cells: list[list[Shift]]
    planned_hours: float
    need_hours: float

    @property
    def missing_hours(self) -> float:
        return max(0.0, self.need_hours - self.planned_hours)


@dataclass
class WeekGrid:
    index: int
    monday: date
    days: list[date]
    rows: list[WeekRow]


def plan_shifts_of(plan: ShiftPlan) -> QuerySet[Shift]:
    return plan.shifts.select_related("ward", "peer", "peer__user").order_by("date", "start", "ward__name")


def plan_grid(plan: ShiftPlan, *, wards: Iterable[Unit] | None = None) -> list[WeekGrid]:
    """The plan week by week: one row per ward, one cell per day (Monday first) with its shifts."""
    ward_list = list(wards if wards is not None else wards_of(plan.organisation))
    shifts = list(plan_shifts_of(plan))
    by_key: dict[tuple[int, date], list[Shift]] = defaultdict(list)
    for shift in shifts:
        by_key[(shift.ward_id, shift.date)].append(shift)
    known = {ward.pk for ward in ward_list}
    extra = {shift.ward_id: shift.ward for shift in shifts if shift.ward_id not in known}
    if wards is None:
        ward_list += sorted(extra.values(), key=lambda unit: unit.name)
    grids = []
    for index in range(plan.weeks):
        monday = plan.week_start + timedelta(days=7 * index)
        days = [monday + timedelta(days=d) for d in range(7)]
        rows = []
        for ward in ward_list:
            cells = [by_key.get((ward.pk, day), []) for day in days]
            planned = sum(shift.hours for cell in cells for shift in cell)
            rows.append(WeekRow(ward, cells, planned, float(settings_of(ward).need_hours)))
        grids.append(WeekGrid(index, monday, days, rows))
    return grids


def upcoming_shifts_of(peer: Peer, today: date) -> QuerySet[Shift]:
    """The peer's published shifts from today on."""
    return (
        Shift.objects.published()
        .filter(peer=peer, date__gte=today)
        .select_related("ward", "plan", "ward__ward_settings")
        .order_by("date", "start")
    )
