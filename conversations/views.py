"""Views of ward conversations: access check → form → service → redirect."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conversations import access, selectors, services
from conversations.forms import (
    ConversationForm,
    EscalationForm,
    ListEntryForm,
    SafetyNoticeForm,
    ShiftLogForm,
    ThemeForm,
)
from conversations.models import Conversation, ListEntry, ShiftLog, WardConversationSettings
from conversations.services import ConversationRefused
from core.access import acting_user, has_role, login_required, organisation_of, role_required
from core.audit import log_access
from core.models import AuditKind, Role
from wards.models import Shift


def _refused(request: HttpRequest, error: ConversationRefused, form: Any = None) -> None:
    if form is not None and error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    elif form is not None:
        form.add_error(None, error.message)
    else:
        messages.error(request, error.message)


# --------------------------------------------------------------------------------------------------
# The peer's shift


@role_required(Role.PEER)
def today(request: HttpRequest) -> HttpResponse:
    """Today's shift: straight to it when there is one, else the shifts of today and the coming week."""
    shifts = access.shifts_of_peer(request)
    now = timezone.localdate()
    todays = selectors.todays_shifts(shifts, now)
    if len(todays) == 1:
        return redirect("conversations:shift", code=todays[0].code)
    upcoming = list(
        shifts.filter(date__gt=now, date__lte=now + timedelta(days=14)).select_related("ward").order_by("date", "start")
    )
    recent = list(
        shifts.filter(date__lt=now, date__gte=now - timedelta(days=7)).select_related("ward").order_by("-date")
    )
    return render(
        request, "conversations/today.html", {"todays": todays, "upcoming": upcoming, "recent": recent, "today": now}
    )


def _shift_context(request: HttpRequest, shift: Shift, **extra: Any) -> dict[str, Any]:
    page = selectors.shift_page(shift)
    log = page.log or ShiftLog(shift=shift)
    context: dict[str, Any] = {
        "shift": shift,
        "page": page,
        "is_today": shift.date == timezone.localdate(),
        "log_form": ShiftLogForm(
            initial={"informal_minutes": log.informal_minutes, "debrief_note": log.debrief_note}, names=page.names
        ),
    }
    context.update(extra)
    return context


@login_required
def shift(request: HttpRequest, code: str) -> HttpResponse:
    """The peer's shift on a phone; for a coordinator, only the debrief note of the shift."""
    if has_role(request, Role.PEER) and access.shifts_of_peer(request).filter(code=code).exists():
        the_shift = access.get_shift_for_peer(request, code)
        services.ensure_default_themes(ward=the_shift.ward)
        log_access(
            actor=acting_user(request),
            kind=AuditKind.READ,
            action="conversations.shift.read",
            obj=the_shift,
            organisation=the_shift.plan.organisation,
            purpose="Peer shift: the key person's list",
            request=request,
        )
        return render(request, "conversations/shift.html", _shift_context(request, the_shift))
    the_shift = access.get_shift_for_debrief(request, code)
    log = ShiftLog.objects.filter(shift=the_shift).first()
    count = Conversation.objects.filter(shift=the_shift).count()
    return render(request, "conversations/shift_debrief.html", {"shift": the_shift, "log": log, "count": count})


@role_required(Role.COORDINATOR)
def debriefs(request: HttpRequest) -> HttpResponse:
    """The coordinator's overview for the talk after the shifts: each recent shift's debrief note,
    informal time and number of conversations – never the conversations themselves."""
    organisation = organisation_of(request)
    today = timezone.localdate()
    shifts = (
        Shift.objects.published()
        .filter(plan__organisation=organisation, date__lte=today, date__gte=today - timedelta(days=13))
        .select_related("ward", "peer", "conversation_log")
        .annotate(conversation_count=Count("conversations"))
        .order_by("-date", "start", "ward__name")
    )
    return render(request, "conversations/debriefs.html", {"shifts": list(shifts), "today": today})


