"""Reads of the feedback app: instruments in use, a person's scores and change, programme aggregates,
session-feedback trends. Other apps read results through these functions.

Aggregates about fewer respondents than the minimum group (5) are never shown: they come back as
`outcomes.Suppressed`, which carries no count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from statistics import fmean
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from core.models import Organisation, Programme
from feedback import instruments as engine
from feedback import outcomes
from feedback.models import (
    InstrumentPurpose,
    InstrumentVersion,
    Invitation,
    MeasurementPlan,
    Occasion,
    Response,
    minimum_group,
)
from feedback.services import FeedbackError, sync_shipped_instruments
from people.models import Citizen

SESSION_FEEDBACK = "session_feedback"
CHIME = "chime_recovery"


# --------------------------------------------------------------------------------------------------
# Instruments


def instrument_for(organisation: Organisation, instrument_key: str) -> InstrumentVersion:
    """The latest version of the organisation's own instrument with this id, else of the shipped one."""
    own = InstrumentVersion.objects.own(organisation).filter(instrument_id=instrument_key).order_by("-version").first()
    if own is not None:
        return own
    sync_shipped_instruments()
    shipped = InstrumentVersion.objects.shipped().filter(instrument_id=instrument_key).order_by("-version").first()
    if shipped is None:
        raise FeedbackError("unknown_instrument", instrument_key, "instrument_key", f"'{instrument_key}' is not known")
    return shipped


def latest_versions(organisation: Organisation) -> list[InstrumentVersion]:
    """The latest version of every instrument the organisation can use: shipped first, then its own."""
    sync_shipped_instruments()
    latest: dict[tuple[bool, str], InstrumentVersion] = {}
    for row in InstrumentVersion.objects.usable_by(organisation).order_by("instrument_id", "version"):
        latest[(not row.shipped, row.instrument_id)] = row
    return [latest[key] for key in sorted(latest)]


def versions_of(row: InstrumentVersion) -> QuerySet[InstrumentVersion]:
    siblings = InstrumentVersion.objects.filter(instrument_id=row.instrument_id)
    if row.organisation_id is None:
        return siblings.filter(organisation__isnull=True).order_by("-version")
    return siblings.filter(organisation_id=row.organisation_id).order_by("-version")


def instrument_choices(organisation: Organisation, language: str) -> list[tuple[str, str]]:
    return [(row.instrument_id, row.title_in(language)) for row in latest_versions(organisation)]


def plans_of(programme: Programme) -> QuerySet[MeasurementPlan]:
    return programme.measurement_plans.active().order_by("timing", "instrument_key")


def plans_for_occasion(programme: Programme, occasion: str) -> list[MeasurementPlan]:
    """The questionnaires the programme's measurement plan asks for at this occasion (for other apps)."""
    return [plan for plan in plans_of(programme) if plan.occasion == occasion]


# --------------------------------------------------------------------------------------------------
# One person


@dataclass(frozen=True)
class SubscaleValue:
    id: str
    name: str
    score: float | None
    maximum: float


@dataclass(frozen=True)
class ScoreSnapshot:
    """One sent answer, scored: what a person (or, with consent, their peer) sees."""

    response_code: str
    instrument_key: str
    title: str
    version: int
    occasion: str
    answered_at: datetime
    total: float | None
    maximum: float | None
    total_complete: bool
    complete: bool
    subscales: tuple[SubscaleValue, ...]
    flags: tuple[str, ...]  # the cut-off messages, in the language asked for


def _snapshot(response: Response, language: str) -> ScoreSnapshot:
    instrument = response.instrument.instrument
    score = engine.score_answers(instrument, response.answers)
    subscales = tuple(
        SubscaleValue(
            subscale.id,
            instrument.text(subscale.name, language),
            score.subscales[subscale.id].score if score.subscales[subscale.id].complete else None,
            score.subscales[subscale.id].maximum,
        )
        for subscale in instrument.scoring.subscales
    )
    return ScoreSnapshot(
        response_code=str(response.code),
        instrument_key=instrument.id,
        title=instrument.text(instrument.title, language),
        version=instrument.version,
        occasion=response.occasion,
        answered_at=response.submitted_at or response.updated_at,
        total=score.total,
        maximum=score.maximum,
        total_complete=score.total_complete,
        complete=score.complete,
        subscales=subscales,
        flags=tuple(instrument.text(flag.message, language) for flag in score.flags),
    )


