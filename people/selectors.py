"""Reads about peers and applications that are more than a filter."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Membership, Organisation, Programme, Role, User
from people import eligibility
from people.models import (
    ApplicationStatus,
    CompetenceCriterion,
    Interview,
    Peer,
    PeerApplication,
    PeerStatus,
    PeerStatusChange,
)

# Programme models whose peers work on inpatient wards, where admission experience is required (seed 004).
WARD_PROGRAMME_MODELS = frozenset({Programme.Model.BRIDGE_BUILDERS})


def coordinators_of(organisation: Organisation) -> list[User]:
    """The people who receive notices about the organisation's peers and applicants."""
    users = (
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role=Role.COORDINATOR,
            memberships__active=True,
            is_active=True,
        )
        .distinct()
        .order_by("email")
    )
    return list(users)


def recruiting_programmes() -> QuerySet[Programme]:
    """Programmes an applicant can choose on the public form: active ones, grouped by organisation."""
    return Programme.objects.active().select_related("organisation").order_by("organisation__name", "name")


def programme_hours_min(programme: Programme) -> Decimal | None:
    value = programme.effective_settings().get("peer_hours_min")
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class EligibilityLine:
    met: bool
    unknown: bool
    text: str


def eligibility_for(application: PeerApplication) -> list[EligibilityLine]:
    """The eligibility criteria as guidance for the coordinator; a missed criterion is never a rejection."""
    programme = application.programme
    facts = eligibility.ApplicantFacts(
        birth_date=application.birth_date,
        today=timezone.localdate(),
        lived_experience_text=application.lived_experience,
        recovery_years_at_least=application.recovery_years_at_least,
        hours_wanted=application.hours_wanted,
        programme_hours_min=programme_hours_min(programme),
        has_admission_experience=application.has_admission_experience,
        programme_needs_admission=programme.model in WARD_PROGRAMME_MODELS,
        min_age=int(programme.effective_settings().get("min_age", 18)),
    )
    return [_line(result) for result in eligibility.assess(facts)]


def _line(result: eligibility.CriterionResult) -> EligibilityLine:
    c = eligibility.Criterion
    met = result.outcome is eligibility.Outcome.MET
    unknown = result.outcome is eligibility.Outcome.UNKNOWN
    values: dict[str, Any] = {"actual": result.actual, "required": result.required}
    if result.criterion is c.AGE:
        text = (
            _("Is %(actual)s years old (at least %(required)s).") % values
            if not unknown
            else _("Age is not given (at least %(required)s).") % values
        )
    elif result.criterion is c.LIVED_EXPERIENCE:
        text = _("Describes own lived experience.") if met else _("Does not describe own lived experience.")
    elif result.criterion is c.RECOVERY_YEAR:
        text = (
            _("Has been in a recovery process for at least a year.")
            if met
            else _("Has been in a recovery process for less than a year.")
        )
    elif result.criterion is c.HOURS:
        if unknown:
            text = _("Wants %(actual)s hours a week; the programme sets no minimum.") % {
                "actual": _hours(result.actual)
            }
        else:
            text = _("Wants %(actual)s hours a week; the programme asks for at least %(required)s.") % {
                "actual": _hours(result.actual),
                "required": _hours(result.required),
            }
    else:
        text = (
            _("Has been admitted to a psychiatric ward (needed for ward work).")
            if met
            else _("Has not been admitted to a psychiatric ward (needed for ward work).")
        )
    return EligibilityLine(met=met, unknown=unknown, text=text)


def _hours(value: Any) -> str:
    if value is None:
        return "–"
    number = Decimal(str(value)).normalize()
    return f"{number:f}".replace(".", ",")


def pipeline_counts(organisation: Organisation) -> dict[str, int]:
    """How many applications are in each stage (one query)."""
    rows = (
        PeerApplication.objects.of(organisation)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    counts = dict.fromkeys(ApplicationStatus.values, 0)
    counts.update(dict(rows))
    return counts


def new_application_count(organisation: Organisation | None) -> int:
    if organisation is None:
        return 0
    return PeerApplication.objects.of(organisation).filter(status=ApplicationStatus.NEW).count()


@dataclass(frozen=True)
class ScoreRow:
    criterion: str
    label: str
    scores: list[int | None]
    notes: list[str]
    average: Decimal | None

    def member_notes(self, members: list[str]) -> list[tuple[str, str]]:
        return [(m, n) for m, n in zip(members, self.notes, strict=True) if n]


@dataclass(frozen=True)
class InterviewSummary:
    interview: Interview
    members: list[str]
    rows: list[ScoreRow]

    @property
    def notes(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(criterion label, [(panel member, note)]) for criteria with notes."""
        found = [(row.label, row.member_notes(self.members)) for row in self.rows]
        return [(label, notes) for label, notes in found if notes]


def interview_summary(interview: Interview) -> InterviewSummary:
    """The panel's scores as a table: one row per criterion, one column per panel member, and the average."""
    scores = list(interview.scores.all())
    members = sorted({s.panel_member for s in scores}, key=str.casefold)
    by_key = {(s.criterion, s.panel_member): s for s in scores}
    rows = []
    for criterion, label in CompetenceCriterion.choices:
        cells = [by_key.get((criterion, m)) for m in members]
        given = [c.score for c in cells if c is not None]
        average = (Decimal(sum(given)) / len(given)).quantize(Decimal("0.1")) if given else None
        rows.append(
            ScoreRow(
                criterion=criterion,
                label=str(label),
                scores=[c.score if c else None for c in cells],
                notes=[c.note if c else "" for c in cells],
                average=average,
            )
        )
    return InterviewSummary(interview=interview, members=members, rows=rows)


def status_history(peer: Peer) -> QuerySet[PeerStatusChange]:
    return peer.status_changes.select_related("by").order_by("-at", "-id")


def paused_by_self(peer: Peer) -> bool:
    """True when the peer's current pause was announced by the peer, who may then also end it."""
    if peer.status != PeerStatus.PAUSED or peer.user_id is None:
        return False
    last = peer.status_changes.filter(to_status=PeerStatus.PAUSED).order_by("-at", "-id").first()
    return last is not None and last.by_id == peer.user_id


def status_before_pause(peer: Peer) -> str:
    """The status a resumed peer returns to: the one they had when the pause began."""
    last = peer.status_changes.filter(to_status=PeerStatus.PAUSED).order_by("-at", "-id").first()
    if last is not None and last.from_status in (PeerStatus.ACTIVE, PeerStatus.IN_EDUCATION):
        return last.from_status
    return PeerStatus.ACTIVE


def peer_of_user(user: Any, organisation: Organisation | None) -> Peer | None:
    """The peer record of a logged-in peer, in the organisation they act for."""
    if organisation is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Peer.objects.filter(user=user, organisation=organisation)
        .select_related("organisation", "mentor")
        .prefetch_related("units", "programmes")
        .first()
    )


def peer_role_holders(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.active().filter(organisation=organisation, role=Role.PEER)
