"""1:1 courses of support (forløb): the course, its meetings, the cooperation agreement, transport claims.

A course runs contact → first meeting → cooperation agreement → meetings → planned end → ended by
either party → final evaluation by both (DOMAIN §8). What the peer and the citizen talk about, and
their cooperation agreement, is theirs alone (DOMAIN §10): the texts are stored encrypted and only
the two of them are shown them; a coordinator sees that meetings and an agreement exist.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.crypto import EncryptedTextField
from core.models import CodeModel, Organisation, Programme
from people.models import Citizen, Peer


class Stage(models.TextChoices):
    CONTACT = "contact", _("Contact")
    STARTED = "started", _("First meeting held")
    AGREED = "agreed", _("Cooperation agreement in place")
    ENDED = "ended", pgettext_lazy("course of support", "Ended")


class EndedBy(models.TextChoices):
    CITIZEN = "citizen", _("The citizen")
    PEER = "peer", _("The peer")
    BOTH = "both", _("Both, as planned")


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("The course came to its planned end")
    GOALS_REACHED = "goals_reached", _("The citizen no longer needs a peer")
    NOT_WORKING = "not_working", _("The match between us did not work")
    CITIZEN_DECLINED = "citizen_declined", _("The citizen did not want to continue")
    CIRCUMSTANCES = "circumstances", _("Changed circumstances (health, moving, work)")
    OTHER = "other", _("Another reason")


# Reasons after which a citizen who still wants a peer goes back to the waiting queue.
REQUEUE_REASONS = frozenset({EndReason.NOT_WORKING, EndReason.CITIZEN_DECLINED})


class SupportCourseQuerySet(models.QuerySet["SupportCourse"]):
    def of(self, organisation: Organisation) -> SupportCourseQuerySet:
        return self.filter(organisation=organisation)

    def active(self) -> SupportCourseQuerySet:
        return self.exclude(stage=Stage.ENDED)

    def ended(self) -> SupportCourseQuerySet:
        return self.filter(stage=Stage.ENDED)

    def of_peer_user(self, user: object) -> SupportCourseQuerySet:
        return self.filter(peer__user=user)

    def of_citizen_user(self, user: object) -> SupportCourseQuerySet:
        return self.filter(citizen__user=user)

    def near_end(self, today: datetime.date, days: int) -> SupportCourseQuerySet:
        return self.active().filter(planned_end__lte=today + datetime.timedelta(days=days))

    def running_in(self, start: datetime.date, end: datetime.date) -> SupportCourseQuerySet:
        """Courses that were under way on some day of the period (both dates included)."""
        return self.filter(started_on__lte=end).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))


class SupportCourse(CodeModel):
    """A 1:1 course of support between one peer and one citizen in a programme."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="support_courses", verbose_name=_("organisation")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="support_courses", verbose_name=_("programme")
    )
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="support_courses", verbose_name=_("citizen")
    )
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="support_courses", verbose_name=_("peer"))
    match = models.OneToOneField(
        "referrals.Match",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_course",
        verbose_name=_("match"),
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.CONTACT)
    started_on = models.DateField(_("started"), default=timezone.localdate)
    contacted_on = models.DateField(_("first contact"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    ended_by = models.CharField(_("ended by"), max_length=16, choices=EndedBy.choices, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=24, choices=EndReason.choices, blank=True)
    next_meeting_on = models.DateField(_("next meeting"), null=True, blank=True)
    next_meeting_note = models.CharField(_("time and place of the next meeting"), max_length=120, blank=True)
    wants_new_peer = models.BooleanField(_("the citizen would like another peer"), default=False)
    citizen_invitation_code = models.UUIDField(null=True, blank=True, editable=False)
    peer_invitation_code = models.UUIDField(null=True, blank=True, editable=False)
    agreement_reminded_on = models.DateField(null=True, blank=True, editable=False)
    end_reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SupportCourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course of support")
        verbose_name_plural = _("courses of support")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "peer"], condition=~Q(stage="ended"), name="one_active_course_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("started_on")), name="course_planned_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(stage="ended", ended_on__isnull=False) | (~Q(stage="ended") & Q(ended_on__isnull=True)),
                name="course_ended_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peer.first_name} – {self.citizen.first_name} ({self.started_on:%d.%m.%Y})"

    @property
    def is_active(self) -> bool:
        return self.stage != Stage.ENDED

    def days_to_planned_end(self, today: datetime.date | None = None) -> int:
        return (self.planned_end - (today or timezone.localdate())).days


class Activity(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation")
    COMPANY = "company", _("Company to an activity")
    AUTHORITY = "authority", _("Meeting with an authority")
    CULTURE = "culture", _("Culture or leisure")
    TREATMENT_START = "treatment_start", _("Conversation at the start of treatment")
    TREATMENT_END = "treatment_end", _("Conversation at the end of treatment")
    OTHER = "other", _("Other")


# Conversations at the start or end of treatment belong to model 1 (individual and group-based peer support).
TREATMENT_ACTIVITIES = frozenset({Activity.TREATMENT_START, Activity.TREATMENT_END})


class Accompanied(models.TextChoices):
    NONE = "", _("Just the two of us")
    CONTACT_PERSON = "contact_person", _("With the citizen's contact person")
    COORDINATOR = "coordinator", _("With the coordinator")


class Meeting(CodeModel):
    """One meeting of the course, logged by the peer on the phone: date, duration, activity, place."""

    course = models.ForeignKey(SupportCourse, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices, default=Activity.CONVERSATION)
    place = models.CharField(_("place"), max_length=120, blank=True)
    accompanied = models.CharField(_("who else took part"), max_length=20, choices=Accompanied.choices, blank=True)
    note = EncryptedTextField(_("note for the two of you"), blank=True, default="")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0) & Q(duration_minutes__lte=720), name="meeting_duration_sensible"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} {self.held_on:%d.%m.%Y}"


