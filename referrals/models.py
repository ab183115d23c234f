"""Referrals to 1:1 peer support, the waiting queue, matches between a citizen and a peer, and pairings
that did not work (DOMAIN §8).

A referral holds only what the flow needs: who the citizen is (a `people.Citizen`), which programme,
how the citizen came (inpatient, outpatient, self-referral ...), that the programme's criteria were
checked and confirmed, and the citizen's wishes for the match. No diagnosis is stored: an exclusion
criterion that applies stops the referral before anything is saved.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import CodeModel, Organisation, Programme, Role, Unit
from people.models import Citizen, Peer

# --------------------------------------------------------------------------------------------- settings


class ExclusionCriterion(models.TextChoices):
    """Exclusion criteria a programme may apply (peer-guide model, seed 004 "Forløbsbeskrivelse")."""

    SUBSTANCE_ABUSE = "substance_abuse", _("Severe substance abuse is the main diagnosis")
    DEMENTIA = "dementia", _("Dementia")
    FORENSIC = "forensic", _("Under a forensic measure that led to the admission")


# Roles that can be allowed to refer. Citizens refer themselves through the public form instead.
REFERRER_ROLES = (Role.KEY_PERSON, Role.COORDINATOR, Role.LEAD, Role.PEER)
DEFAULT_REFERRER_ROLES = [Role.KEY_PERSON.value, Role.COORDINATOR.value, Role.LEAD.value]

# The seeds' exclusions for the peer-guide model; other models start with none.
DEFAULT_EXCLUSIONS: dict[str, list[str]] = {
    Programme.Model.PEER_GUIDE: [c.value for c in ExclusionCriterion],
}

WEIGHT_FIELDS = ("location", "areas", "gender", "age", "load", "waiting", "continuity")


def default_exclusions_for(model: str) -> list[str]:
    return list(DEFAULT_EXCLUSIONS.get(model, []))


class ReferralSettings(models.Model):
    """What the referral flow of one programme allows, and the matching weights; kept by the coordinator.

    The programme's own settings (`min_age`, `self_referral`, `waiting_alert_days`) are read from
    `core.Programme.setting`; these are the ones only referrals need.
    """

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="referral_settings", verbose_name=_("programme")
    )
    referrer_roles = models.JSONField(_("who may refer"), default=list, blank=True)
    exclusions = models.JSONField(_("exclusion criteria"), default=list, blank=True)
    weights = models.JSONField(_("matching weights"), default=dict, blank=True)
    digest_to_leads = models.BooleanField(
        _("tell the partnership's leads when a peer becomes free"),
        default=True,
        help_text=_("A weekly e-mail to the leads listing the peers with free places."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral settings")
        verbose_name_plural = _("referral settings")

    def __str__(self) -> str:
        return str(self.programme)


# -------------------------------------------------------------------------------------------- referrals


class Flow(models.TextChoices):
    """How the citizen came to the programme (DOMAIN §8)."""

    INPATIENT = "inpatient", _("Admitted (inpatient ward), before or at discharge")
    OUTPATIENT = "outpatient", _("In outpatient treatment (district psychiatry)")
    MUNICIPAL = "municipal", _("Through a municipal service")
    SELF = "self", _("Self-referral")


class ReferrerKind(models.TextChoices):
    KEY_PERSON = "key_person", _("Key person")
    CONTACT_PERSON = "contact_person", _("Contact person")
    LEAD = "lead", _("Regional or municipal lead")
    COLLEAGUE = "colleague", _("Colleague")
    COORDINATOR = "coordinator", _("Coordinator")
    CITIZEN = "citizen", _("The citizen")


class ContactVia(models.TextChoices):
    DIRECT = "direct", _("The peer contacts the citizen directly")
    REFERRER = "referrer", _("The peer contacts the citizen through the key or contact person")


class ReferralStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a peer")
    PROPOSED = "proposed", _("Peer asked")
    MATCHED = "matched", _("Matched")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_REFERRAL_STATUSES = (ReferralStatus.WAITING, ReferralStatus.PROPOSED)


class MeetingPlace(models.TextChoices):
    HOME = "home", _("At home")
    CAFE = "cafe", _("Café or library")
    OUTDOORS = "outdoors", _("A walk outdoors")
    WARD = "ward", _("At the ward or clinic")
    ACTIVITY = "activity", _("At an activity or association")
    PHONE = "phone", _("By phone or video")


class ReferralQuerySet(models.QuerySet["Referral"]):
    def of(self, organisation: Organisation) -> ReferralQuerySet:
        return self.filter(organisation=organisation)

    def waiting(self) -> ReferralQuerySet:
        return self.filter(status=ReferralStatus.WAITING)

    def open(self) -> ReferralQuerySet:
        return self.filter(status__in=OPEN_REFERRAL_STATUSES)

    def longest_waiting_first(self) -> ReferralQuerySet:
        return self.order_by("waiting_since", "id")

    def waited_longer_than(self, days: int, now: Any = None) -> ReferralQuerySet:
        return self.filter(waiting_since__lt=(now or timezone.now()) - timedelta(days=days))


class Referral(CodeModel):
    """A citizen referred to (or asking for) a peer in one programme, from referral until matched."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("organisation")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("programme")
    )
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("citizen"))
    flow = models.CharField(_("how the citizen comes"), max_length=16, choices=Flow.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals", verbose_name=_("unit")
    )
    referrer_kind = models.CharField(_("referred by"), max_length=16, choices=ReferrerKind.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_made",
        verbose_name=_("referred by"),
    )
    contact_via = models.CharField(
        _("how the peer makes contact"), max_length=16, choices=ContactVia.choices, default=ContactVia.DIRECT
    )
    transition_on = models.DateField(
        _("expected discharge or end of treatment"),
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.WAITING
    )
    # What the referrer confirmed about the criteria (the criteria's codes, all met), and when.
    criteria_confirmed = models.JSONField(_("criteria confirmed"), default=list, blank=True)
    criteria_confirmed_at = models.DateTimeField(_("criteria confirmed"))
    # Wishes for the match.
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    wished_gender = models.CharField(_("wished gender of the peer"), max_length=16, blank=True)
    wished_age_min = models.PositiveSmallIntegerField(_("peer aged at least"), null=True, blank=True)
    wished_age_max = models.PositiveSmallIntegerField(_("peer aged at most"), null=True, blank=True)
    wished_areas = models.JSONField(_("lived experience wished in common"), default=list, blank=True)
    meeting_places = models.JSONField(_("where to meet"), default=list, blank=True)
    availability = models.JSONField(_("when the citizen can meet"), default=list)
    note = models.CharField(_("practical note for the coordinator"), max_length=500, blank=True)
    referred_at = models.DateTimeField(_("referred"), default=timezone.now)
    waiting_since = models.DateTimeField(_("waiting since"), default=timezone.now, db_index=True)
    alerted_on = models.DateField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(_("reason"), max_length=300, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["waiting_since", "id"]
        indexes = [models.Index(fields=["programme", "status", "waiting_since"], name="referral_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "programme"],
                condition=Q(status__in=["waiting", "proposed"]),
                name="one_open_referral_per_programme",
            ),
            models.CheckConstraint(
                condition=Q(wished_age_min__isnull=True)
                | Q(wished_age_max__isnull=True)
                | Q(wished_age_min__lte=models.F("wished_age_max")),
                name="referral_wished_age_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen} – {self.programme}"

    def waiting_days(self, now: Any = None) -> int:
        return max(0, ((now or timezone.now()) - self.waiting_since).days)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES


# ---------------------------------------------------------------------------------------------- matches


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting the peer's answer")
    ACCEPTED = "accepted", _("Accepted by the peer")
    PEER_DECLINED = "peer_declined", _("Declined by the peer")
    CITIZEN_DECLINED = "citizen_declined", _("Declined by the citizen")
    WITHDRAWN = "withdrawn", _("Withdrawn by the coordinator")
    FAILED = "failed", _("Did not work out")


# A match in these states holds one of the peer's places.
HOLDING_STATUSES = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED)


class MatchQuerySet(models.QuerySet["Match"]):
    def of(self, organisation: Organisation) -> MatchQuerySet:
        return self.filter(organisation=organisation)

    def awaiting_peer(self) -> MatchQuerySet:
        return self.filter(status=MatchStatus.PROPOSED)

    def holding(self) -> MatchQuerySet:
        return self.filter(status__in=HOLDING_STATUSES)


class Match(CodeModel):
    """A peer proposed for a referral by the coordinator, and what became of it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referral_matches", verbose_name=_("organisation")
    )
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="matches", verbose_name=_("referral"))
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="referral_matches", verbose_name=_("peer"))
    status = models.CharField(_("status"), max_length=20, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    score = models.FloatField(_("score"), null=True, blank=True)
    reasons = models.JSONField(_("why this peer"), default=list, blank=True)
    overridden = models.BooleanField(_("chosen by the coordinator against the proposal"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    course_code = models.UUIDField(null=True, blank=True, editable=False)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-confirmed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="one_holding_match_per_referral",
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral.citizen} ↔ {self.peer}"


class FailedPairing(models.Model):
    """A citizen and a peer whose match or course did not work; the engine never pairs them again."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="failed_pairings")
    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="failed_pairings")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pairing that did not work")
        verbose_name_plural = _("pairings that did not work")
        ordering = ["-recorded_at"]
        constraints = [models.UniqueConstraint(fields=["citizen", "peer"], name="one_failed_pairing_per_pair")]

    def __str__(self) -> str:
        return f"{self.citizen} ✕ {self.peer}"