def _sent_by(citizen: Citizen, instrument_key: str) -> QuerySet[Response]:
    return (
        Response.objects.submitted()
        .for_key(instrument_key)
        .filter(respondent_citizen=citizen)
        .select_related("instrument")
        .order_by("submitted_at", "pk")
    )


def score_history(citizen: Citizen, instrument_key: str, *, language: str = "da") -> list[ScoreSnapshot]:
    """Every sent answer of the citizen to the instrument, oldest first."""
    return [_snapshot(response, language) for response in _sent_by(citizen, instrument_key)]


def latest_scores(citizen: Citizen, instrument_key: str, *, language: str = "da") -> ScoreSnapshot | None:
    """The citizen's most recent sent answer to the instrument, scored; None when there is none."""
    response = _sent_by(citizen, instrument_key).last()
    return _snapshot(response, language) if response is not None else None


def _before_after(responses: Sequence[Response]) -> tuple[Response, Response] | None:
    """Start against end: the first answer at the start and the last at the end (else first and last)."""
    starts = [r for r in responses if r.occasion == Occasion.START]
    ends = [r for r in responses if r.occasion == Occasion.END]
    if starts and ends and ends[-1].submitted_at and starts[0].submitted_at and ends[-1] != starts[0]:
        return starts[0], ends[-1]
    return None


def person_change_for(citizen: Citizen, instrument_key: str) -> outcomes.PersonChange | None:
    """The citizen's change from the start to the end; None without both or when the versions differ in scoring."""
    responses = list(_sent_by(citizen, instrument_key))
    pair = _before_after(responses)
    if pair is None:
        return None
    latest = instrument_for(citizen.organisation, instrument_key).instrument
    before, after = (response.score for response in pair)
    try:
        return outcomes.person_change(latest, before, after)
    except outcomes.OutcomeError:
        return None


def scored_keys_of(citizen: Citizen) -> list[str]:
    """Instruments with a score (not course evaluations) the citizen has sent answers to."""
    keys = (
        Response.objects.submitted()
        .filter(respondent_citizen=citizen)
        .values_list("instrument__instrument_id", flat=True)
        .distinct()
    )
    found = []
    for key in sorted(set(keys)):
        try:
            if instrument_for(citizen.organisation, key).instrument.scored_items:
                found.append(key)
        except FeedbackError:
            continue
    return found


def person_chart(history: Sequence[ScoreSnapshot], *, date_format: str = "%d.%m.%Y") -> dict[str, Any]:
    """A line chart of the total and each subscale over time (Chart.js config for static/js/app.js)."""
    labels = [timezone.localtime(point.answered_at).strftime(date_format) for point in history]
    datasets: list[dict[str, Any]] = []
    if history and history[0].subscales:
        for index, subscale in enumerate(history[0].subscales):
            datasets.append(
                {
                    "label": subscale.name,
                    "data": [
                        point.subscales[index].score if index < len(point.subscales) else None for point in history
                    ],
                    "spanGaps": True,
                }
            )
        maximum = max((s.maximum for s in history[0].subscales), default=None)
    else:
        datasets.append(
            {
                "label": history[0].title if history else "",
                "data": [p.total if p.total_complete else None for p in history],
            }
        )
        maximum = history[0].maximum if history else None
    scale: dict[str, Any] = {"beginAtZero": True}
    if maximum is not None:
        scale["max"] = maximum
    return {"type": "line", "data": {"labels": labels, "datasets": datasets}, "options": {"scales": {"y": scale}}}


# --------------------------------------------------------------------------------------------------
# A programme


@dataclass(frozen=True)
class DomainChange:
    """The change in one subscale (a CHIME domain) or the total, for display."""

    id: str
    name: str
    summary: outcomes.ChangeSummary | outcomes.Suppressed
    maximum: float | None = None  # the highest possible score, for the chart's axis

    @property
    def suppressed(self) -> bool:
        return isinstance(self.summary, outcomes.Suppressed)


@dataclass(frozen=True)
class ReliabilityEstimate:
    """Reliable-change parameters estimated from the organisation's own baseline (for an instrument without
    published norms, such as the shipped CHIME questionnaire)."""

    baseline: int  # complete scorings at the start the estimate rests on
    reliability: float  # Cronbach's alpha of the total
    sd: float


