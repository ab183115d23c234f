"""Reads of ward conversations: the peer's shift page and the reports (counts only, no patients)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from conversations.models import Conversation, ListEntry, SafetyNotice, ShiftLog
from core.models import Organisation, Unit, UnitKind
from wards.models import Shift, ShiftPlan

# --------------------------------------------------------------------------------------------------
# The shift page


@dataclass
class EntryRow:
    entry: ListEntry
    conversation: Conversation | None  # this shift's conversation with the patient, if any
    elsewhere: bool  # another peer's shift logged the conversation


@dataclass
class ShiftPage:
    shift: Shift
    rows: list[EntryRow]
    log: ShiftLog | None
    notices: list[SafetyNotice]

    @property
    def waiting(self) -> list[EntryRow]:
        return [r for r in self.rows if r.entry.status == "waiting"]

    @property
    def conversations(self) -> list[Conversation]:
        return [r.conversation for r in self.rows if r.conversation is not None]

    @property
    def open_conversations(self) -> list[Conversation]:
        return [c for c in self.conversations if c.is_open]

    @property
    def names(self) -> list[str]:
        return [r.entry.patient for r in self.rows]


def shift_page(shift: Shift) -> ShiftPage:
    entries = list(ListEntry.objects.for_day(shift.ward, shift.date).in_order().select_related("conversation__theme"))
    rows = []
    for entry in entries:
        conversation = getattr(entry, "conversation", None)
        mine = conversation is not None and conversation.shift_id == shift.pk
        rows.append(EntryRow(entry, conversation if mine else None, conversation is not None and not mine))
    log = ShiftLog.objects.filter(shift=shift).first()
    notices = list(SafetyNotice.objects.filter(shift=shift).order_by("-raised_at"))
    return ShiftPage(shift=shift, rows=rows, log=log, notices=notices)


def todays_shifts(shifts: Any, today: date | None = None) -> list[Shift]:
    today = today or timezone.localdate()
    return list(shifts.filter(date=today).select_related("ward").order_by("start"))


# --------------------------------------------------------------------------------------------------
# Reports


def iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def weeks_between(start: date, end: date) -> list[str]:
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(iso_week(monday))
        monday += timedelta(days=7)
    return weeks


@dataclass
class GroupRow:
    title: str
    place: str
    sessions_held: int
    attendance: int  # registered participants present plus the headcount of open cafés

    @property
    def mean(self) -> float | None:
        return self.attendance / self.sessions_held if self.sessions_held else None


@dataclass
class ConversationReport:
    start: date
    end: date
    weeks: list[str]
    wards: list[str]
    by_week_ward: dict[str, Counter[str]]
    peers: list[tuple[str, int, int]]  # (peer label, conversations, minutes)
    by_peer_week: dict[str, Counter[str]]  # peer label -> ISO week -> conversations
    themes: list[tuple[str, int]]
    unmet: list[tuple[str, str, float]]  # (week, ward, hours)
    groups: list[GroupRow]
    informal_minutes: int
    total_minutes: int
    declined: int
    safety_notices: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.by_week_ward.values())

    @property
    def mean_per_week(self) -> float:
        return self.total / len(self.weeks) if self.weeks else 0.0

    @property
    def mean_minutes(self) -> float | None:
        ended = sum(n for _label, n, _m in self.peers)
        return self.total_minutes / ended if ended and self.total_minutes else None

    def week_rows(self) -> list[tuple[str, list[int], int]]:
        return [
            (week, [self.by_week_ward[week][w] for w in self.wards], sum(self.by_week_ward[week].values()))
            for week in self.weeks
        ]

    def peer_week_rows(self) -> list[tuple[str, list[int], int, int]]:
        """(peer, conversations per week of the period, conversations, minutes)."""
        return [
            (label, [self.by_peer_week[label][week] for week in self.weeks], total, minutes)
            for label, total, minutes in self.peers
        ]

    def ward_totals(self) -> list[int]:
        return [sum(self.by_week_ward[week][w] for week in self.weeks) for w in self.wards]

    @property
    def unmet_total(self) -> float:
        return sum(hours for _w, _ward, hours in self.unmet)

    @property
    def group_attendance(self) -> int:
        return sum(g.attendance for g in self.groups)


def _peer_label(peer: Any, pseudonyms: dict[int, str], pseudonymise: bool) -> str:
    if not pseudonymise:
        return f"{peer.first_name} {peer.last_name}".strip()
    if peer.pk not in pseudonyms:
        pseudonyms[peer.pk] = _("Peer %(number)s") % {"number": len(pseudonyms) + 1}
    return pseudonyms[peer.pk]


def conversation_report(
    organisation: Organisation, *, start: date, end: date, ward: Unit | None = None, pseudonymise: bool = False
) -> ConversationReport:
    """Conversations per ISO week per ward and per peer, themes, informal time, unmet peer hours from the
    published shift plans and attendance at the district-psychiatry groups, for the period (both days
    included). Counts only: no patient, no free text."""
    shifts = Shift.objects.published().filter(plan__organisation=organisation, date__gte=start, date__lte=end)
    if ward is not None:
        shifts = shifts.filter(ward=ward)
    conversations = (
        Conversation.objects.filter(shift__in=shifts)
        .select_related("shift__ward", "shift__peer", "theme")
        .order_by("shift__peer__first_name", "started_at")
    )
    by_week_ward: dict[str, Counter[str]] = defaultdict(Counter)
    per_peer: dict[int, list[int]] = {}
    peer_weeks: dict[int, Counter[str]] = defaultdict(Counter)
    peer_objects: dict[int, Any] = {}
    themes: Counter[str] = Counter()
    ward_names: set[str] = set()
    total_minutes = 0
    for conversation in conversations:
        shift = conversation.shift
        week = iso_week(shift.date)
        by_week_ward[week][shift.ward.name] += 1
        ward_names.add(shift.ward.name)
        peer_objects[shift.peer_id] = shift.peer
        peer_weeks[shift.peer_id][week] += 1
        counts = per_peer.setdefault(shift.peer_id, [0, 0])
        counts[0] += 1
        minutes = conversation.minutes or 0
        counts[1] += minutes
        total_minutes += minutes
        themes[conversation.theme.label if conversation.theme else _("No theme yet")] += 1
    pseudonyms: dict[int, str] = {}
    labels = {pk: _peer_label(peer_objects[pk], pseudonyms, pseudonymise) for pk in per_peer}
    peers = [(labels[pk], counts[0], counts[1]) for pk, counts in per_peer.items()]
    peers.sort(key=lambda row: (-row[1], row[0]))
    ward_list = sorted(ward_names | set(shifts.values_list("ward__name", flat=True).distinct()))
    informal = sum(ShiftLog.objects.filter(shift__in=shifts).values_list("informal_minutes", flat=True))
    declined = ListEntry.objects.filter(
        ward__organisation=organisation, day__gte=start, day__lte=end, status="declined"
    )
    notices = SafetyNotice.objects.of(organisation).filter(raised_at__date__gte=start, raised_at__date__lte=end)
    if ward is not None:
        declined = declined.filter(ward=ward)
        notices = notices.filter(ward=ward)
    return ConversationReport(
        start=start,
        end=end,
        weeks=weeks_between(start, end),
        wards=ward_list,
        by_week_ward=by_week_ward,
        peers=peers,
        by_peer_week={labels[pk]: weeks for pk, weeks in peer_weeks.items()},
        themes=themes.most_common(),
        unmet=unmet_hours(organisation, start=start, end=end, ward=ward),
        groups=group_attendance(organisation, start=start, end=end),
        informal_minutes=int(informal),
        total_minutes=total_minutes,
        declined=declined.count(),
        safety_notices=notices.count(),
    )


def unmet_hours(
    organisation: Organisation, *, start: date, end: date, ward: Unit | None = None
) -> list[tuple[str, str, float]]:
    """The hours the published shift plans could not cover, per ISO week and ward."""
    plans = ShiftPlan.objects.of(organisation).published().filter(week_start__lte=end)
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for plan in plans:
        if plan.week_end < start:
            continue
        for row in plan.unmet or []:
            if ward is not None and str(row.get("ward", "")) != str(ward.code):
                continue
            week_start = _week_of(row, plan)
            if week_start is None or week_start > end or week_start + timedelta(days=6) < start:
                continue
            hours = float(row.get("hours", 0) or 0)
            if hours:
                totals[(iso_week(week_start), str(row.get("ward_name") or row.get("ward", "")))] += hours
    return sorted(((week, name, hours) for (week, name), hours in totals.items()), key=lambda r: (r[0], r[1]))


def _week_of(row: dict[str, Any], plan: ShiftPlan) -> date | None:
    """The Monday of the week an unmet row concerns ("week" may be an ISO date, a week index or missing)."""
    value = row.get("week")
    if value is None or value == "":
        return plan.week_start
    if isinstance(value, int):
        return plan.week_start + timedelta(days=7 * value)
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        try:
            year, week = str(value).split("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            return plan.week_start
    return day - timedelta(days=day.weekday())


def group_attendance(organisation: Organisation, *, start: date, end: date) -> list[GroupRow]:
    """Attendance at the groups run as courses at district-psychiatry clinics (only attendance is counted)."""
    from courses.models import SessionStatus
    from courses.selectors import report_runs, session_rows

    rows = []
    today = timezone.localdate()
    for run in report_runs(organisation, unit=None, start=start, end=end):
        if run.unit.kind != UnitKind.OUTPATIENT:
            continue
        held = [
            r
            for r in session_rows(run)
            if r.session.status == SessionStatus.PLANNED and start <= r.session.day <= end and r.session.day <= today
        ]
        attendance = sum(r.present + (r.session.headcount or 0) for r in held)
        rows.append(GroupRow(run.version.title, run.unit.name, len(held), attendance))
    return rows


def unacknowledged_count(notices: Any) -> int:
    return int(notices.unacknowledged().count())
