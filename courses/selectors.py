"""Reads of the courses app: the team check, the public catalogue, a run's overview, preparation time and
the reports for a school."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractIsoWeekDay
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Organisation, Unit
from courses import schedule
from courses import team as team_engine
from courses.attendance_services import attendance_shares
from courses.models import (
    Certificate,
    CourseKind,
    CourseRun,
    Perspective,
    Registration,
    RegistrationStatus,
    RunStatus,
    Session,
    SessionStatus,
    TeamMember,
)
from courses.services import programme_setting

# --------------------------------------------------------------------------------------------------
# The teaching team


@dataclass(frozen=True)
class TeamProblem:
    code: str
    message: str


def _qualified_peer_teachers(members: Sequence[TeamMember]) -> set[int]:
    peers = [m.peer for m in members if m.peer is not None]
    if not peers:
        return set()
    try:
        from education.qualification import qualified_peer_ids
    except ImportError:
        return set()
    return qualified_peer_ids(peers, "peer_teacher")


def _problem_message(problem: team_engine.TeamProblem, names: dict[str, str], rule: team_engine.BalanceRule) -> str:
    name = names.get(problem.member, "")
    messages = {
        "role_needs_peer": _("%(name)s must be a registered peer to take that role.") % {"name": name},
        "peer_teacher_not_qualified": _("%(name)s is not qualified as a peer teacher.") % {"name": name},
        "not_dual_competence": _("%(name)s is not registered with dual competence.") % {"name": name},
        "unknown_role": _("%(name)s has no known role.") % {"name": name},
        "no_lead": _("Name a lead (tovholder) for the team."),
        "several_leads": _("The team can have only one lead."),
        "missing_experience_teacher": _(
            "The team needs a peer teacher (or a teacher with a relative's experience) beside the professional."
        ),
        "missing_professional_teacher": _("The team needs a professional teacher beside the peer teacher."),
        "missing_second_teacher": _("The team needs two teachers: one with experience competence, one professional."),
        "missing_dual_competence": _("At least one facilitator must have dual competence."),
        "too_few_peers": _("The group needs %(count)s peers on the team.")
        % {"count": 2 if rule == team_engine.BalanceRule.TWO_PEERS else 1},
    }
    return messages.get(problem.code, problem.message)


def team_problems_for(run: CourseRun, *, members: Sequence[TeamMember] | None = None) -> list[TeamProblem]:
    """What keeps the run's team from teaching, as translated sentences ([] when the team is balanced)."""
    team = list(members) if members is not None else list(run.team.select_related("peer"))
    qualified = _qualified_peer_teachers(team)
    facts = [
        team_engine.Member(
            key=str(m.code),
            role=m.role,
            is_lead=m.is_lead,
            is_peer=m.peer is not None,
            peer_kind=m.peer.kind if m.peer is not None else "",
            qualified_peer_teacher=m.peer_id in qualified,
        )
        for m in team
    ]
    rule = team_engine.rule_for_model(run.course.programme.model)
    names = {str(m.code): m.name for m in team}
    return [TeamProblem(p.code, _problem_message(p, names, rule)) for p in team_engine.team_problems(facts, rule)]


def balance_rule_text(run: CourseRun) -> str:
    rule = team_engine.rule_for_model(run.course.programme.model)
    texts = {
        team_engine.BalanceRule.PEER_AND_PROFESSIONAL: _(
            "Recovery school: a peer teacher and a professional teacher teach together, in balance."
        ),
        team_engine.BalanceRule.DUAL_COMPETENCE: _(
            "ARK: at least one facilitator with dual competence; one is the lead."
        ),
        team_engine.BalanceRule.TWO_PEERS: _("Peer group: two peers run the group together."),
        team_engine.BalanceRule.ONE_PEER: _("Group course: at least one peer runs the group."),
    }
    return str(texts[rule])


# --------------------------------------------------------------------------------------------------
# Preparation time


@dataclass(frozen=True)
class Preparation:
    teaching_hours: Decimal
    preparation_hours: Decimal
    new_course: bool
    ratio: Decimal


