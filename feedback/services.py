"""Every write of the feedback app: instruments, measurement plans, invitations, answers, follow-up, exports.

Other apps invite people to answer through ONE function, `invite_respondent`, and read results through
`feedback.selectors`.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.audit import log_access, log_action
from core.models import AuditKind, Organisation, Programme, User
from core.tasks import send_email_task
from feedback import export as export_engine
from feedback import instruments as engine
from feedback.links import answer_url
from feedback.models import (
    InstrumentVersion,
    Invitation,
    InvitationVia,
    MeasurementPlan,
    Occasion,
    Response,
    Timing,
    link_days,
    reminder_days,
)
from people.models import Citizen, ConsentPurpose

EXPORT_FORMATS = ("csv", "xlsx", "surveyxact")


class FeedbackError(Exception):
    """A request the feedback app refuses; `code` is stable, the Django layer shows a translated message."""

    def __init__(self, code: str, record: str, field: str, message: str) -> None:
        self.code = code
        self.record = record
        self.field = field
        super().__init__(message)


# --------------------------------------------------------------------------------------------------
# Instruments


def sync_shipped_instruments() -> int:
    """Make sure every shipped instrument version (feedback/instruments/*.json) is in the database.

    Idempotent and cheap when nothing is missing (one query). A shipped version nobody has answered
    yet follows its file; an answered one is never changed.
    """
    shipped = engine.shipped_instruments()
    stored = {(row.instrument_id, row.version): row for row in InstrumentVersion.objects.shipped()}
    changed = 0
    for instrument in shipped:
        row = stored.get(instrument.key)
        if row is None:
            row = InstrumentVersion()
            row.set_instrument(instrument)
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:  # another process stored it first
                continue
            changed += 1
        elif row.definition != engine.dump_instrument(instrument) and not row.frozen:
            row.set_instrument(instrument)
            row.save()
            changed += 1
    return changed


def _shipped_ids() -> set[str]:
    return {instrument.id for instrument in engine.shipped_instruments()}


def _version_exists_problem(instrument: engine.Instrument) -> engine.InstrumentError:
    return engine.InstrumentError(
        [
            engine.FormatProblem(
                "version_exists",
                f"instrument '{instrument.id}'",
                "version",
                f"version {instrument.version} exists with other content; save the change as a new version",
                instrument.id,
            )
        ]
    )


def import_instrument(*, organisation: Organisation, text: str, acting_user: User | None) -> InstrumentVersion:
    """Load an instrument the organisation holds the rights to from its JSON (pasted or uploaded).

    Raises engine.InstrumentError naming every faulty item, or FeedbackError when the id belongs to a
    shipped instrument. Loading the same version again with the same content changes nothing.
    """
    instrument = engine.loads_instrument(text)
    if instrument.id in _shipped_ids():
        raise FeedbackError(
            "shipped_id", instrument.id, "id", f"'{instrument.id}' is the id of a questionnaire shipped with Brobygger"
        )
    with transaction.atomic():
        existing = (
            InstrumentVersion.objects.own(organisation)
            .select_for_update()
            .filter(instrument_id=instrument.id, version=instrument.version)
            .first()
        )
        if existing is not None:
            if existing.instrument == instrument:
                return existing
            raise _version_exists_problem(instrument)
        row = InstrumentVersion(organisation=organisation, created_by=acting_user)
        row.set_instrument(instrument)
        row.save()
        log_action(
            row,
            "feedback.instrument.imported",
            actor=acting_user,
            data={"instrument": instrument.id, "version": instrument.version, "source": instrument.source},
        )
    return row


def _with_version(instrument: engine.Instrument, version: int) -> engine.Instrument:
    return replace(instrument, version=version)


def save_instrument(
    *,
    organisation: Organisation,
    instrument: engine.Instrument,
    acting_user: User | None,
    based_on: InstrumentVersion | None = None,
) -> InstrumentVersion:
    """Save an instrument built in the editor.

    A new instrument starts at version 1. Editing a version nobody has answered changes it in place;
    editing a version with answers saves a new version, so every answer keeps the version it was given on.
    """
    with transaction.atomic():
        if based_on is None:
            if (
                instrument.id in _shipped_ids()
                or InstrumentVersion.objects.own(organisation).filter(instrument_id=instrument.id).exists()
            ):
                raise FeedbackError("id_taken", instrument.id, "id", f"the id '{instrument.id}' is in use")
            instrument = _with_version(instrument, 1)
            engine.check_instrument(instrument)
            row = InstrumentVersion(organisation=organisation, created_by=acting_user)
            row.set_instrument(instrument)
            row.save()
            log_action(row, "feedback.instrument.created", actor=acting_user, data={"instrument": instrument.id})
            return row
        if based_on.organisation_id != organisation.pk:
            raise FeedbackError(
                "read_only", based_on.instrument_id, "organisation", "shipped questionnaires are read-only"
            )
        based_on = InstrumentVersion.objects.select_for_update().get(pk=based_on.pk)
        if instrument.id != based_on.instrument_id:
            raise FeedbackError("id_changed", based_on.instrument_id, "id", "the id of a questionnaire cannot change")
        instrument = _with_version(instrument, based_on.version)
        if based_on.frozen:
            latest = (
                InstrumentVersion.objects.own(organisation)
                .filter(instrument_id=based_on.instrument_id)
                .aggregate(latest=Max("version"))["latest"]
            )
            instrument = _with_version(instrument, int(latest or 0) + 1)
            engine.check_instrument(instrument)
            row = InstrumentVersion(organisation=organisation, created_by=acting_user)
            row.set_instrument(instrument)
            row.save()
            log_action(
                row,
                "feedback.instrument.version_created",
                actor=acting_user,
                data={"instrument": instrument.id, "version": instrument.version, "from": based_on.version},
            )
            return row
        engine.check_instrument(instrument)
        based_on.set_instrument(instrument)
        based_on.save()
        log_action(
            based_on,
            "feedback.instrument.updated",
            actor=acting_user,
            data={"instrument": instrument.id, "version": instrument.version},
        )
        return based_on


# --------------------------------------------------------------------------------------------------
# Measurement plans


def create_measurement_plan(
    *,
    programme: Programme,
    instrument_key: str,
    timing: str,
    acting_user: User | None,
    interval_weeks: int | None = None,
    reminder_after_days: int | None = None,
) -> MeasurementPlan:
    """Decide that a programme uses a questionnaire at a time (start, every N weeks, end, after each session)."""
    from feedback.selectors import instrument_for

    instrument_for(programme.organisation, instrument_key)  # refuses an unknown questionnaire
    if timing == Timing.EVERY_N_WEEKS and not interval_weeks:
        raise FeedbackError("interval_missing", instrument_key, "interval_weeks", "give the number of weeks")
    with transaction.atomic():
        if (
            MeasurementPlan.objects.active()
            .filter(programme=programme, instrument_key=instrument_key, timing=timing)
            .exists()
        ):
            raise FeedbackError("plan_exists", instrument_key, "timing", "the programme already uses it at that time")
        plan = MeasurementPlan.objects.create(
            programme=programme,
            instrument_key=instrument_key,
            timing=timing,
            interval_weeks=interval_weeks if timing == Timing.EVERY_N_WEEKS else None,
            reminder_after_days=reminder_after_days if reminder_after_days is not None else reminder_days(),
        )
        log_action(
            plan,
            "feedback.plan.created",
            actor=acting_user,
            organisation=programme.organisation,
            data={"programme": str(programme.code), "instrument": instrument_key, "timing": timing},
        )
    return plan


def update_measurement_plan(
    *, plan: MeasurementPlan, acting_user: User | None, interval_weeks: int | None, reminder_after_days: int
) -> MeasurementPlan:
    if plan.timing == Timing.EVERY_N_WEEKS and not interval_weeks:
        raise FeedbackError("interval_missing", plan.instrument_key, "interval_weeks", "give the number of weeks")
    with transaction.atomic():
        plan.interval_weeks = interval_weeks if plan.timing == Timing.EVERY_N_WEEKS else None
        plan.reminder_after_days = reminder_after_days
        plan.save(update_fields=["interval_weeks", "reminder_after_days"])
        log_action(
            plan,
            "feedback.plan.updated",
            actor=acting_user,
            organisation=plan.programme.organisation,
            data={"interval_weeks": plan.interval_weeks, "reminder_after_days": reminder_after_days},
        )
    return plan


def stop_measurement_plan(*, plan: MeasurementPlan, acting_user: User | None) -> MeasurementPlan:
    """Stop using a questionnaire at that time; invitations already sent stay valid."""
    with transaction.atomic():
        plan.active = False
        plan.save(update_fields=["active"])
        log_action(plan, "feedback.plan.stopped", actor=acting_user, organisation=plan.programme.organisation)
    return plan


# --------------------------------------------------------------------------------------------------
# Invitations


def _context_of(obj: Model | None) -> tuple[ContentType | None, str]:
    if obj is None:
        return None, ""
    code = getattr(obj, "code", None) or obj.pk
    return ContentType.objects.get_for_model(obj), str(code)


def _plan_for(programme: Programme, instrument_key: str, occasion: str) -> MeasurementPlan | None:
    timings = [timing for timing, plan_occasion in _TIMING_BY_OCCASION if plan_occasion == occasion]
    return (
        MeasurementPlan.objects.active()
        .filter(programme=programme, instrument_key=instrument_key, timing__in=timings)
        .first()
    )


_TIMING_BY_OCCASION = (
    (Timing.START, Occasion.START),
    (Timing.EVERY_N_WEEKS, Occasion.DURING),
    (Timing.END, Occasion.END),
    (Timing.AFTER_SESSION, Occasion.SESSION),
)


def invite_respondent(
    *,
    instrument_key: str,
    programme: Programme,
    respondent_citizen: Citizen | None = None,
    respondent_label: str = "",
    occasion: str,
    context_object: Model | None = None,
    send_email_to: str | None = None,
    acting_user: User | None = None,
    group_link: bool = False,
    via: str = "",
) -> Invitation:
    """Invite someone to answer a questionnaire through a signed link (also shown as a QR code).

    - `instrument_key`: the questionnaire id, e.g. "session_feedback" or "chime_recovery"; the
      organisation's own instrument of that id, else the shipped one, in its latest version.
    - `occasion`: "start", "during", "end" or "session".
    - `context_object`: what the answer is about (a course session, a 1:1 course), stored as content
      type + code; teachers see answers about it through `feedback.access.register_context_access`.
    - `send_email_to`: e-mail the link now, and one reminder later if unanswered.
    - `group_link=True`: one link for a whole group (the QR code after a session); every phone that
      opens it gives one anonymous answer. `respondent_label` then names the group or session.
    - `via="in_person"`: a peer hands their own phone to the citizen.
    """
    from feedback.selectors import instrument_for

    if occasion not in Occasion.values:
        raise FeedbackError("bad_occasion", occasion, "occasion", f"'{occasion}' is not an occasion")
    if respondent_citizen is not None and respondent_citizen.organisation_id != programme.organisation_id:
        raise FeedbackError("other_organisation", str(respondent_citizen.code), "respondent_citizen", "not ours")
    if group_link and respondent_citizen is not None:
        raise FeedbackError(
            "group_with_citizen", str(respondent_citizen.code), "group_link", "a group link is anonymous"
        )
    version = instrument_for(programme.organisation, instrument_key)
    plan = _plan_for(programme, instrument_key, occasion)
    content_type, context_code = _context_of(context_object)
    now = timezone.now()
    email = (send_email_to or "").strip()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=programme.organisation,
            programme=programme,
            instrument=version,
            plan=plan,
            respondent_citizen=respondent_citizen,
            respondent_label=respondent_label[:200],
            group_link=group_link,
            occasion=occasion,
            via=via or (InvitationVia.EMAIL if email else InvitationVia.LINK),
            context_type=content_type,
            context_code=context_code,
            email=email,
            created_at=now,
            created_by=acting_user,
            expires_at=now + timedelta(days=link_days()),
            remind_at=(
                now + timedelta(days=plan.reminder_after_days if plan is not None else reminder_days())
                if email
                else None
            ),
        )
        log_action(
            invitation,
            "feedback.invitation.created",
            actor=acting_user,
            subject_code=respondent_citizen.code if respondent_citizen is not None else None,
            data={
                "instrument": version.instrument_id,
                "version": version.version,
                "occasion": occasion,
                "group_link": group_link,
                "by_email": bool(email),
            },
        )
        if email:
            _email_invitation(invitation, "feedback/email/invitation")
    return invitation


def invite_as_planned(
    *,
    programme: Programme,
    occasion: str,
    respondent_citizen: Citizen,
    context_object: Model | None = None,
    send_email_to: str | None = None,
    acting_user: User | None = None,
    via: str = "",
) -> list[Invitation]:
    """Invite a citizen to every questionnaire the programme's measurement plan names for the occasion
    ("start" or "end", e.g. when a 1:1 course starts or ends) – once: a questionnaire the citizen already
    has an open invitation to, or has answered, at that occasion and about that object is skipped."""
    from feedback.selectors import plans_for_occasion

    if occasion not in (Occasion.START, Occasion.END):
        raise FeedbackError("bad_occasion", occasion, "occasion", "plans invite a person at the start or the end")
    content_type, context_code = _context_of(context_object)
    invited = []
    for plan in plans_for_occasion(programme, occasion):
        earlier = Invitation.objects.filter(
            programme=programme,
            respondent_citizen=respondent_citizen,
            instrument__instrument_id=plan.instrument_key,
            occasion=occasion,
            context_type=content_type,
            context_code=context_code,
            cancelled_at__isnull=True,
        )
        if earlier.filter(Q(completed_at__isnull=False) | Q(expires_at__gt=timezone.now())).exists():
            continue
        invited.append(
            invite_respondent(
                instrument_key=plan.instrument_key,
                programme=programme,
                respondent_citizen=respondent_citizen,
                occasion=occasion,
                context_object=context_object,
                send_email_to=send_email_to,
                acting_user=acting_user,
                via=via,
            )
        )
    return invited


def _language_of(invitation: Invitation) -> str:
    citizen = invitation.respondent_citizen
    if citizen is not None and citizen.user is not None and citizen.user.preferred_language:
        return citizen.user.preferred_language
    return "da"


def _email_invitation(invitation: Invitation, template: str) -> None:
    language = _language_of(invitation)
    with translation.override(language):
        expires = date_format(timezone.localtime(invitation.expires_at).date(), "SHORT_DATE_FORMAT")
    context = {
        "title": invitation.instrument.title_in(language),
        "organisation": invitation.organisation.name,
        "url": answer_url(invitation.code),
        "expires": expires,
    }
    to = [invitation.email]
    transaction.on_commit(lambda: send_email_task.enqueue(template=template, to=to, context=context, language=language))


def cancel_invitation(*, invitation: Invitation, acting_user: User | None) -> Invitation:
    """Close an invitation; its link then explains that it can no longer be used. Answers given stay."""
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk, cancelled_at__isnull=True).update(cancelled_at=timezone.now())
        invitation.refresh_from_db()
        log_action(
            invitation,
            "feedback.invitation.cancelled",
            actor=acting_user,
            subject_code=invitation.respondent_citizen.code if invitation.respondent_citizen else None,
        )
    return invitation


def send_reminders(*, now: datetime | None = None) -> int:
    """E-mail one reminder for each unanswered invitation whose reminder day has come."""
    moment = now or timezone.now()
    sent = 0
    for invitation in Invitation.objects.due_for_reminder(moment).select_related(
        "instrument", "organisation", "respondent_citizen__user"
    ):
        with transaction.atomic():
            if not Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(reminded_at=moment):
                continue
            if invitation.email:
                _email_invitation(invitation, "feedback/email/reminder")
                sent += 1
            log_action(invitation, "feedback.invitation.reminded", actor=None, data={"emailed": bool(invitation.email)})
    return sent


def invite_repeated_measurements(*, today: date | None = None) -> int:
    """For plans "every N weeks": invite each citizen who answered at the start and has not yet answered
    at the end, when N weeks have passed since their last invitation to that questionnaire."""
    day = today or timezone.localdate()
    invited = 0
    for plan in MeasurementPlan.objects.active().filter(timing=Timing.EVERY_N_WEEKS).select_related("programme"):
        weeks = int(plan.interval_weeks or 0)
        if weeks < 1:
            continue
        started = Response.objects.submitted().filter(
            programme=plan.programme,
            instrument__instrument_id=plan.instrument_key,
            occasion=Occasion.START,
            respondent_citizen__isnull=False,
        )
        ended = Response.objects.submitted().filter(
            programme=plan.programme, instrument__instrument_id=plan.instrument_key, occasion=Occasion.END
        )
        citizens = Citizen.objects.filter(pk__in=started.values("respondent_citizen")).exclude(
            pk__in=ended.values("respondent_citizen")
        )
        last_invited = dict(
            Invitation.objects.filter(
                programme=plan.programme, instrument__instrument_id=plan.instrument_key, respondent_citizen__in=citizens
            )
            .values_list("respondent_citizen")
            .annotate(last=Max("created_at"))
        )
        for citizen in citizens.select_related("user"):
            last = last_invited.get(citizen.pk)
            if last is not None and timezone.localtime(last).date() + timedelta(weeks=weeks) > day:
                continue
            if not citizen.email and citizen.user is None:
                continue  # no way to reach them: the coordinator invites them in person
            invite_respondent(
                instrument_key=plan.instrument_key,
                programme=plan.programme,
                respondent_citizen=citizen,
                occasion=Occasion.DURING,
                send_email_to=citizen.email or None,
            )
            invited += 1
    return invited


# --------------------------------------------------------------------------------------------------
# Answering


def start_response(*, invitation: Invitation, language: str, response_code: Any = None) -> Response:
    """The answer in progress for this invitation: the one already begun, or a new one.

    A personal invitation has one answer; on a group link every phone (its session keeps
    `response_code`) has its own.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        existing = None
        if locked.group_link:
            if response_code is not None:
                existing = Response.objects.filter(invitation=locked, code=response_code).first()
        else:
            existing = Response.objects.filter(invitation=locked).first()
        if existing is not None:
            return existing
        response = Response.objects.create(
            organisation=locked.organisation,
            programme=locked.programme,
            invitation=locked,
            instrument=locked.instrument,
            respondent_citizen=locked.respondent_citizen,
            occasion=locked.occasion,
            context_type=locked.context_type,
            context_code=locked.context_code,
            language=language,
        )
        _store_score(response)
        response.save()
    return response


def _store_score(response: Response) -> engine.Score:
    score = engine.score_answers(response.instrument.instrument, response.answers)
    response.total = score.total
    response.total_complete = score.total_complete
    response.complete = score.complete
    response.subscale_scores = {key: part.score for key, part in score.subscales.items()}
    response.flags = [flag.cutoff for flag in score.flags]
    response.flagged = score.flagged
    return score


def save_answers(
    *,
    response: Response,
    answers: Mapping[str, engine.Answer | None],
    submit: bool,
    acting_user: User | None = None,
) -> Response:
    """Save the answers of one page (blank clears an answer); `submit=True` sends the questionnaire.

    Saved on every page and on "Save and continue later", so an unfinished questionnaire is never lost;
    sent with unanswered questions it is kept as partial. Raises engine.AnswerError for a value off the
    scale and FeedbackError when the questionnaire was already sent or the link closed.
    """
    instrument = response.instrument.instrument
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=response.invitation_id)
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.submitted_at is not None:
            raise FeedbackError("already_sent", str(locked.code), "submitted_at", "the answers were sent already")
        if not invitation.usable:
            raise FeedbackError("link_closed", str(invitation.code), "invitation", "the link can no longer be used")
        merged: dict[str, engine.Answer | None] = dict(locked.answers)
        merged.update(answers)
        cleaned = engine.clean_answers(instrument, merged)
        locked.answers = dict(cleaned)
        score = _store_score(locked)
        now = timezone.now()
        locked.updated_at = now
        if submit:
            locked.submitted_at = now
            if not invitation.group_link:
                invitation.completed_at = now
                invitation.save(update_fields=["completed_at"])
        locked.save()
        if submit:
            log_action(
                locked,
                "feedback.response.submitted",
                actor=acting_user or "respondent",
                organisation=locked.organisation,
                subject_code=locked.respondent_citizen.code if locked.respondent_citizen else None,
                data={
                    "instrument": instrument.id,
                    "version": instrument.version,
                    "complete": score.complete,
                    "flagged": score.flagged,
                },
            )
    response.refresh_from_db()
    return response


def mark_followed_up(*, response: Response, acting_user: User, note: str = "") -> Response:
    """Record that the team has talked about a low score (e.g. with the group at the next session)."""
    with transaction.atomic():
        Response.objects.filter(pk=response.pk).update(
            followed_up_at=timezone.now(), followed_up_by=acting_user, follow_up_note=note[:500]
        )
        response.refresh_from_db()
        log_action(
            response,
            "feedback.response.followed_up",
            actor=acting_user,
            organisation=response.organisation,
            subject_code=response.respondent_citizen.code if response.respondent_citizen else None,
            data={"flags": response.flags},
        )
    return response


# --------------------------------------------------------------------------------------------------
# Research export


@dataclass(frozen=True)
class ExportResult:
    filename: str
    content: bytes
    content_type: str
    rows: int
    left_out: int  # submitted answers without the basis for research use


def research_basis() -> Q:
    """The rule for research exports, as a filter on answers.

    An answer goes into a research export when its respondent is a citizen with a recorded consent
    or legal basis for the purpose "research" in force — whether the basis is the citizen's consent
    (GDPR art. 6(1)(a), 9(2)(a)) or a public authority's task (art. 6(1)(e), 9(2)(h)) recorded for that
    purpose — or when it was given anonymously on a group link (no citizen, no name). Answers from
    personal invitations without a citizen record are left out: no basis can be recorded for them.
    """
    with_research_basis = Citizen.objects.filter(
        consents__purpose=ConsentPurpose.RESEARCH, consents__withdrawn_at__isnull=True
    )
    return Q(respondent_citizen__in=with_research_basis) | Q(
        respondent_citizen__isnull=True, invitation__group_link=True
    )


def _pseudonym(salt: bytes, key: str) -> str:
    return "R" + hmac.new(salt, key.encode(), hashlib.sha256).hexdigest()[:12]


def export_responses(
    *,
    organisation: Organisation,
    instrument: InstrumentVersion,
    file_format: str,
    acting_user: User,
    programme: Programme | None = None,
    include_free_text: bool = False,
    language: str = "da",
    request: Any = None,
) -> ExportResult:
    """A pseudonymised research export of the sent answers to one questionnaire.

    A random salt per export gives each respondent a pseudonym that is stable within the export and
    cannot be linked across exports. No names, no CPR numbers, no e-mail addresses. Answers given on
    earlier versions with the same questions are included with their own version number. Every export
    is logged.
    """
    if file_format not in EXPORT_FORMATS:
        raise FeedbackError("bad_format", file_format, "file_format", f"'{file_format}' is not an export format")
    version = instrument.instrument
    item_ids = {item.id for item in version.items}
    answers = Response.objects.of(organisation).submitted().filter(instrument__instrument_id=version.id)
    if instrument.organisation_id is None:
        answers = answers.filter(instrument__organisation__isnull=True)
    else:
        answers = answers.filter(instrument__organisation=instrument.organisation)
    if programme is not None:
        answers = answers.filter(programme=programme)
    eligible = answers.filter(research_basis()).select_related("instrument", "respondent_citizen", "programme")
    total = answers.count()
    salt = secrets.token_bytes(16)
    rows: list[export_engine.ResponseRow] = []
    for response in eligible.order_by("submitted_at", "pk"):
        if not set(response.answers) <= item_ids:
            continue  # given on a version with other questions: export that version on its own
        key = (
            f"citizen:{response.respondent_citizen.code}"
            if response.respondent_citizen is not None
            else f"answer:{response.code}"
        )
        submitted = timezone.localtime(response.submitted_at) if response.submitted_at else None
        rows.append(
            export_engine.ResponseRow(
                respondent=_pseudonym(salt, key),
                answers=response.answers,
                version=response.instrument.version,
                background={
                    "occasion": response.occasion,
                    "programme": response.programme.model,
                    "answered": submitted.date() if submitted else None,
                },
            )
        )
    stem = f"{version.id}-v{version.version}-{timezone.localdate().isoformat()}"
    if file_format == "csv":
        text = export_engine.plain_csv(version, rows, language=language, include_free_text=include_free_text)
        content, content_type, filename = text.encode("utf-8-sig"), "text/csv; charset=utf-8", f"{stem}.csv"
    elif file_format == "xlsx":
        content = export_engine.excel_workbook(version, rows, language=language, include_free_text=include_free_text)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        filename = f"{stem}.xlsx"
    else:
        files = export_engine.survey_files(version, rows, language=language, include_free_text=include_free_text)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.as_bytes(prefix=f"{version.id}-").items():
                archive.writestr(name, data)
        content, content_type, filename = buffer.getvalue(), "application/zip", f"{stem}-surveyxact.zip"
    log_access(
        actor=acting_user,
        kind=AuditKind.EXPORT,
        action="feedback.responses.exported",
        organisation=organisation,
        obj=instrument,
        purpose=_("Research export, pseudonymised"),
        request=request,
        data={
            "instrument": version.id,
            "version": version.version,
            "format": file_format,
            "programme": str(programme.code) if programme is not None else "",
            "rows": len(rows),
            "left_out": total - len(rows),
            "free_text": include_free_text,
        },
    )
    return ExportResult(filename, content, content_type, len(rows), total - len(rows))
