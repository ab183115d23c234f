"""Middleware: the organisation in use, idle session timeout, and enforced two-factor login."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import Membership

SESSION_ORGANISATION = "organisation_code"
SESSION_LAST_SEEN = "last_seen"


class CurrentOrganisationMiddleware:
    """Sets request.organisation, request.roles and request.units from the user's memberships."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organisation = None  # type: ignore[attr-defined]
        request.roles = set()  # type: ignore[attr-defined]
        request.role_units = {}  # type: ignore[attr-defined]
        request.user_organisations = []  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            memberships = list(
                Membership.objects.active().filter(user=request.user).select_related("organisation", "unit")
            )
            organisations = {m.organisation.code: m.organisation for m in memberships}
            wanted = request.session.get(SESSION_ORGANISATION)
            chosen = None
            for org in organisations.values():
                if str(org.code) == wanted:
                    chosen = org
            if chosen is None and organisations:
                chosen = sorted(organisations.values(), key=lambda o: o.name)[0]
            request.user_organisations = sorted(organisations.values(), key=lambda o: o.name)  # type: ignore[attr-defined]
            if chosen is not None:
                request.organisation = chosen  # type: ignore[attr-defined]
                mine = [m for m in memberships if m.organisation_id == chosen.pk]
                request.roles = {m.role for m in mine}  # type: ignore[attr-defined]
                units: dict[str, set[int]] = {}
                for m in mine:
                    if m.unit_id:
                        units.setdefault(m.role, set()).add(m.unit_id)
                request.role_units = units  # type: ignore[attr-defined]
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Ends a session that has been idle for settings.IDLE_TIMEOUT_MINUTES."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(SESSION_LAST_SEEN)
            if last is not None and now - float(last) > settings.IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                messages.info(request, _("You were logged out because you had been inactive for a while."))
                return redirect(f"{reverse('core:login')}?next={request.path}")
            request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


EXEMPT_PREFIXES = ("/static/", "/health/", "/i18n/", "/media/")


class TwoFactorMiddleware:
    """Users whose roles let them see personal data must finish two-factor login before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not request.path.startswith("/konto/")
            and getattr(user, "requires_two_factor", False)
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
        ):
            from django_otp import devices_for_user

            if any(True for _d in devices_for_user(user)):
                return redirect(f"{reverse('core:verify')}?next={request.path}")
            return redirect(f"{reverse('core:two_factor_setup')}?next={request.path}")
        return self.get_response(request)
