"""Citizens (and, with the peers issue, peers): the people whose personal data Brobygger holds."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import cpr as cpr_utils
from core.crypto import EncryptedTextField, lookup_hash
from core.models import CodeModel, Organisation, Programme


class CitizenQuerySet(models.QuerySet["Citizen"]):
    def of(self, organisation: Organisation) -> CitizenQuerySet:
        return self.filter(organisation=organisation)

    def with_cpr(self, number: str) -> CitizenQuerySet:
        """Find by CPR through the keyed hash, never by decrypting every row."""
        return self.filter(cpr_lookup=lookup_hash(cpr_utils.normalise(number)))


class Citizen(CodeModel):
    """A citizen, patient or course participant known to one organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="citizens", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citizen_records",
        verbose_name=_("account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    cpr_encrypted = EncryptedTextField(_("CPR number"), blank=True, default="")
    cpr_lookup = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CitizenQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        ordering = ["first_name", "last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cpr_lookup"], condition=~Q(cpr_lookup=""), name="citizen_cpr_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

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


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent (GDPR art. 6(1)(a) and 9(2)(a))")
    PUBLIC_TASK = "public_task", _("Public authority task (GDPR art. 6(1)(e) and 9(2)(h))")
    CONTRACT = "contract", _("Agreement with the person (GDPR art. 6(1)(b))")
    LEGITIMATE_INTEREST = (
        "legitimate_interest",
        _("Legitimate interest of an association (GDPR art. 6(1)(f) and 9(2)(d))"),
    )


class ConsentPurpose(models.TextChoices):
    PEER_SUPPORT = "peer_support", _("Receiving peer support")
    LIVED_EXPERIENCE = "lived_experience", _("Using lived-experience areas for matching")
    CONTACT = "contact", _("Being contacted by e-mail or SMS")
    QUESTIONNAIRES = "questionnaires", _("Answering questionnaires about recovery")
    SHARE_WITH_PEER = "share_with_peer", _("Sharing questionnaire results with my peer")
    RESEARCH = "research", _("Pseudonymised use for evaluation and research")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def in_force(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Consent(CodeModel):
    """The legal basis or consent for one purpose, with time, who recorded it, and any withdrawal."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="consents", verbose_name=_("citizen"))
    purpose = models.CharField(_("purpose"), max_length=32, choices=ConsentPurpose.choices)
    basis = models.CharField(_("legal basis"), max_length=32, choices=LegalBasis.choices, default=LegalBasis.CONSENT)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "purpose"], condition=Q(withdrawn_at__isnull=True), name="one_consent_in_force"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.get_basis_display()})"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


class PeerKind(models.TextChoices):
    PAID = "paid", _("Paid peer")
    VOLUNTEER = "volunteer", _("Volunteer peer")
    DUAL_COMPETENCE = "dual_competence", _("Dual competence (professional and lived experience)")


class PeerStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    IN_EDUCATION = "in_education", _("In education")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")
    UNSPECIFIED = "unspecified", _("Prefer not to say")


class AgeBand(models.TextChoices):
    AGE_18_29 = "18-29", _("18–29 years")
    AGE_30_39 = "30-39", _("30–39 years")
    AGE_40_49 = "40-49", _("40–49 years")
    AGE_50_59 = "50-59", _("50–59 years")
    AGE_60_PLUS = "60+", _("60 years or more")


class LivedExperienceArea(models.TextChoices):
    """Areas of lived experience, used for matching only with recorded consent (DOMAIN §5)."""

    SCHIZOPHRENIA = "schizophrenia", _("Schizophrenia or psychosis")
    BIPOLAR = "bipolar", _("Bipolar disorder")
    DEPRESSION = "depression", _("Depression")
    ANXIETY = "anxiety", _("Anxiety")
    PTSD = "ptsd", _("PTSD or trauma")
    EATING = "eating_disorder", _("Eating disorder")
    PERSONALITY = "personality_disorder", _("Personality disorder")
    OCD = "ocd", _("OCD")
    ADHD = "adhd", _("ADHD or autism")
    SELF_HARM = "self_harm", _("Self-harm or suicidal crisis")
    SUBSTANCE = "substance_abuse_treatment", _("Substance-abuse treatment")
    HOUSING = "housing_service", _("Life in a housing service")
    ADMISSION = "psychiatric_admission", _("Admission to a psychiatric ward")
    RELATIVE = "relative", _("Being a relative")


class Language(models.TextChoices):
    DANISH = "da", _("Danish")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    GERMAN = "de", _("German")
    POLISH = "pl", _("Polish")
    SOMALI = "so", _("Somali")
    URDU = "ur", _("Urdu")
    PERSIAN = "fa", _("Persian")
    UKRAINIAN = "uk", _("Ukrainian")
    SWEDISH = "sv", _("Swedish")
    NORWEGIAN = "no", _("Norwegian")
    SIGN = "dsl", _("Danish Sign Language")


# At least 2/3 of a paid peer's time must be peer work (DOMAIN §5); two decimals are stored.
PEER_WORK_SHARE_MIN = Decimal("0.67")


class PeerQuerySet(models.QuerySet["Peer"]):
    def of(self, organisation: Organisation) -> PeerQuerySet:
        return self.filter(organisation=organisation)

    def active(self) -> PeerQuerySet:
        return self.filter(status=PeerStatus.ACTIVE)

    def available_for_matching(self) -> PeerQuerySet:
        """Active and not paused; qualification and agreements are checked by their apps."""
        return self.filter(status=PeerStatus.ACTIVE)

    def current(self) -> PeerQuerySet:
        """Everyone still with the organisation: not ended."""
        return self.exclude(status=PeerStatus.ENDED)

    def below_peer_work_share(self) -> PeerQuerySet:
        """Paid peers whose recorded share of peer work is below the 2/3 the function description asks."""
        return self.filter(kind=PeerKind.PAID, peer_work_share__lt=PEER_WORK_SHARE_MIN)


class Peer(CodeModel):
    """A person who gives peer support, from application to the end of their time with the organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="peers", verbose_name=_("organisation")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_profile",
        verbose_name=_("account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PeerKind.choices, default=PeerKind.VOLUNTEER)
    status = models.CharField(_("status"), max_length=20, choices=PeerStatus.choices, default=PeerStatus.APPLICANT)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1, default=0)
    peer_work_share = models.DecimalField(
        _("share of time in peer work"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For paid peers: at least 2/3 of the time should be peer work."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("citizens at a time"), default=2, help_text=_("How many 1:1 courses the peer can have at once.")
    )
    units = models.ManyToManyField("core.Unit", blank=True, related_name="peers", verbose_name=_("units"))
    programmes = models.ManyToManyField(
        "core.Programme", blank=True, related_name="peers", verbose_name=_("programmes")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, default=Gender.UNSPECIFIED)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, blank=True)
    lived_experience_areas = models.JSONField(_("lived-experience areas"), default=list, blank=True)
    lived_experience_consent_at = models.DateTimeField(
        _("consent to use lived-experience areas"), null=True, blank=True
    )
    has_admission_experience = models.BooleanField(
        _("has been admitted to a psychiatric ward"),
        default=False,
        help_text=_("Required for ward work in the bridge-builder model."),
    )
    mentor = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="mentees", verbose_name=_("mentor")
    )
    pause_reason = models.CharField(_("reason for pause"), max_length=300, blank=True)
    paused_until = models.DateField(_("expected back"), null=True, blank=True)
    ended_at = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    started_at = models.DateField(_("active since"), null=True, blank=True)
    pause_reminded_on = models.DateField(null=True, blank=True, editable=False)
    invitation = models.ForeignKey(
        "core.Invitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PeerQuerySet.as_manager()

    class Meta:
        verbose_name = _("peer")
        verbose_name_plural = _("peers")
        ordering = ["first_name", "last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lived_experience_areas=[]) | Q(lived_experience_consent_at__isnull=False),
                name="lived_experience_needs_consent",
            ),
            models.CheckConstraint(condition=Q(hours_per_week__gte=0), name="peer_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def below_peer_work_share(self) -> bool:
        return (
            self.kind == PeerKind.PAID
            and self.peer_work_share is not None
            and self.peer_work_share < PEER_WORK_SHARE_MIN
        )

    @property
    def lived_experience_labels(self) -> list[str]:
        labels = dict(LivedExperienceArea.choices)
        return [str(labels.get(a, a)) for a in self.lived_experience_areas]

    @property
    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(a, a)) for a in self.languages]


class PeerStatusChange(models.Model):
    """The peer's life cycle as history: every change of status, when, by whom and why."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=PeerStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PeerStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.peer}: {self.from_status} → {self.to_status}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class AvailabilitySlot(models.Model):
    """A weekly time the peer is usually available (Monday = 0)."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = _("available time")
        verbose_name_plural = _("available times")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="availability_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class AvailabilityException(CodeModel):
    """A period when the weekly pattern does not hold (holiday, course, extra availability)."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="availability_exceptions")
    starts_on = models.DateField(_("from date"))
    ends_on = models.DateField(_("to date"))
    available = models.BooleanField(_("available in the period"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("exception to availability")
        verbose_name_plural = _("exceptions to availability")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="exception_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}"


class ApplicationStatus(models.TextChoices):
    """The coordinator's pipeline for people who want to become peers."""

    NEW = "new", _("New")
    INTERVIEW_PLANNED = "interview_planned", _("Interview planned")
    INTERVIEWED = "interviewed", _("Interviewed")
    OFFERED = "offered", _("Offered a place")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_APPLICATION_STATUSES = (
    ApplicationStatus.NEW,
    ApplicationStatus.INTERVIEW_PLANNED,
    ApplicationStatus.INTERVIEWED,
)
CLOSED_APPLICATION_STATUSES = (ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN)


class RecoveryDuration(models.TextChoices):
    """How long the applicant has been in a recovery process; the number is the lower bound in years."""

    UNDER_ONE = "0", _("Less than a year")
    ONE_TO_TWO = "1", _("1–2 years")
    THREE_TO_FIVE = "3", _("3–5 years")
    OVER_FIVE = "6", _("More than 5 years")


class PeerApplicationQuerySet(models.QuerySet["PeerApplication"]):
    def of(self, organisation: Organisation) -> PeerApplicationQuerySet:
        return self.filter(organisation=organisation)

    def open(self) -> PeerApplicationQuerySet:
        return self.filter(status__in=OPEN_APPLICATION_STATUSES)


class PeerApplication(CodeModel):
    """An application to become a peer, sent from the public site without logging in."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="peer_applications", verbose_name=_("organisation")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="peer_applications", verbose_name=_("programme")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.NEW
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"))
    motivation = models.TextField(_("motivation"))
    lived_experience = models.TextField(_("lived experience"))
    recovery_duration = models.CharField(_("time in recovery"), max_length=2, choices=RecoveryDuration.choices)
    hours_wanted = models.DecimalField(_("hours per week wanted"), max_digits=4, decimal_places=1)
    education = models.TextField(_("education"), blank=True)
    has_admission_experience = models.BooleanField(_("has been admitted to a psychiatric ward"))
    kind_wanted = models.CharField(_("kind wanted"), max_length=20, choices=PeerKind.choices)
    consent_given_at = models.DateTimeField(_("consent given"))
    consent_text = models.TextField(_("consent as worded"))
    language = models.CharField(_("language"), max_length=8, default="da")
    submitted_at = models.DateTimeField(_("received"), default=timezone.now)
    interview_at = models.DateTimeField(_("interview"), null=True, blank=True)
    interview_place = models.CharField(_("place of interview"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("internal note on the decision"), max_length=300, blank=True)
    peer = models.OneToOneField(
        Peer, on_delete=models.SET_NULL, null=True, blank=True, related_name="application", verbose_name=_("peer")
    )

    objects = PeerApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application to become a peer")
        verbose_name_plural = _("applications to become a peer")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status"], name="application_org_status")]
        constraints = [
            models.CheckConstraint(condition=Q(hours_wanted__gte=0), name="application_hours_not_negative"),
            models.CheckConstraint(condition=~Q(consent_text=""), name="application_needs_consent"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_APPLICATION_STATUSES

    @property
    def recovery_years_at_least(self) -> int:
        return int(self.recovery_duration)


class CompetenceCriterion(models.TextChoices):
    """The competence profile the interview panel assesses against (seed 004, 'Peers som Brobyggere')."""

    RECOVERY_REFLECTION = "recovery_reflection", _("Reflection on own recovery process")
    SELF_MANAGEMENT = "self_management", _("Managing own illness")
    PSYCHIATRY_WORKPLACE = "psychiatry_workplace", _("Psychiatry as a workplace")
    WORKPLACE = "workplace", _("Being part of a workplace")
    ADMISSION = "admission_experience", _("Experience of admission to a psychiatric ward")


class InterviewScoreValue(models.IntegerChoices):
    NOT_SHOWN = 1, _("1 – not shown")
    PARTLY = 2, _("2 – partly")
    SHOWN = 3, _("3 – shown")
    CLEARLY = 4, _("4 – clearly shown")


class Interview(CodeModel):
    """A job or volunteer interview with an applicant, and the panel's assessment of it."""

    application = models.ForeignKey(
        PeerApplication, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("application")
    )
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("the panel's overall assessment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.application} {self.held_on}"


class InterviewScore(models.Model):
    """One panel member's score (1–4) and note for one criterion of the competence profile."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scores")
    panel_member = models.CharField(_("panel member"), max_length=150)
    criterion = models.CharField(_("criterion"), max_length=32, choices=CompetenceCriterion.choices)
    score = models.PositiveSmallIntegerField(_("score"), choices=InterviewScoreValue.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("interview score")
        verbose_name_plural = _("interview scores")
        ordering = ["panel_member", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "panel_member", "criterion"], name="one_score_per_member_and_criterion"
            ),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=4), name="interview_score_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.panel_member}: {self.criterion} {self.score}"