# The fields of the cooperation agreement between peer guide and citizen (the seed's "Samarbejdsaftale").
AGREEMENT_TEXT_FIELDS = (
    "introductions",
    "use_of_time",
    "purpose",
    "frequency",
    "places",
    "places_not",
    "peer_expectations",
    "citizen_expectations",
    "peer_watch_for",
    "citizen_watch_for",
    "work_environment",
    "reaching_the_peer",
    "evaluate_when",
    "other",
)


class CooperationAgreement(CodeModel):
    """The peer's and the citizen's own agreement on how they use their time together (DOMAIN §6).

    It is theirs and shown to no one else; every text is stored encrypted.
    """

    course = models.OneToOneField(SupportCourse, on_delete=models.CASCADE, related_name="agreement")
    first_meeting_on = models.DateField(_("date of the first meeting"), null=True, blank=True)
    introductions = EncryptedTextField(
        _("We introduced ourselves – important things to remember"), blank=True, default=""
    )
    use_of_time = EncryptedTextField(_("What would we like to use our time together on?"), blank=True, default="")
    purpose = EncryptedTextField(_("What is the purpose of meeting?"), blank=True, default="")
    frequency = EncryptedTextField(
        _("How often and when would we like to meet? (can also be agreed from time to time)"), blank=True, default=""
    )
    places = EncryptedTextField(
        _("Where would we like to meet? (can also be agreed from time to time)"), blank=True, default=""
    )
    places_not = EncryptedTextField(_("Where do we not meet – and why?"), blank=True, default="")
    peer_expectations = EncryptedTextField(
        _("The peer's expectations of the citizen (e.g. cancellations, openness, setting limits)"),
        blank=True,
        default="",
    )
    citizen_expectations = EncryptedTextField(
        _("The citizen's expectations of the peer (e.g. cancellations, openness, setting limits)"),
        blank=True,
        default="",
    )
    peer_watch_for = EncryptedTextField(
        _("What should the peer watch for (e.g. signs that the citizen is getting worse)?"), blank=True, default=""
    )
    citizen_watch_for = EncryptedTextField(
        _("What should the citizen watch for (e.g. signals from the peer)?"), blank=True, default=""
    )
    work_environment = EncryptedTextField(
        _("Work environment – e.g. when meeting at home: smoking, airing, a dog present"), blank=True, default=""
    )
    confidentiality_explained = models.BooleanField(
        _("We have talked about our duty of confidentiality: both of us keep what we hear to ourselves"),
        default=False,
    )
    reaching_the_peer = EncryptedTextField(_("When and how can the peer be reached?"), blank=True, default="")
    evaluate_when = EncryptedTextField(
        _("After an agreed period we evaluate our cooperation – roughly when?"), blank=True, default=""
    )
    other = EncryptedTextField(_("Anything else?"), blank=True, default="")
    peer_signed_name = models.CharField(_("signed by the peer"), max_length=200, blank=True)
    peer_signed_at = models.DateTimeField(_("peer signed"), null=True, blank=True)
    citizen_signed_name = models.CharField(_("signed by the citizen"), max_length=200, blank=True)
    citizen_signed_at = models.DateTimeField(_("citizen signed"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.course}"

    @property
    def agreed(self) -> bool:
        """Both have accepted it (with their name and the time)."""
        return self.peer_signed_at is not None and self.citizen_signed_at is not None


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# The state's high rate for business driving in one's own car; each programme may set its own ("km_rate").
DEFAULT_KM_RATE = Decimal("3.81")


class PaymentExport(CodeModel):
    """A batch of approved transport claims handed to the bookkeeping for payment."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("payment export")
        verbose_name_plural = _("payment exports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y %H:%M}"


class ExpenseClaimQuerySet(models.QuerySet["ExpenseClaim"]):
    def of(self, organisation: Organisation) -> ExpenseClaimQuerySet:
        return self.filter(organisation=organisation)

    def awaiting(self) -> ExpenseClaimQuerySet:
        return self.filter(status=ClaimStatus.SUBMITTED)

    def ready_for_payment(self) -> ExpenseClaimQuerySet:
        return self.filter(status=ClaimStatus.APPROVED, export__isnull=True)


class ExpenseClaim(CodeModel):
    """A volunteer's claim for transport costs (model 2): claim → approval by the coordinator → payment."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="expense_claims", verbose_name=_("volunteer"))
    course = models.ForeignKey(
        SupportCourse, on_delete=models.SET_NULL, null=True, blank=True, related_name="expense_claims"
    )
    travelled_on = models.DateField(_("date of the trip"))
    from_place = models.CharField(_("from"), max_length=120)
    to_place = models.CharField(_("to"), max_length=120)
    km = models.DecimalField(_("kilometres"), max_digits=6, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(_("amount (DKK)"), max_digits=8, decimal_places=2)
    receipt_note = models.CharField(_("receipt or ticket"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    export = models.ForeignKey(PaymentExport, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ExpenseClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("transport claim")
        verbose_name_plural = _("transport claims")
        ordering = ["-travelled_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive"),
            models.CheckConstraint(condition=Q(km__isnull=True) | Q(km__gt=0), name="claim_km_positive"),
            models.CheckConstraint(
                condition=Q(export__isnull=True) | Q(status="approved"), name="only_approved_claims_exported"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peer} {self.travelled_on:%d.%m.%Y} {self.amount} kr."
