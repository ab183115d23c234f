"""Every write of the core app: organisations, units, programmes, users, roles and two-factor devices."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import log_action
from core.models import (
    AuditEntry,
    AuditKind,
    Invitation,
    Membership,
    Organisation,
    Programme,
    Unit,
    User,
    invitation_expiry,
    invitation_token,
)
from core.tasks import send_email_task

RECOVERY_CODE_COUNT = 10


def create_unit(*, organisation: Organisation, acting_user: User | None, **fields: Any) -> Unit:
    """Add a ward, clinic, service, volunteer centre or school to the organisation."""
    with transaction.atomic():
        unit = Unit.objects.create(organisation=organisation, **fields)
        log_action(unit, "core.unit.created", actor=acting_user, data={"name": unit.name, "kind": unit.kind})
    return unit


def update_unit(*, unit: Unit, acting_user: User | None, **fields: Any) -> Unit:
    with transaction.atomic():
        changed = {k: v for k, v in fields.items() if getattr(unit, k) != v}
        for key, value in fields.items():
            setattr(unit, key, value)
        unit.save()
        log_action(unit, "core.unit.updated", actor=acting_user, data={"changed": sorted(changed)})
    return unit


def create_programme(
    *,
    organisation: Organisation,
    name: str,
    model: str,
    acting_user: User | None,
    description: str = "",
    partnership: Any = None,
    units: list[Unit] | None = None,
) -> Programme:
    """Start running one of the six programme models, with the seeds' defaults as its settings."""
    with transaction.atomic():
        programme = Programme.objects.create(
            organisation=organisation, name=name, model=model, description=description, partnership=partnership
        )
        if units:
            programme.units.set(units)
        log_action(programme, "core.programme.created", actor=acting_user, data={"model": model})
    return programme


def update_programme(
    *, programme: Programme, acting_user: User | None, settings_values: dict[str, Any], **fields: Any
) -> Programme:
    """Change a programme's name, units and settings; only settings that differ from the defaults are kept."""
    from core.programme_defaults import default_settings_for

    with transaction.atomic():
        units = fields.pop("units", None)
        for key, value in fields.items():
            setattr(programme, key, value)
        defaults = default_settings_for(programme.model)
        programme.settings = {k: v for k, v in settings_values.items() if k in defaults and defaults[k] != v}
        programme.save()
        if units is not None:
            programme.units.set(units)
        log_action(programme, "core.programme.updated", actor=acting_user, data={"settings": programme.settings})
    return programme


def invite_user(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    acting_user: User | None,
    unit: Unit | None = None,
    first_name: str = "",
    last_name: str = "",
    accept_url_template: str = "",
) -> Invitation:
    """Invite a person by e-mail to a role. An existing user gets the role at once when they accept."""
    email = email.strip().lower()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            unit=unit,
            first_name=first_name,
            last_name=last_name,
            invited_by=acting_user,
        )
        log_action(invitation, "core.invitation.created", actor=acting_user, data={"email": email, "role": role})
        _send_invitation_after_commit(invitation, acting_user, accept_url_template)
    return invitation


def _send_invitation_after_commit(invitation: Invitation, acting_user: User | None, accept_url_template: str) -> None:
    url = accept_url_template.replace("TOKEN", invitation.token) if accept_url_template else invitation.token
    context = {
        "organisation": invitation.organisation.name,
        "role": str(invitation.get_role_display()),
        "url": url,
        "inviter": acting_user.display_name if acting_user else "",
    }
    language = getattr(acting_user, "preferred_language", "da") or "da"
    email = invitation.email
    transaction.on_commit(
        lambda: send_email_task.enqueue(
            template="core/email/invitation", to=[email], context=context, language=language
        )
    )


def resend_invitation(*, invitation: Invitation, acting_user: User | None, accept_url_template: str = "") -> Invitation:
    """Send an invitation not yet accepted again, with a new link valid for 14 days; the old link stops working."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationExpired
        invitation.token = invitation_token()
        invitation.expires_at = invitation_expiry()
        invitation.save(update_fields=["token", "expires_at"])
        log_action(invitation, "core.invitation.resent", actor=acting_user, data={"email": invitation.email})
        _send_invitation_after_commit(invitation, acting_user, accept_url_template)
    return invitation


def cancel_invitation(*, invitation: Invitation, acting_user: User | None) -> None:
    """Withdraw an invitation not yet accepted: its link stops working and it leaves the list."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationExpired
        log_action(
            invitation,
            "core.invitation.cancelled",
            actor=acting_user,
            kind=AuditKind.DELETE,
            data={"email": invitation.email, "role": invitation.role},
        )
        invitation.delete()


class InvitationExpired(Exception):
    pass


def accept_invitation(*, invitation: Invitation, first_name: str, last_name: str, password: str | None) -> User:
    """Create (or reuse) the account and give it the invited role."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationExpired
        user = User.objects.filter(email=invitation.email).first()
        if user is None:
            user = User.objects.create_user(invitation.email, password, first_name=first_name, last_name=last_name)
        Membership.objects.update_or_create(
            user=user,
            organisation=invitation.organisation,
            unit=invitation.unit,
            role=invitation.role,
            defaults={"active": True},
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        log_action(invitation, "core.invitation.accepted", actor=user, data={"role": invitation.role})
    return user


def add_membership(
    *, user: User, organisation: Organisation, role: str, acting_user: User | None, unit: Unit | None = None
) -> Membership:
    with transaction.atomic():
        membership, _created = Membership.objects.update_or_create(
            user=user, organisation=organisation, unit=unit, role=role, defaults={"active": True}
        )
        log_action(
            membership,
            "core.membership.added",
            actor=acting_user,
            organisation=organisation,
            data={"user": user.email, "role": role, "unit": unit.name if unit else ""},
        )
    return membership


def end_membership(*, membership: Membership, acting_user: User | None) -> None:
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(active=False)
        log_action(
            membership,
            "core.membership.ended",
            actor=acting_user,
            organisation=membership.organisation,
            data={"user": membership.user.email, "role": membership.role},
        )


def start_totp_setup(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator device; it counts only once the user has typed a code from it."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


def confirm_totp_device(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a code from it and issue fresh recovery codes (shown once)."""
    with transaction.atomic():
        if not device.verify_token(token.strip().replace(" ", "")):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = issue_recovery_codes(user=device.user)
        log_action(device.user, "core.two_factor.enabled", actor=device.user)
    return codes


def issue_recovery_codes(*, user: User) -> list[str]:
    with transaction.atomic():
        static, _created = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
        static.confirmed = True
        static.save()
        static.token_set.all().delete()
        codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
        log_action(user, "core.two_factor.recovery_codes_issued", actor=user)
    return codes


def purge_audit_entries(organisation: Organisation | None, cutoff: datetime) -> int:
    """Delete the organisation's audit entries from before the cutoff (the only way entries ever leave).

    Run by the retention job (core.retention), which writes the audit entry with the count."""
    entries = AuditEntry.objects.filter(at__lt=cutoff)
    entries = entries.filter(organisation=organisation) if organisation else entries.filter(organisation__isnull=True)
    count, _per_model = entries.delete()
    return int(count)