@dataclass(frozen=True)
class ProgrammeOutcome:
    instrument: InstrumentVersion
    title: str
    respondents: int | outcomes.Suppressed  # people with an answer at the start and at the end
    total: DomainChange | None
    domains: tuple[DomainChange, ...]
    minimum_group: int
    reliability_estimate: ReliabilityEstimate | None = None

    @property
    def suppressed(self) -> bool:
        return isinstance(self.respondents, outcomes.Suppressed)

    def chart(self, *, start_label: str, end_label: str) -> dict[str, Any]:
        """Grouped bars: the mean at the start and at the end per domain (suppressed domains are empty)."""
        rows = [domain for domain in self.domains] or ([self.total] if self.total is not None else [])
        before = [None if d.suppressed else round(d.summary.mean_before, 2) for d in rows]  # type: ignore[union-attr]
        after = [None if d.suppressed else round(d.summary.mean_after, 2) for d in rows]  # type: ignore[union-attr]
        axis: dict[str, Any] = {"beginAtZero": True}
        maxima = [d.maximum for d in rows if d.maximum is not None]
        if maxima:
            axis["max"] = max(maxima)
        return {
            "type": "bar",
            "data": {
                "labels": [d.name for d in rows],
                "datasets": [{"label": start_label, "data": before}, {"label": end_label, "data": after}],
            },
            "options": {"scales": {"y": axis}},
        }

    def figures(self) -> list[dict[str, Any]]:
        """The same numbers as plain data (n, mean change, shares) for the page's JSON and tests."""
        rows = [*([self.total] if self.total is not None else []), *self.domains]
        out: list[dict[str, Any]] = []
        for row in rows:
            if isinstance(row.summary, outcomes.Suppressed):
                out.append({"id": row.id, "name": row.name, "suppressed": True})
                continue
            summary = row.summary
            out.append(
                {
                    "id": row.id,
                    "name": row.name,
                    "suppressed": False,
                    "n": summary.n,
                    "mean_before": round(summary.mean_before, 2),
                    "mean_after": round(summary.mean_after, 2),
                    "mean_change": round(summary.mean_change, 2),
                    "share_improved": round(summary.share_improved, 3),
                    "share_reliably_improved": (
                        None if summary.share_reliably_improved is None else round(summary.share_reliably_improved, 3)
                    ),
                }
            )
        return out


def _pairs_by_citizen(programme: Programme, instrument_key: str) -> dict[int, tuple[Response, Response]]:
    responses = (
        Response.objects.submitted()
        .for_key(instrument_key)
        .filter(programme=programme, respondent_citizen__isnull=False, occasion__in=[Occasion.START, Occasion.END])
        .select_related("instrument")
        .order_by("submitted_at", "pk")
    )
    by_citizen: dict[int, list[Response]] = defaultdict(list)
    for response in responses:
        by_citizen[response.respondent_citizen_id].append(response)  # type: ignore[index]
    pairs: dict[int, tuple[Response, Response]] = {}
    for citizen_id, answers in by_citizen.items():
        pair = _before_after(answers)
        if pair is not None:
            pairs[citizen_id] = pair
    return pairs


BASELINE_MINIMUM = 30


def with_estimated_reliability(
    organisation: Organisation, instrument: engine.Instrument, *, minimum: int = BASELINE_MINIMUM
) -> tuple[engine.Instrument, ReliabilityEstimate | None]:
    """The instrument with reliable-change parameters: its own when it holds them, else Cronbach's alpha and
    the SD of the organisation's complete start scorings (at least `minimum`, default 30) for the total and
    each subscale – a common stand-in for test–retest reliability. Too few or too uniform scorings: the
    instrument unchanged, and reliable change stays unknown."""
    if instrument.scoring.reliable_change is not None:
        return instrument, None
    baseline = [
        response.score
        for response in Response.objects.submitted()
        .for_key(instrument.id)
        .filter(organisation=organisation, occasion=Occasion.START)
        .select_related("instrument")
    ]
    baseline = [score for score in baseline if score.signature == engine.scoring_signature(instrument)]
    try:
        total = outcomes.estimate_reliable_change(instrument, baseline, minimum=minimum)
    except outcomes.OutcomeError:
        return instrument, None
    subscales = []
    for subscale in instrument.scoring.subscales:
        if subscale.reliable_change is None:
            try:
                estimate = outcomes.estimate_reliable_change(
                    instrument, baseline, subscale=subscale.id, minimum=minimum
                )
            except outcomes.OutcomeError:
                estimate = None
            subscale = replace(subscale, reliable_change=estimate)
        subscales.append(subscale)
    scoring = replace(instrument.scoring, reliable_change=total, subscales=tuple(subscales))
    used = sum(1 for score in baseline if score.total_complete and score.total is not None)
    return replace(instrument, scoring=scoring), ReliabilityEstimate(used, total.reliability, total.sd)


