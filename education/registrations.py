"""What education adds to other apps' pages: columns in the coordinator's peer overview (people.overview) and
sections on the peer's own page (people.peer_page), plus the navigation entries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Role
from education.annotations import (
    annotate_education,
    annotate_follow_up,
    annotate_qualifications,
    annotate_supervision,
    annotated_deadline,
    annotated_roles,
    missed_required_supervision_twice,
)
from education.models import QualifiedRoleChoices
from people.models import Peer, PeerStatus


def _overview_cell(*args: Any, **kwargs: Any) -> Any:
    from people.overview import OverviewCell

    return OverviewCell(*args, **kwargs)


# --- Overview columns --------------------------------------------------------------------------------------------


def deadline_value(peer: Peer) -> Any:
    """The deadline for the mandatory modules, flagged when it has passed or is near."""
    if not getattr(peer, "mandatory_total", 0):
        return None
    if not getattr(peer, "mandatory_outstanding", 0):
        return _overview_cell(value=None, text=_("Mandatory modules done"))
    deadline = annotated_deadline(peer)
    if deadline is None:
        return _overview_cell(value=None, text=_("Not started"))
    days = (deadline - timezone.localdate()).days
    if days < 0:
        flag: Any = _("Deadline passed")
    elif days <= getattr(peer, "first_warning_days", 60):
        flag = _("%(days)s days left") % {"days": days}
    else:
        flag = None
    return _overview_cell(value=deadline, flag=flag)


def qualified_value(peer: Peer) -> str | None:
    labels = dict(QualifiedRoleChoices.choices)
    roles = [str(labels[r]) for r in annotated_roles(peer)]
    return ", ".join(roles) or None


def follow_up_value(peer: Peer) -> Any:
    """The last follow-up, flagged "Overdue" for a peer followed up individually whose next one is overdue."""
    from education import schedule

    last = getattr(peer, "last_follow_up", None)
    days = getattr(peer, "follow_up_days", None)
    if days is None or peer.status != PeerStatus.ACTIVE:
        return last
    due = schedule.follow_up_due(
        last_follow_up=last,
        since=peer.started_at or timezone.localdate(peer.created_at),
        interval_days=max(1, int(days)),
        today=timezone.localdate(),
    )
    return _overview_cell(value=last, text=None if last else _("None yet"), flag=_("Overdue") if due.overdue else None)


def supervision_value(peer: Peer) -> Any:
    expected = getattr(peer, "supervision_expected", 0)
    present = getattr(peer, "supervision_present", 0)
    missed = peer.status == PeerStatus.ACTIVE and missed_required_supervision_twice(peer)
    if not expected and not missed:
        return None
    text = _("%(present)s of %(expected)s") % {"present": present, "expected": expected}
    return _overview_cell(value=f"{present}/{expected}", text=text, flag=_("Missed twice running") if missed else None)


def register_overview_columns() -> bool:
    """Add the education and support columns to the peer overview; False when people has no overview yet."""
    try:
        from people.overview import register_overview_column
    except ModuleNotFoundError as exc:
        if exc.name != "people.overview":
            raise
        return False
    register_overview_column(
        "education_deadline",
        gettext_lazy("Education deadline"),
        annotate_education,
        deadline_value,
        "education_deadline_sort",
        order=60,
    )
    register_overview_column(
        "qualified_as", gettext_lazy("Qualified as"), annotate_qualifications, qualified_value, None, order=61
    )
    register_overview_column(
        "last_follow_up",
        gettext_lazy("Last follow-up"),
        annotate_follow_up,
        follow_up_value,
        "last_follow_up",
        order=70,
    )
    register_overview_column(
        "supervision_attendance",
        gettext_lazy("Supervision attendance (last 3 months)"),
        annotate_supervision,
        supervision_value,
        "supervision_present",
        order=71,
    )
    return True


# --- The peer's own page -----------------------------------------------------------------------------------------


def education_section(peer: Peer) -> dict[str, Any] | None:
    from education.selectors import education_plan_for

    plan = education_plan_for(peer)
    if not (plan.mandatory or plan.elective or plan.other):
        return None
    return {"plan": plan}


def meetings_section(peer: Peer) -> dict[str, Any] | None:
    from education.support_selectors import peer_meetings

    meetings = peer_meetings(peer)
    if not meetings.upcoming and not meetings.recent:
        return None
    return {"meetings": meetings}


def register_peer_page_sections() -> bool:
    try:
        from people.peer_page import register_peer_page_section
    except ModuleNotFoundError as exc:
        if exc.name != "people.peer_page":
            raise
        return False
    register_peer_page_section(
        "education",
        gettext_lazy("My education plan"),
        "education/sections/my_education.html",
        education_section,
        order=30,
    )
    register_peer_page_section(
        "meetings", gettext_lazy("My meetings"), "education/sections/my_meetings.html", meetings_section, order=40
    )
    return True


# --- The peer's own data export ------------------------------------------------------------------------------------


def peer_export(peer: Peer) -> dict[str, Any]:
    """The peer's education and support records for their own data export (an access request)."""
    return {
        "enrolments": [
            {
                "module": e.run.module.name,
                "run_starts_on": e.run.starts_on.isoformat(),
                "status": str(e.get_status_display()),
                "completed_on": e.completed_on.isoformat() if e.completed_on else None,
            }
            for e in peer.education_enrolments.select_related("run__module").order_by("run__starts_on")
        ],
        "completed_modules": [
            {
                "module": c.module.name,
                "completed_on": c.completed_on.isoformat(),
                "how": str(c.get_source_display()),
                "note": c.note,
            }
            for c in peer.module_completions.select_related("module").order_by("completed_on")
        ],
        "meeting_attendance": [
            {
                "meeting": str(a.meeting.get_kind_display()),
                "on": a.meeting.on.isoformat(),
                "attendance": str(a.get_status_display()),
            }
            for a in peer.meeting_attendance.select_related("meeting").order_by("meeting__on")
        ],
        "follow_ups": [
            {"held_on": f.held_on.isoformat(), "form": str(f.get_form_display()), "note": f.note}
            for f in peer.follow_ups.order_by("held_on")
        ],
        "mentor": peer.mentor.full_name if peer.mentor else None,
    }


