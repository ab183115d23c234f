"""Peer education (modules, runs, enrolments, completions, the internal introduction checklist, the
qualification rules) and support for peers (supervision, ERFA, collaboration forum and volunteer
meetings with attendance; the coordinator's follow-ups)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.text import get_text_list
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.models import CodeModel, Organisation, Programme

# ---------------------------------------------------------------------------------------------------
# Peer education
# ---------------------------------------------------------------------------------------------------


class Track(models.TextChoices):
    """The three tracks of the peer education (seed 000): each has its own mandatory and elective modules."""

    PAID = "paid", _("Paid peers")
    VOLUNTEER = "volunteer", _("Volunteer peers")
    COLLEAGUE = "colleague", _("Colleagues of peers")


class ModuleKind(models.TextChoices):
    """What a module is in the education; the qualification defaults and the plan refer to these."""

    BASIC = "basic", _("Basic module")
    MODULE = "module", _("Module")
    FULL_EDUCATION = "full_education", _("Peer education (13 weeks)")
    TEACHER_MODULE = "teacher_module", _("Peer-teacher module")
    TEACHER_INTRO = "teacher_intro", _("Teachers' intro course")
    INTRODUCTION = "introduction", _("Internal introduction (checklist)")


class RequirementLevel(models.TextChoices):
    MANDATORY = "mandatory", _("Mandatory")
    ELECTIVE = "elective", _("Elective")


class EducationModuleQuerySet(models.QuerySet["EducationModule"]):
    def of(self, organisation: Organisation) -> EducationModuleQuerySet:
        return self.filter(organisation=organisation)

    def active(self) -> EducationModuleQuerySet:
        return self.filter(active=True)


class EducationModule(CodeModel):
    """A module of the organisation's peer education: the basic module, a mandatory or elective module,
    the 13-week education, the peer-teacher module, the teachers' intro course or the internal introduction."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="education_modules", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ModuleKind.choices, default=ModuleKind.MODULE)
    description = models.TextField(_("description"), blank=True)
    duration = models.CharField(
        _("duration"), max_length=100, blank=True, help_text=_("For example “3–4 days” or “13 weeks”.")
    )
    default_capacity = models.PositiveSmallIntegerField(
        _("places on a run"), default=20, help_text=_("Suggested when you create a run; each run has its own.")
    )
    active = models.BooleanField(_("offered"), default=True)
    offered_months = models.JSONField(
        _("months it is offered"),
        default=list,
        blank=True,
        help_text=_(
            "The months in which runs usually start, e.g. January, May and June for the basic module. None: any time."
        ),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=100)
    created_at = models.DateTimeField(default=timezone.now)

    objects = EducationModuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("education module")
        verbose_name_plural = _("education modules")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="education_module_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_checklist(self) -> bool:
        """The internal introduction is ticked off item by item alongside the first shifts; it has no runs."""
        return self.kind == ModuleKind.INTRODUCTION

    def is_offered_in(self, month: int) -> bool:
        """Whether a run may usually start in this month (1–12); a module without months is offered any time."""
        return not self.offered_months or month in self.offered_months

    @property
    def offered_months_text(self) -> str:
        """The months in words, in the language in use, e.g. "januar, maj og juni"; "" when any time."""
        names = [str(MONTHS[m]) for m in sorted(self.offered_months) if m in MONTHS]
        return str(get_text_list(names, gettext("and"))) if names else ""


class TrackRequirement(models.Model):
    """That a module is mandatory or elective for one track."""

    module = models.ForeignKey(EducationModule, on_delete=models.CASCADE, related_name="track_requirements")
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    level = models.CharField(_("requirement"), max_length=20, choices=RequirementLevel.choices)

    class Meta:
        verbose_name = _("track requirement")
        verbose_name_plural = _("track requirements")
        constraints = [models.UniqueConstraint(fields=["module", "track"], name="one_requirement_per_module_track")]

    def __str__(self) -> str:
        return f"{self.module}: {self.track} {self.level}"


class ModuleRunQuerySet(models.QuerySet["ModuleRun"]):
    def of(self, organisation: Organisation) -> ModuleRunQuerySet:
        return self.filter(module__organisation=organisation)

    def not_cancelled(self) -> ModuleRunQuerySet:
        return self.filter(cancelled_at__isnull=True)

    def with_places_taken(self) -> ModuleRunQuerySet:
        return self.annotate(
            places_taken=models.Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.WITHDRAWN))
        )


