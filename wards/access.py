"""Who may see which ward objects. Outsiders get 404.

- Coordinators edit ward settings, blocked times, group sites and shift plans of their organisation.
- Leads read all of it; key persons read the settings and the published plans of their own ward(s).
- Peers see their own published shifts and their own calendar feed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from core.access import current_organisation, has_role, require_organisation_role
from core.models import Membership, Role, Unit, UnitKind
from people.models import Peer
from people.selectors import peer_of_user
from wards.models import BlockedTime, GroupSite, Shift, ShiftPlan, ShiftPlanQuerySet

EDIT_ROLES = (Role.COORDINATOR,)
READ_ROLES = (Role.COORDINATOR, Role.LEAD)
WARD_READ_ROLES = (Role.COORDINATOR, Role.LEAD, Role.KEY_PERSON)


def can_edit(request: HttpRequest) -> bool:
    return current_organisation(request) is not None and has_role(request, *EDIT_ROLES)


def wards_visible_to(request: HttpRequest) -> QuerySet[Unit]:
    organisation = current_organisation(request)
    if organisation is None:
        return Unit.objects.none()
    wards = Unit.objects.of(organisation).filter(kind=UnitKind.WARD)
    if has_role(request, *READ_ROLES):
        return wards
    if has_role(request, Role.KEY_PERSON):
        own = Membership.objects.filter(
            user=request.user.pk, organisation=organisation, role=Role.KEY_PERSON, active=True, unit__isnull=False
        ).values_list("unit_id", flat=True)
        return wards.filter(pk__in=list(own))
    return Unit.objects.none()


def get_ward_for_user(request: HttpRequest, code: Any) -> Unit:
    """A ward the user may read (coordinator, lead, the ward's key person)."""
    require_organisation_role(request, *WARD_READ_ROLES)
    return get_object_or_404(wards_visible_to(request), code=code)


def get_ward_for_editor(request: HttpRequest, code: Any) -> Unit:
    organisation = require_organisation_role(request, *EDIT_ROLES)
    return get_object_or_404(Unit.objects.of(organisation).filter(kind=UnitKind.WARD), code=code)


def get_block_for_editor(request: HttpRequest, code: Any) -> BlockedTime:
    organisation = require_organisation_role(request, *EDIT_ROLES)
    return get_object_or_404(BlockedTime.objects.select_related("ward"), ward__organisation=organisation, code=code)


def get_group_site_for_editor(request: HttpRequest, code: Any) -> GroupSite:
    organisation = require_organisation_role(request, *EDIT_ROLES)
    return get_object_or_404(GroupSite.objects.all(), organisation=organisation, code=code)


def plans_visible_to(request: HttpRequest) -> ShiftPlanQuerySet:
    organisation = current_organisation(request)
    if organisation is None:
        return ShiftPlan.objects.none()
    plans = ShiftPlan.objects.of(organisation)
    if has_role(request, *READ_ROLES):
        return plans
    if has_role(request, Role.KEY_PERSON) and wards_visible_to(request).exists():
        return plans.published()
    return ShiftPlan.objects.none()


def get_plan_for_reader(request: HttpRequest, code: Any) -> ShiftPlan:
    require_organisation_role(request, *WARD_READ_ROLES)
    return get_object_or_404(plans_visible_to(request).select_related("organisation"), code=code)


def get_plan_for_editor(request: HttpRequest, code: Any) -> ShiftPlan:
    organisation = require_organisation_role(request, *EDIT_ROLES)
    return get_object_or_404(ShiftPlan.objects.select_related("organisation"), organisation=organisation, code=code)


def get_shift_for_editor(request: HttpRequest, code: Any) -> Shift:
    organisation = require_organisation_role(request, *EDIT_ROLES)
    return get_object_or_404(
        Shift.objects.select_related("plan", "ward", "peer"), plan__organisation=organisation, code=code
    )


def own_peer_or_none(request: HttpRequest) -> Peer | None:
    """The logged-in user's own peer record in the current organisation, if the account is linked to one."""
    return peer_of_user(request.user, require_organisation_role(request, Role.PEER))


def own_peer(request: HttpRequest) -> Peer:
    """The logged-in user's own peer record in the current organisation; 404 when there is none."""
    peer = own_peer_or_none(request)
    if peer is None:
        raise Http404
    return peer


def get_own_shift(request: HttpRequest, code: Any) -> Shift:
    """One of the peer's own published shifts."""
    peer = own_peer(request)
    return get_object_or_404(Shift.objects.published().select_related("ward", "plan", "peer"), peer=peer, code=code)