def register_peer_export() -> bool:
    try:
        from people.exports import register_peer_export as register
    except ModuleNotFoundError as exc:
        if exc.name != "people.exports":
            raise
        return False
    register("education", peer_export)
    return True


# --- The peer's life cycle ---------------------------------------------------------------------------------------


def on_peer_status_changed(sender: Any, *, peer: Peer, to_status: str, acting_user: Any, **kwargs: Any) -> None:
    """When a peer ends, their places on runs not yet started are freed and they leave the recurring meetings
    (in the same transaction as the status change)."""
    if to_status == PeerStatus.ENDED:
        from education.services import free_places_of_ended_peer
        from education.support_services import leave_meeting_series

        free_places_of_ended_peer(peer=peer, acting_user=acting_user)
        leave_meeting_series(peer=peer, acting_user=acting_user)


def connect_life_cycle() -> bool:
    try:
        from people.signals import peer_status_changed
    except ImportError:
        return False
    peer_status_changed.connect(on_peer_status_changed, dispatch_uid="education.free_places_of_ended_peer")
    return True


# --- Navigation ----------------------------------------------------------------------------------------------------


def overdue_follow_ups(request: HttpRequest) -> int | None:
    from education.support_selectors import overdue_follow_up_count

    return overdue_follow_up_count(getattr(request, "organisation", None))


def register_navigation() -> None:
    from core import navigation
    from core.navigation import NavEntry

    navigation.register(
        NavEntry(
            "education.catalogue",
            gettext_lazy("Education"),
            "education:catalogue",
            frozenset({Role.COORDINATOR}),
            gettext_lazy("Modules and runs, enrolment, each peer's plan and deadline, and who is qualified for what."),
            170,
        )
    )
    navigation.register(
        NavEntry(
            "education.support",
            gettext_lazy("Supervision and follow-up"),
            "education:support",
            frozenset({Role.COORDINATOR}),
            gettext_lazy("Supervision, ERFA group, collaboration forum and volunteer meetings; your follow-ups."),
            175,
            count=overdue_follow_ups,
            count_label=gettext_lazy("overdue follow-ups"),
        )
    )
    navigation.register(
        NavEntry(
            "education.my_plan",
            gettext_lazy("My education"),
            "education:my_plan",
            frozenset({Role.PEER}),
            gettext_lazy("The modules you need, what you have booked and done, and your deadline."),
            110,
        )
    )
