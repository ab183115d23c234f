"""Reads about peer education that are more than a filter: the catalogue, each peer's plan and deadline,
and which peers are due a deadline warning."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from core.models import Organisation
from education import qualification, schedule
from education.annotations import annotate_education, annotate_qualifications, annotated_deadline, track_of
from education.models import (
    ChecklistItem,
    ChecklistTick,
    DeadlineWarning,
    EducationModule,
    EducationPolicy,
    Enrolment,
    EnrolmentStatus,
    ModuleCompletion,
    ModuleKind,
    ModuleRun,
    RequirementLevel,
    Track,
    TrackRequirement,
)
from people.models import Peer, PeerStatus


def basic_module_completed(peer: Peer) -> bool:
    """Whether the peer has completed the basic module of the peer education (used by agreements' references)."""
    return ModuleCompletion.objects.filter(peer=peer, module__kind=ModuleKind.BASIC).exists()


# --- The catalogue ---------------------------------------------------------------------------------------------


def catalogue(organisation: Organisation, *, today: date | None = None) -> list[EducationModule]:
    """The organisation's modules with their track requirements and their runs from today on (places taken)."""
    today = today or timezone.localdate()
    runs = ModuleRun.objects.filter(ends_on__gte=today).with_places_taken().order_by("starts_on", "pk")
    return list(
        EducationModule.objects.of(organisation)
        .prefetch_related(
            Prefetch("runs", queryset=runs, to_attr="current_runs"),
            Prefetch("track_requirements", queryset=TrackRequirement.objects.order_by("track")),
        )
        .order_by("-active", "position", "name")
    )


def runs_of(module: EducationModule) -> QuerySet[ModuleRun]:
    return module.runs.with_places_taken().order_by("-starts_on", "-pk")


def upcoming_runs(organisation: Organisation, *, today: date | None = None) -> QuerySet[ModuleRun]:
    """Runs not yet over and not cancelled, with places taken — what a peer can be enrolled on."""
    today = today or timezone.localdate()
    return (
        ModuleRun.objects.of(organisation)
        .not_cancelled()
        .filter(ends_on__gte=today)
        .with_places_taken()
        .select_related("module")
        .order_by("starts_on", "pk")
    )


# --- A peer's plan ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistLine:
    item: ChecklistItem
    tick: ChecklistTick | None


@dataclass(frozen=True)
class PlanLine:
    module: EducationModule
    level: str | None
    completion: ModuleCompletion | None
    enrolment: Enrolment | None
    open_runs: tuple[ModuleRun, ...]
    checklist: tuple[ChecklistLine, ...]

    @property
    def status(self) -> str:
        if self.completion is not None:
            return "completed"
        if self.enrolment is not None and self.enrolment.status == EnrolmentStatus.ENROLLED:
            return "enrolled"
        return "missing"

    @property
    def ticked(self) -> int:
        return sum(1 for line in self.checklist if line.tick is not None)


@dataclass(frozen=True)
class EducationPlan:
    peer: Peer
    track: str
    start: date | None
    deadline: date | None
    today: date
    first_warning_days: int
    mandatory: tuple[PlanLine, ...]
    elective: tuple[PlanLine, ...]
    other: tuple[PlanLine, ...]
    enrolments: tuple[Enrolment, ...]
    assessments: tuple[qualification.RoleAssessment, ...]

    @property
    def track_label(self) -> str:
        return str(Track(self.track).label)

    @property
    def missing_mandatory(self) -> list[PlanLine]:
        return [line for line in self.mandatory if line.completion is None]

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.today).days

    @property
    def deadline_state(self) -> str:
        """done | passed | soon | running | not_started | none (no mandatory modules for the track)."""
        if not self.mandatory:
            return "none"
        if not self.missing_mandatory:
            return "done"
        if self.deadline is None:
            return "not_started"
        days = (self.deadline - self.today).days
        if days < 0:
            return "passed"
        return "soon" if days <= self.first_warning_days else "running"

    @property
    def qualified_labels(self) -> list[str]:
        return [a.label for a in self.assessments if a.qualified]

    @property
    def checklists(self) -> list[PlanLine]:
        return [line for line in (*self.mandatory, *self.elective, *self.other) if line.module.is_checklist]


def education_start(peer: Peer, enrolments: list[Enrolment] | None = None) -> date | None:
    """When the peer's education started: the day they became active, or else the first day of their first run."""
    if peer.started_at is not None:
        return peer.started_at
    if enrolments is None:
        enrolments = list(Enrolment.objects.filter(peer=peer).select_related("run"))
    starts = [e.run.starts_on for e in enrolments if e.status != EnrolmentStatus.WITHDRAWN]
    return min(starts) if starts else None


