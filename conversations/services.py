"""Every write of ward conversations: one function per action, audited, side effects after commit.

Audit entries never carry the peer's free text, the debrief note or the safety notice's message; they
say what happened, to which object, and by whom.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conversations import access
from conversations.models import (
    DEFAULT_THEMES,
    Conversation,
    EntryStatus,
    JournalNote,
    ListEntry,
    RecipientReason,
    SafetyNotice,
    SafetyNoticeRecipient,
    ShiftLog,
    Theme,
    WardConversationSettings,
)
from core.audit import log_action
from core.models import Unit, User
from core.tasks import send_email_task
from wards.models import Shift

logger = logging.getLogger(__name__)

DEFAULT_ESCALATION_MINUTES = 15
# A conversation is typically 15–45 minutes; anything beyond half a day is a typing error.
MAX_CONVERSATION_MINUTES = 4 * 60


class ConversationRefused(Exception):
    """A request refused with a translated message; `field` names the form field it concerns."""

    def __init__(self, code: str, message: Any, *, field: str = "") -> None:
        self.code = code
        self.field = field
        self.message = str(message)
        super().__init__(self.message)


def escalation_minutes(ward: Unit | None = None) -> int:
    """Minutes before an unacknowledged safety notice escalates: the ward's own setting, else the Django
    setting SAFETY_NOTICE_ESCALATION_MINUTES (default 15)."""
    if ward is not None:
        own = WardConversationSettings.objects.filter(ward=ward).values_list("escalation_minutes", flat=True).first()
        if own:
            return int(own)
    return int(getattr(settings, "SAFETY_NOTICE_ESCALATION_MINUTES", DEFAULT_ESCALATION_MINUTES))


def set_escalation_minutes(*, ward: Unit, minutes: int | None, acting_user: User) -> WardConversationSettings:
    """Give the ward its own escalation time for safety notices, or (None) use the default again."""
    if minutes is not None and not 1 <= minutes <= 240:
        raise ConversationRefused(
            "escalation_range", _("Choose between 1 and 240 minutes."), field="escalation_minutes"
        )
    with transaction.atomic():
        row, _created = WardConversationSettings.objects.select_for_update().get_or_create(ward=ward)
        row.escalation_minutes = minutes
        row.save()
        log_action(
            ward,
            "conversations.escalation_minutes.set",
            actor=acting_user,
            organisation=ward.organisation,
            data={"minutes": minutes},
        )
    return row


def _email_after_commit(*, template: str, users: list[User], context: dict[str, Any]) -> None:
    for user in users:
        if not user.email:
            continue
        language = user.preferred_language or "da"
        address = user.email
        transaction.on_commit(
            lambda address=address, language=language: send_email_task.enqueue(  # type: ignore[misc]
                template=template, to=[address], context=context, language=language
            )
        )


# --------------------------------------------------------------------------------------------------
# Themes


def ensure_default_themes(*, ward: Unit) -> list[Theme]:
    """Give a ward without themes the default Danish theme list; a ward with themes keeps its own."""
    with transaction.atomic():
        if not Theme.objects.of_ward(ward).exists():
            for position, label in enumerate(DEFAULT_THEMES, start=1):
                Theme.objects.get_or_create(ward=ward, label=label, defaults={"position": position})
            log_action(ward, "conversations.themes.defaulted", actor=None, data={"count": len(DEFAULT_THEMES)})
    return list(Theme.objects.of_ward(ward).order_by("position", "label"))


def add_theme(*, ward: Unit, label: str, acting_user: User) -> Theme:
    label = label.strip()
    with transaction.atomic():
        if Theme.objects.of_ward(ward).filter(label__iexact=label).exists():
            raise ConversationRefused("theme_exists", _("The ward already has this theme."), field="label")
        position = (Theme.objects.of_ward(ward).aggregate(m=Max("position"))["m"] or 0) + 1
        theme = Theme.objects.create(ward=ward, label=label, position=position)
        log_action(theme, "conversations.theme.added", actor=acting_user, organisation=ward.organisation)
    return theme


def set_theme_active(*, theme: Theme, active: bool, acting_user: User) -> Theme:
    """Take a theme out of use (conversations that used it keep it) or back into use."""
    with transaction.atomic():
        Theme.objects.filter(pk=theme.pk).update(active=active)
        theme.active = active
        log_action(
            theme,
            "conversations.theme.activated" if active else "conversations.theme.retired",
            actor=acting_user,
            organisation=theme.ward.organisation,
        )
    return theme


# --------------------------------------------------------------------------------------------------
# The key person's list

_CPR_LIKE = re.compile(r"\d{6}-?\d{4}")


def add_list_entry(
    *, ward: Unit, day: date, patient: str, met_peer_before: bool, contact_person: User, acting_user: User
) -> ListEntry:
    """Put a patient who wants a peer conversation on the ward's list for the day."""
    patient = " ".join(patient.split())
    if not patient:
        raise ConversationRefused("patient_missing", _("Write a first name or a room."), field="patient")
    if _CPR_LIKE.search(patient):
        raise ConversationRefused(
            "patient_cpr", _("Write only a first name or a room – never a CPR number."), field="patient"
        )
    if not access.ward_staff(ward).filter(pk=contact_person.pk).exists():
        raise ConversationRefused(
            "contact_not_staff", _("The contact person must be a member of staff on the ward."), field="contact_person"
        )
    with transaction.atomic():
        entry = ListEntry.objects.create(
            ward=ward,
            day=day,
            patient=patient,
            met_peer_before=met_peer_before,
            contact_person=contact_person,
            added_by=acting_user,
        )
        log_action(
            entry,
            "conversations.list_entry.added",
            actor=acting_user,
            organisation=ward.organisation,
            data={"day": day.isoformat(), "met_peer_before": met_peer_before},
        )
    return entry