def preparation_for(run: CourseRun) -> Preparation:
    """Preparation hours for the run's teaching: 1:1 for a course taught before, 1:3 for a new one."""
    minutes = list(run.sessions.planned().values_list("minutes", flat=True))
    teaching = schedule.teaching_hours(minutes)
    earlier = run.course.runs.exclude(pk=run.pk).filter(status__in=[RunStatus.PUBLISHED, RunStatus.CLOSED])
    if run.starts_on is not None:
        earlier = earlier.filter(Q(starts_on__lt=run.starts_on) | Q(starts_on__isnull=True))
    new_course = not earlier.exists()
    programme = run.course.programme
    existing = programme_setting(programme, "preparation_ratio_existing", 1)
    new = programme_setting(programme, "preparation_ratio_new", 3)
    hours = schedule.preparation_hours(teaching, new_course=new_course, ratio_existing=existing, ratio_new=new)
    return Preparation(teaching, hours, new_course, Decimal(str(new if new_course else existing)))


# --------------------------------------------------------------------------------------------------
# The public catalogue

WEEKDAYS = (1, 2, 3, 4, 5, 6, 7)


@dataclass
class CatalogueFilter:
    school: str = ""  # unit code
    programme: str = ""  # programme code
    term: str = ""  # e.g. "2026-autumn"
    theme: str = ""
    place: str = ""  # city
    weekday: int | None = None  # ISO weekday, 1 = Monday


def catalogue_runs(filters: CatalogueFilter | None = None, *, today: date | None = None) -> QuerySet[CourseRun]:
    """Published open courses and drop-ins that have not ended, for everyone to see. Closed groups are by
    referral and never listed."""
    day = today or timezone.localdate()
    chosen = filters or CatalogueFilter()
    runs = (
        CourseRun.objects.published()
        .exclude(course__kind=CourseKind.CLOSED_GROUP)
        .filter(ends_on__gte=day)
        .select_related("version", "course__programme", "course__organisation", "unit", "course__unit")
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.planned().order_by("day", "start"), to_attr="planned")
        )
        .with_counts()
    )
    if chosen.school:
        runs = runs.filter(Q(unit__code=chosen.school) | Q(course__unit__code=chosen.school))
    if chosen.programme:
        runs = runs.filter(course__programme__code=chosen.programme)
    term = schedule.parse_term(chosen.term) if chosen.term else None
    if term is not None:
        first, last = schedule.term_dates(term)
        runs = runs.filter(starts_on__lte=last, ends_on__gte=first)
    if chosen.theme:
        runs = runs.filter(course__theme=chosen.theme)
    if chosen.place:
        runs = runs.filter(unit__city__iexact=chosen.place)
    if chosen.weekday:
        with_day = (
            Session.objects.planned()
            .annotate(weekday=ExtractIsoWeekDay("day"))
            .filter(weekday=chosen.weekday)
            .values("run_id")
        )
        runs = runs.filter(pk__in=with_day)
    return runs.order_by("starts_on", "version__title")


@dataclass(frozen=True)
class CatalogueEntry:
    run: CourseRun
    sessions: list[Session]
    places_left: int | None
    waiting: int
    is_drop_in: bool
    open_for_registration: bool
    weekdays: list[int] = field(default_factory=list)


def catalogue_entries(runs: Iterable[CourseRun], *, now: Any = None) -> list[CatalogueEntry]:
    moment = now or timezone.now()
    entries = []
    for run in runs:
        sessions: list[Session] = list(getattr(run, "planned", None) or run.sessions.planned().order_by("day", "start"))
        confirmed = int(getattr(run, "n_confirmed", 0) or 0)
        is_drop_in = run.course.kind == CourseKind.DROP_IN
        places = None if run.capacity is None else max(0, run.capacity - confirmed)
        started = bool(sessions) and sessions[0].has_started(moment)
        entries.append(
            CatalogueEntry(
                run=run,
                sessions=sessions,
                places_left=places,
                waiting=int(getattr(run, "n_waiting", 0) or 0),
                is_drop_in=is_drop_in,
                open_for_registration=not is_drop_in and bool(sessions) and not started,
                weekdays=sorted({s.day.isoweekday() for s in sessions}),
            )
        )
    return entries


