"""Organisations, partnerships, units, programmes, users, memberships, invitations and the audit log."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.programme_defaults import ProgrammeModel, default_settings_for


def new_code() -> uuid.UUID:
    return uuid.uuid4()


class CodeModel(models.Model):
    """Objects are addressed in URLs by a random UUID code, never by the sequential id."""

    code = models.UUIDField(default=new_code, unique=True, editable=False, verbose_name=_("code"))

    class Meta:
        abstract = True


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    PEER = "peer", _("Peer")
    KEY_PERSON = "key_person", _("Key person")
    COORDINATOR = "coordinator", _("Coordinator")
    LEAD = "lead", _("Lead")
    TEACHER = "teacher", _("Teacher")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that see a citizen's personal data must use two factors (DOMAIN §10).
ROLES_SEEING_PERSONAL_DATA = frozenset(
    {Role.PEER, Role.KEY_PERSON, Role.COORDINATOR, Role.LEAD, Role.TEACHER, Role.ADMINISTRATOR}
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in. Staff, peers and citizens with an account are all users."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail"), unique=True)
    code = models.UUIDField(default=new_code, unique=True, editable=False)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    preferred_language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="da")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    def roles_in(self, organisation: Organisation) -> set[str]:
        return {m.role for m in self.memberships.all() if m.organisation_id == organisation.pk and m.active}

    @property
    def requires_two_factor(self) -> bool:
        if not settings.REQUIRE_TWO_FACTOR:
            return False
        if self.is_superuser or self.is_staff:
            return True
        return any(m.role in ROLES_SEEING_PERSONAL_DATA for m in self.memberships.all() if m.active)


class OrganisationKind(models.TextChoices):
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Municipality")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def for_user(self, user: Any) -> OrganisationQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user, memberships__active=True).distinct()


class Organisation(CodeModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_public_authority = models.BooleanField(
        _("public authority"),
        default=True,
        help_text=_("Public authorities may record CPR numbers where an agreement needs them."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partnership(CodeModel):
    """Organisations that run peer support together and may share what the flow needs."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organisations = models.ManyToManyField(Organisation, related_name="partnerships", verbose_name=_("organisations"))

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    WARD = "ward", _("Inpatient ward")
    OUTPATIENT = "outpatient", _("Outpatient clinic (district psychiatry)")
    MUNICIPAL_SERVICE = "municipal_service", _("Municipal service (housing, activity)")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")
    RECOVERY_SCHOOL = "recovery_school", _("Recovery school")


class UnitQuerySet(models.QuerySet["Unit"]):
    def of(self, organisation: Organisation) -> UnitQuerySet:
        return self.filter(organisation=organisation)


class Unit(CodeModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=UnitKind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    site = models.CharField(
        _("site"), max_length=100, blank=True, help_text=_("Units on the same site need no travel time between them.")
    )
    active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["organisation__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unit_name_unique_per_org")]

    def __str__(self) -> str:
        return self.name


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def of(self, organisation: Organisation) -> ProgrammeQuerySet:
        return self.filter(organisation=organisation)

    def active(self) -> ProgrammeQuerySet:
        return self.filter(active=True)


class Programme(CodeModel):
    """One of the six programme models of DOMAIN §4 as an organisation runs it, with editable settings."""

    Model = ProgrammeModel
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("organisation")
    )
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("partnership"),
    )
    name = models.CharField(_("name"), max_length=200)
    model = models.CharField(_("programme model"), max_length=32, choices=ProgrammeModel.choices)
    description = models.TextField(_("description"), blank=True)
    units = models.ManyToManyField(Unit, blank=True, related_name="programmes", verbose_name=_("units"))
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def setting(self, key: str) -> Any:
        """A setting of this programme, falling back to the model's default from the seeds."""
        if key in self.settings:
            return self.settings[key]
        return default_settings_for(self.model)[key]

    def effective_settings(self) -> dict[str, Any]:
        values = dict(default_settings_for(self.model))
        values.update(self.settings)
        return values


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(active=True)


class Membership(CodeModel):
    """A user's role in an organisation, optionally limited to one unit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(unit__isnull=True),
                name="membership_unique_org_role",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "unit", "role"],
                condition=Q(unit__isnull=False),
                name="membership_unique_unit_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.organisation})"


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry() -> Any:
    return timezone.now() + timedelta(days=14)


class Invitation(CodeModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("unit"))
    token = models.CharField(max_length=64, unique=True, default=invitation_token)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class AuditKind(models.TextChoices):
    WRITE = "write", _("Change")
    READ = "read", _("Read")
    SEARCH = "search", _("Search")
    EXPORT = "export", _("Export")
    UNMASK = "unmask", _("Unmasking")
    DELETE = "delete", _("Deletion")
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Refused login")
    LOCKOUT = "lockout", _("Account locked")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def about_subject(self, subject_code: uuid.UUID | str) -> AuditEntryQuerySet:
        return self.filter(subject_code=str(subject_code))

    def older_than(self, days: int) -> AuditEntryQuerySet:
        return self.filter(at__lt=timezone.now() - timedelta(days=days))


class AuditEntry(models.Model):
    """Append-only record of a write or of a use of personal data (DOMAIN §10).

    Rows are never updated; they are removed only by the retention purge.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AuditKind.choices, db_index=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    actor_label = models.CharField(_("by"), max_length=254, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_code = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    subject_code = models.CharField(
        _("person concerned"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("The code of the citizen or peer whose data was used."),
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    criterion = models.CharField(_("search criterion"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"], name="audit_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Audit entries are removed only by the retention purge")


class DailyRun(models.Model):
    """Marks that the daily jobs were enqueued for a date, so they run once a day."""

    date = models.DateField(unique=True)
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")


class RetentionPeriod(models.Model):
    """An organisation's own retention period for one registered data type (see core.retention).

    Without a row the type's installation default applies; the minimum is checked by the form and
    the service, because it lives in the registry rather than in the database."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="retention_periods", verbose_name=_("organisation")
    )
    key = models.CharField(_("data type"), max_length=100)
    days = models.PositiveIntegerField(_("days"))
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="retention_period_unique_per_org"),
            models.CheckConstraint(condition=Q(days__gte=1), name="retention_period_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.key}: {self.days}"