def remove_list_entry(*, entry: ListEntry, acting_user: User) -> None:
    """Take a patient off the list, as long as no conversation was logged with them."""
    with transaction.atomic():
        entry = ListEntry.objects.select_for_update().get(pk=entry.pk)
        if Conversation.objects.filter(entry=entry).exists():
            raise ConversationRefused(
                "entry_has_conversation", _("A conversation has been logged with this patient; it stays on the list.")
            )
        log_action(entry, "conversations.list_entry.removed", actor=acting_user, organisation=entry.ward.organisation)
        entry.delete()


def _check_entry_on_shift(entry: ListEntry, shift: Shift) -> None:
    if entry.ward_id != shift.ward_id or entry.day != shift.date:
        raise ConversationRefused("entry_not_on_shift", _("This patient is not on the list for your shift."))


def mark_entry_declined(*, entry: ListEntry, shift: Shift, acting_user: User) -> ListEntry:
    """The peer knocked and the patient no longer wants a conversation."""
    _check_entry_on_shift(entry, shift)
    with transaction.atomic():
        changed = ListEntry.objects.filter(pk=entry.pk, status=EntryStatus.WAITING).update(status=EntryStatus.DECLINED)
        if not changed:
            raise ConversationRefused("entry_not_waiting", _("This patient is no longer waiting for a conversation."))
        log_action(entry, "conversations.list_entry.declined", actor=acting_user, organisation=shift.ward.organisation)
    entry.refresh_from_db()
    return entry


# --------------------------------------------------------------------------------------------------
# Conversations


def start_conversation(
    *, shift: Shift, entry: ListEntry, acting_user: User, at: datetime | None = None
) -> Conversation:
    """Start a conversation with a patient on the list now (or at `at`)."""
    _check_entry_on_shift(entry, shift)
    started_at = (at or timezone.now()).replace(second=0, microsecond=0)
    with transaction.atomic():
        entry = ListEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != EntryStatus.WAITING or Conversation.objects.filter(entry=entry).exists():
            raise ConversationRefused("entry_not_waiting", _("This patient is no longer waiting for a conversation."))
        conversation = Conversation.objects.create(shift=shift, entry=entry, started_at=started_at)
        entry.status = EntryStatus.TALKED
        entry.save(update_fields=["status"])
        log_action(
            conversation, "conversations.conversation.started", actor=acting_user, organisation=shift.ward.organisation
        )
    return conversation


