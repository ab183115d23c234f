"""Access helpers: who may see what. Every view starts with one of these.

Outsiders get 404, never 403, so that the existence of another organisation's objects is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from core.models import Organisation, Programme, Role, Unit, User

M = TypeVar("M", bound=Model)
ViewFunc = Callable[..., HttpResponse]


def current_organisation(request: HttpRequest) -> Organisation | None:
    return getattr(request, "organisation", None)


def roles_of(request: HttpRequest) -> set[str]:
    """The roles the user holds in the organisation currently chosen in the switcher."""
    return set(getattr(request, "roles", set()))


def has_role(request: HttpRequest, *roles: str) -> bool:
    return bool(roles_of(request) & set(roles))


def require_organisation_role(request: HttpRequest, *roles: str) -> Organisation:
    """The current organisation, if the user holds one of the roles in it; else 404."""
    organisation = current_organisation(request)
    if organisation is None or not has_role(request, *roles):
        raise Http404
    return organisation


def role_required(*roles: str) -> Callable[[ViewFunc], ViewFunc]:
    """Decorator: login, then one of the roles in the current organisation (404 otherwise)."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_organisation_role(request, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def login_required(view: ViewFunc) -> ViewFunc:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def get_in_organisation(queryset: QuerySet[M], request: HttpRequest, code: Any, *roles: str) -> M:
    """Fetch an object of the current organisation by code, if the user holds one of the roles."""
    organisation = require_organisation_role(request, *roles)
    return get_object_or_404(queryset, organisation=organisation, code=code)


def get_unit_for_admin(request: HttpRequest, code: Any) -> Unit:
    return get_in_organisation(Unit.objects.all(), request, code, Role.ADMINISTRATOR)


def get_programme_for_admin(request: HttpRequest, code: Any) -> Programme:
    return get_in_organisation(Programme.objects.all(), request, code, Role.ADMINISTRATOR)


def user_in_organisation(request: HttpRequest, code: Any) -> User:
    """A user with a membership of the current organisation, for its administrator."""
    organisation = require_organisation_role(request, Role.ADMINISTRATOR)
    return get_object_or_404(User.objects.filter(memberships__organisation=organisation).distinct(), code=code)


def organisations_of(user: Any) -> Iterable[Organisation]:
    return Organisation.objects.for_user(user)


def acting_user(request: HttpRequest) -> User:
    """The logged-in user, typed; views behind role_required/login_required always have one."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def organisation_of(request: HttpRequest) -> Organisation:
    """The organisation chosen in the switcher; 404 when the user has none."""
    organisation = current_organisation(request)
    if organisation is None:
        raise Http404
    return organisation
