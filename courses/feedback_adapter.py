"""The courses app's side of session feedback, through the feedback app's services and selectors.

After every session the team shows a QR code (and a short link); participants open it on their phone
and answer the session-feedback questionnaire (four items, 0–10) without an account. The team sees the
trend per session; an answer with a total under 36 of 40 or an item under 9 flags the session for a
conversation. The feedback app is imported lazily: if it is missing, the course pages say that session
feedback is not available instead of failing.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from core.models import User

SESSION_FEEDBACK = "session_feedback"
COURSE_EVALUATION = "course_evaluation"
LOW_TOTAL = 36
LOW_ITEM = 9


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return None
        raise


def available() -> bool:
    return _module("feedback.services") is not None and _module("feedback.selectors") is not None


@dataclass(frozen=True)
class AnswerLink:
    url: str
    qr_data_uri: str


def planned_instrument(programme: Any, *, occasion: str, purpose: str, default: str) -> str:
    """The questionnaire the programme's measurement plan names for the occasion and purpose – e.g. a
    session-feedback instrument the organisation holds a licence for and loaded – else the shipped one."""
    selectors = _module("feedback.selectors")
    if selectors is None:
        return default
    for plan in selectors.plans_for_occasion(programme, occasion):
        try:
            version = selectors.instrument_for(programme.organisation, plan.instrument_key)
        except selectors.FeedbackError:
            continue
        if version.purpose == purpose:
            return str(plan.instrument_key)
    return default


def _instrument_keys(codes: Sequence[uuid.UUID | None], default: str) -> list[str]:
    """The questionnaire behind each invitation code (the default where there is none)."""
    models = _module("feedback.models")
    wanted = [c for c in codes if c is not None]
    keys: dict[Any, str] = {}
    if models is not None and wanted:
        keys = dict(models.Invitation.objects.filter(code__in=wanted).values_list("code", "instrument__instrument_id"))
    return [keys.get(code, default) if code is not None else default for code in codes]


def open_session_feedback(*, session: Any, acting_user: User | None) -> uuid.UUID | None:
    """A group link for the session's feedback (one per session); None when the feedback app is missing.
    The questionnaire is the one the programme's measurement plan names "after each session", else the
    shipped session feedback."""
    services = _module("feedback.services")
    if services is None:
        return None
    programme = session.run.course.programme
    invitation = services.invite_respondent(
        instrument_key=planned_instrument(
            programme, occasion="session", purpose=SESSION_FEEDBACK, default=SESSION_FEEDBACK
        ),
        programme=session.run.course.programme,
        occasion="session",
        context_object=session,
        group_link=True,
        respondent_label=str(session),
        acting_user=acting_user,
    )
    code: uuid.UUID = invitation.code
    return code


def open_course_evaluation(*, run: Any, acting_user: User | None) -> uuid.UUID | None:
    """A group link for the course evaluation of a run (one per run); None when the feedback app is missing."""
    services = _module("feedback.services")
    if services is None:
        return None
    invitation = services.invite_respondent(
        instrument_key=planned_instrument(
            run.course.programme, occasion="end", purpose=COURSE_EVALUATION, default=COURSE_EVALUATION
        ),
        programme=run.course.programme,
        occasion="end",
        context_object=run,
        group_link=True,
        respondent_label=str(run),
        acting_user=acting_user,
    )
    code: uuid.UUID = invitation.code
    return code


@dataclass(frozen=True)
class EvaluationQuestion:
    text: str
    answers: int | None  # None when too few answered the question to show it
    mean: float | None
    share_agree: float | None  # share answering in the top two points (0–1)

    @property
    def percent_agree(self) -> float | None:
        return None if self.share_agree is None else 100.0 * self.share_agree


@dataclass(frozen=True)
class CourseEvaluationResult:
    answers: int | None  # None when fewer than the minimum group answered (the number is not shown)
    minimum_group: int
    questions: tuple[EvaluationQuestion, ...]


def course_evaluation_result(run: Any, *, language: str = "da") -> CourseEvaluationResult | None:
    """What the participants answered in the run's course evaluation, per question; suppressed under 5."""
    selectors = _module("feedback.selectors")
    if selectors is None:
        return None
    [key] = _instrument_keys([run.evaluation_invitation], COURSE_EVALUATION)
    summary = selectors.context_evaluation_summary(
        run, organisation=run.course.organisation, instrument_key=key, language=language
    )
    suppressed = not isinstance(summary.n, int)
    group = summary.n.minimum_group if suppressed else 0
    return CourseEvaluationResult(
        answers=None if suppressed else int(summary.n),
        minimum_group=group,
        questions=tuple(EvaluationQuestion(i.text, i.n, i.mean, i.share_top) for i in summary.items),
    )


