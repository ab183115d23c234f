"""Refused logins and lockouts go to the audit log (DOMAIN §10)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from core.audit import log_access
from core.models import AuditKind


@receiver(user_login_failed)
def log_failed_login(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    log_access(
        actor=None,
        kind=AuditKind.LOGIN_FAILED,
        action="core.login.failed",
        criterion=str(credentials.get("username", ""))[:254],
        request=request,
    )


@receiver(user_locked_out)
def log_lockout(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    log_access(
        actor=None,
        kind=AuditKind.LOCKOUT,
        action="core.login.locked_out",
        criterion=str(username or "")[:254],
        request=request,
    )
