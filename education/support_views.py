"""Support for peers: the meetings calendar with attendance, follow-ups due and overdue, a peer's support page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from core.access import acting_user, require_organisation_role, role_required
from core.audit import log_access
from core.models import AuditKind
from education import support_selectors as selectors
from education import support_services as services
from education.access import COORDINATOR_ROLES, get_meeting_for_user, get_peer_for_coordinator, get_series_for_user
from education.annotations import missed_required_supervision_twice
from education.defaults import MEETING_DEFAULTS
from education.errors import EducationRefused
from education.forms import (
    AttendanceForm,
    CalendarFilterForm,
    CancelMeetingForm,
    FollowUpRecordForm,
    MentorForm,
    SeriesForm,
)
from education.models import Meeting, MeetingKind, MeetingSeries
from people.models import Peer, Weekday

CALENDAR_DAYS = 92


def _crumbs(*items: tuple[Any, str]) -> list[dict[str, Any]]:
    return [{"label": label, "url": url} for label, url in items]


def _support_crumb() -> tuple[Any, str]:
    return (_("Supervision and follow-up"), reverse("education:support"))


def _meetings_crumb() -> tuple[Any, str]:
    return (_("Meetings"), reverse("education:meetings"))


def _refuse(form: Any, refusal: EducationRefused) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal.message))


def _log_peers_read(request: HttpRequest, action: str, peers: list[Peer], purpose: str) -> None:
    log_access(
        actor=acting_user(request),
        kind=AuditKind.READ,
        action=action,
        organisation=require_organisation_role(request, *COORDINATOR_ROLES),
        purpose=purpose,
        data={"codes": [str(p.code) for p in peers]},
        request=request,
    )


@role_required(*COORDINATOR_ROLES)
def support(request: HttpRequest) -> HttpResponse:
    """Start of support for peers: follow-ups overdue, supervision missed, attendance not yet marked."""
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    statuses = selectors.follow_up_statuses(organisation)
    overdue = [s for s in statuses if s.overdue]
    flagged = selectors.supervision_flags(organisation)
    _log_peers_read(request, "education.support.read", [s.peer for s in overdue] + flagged, "support for peers")
    return render(
        request,
        "education/support.html",
        {
            "overdue": overdue,
            "due_count": len(statuses),
            "flagged": flagged,
            "awaiting": selectors.awaiting_attendance(organisation),
            "breadcrumbs": _crumbs((_("Supervision and follow-up"), "")),
        },
    )


# --- Follow-ups --------------------------------------------------------------------------------------------------


@role_required(*COORDINATOR_ROLES)
def follow_ups(request: HttpRequest) -> HttpResponse:
    """The peers the coordinator follows up individually: overdue first, then by due date."""
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    statuses = selectors.follow_up_statuses(organisation)
    _log_peers_read(request, "education.follow_ups.read", [s.peer for s in statuses], "individual follow-up")
    today = timezone.localdate()
    return render(
        request,
        "education/follow_ups.html",
        {
            "overdue": [s for s in statuses if s.overdue],
            "upcoming": [s for s in statuses if not s.overdue],
            "soon": today + timedelta(days=3),
            "breadcrumbs": _crumbs(_support_crumb(), (_("Follow-ups"), "")),
        },
    )


@role_required(*COORDINATOR_ROLES)
def follow_up_record(request: HttpRequest, code: Any) -> HttpResponse:
    """Record a follow-up with a peer: date and form, and at most a short practical note."""
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Individual follow-up"))
    form = FollowUpRecordForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_follow_up(
                peer=peer,
                held_on=data["held_on"],
                form=data["form"],
                note=data["note"],
                acting_user=acting_user(request),
            )
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, _("The follow-up with %(name)s is recorded.") % {"name": peer.full_name})
            target = request.POST.get("next") or ""
            if target == reverse("education:peer_support", kwargs={"code": peer.code}):
                return redirect(target)
            return redirect("education:follow_ups")
    return render(
        request,
        "education/follow_up_form.html",
        {
            "form": form,
            "peer": peer,
            "status": selectors.follow_up_status_of(peer),
            "next": request.GET.get("next", "") or request.POST.get("next", ""),
            "breadcrumbs": _crumbs(
                _support_crumb(), (_("Follow-ups"), reverse("education:follow_ups")), (peer.full_name, "")
            ),
        },
    )


# --- A peer's support ----------------------------------------------------------------------------------------------


@role_required(*COORDINATOR_ROLES)
def peer_support(request: HttpRequest, code: Any) -> HttpResponse:
    """One peer's support: follow-ups (dates and form only), supervision attendance, meetings, mentor."""
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Support for peers"))
    return _render_peer_support(request, peer)