class ModuleRun(CodeModel):
    """One offering of a module: dates, place and a number of places (the basic module runs in January, May, June)."""

    module = models.ForeignKey(EducationModule, on_delete=models.PROTECT, related_name="runs", verbose_name=_("module"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"))
    note = models.CharField(_("practical note"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ModuleRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("module run")
        verbose_name_plural = _("module runs")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="module_run_end_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="module_run_has_places"),
        ]

    def __str__(self) -> str:
        return f"{self.module} {self.starts_on:%d.%m.%Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Not completed")
    WITHDRAWN = "withdrawn", pgettext_lazy("enrolment", "Withdrawn")


# A withdrawn enrolment frees its place; every other status keeps it.
PLACE_TAKING_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.NOT_COMPLETED)


class Enrolment(CodeModel):
    """A peer's place on a module run, and whether they completed it."""

    run = models.ForeignKey(ModuleRun, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("run"))
    peer = models.ForeignKey(
        "people.Peer", on_delete=models.CASCADE, related_name="education_enrolments", verbose_name=_("peer")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(pgettext_lazy("enrolment", "withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["enrolled_at", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "peer"], name="one_enrolment_per_peer_and_run")]

    def __str__(self) -> str:
        return f"{self.peer} – {self.run}"


class CompletionSource(models.TextChoices):
    RUN = "run", _("Completed a run")
    CHECKLIST = "checklist", _("Checklist completed")
    RECOGNISED = "recognised", _("Recognised (taken elsewhere)")


class ModuleCompletion(CodeModel):
    """That a peer has completed a module: the facts the qualification rules are derived from."""

    peer = models.ForeignKey("people.Peer", on_delete=models.CASCADE, related_name="module_completions")
    module = models.ForeignKey(EducationModule, on_delete=models.CASCADE, related_name="completions")
    completed_on = models.DateField(_("completed on"))
    source = models.CharField(_("how"), max_length=20, choices=CompletionSource.choices)
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="completion"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("completed module")
        verbose_name_plural = _("completed modules")
        ordering = ["completed_on", "id"]
        constraints = [models.UniqueConstraint(fields=["peer", "module"], name="one_completion_per_peer_and_module")]

    def __str__(self) -> str:
        return f"{self.peer} – {self.module}"


class ChecklistItem(CodeModel):
    """One part of the internal introduction (organisation, conversation techniques, the discharge guide...)."""

    module = models.ForeignKey(EducationModule, on_delete=models.CASCADE, related_name="checklist_items")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("item"), max_length=300)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class ChecklistTick(models.Model):
    """An item of the introduction done by a peer: when, and who ticked it."""

    peer = models.ForeignKey("people.Peer", on_delete=models.CASCADE, related_name="checklist_ticks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="ticks")
    ticked_on = models.DateField(_("done on"))
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ticked checklist item")
        verbose_name_plural = _("ticked checklist items")
        constraints = [models.UniqueConstraint(fields=["peer", "item"], name="one_tick_per_peer_and_item")]

    def __str__(self) -> str:
        return f"{self.peer} – {self.item}"


class QualifiedRoleChoices(models.TextChoices):
    """The roles an education qualifies for (re-exported as `education.qualification.QualifiedRole`)."""

    PEER_GUIDE = "peer_guide", _("Peer guide")
    WARD_PEER = "ward_peer", _("Peer on a ward")
    PEER_TEACHER = "peer_teacher", _("Peer teacher")
    INDIVIDUAL_PEER = "individual_peer", _("Individual peer support")
    VOLUNTEER_COMPANION = "volunteer_companion", _("Volunteer companion")


class QualificationRule(CodeModel):
    """What a peer of this organisation must have completed to be qualified for a role.

    Every requirement must be met; a requirement is met by completing any one of its modules.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="qualification_rules", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=32, choices=QualifiedRoleChoices.choices)
    needs_admission_experience = models.BooleanField(
        _("must have been admitted to a psychiatric ward"),
        default=False,
        help_text=_("As the bridge-builder model asks of peers on the wards."),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("qualification rule")
        verbose_name_plural = _("qualification rules")
        constraints = [models.UniqueConstraint(fields=["organisation", "role"], name="one_rule_per_org_and_role")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.role}"


class RuleRequirement(models.Model):
    """One requirement of a rule: any one of these modules completed."""

    rule = models.ForeignKey(QualificationRule, on_delete=models.CASCADE, related_name="requirements")
    position = models.PositiveSmallIntegerField(default=0)
    modules = models.ManyToManyField(EducationModule, related_name="requirement_groups")

    class Meta:
        verbose_name = _("rule requirement")
        verbose_name_plural = _("rule requirements")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.rule} #{self.position}"


class EducationPolicy(models.Model):
    """The organisation's deadline for mandatory modules and when to warn (seed 000: one year)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="education_policy")
    deadline_months = models.PositiveSmallIntegerField(_("mandatory modules finished within (months)"), default=12)
    first_warning_days = models.PositiveSmallIntegerField(_("first warning (days before)"), default=60)
    second_warning_days = models.PositiveSmallIntegerField(_("second warning (days before)"), default=14)

    class Meta:
        verbose_name = _("education policy")
        verbose_name_plural = _("education policies")
        constraints = [
            models.CheckConstraint(condition=Q(deadline_months__gte=1), name="education_deadline_positive"),
            models.CheckConstraint(
                condition=Q(second_warning_days__lt=models.F("first_warning_days")), name="education_warnings_ordered"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class DeadlineWarning(models.Model):
    """A deadline warning sent, so each is sent once per deadline."""

    peer = models.ForeignKey("people.Peer", on_delete=models.CASCADE, related_name="education_deadline_warnings")
    deadline = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["peer", "deadline", "days_before"], name="one_warning_per_deadline")
        ]

    def __str__(self) -> str:
        return f"{self.peer} {self.deadline} −{self.days_before}"


# ---------------------------------------------------------------------------------------------------
# Support for peers: meetings and attendance, follow-ups
# ---------------------------------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    SUPERVISION = "supervision", _("Group supervision")
    ERFA = "erfa", _("ERFA group")
    COLLABORATION_FORUM = "collaboration_forum", _("Collaboration forum")
    VOLUNTEER_MEETING = "volunteer_meeting", _("Volunteer meeting")


class Ordinal(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


class MeetingSeriesQuerySet(models.QuerySet["MeetingSeries"]):
    def of(self, organisation: Organisation) -> MeetingSeriesQuerySet:
        return self.filter(organisation=organisation)


class MeetingSeries(CodeModel):
    """A recurring meeting for peers, e.g. group supervision on the first Tuesday of every month."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="meeting_series", verbose_name=_("organisation")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_series",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    ordinal = models.SmallIntegerField(_("which week"), choices=Ordinal.choices, default=Ordinal.FIRST)
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    every_months = models.PositiveSmallIntegerField(_("every (months)"), default=1)
    start_time = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    required = models.BooleanField(
        _("attendance required"),
        default=False,
        help_text=_("Group supervision is required in the bridge-builder model: 1 hour every month."),
    )
    participants = models.ManyToManyField(
        "people.Peer", blank=True, related_name="meeting_series", verbose_name=_("participants")
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = MeetingSeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="series_weekday_0_to_6"),
            models.CheckConstraint(condition=Q(every_months__gte=1, every_months__lte=12), name="series_every_1_12"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="series_end_after_start"
            ),
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="series_duration_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def of(self, organisation: Organisation) -> MeetingQuerySet:
        return self.filter(organisation=organisation)

    def held(self) -> MeetingQuerySet:
        return self.filter(status=MeetingStatus.PLANNED)


class Meeting(CodeModel):
    """One occurrence of a series. Attendance is recorded for it; what was said never is."""

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="occurrences")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="peer_meetings")
    kind = models.CharField(_("kind"), max_length=32, choices=MeetingKind.choices)
    on = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["series", "on"], name="one_meeting_per_series_and_day")]
        indexes = [models.Index(fields=["organisation", "starts_at"], name="meeting_org_starts")]

    def __str__(self) -> str:
        return f"{self.series} {self.on:%d.%m.%Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    """Whether a peer came to a meeting. Deliberately no field for content or minutes (DOMAIN §13)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    peer = models.ForeignKey("people.Peer", on_delete=models.CASCADE, related_name="meeting_attendance")
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "peer"], name="one_attendance_per_peer_and_meeting")]

    def __str__(self) -> str:
        return f"{self.peer} – {self.meeting}: {self.status}"


class FollowUpForm(models.TextChoices):
    PHONE = "phone", _("Phone call")
    MEETING = "meeting", _("Meeting")


class FollowUp(CodeModel):
    """The coordinator's individual follow-up with a peer: when and how. Never what was talked about."""

    peer = models.ForeignKey("people.Peer", on_delete=models.CASCADE, related_name="follow_ups")
    held_on = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=20, choices=FollowUpForm.choices)
    note = models.CharField(
        _("practical note"),
        max_length=140,
        blank=True,
        help_text=_("Only practical things, e.g. “call again after the holiday”. Never what you talked about."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.peer} {self.held_on}"


class FollowUpReminder(models.Model):
    """An overdue reminder sent to the coordinators, once per overdue spell (identified by its due date)."""

    peer = models.ForeignKey("people.Peer", on_delete=models.CASCADE, related_name="follow_up_reminders")
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["peer", "due_on"], name="one_reminder_per_overdue_spell")]

    def __str__(self) -> str:
        return f"{self.peer} {self.due_on}"
