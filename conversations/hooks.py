"""What ward conversations register with other apps at start-up: navigation entries with counts for the
start page, and the support hours for the costs app's actual-cost page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import DurationField, ExpressionWrapper, F, Sum
from django.utils.translation import gettext_lazy as _


def _todays_shifts(request: Any) -> int | None:
    from conversations import access, selectors

    return len(selectors.todays_shifts(access.shifts_of_peer(request)))


def _waiting_on_list(request: Any) -> int | None:
    from django.utils import timezone

    from conversations import access
    from conversations.models import EntryStatus, ListEntry

    return ListEntry.objects.filter(
        ward__in=access.key_person_wards(request), day=timezone.localdate(), status=EntryStatus.WAITING
    ).count()


def _unfiled_notes(request: Any) -> int | None:
    from conversations import access

    return access.journal_notes_of(request).unfiled().count()


def _open_safety_notices(request: Any) -> int | None:
    from conversations import access

    return access.safety_notices_visible_to(request).unacknowledged().count()


def register_navigation() -> None:
    from core import navigation
    from core.models import Role
    from core.navigation import NavEntry

    navigation.register(
        NavEntry(
            "conversations.safety_notices",
            _("Safety notices"),
            "conversations:safety_notices",
            frozenset({Role.KEY_PERSON, Role.COORDINATOR, Role.LEAD}),
            _("A peer is worried that a patient may harm self or others. Acknowledge when you have taken over."),
            5,
            count=_open_safety_notices,
            count_label=_("not acknowledged"),
        )
    )
    navigation.register(
        NavEntry(
            "conversations.today",
            _("Today's shift"),
            "conversations:today",
            frozenset({Role.PEER}),
            _("The key person's list, your conversations and the end of the shift."),
            10,
            count=_todays_shifts,
            count_label=_("today"),
        )
    )
    navigation.register(
        NavEntry(
            "conversations.ward_list",
            _("Patients who want a peer conversation"),
            "conversations:ward_list",
            frozenset({Role.KEY_PERSON}),
            _("The ward's list for the peer on shift: first name or room only."),
            20,
            count=_waiting_on_list,
            count_label=_("waiting today"),
        )
    )
    navigation.register(
        NavEntry(
            "conversations.journal_notes",
            _("Journal notes from peer conversations"),
            "conversations:journal_notes",
            frozenset({Role.KEY_PERSON}),
            _("The theme of each conversation with your patients, to write into the journal."),
            30,
            count=_unfiled_notes,
            count_label=_("to file"),
        )
    )
    navigation.register(
        NavEntry(
            "conversations.debriefs",
            _("Debrief after ward shifts"),
            "conversations:debriefs",
            frozenset({Role.COORDINATOR}),
            _("The peers' notes and informal time from the last two weeks' shifts, for the talk after the shift."),
            630,
            in_menu=False,
        )
    )
    navigation.register(
        NavEntry(
            "conversations.themes",
            _("Conversation themes"),
            "conversations:themes",
            frozenset({Role.COORDINATOR}),
            _("The themes peer and patient choose from at the end of a ward conversation."),
            640,
            in_menu=False,
        )
    )
    navigation.register(
        NavEntry(
            "conversations.report",
            _("Ward conversation report"),
            "conversations:report",
            frozenset({Role.COORDINATOR, Role.LEAD, Role.ANALYST}),
            _("Conversations per week, ward and peer, themes, unmet hours and group attendance."),
            710,
        )
    )


def support_hours(organisation: Any, start: date, end: date) -> dict[str, Any]:
    """Hours peers spent with patients on the wards: conversations plus informal time on the ward."""
    from conversations.models import Conversation, ShiftLog

    conversations = Conversation.objects.filter(
        shift__plan__organisation=organisation, shift__date__gte=start, shift__date__lte=end, ended_at__isnull=False
    ).aggregate(total=Sum(ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())))["total"]
    informal = ShiftLog.objects.filter(
        shift__plan__organisation=organisation, shift__date__gte=start, shift__date__lte=end
    ).aggregate(total=Sum("informal_minutes"))["total"]
    if conversations is None and informal is None:
        return {}
    hours = (conversations.total_seconds() / 3600 if conversations else 0.0) + (informal or 0) / 60
    return {"support_hours": round(hours, 2)}


def register_activity() -> None:
    try:
        from costs import activity
    except ModuleNotFoundError:
        return
    activity.register("conversations", support_hours)
