"""Pages the teaching team uses during and after a session (on a phone or tablet): attendance toggles,
the headcount at a drop-in, the session-feedback QR code; the co-teachers' own agreement; certificates;
and the journal notes of closed groups for the secretary."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.access import acting_user, role_required
from core.models import User
from courses import access, feedback_adapter, pdf, services
from courses.access import JOURNAL_ROLES, MANAGER_ROLES, TEAM_ROLES
from courses.attendance_services import (
    attendance_shares,
    complete_attendance,
    file_journal_note,
    record_headcount,
    set_attendance,
    writes_journal_notes,
)
from courses.errors import CourseRefused
from courses.forms import CoTeacherAgreementForm, CoTeacherStartForm, HeadcountForm
from courses.models import Attendance, Certificate, CourseKind, Registration, RegistrationStatus, Session
from courses.views import refused

STAFF_ROLES = (*MANAGER_ROLES, *TEAM_ROLES)


def _participants(session: Session) -> list[tuple[Registration, bool]]:
    present = set(Attendance.objects.filter(session=session, present=True).values_list("registration_id", flat=True))
    rows = session.run.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("name", "id")
    return [(r, r.pk in present) for r in rows]


@role_required(*STAFF_ROLES)
def session_detail(request: HttpRequest, code: str) -> HttpResponse:
    session = access.get_session_for_user(request, code)
    run = session.run
    link = None
    if session.feedback_invitation:
        link = feedback_adapter.answer_link(session.feedback_invitation)
    headcount_form = None
    if run.course.kind == CourseKind.DROP_IN:
        headcount_form = HeadcountForm(
            initial={"headcount": session.headcount, "names": "\n".join(session.visitor_names)}
        )
    return render(
        request,
        "courses/session_detail.html",
        {
            "session": session,
            "run": run,
            "participants": _participants(session),
            "headcount_form": headcount_form,
            "link": link,
            "feedback_available": feedback_adapter.available(),
            "journal": writes_journal_notes(run),
            "started": session.has_started(),
            "is_planner": access.is_manager(request) or access.is_lead_of(request, run),
        },
    )


@require_POST
@role_required(*STAFF_ROLES)
def attendance_toggle(request: HttpRequest, code: str, registration_code: str) -> HttpResponse:
    """One participant present or not. With htmx only the toggle is swapped; without, the page reloads."""
    session = access.get_session_for_user(request, code)
    registration = get_object_or_404(session.run.registrations, code=registration_code)
    present = request.POST.get("present") == "1"
    error = None
    try:
        set_attendance(session=session, registration=registration, present=present, acting_user=acting_user(request))
    except CourseRefused as refusal:
        error = refusal.message
        present = Attendance.objects.filter(session=session, registration=registration, present=True).exists()
    if request.headers.get("HX-Request"):
        return render(
            request,
            "courses/includes/attendance_toggle.html",
            {"session": session, "registration": registration, "present": present, "error": error},
        )
    if error:
        messages.error(request, error)
    return redirect("courses:session_detail", code=session.code)


@require_POST
@role_required(*STAFF_ROLES)
def attendance_complete(request: HttpRequest, code: str) -> HttpResponse:
    session = access.get_session_for_user(request, code)
    try:
        issued = complete_attendance(session=session, acting_user=acting_user(request))
    except CourseRefused as error:
        refused(request, error)
        return redirect("courses:session_detail", code=session.code)
    if issued:
        messages.success(
            request,
            ngettext(
                "The attendance is saved. %(count)s course certificate was issued and sent.",
                "The attendance is saved. %(count)s course certificates were issued and sent.",
                len(issued),
            )
            % {"count": len(issued)},
        )
    else:
        messages.success(request, _("The attendance is saved."))
    return redirect("courses:run_detail", code=session.run.code)


@require_POST
@role_required(*STAFF_ROLES)
def headcount(request: HttpRequest, code: str) -> HttpResponse:
    session = access.get_session_for_user(request, code)
    form = HeadcountForm(request.POST)
    if form.is_valid():
        try:
            record_headcount(
                session=session,
                headcount=form.cleaned_data["headcount"],
                names=form.cleaned_data["names"],
                acting_user=acting_user(request),
            )
        except CourseRefused as error:
            refused(request, error)
        else:
            messages.success(request, _("The number of visitors is saved."))
            return redirect("courses:run_detail", code=session.run.code)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("courses:session_detail", code=session.code)


@require_POST
@role_required(*STAFF_ROLES)
def session_feedback(request: HttpRequest, code: str) -> HttpResponse:
    """Open (once) the session-feedback link that participants reach by QR code."""
    session = access.get_session_for_user(request, code)
    if session.feedback_invitation is None:
        invitation = feedback_adapter.open_session_feedback(session=session, acting_user=acting_user(request))
        if invitation is None:
            messages.error(request, _("Session feedback is not available in this installation."))
        else:
            Session.objects.filter(pk=session.pk, feedback_invitation__isnull=True).update(
                feedback_invitation=invitation
            )
    return redirect("courses:session_detail", code=session.code)


@require_POST
@role_required(*STAFF_ROLES)
def course_evaluation(request: HttpRequest, code: str) -> HttpResponse:
    """Open (once) the course-evaluation link that participants reach by QR code after the run."""
    run = access.get_run_for_user(request, code)
    try:
        services.open_course_evaluation(run=run, acting_user=acting_user(request))
    except CourseRefused as error:
        refused(request, error)
    return redirect(f"{reverse('courses:run_detail', kwargs={'code': run.code})}#kursusevaluering")


# --------------------------------------------------------------------------------------------------
# Certificates


@role_required(*STAFF_ROLES)
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.filter(registration__run__in=access.runs_visible_to(request)).select_related(
            "registration__run__version", "registration__run__course__organisation", "registration__run__unit"
        ),
        code=code,
    )
    response = HttpResponse(pdf.certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.certificate_filename(certificate)}"'
    return response


@role_required(*STAFF_ROLES)
def attendance_overview(request: HttpRequest, code: str) -> HttpResponse:
    run = access.get_run_for_user(request, code, purpose=_("Attendance of the run"))
    sessions = list(run.sessions.planned().order_by("day", "start"))
    marks = set(Attendance.objects.filter(session__run=run, present=True).values_list("registration_id", "session_id"))
    shares = attendance_shares(run)
    rows = [
        (registration, [(s, (registration.pk, s.pk) in marks) for s in sessions], shares.get(registration.pk))
        for registration in run.registrations.confirmed().select_related("certificate").order_by("name")
    ]
    threshold = services.programme_setting(run.course.programme, "certificate_attendance_percent", 80)
    return render(
        request,
        "courses/attendance_overview.html",
        {"run": run, "sessions": sessions, "rows": rows, "threshold": threshold},
    )


# --------------------------------------------------------------------------------------------------
# The co-teachers' cooperation agreement


@role_required(*STAFF_ROLES)
def coteacher_start(request: HttpRequest, code: str) -> HttpResponse:
    run = access.get_run_for_user(request, code)
    user = acting_user(request)
    logins = {m.login.pk: m.name for m in run.team.select_related("user", "peer__user") if m.login is not None}
    if user.pk not in logins:
        raise Http404  # only a teacher on the team starts an agreement with a co-teacher
    choices = [(str(pk), name) for pk, name in logins.items() if pk != user.pk]
    form = CoTeacherStartForm(request.POST or None, choices=choices, initial={"area": run.version.title})
    if request.method == "POST" and form.is_valid():
        co_teacher = get_object_or_404(User, pk=int(form.cleaned_data["co_teacher"]))
        try:
            agreement = services.create_coteacher_agreement(
                run=run, teacher=user, co_teacher=co_teacher, area=form.cleaned_data["area"], acting_user=user
            )
        except CourseRefused as error:
            refused(request, error, form)
        else:
            return redirect("courses:coteacher_detail", code=agreement.code)
    return render(request, "courses/coteacher_start.html", {"run": run, "form": form, "choices": choices})


@role_required(*STAFF_ROLES)
def coteacher_detail(request: HttpRequest, code: str) -> HttpResponse:
    agreement = access.get_agreement_for_party(request, code)
    user = acting_user(request)
    initial = {name: getattr(agreement, name) for name in services.AGREEMENT_FIELDS}
    form = CoTeacherAgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_coteacher_agreement(agreement=agreement, values=form.cleaned_data, acting_user=user)
        messages.success(request, _("Your agreement was saved. Only the two of you can see it."))
        return redirect("courses:coteacher_detail", code=agreement.code)
    other = agreement.teacher_b if user.pk == agreement.teacher_a_id else agreement.teacher_a
    return render(
        request,
        "courses/coteacher_detail.html",
        {
            "agreement": agreement,
            "form": form,
            "other": other,
            "accepted_by_me": agreement.accepted_by(user),
            "accepted_by_other": agreement.accepted_by(other),
        },
    )


@require_POST
@role_required(*STAFF_ROLES)
def coteacher_accept(request: HttpRequest, code: str) -> HttpResponse:
    agreement = access.get_agreement_for_party(request, code)
    services.accept_coteacher_agreement(agreement=agreement, acting_user=acting_user(request))
    messages.success(request, _("You have accepted the agreement."))
    return redirect("courses:coteacher_detail", code=agreement.code)


# --------------------------------------------------------------------------------------------------
# Journal notes of closed groups


@role_required(*JOURNAL_ROLES)
def journal_notes(request: HttpRequest) -> HttpResponse:
    notes = access.journal_notes_visible_to(request).select_related(
        "registration", "session__run__version", "session__run__unit", "filed_by"
    )
    show_filed = request.GET.get("vis") == "journalfoerte"
    notes = notes.exclude(filed_at__isnull=True) if show_filed else notes.filter(filed_at__isnull=True)
    return render(
        request,
        "courses/journal_notes.html",
        {"notes": list(notes.order_by("session__day", "registration__name")[:500]), "show_filed": show_filed},
    )


@require_POST
@role_required(*JOURNAL_ROLES)
def journal_note_file(request: HttpRequest, code: str) -> HttpResponse:
    note = access.get_journal_note(request, code)
    try:
        file_journal_note(note=note, acting_user=acting_user(request))
    except CourseRefused as error:
        refused(request, error)
    else:
        messages.success(request, _("Marked as filed in the journal."))
    return redirect("courses:journal_notes")