def save_conversation(
    *,
    conversation: Conversation,
    started_at: datetime,
    ended_at: datetime | None,
    theme: Theme | None,
    private_note: str,
    acting_user: User,
) -> Conversation:
    """Save times, the agreed theme and the peer's own note. An ended conversation with a theme gives the
    patient's contact person a journal note with the theme only."""
    if ended_at is not None and ended_at <= started_at:
        raise ConversationRefused("end_before_start", _("The end must be after the start."), field="end")
    if ended_at is not None and ended_at - started_at > timedelta(minutes=MAX_CONVERSATION_MINUTES):
        raise ConversationRefused(
            "too_long", _("A conversation cannot last more than four hours. Check the times."), field="end"
        )
    if ended_at is not None and theme is None:
        raise ConversationRefused(
            "theme_missing",
            _("Choose the theme you and the patient agreed on before you end the conversation."),
            field="theme",
        )
    if theme is not None and theme.ward_id != conversation.shift.ward_id:
        raise ConversationRefused("theme_other_ward", _("Choose a theme from the ward's list."), field="theme")
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update().select_related("entry", "shift__ward").get(pk=conversation.pk)
        )
        note = JournalNote.objects.filter(conversation=conversation).first()
        if note is not None and note.filed_at is not None and (theme is None or note.theme != theme.label):
            raise ConversationRefused(
                "note_filed",
                _("The journal note has already been filed with the theme “%(theme)s”; the theme cannot change now.")
                % {"theme": note.theme},
                field="theme",
            )
        conversation.started_at = started_at
        conversation.ended_at = ended_at
        conversation.theme = theme
        conversation.private_note = private_note.strip()
        conversation.save()
        ward = conversation.shift.ward
        if ended_at is not None and theme is not None:
            day = timezone.localtime(started_at).date()
            if note is None:
                note = JournalNote.objects.create(
                    conversation=conversation,
                    ward=ward,
                    contact_person=conversation.entry.contact_person,
                    patient=conversation.entry.patient,
                    day=day,
                    theme=theme.label,
                )
                log_action(
                    note, "conversations.journal_note.created", actor=acting_user, organisation=ward.organisation
                )
            elif note.filed_at is None and (note.theme != theme.label or note.day != day):
                JournalNote.objects.filter(pk=note.pk).update(theme=theme.label, day=day)
                log_action(
                    note, "conversations.journal_note.updated", actor=acting_user, organisation=ward.organisation
                )
        log_action(
            conversation,
            "conversations.conversation.saved",
            actor=acting_user,
            organisation=ward.organisation,
            data={"ended": ended_at is not None, "theme": str(theme.code) if theme else ""},
        )
    return conversation


def save_shift_log(*, shift: Shift, informal_minutes: int, debrief_note: str, acting_user: User) -> ShiftLog:
    """Record the time spent informally on the ward and the note for the debrief with the coordinator."""
    if informal_minutes < 0:
        raise ConversationRefused("negative_minutes", _("Minutes cannot be negative."), field="informal_minutes")
    with transaction.atomic():
        log, _created = ShiftLog.objects.select_for_update().get_or_create(shift=shift)
        log.informal_minutes = informal_minutes
        log.debrief_note = debrief_note.strip()
        log.save()
        log_action(
            shift,
            "conversations.shift_log.saved",
            actor=acting_user,
            organisation=shift.plan.organisation,
            data={"informal_minutes": informal_minutes, "has_debrief_note": bool(log.debrief_note)},
        )
    return log


def names_in_text(text: str, names: list[str]) -> list[str]:
    """The list's first names or rooms that appear as whole words in the text (case-insensitive)."""
    found = []
    for name in names:
        name = name.strip()
        if len(name) < 2:
            continue
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE):
            found.append(name)
    return sorted(set(found))


# --------------------------------------------------------------------------------------------------
# Journal notes


def file_journal_note(*, note: JournalNote, acting_user: User) -> JournalNote:
    """The contact person has written the theme into the patient's journal."""
    with transaction.atomic():
        changed = JournalNote.objects.filter(pk=note.pk, filed_at__isnull=True).update(
            filed_at=timezone.now(), filed_by=acting_user
        )
        if not changed:
            raise ConversationRefused("already_filed", _("This note has already been filed."))
        log_action(note, "conversations.journal_note.filed", actor=acting_user, organisation=note.ward.organisation)
    note.refresh_from_db()
    return note


# --------------------------------------------------------------------------------------------------
# Safety notices


def _notice_url(notice: SafetyNotice) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("conversations:safety_notice", kwargs={"code": notice.code})


def _notify(notice: SafetyNotice, recipients: list[tuple[User, str]], *, escalated: bool) -> list[User]:
    """Add recipients not yet told, and e-mail them after commit. Returns who was newly told."""
    already = set(notice.recipients.values_list("user_id", flat=True))
    told: list[User] = []
    for user, reason in recipients:
        if user.pk in already or user.pk == notice.raised_by_id:
            continue
        already.add(user.pk)
        SafetyNoticeRecipient.objects.create(notice=notice, user=user, reason=reason)
        told.append(user)
    # The e-mail says where and how urgent, never who or what: the details are behind the login.
    context = {
        "ward": notice.ward.name,
        "raised_at": timezone.localtime(notice.raised_at).strftime("%d.%m.%Y %H:%M"),
        "url": _notice_url(notice),
        "escalated": escalated,
        "minutes": escalation_minutes(notice.ward),
    }
    _email_after_commit(template="conversations/email/safety_notice", users=told, context=context)
    return told


