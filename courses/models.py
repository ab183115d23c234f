"""Recovery-school and group courses: descriptions in versions, runs with sessions and a teaching team,
registrations with a waiting list, attendance, certificates, journal notes, the two quality checklists and
the co-teachers' cooperation agreement (DOMAIN §9, §11).

Participants are not citizens: a registration holds the name and contact itself (DOMAIN §10) and is
anonymised after the retention period.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import CodeModel, Organisation, Programme, Unit
from courses.team import TeamRole as EngineTeamRole


class CourseKind(models.TextChoices):
    OPEN = "open", _("Open course")
    CLOSED_GROUP = "closed_group", _("Closed group (by referral)")
    DROP_IN = "drop_in", _("Open drop-in")


class Theme(models.TextChoices):
    RECOVERY = "recovery", _("Recovery and hope")
    EVERYDAY_LIFE = "everyday_life", _("Everyday life and coping")
    RELATIONSHIPS = "relationships", _("Relationships and community")
    WORK_EDUCATION = "work_education", _("Work and education")
    HEALTH = "health", _("Body, health and lifestyle")
    CREATIVE = "creative", _("Creative and practical")
    RELATIVES = "relatives", _("For relatives and network")
    PRACTICE = "practice", _("Recovery-oriented practice")


class Season(models.TextChoices):
    SPRING = "spring", _("Spring")
    AUTUMN = "autumn", _("Autumn")


# Programme models that run courses or groups.
COURSE_MODELS = (
    Programme.Model.RECOVERY_SCHOOL,
    Programme.Model.ARK,
    Programme.Model.BRIDGE_BUILDERS,
    Programme.Model.INDIVIDUAL_AND_GROUP,
    Programme.Model.BRIDGE_TO_EVERYDAY,
)


class CourseQuerySet(models.QuerySet["Course"]):
    def of(self, organisation: Organisation) -> CourseQuerySet:
        return self.filter(organisation=organisation)


class Course(CodeModel):
    """A course a school or team offers; what it is about lives in its versions."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="courses", verbose_name=_("organisation")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="courses", verbose_name=_("programme")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("school or place"),
        help_text=_("The recovery school, clinic or service that offers the course."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CourseKind.choices, default=CourseKind.OPEN)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, default=Theme.RECOVERY)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        version = self.latest_version()
        return version.title if version else str(self.code)

    def latest_version(self) -> CourseVersion | None:
        cached = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if cached is not None:
            return max(cached, key=lambda v: v.number, default=None)
        return self.versions.order_by("-number").first()


