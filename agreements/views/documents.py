"""The coordinator's other documents: record checks, employment records, templates, references."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from agreements import documents, pdf, reference_services, references, services, texts
from agreements.access import (
    COORDINATOR_ROLES,
    TEMPLATE_ROLES,
    get_employment_for_coordinator,
    get_peer_for_coordinator,
    get_reference_for_coordinator,
)
from agreements.forms import (
    EmploymentForm,
    OccasionsForm,
    RecordCheckForm,
    ReferenceForm,
    ReferenceStartForm,
    ScanForm,
    TemplateForm,
)
from agreements.models import EmploymentRecord, ReferenceStatus, SignatureMethod, TemplateKind
from agreements.services import AgreementError
from agreements.views.common import add_service_error, crumbs, pdf_response
from core.access import acting_user, require_organisation_role, role_required
from core.audit import log_access
from core.models import AuditKind

# ---------------------------------------------------------------------------------------------------
# Criminal-record checks
# ---------------------------------------------------------------------------------------------------


@role_required(*COORDINATOR_ROLES)
def record_check_create(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Record a criminal-record check"))
    user = acting_user(request)
    form = RecordCheckForm(
        request.POST or None, initial={"seen_on": timezone.localdate(), "seen_by_name": user.display_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_record_check(peer=peer, acting_user=user, **form.cleaned_data)
        except AgreementError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("It was recorded that the criminal-record certificate was seen."))
            return redirect("agreements:peer_agreements", code=peer.code)
    return render(request, "agreements/record_check_form.html", {"form": form, "peer": peer})


# ---------------------------------------------------------------------------------------------------
# Employment records of paid peers
# ---------------------------------------------------------------------------------------------------


def _may_write_considerations(record: EmploymentRecord | None, user: Any) -> bool:
    """The leader who recorded the considerations writes them; on a record without any, whoever edits it."""
    if record is None or not record.considerations:
        return True
    return record.considerations_by_id == user.pk


@role_required(*COORDINATOR_ROLES)
def employment_create(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Record an employment"))
    form = EmploymentForm(
        request.POST or None,
        organisation=peer.organisation,
        with_considerations=True,
        initial={"hours_per_week": peer.hours_per_week or None, "starts_on": peer.started_at or timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services.save_employment_record(peer=peer, acting_user=acting_user(request), **form.cleaned_data)
        except AgreementError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The employment was recorded."))
            return redirect("agreements:employment_detail", code=record.code)
    return render(request, "agreements/employment_form.html", {"form": form, "peer": peer})


@role_required(*COORDINATOR_ROLES)
def employment_detail(request: HttpRequest, code: str) -> HttpResponse:
    record = get_employment_for_coordinator(request, code, purpose=gettext_noop("See an employment record"))
    return render(request, "agreements/employment_detail.html", _employment_context(request, record))


def _employment_context(request: HttpRequest, record: EmploymentRecord, **forms: Any) -> dict[str, Any]:
    user = acting_user(request)
    signatures = {s.method: s for s in record.signatures.select_related("user")}
    return {
        "breadcrumbs": crumbs(
            (_("Volunteer agreements"), reverse("agreements:agreement_list")),
            (record.peer.full_name, reverse("agreements:peer_agreements", kwargs={"code": record.peer.code})),
            (_("Employment record"), ""),
        ),
        "record": record,
        "peer": record.peer,
        "considerations": services.read_considerations(record=record, user=user, request=request),
        "considerations_hidden": record.has_considerations and not record.considerations_visible_to(user),
        "role_blocks": texts.render(record.role_description),
        "role_label": documents.role_label(record.role),
        "accepted": signatures.get(SignatureMethod.ELECTRONIC),
        "paper": signatures.get(SignatureMethod.PAPER),
        "scan_form": forms.get("scan_form") or ScanForm(initial={"signed_name": record.peer.full_name}),
    }


@role_required(*COORDINATOR_ROLES)
def employment_edit(request: HttpRequest, code: str) -> HttpResponse:
    record = get_employment_for_coordinator(request, code, purpose=gettext_noop("Correct an employment record"))
    user = acting_user(request)
    writes = _may_write_considerations(record, user)
    initial = {
        "role": record.role,
        "unit": record.unit,
        "hours_per_week": record.hours_per_week,
        "flex_job": record.flex_job,
        "starts_on": record.starts_on,
        "ends_on": record.ends_on,
    }
    if writes:
        initial["considerations"] = services.read_considerations(record=record, user=user, request=request)
    form = EmploymentForm(
        request.POST or None, organisation=record.organisation, with_considerations=writes, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        considerations = data.pop("considerations", None)
        try:
            services.save_employment_record(
                peer=record.peer, record=record, acting_user=user, considerations=considerations, **data
            )
        except AgreementError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The employment record was saved."))
            return redirect("agreements:employment_detail", code=record.code)
    return render(
        request,
        "agreements/employment_form.html",
        {"form": form, "peer": record.peer, "record": record, "considerations_hidden": not writes},
    )


@role_required(*COORDINATOR_ROLES)
def employment_pdf(request: HttpRequest, code: str) -> HttpResponse:
    record = get_employment_for_coordinator(request, code, purpose=gettext_noop("Print an employment record"))
    user = acting_user(request)
    log_access(
        actor=user,
        kind=AuditKind.EXPORT,
        action="agreements.employment.pdf",
        obj=record,
        subject_code=record.peer.code,
        purpose=gettext_noop("Print an employment record"),
        request=request,
    )
    considerations = services.read_considerations(record=record, user=user, request=request)
    return pdf_response(
        pdf.employment_pdf(record, considerations=considerations), pdf.filename("ansaettelse", record.peer.full_name)
    )


@require_POST
@role_required(*COORDINATOR_ROLES)
def employment_upload(request: HttpRequest, code: str) -> HttpResponse:
    record = get_employment_for_coordinator(request, code, purpose=gettext_noop("Upload a signed employment record"))
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        services.upload_signed_copy(
            document=record,
            scan=form.cleaned_data["scan"],
            content_type=form.content_type,
            signed_name=form.cleaned_data["signed_name"],
            signed_on=form.cleaned_data["signed_on"],
            acting_user=acting_user(request),
        )
        messages.success(request, _("The signed copy was uploaded."))
        return redirect("agreements:employment_detail", code=record.code)
    return render(request, "agreements/employment_detail.html", _employment_context(request, record, scan_form=form))


# ---------------------------------------------------------------------------------------------------
# Document templates: the agreement text, the reference, the function descriptions
# ---------------------------------------------------------------------------------------------------


def _kind(kind: str) -> str:
    if kind not in TemplateKind.values:
        raise Http404
    return kind


@role_required(*TEMPLATE_ROLES)
def template_list(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, *TEMPLATE_ROLES)
    rows = [
        (t, len(texts.unfilled_fields(t.body, t.local_values)), documents.is_default(t))
        for t in documents.templates_of(organisation)
    ]
    return render(request, "agreements/template_list.html", {"rows": rows})


@role_required(*TEMPLATE_ROLES)
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    organisation = require_organisation_role(request, *TEMPLATE_ROLES)
    template = documents.template_for(organisation, _kind(kind))
    user = acting_user(request)
    if request.method == "POST" and request.POST.get("reset"):
        services.reset_template(organisation=organisation, kind=kind, acting_user=user)
        messages.success(request, _("The published default text is back."))
        return redirect("agreements:template_edit", kind=kind)
    form = TemplateForm(
        request.POST or None,
        body=request.POST.get("body", template.body) if request.method == "POST" else template.body,
        local_values=template.local_values,
        initial={"body": template.body},
    )
    if request.method == "POST" and form.is_valid():
        services.save_template(
            organisation=organisation,
            kind=kind,
            body=form.cleaned_data["body"],
            local_values=form.local_values(),
            acting_user=user,
        )
        messages.success(request, _("The text was saved. Agreements already made keep the text they were made with."))
        return redirect("agreements:template_edit", kind=kind)
    return render(
        request,
        "agreements/template_form.html",
        {
            "breadcrumbs": crumbs(
                (_("Document templates"), reverse("agreements:template_list")), (template.get_kind_display(), "")
            ),
            "form": form,
            "template": template,
            "is_default": documents.is_default(template),
            "tokens": documents.TOKENS.get(kind, []),
            "unfilled": texts.unfilled_fields(template.body, template.local_values),
            "local_fields": [form[f"local_{i}"] for i in range(len(form.local_names))],
        },
    )


@role_required(*TEMPLATE_ROLES)
def template_pdf(request: HttpRequest, kind: str) -> HttpResponse:
    organisation = require_organisation_role(request, *TEMPLATE_ROLES)
    template = documents.template_for(organisation, _kind(kind))
    return pdf_response(pdf.template_pdf(template), pdf.filename(kind.replace("_", "-"), organisation.name))


# ---------------------------------------------------------------------------------------------------
# References (udtalelser)
# ---------------------------------------------------------------------------------------------------


@role_required(*COORDINATOR_ROLES)
def reference_start(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Write a reference"))
    user = acting_user(request)
    confirm = request.method == "POST" and request.POST.get("education_confirmed") == "on"
    eligibility = references.eligibility_for(peer, today=timezone.localdate(), education_confirmed=confirm)
    form = ReferenceStartForm(
        request.POST or None,
        confirm_education=not eligibility.education_from_records,
        initial={"recipient_email": peer.email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            reference = reference_services.create_reference(
                peer=peer,
                acting_user=user,
                recipient_email=form.cleaned_data["recipient_email"],
                education_confirmed=bool(form.cleaned_data.get("education_confirmed")),
            )
        except AgreementError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The reference was started from your template. Read it through and edit it."))
            return redirect("agreements:reference_edit", code=reference.code)
    return render(
        request,
        "agreements/reference_start.html",
        {
            "breadcrumbs": _peer_crumbs(peer, _("Reference")),
            "peer": peer,
            "form": form,
            "eligibility": eligibility,
            "results": _criteria_rows(eligibility),
            "occasions_form": OccasionsForm(initial={"count": eligibility.manual_occasions}),
            "existing": list(peer.references.all()),
        },
    )


def _peer_crumbs(peer: Any, current: str) -> list[dict[str, Any]]:
    return crumbs(
        (_("Volunteer agreements"), reverse("agreements:agreement_list")),
        (peer.full_name, reverse("agreements:peer_agreements", kwargs={"code": peer.code})),
        (current, ""),
    )


def _criteria_rows(eligibility: references.PeerEligibility) -> list[dict[str, Any]]:
    rows = []
    for result in eligibility.assessment.results:
        if result.criterion == "months_active":
            if result.actual is None:
                text = _("No start date is recorded (at least %(required)s months needed).") % {
                    "required": result.required
                }
            else:
                text = _("Active for %(actual)s months (at least %(required)s needed).") % {
                    "actual": result.actual,
                    "required": result.required,
                }
        elif result.criterion == "occasions":
            text = _("Volunteered %(actual)s times (at least %(required)s needed).") % {
                "actual": result.actual,
                "required": result.required,
            }
        elif result.outcome == "met":
            text = _("Has completed the peer education.")
        elif result.outcome == "unknown":
            text = _("Peer education: confirm below that it is completed.")
        else:
            text = _("Has not completed the peer education.")
        rows.append({"text": text, "met": result.outcome == "met", "unknown": result.outcome == "unknown"})
    return rows


@require_POST
@role_required(*COORDINATOR_ROLES)
def occasions_set(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Count volunteering occasions"))
    form = OccasionsForm(request.POST)
    if form.is_valid():
        reference_services.set_manual_occasions(
            peer=peer, count=form.cleaned_data["count"], acting_user=acting_user(request)
        )
        messages.success(request, _("The count was saved."))
    else:
        messages.error(request, _("Type a whole number of occasions, 0 or more."))
    return redirect("agreements:reference_start", code=peer.code)


@role_required(*COORDINATOR_ROLES)
def reference_edit(request: HttpRequest, code: str) -> HttpResponse:
    reference = get_reference_for_coordinator(request, code, purpose=gettext_noop("Write a reference"))
    draft = reference.status == ReferenceStatus.DRAFT
    form = ReferenceForm(
        request.POST or None, initial={"text": reference.text, "recipient_email": reference.recipient_email}
    )
    if request.method == "POST" and draft and form.is_valid():
        try:
            reference = reference_services.update_reference(
                reference=reference, acting_user=acting_user(request), **form.cleaned_data
            )
            if request.POST.get("send"):
                reference_services.send_reference(reference=reference, acting_user=acting_user(request))
                messages.success(
                    request, _("The reference is on its way to %(email)s.") % {"email": reference.recipient_email}
                )
                return redirect("agreements:peer_agreements", code=reference.peer.code)
        except AgreementError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The reference was saved."))
            return redirect("agreements:reference_edit", code=reference.code)
    return render(
        request,
        "agreements/reference_form.html",
        {
            "breadcrumbs": _peer_crumbs(reference.peer, _("Reference")),
            "form": form,
            "reference": reference,
            "peer": reference.peer,
            "draft": draft,
            "blocks": texts.render(reference.text),
            "unfilled": texts.unfilled_fields(reference.text, {}),
        },
    )


@role_required(*COORDINATOR_ROLES)
def reference_pdf(request: HttpRequest, code: str) -> HttpResponse:
    reference = get_reference_for_coordinator(request, code, purpose=gettext_noop("Print a reference"))
    return pdf_response(pdf.reference_pdf(reference), pdf.filename("udtalelse", reference.peer.full_name))
