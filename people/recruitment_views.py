"""Recruitment: the public application form, and the coordinator's pipeline, interviews and decisions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from core.access import require_organisation_role, role_required
from core.audit import log_access
from core.models import AuditKind
from people import recruitment, selectors, services
from people.access import PEER_ROLES, applications_visible_to, get_application_for_user, get_interview_for_user
from people.forms import (
    DeclineForm,
    InterviewForm,
    InterviewPlanForm,
    OfferForm,
    PanelAssessmentForm,
    PeerApplicationForm,
    WithdrawForm,
)
from people.models import OPEN_APPLICATION_STATUSES, ApplicationStatus, PeerApplication

APPLICATIONS_PER_PAGE = 50


def _crumbs(*items: tuple[Any, str]) -> list[dict[str, Any]]:
    return [{"label": label, "url": url} for label, url in items]


def _public_crumbs(*items: tuple[Any, str]) -> list[dict[str, Any]]:
    return _crumbs((_("Home"), reverse("public:home")), (_("Become a peer"), reverse("public:become_peer")), *items)


def _pipeline_crumbs(application: PeerApplication | None = None, *items: tuple[Any, str]) -> list[dict[str, Any]]:
    crumbs = [(_("Applications"), reverse("people:application_list"))]
    if application is not None:
        crumbs.append((application.full_name, reverse("people:application_detail", kwargs={"code": application.code})))
    return _crumbs(*crumbs, *items)


# --- Public -------------------------------------------------------------------------------------------


def apply(request: HttpRequest) -> HttpResponse:
    """The public 'become a peer' application. No login; a receipt by e-mail."""
    programmes = list(selectors.recruiting_programmes())
    retention_days = recruitment.application_retention_days()
    form = PeerApplicationForm(request.POST or None, programmes=programmes, retention_days=retention_days)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recruitment.submit_application(
                programme=data["programme"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                municipality=data["municipality"],
                birth_date=data["birth_date"],
                motivation=data["motivation"],
                lived_experience=data["lived_experience"],
                recovery_duration=data["recovery_duration"],
                hours_wanted=data["hours_wanted"],
                education=data["education"],
                has_admission_experience=data["has_admission_experience"],
                kind_wanted=data["kind_wanted"],
                consent_text=form.consent_text(retention_days),
                language=get_language() or "da",
            )
        except services.PeerActionRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal.message))
        else:
            return redirect("people:apply_thanks")
    return render(
        request,
        "people/apply.html",
        {
            "form": form,
            "has_programmes": bool(programmes),
            "breadcrumbs": _public_crumbs((_("Apply"), "")),
        },
    )


def apply_thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "people/apply_thanks.html",
        {"breadcrumbs": _public_crumbs((_("Application sent"), ""))},
    )


# --- The coordinator's pipeline ----------------------------------------------------------------------

STAGE_FILTERS = ["open", *ApplicationStatus.values, "all"]


@role_required(*PEER_ROLES)
def application_list(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, *PEER_ROLES)
    stage = request.GET.get("stage", "open")
    if stage not in STAGE_FILTERS:
        stage = "open"
    applications = applications_visible_to(request).select_related("programme")
    if stage == "open":
        applications = applications.filter(status__in=OPEN_APPLICATION_STATUSES)
    elif stage != "all":
        applications = applications.filter(status=stage)
    page = Paginator(applications.order_by("-submitted_at", "-id"), APPLICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    counts = selectors.pipeline_counts(organisation)
    stages = [
        {"key": "open", "label": _("Open"), "count": sum(counts[s] for s in OPEN_APPLICATION_STATUSES)},
        *({"key": value, "label": label, "count": counts[value]} for value, label in ApplicationStatus.choices),
    ]
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.READ,
        action="people.applications.read",
        organisation=organisation,
        purpose=gettext_noop("Recruitment of peers"),
        data={"codes": [str(a.code) for a in page.object_list]},
        request=request,
    )
    return render(
        request,
        "people/application_list.html",
        {"page_obj": page, "stage": stage, "stages": stages},
    )


def _detail_context(request: HttpRequest, application: PeerApplication, **forms: Any) -> dict[str, Any]:
    interviews = [selectors.interview_summary(i) for i in application.interviews.prefetch_related("scores")]
    offer_initial = {"kind": application.kind_wanted, "hours_per_week": application.hours_wanted}
    context = {
        "application": application,
        "eligibility": selectors.eligibility_for(application),
        "interviews": interviews,
        "breadcrumbs": _pipeline_crumbs(None, (application.full_name, "")),
        "plan_form": InterviewPlanForm(
            initial={"place": application.interview_place, "interview_at": application.interview_at}
        ),
        "offer_form": OfferForm(initial=offer_initial),
        "decline_form": DeclineForm(),
        "withdraw_form": WithdrawForm(),
    }
    context.update(forms)
    return context


@role_required(*PEER_ROLES)
def application_detail(request: HttpRequest, code: str) -> HttpResponse:
    application = get_application_for_user(
        request, code, purpose=gettext_noop("Assess an application to become a peer")
    )
    return render(request, "people/application_detail.html", _detail_context(request, application))


def _refused(form: Any, refusal: services.PeerActionRefused) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal.message))


@role_required(*PEER_ROLES)
def application_plan_interview(request: HttpRequest, code: str) -> HttpResponse:
    application = get_application_for_user(request, code, purpose=gettext_noop("Plan an interview"))
    initial = {"place": application.interview_place, "interview_at": application.interview_at}
    form = InterviewPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recruitment.plan_interview(
                application=application,
                interview_at=form.cleaned_data["interview_at"],
                place=form.cleaned_data["place"],
                notify_applicant=form.cleaned_data["notify_applicant"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("The interview is planned."))
            return redirect("people:application_detail", code=application.code)
    return render(
        request,
        "people/application_action.html",
        {
            "application": application,
            "form": form,
            "title": _("Plan an interview"),
            "lead": _("The bridge-builder guide suggests 45 minutes with a manager, a ward nurse and a peer."),
            "button": _("Plan the interview"),
            "breadcrumbs": _pipeline_crumbs(application, (_("Plan an interview"), "")),
        },
    )


@role_required(*PEER_ROLES)
def application_record_interview(request: HttpRequest, code: str) -> HttpResponse:
    application = get_application_for_user(request, code, purpose=gettext_noop("Record an interview"))
    form = InterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interview = recruitment.record_interview(
                application=application,
                held_on=form.cleaned_data["held_on"],
                notes=form.cleaned_data["notes"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("The interview is recorded. Now add each panel member's scores."))
            return redirect("people:interview_detail", code=interview.code)
    return render(
        request,
        "people/application_action.html",
        {
            "application": application,
            "form": form,
            "title": _("Record an interview"),
            "lead": _("Record when the interview was held; each panel member's scores are added next."),
            "button": _("Record the interview"),
            "breadcrumbs": _pipeline_crumbs(application, (_("Record an interview"), "")),
        },
    )


@role_required(*PEER_ROLES)
def interview_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The panel's scores against the competence profile; each panel member adds their own."""
    interview = get_interview_for_user(request, code, purpose=gettext_noop("Assess an interview"))
    application = interview.application
    form = PanelAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recruitment.record_panel_assessment(
                interview=interview,
                panel_member=form.cleaned_data["panel_member"],
                scores=form.scores(),
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(
                request, _("The scores of %(member)s are saved.") % {"member": form.cleaned_data["panel_member"]}
            )
            return redirect("people:interview_detail", code=interview.code)
    return render(
        request,
        "people/interview_detail.html",
        {
            "interview": interview,
            "application": application,
            "summary": selectors.interview_summary(interview),
            "form": form,
            "breadcrumbs": _pipeline_crumbs(application, (_("Interview"), "")),
        },
    )


@role_required(*PEER_ROLES)
def application_offer(request: HttpRequest, code: str) -> HttpResponse:
    application = get_application_for_user(request, code, purpose=gettext_noop("Offer a place"))
    form = OfferForm(
        request.POST or None, initial={"kind": application.kind_wanted, "hours_per_week": application.hours_wanted}
    )
    if request.method == "POST" and form.is_valid():
        accept = request.build_absolute_uri(reverse("core:accept_invitation", kwargs={"token": "TOKEN"}))
        try:
            peer = recruitment.offer_place(
                application=application,
                kind=form.cleaned_data["kind"],
                hours_per_week=form.cleaned_data["hours_per_week"],
                invite_account=form.cleaned_data["invite_account"],
                accept_url_template=accept,
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(
                request, _("%(name)s is offered a place and starts peer education.") % {"name": peer.full_name}
            )
            return redirect("people:peer_detail", code=peer.code)
    return render(
        request,
        "people/application_action.html",
        {
            "application": application,
            "form": form,
            "title": _("Offer a place"),
            "lead": _("The applicant becomes a peer in education. Agreements and education follow from there."),
            "button": _("Offer a place"),
            "breadcrumbs": _pipeline_crumbs(application, (_("Offer a place"), "")),
        },
    )


@role_required(*PEER_ROLES)
def application_decline(request: HttpRequest, code: str) -> HttpResponse:
    application = get_application_for_user(request, code, purpose=gettext_noop("Decline an application"))
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recruitment.decline_application(
                application=application,
                note=form.cleaned_data["note"],
                notify_applicant=form.cleaned_data["notify_applicant"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("The application is declined."))
            return redirect("people:application_list")
    days = recruitment.application_retention_days()
    return render(
        request,
        "people/application_action.html",
        {
            "application": application,
            "form": form,
            "title": _("Decline the application"),
            "lead": _("The applicant's data is deleted %(days)s days after the decision.") % {"days": days},
            "button": _("Decline"),
            "button_variant": "warning",
            "breadcrumbs": _pipeline_crumbs(application, (_("Decline"), "")),
        },
    )


@role_required(*PEER_ROLES)
def application_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    application = get_application_for_user(request, code, purpose=gettext_noop("Record a withdrawn application"))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recruitment.withdraw_application(
                application=application,
                note=form.cleaned_data["note"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("The application is marked as withdrawn."))
            return redirect("people:application_list")
    days = recruitment.application_retention_days()
    return render(
        request,
        "people/application_action.html",
        {
            "application": application,
            "form": form,
            "title": _("The applicant has withdrawn"),
            "lead": _("The applicant's data is deleted %(days)s days after the decision.") % {"days": days},
            "button": _("Mark as withdrawn"),
            "breadcrumbs": _pipeline_crumbs(application, (_("Withdrawn"), "")),
        },
    )
