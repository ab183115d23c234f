"""Citizen pages for coordinators and the citizen's own 'my data' page."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from core import cpr as cpr_utils
from core.access import login_required, require_organisation_role, role_required
from core.audit import log_access
from core.crypto import lookup_hash
from core.models import AuditKind
from core.selectors import access_log_for_person
from people import services
from people.access import (
    CITIZEN_ROLES,
    citizens_visible_to,
    get_citizen_for_user,
    own_citizen_records,
    own_peer_records,
)
from people.forms import CitizenForm, CitizenSearchForm, ConsentForm, UnmaskForm
from people.models import Consent


@role_required(*CITIZEN_ROLES)
def citizen_list(request: HttpRequest) -> HttpResponse:
    form = CitizenSearchForm(request.GET or None)
    citizens = citizens_visible_to(request).order_by("first_name", "last_name")
    query = ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"].strip()
        digits = query.replace("-", "")
        if len(digits) == 10 and digits.isdigit():
            citizens = citizens.filter(cpr_lookup=lookup_hash(digits))
            criterion = f"cpr={cpr_utils.mask(digits)}"
        else:
            citizens = citizens.filter(
                Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(email__icontains=query)
            )
            criterion = f"q={query}"
        log_access(
            actor=request.user,  # type: ignore[arg-type]
            kind=AuditKind.SEARCH,
            action="people.citizen.searched",
            organisation=request.organisation,  # type: ignore[attr-defined]
            criterion=criterion,
            purpose=gettext_noop("Find a citizen"),
            request=request,
        )
    page = Paginator(citizens, 50).get_page(request.GET.get("page"))
    return render(request, "people/citizen_list.html", {"form": form, "page_obj": page, "query": query})


@role_required(*CITIZEN_ROLES)
def citizen_create(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, *CITIZEN_ROLES)
    form = CitizenForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        citizen = services.create_citizen(organisation=organisation, acting_user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("%(name)s was registered.") % {"name": citizen.full_name})
        return redirect("people:citizen_detail", code=citizen.code)
    return render(request, "people/citizen_form.html", {"form": form})


@role_required(*CITIZEN_ROLES)
def citizen_detail(request: HttpRequest, code: str) -> HttpResponse:
    citizen = get_citizen_for_user(request, code, purpose=gettext_noop("Coordination of peer support"))
    consents = citizen.consents.select_related("recorded_by")
    try:  # the referrals app, when installed, takes the citizen to a referral for a peer
        refer_url = f"{reverse('referrals:start')}?{urlencode({'borger': str(citizen.code)})}"
    except NoReverseMatch:
        refer_url = ""
    return render(
        request,
        "people/citizen_detail.html",
        {
            "citizen": citizen,
            "consents": consents,
            "consent_form": ConsentForm(),
            "unmask_form": UnmaskForm(),
            "refer_url": refer_url,
        },
    )


@role_required(*CITIZEN_ROLES)
def citizen_edit(request: HttpRequest, code: str) -> HttpResponse:
    citizen = get_citizen_for_user(request, code, purpose=gettext_noop("Correct the citizen's details"))
    initial = {f: getattr(citizen, f) for f in ("first_name", "last_name", "email", "phone", "municipality")}
    form = CitizenForm(request.POST or None, organisation=citizen.organisation, instance=citizen, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        cpr = data.pop("cpr")
        services.update_citizen(citizen=citizen, acting_user=request.user, cpr=cpr or None, **data)  # type: ignore[arg-type]
        messages.success(request, _("The details were saved."))
        return redirect("people:citizen_detail", code=citizen.code)
    return render(request, "people/citizen_form.html", {"form": form, "citizen": citizen})


@require_POST
@role_required(*CITIZEN_ROLES)
def citizen_unmask_cpr(request: HttpRequest, code: str) -> HttpResponse:
    citizen = get_citizen_for_user(request, code, purpose=gettext_noop("Show the CPR number"))
    form = UnmaskForm(request.POST)
    if not form.is_valid() or not citizen.has_cpr:
        messages.error(request, _("Give a reason to see the full CPR number."))
        return redirect("people:citizen_detail", code=citizen.code)
    number = services.unmask_cpr(
        citizen=citizen,
        acting_user=request.user,  # type: ignore[arg-type]
        purpose=form.cleaned_data["purpose"],
        request=request,
    )
    consents = citizen.consents.select_related("recorded_by")
    return render(
        request,
        "people/citizen_detail.html",
        {
            "citizen": citizen,
            "consents": consents,
            "consent_form": ConsentForm(),
            "unmask_form": UnmaskForm(),
            "cpr_full": cpr_utils.formatted(number),
        },
    )


@require_POST
@role_required(*CITIZEN_ROLES)
def consent_add(request: HttpRequest, code: str) -> HttpResponse:
    citizen = get_citizen_for_user(request, code, purpose=gettext_noop("Record consent"))
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.record_consent(citizen=citizen, acting_user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("The consent was recorded."))
        return redirect("people:citizen_detail", code=citizen.code)
    consents = citizen.consents.select_related("recorded_by")
    return render(
        request,
        "people/citizen_detail.html",
        {"citizen": citizen, "consents": consents, "consent_form": form, "unmask_form": UnmaskForm()},
    )


@require_POST
@login_required
def consent_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    """The citizen, or a coordinator on their behalf, withdraws a consent."""
    consent = get_object_or_404(Consent.objects.select_related("citizen"), code=code)
    own = consent.citizen.user_id == request.user.pk
    if not own:
        organisation = require_organisation_role(request, *CITIZEN_ROLES)
        if consent.citizen.organisation_id != organisation.pk:
            raise Http404
    services.withdraw_consent(consent=consent, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The consent was withdrawn."))
    if own:
        return redirect("people:my_data")
    return redirect("people:citizen_detail", code=consent.citizen.code)


@role_required(*CITIZEN_ROLES)
def citizen_access_log(request: HttpRequest, code: str) -> HttpResponse:
    """Produce the access log for a citizen who asks who has looked them up."""
    citizen = get_citizen_for_user(request, code, purpose=gettext_noop("Produce the citizen's access log"))
    entries = access_log_for_person(citizen.code)[:500]
    return render(request, "people/access_log.html", {"citizen": citizen, "entries": entries})


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """A person's own page: what is registered about them as a citizen or as a peer, consents (withdrawable),
    and who has looked them up (dates, kinds and purposes)."""
    records = list(own_citizen_records(request).prefetch_related("consents"))
    logs = {r.pk: list(access_log_for_person(r.code)[:200]) for r in records}
    peers = list(own_peer_records(request).prefetch_related("units", "programmes"))
    peer_logs = [
        (peer, list(access_log_for_person(peer.code, services.peer_application_code(peer))[:200])) for peer in peers
    ]
    return render(
        request,
        "people/my_data.html",
        {"records": [(r, logs[r.pk]) for r in records], "peer_records": peer_logs},
    )


@login_required
def my_data_export(request: HttpRequest) -> HttpResponse:
    records = list(own_citizen_records(request))
    data = [services.export_citizen_data(citizen=r, acting_user=request.user, request=request) for r in records]  # type: ignore[arg-type]
    data += [
        services.export_peer_data(peer=peer, acting_user=request.user, request=request)  # type: ignore[arg-type]
        for peer in own_peer_records(request)
    ]
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mine-data.json"'
    return response
