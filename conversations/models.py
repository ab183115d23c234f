"""Peer conversations on inpatient wards (model 5, "Peers as bridge-builders", DOMAIN §9, §10).

Before a shift the ward's key person keeps a list of patients who want a conversation (first name or
room only). On the shift the peer logs each conversation: start, end, the theme agreed with the
patient and a free-text note that stays with the peer. The only thing that leaves the peer–patient
room is a journal note with the theme, addressed to the patient's contact person. A safety notice
overrides confidentiality: it reaches the ward's staff at once and escalates when nobody acknowledges.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import CodeModel, Organisation, Unit

# Sensible Danish defaults for a ward's theme list, from the discharge guide and the recovery group's
# themes in the seeds (appendices 4 and 6 of "Peers som Brobyggere"). Coordinators edit them per ward.
DEFAULT_THEMES = (
    "Indlæggelsen og hverdagen på afsnittet",
    "Udskrivelse og tiden efter",
    "Min vej til recovery",
    "Hverdagen med en psykisk sygdom",
    "Håb og drømme",
    "Fordomme og forventninger (stigmatisering)",
    "Medicin og behandling",
    "Familie, venner og netværk",
    "Bolig, arbejde og økonomi",
    "Søvn, ro og døgnrytme",
)


class ThemeQuerySet(models.QuerySet["Theme"]):
    def of_ward(self, ward: Unit) -> ThemeQuerySet:
        return self.filter(ward=ward)

    def active(self) -> ThemeQuerySet:
        return self.filter(active=True)


class Theme(CodeModel):
    """A theme peer and patient can agree on at the end of a conversation; it is all the journal gets."""

    ward = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="conversation_themes", verbose_name=_("ward"))
    label = models.CharField(_("theme"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation theme")
        verbose_name_plural = _("conversation themes")
        ordering = ["ward__name", "position", "label"]
        constraints = [models.UniqueConstraint(fields=["ward", "label"], name="conversation_theme_unique_per_ward")]

    def __str__(self) -> str:
        return self.label


class WardConversationSettings(models.Model):
    """What a ward sets for its peer conversations beyond the theme list."""

    ward = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="conversation_settings")
    escalation_minutes = models.PositiveSmallIntegerField(
        _("minutes before a safety notice escalates"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Empty: the installation's default."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ward conversation settings")
        verbose_name_plural = _("ward conversation settings")

    def __str__(self) -> str:
        return str(self.ward)


class EntryStatus(models.TextChoices):
    WAITING = "waiting", _("Wants a conversation")
    TALKED = "talked", _("Conversation held")
    DECLINED = "declined", _("No longer wants a conversation")


class ListEntryQuerySet(models.QuerySet["ListEntry"]):
    def for_day(self, ward: Unit, day: object) -> ListEntryQuerySet:
        return self.filter(ward=ward, day=day)

    def in_order(self) -> ListEntryQuerySet:
        """Those who have not yet met a peer first (appendix 4, step 3), then in the order they asked."""
        return self.order_by("met_peer_before", "created_at", "id")


class ListEntry(CodeModel):
    """A patient on the key person's list for a day: first name or room, nothing more."""

    ward = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="conversation_list", verbose_name=_("ward"))
    day = models.DateField(_("day"))
    patient = models.CharField(
        _("first name or room"),
        max_length=40,
        help_text=_("Only a first name or a room, e.g. “Anna” or “Stue 12”. Never a full name or a CPR number."),
    )
    met_peer_before = models.BooleanField(_("has met a peer before"), default=False)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conversation_patients",
        verbose_name=_("contact person"),
        help_text=_("The member of staff who receives the journal note with the theme."),
    )
    status = models.CharField(_("status"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.WAITING)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("patient on the list")
        verbose_name_plural = _("patients on the list")
        ordering = ["day", "met_peer_before", "created_at"]
        indexes = [models.Index(fields=["ward", "day"])]

    def __str__(self) -> str:
        return self.patient

    @property
    def organisation(self) -> Organisation:
        return self.ward.organisation


class Conversation(CodeModel):
    """One peer conversation with a patient on the list, during a shift."""

    shift = models.ForeignKey(
        "wards.Shift", on_delete=models.PROTECT, related_name="conversations", verbose_name=_("shift")
    )
    entry = models.OneToOneField(
        ListEntry, on_delete=models.PROTECT, related_name="conversation", verbose_name=_("patient on the list")
    )
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="conversations", verbose_name=_("theme")
    )
    # Stays with the peer: never shown to staff, coordinators or the journal (DOMAIN §10).
    private_note = models.TextField(_("your own note"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("peer conversation")
        verbose_name_plural = _("peer conversations")
        ordering = ["started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gt=F("started_at")),
                name="conversation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} {self.started_at:%d.%m.%Y %H:%M}"

    @property
    def organisation(self) -> Organisation:
        return self.shift.plan.organisation

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def minutes(self) -> int | None:
        if self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds() // 60)


class ShiftLog(models.Model):
    """What the peer records for the shift as a whole: informal time on the ward and the debrief note."""

    shift = models.OneToOneField("wards.Shift", on_delete=models.CASCADE, related_name="conversation_log")
    informal_minutes = models.PositiveIntegerField(_("minutes spent informally on the ward"), default=0)
    debrief_note = models.TextField(_("note for the debrief"), blank=True, max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shift log")
        verbose_name_plural = _("shift logs")

    def __str__(self) -> str:
        return f"{self.shift}"


class JournalNoteQuerySet(models.QuerySet["JournalNote"]):
    def unfiled(self) -> JournalNoteQuerySet:
        return self.filter(filed_at__isnull=True)

    def filed(self) -> JournalNoteQuerySet:
        return self.filter(filed_at__isnull=False)

    def addressed_to(self, user: object) -> JournalNoteQuerySet:
        return self.filter(contact_person=user)


class JournalNote(CodeModel):
    """The note for the patient journal: the conversation's theme and nothing else (DOMAIN §9, §10)."""

    conversation = models.OneToOneField(Conversation, on_delete=models.CASCADE, related_name="journal_note")
    ward = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="conversation_journal_notes")
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conversation_journal_notes",
        verbose_name=_("contact person"),
    )
    # Copies, so the note says exactly what was handed over even if the list or the theme changes.
    patient = models.CharField(_("first name or room"), max_length=40)
    day = models.DateField(_("day"))
    theme = models.CharField(_("theme"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = JournalNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")
        ordering = ["day", "patient"]

    def __str__(self) -> str:
        return f"{self.patient} {self.day:%d.%m.%Y}"

    @property
    def organisation(self) -> Organisation:
        return self.ward.organisation


class SafetyNoticeQuerySet(models.QuerySet["SafetyNotice"]):
    def of(self, organisation: Organisation) -> SafetyNoticeQuerySet:
        return self.filter(organisation=organisation)

    def unacknowledged(self) -> SafetyNoticeQuerySet:
        return self.filter(acknowledged_at__isnull=True)


class SafetyNotice(CodeModel):
    """The peer tells staff that a patient may harm self or others; it overrides confidentiality."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="safety_notices")
    ward = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="safety_notices", verbose_name=_("ward"))
    shift = models.ForeignKey(
        "wards.Shift", on_delete=models.SET_NULL, null=True, blank=True, related_name="safety_notices"
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="safety_notices"
    )
    patient = models.CharField(_("first name or room"), max_length=40)
    message = models.TextField(_("what staff need to know"), max_length=2000)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    escalate_at = models.DateTimeField(_("escalates at"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    objects = SafetyNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety notice")
        verbose_name_plural = _("safety notices")
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["organisation", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.ward} {self.raised_at:%d.%m.%Y %H:%M}"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def is_escalated(self) -> bool:
        return self.escalated_at is not None

    def overdue(self, now: datetime | None = None) -> bool:
        return not self.is_acknowledged and (now or timezone.now()) >= self.escalate_at


class RecipientReason(models.TextChoices):
    KEY_PERSON = "key_person", _("Key person of the ward")
    WARD_STAFF = "ward_staff", _("Staff on the ward")
    CONTACT_PERSON = "contact_person", _("The patient's contact person")
    ESCALATION = "escalation", _("Not acknowledged in time")


class SafetyNoticeRecipient(models.Model):
    """Who was told, why and when; any of them may acknowledge."""

    notice = models.ForeignKey(SafetyNotice, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_notices")
    reason = models.CharField(_("why"), max_length=20, choices=RecipientReason.choices)
    notified_at = models.DateTimeField(_("notified"), default=timezone.now)

    class Meta:
        verbose_name = _("safety-notice recipient")
        verbose_name_plural = _("safety-notice recipients")
        ordering = ["notified_at", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="safety_notice_recipient_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_reason_display()})"
