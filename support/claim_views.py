"""Transport claims of volunteers (model 2): the volunteer claims on the phone, the volunteer
coordinator approves or rejects, and exports approved claims for payment."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import acting_user, organisation_of, require_organisation_role, role_required
from core.audit import log_access
from core.models import AuditKind, Role
from people.selectors import peer_of_user
from support import access, exports, services
from support.errors import error_text
from support.forms import ClaimForm, RejectForm
from support.models import ExpenseClaim, PaymentExport, SupportCourse
from support.services import SupportError


@role_required(Role.PEER)
def my_claims(request: HttpRequest) -> HttpResponse:
    peer = peer_of_user(request.user, getattr(request, "organisation", None))
    if peer is None:  # a peer login not yet linked to a peer profile: say so instead of a dead end
        return render(request, "support/my_claims.html", {"peer": None})
    courses = SupportCourse.objects.filter(peer=peer).active().select_related("citizen")
    form = ClaimForm(request.POST or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_claim(
                actor=acting_user(request),
                peer=peer,
                travelled_on=data["travelled_on"],
                from_place=data["from_place"],
                to_place=data["to_place"],
                km=data["km"],
                amount=data["amount"],
                receipt_note=data["receipt_note"],
                course=data["course"],
            )
        except SupportError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Your claim is sent to the coordinator."))
            return redirect("support:my_claims")
    claims = ExpenseClaim.objects.filter(peer=peer).select_related("export")[:50]
    return render(request, "support/my_claims.html", {"form": form, "claims": claims, "peer": peer})


@role_required(Role.COORDINATOR)
def review(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    claims = ExpenseClaim.objects.of(organisation).select_related("peer")
    return render(
        request,
        "support/claims_review.html",
        {
            "awaiting": list(claims.awaiting().order_by("travelled_on")),
            "ready": list(claims.ready_for_payment().order_by("peer__first_name", "travelled_on")),
            "exports": PaymentExport.objects.filter(organisation=organisation)[:12],
            "reject_form": RejectForm(),
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def approve(request: HttpRequest, code: str) -> HttpResponse:
    claim = access.get_claim_for_coordinator(request, code)
    try:
        services.decide_claim(actor=acting_user(request), claim=claim, approve=True)
    except SupportError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The claim is approved."))
    return redirect("support:claims_review")


@role_required(Role.COORDINATOR)
def reject(request: HttpRequest, code: str) -> HttpResponse:
    claim = access.get_claim_for_coordinator(request, code)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_claim(
                actor=acting_user(request), claim=claim, approve=False, reason=form.cleaned_data["reason"]
            )
        except SupportError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The claim is rejected."))
            return redirect("support:claims_review")
    return render(request, "support/claim_reject.html", {"claim": claim, "form": form})


@role_required(Role.COORDINATOR)
@require_POST
def export_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    try:
        batch = services.export_claims_for_payment(actor=acting_user(request), organisation=organisation)
    except SupportError as exc:
        messages.error(request, error_text(exc))
        return redirect("support:claims_review")
    messages.success(
        request,
        _("%(n)s approved claims are marked as exported. Download the file for the payment below.")
        % {"n": batch.claims.count()},
    )
    return redirect("support:claims_review")


@role_required(Role.COORDINATOR)
def export_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    organisation = require_organisation_role(request, Role.COORDINATOR)
    batch = get_object_or_404(PaymentExport, organisation=organisation, code=code)
    if fmt not in {"xlsx", "csv"}:
        raise Http404
    claims = list(batch.claims.select_related("peer").order_by("peer__first_name", "travelled_on"))
    log_access(
        actor=acting_user(request),
        kind=AuditKind.EXPORT,
        action="support.claims.downloaded",
        obj=batch,
        organisation=organisation,
        purpose=_("Payment of transport claims"),
        data={"format": fmt, "claims": len(claims)},
        request=request,
    )
    stamp = batch.created_at.strftime("%Y-%m-%d")
    if fmt == "xlsx":
        response = HttpResponse(
            exports.claims_workbook(claims),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.claims_csv(claims), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="koerselsgodtgoerelse-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
