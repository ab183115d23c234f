"""Questionnaires in the database: instrument versions, measurement plans, invitations and responses.

The questionnaire itself lives in the pure engine (`feedback.instruments`); a row of
`InstrumentVersion` stores one version as the JSON the engine writes, and every response keeps the
version it was given on. Instruments are either shipped with Brobygger (organisation empty,
read-only, synchronised from feedback/instruments/*.json) or an organisation's own.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.crypto import EncryptedTextField
from core.models import CodeModel, Organisation, Programme
from feedback import instruments as engine

# Defaults for the settings this app reads (settings.FEEDBACK_*; see docs in the final report).
DEFAULT_LINK_DAYS = 14
DEFAULT_REMINDER_DAYS = 3
DEFAULT_MINIMUM_GROUP = 5


def link_days() -> int:
    """How long an invitation link can be used (settings.FEEDBACK_LINK_DAYS, default 14)."""
    return int(getattr(settings, "FEEDBACK_LINK_DAYS", DEFAULT_LINK_DAYS))


def reminder_days() -> int:
    """Days after the invitation e-mail when one reminder goes out (settings.FEEDBACK_REMINDER_DAYS, default 3)."""
    return int(getattr(settings, "FEEDBACK_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def minimum_group() -> int:
    """The smallest group any aggregate is shown for (settings.FEEDBACK_MINIMUM_GROUP, default 5, never less)."""
    return max(DEFAULT_MINIMUM_GROUP, int(getattr(settings, "FEEDBACK_MINIMUM_GROUP", DEFAULT_MINIMUM_GROUP)))


class InstrumentPurpose(models.TextChoices):
    SESSION_FEEDBACK = "session_feedback", _("Session feedback")
    RECOVERY = "recovery", _("Recovery (CHIME)")
    COURSE_EVALUATION = "course_evaluation", _("Course evaluation")
    COURSE_END_CITIZEN = "course_end_citizen", _("End of a 1:1 course – citizen")
    COURSE_END_PEER = "course_end_peer", _("End of a 1:1 course – peer")
    OTHER = "other", _("Other")


class InstrumentVersionQuerySet(models.QuerySet["InstrumentVersion"]):
    def shipped(self) -> InstrumentVersionQuerySet:
        return self.filter(organisation__isnull=True)

    def own(self, organisation: Organisation) -> InstrumentVersionQuerySet:
        return self.filter(organisation=organisation)

    def usable_by(self, organisation: Organisation) -> InstrumentVersionQuerySet:
        """The shipped instruments and the organisation's own."""
        return self.filter(Q(organisation__isnull=True) | Q(organisation=organisation))


@lru_cache(maxsize=256)
def _engine_instrument(definition_json: str) -> engine.Instrument:
    return engine.load_instrument(json.loads(definition_json))


class InstrumentVersion(CodeModel):
    """One version of a questionnaire. Frozen once it has answers: a change is then saved as a new version."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instrument_versions",
        verbose_name=_("organisation"),
        help_text=_("Empty for the questionnaires shipped with Brobygger."),
    )
    instrument_id = models.CharField(_("questionnaire id"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=32, choices=InstrumentPurpose.choices)
    definition = models.JSONField(_("definition"))
    signature = models.CharField(max_length=32, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InstrumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["instrument_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_id", "version"],
                condition=Q(organisation__isnull=True),
                name="shipped_instrument_version_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "instrument_id", "version"],
                condition=Q(organisation__isnull=False),
                name="own_instrument_version_unique",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="instrument_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def shipped(self) -> bool:
        return self.organisation_id is None

    @property
    def instrument(self) -> engine.Instrument:
        """The engine's instrument for this version (parsed once per content)."""
        return _engine_instrument(json.dumps(self.definition, sort_keys=True))

    def set_instrument(self, instrument: engine.Instrument) -> None:
        self.instrument_id = instrument.id
        self.version = instrument.version
        self.title = instrument.text(instrument.title, instrument.primary_language)[:300]
        self.purpose = instrument.purpose.value
        self.definition = engine.dump_instrument(instrument)
        self.signature = instrument.signature

    def title_in(self, language: str) -> str:
        instrument = self.instrument
        return instrument.text(instrument.title, language)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(json.dumps(self.definition, sort_keys=True).encode()).hexdigest()

    @property
    def frozen(self) -> bool:
        """True once anyone has begun answering this version."""
        return self.responses.exists()


class Timing(models.TextChoices):
    START = "start", _("At the start")
    EVERY_N_WEEKS = "every_n_weeks", _("Every N weeks")
    END = "end", _("At the end")
    AFTER_SESSION = "after_session", _("After each session")


class Occasion(models.TextChoices):
    START = "start", _("Start")
    DURING = "during", _("During")
    END = "end", pgettext_lazy("feedback", "End")
    SESSION = "session", _("After a session")


TIMING_OCCASION = {
    Timing.START: Occasion.START,
    Timing.EVERY_N_WEEKS: Occasion.DURING,
    Timing.END: Occasion.END,
    Timing.AFTER_SESSION: Occasion.SESSION,
}


class MeasurementPlanQuerySet(models.QuerySet["MeasurementPlan"]):
    def of(self, organisation: Organisation) -> MeasurementPlanQuerySet:
        return self.filter(programme__organisation=organisation)

    def active(self) -> MeasurementPlanQuerySet:
        return self.filter(active=True)


