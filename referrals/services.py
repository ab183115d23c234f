"""Every write about referrals and matches: refer (staff or self), settings, confirm a match (one or a
batch), the peer's and the citizen's answers, return to the queue, failed pairings, alerts and digests.
"""

from __future__ import annotations

import datetime
import importlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.selectors import has_valid_agreement
from core.audit import log_action
from core.models import Programme, User
from core.tasks import send_email_task
from education.qualification import is_qualified
from people import services as people_services
from people.models import Citizen, ConsentPurpose, LegalBasis, Peer, PeerStatus
from referrals import eligibility, engine_input, matching
from referrals.models import (
    HOLDING_STATUSES,
    WEIGHT_FIELDS,
    ContactVia,
    FailedPairing,
    Flow,
    Match,
    MatchStatus,
    Referral,
    ReferralSettings,
    ReferralStatus,
    ReferrerKind,
)
from referrals.reasons import to_stored
from referrals.selectors import coordinators_of, eligibility_rules_for, may_refer, settings_for

logger = logging.getLogger(__name__)


class ReferralRefused(Exception):
    """An action on a referral or match that cannot be done; `message` is translated for the user."""

    def __init__(self, code: str, message: Any, *, failed: Sequence[str] = ()) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.failed = list(failed)


def _email_after_commit(template: str, to: Iterable[str], context: dict[str, Any], language: str = "da") -> None:
    recipients = sorted({a for a in to if a})
    if recipients:
        transaction.on_commit(
            lambda: send_email_task.enqueue(template=template, to=recipients, context=context, language=language)
        )