def improvement_points(
    organisation: Organisation, start: date, end: date, *, instrument_key: str = CHIME
) -> float | None:
    """For the costs app: the CHIME points gained, summed over the citizens whose end answer was sent in the
    period (both dates included) and who answered at the start – the change of each comparable total, counted
    positive when it is an improvement. None when nobody has a start and an end in the period."""
    try:
        instrument = instrument_for(organisation, instrument_key).instrument
    except FeedbackError:
        return None
    responses = (
        Response.objects.submitted()
        .for_key(instrument_key)
        .filter(
            organisation=organisation, respondent_citizen__isnull=False, occasion__in=[Occasion.START, Occasion.END]
        )
        .select_related("instrument")
        .order_by("submitted_at", "pk")
    )
    by_citizen: dict[int, list[Response]] = defaultdict(list)
    for response in responses:
        by_citizen[response.respondent_citizen_id].append(response)  # type: ignore[index]
    points: float | None = None
    for answers in by_citizen.values():
        pair = _before_after(answers)
        if pair is None or pair[1].submitted_at is None:
            continue
        if not start <= timezone.localtime(pair[1].submitted_at).date() <= end:
            continue
        try:
            change = outcomes.person_change(instrument, pair[0].score, pair[1].score)
        except outcomes.OutcomeError:
            continue  # answered on versions scored differently: not comparable
        if change.total is None:
            continue
        gained = change.total.change if instrument.scoring.higher_is_better else -change.total.change
        points = (points or 0.0) + gained
    return points


def recorded_counts(organisation: Organisation, start: date, end: date) -> dict[str, Any]:
    """The costs app's activity provider: CHIME improvement points of the period (None when none measured)."""
    return {"chime_improvement_points": improvement_points(organisation, start, end)}


def programme_outcome(programme: Programme, instrument_key: str, *, language: str = "da") -> ProgrammeOutcome:
    """Mean change from the start to the end per subscale (CHIME domain) and in total, with the number who
    answered both times, the share improved and the share with a reliable change; groups under 5 suppressed."""
    version = instrument_for(programme.organisation, instrument_key)
    instrument, estimate = with_estimated_reliability(programme.organisation, version.instrument)
    changes: list[outcomes.PersonChange] = []
    for before, after in _pairs_by_citizen(programme, instrument_key).values():
        try:
            changes.append(outcomes.person_change(instrument, before.score, after.score))
        except outcomes.OutcomeError:
            continue  # answered on versions scored differently: not comparable
    group = minimum_group()
    summary = outcomes.summarise_changes(instrument, changes, minimum_group=group)
    empty = engine.score_answers(instrument, {})
    total = DomainChange("total", instrument.text(instrument.title, language), summary.total, empty.maximum)
    domains = tuple(
        DomainChange(
            subscale.id,
            instrument.text(subscale.name, language),
            summary.subscales[subscale.id],
            empty.subscales[subscale.id].maximum,
        )
        for subscale in instrument.scoring.subscales
    )
    return ProgrammeOutcome(
        instrument=version,
        title=instrument.text(instrument.title, language),
        respondents=summary.respondents,
        total=total,
        domains=domains,
        minimum_group=group,
        reliability_estimate=estimate,
    )


def outcome_keys_of(programme: Programme) -> list[str]:
    """Scored instruments other than session feedback that the programme measures or has answers to."""
    keys = set(plans_of(programme).values_list("instrument_key", flat=True))
    keys |= set(
        Response.objects.submitted().filter(programme=programme).values_list("instrument__instrument_id", flat=True)
    )
    found = []
    for key in sorted(keys):
        try:
            version = instrument_for(programme.organisation, key)
        except FeedbackError:
            continue
        if version.purpose != InstrumentPurpose.SESSION_FEEDBACK and version.instrument.scored_items:
            found.append(key)
    return found


@dataclass(frozen=True)
class ItemShare:
    id: str
    text: str
    n: int | None  # None: suppressed
    mean: float | None
    share_top: float | None  # share answering in the top two points (e.g. "agree" or "strongly agree")