def education_plan_for(peer: Peer, *, today: date | None = None) -> EducationPlan:
    """The modules the peer's track needs, what is done, booked and missing, the deadline and qualifications."""
    today = today or timezone.localdate()
    track = track_of(peer)
    modules = list(
        EducationModule.objects.of(peer.organisation)
        .prefetch_related("track_requirements")
        .order_by("position", "name")
    )
    completions = {c.module_id: c for c in ModuleCompletion.objects.filter(peer=peer)}
    enrolments = list(
        Enrolment.objects.filter(peer=peer).select_related("run__module").order_by("-run__starts_on", "-pk")
    )
    live: dict[int, Enrolment] = {}
    for enrolment in enrolments:
        current = live.get(enrolment.run.module_id)
        if current is None or (
            enrolment.status == EnrolmentStatus.ENROLLED and current.status != EnrolmentStatus.ENROLLED
        ):
            live[enrolment.run.module_id] = enrolment
    runs_by_module: dict[int, list[ModuleRun]] = defaultdict(list)
    for run in upcoming_runs(peer.organisation, today=today):
        runs_by_module[run.module_id].append(run)
    checklist_modules = [m.pk for m in modules if m.is_checklist]
    items_by_module: dict[int, list[ChecklistItem]] = defaultdict(list)
    ticks: dict[int, ChecklistTick] = {}
    if checklist_modules:
        for item in ChecklistItem.objects.filter(module_id__in=checklist_modules).order_by("position", "pk"):
            items_by_module[item.module_id].append(item)
        ticks = {
            t.item_id: t
            for t in ChecklistTick.objects.filter(peer=peer, item__module_id__in=checklist_modules).select_related(
                "ticked_by"
            )
        }

    def line(module: EducationModule, level: str | None) -> PlanLine:
        return PlanLine(
            module=module,
            level=level,
            completion=completions.get(module.pk),
            enrolment=live.get(module.pk),
            open_runs=tuple(runs_by_module.get(module.pk, ())),
            checklist=tuple(ChecklistLine(i, ticks.get(i.pk)) for i in items_by_module.get(module.pk, ())),
        )

    mandatory, elective, other = [], [], []
    for module in modules:
        level = next((r.level for r in module.track_requirements.all() if r.track == track), None)
        if level == RequirementLevel.MANDATORY and module.active:
            mandatory.append(line(module, level))
        elif level == RequirementLevel.ELECTIVE and module.active:
            elective.append(line(module, level))
        elif module.pk in completions or module.pk in live or (module.is_checklist and module.active):
            # An introduction checklist is there to tick off for anyone the organisation introduces.
            other.append(line(module, level))
    policy = EducationPolicy.objects.filter(organisation_id=peer.organisation_id).first() or EducationPolicy()
    start = education_start(peer, enrolments)
    return EducationPlan(
        peer=peer,
        track=track,
        start=start,
        deadline=schedule.education_deadline(start, policy.deadline_months),
        today=today,
        first_warning_days=policy.first_warning_days,
        mandatory=tuple(mandatory),
        elective=tuple(elective),
        other=tuple(other),
        enrolments=tuple(enrolments),
        assessments=tuple(qualification.assess(peer)),
    )


# --- Many peers ---------------------------------------------------------------------------------------------------


def peers_with_education(organisation: Organisation) -> QuerySet[Peer]:
    """The organisation's current peers with deadline and qualification annotations (constant queries)."""
    peers = Peer.objects.of(organisation).exclude(status=PeerStatus.ENDED).order_by("first_name", "last_name", "pk")
    return annotate_qualifications(annotate_education(peers))


@dataclass(frozen=True)
class DeadlineCheck:
    peer: Peer
    deadline: date
    warning_due: int | None
    missing_mandatory: tuple[str, ...]


def plans_with_deadlines(*, today: date) -> Iterator[tuple[Organisation, list[DeadlineCheck]]]:
    """Per organisation, the peers with mandatory modules outstanding and a deadline within the first warning,
    with the warning (if any) that is due today."""
    peers = list(
        annotate_education(
            Peer.objects.filter(~Q(status__in=[PeerStatus.ENDED, PeerStatus.APPLICANT])).select_related(
                "organisation", "user"
            )
        ).filter(mandatory_outstanding__gt=0, education_start__isnull=False)  # type: ignore[misc]
    )
    policies = {
        p.organisation_id: p
        for p in EducationPolicy.objects.filter(organisation__in={p.organisation_id for p in peers})
    }
    sent: dict[int, set[tuple[date, int]]] = defaultdict(set)
    for peer_id, warned_for, days in DeadlineWarning.objects.filter(peer__in=peers).values_list(
        "peer_id", "deadline", "days_before"
    ):
        sent[peer_id].add((warned_for, days))
    by_org: dict[int, list[DeadlineCheck]] = defaultdict(list)
    organisations: dict[int, Organisation] = {}
    for peer in peers:
        deadline = annotated_deadline(peer)
        if deadline is None:
            continue
        policy = policies.get(peer.organisation_id) or EducationPolicy()
        already = [days for d, days in sent[peer.pk] if d == deadline]
        due = schedule.warning_due(deadline, today, (policy.first_warning_days, policy.second_warning_days), already)
        if due is None:
            continue
        missing = tuple(m.module.name for m in education_plan_for(peer, today=today).missing_mandatory)
        organisations[peer.organisation_id] = peer.organisation
        by_org[peer.organisation_id].append(DeadlineCheck(peer, deadline, due, missing))
    for organisation_id, checks in by_org.items():
        yield organisations[organisation_id], checks
