"""Ward peer shifts (model 5, "Peers as bridge-builders", DOMAIN §4, §9): each inpatient ward's
settings (hours a week it needs a peer, blocked times, a preferred fixed peer), the district-psychiatry
group sites, shift plans for a period of weeks and their shifts.

The planning itself is pure Python in ``wards.planner``; ``wards.services`` loads these models into it.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import CodeModel, Organisation, Unit
from people.models import Weekday


class WardSettingsQuerySet(models.QuerySet["WardSettings"]):
    def of(self, organisation: Organisation) -> WardSettingsQuerySet:
        return self.filter(ward__organisation=organisation)


class WardSettings(CodeModel):
    """How much peer time an inpatient ward needs and when a peer cannot be on the ward."""

    ward = models.OneToOneField(
        Unit,
        on_delete=models.CASCADE,
        related_name="ward_settings",
        limit_choices_to={"kind": "ward"},
        verbose_name=_("ward"),
    )
    need_hours = models.DecimalField(
        _("peer hours per week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("4.0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The hours a peer is on the ward each week; 2 × 2 hours is usual."),
    )
    shift_hours = models.DecimalField(
        _("shift length in hours"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("2.0"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    preferred_peer = models.ForeignKey(
        "people.Peer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="preferred_on_wards",
        verbose_name=_("preferred fixed peer"),
        help_text=_("The planner prefers this peer on the ward week after week."),
    )
    site_name = models.CharField(
        _("site"),
        max_length=100,
        blank=True,
        help_text=_("Wards on the same site need no travel time between them. Empty: the unit's site."),
    )
    site_address = models.CharField(_("address on the site"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WardSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("ward settings")
        verbose_name_plural = _("ward settings")
        ordering = ["ward__name"]
        constraints = [
            models.CheckConstraint(condition=Q(need_hours__gte=0), name="ward_need_hours_not_negative"),
            models.CheckConstraint(condition=Q(shift_hours__gt=0), name="ward_shift_hours_positive"),
        ]

    def __str__(self) -> str:
        return str(self.ward)

    @property
    def site(self) -> str:
        return self.site_name or self.ward.site or self.ward.name


class BlockKind(models.TextChoices):
    DOCTOR_CONVERSATIONS = "doctor_conversations", _("Doctor conversations")
    GROUP_OFFER = "group_offer", _("Group offer")
    SHIFT_CHANGE = "shift_change", _("Shift change")
    CUSTOM = "custom", _("Other")


class BlockedTime(CodeModel):
    """A recurring weekly time when a peer should not be on the ward."""

    ward = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="blocked_times", verbose_name=_("ward"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))
    kind = models.CharField(_("kind"), max_length=24, choices=BlockKind.choices, default=BlockKind.CUSTOM)
    label = models.CharField(_("label"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("blocked time")
        verbose_name_plural = _("blocked times")
        ordering = ["ward__name", "weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="blocked_time_end_after_start"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="blocked_time_weekday_range"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M} {self.label or self.get_kind_display()}"
        )


class GroupSite(CodeModel):
    """A district-psychiatry site where peer-led groups meet at a fixed weekly time."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="group_sites", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_sites",
        verbose_name=_("clinic"),
    )
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    peers = models.ManyToManyField(
        "people.Peer",
        blank=True,
        related_name="group_sites",
        verbose_name=_("peers who run the group"),
        help_text=_("The planner keeps these peers free at the group's time, with travel time around it."),
    )

    class Meta:
        verbose_name = _("group site")
        verbose_name_plural = _("group sites")
        ordering = ["name", "weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="group_site_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class ShiftPlanQuerySet(models.QuerySet["ShiftPlan"]):
    def of(self, organisation: Organisation) -> ShiftPlanQuerySet:
        return self.filter(organisation=organisation)

    def published(self) -> ShiftPlanQuerySet:
        return self.filter(status=ShiftPlan.Status.PUBLISHED)


class ShiftPlan(CodeModel):
    """Shifts for the organisation's wards over a period of whole weeks, generated then edited."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="shift_plans", verbose_name=_("organisation")
    )
    week_start = models.DateField(_("first week (Monday)"))
    weeks = models.PositiveSmallIntegerField(_("weeks"), default=1, validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    #: Hours the planner could not cover, one row per ward and week: ``{"ward": unit code, "ward_name",
    #: "week": 0-based index, "week_start": ISO date, "hours", "reason": main reason code, "reasons": [{"code",
    #: "hours", "site", "peers": [names], "used_up": [names], "possible_hours", "message"}]}`` (decision 0024).
    unmet = models.JSONField(_("unmet hours"), default=list, blank=True)
    objective = models.BigIntegerField(null=True, blank=True)
    optimal = models.BooleanField(default=False)

    objects = ShiftPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift plan")
        verbose_name_plural = _("shift plans")
        ordering = ["-week_start", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(weeks__gte=1), name="shift_plan_at_least_one_week"),
        ]

    def __str__(self) -> str:
        return f"{self.week_start:%d.%m.%Y} ({self.weeks})"

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=7 * self.weeks - 1)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def unmet_hours(self) -> float:
        return float(sum(float(row.get("hours", 0)) for row in self.unmet or []))


class ShiftQuerySet(models.QuerySet["Shift"]):
    def published(self) -> ShiftQuerySet:
        return self.filter(plan__status=ShiftPlan.Status.PUBLISHED)

    def of_peer(self, peer: object) -> ShiftQuerySet:
        return self.filter(peer=peer)

    def upcoming(self, today: date) -> ShiftQuerySet:
        return self.filter(date__gte=today)


class Shift(CodeModel):
    """A peer on a ward on a date from start to end."""

    plan = models.ForeignKey(ShiftPlan, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("plan"))
    ward = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("ward"))
    peer = models.ForeignKey("people.Peer", on_delete=models.PROTECT, related_name="shifts", verbose_name=_("peer"))
    date = models.DateField(_("date"))
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["date", "start", "ward__name"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="shift_end_after_start"),
        ]
        indexes = [models.Index(fields=["peer", "date"]), models.Index(fields=["ward", "date"])]

    def __str__(self) -> str:
        return f"{self.ward} {self.date:%d.%m.%Y} {self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.date, self.start)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.date, self.end)

    @property
    def hours(self) -> float:
        return (datetime.combine(self.date, self.end) - datetime.combine(self.date, self.start)).seconds / 3600


def calendar_token() -> str:
    return secrets.token_urlsafe(24)


class ShiftCalendar(models.Model):
    """A peer's secret token for subscribing to their shifts as an iCal feed."""

    peer = models.OneToOneField("people.Peer", on_delete=models.CASCADE, related_name="shift_calendar")
    token = models.CharField(max_length=64, unique=True, default=calendar_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shift calendar")
        verbose_name_plural = _("shift calendars")

    def __str__(self) -> str:
        return f"{self.peer}"


__all__ = [
    "BlockKind",
    "BlockedTime",
    "GroupSite",
    "Shift",
    "ShiftCalendar",
    "ShiftPlan",
    "WardSettings",
    "Weekday",
]