@dataclass(frozen=True)
class EvaluationSummary:
    """Course evaluations and end-of-course evaluations: how many agreed, per question."""

    instrument: InstrumentVersion
    title: str
    n: int | outcomes.Suppressed
    items: tuple[ItemShare, ...]


def _evaluation_summary(
    organisation: Organisation, key: str, responses: Sequence[Response], *, language: str
) -> EvaluationSummary:
    """Per question of the latest version of `key`: how many answered, the mean and the share in the top two
    points; the whole summary, and each question, is suppressed under the minimum group."""
    group = minimum_group()
    version = instrument_for(organisation, key)
    instrument = version.instrument
    answers = [r.answers for r in responses if set(r.answers) <= {i.id for i in instrument.items}]
    result = outcomes.summarise_responses(instrument, answers, minimum_group=group)
    items: list[ItemShare] = []
    if not isinstance(result, outcomes.Suppressed):
        for item in instrument.items:
            scale = instrument.scale_of(item)
            if not scale.numeric:
                continue
            part = result.items.get(item.id)
            text = instrument.text(item.text, language)
            if part is None or isinstance(part, outcomes.Suppressed):
                items.append(ItemShare(item.id, text, None, None, None))
                continue
            top = scale.high - 1 if scale.high - scale.low >= 3 else scale.high
            items.append(ItemShare(item.id, text, part.n, part.mean, part.share_at_least(top)))
    return EvaluationSummary(
        version,
        instrument.text(instrument.title, language),
        outcomes.Suppressed(group) if isinstance(result, outcomes.Suppressed) else result.n,
        tuple(items),
    )


def evaluation_summaries(programme: Programme, *, language: str = "da") -> list[EvaluationSummary]:
    """Unscored instruments (course evaluations) answered in the programme, per question; under 5 suppressed."""
    by_key: dict[str, list[Response]] = defaultdict(list)
    for response in (
        Response.objects.submitted().filter(programme=programme).select_related("instrument").order_by("pk")
    ):
        if not response.instrument.instrument.scored_items:
            by_key[response.instrument.instrument_id].append(response)
    return [_evaluation_summary(programme.organisation, key, by_key[key], language=language) for key in sorted(by_key)]


def context_evaluation_summary(
    context_object: Model, *, organisation: Organisation, instrument_key: str, language: str = "da"
) -> EvaluationSummary:
    """The answers to one questionnaire given about one object (e.g. the course evaluation of a course run),
    per question; fewer than the minimum group (5) answers are suppressed."""
    content_type = ContentType.objects.get_for_model(context_object)
    code = str(getattr(context_object, "code", None) or context_object.pk)
    responses = list(
        Response.objects.submitted()
        .for_key(instrument_key)
        .filter(organisation=organisation, context_type=content_type, context_code=code)
        .select_related("instrument")
        .order_by("pk")
    )
    return _evaluation_summary(organisation, instrument_key, responses, language=language)


# --------------------------------------------------------------------------------------------------
# Session feedback


@dataclass(frozen=True)
class SessionFeedback:
    """The session feedback of one session: how many answered, the mean total, how many answers were flagged."""

    key: str
    label: str
    first_answer: datetime | None
    n: int
    mean_total: float | outcomes.Suppressed | None  # None when no answer has a complete total
    maximum: float | None
    flagged: int
    awaiting_follow_up: int
    context_object: Any = None
    invitations: tuple[str, ...] = field(default=())

    @property
    def suppressed(self) -> bool:
        return isinstance(self.mean_total, outcomes.Suppressed)


def _summarise_session(
    key: str, label: str, responses: Sequence[Response], group: int, context_object: Any = None
) -> SessionFeedback:
    totals = [r.total for r in responses if r.total is not None and r.total_complete]
    mean: float | outcomes.Suppressed | None
    if len(totals) >= group:
        mean = fmean(totals)
    elif totals:
        mean = outcomes.Suppressed(group)
    else:
        mean = None if len(responses) >= group else outcomes.Suppressed(group)
    maximum = None
    if responses:
        score = engine.score_answers(responses[0].instrument.instrument, {})
        maximum = score.maximum
    return SessionFeedback(
        key=key,
        label=label,
        first_answer=min((r.submitted_at for r in responses if r.submitted_at), default=None),
        n=len(responses),
        mean_total=mean,
        maximum=maximum,
        flagged=sum(1 for r in responses if r.flagged),
        awaiting_follow_up=sum(1 for r in responses if r.flagged and r.followed_up_at is None),
        context_object=context_object,
        invitations=tuple(sorted({str(r.invitation.code) for r in responses})),
    )


