"""The audit and access log: every write through a service, every use of personal data (DOMAIN §10)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.http import HttpRequest

from core.models import AuditEntry, AuditKind, Organisation, User
from core.net import client_ip


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return client_ip(request)


def _organisation_of(obj: Any) -> Organisation | None:
    if obj is None:
        return None
    if isinstance(obj, Organisation):
        return obj
    org = getattr(obj, "organisation", None)
    return org if isinstance(org, Organisation) else None


def _actor(actor: Any) -> tuple[User | None, str]:
    if isinstance(actor, User):
        return actor, actor.email
    if actor is None:
        return None, "system"
    return None, str(actor)


def log_action(
    obj: models.Model | None,
    action: str,
    *,
    actor: User | str | None,
    data: dict[str, Any] | None = None,
    subject_code: uuid.UUID | str | None = None,
    organisation: Organisation | None = None,
    kind: str = AuditKind.WRITE,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Record a write (or deletion) made by a service, inside the service's transaction."""
    user, label = _actor(actor)
    return AuditEntry.objects.create(
        kind=kind,
        action=action,
        actor=user,
        actor_label=label,
        organisation=organisation or _organisation_of(obj),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_code=str(getattr(obj, "code", getattr(obj, "pk", "")) or "") if obj is not None else "",
        subject_code=str(subject_code or ""),
        data=data or {},
        ip_address=_client_ip(request),
    )


def log_access(
    *,
    actor: User | str | None,
    kind: str,
    action: str,
    obj: models.Model | None = None,
    subject_code: uuid.UUID | str | None = None,
    organisation: Organisation | None = None,
    purpose: str = "",
    criterion: str = "",
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record a read, search, export or unmasking of personal data, with its purpose."""
    user, label = _actor(actor)
    return AuditEntry.objects.create(
        kind=kind,
        action=action,
        actor=user,
        actor_label=label,
        organisation=organisation or _organisation_of(obj),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_code=str(getattr(obj, "code", "") or "") if obj is not None else "",
        subject_code=str(subject_code or ""),
        purpose=purpose[:200],
        criterion=criterion[:500],
        ip_address=_client_ip(request),
        data=data or {},
    )