def catalogue_choices(*, today: date | None = None) -> dict[str, list[tuple[str, str]]]:
    """The values the filters offer: only schools, programmes, terms and places that have something in the
    catalogue."""
    runs = list(catalogue_runs(today=today).select_related("unit", "course__unit"))
    schools: dict[str, str] = {}
    programmes: dict[str, str] = {}
    terms: set[schedule.Term] = set()
    places: set[str] = set()
    for run in runs:
        schools[str(run.course.unit.code)] = run.course.unit.name
        programmes[str(run.course.programme.code)] = run.course.programme.name
        if run.starts_on and run.ends_on:
            terms.add(schedule.term_of(run.starts_on))
            terms.add(schedule.term_of(run.ends_on))
        if run.unit.city:
            places.add(run.unit.city)
    season = {"spring": _("Spring"), "autumn": _("Autumn")}
    return {
        "schools": sorted(schools.items(), key=lambda kv: kv[1]),
        "programmes": sorted(programmes.items(), key=lambda kv: kv[1]),
        "terms": [(t.key, f"{season[t.season]} {t.year}") for t in sorted(terms)],
        "places": [(p, p) for p in sorted(places)],
    }


def public_run(code: Any) -> CourseRun | None:
    """A run the public may see: published or finished, never a closed group, draft or cancelled run."""
    return (
        CourseRun.objects.filter(code=code, status__in=[RunStatus.PUBLISHED, RunStatus.CLOSED])
        .exclude(course__kind=CourseKind.CLOSED_GROUP)
        .select_related("version", "course__programme", "course__organisation", "unit", "course__unit")
        .with_counts()
        .first()
    )


# --------------------------------------------------------------------------------------------------
# Staff: counts, lists


def below_minimum_count(organisation: Organisation | None) -> int | None:
    if organisation is None:
        return None
    return CourseRun.objects.of(organisation).below_minimum().count()


@dataclass(frozen=True)
class SessionRow:
    session: Session
    present: int
    marked: bool


def session_rows(run: CourseRun) -> list[SessionRow]:
    sessions = run.sessions.annotate(present=Count("attendance", filter=Q(attendance__present=True))).order_by(
        "day", "start"
    )
    return [SessionRow(s, int(s.present), s.attendance_marked_at is not None) for s in sessions]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------------
# Reports for a school


@dataclass
class RunReport:
    run: CourseRun
    sessions_planned: int
    sessions_held: int
    confirmed: int
    waiting: int
    cancelled: int
    capacity: int | None
    perspectives: Counter[str]
    mean_attendance: float | None  # percent
    certificates: int
    headcount: int
    feedback_mean: float | None
    flagged_sessions: int

    @property
    def fill_rate(self) -> float | None:
        if not self.capacity:
            return None
        return 100.0 * self.confirmed / self.capacity


@dataclass(frozen=True)
class FeedbackMonth:
    """Session feedback of one month: sessions held with answers, the mean of the session means that may be
    shown (sessions with at least the minimum group), and the sessions flagged for follow-up."""

    month: date
    sessions_answered: int
    mean_total: float | None
    flagged_sessions: int


@dataclass
class SchoolReport:
    rows: list[RunReport]
    perspectives: list[tuple[str, str, int]]
    feedback_months: list[FeedbackMonth] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, Any]:
        rows = self.rows
        capacities = [r.capacity for r in rows if r.capacity]
        confirmed_with_capacity = sum(r.confirmed for r in rows if r.capacity)
        attendance = [r.mean_attendance for r in rows if r.mean_attendance is not None]
        return {
            "runs": len(rows),
            "sessions_held": sum(r.sessions_held for r in rows),
            "confirmed": sum(r.confirmed for r in rows),
            "waiting": sum(r.waiting for r in rows),
            "certificates": sum(r.certificates for r in rows),
            "headcount": sum(r.headcount for r in rows),
            "fill_rate": 100.0 * confirmed_with_capacity / sum(capacities) if capacities else None,
            "mean_attendance": sum(attendance) / len(attendance) if attendance else None,
            "flagged_sessions": sum(r.flagged_sessions for r in rows),
        }