def answer_link(code: uuid.UUID) -> AnswerLink | None:
    links = _module("feedback.links")
    if links is None:
        return None
    url = links.answer_url(code)
    return AnswerLink(url=url, qr_data_uri=links.qr_data_uri(url))


@dataclass(frozen=True)
class SessionResult:
    session: Any
    answers: int
    mean_total: float | None  # None when nobody answered or too few answered to show a mean
    suppressed: bool
    flagged: int

    @property
    def needs_follow_up(self) -> bool:
        return self.flagged > 0


def session_results(sessions: Sequence[Any]) -> list[SessionResult]:
    """Per session, in the order given: answers, mean total (hidden under the minimum group) and flags."""
    selectors = _module("feedback.selectors")
    if selectors is None or not sessions:
        return []
    ordered = list(sessions)
    keys = _instrument_keys([s.feedback_invitation for s in ordered], SESSION_FEEDBACK)
    by_key: dict[str, list[Any]] = {}
    for session, key in zip(ordered, keys, strict=True):
        by_key.setdefault(key, []).append(session)
    found: dict[Any, SessionResult] = {}
    for key, group in by_key.items():
        for summary in selectors.session_feedback_summary(group, instrument_key=key):
            mean = summary.mean_total if isinstance(summary.mean_total, int | float) else None
            found[summary.context_object.pk] = SessionResult(
                session=summary.context_object,
                answers=summary.n,
                mean_total=float(mean) if mean is not None else None,
                suppressed=bool(summary.suppressed),
                flagged=int(summary.flagged),
            )
    return [found[s.pk] for s in ordered]


def trend_chart(results: Sequence[SessionResult], *, mean_label: str, threshold_label: str) -> dict[str, Any]:
    """A Chart.js line of the mean total per session with the line under which the team follows up."""
    return {
        "type": "line",
        "data": {
            "labels": [r.session.day.strftime("%d.%m") for r in results],
            "datasets": [
                {
                    "label": mean_label,
                    "data": [round(r.mean_total, 1) if r.mean_total is not None else None for r in results],
                    "spanGaps": True,
                },
                {
                    "label": threshold_label,
                    "data": [LOW_TOTAL for _ in results],
                    "borderDash": [6, 4],
                    "pointRadius": 0,
                },
            ],
        },
        "options": {"scales": {"y": {"beginAtZero": True, "max": 40}}},
    }


def register_access() -> None:
    """Let the teaching team see the answers given about their own sessions in the feedback app."""
    access = _module("feedback.access")
    if access is None:
        return

    def team_sees_session(user: Any, session: Any) -> bool:
        from courses.models import CourseRun

        return CourseRun.objects.filter(pk=session.run_id).taught_by(user).exists()

    def team_sees_run(user: Any, run: Any) -> bool:
        from courses.models import CourseRun

        return CourseRun.objects.filter(pk=run.pk).taught_by(user).exists()

    access.register_context_access("courses.session", team_sees_session)
    access.register_context_access("courses.courserun", team_sees_run)
