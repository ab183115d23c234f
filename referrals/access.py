"""Who may see a referral, a match or a programme's queue. Outsiders get 404; every read of a citizen's
data is logged with its purpose (DOMAIN §10)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from core.access import acting_user, current_organisation, has_role, require_organisation_role
from core.audit import log_access
from core.models import AuditKind, Programme, Role
from referrals.models import Match, Referral
from referrals.selectors import REFERRAL_MODELS

# The coordinator matches; the lead sees referrals across the partnership's units (DOMAIN §3).
QUEUE_ROLES = (Role.COORDINATOR, Role.LEAD)
# Roles that can make referrals when the programme allows it.
REFERRING_ROLES = (Role.KEY_PERSON, Role.COORDINATOR, Role.LEAD, Role.PEER)


def _log_read(request: HttpRequest, referral: Referral, purpose: str) -> None:
    log_access(
        actor=acting_user(request),
        kind=AuditKind.READ,
        action="referrals.referral.read",
        obj=referral,
        subject_code=referral.citizen.code,
        purpose=purpose,
        request=request,
    )


def get_referral_for_user(request: HttpRequest, code: Any, *, purpose: str) -> tuple[Referral, bool]:
    """The referral and whether the user sees it in full (coordinator, lead) or only its status (the
    person who referred). 404 for everyone else. The read is logged."""
    organisation = current_organisation(request)
    if organisation is None:
        raise Http404
    referral = get_object_or_404(
        Referral.objects.select_related("citizen", "programme", "unit", "referred_by"),
        organisation=organisation,
        code=code,
    )
    full = has_role(request, *QUEUE_ROLES)
    if not full and not (has_role(request, *REFERRING_ROLES) and referral.referred_by_id == request.user.pk):
        raise Http404
    _log_read(request, referral, purpose)
    return referral, full


def get_referral_for_coordinator(request: HttpRequest, code: Any, *, purpose: str) -> Referral:
    organisation = require_organisation_role(request, Role.COORDINATOR)
    referral = get_object_or_404(
        Referral.objects.select_related("citizen", "programme", "unit"), organisation=organisation, code=code
    )
    _log_read(request, referral, purpose)
    return referral


def get_programme_for_queue(request: HttpRequest, code: Any, *roles: str) -> Programme:
    organisation = require_organisation_role(request, *(roles or QUEUE_ROLES))
    return get_object_or_404(Programme.objects.filter(model__in=REFERRAL_MODELS), organisation=organisation, code=code)


def get_match_for_coordinator(request: HttpRequest, code: Any, *, purpose: str) -> Match:
    organisation = require_organisation_role(request, Role.COORDINATOR)
    match = get_object_or_404(
        Match.objects.select_related("referral__citizen", "peer"), organisation=organisation, code=code
    )
    _log_read(request, match.referral, purpose)
    return match


def get_own_proposal(request: HttpRequest, code: Any) -> Match:
    """A match proposed to the logged-in peer; the peer sees the citizen's first name and wishes only."""
    organisation = require_organisation_role(request, Role.PEER)
    match = get_object_or_404(
        Match.objects.select_related("referral__citizen", "referral__programme", "peer"),
        organisation=organisation,
        peer__user=request.user,
        code=code,
    )
    _log_read(request, match.referral, "answer a proposal")
    return match


def get_match_of_citizen(request: HttpRequest, code: Any) -> Match:
    """A match of the logged-in citizen's own referral."""
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Match.objects.select_related("referral__citizen", "peer"), referral__citizen__user=request.user, code=code
    )
