"""Account views (login with two factors, logout, invitations), the start page, switching and health."""

from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import services
from core.access import login_required
from core.account_forms import AcceptInvitationForm, ConfirmDeviceForm, LoginForm, TokenForm
from core.audit import log_access
from core.middleware import SESSION_ORGANISATION
from core.models import AuditKind, Invitation, Role
from core.navigation import items_for


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request, reverse("core:home")))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and form.user_cache is not None:
        user = form.user_cache
        auth_login(request, user)
        log_access(actor=user, kind=AuditKind.LOGIN, action="core.login", request=request)
        return redirect(_safe_next(request, reverse("core:home")))
    return render(request, "core/login.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.success(request, _("You are logged out."))
    return redirect("core:login")


@sensitive_post_parameters("token")
@never_cache
@login_required
def verify_view(request: HttpRequest) -> HttpResponse:
    """Second factor: a code from the authenticator app or a recovery code."""
    user = request.user
    devices = [d for d in devices_for_user(user) if d.confirmed]
    if not devices:
        return redirect("core:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip().replace(" ", "")
        for device in devices:
            if device.verify_token(token):
                otp_login(request, device)
                if device.__class__.__name__ == "StaticDevice":
                    messages.warning(
                        request,
                        _("You used a recovery code. Each code works only once; make new ones if few are left."),
                    )
                return redirect(_safe_next(request, reverse("core:home")))
        form.add_error("token", _("The code is not right or has expired. Try the newest code from the app."))
        log_access(actor=user, kind=AuditKind.LOGIN_FAILED, action="core.two_factor.failed", request=request)  # type: ignore[arg-type]
    return render(request, "core/verify.html", {"form": form, "next": request.GET.get("next", "")})


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@sensitive_post_parameters("token")
@never_cache
@login_required
def two_factor_setup_view(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan, confirm with a code, then keep the recovery codes."""
    user = request.user
    if request.method == "GET" or "device" not in request.session:
        if any(d.confirmed for d in devices_for_user(user)) and not user.is_verified():  # type: ignore[union-attr]
            return redirect("core:verify")
        device = services.start_totp_setup(user=user)  # type: ignore[arg-type]
        request.session["device"] = device.pk
    device = get_object_or_404(TOTPDevice, pk=request.session["device"], user=user, confirmed=False)
    form = ConfirmDeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_totp_device(device=device, token=form.cleaned_data["token"])
        if codes is not None:
            del request.session["device"]
            otp_login(request, device)
            return render(
                request, "core/recovery_codes.html", {"codes": codes, "next": _safe_next(request, reverse("core:home"))}
            )
        form.add_error("token", _("The code does not match. Check the clock on your phone and try the newest code."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "core/two_factor_setup.html",
        {"form": form, "qr": _qr_svg(device.config_url), "secret": secret, "next": request.GET.get("next", "")},
    )


@require_POST
@login_required
def switch_organisation(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("organisation", "")
    if not any(str(org.code) == code for org in getattr(request, "user_organisations", [])):
        raise Http404
    request.session[SESSION_ORGANISATION] = code
    return redirect(_safe_next(request, reverse("core:home")))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: what this person can do now, by role, with counts of what waits."""
    cards = items_for(request, with_counts=True, menu_only=False)
    roles = sorted(getattr(request, "roles", set()))
    role_labels = [Role(r).label for r in roles]
    today = timezone.localdate()
    return render(request, "core/home.html", {"cards": cards, "role_labels": role_labels, "today": today})


def accept_invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, token=token)
    if not invitation.is_open:
        return render(request, "core/invitation_closed.html", {"invitation": invitation}, status=410)
    existing = invitation.email if invitation.accepted_at is None else None
    form = AcceptInvitationForm(
        request.POST or None, initial={"first_name": invitation.first_name, "last_name": invitation.last_name}
    )
    if request.method == "POST" and form.is_valid():
        user = services.accept_invitation(
            invitation=invitation,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
        )
        messages.success(request, _("Welcome to Brobygger. Log in with your e-mail and new password."))
        if not request.user.is_authenticated:
            return redirect(f"{reverse('core:login')}?next={reverse('core:home')}")
        del user
        return redirect("core:home")
    return render(request, "core/accept_invitation.html", {"form": form, "invitation": invitation, "email": existing})


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: the database and the cache answer."""
    checks: dict[str, Any] = {}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "error"
        status = 503
    try:
        cache.set("health", "ok", 5)
        checks["cache"] = "ok" if cache.get("health") == "ok" else "error"
    except Exception:
        checks["cache"] = "error"
    if checks["cache"] != "ok":
        status = 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "checks": checks}, status=status)
