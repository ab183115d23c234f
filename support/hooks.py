"""What the support app registers with other apps at start-up: navigation, the daily reminders, who
sees the final evaluations, the citizens a peer supports, activity for the costs app, volunteering
occasions for references, the "load" column of the peer overview and a section on the peer's page.

Each registration is skipped quietly when the other app is not installed.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _optional(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


# --- Navigation ------------------------------------------------------------------------------------------------


def _caseload_count(request: Any) -> int | None:
    from support.models import SupportCourse

    organisation = getattr(request, "organisation", None)
    if organisation is None:
        return None
    return SupportCourse.objects.of(organisation).active().filter(peer__user=request.user).count()


def _awaiting_claims(request: Any) -> int | None:
    from support.models import ExpenseClaim

    organisation = getattr(request, "organisation", None)
    return ExpenseClaim.objects.of(organisation).awaiting().count() if organisation is not None else None


def register_navigation() -> None:
    from core import navigation
    from core.models import Role
    from core.navigation import NavEntry

    navigation.register(
        NavEntry(
            "support.caseload",
            _("My citizens"),
            "support:caseload",
            frozenset({Role.PEER}),
            _("The citizens you support: log a meeting, the cooperation agreement, courses near their end."),
            100,
            count=_caseload_count,
            count_label=_("courses under way"),
        )
    )
    navigation.register(
        NavEntry(
            "support.my_claims",
            _("Transport claims"),
            "support:my_claims",
            frozenset({Role.PEER}),
            _("Claim transport costs when you accompany a citizen."),
            115,
            in_menu=False,
        )
    )
    navigation.register(
        NavEntry(
            "support.my_support",
            _("My peer"),
            "support:my_support",
            frozenset({Role.CITIZEN}),
            _("Your peer, your next meeting and your cooperation agreement."),
            100,
        )
    )
    navigation.register(
        NavEntry(
            "support.courses",
            _("Courses of support"),
            "support:course_list",
            frozenset({Role.COORDINATOR}),
            _("Every 1:1 course: stage, meetings, agreement and days to the planned end."),
            140,
        )
    )
    navigation.register(
        NavEntry(
            "support.claims",
            _("Transport claims"),
            "support:claims_review",
            frozenset({Role.COORDINATOR}),
            _("Approve volunteers' transport claims and export them for payment."),
            145,
            in_menu=False,
            count=_awaiting_claims,
            count_label=_("awaiting approval"),
        )
    )
    navigation.register(
        NavEntry(
            "support.report",
            _("Report on courses of support"),
            "support:report",
            frozenset({Role.COORDINATOR, Role.LEAD, Role.ANALYST}),
            _("Citizens reached per FTE, volunteer hours and courses evaluated."),
            710,
            in_menu=False,
        )
    )


# --- The questionnaire engine ------------------------------------------------------------------------------------


def parties_see_course(user: Any, course: Any) -> bool:
    """Besides coordinators and leads, the course's own peer sees answers about it, and only while the
    citizen's consent to share questionnaire results with their peer is in force."""
    from people.models import ConsentPurpose

    if not getattr(user, "is_authenticated", False) or course.peer.user_id != user.pk:
        return False
    return course.citizen.consents.in_force().filter(purpose=ConsentPurpose.SHARE_WITH_PEER).exists()


def peer_citizens(user: Any, organisation: Any) -> list[Any]:
    from support.selectors import current_citizens_of_peer_user

    return current_citizens_of_peer_user(user, organisation)


def register_feedback() -> None:
    access = _optional("feedback.access")
    if access is None:
        return
    access.register_context_access("support.supportcourse", parties_see_course)
    access.register_peer_citizens("support", peer_citizens)


# --- Costs ---------------------------------------------------------------------------------------------------------


def recorded_counts(organisation: Any, start: date, end: date) -> dict[str, Any]:
    """For the costs app: the citizens with a course in the period and the hours of 1:1 support."""
    from support.models import SupportCourse
    from support.selectors import support_minutes

    codes = {
        str(code)
        for code in SupportCourse.objects.of(organisation)
        .running_in(start, end)
        .values_list("citizen__code", flat=True)
    }
    return {"citizen_codes": codes, "support_hours": round(support_minutes(organisation, start, end) / 60, 1)}


def register_activity() -> None:
    activity = _optional("costs.activity")
    if activity is not None:
        activity.register("support", recorded_counts)


# --- References --------------------------------------------------------------------------------------------------


def meetings_held(peer: Any) -> int:
    """For a volunteer's reference: every 1:1 meeting held counts as a volunteering occasion."""
    from support.models import Meeting

    return Meeting.objects.filter(course__peer=peer, held_on__lte=timezone.localdate()).count()


def register_occasions() -> None:
    references = _optional("agreements.references")
    if references is not None and hasattr(references, "register_occasion_counter"):
        references.register_occasion_counter(meetings_held, name="support")


# --- The peer overview and the peer's page ---------------------------------------------------------------------


def annotate_load(peers: QuerySet[Any]) -> QuerySet[Any]:
    from support.models import SupportCourse

    active = (
        SupportCourse.objects.filter(peer=OuterRef("pk"))
        .filter(~Q(stage="ended"))
        .order_by()
        .values("peer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return peers.annotate(support_load=Coalesce(Subquery(active, output_field=IntegerField()), Value(0)))


def load_value(peer: Any) -> Any:
    from people.overview import OverviewCell

    load = int(getattr(peer, "support_load", 0) or 0)
    capacity = int(peer.capacity or 0)
    text = _("%(load)s of %(capacity)s") % {"load": load, "capacity": capacity}
    return OverviewCell(value=load, text=text, flag=_("Full") if capacity and load >= capacity else None)


def register_overview() -> None:
    overview = _optional("people.overview")
    if overview is None:
        return
    overview.register_overview_column(
        "support_load", _("Load (1:1 courses)"), annotate_load, load_value, "support_load", order=50
    )


def peer_page_section(peer: Any) -> dict[str, Any] | None:
    from support.selectors import caseload

    rows = caseload(peer)
    if not rows:
        return None
    return {"rows": rows}


def register_peer_page() -> None:
    peer_page = _optional("people.peer_page")
    if peer_page is not None:
        peer_page.register_peer_page_section(
            "support", _("My citizens"), "support/peer_page_section.html", peer_page_section, order=15
        )