class MeasurementPlan(CodeModel):
    """Which questionnaire a programme uses when: at the start, every N weeks, at the end, after each session."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="measurement_plans", verbose_name=_("programme")
    )
    instrument_key = models.CharField(_("questionnaire"), max_length=40)
    timing = models.CharField(_("when"), max_length=20, choices=Timing.choices)
    interval_weeks = models.PositiveSmallIntegerField(_("every how many weeks"), null=True, blank=True)
    reminder_after_days = models.PositiveSmallIntegerField(
        _("reminder after (days)"),
        default=reminder_days,
        help_text=_("One reminder is e-mailed this many days after the invitation, if it is still unanswered."),
    )
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MeasurementPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("measurement plan")
        verbose_name_plural = _("measurement plans")
        ordering = ["programme__name", "instrument_key", "timing"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(timing="every_n_weeks") | Q(interval_weeks__gte=1),
                name="plan_interval_for_repeats",
            ),
            models.UniqueConstraint(
                fields=["programme", "instrument_key", "timing"],
                condition=Q(active=True),
                name="one_active_plan_per_timing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.instrument_key} ({self.get_timing_display()})"

    @property
    def occasion(self) -> str:
        return TIMING_OCCASION[Timing(self.timing)]


class InvitationVia(models.TextChoices):
    LINK = "link", _("Link or QR code")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person, on the peer's device")


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def of(self, organisation: Organisation) -> InvitationQuerySet:
        return self.filter(organisation=organisation)

    def open(self) -> InvitationQuerySet:
        """Not answered, not cancelled and not expired."""
        return self.filter(completed_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now())

    def due_for_reminder(self, now: Any) -> InvitationQuerySet:
        return self.open().filter(remind_at__isnull=False, remind_at__lte=now, reminded_at__isnull=True)


def invitation_expiry() -> Any:
    return timezone.now() + timedelta(days=link_days())


class Invitation(CodeModel):
    """An invitation to answer one questionnaire, opened through a signed link without an account.

    A personal invitation is for one respondent and can be answered once. A group link (for example
    the QR code a teacher shows after a session) takes one anonymous answer per phone until it expires.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="feedback_invitations")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="feedback_invitations", verbose_name=_("programme")
    )
    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("questionnaire")
    )
    plan = models.ForeignKey(
        MeasurementPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    respondent_citizen = models.ForeignKey(
        "people.Citizen",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_invitations",
        verbose_name=_("citizen"),
    )
    respondent_label = models.CharField(
        _("respondent or group"),
        max_length=200,
        blank=True,
        help_text=_("A name for the respondent, or for a group link the group or session."),
    )
    group_link = models.BooleanField(_("group link"), default=False)
    occasion = models.CharField(_("occasion"), max_length=16, choices=Occasion.choices)
    via = models.CharField(_("sent by"), max_length=16, choices=InvitationVia.choices, default=InvitationVia.LINK)
    context_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    context_code = models.CharField(max_length=64, blank=True, db_index=True)
    email = EncryptedTextField(_("e-mail"), blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    remind_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    completed_at = models.DateTimeField(_("answered"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation to answer")
        verbose_name_plural = _("invitations to answer")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["context_type", "context_code"], name="invitation_context")]
        constraints = [
            models.CheckConstraint(
                condition=Q(group_link=False) | Q(respondent_citizen__isnull=True),
                name="group_link_has_no_citizen",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.title} – {self.respondent_name}"

    @property
    def respondent_name(self) -> str:
        if self.respondent_citizen is not None:
            return self.respondent_citizen.full_name
        return self.respondent_label

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def usable(self) -> bool:
        return self.cancelled_at is None and not self.expired and (self.group_link or self.completed_at is None)

    @property
    def status(self) -> str:
        if self.cancelled_at is not None:
            return "cancelled"
        if self.completed_at is not None and not self.group_link:
            return "completed"
        if self.expired:
            return "expired"
        return "open"


class ResponseQuerySet(models.QuerySet["Response"]):
    def of(self, organisation: Organisation) -> ResponseQuerySet:
        return self.filter(organisation=organisation)

    def submitted(self) -> ResponseQuerySet:
        return self.filter(submitted_at__isnull=False)

    def flagged(self) -> ResponseQuerySet:
        return self.filter(flagged=True)

    def awaiting_follow_up(self) -> ResponseQuerySet:
        return self.submitted().flagged().filter(followed_up_at__isnull=True)

    def for_key(self, instrument_key: str) -> ResponseQuerySet:
        return self.filter(instrument__instrument_id=instrument_key)


class Response(CodeModel):
    """One person's answers to one questionnaire version; saved on every step, so nothing is lost."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="feedback_responses")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="feedback_responses")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="responses")
    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="responses", verbose_name=_("questionnaire")
    )
    respondent_citizen = models.ForeignKey(
        "people.Citizen", on_delete=models.CASCADE, null=True, blank=True, related_name="feedback_responses"
    )
    occasion = models.CharField(_("occasion"), max_length=16, choices=Occasion.choices)
    context_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    context_code = models.CharField(max_length=64, blank=True, db_index=True)
    language = models.CharField(max_length=8, default="da")
    answers = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("answered"), null=True, blank=True, db_index=True)
    # The engine's score, kept for lists and aggregates (recomputed on every save).
    total = models.FloatField(null=True, blank=True)
    total_complete = models.BooleanField(default=False)
    complete = models.BooleanField(default=False)
    subscale_scores = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(default=list, blank=True)
    flagged = models.BooleanField(default=False, db_index=True)
    followed_up_at = models.DateTimeField(_("followed up"), null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    follow_up_note = models.CharField(_("note on the follow-up"), max_length=500, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["-submitted_at", "-started_at", "-id"]
        indexes = [
            models.Index(fields=["programme", "occasion"], name="response_programme_occasion"),
            models.Index(fields=["context_type", "context_code"], name="response_context"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.started_at:%Y-%m-%d}"

    @property
    def score(self) -> engine.Score:
        return engine.score_answers(self.instrument.instrument, self.answers)

    @property
    def partial(self) -> bool:
        return self.submitted_at is None