def report_runs(organisation: Organisation, *, unit: Unit | None, start: date, end: date) -> QuerySet[CourseRun]:
    runs = (
        CourseRun.objects.of(organisation)
        .exclude(status__in=[RunStatus.DRAFT, RunStatus.CANCELLED])
        .filter(starts_on__lte=end, ends_on__gte=start)
        .select_related("version", "course__programme", "unit", "course__unit")
        .order_by("starts_on", "version__title")
    )
    if unit is not None:
        runs = runs.filter(Q(unit=unit) | Q(course__unit=unit))
    return runs


def school_report(organisation: Organisation, *, unit: Unit | None, start: date, end: date) -> SchoolReport:
    """Runs, sessions held, participants by perspective, fill rate, attendance, certificates and session
    feedback for the runs of the period (no names: counts only)."""
    from courses import feedback_adapter

    runs = list(report_runs(organisation, unit=unit, start=start, end=end))
    run_ids = [r.pk for r in runs]
    status_counts: dict[int, Counter[str]] = defaultdict(Counter)
    perspectives: dict[int, Counter[str]] = defaultdict(Counter)
    for run_id, status, perspective in Registration.objects.filter(run_id__in=run_ids).values_list(
        "run_id", "status", "perspective"
    ):
        status_counts[run_id][status] += 1
        if status == RegistrationStatus.CONFIRMED:
            perspectives[run_id][perspective or ""] += 1
    certificates = Counter(
        Certificate.objects.filter(registration__run_id__in=run_ids).values_list("registration__run_id", flat=True)
    )
    sessions_by_run: dict[int, list[Session]] = defaultdict(list)
    for session in Session.objects.filter(run_id__in=run_ids).select_related("run__version").order_by("day", "start"):
        sessions_by_run[session.run_id].append(session)
    today = timezone.localdate()
    rows = []
    months: dict[date, list[feedback_adapter.SessionResult]] = defaultdict(list)
    for run in runs:
        sessions = sessions_by_run[run.pk]
        planned = [s for s in sessions if s.status == SessionStatus.PLANNED]
        held = [s for s in planned if s.day <= today and s.day <= end]
        shares = attendance_shares(run) if run.takes_registrations else {}
        percents = [s.percent for s in shares.values() if s.planned]
        results = feedback_adapter.session_results(held) if held else []
        means = [r.mean_total for r in results if r.mean_total is not None]
        for result in results:
            if result.answers:
                months[result.session.day.replace(day=1)].append(result)
        rows.append(
            RunReport(
                run=run,
                sessions_planned=len(planned),
                sessions_held=len(held),
                confirmed=status_counts[run.pk][RegistrationStatus.CONFIRMED],
                waiting=status_counts[run.pk][RegistrationStatus.WAITING],
                cancelled=status_counts[run.pk][RegistrationStatus.CANCELLED],
                capacity=run.capacity,
                perspectives=perspectives[run.pk],
                mean_attendance=sum(percents) / len(percents) if percents else None,
                certificates=certificates[run.pk],
                headcount=sum(s.headcount or 0 for s in held),
                feedback_mean=sum(means) / len(means) if means else None,
                flagged_sessions=sum(1 for r in results if r.needs_follow_up),
            )
        )
    totals: Counter[str] = Counter()
    for values in perspectives.values():
        totals.update(values)
    labels = dict(Perspective.choices)
    by_perspective = [(key, str(labels[key]), totals[key]) for key in Perspective.values]
    by_perspective.append(("", _("Not given"), totals[""]))
    feedback_months = []
    for month in sorted(months):
        shown = [r.mean_total for r in months[month] if r.mean_total is not None]
        feedback_months.append(
            FeedbackMonth(
                month=month,
                sessions_answered=len(months[month]),
                mean_total=sum(shown) / len(shown) if shown else None,
                flagged_sessions=sum(1 for r in months[month] if r.needs_follow_up),
            )
        )
    return SchoolReport(rows=rows, perspectives=by_perspective, feedback_months=feedback_months)