@require_POST
@role_required(Role.PEER)
def entry_start(request: HttpRequest, code: str, entry_code: str) -> HttpResponse:
    the_shift = access.get_shift_for_peer(request, code)
    entry = access.get_entry_on_shift(request, the_shift, entry_code)
    try:
        conversation = services.start_conversation(shift=the_shift, entry=entry, acting_user=acting_user(request))
    except ConversationRefused as error:
        _refused(request, error)
        return redirect("conversations:shift", code=the_shift.code)
    messages.success(request, _("The conversation with %(patient)s has started.") % {"patient": entry.patient})
    return redirect("conversations:conversation", code=conversation.code)


@require_POST
@role_required(Role.PEER)
def entry_decline(request: HttpRequest, code: str, entry_code: str) -> HttpResponse:
    the_shift = access.get_shift_for_peer(request, code)
    entry = access.get_entry_on_shift(request, the_shift, entry_code)
    try:
        services.mark_entry_declined(entry=entry, shift=the_shift, acting_user=acting_user(request))
    except ConversationRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("%(patient)s no longer wants a conversation.") % {"patient": entry.patient})
    return redirect("conversations:shift", code=the_shift.code)


@role_required(Role.PEER)
def conversation(request: HttpRequest, code: str) -> HttpResponse:
    the_conversation = access.get_conversation_for_peer(request, code)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and "end_now" in data:
        data["end"] = timezone.localtime().strftime("%H:%M")
    form = ConversationForm(data, conversation=the_conversation)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_conversation(
                conversation=the_conversation,
                started_at=form.started_at(),
                ended_at=form.ended_at(),
                theme=form.cleaned_data["theme"],
                private_note=form.cleaned_data["private_note"],
                acting_user=acting_user(request),
            )
        except ConversationRefused as error:
            _refused(request, error, form)
        else:
            if form.cleaned_data.get("end"):
                messages.success(
                    request, _("The conversation is logged. The theme goes to the contact person for the journal.")
                )
                return redirect("conversations:shift", code=the_conversation.shift.code)
            messages.success(request, _("Saved."))
            return redirect("conversations:conversation", code=the_conversation.code)
    return render(request, "conversations/conversation.html", {"conversation": the_conversation, "form": form})


@require_POST
@role_required(Role.PEER)
def shift_log(request: HttpRequest, code: str) -> HttpResponse:
    the_shift = access.get_shift_for_peer(request, code)
    page = selectors.shift_page(the_shift)
    form = ShiftLogForm(request.POST, names=page.names)
    if form.is_valid():
        services.save_shift_log(
            shift=the_shift,
            informal_minutes=form.cleaned_data["informal_minutes"],
            debrief_note=form.cleaned_data["debrief_note"],
            acting_user=acting_user(request),
        )
        messages.success(request, _("The end of the shift is saved."))
        return redirect(reverse("conversations:shift", kwargs={"code": the_shift.code}) + "#afslutning")
    return render(request, "conversations/shift.html", _shift_context(request, the_shift, log_form=form))


@role_required(Role.PEER)
def safety_notice_new(request: HttpRequest, code: str) -> HttpResponse:
    """Raise a safety notice during or after a conversation on the shift."""
    the_shift = access.get_shift_for_peer(request, code)
    the_conversation = None
    conversation_code = request.GET.get("samtale") or request.POST.get("samtale")
    if conversation_code:
        the_conversation = access.get_conversation_for_peer(request, conversation_code)
        if the_conversation.shift_id != the_shift.pk:
            raise Http404
    initial = {"patient": the_conversation.entry.patient} if the_conversation else {}
    form = SafetyNoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.raise_safety_notice(
                ward=the_shift.ward,
                shift=the_shift,
                conversation=the_conversation,
                patient=form.cleaned_data["patient"],
                message=form.cleaned_data["message"],
                acting_user=acting_user(request),
            )
        except ConversationRefused as error:
            _refused(request, error, form)
        else:
            messages.success(request, _("The safety notice has gone to the ward's staff. Tell staff in person too."))
            return redirect("conversations:shift", code=the_shift.code)
    return render(
        request,
        "conversations/safety_notice_form.html",
        {"shift": the_shift, "form": form, "conversation": the_conversation},
    )


# --------------------------------------------------------------------------------------------------
# The key person's list


