"""What the courses app registers with other apps at start-up: navigation entries, the costs app's
activity counts, the agreements app's volunteering occasions, and who sees session feedback.

Each registration is skipped quietly when the other app is not installed.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def _optional(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


def register_navigation(
    *, runs_below_minimum: Callable[[Any], int | None], unfiled: Callable[[Any], int | None]
) -> None:
    from core import navigation
    from core.models import Role
    from core.navigation import NavEntry

    navigation.register(
        NavEntry(
            "courses.courses",
            _("Courses"),
            "courses:course_list",
            frozenset({Role.COORDINATOR, Role.LEAD}),
            _("Course descriptions, runs, sessions, teams and registrations."),
            300,
            count=runs_below_minimum,
            count_label=_("runs below their minimum"),
        )
    )
    navigation.register(
        NavEntry(
            "courses.my_runs",
            _("My course runs"),
            "courses:my_runs",
            frozenset({Role.TEACHER, Role.PEER}),
            _("The runs you teach: sessions, attendance and session feedback."),
            120,
        )
    )
    navigation.register(
        NavEntry(
            "courses.journal_notes",
            _("Journal notes from groups"),
            "courses:journal_notes",
            frozenset({Role.COORDINATOR, Role.LEAD, Role.KEY_PERSON}),
            _("Attendance at recovery groups, to file in the patient journal."),
            320,
            count=unfiled,
            count_label=_("to file"),
        )
    )
    navigation.register(
        NavEntry(
            "courses.report",
            _("Course report"),
            "courses:report",
            frozenset({Role.COORDINATOR, Role.LEAD, Role.ANALYST}),
            _("Runs, participants, fill rate, attendance, certificates and session feedback."),
            700,
        )
    )


def recorded_counts(organisation: Any, start: date, end: date) -> dict[str, Any]:
    """For the costs app: course runs that held a session in the period, and the sessions held."""
    from courses.models import CourseRun, RunStatus, Session

    last = min(end, timezone.localdate())
    held = (
        Session.objects.planned()
        .filter(run__course__organisation=organisation, day__gte=start, day__lte=last)
        .exclude(run__status__in=[RunStatus.DRAFT, RunStatus.CANCELLED])
    )
    runs = CourseRun.objects.filter(pk__in=held.values("run_id")).count()
    return {"course_runs": runs, "sessions": held.count()}


def register_activity() -> None:
    activity = _optional("costs.activity")
    if activity is not None:
        activity.register("courses", recorded_counts)


def sessions_taught(peer: Any) -> int:
    """For references: the teaching sessions a peer has taught (held, on a run that was not cancelled)."""
    from courses.models import RunStatus, Session

    return (
        Session.objects.planned()
        .filter(run__team__peer=peer, day__lte=timezone.localdate())
        .exclude(run__status__in=[RunStatus.DRAFT, RunStatus.CANCELLED])
        .distinct()
        .count()
    )


def register_occasions() -> None:
    references = _optional("agreements.references")
    if references is not None and hasattr(references, "register_occasion_counter"):
        references.register_occasion_counter(sessions_taught, name="courses")


def register_feedback_access() -> None:
    from courses import feedback_adapter

    feedback_adapter.register_access()
