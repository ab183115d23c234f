"""Pages of the course of support: the peer's caseload and meeting log, the course page the peer and the
citizen share (agreement, end, evaluation), the citizen's page, and the coordinator's list of courses.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import acting_user, organisation_of, role_required
from core.models import Role
from people.selectors import peer_of_user
from support import access, pdf, selectors, services
from support.errors import error_text
from support.forms import AgreementForm, ContactForm, EndForm, MeetingForm, NextMeetingForm, SignForm, field_label
from support.models import AGREEMENT_TEXT_FIELDS, Stage, SupportCourse
from support.services import SupportError


def crumbs(*items: tuple[Any, str]) -> list[dict[str, Any]]:
    return [{"label": label, "url": url} for label, url in items]


def _home_crumb(party: str | None) -> tuple[Any, str]:
    if party == "citizen":
        return (_("My peer support"), reverse("support:my_support"))
    return (_("My citizens"), reverse("support:caseload"))


def _course_crumbs(course: SupportCourse, party: str | None, current: str = "") -> list[dict[str, Any]]:
    items = [_home_crumb(party)]
    title = course.citizen.first_name if party == "peer" else course.peer.first_name
    if current:
        items.append((title, reverse("support:course", kwargs={"code": course.code})))
        items.append((current, ""))
    else:
        items.append((title, ""))
    return crumbs(*items)


# --------------------------------------------------------------------------------------------------
# The peer


@role_required(Role.PEER)
def caseload(request: HttpRequest) -> HttpResponse:
    peer = peer_of_user(request.user, getattr(request, "organisation", None))
    rows = selectors.caseload(peer) if peer is not None else []
    if peer is not None and rows:
        access.log_caseload_read(request, peer, len(rows))
    return render(request, "support/caseload.html", {"peer": peer, "rows": rows, "today": timezone.localdate()})


@role_required(Role.PEER)
def meeting_new(request: HttpRequest, code: str) -> HttpResponse:
    course = access.get_course_for_peer(request, code)
    if not course.is_active:
        raise Http404
    form = MeetingForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.log_meeting(
                actor=acting_user(request),
                course=course,
                held_on=data["held_on"],
                duration_minutes=data["duration_minutes"],
                activity=data["activity"],
                place=data["place"],
                accompanied=data["accompanied"] or "",
                note=data["note"],
            )
            if data.get("next_meeting_on"):
                services.plan_next_meeting(
                    actor=acting_user(request),
                    course=course,
                    day=data["next_meeting_on"],
                    note=data.get("next_meeting_note", ""),
                )
        except SupportError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The meeting is logged."))
            return redirect("support:caseload")
    return render(
        request,
        "support/meeting_form.html",
        {"course": course, "form": form, "breadcrumbs": _course_crumbs(course, "peer", _("Log a meeting"))},
    )


@role_required(Role.PEER)
@require_POST
def contact(request: HttpRequest, code: str) -> HttpResponse:
    course = access.get_course_for_peer(request, code)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.record_contact(
                actor=acting_user(request), course=course, contacted_on=form.cleaned_data["contacted_on"]
            )
        except SupportError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The first contact is recorded."))
    else:
        messages.error(request, _("Give the date of the first contact, not in the future."))
    return redirect("support:course", code=course.code)


@role_required(Role.PEER)
@require_POST
def next_meeting(request: HttpRequest, code: str) -> HttpResponse:
    course = access.get_course_for_peer(request, code)
    form = NextMeetingForm(request.POST)
    if form.is_valid():
        try:
            services.plan_next_meeting(
                actor=acting_user(request),
                course=course,
                day=form.cleaned_data["next_meeting_on"],
                note=form.cleaned_data["next_meeting_note"],
            )
        except SupportError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The next meeting is saved."))
    else:
        messages.error(request, _("The next meeting cannot be in the past."))
    return redirect("support:course", code=course.code)


# --------------------------------------------------------------------------------------------------
# The course page the peer and the citizen share


@role_required(Role.PEER, Role.CITIZEN)
def course_detail(request: HttpRequest, code: str) -> HttpResponse:
    course = access.get_course_for_party(request, code)
    party = access.party_of(course, request.user)
    agreement = access.get_agreement_for_party(request, course)
    meetings = list(course.meetings.all())
    return render(
        request,
        "support/course_detail.html",
        {
            "course": course,
            "party": party,
            "agreement": agreement,
            "meetings": meetings,
            "minutes": sum(m.duration_minutes for m in meetings),
            "contact_form": ContactForm(),
            "next_form": NextMeetingForm(
                initial={"next_meeting_on": course.next_meeting_on, "next_meeting_note": course.next_meeting_note}
            ),
            "evaluation": _evaluation_state(course, party),
            "breadcrumbs": _course_crumbs(course, party),
            "today": timezone.localdate(),
        },
    )


def _evaluation_state(course: SupportCourse, party: str | None) -> dict[str, Any] | None:
    from feedback.models import Invitation

    code = course.citizen_invitation_code if party == "citizen" else course.peer_invitation_code
    if code is None:
        return None
    invitation = Invitation.objects.filter(code=code).first()
    if invitation is None:
        return None
    return {"answered": invitation.completed_at is not None, "usable": invitation.usable}


@role_required(Role.PEER, Role.CITIZEN)
def meeting_detail(request: HttpRequest, code: str, meeting: str) -> HttpResponse:
    course = access.get_course_for_party(request, code)
    party = access.party_of(course, request.user)
    found = access.get_meeting_for_party(request, course, meeting)
    return render(
        request,
        "support/meeting_detail.html",
        {
            "course": course,
            "meeting": found,
            "party": party,
            "breadcrumbs": _course_crumbs(course, party, found.held_on.strftime("%d.%m.%Y")),
        },
    )


@role_required(Role.PEER)
@require_POST
def meeting_delete(request: HttpRequest, code: str, meeting: str) -> HttpResponse:
    """The peer removes a meeting logged by mistake (while the course is under way)."""
    course = access.get_course_for_peer(request, code)
    found = access.get_meeting_for_party(request, course, meeting)
    try:
        services.delete_meeting(actor=acting_user(request), meeting=found)
    except SupportError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The meeting is removed."))
    return redirect("support:course", code=course.code)


@role_required(Role.PEER, Role.CITIZEN)
def agreement_detail(request: HttpRequest, code: str) -> HttpResponse:
    course = access.get_course_for_party(request, code)
    party = access.party_of(course, request.user)
    agreement = access.get_agreement_for_party(request, course)
    if agreement is None:
        return redirect("support:agreement_edit", code=course.code)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_agreement(
                actor=acting_user(request), agreement=agreement, typed_name=form.cleaned_data["typed_name"]
            )
        except SupportError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Thank you. You have accepted the cooperation agreement."))
            return redirect("support:agreement", code=course.code)
    signed = agreement.peer_signed_at if party == "peer" else agreement.citizen_signed_at
    return render(
        request,
        "support/agreement_detail.html",
        {
            "course": course,
            "party": party,
            "agreement": agreement,
            "rows": _agreement_rows(agreement),
            "form": form,
            "can_sign": signed is None and course.is_active,
            "breadcrumbs": _course_crumbs(course, party, _("Cooperation agreement")),
        },
    )


def _agreement_rows(agreement: Any) -> list[tuple[Any, Any]]:
    rows: list[tuple[Any, Any]] = [(field_label("first_meeting_on"), agreement.first_meeting_on)]
    for name in AGREEMENT_TEXT_FIELDS:
        rows.append((field_label(name), getattr(agreement, name)))
        if name == "work_environment":
            rows.append(
                (
                    field_label("confidentiality_explained"),
                    _("Yes") if agreement.confidentiality_explained else _("Not yet"),
                )
            )
    return rows


@role_required(Role.PEER, Role.CITIZEN)
def agreement_edit(request: HttpRequest, code: str) -> HttpResponse:
    course = access.get_course_for_party(request, code)
    party = access.party_of(course, request.user)
    if not course.is_active:
        raise Http404
    agreement = access.get_agreement_for_party(request, course)
    initial = AgreementForm.initial_from(agreement) or {"first_meeting_on": _first_meeting_day(course)}
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        first = data.pop("first_meeting_on")
        try:
            services.save_agreement(actor=acting_user(request), course=course, first_meeting_on=first, **data)
        except SupportError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The cooperation agreement is saved. Both of you now accept it."))
            return redirect("support:agreement", code=course.code)
    return render(
        request,
        "support/agreement_form.html",
        {
            "course": course,
            "party": party,
            "agreement": agreement,
            "form": form,
            "breadcrumbs": _course_crumbs(course, party, _("Cooperation agreement")),
        },
    )


def _first_meeting_day(course: SupportCourse) -> Any:
    first = course.meetings.order_by("held_on").first()
    return first.held_on if first else None


@role_required(Role.PEER, Role.CITIZEN)
def agreement_pdf(request: HttpRequest, code: str) -> HttpResponse:
    course = access.get_course_for_party(request, code)
    agreement = access.get_agreement_for_party(request, course)
    if agreement is None:
        raise Http404
    content = pdf.agreement_pdf(agreement, _agreement_rows(agreement))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(course)}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.PEER, Role.CITIZEN)
def course_end(request: HttpRequest, code: str) -> HttpResponse:
    course = access.get_course_for_party(request, code)
    party = access.party_of(course, request.user) or ""
    if not course.is_active:
        return redirect("support:course", code=course.code)
    form = EndForm(request.POST or None, party=party)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.end_course(
                actor=acting_user(request),
                course=course,
                ended_by=data.get("ended_by") or party,
                reason=data["reason"],
                wants_new_peer=data["wants_new_peer"],
            )
        except SupportError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The course has ended. Please take a few minutes to evaluate it."))
            return redirect("support:course", code=course.code)
    return render(
        request,
        "support/course_end.html",
        {
            "course": course,
            "party": party,
            "form": form,
            "breadcrumbs": _course_crumbs(course, party, _("End the course")),
        },
    )


@role_required(Role.PEER, Role.CITIZEN)
def evaluate(request: HttpRequest, code: str) -> HttpResponse:
    """Open the final evaluation: the questionnaire engine's own answer page for this person's invitation."""
    from feedback.links import answer_path
    from feedback.models import Invitation

    course = access.get_course_for_party(request, code)
    party = access.party_of(course, request.user)
    invitation_code = course.citizen_invitation_code if party == "citizen" else course.peer_invitation_code
    invitation = Invitation.objects.filter(code=invitation_code).first() if invitation_code else None
    if invitation is None or not invitation.usable:
        messages.info(request, _("There is no evaluation to answer for this course now."))
        return redirect("support:course", code=course.code)
    return redirect(answer_path(invitation.code))


# --------------------------------------------------------------------------------------------------
# The citizen


@role_required(Role.CITIZEN)
def my_support(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    citizen = selectors.own_citizen(request.user, organisation)
    courses = list(
        SupportCourse.objects.filter(citizen=citizen).select_related("peer", "programme", "agreement")
        if citizen is not None
        else []
    )
    if citizen is not None and courses:
        access.log_own_read(request, citizen)
    active = [c for c in courses if c.is_active]
    ended = [c for c in courses if not c.is_active]
    return render(
        request,
        "support/my_support.html",
        {"citizen": citizen, "active": active, "ended": ended, "organisation": organisation},
    )


# --------------------------------------------------------------------------------------------------
# The coordinator


@role_required(Role.COORDINATOR)
def course_list(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    show = request.GET.get("vis", "active")
    if show not in {"active", "ended", "all"}:
        show = "active"
    today = timezone.localdate()
    courses = list(selectors.courses_for_coordinator(organisation, show=show))
    attention = selectors.coordinator_attention(organisation, today)
    missing = {c.pk for c in attention["evaluation_missing"]}
    for course in courses:
        course.days_left = course.days_to_planned_end(today)  # type: ignore[attr-defined]
        course.evaluated = not course.is_active and course.pk not in missing  # type: ignore[attr-defined]
    access.log_list_read(request, organisation, len(courses))
    return render(
        request,
        "support/course_list.html",
        {
            "courses": courses,
            "show": show,
            "today": today,
            "attention": {key: len(value) for key, value in attention.items()},
            "stages": Stage,
        },
    )