def _day_from(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("dato", ""))
    except ValueError:
        return timezone.localdate()


@role_required(*access.WARD_STAFF_ROLES)
def ward_list(request: HttpRequest) -> HttpResponse:
    """The ward's list of patients who want a peer conversation, for a day (today by default)."""
    wards = list(access.key_person_wards(request))
    if not wards:
        return render(request, "conversations/ward_list.html", {"wards": [], "ward": None})
    wanted = request.GET.get("afsnit") or request.POST.get("afsnit")
    ward = access.get_ward_for_key_person(request, wanted) if wanted else wards[0]
    day = _day_from(request)
    form = ListEntryForm(request.POST or None, ward=ward)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.add_list_entry(
                ward=ward,
                day=day,
                patient=form.cleaned_data["patient"],
                met_peer_before=form.cleaned_data["met_peer_before"],
                contact_person=form.cleaned_data["contact_person"],
                acting_user=acting_user(request),
            )
        except ConversationRefused as error:
            _refused(request, error, form)
        else:
            messages.success(request, _("%(patient)s is on the list.") % {"patient": entry.patient})
            return redirect(f"{reverse('conversations:ward_list')}?afsnit={ward.code}&dato={day.isoformat()}")
    entries = list(ListEntry.objects.for_day(ward, day).in_order().select_related("contact_person"))
    log_access(
        actor=acting_user(request),
        kind=AuditKind.READ,
        action="conversations.ward_list.read",
        obj=ward,
        purpose="Key person's list of patients who want a peer conversation",
        request=request,
        data={"day": day.isoformat()},
    )
    shifts = list(Shift.objects.published().filter(ward=ward, date=day).select_related("peer").order_by("start"))
    return render(
        request,
        "conversations/ward_list.html",
        {
            "wards": wards,
            "ward": ward,
            "day": day,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
            "entries": entries,
            "form": form,
            "shifts": shifts,
            "has_staff": access.ward_staff(ward).exists(),
            "open_notices": list(
                access.safety_notices_visible_to(request).unacknowledged().filter(ward=ward).order_by("raised_at")
            ),
        },
    )


@require_POST
@role_required(*access.WARD_STAFF_ROLES)
def entry_remove(request: HttpRequest, code: str) -> HttpResponse:
    entry = access.get_entry_for_key_person(request, code)
    try:
        services.remove_list_entry(entry=entry, acting_user=acting_user(request))
    except ConversationRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("%(patient)s is off the list.") % {"patient": entry.patient})
    return redirect(f"{reverse('conversations:ward_list')}?afsnit={entry.ward.code}&dato={entry.day.isoformat()}")


# --------------------------------------------------------------------------------------------------
# Journal notes


@role_required(*access.WARD_STAFF_ROLES)
def journal_notes(request: HttpRequest) -> HttpResponse:
    notes = access.journal_notes_of(request).select_related("ward", "filed_by")
    show_filed = request.GET.get("vis") == "journalfoerte"
    notes = notes.filed().order_by("-filed_at") if show_filed else notes.unfiled().order_by("day", "patient")
    return render(
        request,
        "conversations/journal_notes.html",
        {"notes": list(notes[:500]), "show_filed": show_filed},
    )


@require_POST
@role_required(*access.WARD_STAFF_ROLES)
def journal_note_file(request: HttpRequest, code: str) -> HttpResponse:
    note = access.get_journal_note_for_contact_person(request, code)
    try:
        services.file_journal_note(note=note, acting_user=acting_user(request))
    except ConversationRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("Marked as filed in the journal."))
    return redirect("conversations:journal_notes")


# --------------------------------------------------------------------------------------------------
# Safety notices


@role_required(Role.COORDINATOR, Role.LEAD, Role.PEER, *access.WARD_STAFF_ROLES)
def safety_notices(request: HttpRequest) -> HttpResponse:
    notices = access.safety_notices_visible_to(request).select_related("ward", "raised_by", "acknowledged_by")
    open_notices = list(notices.unacknowledged().order_by("raised_at"))
    done = list(notices.filter(acknowledged_at__isnull=False).order_by("-raised_at")[:50])
    return render(
        request,
        "conversations/safety_notices.html",
        {"open_notices": open_notices, "done": done, "now": timezone.now()},
    )