def _render_peer_support(request: HttpRequest, peer: Peer, mentor_form: MentorForm | None = None) -> HttpResponse:
    annotated = selectors.peer_supervision(peer)
    return render(
        request,
        "education/peer_support.html",
        {
            "peer": peer,
            "status": selectors.follow_up_status_of(peer),
            "history": peer.follow_ups.select_related("recorded_by")[:24],
            "supervision": annotated,
            "missed_twice": missed_required_supervision_twice(annotated),
            "meetings": selectors.peer_meetings(peer),
            "mentor_form": mentor_form or MentorForm(peer=peer),
            "mentees": peer.mentees.all(),
            "breadcrumbs": _crumbs(_support_crumb(), (peer.full_name, "")),
        },
    )


@require_POST
@role_required(*COORDINATOR_ROLES)
def peer_mentor(request: HttpRequest, code: Any) -> HttpResponse:
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Support for peers: mentor"))
    form = MentorForm(request.POST, peer=peer)
    if form.is_valid():
        mentor = form.cleaned_data["mentor"]
        try:
            services.assign_mentor(peer=peer, mentor=mentor, acting_user=acting_user(request))
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            if mentor is None:
                messages.success(request, _("%(name)s has no mentor now.") % {"name": peer.full_name})
            else:
                messages.success(
                    request,
                    _("%(mentor)s is mentor for %(name)s.") % {"mentor": mentor.full_name, "name": peer.full_name},
                )
            return redirect("education:peer_support", code=peer.code)
    return _render_peer_support(request, peer, form)


# --- Meetings --------------------------------------------------------------------------------------------------------


@role_required(*COORDINATOR_ROLES)
def meetings(request: HttpRequest) -> HttpResponse:
    """The calendar: meetings for the next three months, attendance still to mark, and the series."""
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    form = CalendarFilterForm(request.GET or None)
    kind = form.cleaned_data.get("kind", "") if form.is_valid() else ""
    today = timezone.localdate()
    upcoming = list(selectors.calendar(organisation, start=today, end=today + timedelta(days=CALENDAR_DAYS), kind=kind))
    months: list[dict[str, Any]] = []
    for meeting in upcoming:
        label = formats.date_format(meeting.on, "YEAR_MONTH_FORMAT")
        if not months or months[-1]["label"] != label:
            months.append({"label": label, "meetings": []})
        months[-1]["meetings"].append(meeting)
    return render(
        request,
        "education/meetings.html",
        {
            "filter_form": form,
            "months": months,
            "awaiting": selectors.awaiting_attendance(organisation),
            "series": selectors.series_of(organisation),
            "kinds": [(value, label) for value, label in MeetingKind.choices],
            "breadcrumbs": _crumbs(_support_crumb(), (_("Meetings"), "")),
        },
    )


def _series_initial(kind: str) -> dict[str, Any]:
    if kind not in MEETING_DEFAULTS:
        kind = MeetingKind.SUPERVISION
    spec = MEETING_DEFAULTS[kind]
    return {
        "kind": kind,
        "title": spec.title,
        "every_months": spec.every_months,
        "required": spec.required,
        "starts_on": timezone.localdate(),
        "ordinal": 1,
        "weekday": 1,
    }


def _series_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        k: data[k]
        for k in (
            "kind",
            "title",
            "programme",
            "ordinal",
            "weekday",
            "every_months",
            "start_time",
            "place",
            "starts_on",
            "ends_on",
            "required",
        )
    }


