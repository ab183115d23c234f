"""Volunteer agreements in periods, employment records, record checks, document templates, signatures, references."""

from __future__ import annotations

import datetime
import secrets
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import cpr as cpr_utils
from core.crypto import EncryptedTextField, lookup_hash
from core.models import CodeModel, Organisation, Programme, Unit
from people.models import Peer


class TemplateKind(models.TextChoices):
    """The texts an organisation edits: the agreement's obligations, the reference, a function description per role."""

    VOLUNTEER_AGREEMENT = "volunteer_agreement", _("Volunteer agreement")
    REFERENCE = "reference", _("Reference")
    ROLE_PEER = "role_peer", _("Function description: peer")
    ROLE_PEER_GUIDE = "role_peer_guide", _("Function description: peer guide")
    ROLE_PEER_TEACHER = "role_peer_teacher", _("Function description: peer teacher")
    ROLE_COORDINATOR = "role_coordinator", _("Function description: coordinator")


class FunctionRole(models.TextChoices):
    """The role whose function description is handed out with an agreement or an employment."""

    PEER = "role_peer", _("Peer support worker")
    PEER_GUIDE = "role_peer_guide", _("Peer guide")
    PEER_TEACHER = "role_peer_teacher", _("Peer teacher")
    COORDINATOR = "role_coordinator", _("Coordinator")


class DocumentTemplate(CodeModel):
    """An organisation's own wording of a document, starting from the published default text."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="document_templates", verbose_name=_("organisation")
    )
    kind = models.CharField(_("document"), max_length=32, choices=TemplateKind.choices)
    body = models.TextField(_("text"))
    local_values = models.JSONField(_("fields filled in locally"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="one_template_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.organisation})"


class EndedBy(models.TextChoices):
    VOLUNTEER = "volunteer", _("The volunteer")
    ORGANISATION = "organisation", _("The organisation")
    MUTUAL = "mutual", _("Both, at the renewal talk")


class VolunteerAgreementQuerySet(models.QuerySet["VolunteerAgreement"]):
    def of(self, organisation: Organisation) -> VolunteerAgreementQuerySet:
        return self.filter(organisation=organisation)

    def in_force_on(self, day: datetime.date) -> VolunteerAgreementQuerySet:
        """Agreements with a period covering the day (an ended agreement's last period ends on its end date)."""
        return self.filter(periods__starts_on__lte=day, periods__ends_on__gte=day).distinct()


class VolunteerAgreement(CodeModel):
    """A volunteer's agreement with the organisation (frivilligaftale), running in periods."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="volunteer_agreements", verbose_name=_("organisation")
    )
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("volunteer"))
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="volunteer_agreements", verbose_name=_("programme")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_agreements",
        verbose_name=_("coordinator"),
    )
    role = models.CharField(
        _("function description"), max_length=32, choices=FunctionRole.choices, default=FunctionRole.PEER
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    cpr_encrypted = EncryptedTextField(_("CPR number"), blank=True, default="")
    cpr_lookup = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    cpr_reason = models.CharField(_("why the agreement needs the CPR number"), max_length=300, blank=True)
    starts_on = models.DateField(_("start date"))
    text = models.TextField(_("agreement text"))
    role_description = models.TextField(_("function description handed out"), blank=True)
    insurance = models.TextField(_("insurance"))
    transport_covered = models.BooleanField(_("transport is covered"), default=True)
    may_request_record_check = models.BooleanField(
        _("the organisation may ask for a criminal-record certificate at the start"), default=True
    )
    ended_on = models.DateField(pgettext_lazy("agreement", "ended"), null=True, blank=True)
    ended_by = models.CharField(_("ended by"), max_length=16, choices=EndedBy.choices, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VolunteerAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer agreement")
        verbose_name_plural = _("volunteer agreements")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, ended_by="") | Q(ended_on__isnull=False) & ~Q(ended_by=""),
                name="agreement_end_has_side",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.starts_on:%d.%m.%Y})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def has_cpr(self) -> bool:
        return bool(self.cpr_encrypted)

    @property
    def cpr_masked(self) -> str:
        return cpr_utils.mask(self.cpr_encrypted) if self.cpr_encrypted else ""

    def set_cpr(self, number: str) -> None:
        if number:
            compact = cpr_utils.normalise(number)
            self.cpr_encrypted = compact
            self.cpr_lookup = lookup_hash(compact)
        else:
            self.cpr_encrypted = ""
            self.cpr_lookup = ""

    @property
    def is_ended(self) -> bool:
        return self.ended_on is not None


class AgreementPeriod(CodeModel):
    """One period of an agreement (half a year by default). Periods of one peer never overlap.

    The peer is repeated from the agreement so the database can refuse overlapping periods of the
    same peer across agreements (an exclusion constraint on PostgreSQL, see migration 0002).
    """

    agreement = models.ForeignKey(VolunteerAgreement, on_delete=models.CASCADE, related_name="periods")
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="agreement_periods")
    number = models.PositiveSmallIntegerField(_("period"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reminder_sent_at = models.DateTimeField(_("renewal reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agreement period")
        verbose_name_plural = _("agreement periods")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"),
            models.UniqueConstraint(fields=["agreement", "number"], name="period_number_unique"),
            models.UniqueConstraint(fields=["peer", "starts_on"], name="period_start_unique_per_peer"),
        ]
        indexes = [models.Index(fields=["peer", "starts_on", "ends_on"], name="period_peer_dates")]

    def __str__(self) -> str:
        return f"{self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class RenewalOutcome(models.TextChoices):
    RENEWED = "renewed", _("Renewed for a new period")
    ENDED = "ended", _("Ends when the period ends")


class RenewalTalk(CodeModel):
    """The talk between coordinator and volunteer at the end of a period (fornyelsessamtale)."""

    agreement = models.ForeignKey(VolunteerAgreement, on_delete=models.CASCADE, related_name="renewal_talks")
    period = models.OneToOneField(
        AgreementPeriod, on_delete=models.CASCADE, related_name="renewal_talk", verbose_name=_("period")
    )
    held_on = models.DateField(_("date of the talk"))
    notes = models.TextField(_("notes from the talk"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=RenewalOutcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("renewal talk")
        verbose_name_plural = _("renewal talks")
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"{self.agreement} {self.held_on}"


class EmploymentRecordQuerySet(models.QuerySet["EmploymentRecord"]):
    def of(self, organisation: Organisation) -> EmploymentRecordQuerySet:
        return self.filter(organisation=organisation)

    def in_force_on(self, day: datetime.date) -> EmploymentRecordQuerySet:
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class EmploymentRecord(CodeModel):
    """A paid peer's employment: hours, unit, flex job, and special considerations only the peer and one leader see."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="employment_records", verbose_name=_("organisation")
    )
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="employment_records")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    role = models.CharField(
        _("function description"), max_length=32, choices=FunctionRole.choices, default=FunctionRole.PEER
    )
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    flex_job = models.BooleanField(_("flex job"), default=False)
    starts_on = models.DateField(_("employed from"))
    ends_on = models.DateField(_("employed until"), null=True, blank=True)
    role_description = models.TextField(_("function description handed out"), blank=True)
    considerations = EncryptedTextField(_("special considerations"), blank=True, default="")
    considerations_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("considerations recorded by"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EmploymentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("employment record")
        verbose_name_plural = _("employment records")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours_per_week__gte=0), name="employment_hours_not_negative"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="employment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peer} {self.starts_on:%d.%m.%Y}"

    @property
    def has_considerations(self) -> bool:
        return bool(self.considerations)

    def considerations_visible_to(self, user: Any) -> bool:
        """Only the peer and the leader who recorded the considerations may read them."""
        if not getattr(user, "is_authenticated", False):
            return False
        return user.pk is not None and user.pk in {self.peer.user_id, self.considerations_by_id}


