"""Who may open what in ward conversations. Outsiders get 404 (never 403).

- The peer on a shift opens the shift page with the list, the conversations and the debrief note.
- A coordinator opens a shift only for the debrief (the note and the informal time, never the
  conversations).
- The ward's key persons keep the list; the contact person files the journal notes addressed to them.
- Safety notices are seen by the peer who raised them, the people told, the ward's key persons and the
  organisation's coordinators.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from conversations.models import (
    Conversation,
    JournalNote,
    JournalNoteQuerySet,
    ListEntry,
    SafetyNotice,
    SafetyNoticeQuerySet,
    Theme,
)
from core.access import current_organisation, has_role, require_organisation_role
from core.models import Membership, Role, Unit, UnitKind, User
from people.models import Peer
from people.selectors import peer_of_user
from wards.models import Shift

# Ward staff with an account who may keep the list, be a patient's contact person and receive safety
# notices. Brobygger has no staff rota, so "staff on shift" are the ward's key-person accounts.
WARD_STAFF_ROLES = (Role.KEY_PERSON,)
REPORT_ROLES = (Role.COORDINATOR, Role.LEAD, Role.ANALYST)


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def own_peer(request: HttpRequest) -> Peer | None:
    organisation = current_organisation(request)
    if organisation is None or not has_role(request, Role.PEER):
        return None
    return peer_of_user(_user(request), organisation)


def shifts_of_peer(request: HttpRequest) -> QuerySet[Shift]:
    """The published shifts of the logged-in peer in the current organisation."""
    peer = own_peer(request)
    if peer is None:
        return Shift.objects.none()
    return Shift.objects.published().filter(peer=peer, plan__organisation=peer.organisation)


def get_shift_for_peer(request: HttpRequest, code: Any) -> Shift:
    return get_object_or_404(shifts_of_peer(request).select_related("ward", "peer", "plan"), code=code)


def is_peer_on(request: HttpRequest, shift: Shift) -> bool:
    return shifts_of_peer(request).filter(pk=shift.pk).exists()


def get_shift_for_debrief(request: HttpRequest, code: Any) -> Shift:
    """A shift of the organisation, for its coordinator (debrief note only)."""
    organisation = require_organisation_role(request, Role.COORDINATOR)
    return get_object_or_404(
        Shift.objects.published().filter(plan__organisation=organisation).select_related("ward", "peer", "plan"),
        code=code,
    )


def get_conversation_for_peer(request: HttpRequest, code: Any) -> Conversation:
    return get_object_or_404(
        Conversation.objects.filter(shift__in=shifts_of_peer(request)).select_related(
            "shift__ward", "shift__plan", "entry", "theme"
        ),
        code=code,
    )


def get_entry_on_shift(request: HttpRequest, shift: Shift, code: Any) -> ListEntry:
    """A patient on the list of the shift's ward and day (the peer is already known to be on the shift)."""
    return get_object_or_404(ListEntry.objects.for_day(shift.ward, shift.date), code=code)


def key_person_wards(request: HttpRequest) -> QuerySet[Unit]:
    organisation = current_organisation(request)
    if organisation is None or not has_role(request, *WARD_STAFF_ROLES):
        return Unit.objects.none()
    unit_ids: set[int] = set()
    for role in WARD_STAFF_ROLES:
        unit_ids |= getattr(request, "role_units", {}).get(role, set())
    return Unit.objects.filter(organisation=organisation, pk__in=unit_ids, active=True).order_by("name")


def get_ward_for_key_person(request: HttpRequest, code: Any) -> Unit:
    return get_object_or_404(key_person_wards(request), code=code)


def get_entry_for_key_person(request: HttpRequest, code: Any) -> ListEntry:
    return get_object_or_404(
        ListEntry.objects.filter(ward__in=key_person_wards(request)).select_related("ward"), code=code
    )


def coordinator_wards(request: HttpRequest) -> QuerySet[Unit]:
    organisation = require_organisation_role(request, Role.COORDINATOR)
    return Unit.objects.filter(organisation=organisation, kind=UnitKind.WARD, active=True).order_by("name")


def get_ward_for_coordinator(request: HttpRequest, code: Any) -> Unit:
    return get_object_or_404(coordinator_wards(request), code=code)


def get_theme_for_coordinator(request: HttpRequest, code: Any) -> Theme:
    return get_object_or_404(Theme.objects.filter(ward__in=coordinator_wards(request)), code=code)


def journal_notes_of(request: HttpRequest) -> JournalNoteQuerySet:
    """The journal notes addressed to the logged-in contact person in the current organisation."""
    organisation = current_organisation(request)
    if organisation is None or not has_role(request, *WARD_STAFF_ROLES):
        return JournalNote.objects.none()
    return JournalNote.objects.filter(ward__organisation=organisation, contact_person=_user(request))


def get_journal_note_for_contact_person(request: HttpRequest, code: Any) -> JournalNote:
    return get_object_or_404(journal_notes_of(request), code=code)


def safety_notices_visible_to(request: HttpRequest) -> SafetyNoticeQuerySet:
    organisation = current_organisation(request)
    if organisation is None or not getattr(request.user, "is_authenticated", False):
        return SafetyNotice.objects.none()
    notices = SafetyNotice.objects.of(organisation)
    if has_role(request, Role.COORDINATOR):
        return notices
    user = _user(request)
    return notices.filter(
        Q(recipients__user=user) | Q(raised_by=user) | Q(ward__in=key_person_wards(request))
    ).distinct()


def get_safety_notice(request: HttpRequest, code: Any) -> SafetyNotice:
    return get_object_or_404(
        safety_notices_visible_to(request).select_related("ward", "raised_by", "acknowledged_by"), code=code
    )


def may_acknowledge(request: HttpRequest, notice: SafetyNotice) -> bool:
    """Anyone told (and the ward's key persons and coordinators) may acknowledge; the peer who raised it not."""
    user = _user(request)
    if notice.raised_by_id == user.pk:
        return False
    return (
        has_role(request, Role.COORDINATOR)
        or notice.recipients.filter(user=user).exists()
        or key_person_wards(request).filter(pk=notice.ward_id).exists()
    )


def ward_staff(ward: Unit) -> QuerySet[User]:
    """The staff accounts of a ward: who can be a contact person and who a safety notice reaches."""
    user_ids = Membership.objects.active().filter(unit=ward, role__in=WARD_STAFF_ROLES).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("first_name", "last_name", "email")


def escalation_recipients(ward: Unit) -> QuerySet[User]:
    """The unit's lead (or the organisation's leads when the unit has none) and the coordinators."""
    memberships = Membership.objects.active().filter(organisation=ward.organisation)
    unit_leads = memberships.filter(role=Role.LEAD, unit=ward)
    leads = unit_leads if unit_leads.exists() else memberships.filter(role=Role.LEAD, unit__isnull=True)
    coordinators = memberships.filter(role=Role.COORDINATOR)
    user_ids = set(leads.values_list("user_id", flat=True)) | set(coordinators.values_list("user_id", flat=True))
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("first_name", "email")


def may_see_reports(request: HttpRequest) -> bool:
    return has_role(request, *REPORT_ROLES)