def absolute_url(url_name: str, **kwargs: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(url_name, kwargs=kwargs or None)


# ------------------------------------------------------------------------------------------ settings


def update_referral_settings(
    *,
    actor: User,
    programme: Programme,
    referrer_roles: list[str],
    exclusions: list[str],
    weights: dict[str, float],
    digest_to_leads: bool,
) -> ReferralSettings:
    """Who may refer, which exclusion criteria apply and how the matching weighs its criteria."""
    checked = matching.Weights.from_mapping({k: float(v) for k, v in weights.items() if k in WEIGHT_FIELDS})
    with transaction.atomic():
        current = settings_for(programme)
        current.referrer_roles = sorted(set(referrer_roles))
        current.exclusions = [e for e in eligibility_rules_for(programme, all_known=True).exclusions if e in exclusions]
        current.weights = {name: getattr(checked, name) for name in WEIGHT_FIELDS}
        current.digest_to_leads = digest_to_leads
        current.save()
        log_action(
            programme,
            "referrals.settings.updated",
            actor=actor,
            data={
                "referrer_roles": current.referrer_roles,
                "exclusions": current.exclusions,
                "weights": current.weights,
            },
        )
    return current


# ------------------------------------------------------------------------------------------ referral


@dataclass(frozen=True)
class CitizenDetails:
    first_name: str
    last_name: str = ""
    email: str = ""
    phone: str = ""
    municipality: str = ""


@dataclass(frozen=True)
class Wishes:
    languages: list[str]
    availability: list[str]
    gender: str = ""
    age_min: int | None = None
    age_max: int | None = None
    areas: list[str] = field(default_factory=list)
    meeting_places: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Consents:
    basis: str = LegalBasis.CONSENT  # legal basis for receiving peer support
    lived_experience: bool = False  # the citizen consents to matching on lived-experience areas
    contact: bool = False  # the citizen may be contacted by e-mail or SMS


def check_eligibility(programme: Programme, answers: eligibility.Answers) -> list[eligibility.CriterionResult]:
    return eligibility.check(eligibility_rules_for(programme), answers)


def refer_citizen(
    *,
    actor: User | None,
    programme: Programme,
    citizen: Citizen | CitizenDetails,
    answers: eligibility.Answers,
    wishes: Wishes,
    consents: Consents,
    flow: str,
    referrer_kind: str,
    unit: Any = None,
    contact_via: str = ContactVia.DIRECT,
    transition_on: datetime.date | None = None,
    note: str = "",
    roles: Iterable[str] = (),
) -> Referral:
    """Put a citizen in the programme's waiting queue, after the criteria were checked and confirmed.

    Nothing is saved when a criterion is not met: the refusal names the criteria (`failed`). Areas of
    lived experience are kept only with the citizen's consent to use them for matching.
    """
    if referrer_kind == ReferrerKind.CITIZEN:
        if not programme.setting("self_referral"):
            raise ReferralRefused("no_self_referral", _("This programme does not take self-referrals."))
    elif not may_refer(programme, roles):
        raise ReferralRefused("not_allowed", _("Your role may not refer citizens to this programme."))
    if not programme.active:
        raise ReferralRefused("inactive", _("The programme does not take referrals at the moment."))
    results = check_eligibility(programme, answers)
    failed = eligibility.failed(results)
    if failed:
        raise ReferralRefused("not_eligible", _("The citizen does not meet the programme's criteria."), failed=failed)
    if flow not in Flow.values or referrer_kind not in ReferrerKind.values:
        raise ReferralRefused("invalid", _("Choose how the citizen comes and who refers."))
    if not wishes.languages or not wishes.availability:
        raise ReferralRefused("wishes", _("Give at least one language and one time the citizen can meet."))
    areas = list(wishes.areas) if consents.lived_experience else []
    with transaction.atomic():
        if isinstance(citizen, CitizenDetails):
            record = people_services.create_citizen(
                organisation=programme.organisation,
                acting_user=actor,
                first_name=citizen.first_name,
                last_name=citizen.last_name,
                email=citizen.email,
                phone=citizen.phone,
                municipality=citizen.municipality,
            )
        else:
            record = citizen
        if record.organisation_id != programme.organisation_id:
            raise ReferralRefused("other_organisation", _("The citizen belongs to another organisation."))
        if _has_open_referral(record, programme):
            raise ReferralRefused("already_referred", _("The citizen is already referred to this programme."))
        people_services.record_consent(
            citizen=record,
            purpose=ConsentPurpose.PEER_SUPPORT,
            basis=consents.basis,
            acting_user=actor,
            note=_("Given with the referral"),
        )
        if areas:
            people_services.record_consent(
                citizen=record, purpose=ConsentPurpose.LIVED_EXPERIENCE, basis=LegalBasis.CONSENT, acting_user=actor
            )
        if consents.contact:
            people_services.record_consent(
                citizen=record, purpose=ConsentPurpose.CONTACT, basis=LegalBasis.CONSENT, acting_user=actor
            )
        now = timezone.now()
        referral = Referral.objects.create(
            organisation=programme.organisation,
            programme=programme,
            citizen=record,
            flow=flow,
            unit=unit,
            referrer_kind=referrer_kind,
            referred_by=actor,
            contact_via=contact_via,
            transition_on=transition_on,
            criteria_confirmed=[r.criterion for r in results],
            criteria_confirmed_at=now,
            municipality=record.municipality,
            languages=list(wishes.languages),
            wished_gender=wishes.gender,
            wished_age_min=wishes.age_min,
            wished_age_max=wishes.age_max,
            wished_areas=areas,
            meeting_places=list(wishes.meeting_places),
            availability=list(wishes.availability),
            note=note,
            referred_at=now,
            waiting_since=now,
        )
        log_action(
            referral,
            "referrals.referral.created",
            actor=actor or "self-referral",
            subject_code=record.code,
            data={"programme": str(programme.code), "flow": flow, "referrer_kind": referrer_kind},
        )
        _email_after_commit(
            "referrals/email/new_referral",
            [u.email for u in coordinators_of(programme.organisation)],
            {"programme": programme.name, "url": absolute_url("referrals:detail", code=referral.code)},
        )
        if referrer_kind == ReferrerKind.CITIZEN and record.email:
            _email_after_commit(
                "referrals/email/self_referral_received",
                [record.email],
                {
                    "first_name": record.first_name,
                    "programme": programme.name,
                    "organisation": programme.organisation.name,
                },
            )
    return referral


def _course_is_active(course_code: Any) -> bool:
    try:
        support_models = importlib.import_module("support.models")
    except ModuleNotFoundError:  # pragma: no cover - the support app is part of the project
        return True
    return bool(support_models.SupportCourse.objects.filter(code=course_code).exclude(stage="ended").exists())


def _has_open_referral(citizen: Citizen, programme: Programme) -> bool:
    """Waiting, a peer asked, or matched with a course of support still running."""
    referrals = Referral.objects.filter(citizen=citizen, programme=programme)
    if referrals.filter(status__in=[ReferralStatus.WAITING, ReferralStatus.PROPOSED]).exists():
        return True
    running = Match.objects.filter(
        referral__in=referrals.filter(status=ReferralStatus.MATCHED), status=MatchStatus.ACCEPTED
    ).values_list("course_code", flat=True)
    return any(code is None or _course_is_active(code) for code in running)


def withdraw_referral(*, actor: User, referral: Referral, reason: str) -> Referral:
    """The citizen no longer wants a peer (or cannot have one): the referral leaves the queue."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if not referral.is_open:
            raise ReferralRefused("closed", _("The referral is no longer open."))
        Match.objects.filter(referral=referral, status=MatchStatus.PROPOSED).update(
            status=MatchStatus.WITHDRAWN, answered_at=timezone.now(), decline_reason=reason
        )
        referral.status = ReferralStatus.WITHDRAWN
        referral.closed_at = timezone.now()
        referral.close_reason = reason
        referral.save(update_fields=["status", "closed_at", "close_reason"])
        log_action(referral, "referrals.referral.withdrawn", actor=actor, subject_code=referral.citizen.code)
    return referral


# ---------------------------------------------------------------------------------------------- matches


def record_failed_pairing(*, actor: User | None, citizen: Citizen, peer: Peer, reason: str) -> FailedPairing:
    """The citizen and the peer did not work together; they are never proposed to each other again."""
    with transaction.atomic():
        pairing, created = FailedPairing.objects.get_or_create(
            citizen=citizen,
            peer=peer,
            defaults={"organisation": citizen.organisation, "reason": reason[:300], "recorded_by": actor},
        )
        if created:
            log_action(
                pairing,
                "referrals.failed_pairing.recorded",
                actor=actor,
                organisation=citizen.organisation,
                subject_code=citizen.code,
                data={"peer": str(peer.code)},
            )
    return pairing


def _peer_load(peer: Peer) -> int:
    return engine_input.current_load(peer.organisation).get(peer.pk, 0)


def confirm_match(
    *,
    actor: User,
    referral: Referral,
    peer: Peer,
    candidate: matching.Candidate | None = None,
    overridden: bool = False,
) -> Match:
    """The coordinator proposes the peer for the referral; the peer is asked to accept.

    The peer's row is locked while the places are counted, so two coordinators confirming at once
    never give a peer more citizens than the peer has places for.
    """
    with transaction.atomic():
        peer = Peer.objects.select_for_update(no_key=True).get(pk=peer.pk)
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status != ReferralStatus.WAITING:
            raise ReferralRefused("not_waiting", _("The referral is not waiting for a peer any more."))
        if (
            peer.organisation_id != referral.organisation_id
            or not peer.programmes.filter(pk=referral.programme_id).exists()
        ):
            raise ReferralRefused("other_programme", _("The peer does not work in this programme."))
        if peer.status != PeerStatus.ACTIVE:
            raise ReferralRefused("peer_not_active", _("%(peer)s is not active.") % {"peer": peer.full_name})
        if FailedPairing.objects.filter(citizen_id=referral.citizen_id, peer=peer).exists():
            raise ReferralRefused("failed_before", _("An earlier match between the two did not work out."))
        # The same hard rules as the shortlist, so an override cannot pass a peer who may not take the citizen.
        if not is_qualified(peer, engine_input.qualified_role_for(referral.programme)):
            raise ReferralRefused(
                "not_qualified",
                _("%(peer)s has not completed the education this programme requires.") % {"peer": peer.full_name},
            )
        if not has_valid_agreement(peer):
            raise ReferralRefused(
                "no_agreement", _("%(peer)s has no valid agreement in force.") % {"peer": peer.full_name}
            )
        load = _peer_load(peer)
        if load >= peer.capacity:
            raise ReferralRefused(
                "no_capacity",
                _("%(peer)s has no free places (%(load)s of %(capacity)s in use).")
                % {"peer": peer.full_name, "load": load, "capacity": peer.capacity},
            )
        match = Match.objects.create(
            organisation=referral.organisation,
            referral=referral,
            peer=peer,
            status=MatchStatus.PROPOSED,
            score=candidate.score if candidate else None,
            reasons=to_stored(candidate.reasons) if candidate else [],
            overridden=overridden,
            confirmed_by=actor,
            confirmed_at=timezone.now(),
        )
        referral.status = ReferralStatus.PROPOSED
        referral.save(update_fields=["status"])
        log_action(
            match,
            "referrals.match.confirmed",
            actor=actor,
            subject_code=referral.citizen.code,
            data={"peer": str(peer.code), "overridden": overridden, "load_before": load},
        )
        _email_after_commit(
            "referrals/email/match_proposed",
            [peer.email],
            {"first_name": peer.first_name, "url": absolute_url("referrals:my_proposals")},
        )
    return match


@dataclass(frozen=True)
class BatchOutcome:
    confirmed: list[Match]
    refused: list[tuple[Referral, ReferralRefused]]


def confirm_batch(
    *, actor: User, choices: Sequence[tuple[Referral, Peer, matching.Candidate | None, bool]]
) -> BatchOutcome:
    """Confirm the chosen pairs of a batch proposal one by one; a pair refused (e.g. the peer filled up
    meanwhile) is reported and does not stop the others."""
    confirmed: list[Match] = []
    refused: list[tuple[Referral, ReferralRefused]] = []
    for referral, peer, candidate, overridden in choices:
        try:
            confirmed.append(
                confirm_match(actor=actor, referral=referral, peer=peer, candidate=candidate, overridden=overridden)
            )
        except ReferralRefused as refusal:
            refused.append((referral, refusal))
    return BatchOutcome(confirmed, refused)


def _start_course(actor: User | None, match: Match) -> Any:
    try:
        support = importlib.import_module("support.services")
    except ModuleNotFoundError:  # pragma: no cover - the support app is part of the project
        logger.warning("support.services is missing: no course started for match %s", match.code)
        return None
    return support.start_course(actor=actor, match=match)


def accept_match(*, actor: User, match: Match) -> Match:
    """The peer says yes: the course of support begins (stage "contact") and the referral is matched."""
    with transaction.atomic():
        updated = Match.objects.filter(pk=match.pk, status=MatchStatus.PROPOSED).update(
            status=MatchStatus.ACCEPTED, answered_at=timezone.now()
        )
        if updated != 1:
            raise ReferralRefused("answered", _("This proposal has already been answered or withdrawn."))
        match.refresh_from_db()
        Referral.objects.filter(pk=match.referral_id).update(status=ReferralStatus.MATCHED)
        match.referral.refresh_from_db()
        course = _start_course(actor, match)
        if course is not None:
            match.course_code = course.code
            match.save(update_fields=["course_code"])
        log_action(match, "referrals.match.accepted", actor=actor, subject_code=match.referral.citizen.code)
        _email_after_commit(
            "referrals/email/match_answered",
            [u.email for u in coordinators_of(match.organisation)],
            {
                "peer": match.peer.first_name,
                "accepted": True,
                "url": absolute_url("referrals:detail", code=match.referral.code),
            },
        )
    return match


def _back_to_queue(referral: Referral) -> None:
    Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.WAITING, alerted_on=None)
    referral.refresh_from_db()


def decline_match_by_peer(*, actor: User, match: Match, reason: str = "") -> Match:
    """The peer says no: the referral goes back to the queue (keeping its place by waiting time)."""
    with transaction.atomic():
        updated = Match.objects.filter(pk=match.pk, status=MatchStatus.PROPOSED).update(
            status=MatchStatus.PEER_DECLINED, answered_at=timezone.now(), decline_reason=reason[:300]
        )
        if updated != 1:
            raise ReferralRefused("answered", _("This proposal has already been answered or withdrawn."))
        match.refresh_from_db()
        record_failed_pairing(
            actor=actor, citizen=match.referral.citizen, peer=match.peer, reason=reason or "peer declined"
        )
        _back_to_queue(match.referral)
        log_action(match, "referrals.match.peer_declined", actor=actor, subject_code=match.referral.citizen.code)
        _email_after_commit(
            "referrals/email/match_answered",
            [u.email for u in coordinators_of(match.organisation)],
            {
                "peer": match.peer.first_name,
                "accepted": False,
                "url": absolute_url("referrals:detail", code=match.referral.code),
            },
        )
    return match


def _end_course_for_decline(actor: User, match: Match) -> None:
    """An accepted match already has a course of support: it ends, declined by the citizen."""
    if match.course_code is None:
        return
    try:
        support_models = importlib.import_module("support.models")
        support = importlib.import_module("support.services")
    except ModuleNotFoundError:  # pragma: no cover
        return
    course = support_models.SupportCourse.objects.filter(code=match.course_code).exclude(stage="ended").first()
    if course is not None:
        support.end_course(actor=actor, course=course, ended_by="citizen", reason="citizen_declined")


def decline_match_for_citizen(*, actor: User, match: Match, reason: str = "") -> Match:
    """The citizen does not want this peer (said on the citizen's page or to the coordinator): the pairing is
    recorded as not working and the referral goes back to the queue to be matched again."""
    with transaction.atomic():
        match = Match.objects.select_for_update().select_related("referral__citizen", "peer").get(pk=match.pk)
        if match.status not in HOLDING_STATUSES:
            raise ReferralRefused("answered", _("This match has already ended."))
        match.status = MatchStatus.CITIZEN_DECLINED
        match.answered_at = timezone.now()
        match.decline_reason = reason[:300]
        match.save(update_fields=["status", "answered_at", "decline_reason"])
        record_failed_pairing(
            actor=actor, citizen=match.referral.citizen, peer=match.peer, reason=reason or "citizen declined"
        )
        _end_course_for_decline(actor, match)
        _back_to_queue(match.referral)
        log_action(match, "referrals.match.citizen_declined", actor=actor, subject_code=match.referral.citizen.code)
        _email_after_commit(
            "referrals/email/citizen_declined",
            [match.peer.email],
            {"first_name": match.peer.first_name},
        )
    return match


def withdraw_match(*, actor: User, match: Match, reason: str = "") -> Match:
    """The coordinator takes back a proposal the peer has not answered; the referral waits again."""
    with transaction.atomic():
        updated = Match.objects.filter(pk=match.pk, status=MatchStatus.PROPOSED).update(
            status=MatchStatus.WITHDRAWN, answered_at=timezone.now(), decline_reason=reason[:300]
        )
        if updated != 1:
            raise ReferralRefused("answered", _("This proposal has already been answered or withdrawn."))
        match.refresh_from_db()
        _back_to_queue(match.referral)
        log_action(match, "referrals.match.withdrawn", actor=actor, subject_code=match.referral.citizen.code)
    return match


def return_to_queue(*, actor: User | None, referral: Referral, reason: str) -> Referral:
    """A course of support ended early and the citizen still wants a peer: the referral waits again,
    with its original waiting time, and its accepted match is marked as not having worked."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status == ReferralStatus.WAITING:
            return referral
        Match.objects.filter(referral=referral, status__in=HOLDING_STATUSES).update(
            status=MatchStatus.FAILED, answered_at=timezone.now(), decline_reason=reason[:300]
        )
        _back_to_queue(referral)
        log_action(
            referral,
            "referrals.referral.returned_to_queue",
            actor=actor,
            subject_code=referral.citizen.code,
            data={"reason": reason[:300]},
        )
    return referral


# ----------------------------------------------------------------------------------- alerts and digests


def send_waiting_alerts(*, today: datetime.date | None = None) -> int:
    """E-mail the coordinators about referrals that have waited longer than the programme allows.

    Each referral is reported once per stay in the queue (again after it returns to the queue).
    """
    day = today or timezone.localdate()
    now = timezone.now()
    sent = 0
    programmes = Programme.objects.filter(referrals__status=ReferralStatus.WAITING).distinct()
    for programme in programmes.select_related("organisation"):
        days = int(programme.setting("waiting_alert_days"))
        overdue = list(
            Referral.objects.filter(programme=programme, status=ReferralStatus.WAITING, alerted_on__isnull=True)
            .waited_longer_than(days, now)
            .order_by("waiting_since")
        )
        if not overdue:
            continue
        with transaction.atomic():
            Referral.objects.filter(pk__in=[r.pk for r in overdue]).update(alerted_on=day)
            for referral in overdue:
                log_action(
                    referral, "referrals.referral.waiting_alert", actor=None, data={"days": referral.waiting_days(now)}
                )
            _email_after_commit(
                "referrals/email/waiting_alert",
                [u.email for u in coordinators_of(programme.organisation)],
                {
                    "programme": programme.name,
                    "count": len(overdue),
                    "days": days,
                    "longest": overdue[0].waiting_days(now),
                    "url": absolute_url("referrals:queue", code=programme.code),
                },
            )
        sent += 1
    return sent


DIGEST_WEEKDAY = 0  # Monday


def send_free_peer_digest(*, today: datetime.date | None = None, force: bool = False) -> int:
    """Model 3: the partnership's leads hear once a week which peers have free places, so that nobody
    waits for lack of a referral (seed: "koordinator melder ledige guides til regionale ledere")."""
    from referrals.selectors import free_peers, leads_of_partnership

    day = today or timezone.localdate()
    if not force and day.weekday() != DIGEST_WEEKDAY:
        return 0
    sent = 0
    for referral_settings in ReferralSettings.objects.filter(digest_to_leads=True).select_related(
        "programme__organisation", "programme__partnership"
    ):
        programme = referral_settings.programme
        if not programme.active:
            continue
        rows = free_peers(programme)
        if not rows:
            continue
        leads = leads_of_partnership(programme)
        _send_digest(programme, rows, leads)
        sent += 1
    return sent


def _send_digest(programme: Programme, rows: list[Any], leads: list[User]) -> None:
    with transaction.atomic():
        log_action(
            programme, "referrals.free_peer_digest.sent", actor=None, data={"peers": len(rows), "leads": len(leads)}
        )
        _email_after_commit(
            "referrals/email/free_peers",
            [u.email for u in leads],
            {
                "programme": programme.name,
                "organisation": programme.organisation.name,
                "peers": [
                    {"name": r.peer.first_name, "municipality": r.peer.municipality, "free": r.free} for r in rows
                ],
                "url": absolute_url("referrals:free_peers"),
            },
        )


__all__ = [
    "BatchOutcome",
    "CitizenDetails",
    "Consents",
    "ReferralRefused",
    "Wishes",
    "accept_match",
    "confirm_batch",
    "confirm_match",
    "decline_match_by_peer",
    "decline_match_for_citizen",
    "record_failed_pairing",
    "refer_citizen",
    "return_to_queue",
    "send_free_peer_digest",
    "send_waiting_alerts",
    "update_referral_settings",
    "withdraw_match",
    "withdraw_referral",
]