class RecordCheck(CodeModel):
    """That a criminal-record certificate was seen, when and by whom. The certificate itself is never stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="record_checks")
    seen_on = models.DateField(_("seen on"))
    seen_by_name = models.CharField(_("seen by"), max_length=150)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("criminal-record check")
        verbose_name_plural = _("criminal-record checks")
        ordering = ["-seen_on", "-id"]

    def __str__(self) -> str:
        return f"{self.peer} {self.seen_on}"


def scan_path(instance: Any, filename: str) -> str:
    """A random name under MEDIA_ROOT: the upload's own name never reaches the disk."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in {".pdf", ".jpg", ".jpeg", ".png"}:
        suffix = ""
    return f"agreements/signed/{secrets.token_hex(16)}{suffix}"


class SignatureMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("Accepted electronically")
    PAPER = "paper", _("Signed on paper")


class Signature(CodeModel):
    """An electronic acceptance by the peer (typed name, time, logged) or a scan of a paper signature."""

    agreement = models.ForeignKey(
        VolunteerAgreement, on_delete=models.CASCADE, null=True, blank=True, related_name="signatures"
    )
    employment = models.ForeignKey(
        EmploymentRecord, on_delete=models.CASCADE, null=True, blank=True, related_name="signatures"
    )
    method = models.CharField(_("how"), max_length=16, choices=SignatureMethod.choices)
    signed_name = models.CharField(_("name"), max_length=200)
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    text_digest = models.CharField(max_length=64, blank=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    scan = models.FileField(_("scan of the signed document"), upload_to=scan_path, blank=True)
    scan_content_type = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=False, employment__isnull=True)
                | Q(agreement__isnull=True, employment__isnull=False),
                name="signature_on_one_document",
            ),
            models.UniqueConstraint(
                fields=["agreement", "method"], condition=Q(agreement__isnull=False), name="one_signature_per_agreement"
            ),
            models.UniqueConstraint(
                fields=["employment", "method"],
                condition=Q(employment__isnull=False),
                name="one_signature_per_employment",
            ),
            models.CheckConstraint(condition=Q(method="electronic") | ~Q(scan=""), name="paper_signature_has_scan"),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.signed_name}"


class OccasionTally(models.Model):
    """Volunteering occasions the coordinator counts by hand (those no app records), per peer."""

    peer = models.OneToOneField(Peer, on_delete=models.CASCADE, related_name="occasion_tally")
    count = models.PositiveIntegerField(_("occasions counted by hand"), default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("occasions counted by hand")
        verbose_name_plural = _("occasions counted by hand")

    def __str__(self) -> str:
        return f"{self.peer}: {self.count}"


class ReferenceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class Reference(CodeModel):
    """A written reference (udtalelse) for a volunteer who leaves, edited and sent by the coordinator."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="references")
    text = models.TextField(_("text of the reference"))
    recipient_email = models.EmailField(_("send to"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ReferenceStatus.choices, default="draft")
    eligibility = models.JSONField(default=dict, blank=True, editable=False)
    education_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.peer} {self.created_at:%d.%m.%Y}"
