"""Staff pages of the courses app: courses and their descriptions, runs, team, sessions, registrations on
someone's behalf, messages that need a phone call, and the checklists. Attendance and the co-teachers'
agreement are in `team_views`, reports in `report_views`, the public catalogue in `public_views`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import acting_user, organisation_of, role_required
from core.models import Role
from courses import access, feedback_adapter, notify, selectors, services
from courses import registration_services as registrations
from courses.access import MANAGER_ROLES, TEAM_ROLES
from courses.errors import CourseRefused
from courses.forms import (
    ChecklistForm,
    CourseSettingsForm,
    DescriptionForm,
    ReasonForm,
    RunForm,
    SeriesForm,
    SessionEditForm,
    SessionForm,
    StaffRegistrationForm,
    TeamMemberForm,
    course_programmes,
    evaluation_form,
    quality_form,
)
from courses.models import (
    Course,
    CourseKind,
    CourseRun,
    CourseVersion,
    EvaluationChecklist,
    Registration,
    RegistrationStatus,
    RunStatus,
    Session,
)
from courses.schedule import weekly_dates

STAFF_ROLES = (*MANAGER_ROLES, *TEAM_ROLES)


def refused(request: HttpRequest, error: CourseRefused, form: Form | None = None) -> None:
    """Show a refusal next to the field it concerns, or at the top of the page."""
    if form is not None and error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    elif form is not None:
        form.add_error(None, error.message)
    else:
        messages.error(request, error.message)


# --------------------------------------------------------------------------------------------------
# Courses and descriptions


@role_required(*MANAGER_ROLES)
def course_list(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    show = request.GET.get("vis", "")
    runs = (
        CourseRun.objects.of(organisation)
        .select_related("version", "course", "unit")
        .with_counts()
        .order_by("starts_on", "version__title")
    )
    if show != "alle":
        runs = runs.filter(status__in=[RunStatus.DRAFT, RunStatus.PUBLISHED])
    below = set(CourseRun.objects.of(organisation).below_minimum().values_list("pk", flat=True))
    courses = (
        Course.objects.of(organisation)
        .select_related("programme", "unit")
        .prefetch_related(Prefetch("versions", queryset=CourseVersion.objects.order_by("-number")))
        .order_by("unit__name")
    )
    return render(
        request,
        "courses/course_list.html",
        {
            "runs": list(runs),
            "below": below,
            "courses": courses,
            "show_all": show == "alle",
            "programmes": course_programmes(organisation),
        },
    )


@role_required(*MANAGER_ROLES)
def course_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    programmes = course_programmes(organisation)
    chosen = next((p for p in programmes if str(p.code) == request.GET.get("program", "")), None)
    if chosen is None and len(programmes) == 1:
        chosen = programmes[0]
    settings_form = CourseSettingsForm(
        request.POST or None, organisation=organisation, prefix="course", initial={"programme": chosen}
    )
    description_form = DescriptionForm(
        request.POST or None, prefix="description", initial=services.description_defaults(chosen)
    )
    if request.method == "POST" and settings_form.is_valid() and description_form.is_valid():
        data = settings_form.cleaned_data
        try:
            course = services.create_course(
                organisation=organisation,
                programme=data["programme"],
                unit=data["unit"],
                kind=data["kind"],
                theme=data["theme"],
                description=description_form.description(),
                acting_user=acting_user(request),
            )
        except CourseRefused as error:
            refused(request, error, description_form)
        else:
            messages.success(request, _("The course is described. Plan its first run when you are ready."))
            return redirect("courses:course_detail", code=course.code)
    return render(
        request,
        "courses/course_form.html",
        {"settings_form": settings_form, "description_form": description_form, "course": None},
    )


@role_required(*MANAGER_ROLES)
def course_detail(request: HttpRequest, code: str) -> HttpResponse:
    course = access.get_course_for_manager(request, code)
    versions = sorted(course.versions.all(), key=lambda v: -v.number)
    runs = course.runs.select_related("version", "unit").with_counts().order_by("-starts_on")
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "version": versions[0] if versions else None,
            "versions": versions,
            "runs": runs,
            "checklists": course.quality_checklists.select_related("completed_by"),
        },
    )


@role_required(*MANAGER_ROLES)
def course_edit(request: HttpRequest, code: str) -> HttpResponse:
    course = access.get_course_for_manager(request, code)
    organisation = organisation_of(request)
    latest = course.latest_version()
    initial_settings = {"programme": course.programme, "unit": course.unit, "kind": course.kind, "theme": course.theme}
    settings_form = CourseSettingsForm(
        request.POST or None, organisation=organisation, prefix="course", initial=initial_settings
    )
    initial = DescriptionForm.initial_from(services.Description.of(latest)) if latest else {}
    description_form = DescriptionForm(request.POST or None, prefix="description", initial=initial)
    if request.method == "POST" and settings_form.is_valid() and description_form.is_valid():
        data = settings_form.cleaned_data
        try:
            services.update_course(
                course=course,
                programme=data["programme"],
                unit=data["unit"],
                kind=data["kind"],
                theme=data["theme"],
                acting_user=acting_user(request),
            )
            version = services.update_description(
                course=course, description=description_form.description(), acting_user=acting_user(request)
            )
        except CourseRefused as error:
            refused(request, error, settings_form if error.field == "kind" else description_form)
        else:
            if latest is not None and version.number != latest.number:
                messages.success(
                    request,
                    _("Saved as version %(number)s. Published runs keep the version they were published with.")
                    % {"number": version.number},
                )
            else:
                messages.success(request, _("The description was saved."))
            return redirect("courses:course_detail", code=course.code)
    return render(
        request,
        "courses/course_form.html",
        {"settings_form": settings_form, "description_form": description_form, "course": course},
    )


@role_required(*MANAGER_ROLES)
def quality_checklist(request: HttpRequest, code: str) -> HttpResponse:
    course = access.get_course_for_manager(request, code)
    form = quality_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_quality_checklist(
            course=course,
            facilitators=form.cleaned_data["facilitators"],
            answers=form.answers(),
            acting_user=acting_user(request),
        )
        messages.success(request, _("The quality checklist was saved."))
        return redirect("courses:course_detail", code=course.code)
    return render(request, "courses/quality_checklist.html", {"course": course, "form": form})


# --------------------------------------------------------------------------------------------------
# Runs


@role_required(*MANAGER_ROLES)
def run_create(request: HttpRequest, code: str) -> HttpResponse:
    course = access.get_course_for_manager(request, code)
    version = course.latest_version()
    drop_in = course.kind == CourseKind.DROP_IN
    initial: dict[str, Any] = {"unit": course.unit}
    if version is not None and not drop_in:
        initial |= {"capacity": version.max_participants, "min_participants": version.min_participants}
    form = RunForm(request.POST or None, organisation=organisation_of(request), drop_in=drop_in, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.create_run(
                course=course,
                unit=data["unit"],
                room=data["room"],
                capacity=data.get("capacity"),
                min_participants=data.get("min_participants"),
                acting_user=acting_user(request),
            )
        except CourseRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("The run is created as a draft. Add sessions and the team, then publish it."))
            return redirect("courses:run_detail", code=run.code)
    return render(request, "courses/run_form.html", {"course": course, "form": form, "run": None})


@role_required(*MANAGER_ROLES)
def run_edit(request: HttpRequest, code: str) -> HttpResponse:
    run = access.get_run_for_manager(request, code)
    drop_in = run.course.kind == CourseKind.DROP_IN
    initial = {"unit": run.unit, "room": run.room, "capacity": run.capacity, "min_participants": run.min_participants}
    form = RunForm(request.POST or None, organisation=organisation_of(request), drop_in=drop_in, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_run(
                run=run,
                unit=data["unit"],
                room=data["room"],
                capacity=data.get("capacity"),
                min_participants=data.get("min_participants"),
                acting_user=acting_user(request),
            )
        except CourseRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("The run was saved."))
            return redirect("courses:run_detail", code=run.code)
    return render(request, "courses/run_form.html", {"course": run.course, "form": form, "run": run})


def _registrations(run: CourseRun) -> dict[str, list[Registration]]:
    rows = list(run.registrations.select_related("certificate").order_by("created_at", "id"))
    grouped: dict[str, list[Registration]] = {s: [] for s in RegistrationStatus.values}
    for row in rows:
        grouped[row.status].append(row)
    return grouped


@role_required(*STAFF_ROLES)
def run_detail(request: HttpRequest, code: str) -> HttpResponse:
    run = access.get_run_for_user(request, code)
    user = acting_user(request)
    sessions = selectors.session_rows(run)
    held = [row.session for row in sessions if not row.session.is_cancelled and row.session.has_started()]
    results = feedback_adapter.session_results(held)
    chart = feedback_adapter.trend_chart(results, mean_label=_("Mean total"), threshold_label=_("Follow up under 36"))
    agreements = list(run.coteacher_agreements.select_related("teacher_a", "teacher_b"))
    team = list(run.team.select_related("peer", "user", "peer__user"))
    return render(
        request,
        "courses/run_detail.html",
        {
            "run": run,
            "version": run.version,
            "team": team,
            "team_problems": selectors.team_problems_for(run, members=team),
            "balance_rule": selectors.balance_rule_text(run),
            "sessions": sessions,
            "registrations": _registrations(run),
            "unsent": run_unsent_notifications(run),
            "sms_gateway": notify.sms_gateway_configured(),
            "preparation": selectors.preparation_for(run),
            "results": results,
            "chart": chart,
            "feedback_available": feedback_adapter.available(),
            "agreements": agreements,
            "my_agreement": next((a for a in agreements if a.is_party(user)), None),
            "on_team": any(m.login is not None and m.login.pk == user.pk for m in team),
            "is_manager": access.is_manager(request),
            "is_planner": access.is_manager(request) or access.is_lead_of(request, run),
            "evaluation": EvaluationChecklist.objects.filter(run=run).first(),
            "course_evaluation_due": services.course_evaluation_due(run),
            "course_evaluation_link": (
                feedback_adapter.answer_link(run.evaluation_invitation) if run.evaluation_invitation else None
            ),
            "course_evaluation": (
                feedback_adapter.course_evaluation_result(run, language=get_language() or "da")
                if run.evaluation_invitation
                else None
            ),
        },
    )


def run_unsent_notifications(run: CourseRun) -> list[Any]:
    from courses.models import Notification

    return list(
        Notification.objects.filter(registration__run=run, delivered=False, handled_at__isnull=True)
        .select_related("registration")
        .order_by("created_at")
    )


@require_POST
@role_required(*MANAGER_ROLES)
def run_publish(request: HttpRequest, code: str) -> HttpResponse:
    run = access.get_run_for_manager(request, code)
    try:
        services.publish_run(run=run, acting_user=acting_user(request))
    except CourseRefused as error:
        refused(request, error)
    else:
        messages.success(request, _("The run is published in the course catalogue."))
    return redirect("courses:run_detail", code=run.code)


@role_required(*MANAGER_ROLES)
def run_cancel(request: HttpRequest, code: str) -> HttpResponse:
    run = access.get_run_for_manager(request, code)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_run(run=run, reason=form.cleaned_data["reason"], acting_user=acting_user(request))
        except CourseRefused as error:
            refused(request, error)
        else:
            messages.success(request, _("The run is cancelled, and everyone registered has been told."))
        return redirect("courses:run_detail", code=run.code)
    return render(
        request,
        "courses/confirm_reason.html",
        {
            "form": form,
            "title": _("Cancel the run"),
            "object_title": str(run),
            "text": _("Everyone with a place or on the waiting list is told that the course is cancelled."),
            "button": _("Cancel the run"),
            "run": run,
        },
    )


@require_POST
@role_required(*STAFF_ROLES)
def run_close(request: HttpRequest, code: str) -> HttpResponse:
    run = access.get_run_for_planner(request, code)
    try:
        services.close_run(run=run, acting_user=acting_user(request))
    except CourseRefused as error:
        refused(request, error)
    else:
        messages.success(request, _("The run is finished. Certificates were issued to those who attended enough."))
    return redirect("courses:run_detail", code=run.code)


@role_required(*STAFF_ROLES)
def evaluation(request: HttpRequest, code: str) -> HttpResponse:
    run = access.get_run_for_user(request, code, purpose=_("Evaluate the run"))
    existing = EvaluationChecklist.objects.filter(run=run).first()
    initial = ChecklistForm.initial_from(existing.facilitators, existing.answers) if existing else {}
    form = evaluation_form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.record_evaluation(
            run=run,
            facilitators=form.cleaned_data["facilitators"],
            answers=form.answers(),
            acting_user=acting_user(request),
        )
        messages.success(request, _("The evaluation checklist was saved."))
        return redirect("courses:run_detail", code=run.code)
    return render(request, "courses/evaluation.html", {"run": run, "form": form})


# --------------------------------------------------------------------------------------------------
# The team


@role_required(*MANAGER_ROLES)
def team_add(request: HttpRequest, code: str) -> HttpResponse:
    run = access.get_run_for_manager(request, code)
    form = TeamMemberForm(request.POST or None, organisation=organisation_of(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.add_team_member(
                run=run,
                role=data["role"],
                user=data.get("user"),
                peer=data.get("peer"),
                is_lead=data["is_lead"],
                acting_user=acting_user(request),
            )
        except CourseRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("%(name)s is on the team.") % {"name": member.name})
            return redirect("courses:run_detail", code=run.code)
    return render(
        request,
        "courses/team_form.html",
        {"run": run, "form": form, "balance_rule": selectors.balance_rule_text(run)},
    )


@require_POST
@role_required(*MANAGER_ROLES)
def team_remove(request: HttpRequest, code: str, member_code: str) -> HttpResponse:
    run = access.get_run_for_manager(request, code)
    member = access.get_member_for_manager(request, run, member_code)
    try:
        services.remove_team_member(member=member, acting_user=acting_user(request))
    except CourseRefused as error:
        refused(request, error)
    else:
        messages.success(request, _("%(name)s is no longer on the team.") % {"name": member.name})
    return redirect("courses:run_detail", code=run.code)


@require_POST
@role_required(*MANAGER_ROLES)
def team_lead(request: HttpRequest, code: str, member_code: str) -> HttpResponse:
    run = access.get_run_for_manager(request, code)
    member = access.get_member_for_manager(request, run, member_code)
    services.set_lead(member=member, acting_user=acting_user(request))
    messages.success(request, _("%(name)s is now the lead.") % {"name": member.name})
    return redirect("courses:run_detail", code=run.code)


# --------------------------------------------------------------------------------------------------
# Sessions


@role_required(*STAFF_ROLES)
def session_add(request: HttpRequest, code: str) -> HttpResponse:
    run = access.get_run_for_planner(request, code)
    form = SessionForm(request.POST or None, initial={"room": run.room})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_sessions(
                run=run,
                days=[data["day"]],
                start=data["start"],
                minutes=data["minutes"],
                room=data["room"] or None,
                topics=[data["topic"]],
                acting_user=acting_user(request),
            )
        except CourseRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("The session is planned."))
            return redirect("courses:run_detail", code=run.code)
    return render(
        request,
        "courses/session_form.html",
        {"run": run, "form": form, "title": _("Plan a session"), "minutes": services.session_minutes(run.programme)},
    )


@role_required(*STAFF_ROLES)
def session_series(request: HttpRequest, code: str) -> HttpResponse:
    run = access.get_run_for_planner(request, code)
    form = SeriesForm(request.POST or None, initial=services.series_defaults(run))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sessions = services.add_sessions(
                run=run,
                days=weekly_dates(data["first_day"], data["count"], data["every_weeks"]),
                start=data["start"],
                minutes=data["minutes"],
                room=data["room"] or None,
                topics=data["topics"],
                acting_user=acting_user(request),
            )
        except CourseRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("%(count)s sessions are planned.") % {"count": len(sessions)})
            return redirect("courses:run_detail", code=run.code)
    return render(
        request,
        "courses/session_form.html",
        {
            "run": run,
            "form": form,
            "title": _("Plan a weekly series"),
            "minutes": services.session_minutes(run.programme),
        },
    )


@role_required(*STAFF_ROLES)
def session_edit(request: HttpRequest, code: str) -> HttpResponse:
    session = access.get_session_for_planner(request, code)
    initial = {
        "day": session.day,
        "start": session.start,
        "minutes": session.minutes,
        "room": session.room,
        "topic": session.topic,
    }
    form = SessionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_session(
                session=session,
                day=data["day"],
                start=data["start"],
                minutes=data["minutes"],
                room=data["room"],
                topic=data["topic"],
                acting_user=acting_user(request),
            )
        except CourseRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("courses:run_detail", code=session.run.code)
    return render(
        request,
        "courses/session_form.html",
        {"run": session.run, "session": session, "form": form, "title": _("Change the session")},
    )


@role_required(*STAFF_ROLES)
def session_cancel(request: HttpRequest, code: str) -> HttpResponse:
    session = access.get_session_for_planner(request, code)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(
                session=session, reason=form.cleaned_data["reason"], acting_user=acting_user(request)
            )
        except CourseRefused as error:
            refused(request, error)
        else:
            messages.success(request, _("The session is cancelled."))
        return redirect("courses:run_detail", code=session.run.code)
    return render(
        request,
        "courses/confirm_reason.html",
        {
            "form": form,
            "title": _("Cancel the session"),
            "object_title": str(session),
            "text": _("Participants with a place are told. The session no longer counts in the attendance."),
            "button": _("Cancel the session"),
            "run": session.run,
        },
    )


# --------------------------------------------------------------------------------------------------
# Registrations on someone's behalf, and messages that need a phone call


@role_required(*STAFF_ROLES)
def registration_add(request: HttpRequest, code: str) -> HttpResponse:
    run = access.get_run_for_user(request, code, purpose=_("Register a participant"))
    form = StaffRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = registrations.register_participant(
                run=run,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                perspective=data["perspective"],
                acting_user=acting_user(request),
                by_referral=True,
            )
        except CourseRefused as error:
            refused(request, error, form)
        else:
            if registration.status == RegistrationStatus.WAITING:
                messages.warning(
                    request,
                    _("The run is full. %(name)s is number %(position)s on the waiting list.")
                    % {"name": registration.name, "position": registration.waiting_position()},
                )
            else:
                messages.success(request, _("%(name)s has a place.") % {"name": registration.name})
            return redirect("courses:run_detail", code=run.code)
    return render(request, "courses/registration_form.html", {"run": run, "form": form})


@require_POST
@role_required(*STAFF_ROLES)
def registration_cancel(request: HttpRequest, code: str) -> HttpResponse:
    registration = access.get_registration_for_user(request, code)
    try:
        registrations.cancel_registration(
            registration=registration, acting_user=acting_user(request), by_participant=False
        )
    except CourseRefused as error:
        refused(request, error)
    else:
        messages.success(request, _("%(name)s's registration is cancelled.") % {"name": registration.name})
    return redirect("courses:run_detail", code=registration.run.code)


@require_POST
@role_required(*STAFF_ROLES)
def notification_handled(request: HttpRequest, code: str) -> HttpResponse:
    notification = access.get_notification_for_user(request, code)
    registrations.mark_notification_handled(notification=notification, acting_user=acting_user(request))
    messages.success(request, _("Marked as passed on by phone."))
    return redirect("courses:run_detail", code=notification.registration.run.code)


@role_required(Role.TEACHER, Role.PEER)
def my_runs(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    runs = (
        CourseRun.objects.of(organisation)
        .taught_by(request.user)
        .exclude(status=RunStatus.CANCELLED)
        .select_related("version", "unit", "course")
        .with_counts()
        .order_by("starts_on")
    )
    upcoming = Session.objects.planned().filter(run__in=runs, day__gte=timezone.localdate()).order_by("-day", "-start")
    next_sessions = {s.run_id: s for s in upcoming}  # the earliest comes last and wins
    rows = [(run, next_sessions.get(run.pk)) for run in runs]
    return render(request, "courses/my_runs.html", {"rows": rows})
