"""The coordinator's agreement pages: the list, a peer's agreements and documents, one agreement and its actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from agreements import documents, pdf, selectors, services, texts
from agreements.access import (
    COORDINATOR_ROLES,
    get_agreement_for_coordinator,
    get_peer_for_coordinator,
    get_signature_for_user,
)
from agreements.forms import (
    AgreementForm,
    EndAgreementForm,
    ListFilterForm,
    RenewalTalkForm,
    ScanForm,
    UnmaskForm,
)
from agreements.models import FunctionRole, SignatureMethod, VolunteerAgreement
from agreements.selectors import ListFilter
from agreements.services import AgreementError
from agreements.views.common import add_service_error, crumbs, pdf_response
from core import cpr as cpr_utils
from core.access import acting_user, require_organisation_role, role_required
from core.audit import log_access
from core.models import AuditKind, Programme, Role
from people.models import Peer

ROLE_BY_MODEL = {
    Programme.Model.PEER_GUIDE: FunctionRole.PEER_GUIDE,
    Programme.Model.RECOVERY_SCHOOL: FunctionRole.PEER_TEACHER,
    Programme.Model.ARK: FunctionRole.PEER_TEACHER,
}


@role_required(*COORDINATOR_ROLES)
def agreement_list(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    form = ListFilterForm(request.GET or None)
    show = ListFilter.CURRENT.value
    if form.is_valid() and form.cleaned_data["show"]:
        show = form.cleaned_data["show"]
    today = timezone.localdate()
    rows: Any
    if show == ListFilter.MISSING:
        rows = selectors.peers_missing_agreement(organisation, today)
    else:
        rows = selectors.agreements_for_list(organisation, show, today)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    if show != ListFilter.MISSING:
        selectors.with_states(page, today)
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "form": form,
            "show": show,
            "page_obj": page,
            "ending_soon": selectors.ending_soon_count(organisation, today),
            "missing": show == ListFilter.MISSING,
        },
    )


@role_required(*COORDINATOR_ROLES)
def peer_agreements(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Agreements and documents of a peer"))
    docs = selectors.documents_of(peer)
    return render(
        request,
        "agreements/peer_agreements.html",
        {
            "breadcrumbs": crumbs(
                (_("Volunteer agreements"), reverse("agreements:agreement_list")), (peer.full_name, "")
            ),
            "peer": peer,
            "docs": docs,
            "employed": peer.kind in selectors.EMPLOYED_KINDS,
            "user_pk": request.user.pk,
        },
    )


def _initial_for(peer: Peer, request: HttpRequest) -> dict[str, Any]:
    programme = peer.programmes.filter(organisation=peer.organisation, active=True).order_by("pk").first()
    if programme is None:
        programme = Programme.objects.of(peer.organisation).active().order_by("pk").first()
    organisation = peer.organisation
    return {
        "programme": programme,
        "coordinator": request.user if Role.COORDINATOR in getattr(request, "roles", set()) else None,
        "role": ROLE_BY_MODEL.get(Programme.Model(programme.model), FunctionRole.PEER)
        if programme
        else FunctionRole.PEER,
        "first_name": peer.first_name,
        "last_name": peer.last_name,
        "phone": peer.phone,
        "email": peer.email,
        "starts_on": timezone.localdate(),
        "insurance": _(
            "When you volunteer, you are covered by the insurance %(organisation)s has for its volunteers. "
            "It covers physical injury."
        )
        % {"organisation": organisation.name},
        "transport_covered": True,
        "may_request_record_check": True,
    }


def _agreement_fields(cleaned: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "programme",
        "coordinator",
        "role",
        "first_name",
        "last_name",
        "address",
        "postcode",
        "city",
        "phone",
        "email",
        "insurance",
        "transport_covered",
        "may_request_record_check",
    )
    return {k: cleaned[k] for k in keys}


@role_required(*COORDINATOR_ROLES)
def agreement_create(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Make a volunteer agreement"))
    if peer.kind in selectors.EMPLOYED_KINDS:
        messages.info(request, _("Paid peers have an employment record instead of a volunteer agreement."))
        return redirect("agreements:employment_create", code=peer.code)
    form = AgreementForm(request.POST or None, organisation=peer.organisation, initial=_initial_for(peer, request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.create_agreement(
                peer=peer,
                acting_user=acting_user(request),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                cpr=data["cpr"],
                cpr_reason=data["cpr_reason"],
                **_agreement_fields(data),
            )
        except AgreementError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The volunteer agreement with %(name)s was made.") % {"name": peer.full_name})
            return redirect("agreements:agreement_detail", code=agreement.code)
    template = documents.template_for(peer.organisation, "volunteer_agreement")
    unfilled = texts.unfilled_fields(template.body, template.local_values)
    return render(request, "agreements/agreement_form.html", {"form": form, "peer": peer, "unfilled": unfilled})


def _detail_context(request: HttpRequest, agreement: VolunteerAgreement, **forms: Any) -> dict[str, Any]:
    periods = list(agreement.periods.select_related("renewal_talk__recorded_by").order_by("starts_on"))
    signatures = {s.method: s for s in agreement.signatures.select_related("user")}
    latest = periods[-1] if periods else None
    can_talk = not agreement.is_ended and latest is not None and not hasattr(latest, "renewal_talk")
    today = timezone.localdate()
    return {
        "breadcrumbs": crumbs(
            (_("Volunteer agreements"), reverse("agreements:agreement_list")),
            (agreement.peer.full_name, reverse("agreements:peer_agreements", kwargs={"code": agreement.peer.code})),
            (agreement.programme.name, ""),
        ),
        "agreement": agreement,
        "peer": agreement.peer,
        "periods": periods,
        "latest": latest,
        "accepted": signatures.get(SignatureMethod.ELECTRONIC),
        "paper": signatures.get(SignatureMethod.PAPER),
        "signed": bool(signatures),
        "blocks": texts.render(agreement.text),
        "role_blocks": texts.render(agreement.role_description),
        "role_label": documents.role_label(agreement.role),
        "can_talk": can_talk,
        "talk_form": forms.get("talk_form") or RenewalTalkForm(initial={"held_on": today}),
        "end_form": forms.get("end_form") or EndAgreementForm(initial={"ended_on": today}),
        "scan_form": forms.get("scan_form") or ScanForm(initial={"signed_name": agreement.full_name}),
        "unmask_form": forms.get("unmask_form") or UnmaskForm(),
        "cpr_full": forms.get("cpr_full"),
        "open_section": forms.get("open_section", ""),
    }


@role_required(*COORDINATOR_ROLES)
def agreement_detail(request: HttpRequest, code: str) -> HttpResponse:
    agreement = get_agreement_for_coordinator(request, code, purpose=gettext_noop("See a volunteer agreement"))
    return render(request, "agreements/agreement_detail.html", _detail_context(request, agreement))


@role_required(*COORDINATOR_ROLES)
def agreement_edit(request: HttpRequest, code: str) -> HttpResponse:
    agreement = get_agreement_for_coordinator(request, code, purpose=gettext_noop("Correct a volunteer agreement"))
    if agreement.signatures.exists():
        messages.error(
            request,
            _("The agreement is signed and can no longer be changed. End it and make a new one if the terms change."),
        )
        return redirect("agreements:agreement_detail", code=agreement.code)
    first = agreement.periods.order_by("starts_on").first()
    initial = {
        **{k: getattr(agreement, k) for k in services.EDITABLE_FIELDS},
        "starts_on": agreement.starts_on,
        "ends_on": first.ends_on if first else None,
        "cpr_reason": agreement.cpr_reason,
    }
    form = AgreementForm(
        request.POST or None,
        organisation=agreement.organisation,
        with_text=True,
        masked_cpr=agreement.cpr_masked,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cpr: str | None = data["cpr"] or None
        if data.get("remove_cpr"):
            cpr = ""
        try:
            services.update_agreement(
                agreement=agreement,
                acting_user=acting_user(request),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                cpr=cpr,
                cpr_reason=data["cpr_reason"],
                text=data["text"],
                **_agreement_fields(data),
            )
        except AgreementError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The agreement was saved."))
            return redirect("agreements:agreement_detail", code=agreement.code)
    return render(
        request, "agreements/agreement_form.html", {"form": form, "peer": agreement.peer, "agreement": agreement}
    )


@role_required(*COORDINATOR_ROLES)
def agreement_pdf(request: HttpRequest, code: str) -> HttpResponse:
    agreement = get_agreement_for_coordinator(request, code, purpose=gettext_noop("Print a volunteer agreement"))
    log_access(
        actor=acting_user(request),
        kind=AuditKind.EXPORT,
        action="agreements.agreement.pdf",
        obj=agreement,
        subject_code=agreement.peer.code,
        purpose=gettext_noop("Print a volunteer agreement"),
        request=request,
    )
    return pdf_response(pdf.agreement_pdf(agreement), pdf.filename("frivilligaftale", agreement.full_name))


@require_POST
@role_required(*COORDINATOR_ROLES)
def agreement_unmask_cpr(request: HttpRequest, code: str) -> HttpResponse:
    agreement = get_agreement_for_coordinator(request, code, purpose=gettext_noop("Show the CPR number"))
    form = UnmaskForm(request.POST)
    if not agreement.has_cpr:
        return redirect("agreements:agreement_detail", code=agreement.code)
    if not form.is_valid():
        context = _detail_context(request, agreement, unmask_form=form, open_section="cpr")
        return render(request, "agreements/agreement_detail.html", context)
    number = services.unmask_agreement_cpr(
        agreement=agreement, acting_user=acting_user(request), purpose=form.cleaned_data["purpose"], request=request
    )
    context = _detail_context(request, agreement, cpr_full=cpr_utils.formatted(number))
    return render(request, "agreements/agreement_detail.html", context)


@require_POST
@role_required(*COORDINATOR_ROLES)
def renewal_talk(request: HttpRequest, code: str) -> HttpResponse:
    agreement = get_agreement_for_coordinator(request, code, purpose=gettext_noop("Record a renewal talk"))
    form = RenewalTalkForm(request.POST)
    if form.is_valid():
        try:
            talk = services.record_renewal_talk(
                agreement=agreement, acting_user=acting_user(request), **form.cleaned_data
            )
        except AgreementError as exc:
            add_service_error(form, exc)
        else:
            if talk.outcome == "renewed":
                messages.success(request, _("The renewal talk was recorded, and the agreement runs a new period."))
            else:
                messages.success(request, _("The renewal talk was recorded. The agreement ends when the period ends."))
            return redirect("agreements:agreement_detail", code=agreement.code)
    context = _detail_context(request, agreement, talk_form=form, open_section="talk")
    return render(request, "agreements/agreement_detail.html", context)


@require_POST
@role_required(*COORDINATOR_ROLES)
def agreement_end(request: HttpRequest, code: str) -> HttpResponse:
    agreement = get_agreement_for_coordinator(request, code, purpose=gettext_noop("End a volunteer agreement"))
    form = EndAgreementForm(request.POST)
    if form.is_valid():
        try:
            services.end_agreement(agreement=agreement, acting_user=acting_user(request), **form.cleaned_data)
        except AgreementError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The agreement was ended."))
            return redirect("agreements:agreement_detail", code=agreement.code)
    context = _detail_context(request, agreement, end_form=form, open_section="end")
    return render(request, "agreements/agreement_detail.html", context)


@require_POST
@role_required(*COORDINATOR_ROLES)
def agreement_upload(request: HttpRequest, code: str) -> HttpResponse:
    agreement = get_agreement_for_coordinator(request, code, purpose=gettext_noop("Upload a signed agreement"))
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        services.upload_signed_copy(
            document=agreement,
            scan=form.cleaned_data["scan"],
            content_type=form.content_type,
            signed_name=form.cleaned_data["signed_name"],
            signed_on=form.cleaned_data["signed_on"],
            acting_user=acting_user(request),
        )
        messages.success(request, _("The signed copy was uploaded."))
        return redirect("agreements:agreement_detail", code=agreement.code)
    context = _detail_context(request, agreement, scan_form=form, open_section="scan")
    return render(request, "agreements/agreement_detail.html", context)


def signature_scan(request: HttpRequest, code: str) -> HttpResponseBase:
    """The scan of a signed document, only through this access check (never a public media URL)."""
    if not request.user.is_authenticated:
        return redirect("core:login")
    signature = get_signature_for_user(request, code, purpose=gettext_noop("See a signed document"))
    if not signature.scan:
        return HttpResponse(status=404)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        signature.scan_content_type, "bin"
    )
    response = FileResponse(
        signature.scan.open("rb"),
        content_type=signature.scan_content_type or "application/octet-stream",
        as_attachment=True,
        filename=f"underskrevet-{signature.signed_at:%Y-%m-%d}.{extension}",
    )
    response["Cache-Control"] = "no-store"
    return response