@role_required(*COORDINATOR_ROLES)
def series_create(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    form = SeriesForm(
        request.POST or None, organisation=organisation, initial=_series_initial(request.GET.get("kind", ""))
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.create_series(
                organisation=organisation,
                duration_minutes=data["duration_minutes"],
                participants=data["participants"],
                acting_user=acting_user(request),
                **_series_fields(data),
            )
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, _("The series is planned a year ahead."))
            return redirect("education:series_detail", code=series.code)
    return render(
        request,
        "education/series_form.html",
        {"form": form, "breadcrumbs": _crumbs(_support_crumb(), _meetings_crumb(), (_("New series"), ""))},
    )


@role_required(*COORDINATOR_ROLES)
def series_detail(request: HttpRequest, code: Any) -> HttpResponse:
    series = get_series_for_user(request, code)
    now = timezone.now()
    occurrences = selectors.with_attendance_counts(series.occurrences.all()).order_by("starts_at")
    return render(
        request,
        "education/series_detail.html",
        {
            "series": series,
            "weekday_label": Weekday(series.weekday).label,
            "participants": series.participants.order_by("first_name", "last_name"),
            "past": list(occurrences.filter(starts_at__lt=now).order_by("-starts_at")[:12]),
            "upcoming": list(occurrences.filter(starts_at__gte=now)[:12]),
            "breadcrumbs": _crumbs(_support_crumb(), _meetings_crumb(), (series.title, "")),
        },
    )


@role_required(*COORDINATOR_ROLES)
def series_edit(request: HttpRequest, code: Any) -> HttpResponse:
    series = get_series_for_user(request, code)
    form = SeriesForm(request.POST or None, instance=series, organisation=series.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = _series_fields(data)
        if data["duration_minutes"]:
            fields["duration_minutes"] = data["duration_minutes"]
        try:
            services.update_series(
                series=MeetingSeries.objects.get(pk=series.pk),
                participants=data["participants"],
                acting_user=acting_user(request),
                **fields,
            )
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, _("The series is saved; the coming meetings follow it."))
            return redirect("education:series_detail", code=series.code)
    return render(
        request,
        "education/series_form.html",
        {
            "form": form,
            "series": series,
            "breadcrumbs": _crumbs(
                _support_crumb(),
                _meetings_crumb(),
                (series.title, reverse("education:series_detail", kwargs={"code": series.code})),
                (_("Edit"), ""),
            ),
        },
    )


def _meeting_crumbs(meeting: Meeting, *items: tuple[Any, str]) -> list[dict[str, Any]]:
    return _crumbs(
        _support_crumb(),
        _meetings_crumb(),
        (meeting.series.title, reverse("education:series_detail", kwargs={"code": meeting.series.code})),
        *items,
    )


@role_required(*COORDINATOR_ROLES)
def meeting_detail(request: HttpRequest, code: Any) -> HttpResponse:
    """One meeting: mark who was present, excused or absent (made for a phone). No minutes, ever."""
    meeting = get_meeting_for_user(request, code)
    rows = selectors.attendance_rows(meeting)
    form = AttendanceForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(meeting=meeting, marks=form.marks(), acting_user=acting_user(request))
        except EducationRefused as refusal:
            form.add_error(None, str(refusal.message))
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect("education:meeting_detail", code=meeting.code)
    _log_peers_read(request, "education.attendance.read", [r.peer for r in rows], "attendance at meetings for peers")
    return render(
        request,
        "education/meeting_detail.html",
        {
            "meeting": meeting,
            "form": form,
            "rows": [(row, form[AttendanceForm.key(row.peer)]) for row in rows],
            "has_started": meeting.starts_at <= timezone.now(),
            "breadcrumbs": _meeting_crumbs(meeting, (formats.date_format(meeting.on, "SHORT_DATE_FORMAT"), "")),
        },
    )


@role_required(*COORDINATOR_ROLES)
def meeting_cancel(request: HttpRequest, code: Any) -> HttpResponse:
    meeting = get_meeting_for_user(request, code)
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                meeting=meeting, reason=form.cleaned_data["reason"], acting_user=acting_user(request)
            )
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, _("The meeting is cancelled."))
            return redirect("education:meeting_detail", code=meeting.code)
    return render(
        request,
        "education/meeting_cancel.html",
        {
            "form": form,
            "meeting": meeting,
            "breadcrumbs": _meeting_crumbs(
                meeting,
                (
                    formats.date_format(meeting.on, "SHORT_DATE_FORMAT"),
                    reverse("education:meeting_detail", kwargs={"code": meeting.code}),
                ),
                (_("Cancel"), ""),
            ),
        },
    )


@require_POST
@role_required(*COORDINATOR_ROLES)
def meeting_reinstate(request: HttpRequest, code: Any) -> HttpResponse:
    meeting = get_meeting_for_user(request, code)
    try:
        services.reinstate_meeting(meeting=meeting, acting_user=acting_user(request))
    except EducationRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, _("The meeting is planned again."))
    return redirect("education:meeting_detail", code=meeting.code)