def session_feedback_summary(
    context_objects: Iterable[Model], *, instrument_key: str = SESSION_FEEDBACK
) -> list[SessionFeedback]:
    """Per context object (e.g. each session of a course run), in the order given: the number who answered,
    the mean total (suppressed under 5 answers) and the number of flagged answers (total under 36 or an
    item under 9 on the shipped session feedback)."""
    objects = list(context_objects)
    if not objects:
        return []
    wanted = Q()
    keys: list[tuple[int, str]] = []
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj)
        code = str(getattr(obj, "code", None) or obj.pk)
        keys.append((content_type.pk, code))
        wanted |= Q(context_type=content_type, context_code=code)
    responses = (
        Response.objects.submitted()
        .for_key(instrument_key)
        .filter(wanted)
        .select_related("instrument", "invitation")
        .order_by("submitted_at", "pk")
    )
    grouped: dict[tuple[int, str], list[Response]] = defaultdict(list)
    for response in responses:
        grouped[(response.context_type_id, response.context_code)].append(response)  # type: ignore[index]
    group = minimum_group()
    return [
        _summarise_session(f"{type_id}:{code}", str(obj), grouped.get((type_id, code), []), group, obj)
        for obj, (type_id, code) in zip(objects, keys, strict=True)
    ]


def session_trend_of_programme(
    programme: Programme, *, instrument_key: str = SESSION_FEEDBACK
) -> list[SessionFeedback]:
    """Session feedback of a programme per session, oldest first. A session is a context object when the
    invitation names one (a course session), else the group link itself."""
    responses = (
        Response.objects.submitted()
        .for_key(instrument_key)
        .filter(programme=programme)
        .select_related("instrument", "invitation")
        .order_by("submitted_at", "pk")
    )
    grouped: dict[str, list[Response]] = defaultdict(list)
    labels: dict[str, str] = {}
    for response in responses:
        invitation = response.invitation
        if response.context_type_id:
            key = f"{response.context_type_id}:{response.context_code}"
        else:
            key = f"invitation:{invitation.code}"
        grouped[key].append(response)
        labels.setdefault(key, _session_label(invitation, response))
    group = minimum_group()
    summaries = [_summarise_session(key, labels[key], answers, group) for key, answers in grouped.items()]
    return sorted(summaries, key=lambda s: s.first_answer or timezone.now())


def _session_label(invitation: Invitation, response: Response) -> str:
    if invitation.respondent_label and invitation.group_link:
        return invitation.respondent_label
    from feedback.access import context_object

    obj = context_object(response.context_type, response.context_code)
    if obj is not None:
        return str(obj)
    moment = response.submitted_at or response.started_at
    return timezone.localtime(moment).strftime("%d.%m.%Y")


def session_trend_chart(
    sessions: Sequence[SessionFeedback], *, mean_label: str, threshold_label: str, threshold: float = 36
) -> dict[str, Any]:
    """A line of the mean total per session, and the line under which the team talks with the group."""
    return {
        "type": "line",
        "data": {
            "labels": [s.label for s in sessions],
            "datasets": [
                {
                    "label": mean_label,
                    "data": [
                        round(s.mean_total, 1) if isinstance(s.mean_total, float | int) else None for s in sessions
                    ],
                    "spanGaps": True,
                },
                {
                    "label": threshold_label,
                    "data": [threshold for _ in sessions],
                    "borderDash": [6, 4],
                    "pointRadius": 0,
                },
            ],
        },
        "options": {
            "scales": {"y": {"beginAtZero": True, "max": max((s.maximum or 0 for s in sessions), default=40) or 40}}
        },
    }


# --------------------------------------------------------------------------------------------------
# Lists


def invitations_of(programme: Programme) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(programme=programme)
        .select_related("instrument", "respondent_citizen")
        .order_by("-created_at", "-pk")
    )


def open_invitations_for(citizens: Iterable[Citizen]) -> list[Invitation]:
    return list(
        Invitation.objects.open()
        .filter(respondent_citizen__in=list(citizens), group_link=False)
        .select_related("instrument", "programme")
        .order_by("expires_at")
    )


def programmes_with_results(organisation: Organisation) -> QuerySet[Programme]:
    return Programme.objects.of(organisation).order_by("name")