class CourseVersion(CodeModel):
    """The course description in the template of DOMAIN §11. A published run keeps its version."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="versions", verbose_name=_("course"))
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    target_group = models.TextField(_("target group"), blank=True)
    purpose = models.TextField(_("purpose"))
    learning_goals = models.JSONField(_("learning goals"), default=list)
    content = models.TextField(_("content"))
    facilitators = models.JSONField(_("facilitators"), default=list, blank=True)
    methods = models.TextField(_("didactic methods and homework"), blank=True)
    literature = models.TextField(_("literature"), blank=True)
    season = models.CharField(_("term"), max_length=8, choices=Season.choices, default=Season.AUTUMN)
    weeks = models.PositiveSmallIntegerField(_("number of weeks"), default=1)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1, default=3)
    min_participants = models.PositiveSmallIntegerField(_("minimum participants"), default=8)
    max_participants = models.PositiveSmallIntegerField(_("maximum participants"), default=12)
    evaluation = models.TextField(_("evaluation"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("course description")
        verbose_name_plural = _("course descriptions")
        ordering = ["course", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_version_number_unique"),
            models.CheckConstraint(
                condition=Q(min_participants__lte=models.F("max_participants")), name="course_version_min_le_max"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def lead_facilitator(self) -> dict[str, str] | None:
        return self.facilitators[0] if self.facilitators else None


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Has a place")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class CourseRunQuerySet(models.QuerySet["CourseRun"]):
    def of(self, organisation: Organisation) -> CourseRunQuerySet:
        return self.filter(course__organisation=organisation)

    def taught_by(self, user: Any) -> CourseRunQuerySet:
        """Runs where the user is on the teaching team, as staff or through their peer profile."""
        if not getattr(user, "pk", None):
            return self.none()
        members = TeamMember.objects.filter(Q(user=user) | Q(peer__user=user)).values("run_id")
        return self.filter(pk__in=members)

    def published(self) -> CourseRunQuerySet:
        return self.filter(status=RunStatus.PUBLISHED)

    def with_counts(self) -> CourseRunQuerySet:
        return self.annotate(
            n_confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            n_waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
        )

    def below_minimum(self, today: date | None = None) -> CourseRunQuerySet:
        """Published runs that have not started and have fewer confirmed participants than their minimum."""
        day = today or timezone.localdate()
        return (
            self.published()
            .exclude(course__kind=CourseKind.DROP_IN)
            .filter(starts_on__gte=day, min_participants__isnull=False)
            .with_counts()
            .filter(n_confirmed__lt=models.F("min_participants"))  # type: ignore[misc]
        )


class CourseRun(CodeModel):
    """One run of a course: its sessions, team, places and participants."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="runs", verbose_name=_("course"))
    version = models.ForeignKey(
        CourseVersion, on_delete=models.PROTECT, related_name="runs", verbose_name=_("course description")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="course_runs", verbose_name=_("place"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.DRAFT)
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    min_participants = models.PositiveSmallIntegerField(_("minimum participants"), null=True, blank=True)
    starts_on = models.DateField(_("first session"), null=True, blank=True, db_index=True)
    ends_on = models.DateField(_("last session"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("finished"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("run cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    minimum_warning_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    certificates_issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The group link (feedback app) through which participants answer the course evaluation after the run.
    evaluation_invitation = models.UUIDField(null=True, blank=True, editable=False)

    objects = CourseRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("course run")
        verbose_name_plural = _("course runs")
        ordering = ["starts_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="course_run_capacity_positive"
            )
        ]

    def __str__(self) -> str:
        if self.starts_on:
            return f"{self.version.title} ({self.starts_on:%d.%m.%Y})"
        return self.version.title

    @property
    def organisation(self) -> Organisation:
        return self.course.organisation

    @property
    def programme(self) -> Programme:
        return self.course.programme

    @property
    def title(self) -> str:
        return self.version.title

    @property
    def kind(self) -> str:
        return self.course.kind

    @property
    def takes_registrations(self) -> bool:
        return self.course.kind != CourseKind.DROP_IN

    def confirmed_count(self) -> int:
        annotated = getattr(self, "n_confirmed", None)
        if annotated is not None:
            return int(annotated)
        return self.registrations.filter(status=RegistrationStatus.CONFIRMED).count()

    def places_left(self) -> int | None:
        """Free places, or None when the run has no limit (a drop-in)."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.confirmed_count())


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class SessionQuerySet(models.QuerySet["Session"]):
    def planned(self) -> SessionQuerySet:
        return self.filter(status=SessionStatus.PLANNED)


def _aware(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


class Session(CodeModel):
    """A teaching session (kursusgang): date, start, duration and room."""

    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("run"))
    day = models.DateField(_("date"))
    start = models.TimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    topic = models.CharField(_("theme of the session"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    attendance_marked_at = models.DateTimeField(_("attendance taken"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    headcount = models.PositiveSmallIntegerField(_("number who came"), null=True, blank=True)
    visitor_names = models.JSONField(_("names (optional)"), default=list, blank=True)
    feedback_invitation = models.UUIDField(null=True, blank=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("teaching session")
        verbose_name_plural = _("teaching sessions")
        ordering = ["day", "start", "id"]
        indexes = [models.Index(fields=["day", "start"], name="course_session_day")]
        constraints = [models.CheckConstraint(condition=Q(minutes__gt=0), name="course_session_minutes_positive")]

    def __str__(self) -> str:
        return f"{self.run.version.title} – {self.day:%d.%m.%Y}"

    @property
    def organisation(self) -> Organisation:
        return self.run.course.organisation

    @property
    def starts_at(self) -> datetime:
        return _aware(self.day, self.start)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def end_time(self) -> time:
        return (datetime.combine(self.day, self.start) + timedelta(minutes=self.minutes)).time()

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    def has_started(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.starts_at


class TeamRole(models.TextChoices):
    PEER_TEACHER = EngineTeamRole.PEER_TEACHER.value, _("Peer teacher")
    PROFESSIONAL = EngineTeamRole.PROFESSIONAL.value, _("Professional teacher")
    DUAL_COMPETENCE = EngineTeamRole.DUAL_COMPETENCE.value, _("Facilitator with dual competence")
    RELATIVE = EngineTeamRole.RELATIVE.value, _("Teacher with a relative's experience")
    GROUP_PEER = EngineTeamRole.GROUP_PEER.value, _("Peer facilitator of a group")


class TeamMember(CodeModel):
    """A teacher or facilitator of a run; a staff member with a login, a registered peer, or both."""

    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="team", verbose_name=_("run"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_team_memberships",
        verbose_name=_("staff member"),
    )
    peer = models.ForeignKey(
        "people.Peer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_team_memberships",
        verbose_name=_("peer"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)
    is_lead = models.BooleanField(_("lead (tovholder)"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["-is_lead", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "user"], condition=Q(user__isnull=False), name="team_user_once"),
            models.UniqueConstraint(fields=["run", "peer"], condition=Q(peer__isnull=False), name="team_peer_once"),
            models.UniqueConstraint(fields=["run"], condition=Q(is_lead=True), name="team_one_lead"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self) -> Organisation:
        return self.run.course.organisation

    @property
    def login(self) -> Any:
        """The account through which the member sees their runs (their own, or their peer profile's)."""
        if self.user_id:
            return self.user
        return self.peer.user if self.peer_id and self.peer is not None else None

    def identities(self) -> set[str]:
        """Keys under which a person is one teacher across runs (for the clash check)."""
        keys = set()
        if self.user_id:
            keys.add(f"user:{self.user_id}")
        if self.peer_id:
            keys.add(f"peer:{self.peer_id}")
            if self.peer is not None and self.peer.user_id:
                keys.add(f"user:{self.peer.user_id}")
        return keys


class Perspective(models.TextChoices):
    CITIZEN = "citizen", _("Citizen with own experience")
    RELATIVE = "relative", _("Relative")
    STAFF = "staff", _("Staff")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "id")

    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=RegistrationStatus.CANCELLED)


class Registration(CodeModel):
    """Someone's place (or place in the queue) on a run: a name and one way to reach them."""

    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("run"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email_key = models.CharField(max_length=254, blank=True, editable=False)
    phone_key = models.CharField(max_length=32, blank=True, editable=False)
    perspective = models.CharField(_("perspective"), max_length=12, choices=Perspective.choices, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    channel = models.CharField(_("contact by"), max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_registrations",
        verbose_name=_("account"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_referral = models.BooleanField(_("referred by staff"), default=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("registration cancelled"), null=True, blank=True)
    cancelled_by_participant = models.BooleanField(default=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["run", "status", "created_at"], name="course_registration_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "email_key"],
                condition=~Q(email_key="") & ~Q(status="cancelled"),
                name="one_registration_per_email_and_run",
            ),
            models.UniqueConstraint(
                fields=["run", "phone_key"],
                condition=~Q(phone_key="") & ~Q(status="cancelled"),
                name="one_registration_per_phone_and_run",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(_("Anonymised participant"))

    @property
    def organisation(self) -> Organisation:
        return self.run.course.organisation

    @property
    def contact(self) -> str:
        return self.email or self.phone

    def waiting_position(self) -> int | None:
        """1 for the first in the queue; None when not waiting."""
        if self.status != RegistrationStatus.WAITING:
            return None
        ahead = Registration.objects.filter(run_id=self.run_id, status=RegistrationStatus.WAITING).filter(
            Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, id__lt=self.pk)
        )
        return ahead.count() + 1


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=False)
    marked_at = models.DateTimeField(default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "registration"], name="one_attendance_per_session")]


class Certificate(CodeModel):
    """A course certificate, issued once to a participant who attended enough."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="certificate")
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    attended = models.PositiveSmallIntegerField(_("sessions attended"))
    planned = models.PositiveSmallIntegerField(_("sessions planned"))
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("course certificate")
        verbose_name_plural = _("course certificates")
        ordering = ["issued_at"]

    def __str__(self) -> str:
        return f"{self.registration} – {self.registration.run}"

    @property
    def organisation(self) -> Organisation:
        return self.registration.run.course.organisation

    @property
    def percent(self) -> float:
        return 0.0 if not self.planned else 100.0 * self.attended / self.planned


class JournalNote(CodeModel):
    """What goes to the patient journal from a closed group: only that the patient took part (DOMAIN §9)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="journal_notes")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="journal_notes")
    text = models.CharField(_("text for the journal"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")
        ordering = ["filed_at", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["registration", "session"], name="one_journal_note_per_session")]

    def __str__(self) -> str:
        return self.text

    @property
    def organisation(self) -> Organisation:
        return self.session.run.course.organisation


class NotificationKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmation of a place")
    WAITING = "waiting", _("On the waiting list")
    PROMOTED = "promoted", _("Moved up from the waiting list")
    CANCELLED = "cancelled", _("Cancellation received")
    RUN_CANCELLED = "run_cancelled", _("The course was cancelled")
    SESSION_CANCELLED = "session_cancelled", _("A session was cancelled")
    CERTIFICATE = "certificate", _("Course certificate")


class Notification(CodeModel):
    """A message to a participant. SMS are recorded but not sent while no SMS gateway is configured."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("message"), max_length=20, choices=NotificationKind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered = models.BooleanField(_("sent"), default=False)
    handled_at = models.DateTimeField(_("passed on by phone"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("message to a participant")
        verbose_name_plural = _("messages to participants")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_channel_display()})"

    @property
    def organisation(self) -> Organisation:
        return self.registration.run.course.organisation


class QualityChecklist(CodeModel):
    """The facilitators' quality checklist before a course's first run (ARK appendix 1)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="quality_checklists")
    version = models.ForeignKey(CourseVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    facilitators = models.CharField(_("facilitators"), max_length=300)
    answers = models.JSONField(default=dict, blank=True)
    completed_at = models.DateTimeField(_("filled in"), default=timezone.now)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("quality checklist")
        verbose_name_plural = _("quality checklists")
        ordering = ["-completed_at"]

    @property
    def organisation(self) -> Organisation:
        return self.course.organisation


class EvaluationChecklist(CodeModel):
    """The facilitators' evaluation checklist after a run (ARK appendix 3)."""

    run = models.OneToOneField(CourseRun, on_delete=models.CASCADE, related_name="evaluation")
    facilitators = models.CharField(_("facilitators"), max_length=300)
    answers = models.JSONField(default=dict, blank=True)
    completed_at = models.DateTimeField(_("filled in"), default=timezone.now)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluation checklist")
        verbose_name_plural = _("evaluation checklists")

    @property
    def organisation(self) -> Organisation:
        return self.run.course.organisation


class CoTeacherAgreement(CodeModel):
    """The co-teachers' cooperation agreement (recovery schools' appendix 3). It is theirs: only the two
    teachers see its content; others see that it exists (DOMAIN §6, §10)."""

    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="coteacher_agreements")
    teacher_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    teacher_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    area = models.CharField(_("area of cooperation (e.g. a course)"), max_length=200)
    presentations = models.TextField(_("We introduce ourselves – important things"), blank=True)
    experience = models.TextField(_("Which experience and competences does each of us have?"), blank=True)
    co_development = models.TextField(
        _("Joint development and preparation: how do we co-create? Do we involve others' competences?"), blank=True
    )
    roles = models.TextField(
        _("Responsibilities and roles: how do we share the tasks and the responsibility?"), blank=True
    )
    development_areas = models.TextField(
        _("Development areas: what does each of us want to develop, and how do we support each other?"), blank=True
    )
    feedback = models.TextField(_("How will we give each other feedback?"), blank=True)
    expectations = models.TextField(
        _("What do we expect of each other? (Cancellations, openness, setting limits etc.)"), blank=True
    )
    attention = models.TextField(
        _("Is there something the other should be aware of? (Breaks, signs of stress, language barriers etc.)"),
        blank=True,
    )
    practical = models.TextField(_("Practical matters: where do we meet, and how often?"), blank=True)
    evaluation_when = models.CharField(
        _("When will we evaluate our cooperation more generally?"), max_length=200, blank=True
    )
    other = models.TextField(_("Anything else?"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    accepted_a_at = models.DateTimeField(null=True, blank=True)
    accepted_b_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("co-teacher cooperation agreement")
        verbose_name_plural = _("co-teacher cooperation agreements")
        constraints = [
            models.UniqueConstraint(fields=["run", "teacher_a", "teacher_b"], name="one_coteacher_agreement_per_pair"),
            models.CheckConstraint(condition=~Q(teacher_a=models.F("teacher_b")), name="coteachers_are_two"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher_a} – {self.teacher_b}"

    @property
    def organisation(self) -> Organisation:
        return self.run.course.organisation

    def is_party(self, user: Any) -> bool:
        return bool(getattr(user, "pk", None)) and user.pk in (self.teacher_a_id, self.teacher_b_id)

    def accepted_by(self, user: Any) -> datetime | None:
        if user.pk == self.teacher_a_id:
            return self.accepted_a_at
        if user.pk == self.teacher_b_id:
            return self.accepted_b_at
        return None