@login_required
def safety_notice(request: HttpRequest, code: str) -> HttpResponse:
    notice = access.get_safety_notice(request, code)
    log_access(
        actor=acting_user(request),
        kind=AuditKind.READ,
        action="conversations.safety_notice.read",
        obj=notice,
        purpose="Safety notice",
        request=request,
    )
    return render(
        request,
        "conversations/safety_notice.html",
        {
            "notice": notice,
            "recipients": list(notice.recipients.select_related("user")),
            "may_acknowledge": access.may_acknowledge(request, notice) and not notice.is_acknowledged,
            "now": timezone.now(),
        },
    )


@require_POST
@login_required
def safety_notice_acknowledge(request: HttpRequest, code: str) -> HttpResponse:
    notice = access.get_safety_notice(request, code)
    if not access.may_acknowledge(request, notice):
        raise Http404
    try:
        services.acknowledge_safety_notice(notice=notice, acting_user=acting_user(request))
    except ConversationRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("Acknowledged. The peer and the others told can see that you have taken over."))
    return redirect("conversations:safety_notice", code=notice.code)


# --------------------------------------------------------------------------------------------------
# Themes (coordinators)


@role_required(Role.COORDINATOR)
def themes(request: HttpRequest) -> HttpResponse:
    wards = list(access.coordinator_wards(request))
    if not wards:
        return render(request, "conversations/themes.html", {"wards": [], "ward": None})
    wanted = request.GET.get("afsnit") or request.POST.get("afsnit")
    ward = access.get_ward_for_coordinator(request, wanted) if wanted else wards[0]
    services.ensure_default_themes(ward=ward)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_theme(ward=ward, label=form.cleaned_data["label"], acting_user=acting_user(request))
        except ConversationRefused as error:
            _refused(request, error, form)
        else:
            messages.success(request, _("The theme is added."))
            return redirect(f"{reverse('conversations:themes')}?afsnit={ward.code}")
    return render(request, "conversations/themes.html", _themes_context(ward, wards, form=form))


def _themes_context(ward: Any, wards: list[Any], **forms: Any) -> dict[str, Any]:
    own = WardConversationSettings.objects.filter(ward=ward).values_list("escalation_minutes", flat=True).first()
    default = services.escalation_minutes()
    context = {
        "wards": wards,
        "ward": ward,
        "themes": list(ward.conversation_themes.order_by("-active", "position", "label")),
        "form": ThemeForm(),
        "escalation_form": EscalationForm(initial={"escalation_minutes": own}, default=default),
    }
    context.update(forms)
    return context


@require_POST
@role_required(Role.COORDINATOR)
def escalation(request: HttpRequest) -> HttpResponse:
    """A ward's own escalation time for safety notices."""
    ward = access.get_ward_for_coordinator(request, request.POST.get("afsnit"))
    form = EscalationForm(request.POST, default=services.escalation_minutes())
    if form.is_valid():
        try:
            services.set_escalation_minutes(
                ward=ward, minutes=form.cleaned_data["escalation_minutes"], acting_user=acting_user(request)
            )
        except ConversationRefused as error:
            _refused(request, error, form)
        else:
            messages.success(
                request,
                _("Safety notices on %(ward)s now escalate after %(minutes)s minutes.")
                % {"ward": ward.name, "minutes": services.escalation_minutes(ward)},
            )
            return redirect(f"{reverse('conversations:themes')}?afsnit={ward.code}")
    wards = list(access.coordinator_wards(request))
    return render(request, "conversations/themes.html", _themes_context(ward, wards, escalation_form=form))


@require_POST
@role_required(Role.COORDINATOR)
def theme_toggle(request: HttpRequest, code: str) -> HttpResponse:
    theme = access.get_theme_for_coordinator(request, code)
    services.set_theme_active(theme=theme, active=not theme.active, acting_user=acting_user(request))
    messages.success(request, _("The theme is in use again.") if theme.active else _("The theme is no longer offered."))
    return redirect(f"{reverse('conversations:themes')}?afsnit={theme.ward.code}")