def _enqueue_escalation(notice: SafetyNotice) -> None:
    from conversations.tasks import escalate_safety_notice_task

    backend = escalate_safety_notice_task.get_backend()
    if not backend.supports_defer:
        # The immediate backend (tests, development) cannot wait; the escalation is then run by hand.
        logger.warning("Task backend cannot delay tasks; safety notice %s will not escalate by itself", notice.code)
        return
    code = str(notice.code)
    run_after = notice.escalate_at
    transaction.on_commit(lambda: escalate_safety_notice_task.using(run_after=run_after).enqueue(notice_code=code))


def raise_safety_notice(
    *,
    ward: Unit,
    patient: str,
    message: str,
    acting_user: User,
    shift: Shift | None = None,
    conversation: Conversation | None = None,
) -> SafetyNotice:
    """Tell the ward at once that a patient may harm self or others: the key persons, the ward's staff and
    the patient's contact person see it on their start page and get an e-mail; if nobody acknowledges
    within the set minutes it escalates to the unit's lead and the coordinators."""
    message = message.strip()
    if not message:
        raise ConversationRefused("message_missing", _("Write what staff need to know."), field="message")
    now = timezone.now()
    with transaction.atomic():
        notice = SafetyNotice.objects.create(
            organisation=ward.organisation,
            ward=ward,
            shift=shift,
            conversation=conversation,
            patient=" ".join(patient.split())[:40],
            message=message,
            raised_by=acting_user,
            raised_at=now,
            escalate_at=now + timedelta(minutes=escalation_minutes(ward)),
        )
        recipients: list[tuple[User, str]] = [(user, RecipientReason.KEY_PERSON) for user in access.ward_staff(ward)]
        if conversation is not None:
            recipients.insert(0, (conversation.entry.contact_person, RecipientReason.CONTACT_PERSON))
        told = _notify(notice, recipients, escalated=False)
        log_action(
            notice,
            "conversations.safety_notice.raised",
            actor=acting_user,
            data={"told": [str(u.code) for u in told], "escalate_at": notice.escalate_at.isoformat()},
        )
        if not told:
            # Nobody on the ward has an account: escalate at once rather than wait for nobody.
            _escalate(notice, now=now)
        else:
            _enqueue_escalation(notice)
    return notice


def acknowledge_safety_notice(*, notice: SafetyNotice, acting_user: User) -> SafetyNotice:
    """A member of staff has seen the notice and takes it from here."""
    with transaction.atomic():
        changed = SafetyNotice.objects.filter(pk=notice.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now(), acknowledged_by=acting_user
        )
        if not changed:
            raise ConversationRefused("already_acknowledged", _("Someone has already acknowledged this notice."))
        notice.refresh_from_db()
        log_action(
            notice,
            "conversations.safety_notice.acknowledged",
            actor=acting_user,
            data={"minutes": int((notice.acknowledged_at - notice.raised_at).total_seconds() // 60)},  # type: ignore[operator]
        )
    return notice


def _escalate(notice: SafetyNotice, *, now: datetime) -> list[User]:
    SafetyNotice.objects.filter(pk=notice.pk).update(escalated_at=now)
    notice.escalated_at = now
    told = _notify(
        notice,
        [(user, RecipientReason.ESCALATION) for user in access.escalation_recipients(notice.ward)],
        escalated=True,
    )
    log_action(notice, "conversations.safety_notice.escalated", actor=None, data={"told": [str(u.code) for u in told]})
    return told


def escalate_safety_notice(*, notice: SafetyNotice, now: datetime | None = None) -> bool:
    """Escalate the notice to the unit's lead and the coordinators if nobody has acknowledged it by its
    escalation time. Returns whether it escalated; running it twice escalates once."""
    now = now or timezone.now()
    with transaction.atomic():
        notice = SafetyNotice.objects.select_for_update().select_related("ward__organisation").get(pk=notice.pk)
        if notice.acknowledged_at is not None or notice.escalated_at is not None or now < notice.escalate_at:
            return False
        _escalate(notice, now=now)
    return True


def escalate_overdue_safety_notices(*, now: datetime | None = None) -> int:
    """Safety net for lost tasks: escalate every overdue, unacknowledged notice."""
    now = now or timezone.now()
    overdue = SafetyNotice.objects.unacknowledged().filter(escalated_at__isnull=True, escalate_at__lte=now)
    return sum(1 for notice in overdue if escalate_safety_notice(notice=notice, now=now))
