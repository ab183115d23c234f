"""The peer's own agreements: read them, print them, accept them electronically."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements import documents, pdf, selectors, services, texts
from agreements.access import get_own_agreement, get_own_employment
from agreements.forms import AcceptForm
from agreements.models import EmploymentRecord, SignatureMethod, VolunteerAgreement
from agreements.services import AgreementError
from agreements.views.common import add_service_error, crumbs, pdf_response
from core.access import acting_user, role_required
from core.models import Role


@role_required(Role.PEER)
def my_agreements(request: HttpRequest) -> HttpResponse:
    peer = selectors.own_peer_records(request.user, getattr(request, "organisation", None))
    if peer is None:
        # A peer login without a peer record yet: nothing to show, and nothing to hide.
        return render(request, "agreements/my_agreements.html", {"peer": None, "agreements": [], "employments": []})
    agreements = selectors.own_agreements(peer)
    employments = list(peer.employment_records.select_related("unit").prefetch_related("signatures"))
    return render(
        request, "agreements/my_agreements.html", {"peer": peer, "agreements": agreements, "employments": employments}
    )


def _agreement_context(agreement: VolunteerAgreement, form: AcceptForm | None = None) -> dict[str, Any]:
    signatures = {s.method: s for s in agreement.signatures.all()}
    accepted = signatures.get(SignatureMethod.ELECTRONIC)
    return {
        "breadcrumbs": crumbs((_("My agreement"), reverse("agreements:my_agreements")), (agreement.programme.name, "")),
        "agreement": agreement,
        "periods": list(agreement.periods.order_by("starts_on")),
        "blocks": texts.render(agreement.text),
        "role_blocks": texts.render(agreement.role_description),
        "role_label": documents.role_label(agreement.role),
        "months": documents.agreement_months(agreement.programme),
        "accepted": accepted,
        "paper": signatures.get(SignatureMethod.PAPER),
        "can_accept": accepted is None and not agreement.is_ended,
        "form": form or AcceptForm(),
    }


@role_required(Role.PEER)
def my_agreement(request: HttpRequest, code: str) -> HttpResponse:
    agreement = get_own_agreement(request, code)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_agreement(
                agreement=agreement,
                user=acting_user(request),
                typed_name=form.cleaned_data["typed_name"],
                consent=form.cleaned_data["consent"],
                request=request,
            )
        except AgreementError as exc:
            add_service_error(form, exc, name=agreement.full_name)
        else:
            messages.success(request, _("Thank you. You have accepted the agreement."))
            return redirect("agreements:my_agreement", code=agreement.code)
    return render(request, "agreements/my_agreement.html", _agreement_context(agreement, form))


@role_required(Role.PEER)
def my_agreement_pdf(request: HttpRequest, code: str) -> HttpResponse:
    agreement = get_own_agreement(request, code)
    return pdf_response(pdf.agreement_pdf(agreement), pdf.filename("frivilligaftale", agreement.full_name))


def _employment_context(record: EmploymentRecord, user: Any, form: AcceptForm | None = None) -> dict[str, Any]:
    signatures = {s.method: s for s in record.signatures.all()}
    accepted = signatures.get(SignatureMethod.ELECTRONIC)
    return {
        "record": record,
        "considerations": services.read_considerations(record=record, user=user),
        "role_blocks": texts.render(record.role_description),
        "role_label": documents.role_label(record.role),
        "accepted": accepted,
        "can_accept": accepted is None,
        "form": form or AcceptForm(),
    }


@role_required(Role.PEER)
def my_employment(request: HttpRequest, code: str) -> HttpResponse:
    record = get_own_employment(request, code)
    user = acting_user(request)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_employment(
                record=record,
                user=user,
                typed_name=form.cleaned_data["typed_name"],
                consent=form.cleaned_data["consent"],
                request=request,
            )
        except AgreementError as exc:
            add_service_error(form, exc, name=record.peer.full_name)
        else:
            messages.success(request, _("Thank you. You have confirmed your employment record."))
            return redirect("agreements:my_employment", code=record.code)
    return render(request, "agreements/my_employment.html", _employment_context(record, user, form))


@role_required(Role.PEER)
def my_employment_pdf(request: HttpRequest, code: str) -> HttpResponse:
    record = get_own_employment(request, code)
    considerations = services.read_considerations(record=record, user=acting_user(request))
    return pdf_response(
        pdf.employment_pdf(record, considerations=considerations), pdf.filename("ansaettelse", record.peer.full_name)
    )
