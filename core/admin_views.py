"""The organisation administrator's pages: units, programmes, users and roles, the audit log, retention."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from core import retention, selectors, services
from core.access import (
    get_programme_for_admin,
    get_unit_for_admin,
    require_organisation_role,
    role_required,
    user_in_organisation,
)
from core.admin_forms import (
    AddRoleForm,
    AuditSearchForm,
    InviteForm,
    ProgrammeCreateForm,
    ProgrammeSettingsForm,
    RetentionForm,
    UnitForm,
)
from core.audit import log_access
from core.models import AuditKind, Invitation, Membership, Programme, Role, Unit

ADMIN = Role.ADMINISTRATOR


@role_required(ADMIN)
def unit_list(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, ADMIN)
    units = Unit.objects.of(organisation).order_by("name")
    return render(request, "core/admin/unit_list.html", {"units": units})


@role_required(ADMIN)
def unit_create(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, ADMIN)
    form = UnitForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        unit = services.create_unit(organisation=organisation, acting_user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("The unit %(name)s was created.") % {"name": unit.name})
        return redirect("core:unit_list")
    return render(request, "core/admin/unit_form.html", {"form": form})


@role_required(ADMIN)
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for_admin(request, code)
    form = UnitForm(request.POST or None, instance=unit, organisation=unit.organisation)
    if request.method == "POST" and form.is_valid():
        services.update_unit(unit=Unit.objects.get(pk=unit.pk), acting_user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("The unit was saved."))
        return redirect("core:unit_list")
    return render(request, "core/admin/unit_form.html", {"form": form, "unit": unit})


@role_required(ADMIN)
def programme_list(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, ADMIN)
    programmes = (
        Programme.objects.of(organisation).select_related("partnership").prefetch_related("units").order_by("name")
    )
    return render(request, "core/admin/programme_list.html", {"programmes": programmes})


@role_required(ADMIN)
def programme_create(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, ADMIN)
    form = ProgrammeCreateForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        programme = services.create_programme(
            organisation=organisation,
            name=form.cleaned_data["name"],
            model=form.cleaned_data["model"],
            description=form.cleaned_data["description"],
            partnership=form.cleaned_data["partnership"],
            units=list(form.cleaned_data["units"]),
            acting_user=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("The programme was created with the default settings of its model."))
        return redirect("core:programme_edit", code=programme.code)
    return render(request, "core/admin/programme_create.html", {"form": form})


@role_required(ADMIN)
def programme_edit(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme_for_admin(request, code)
    form = ProgrammeSettingsForm(request.POST or None, instance=programme, organisation=programme.organisation)
    if request.method == "POST" and form.is_valid():
        services.update_programme(
            programme=Programme.objects.get(pk=programme.pk),
            acting_user=request.user,  # type: ignore[arg-type]
            settings_values=form.settings_values(),
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            partnership=form.cleaned_data["partnership"],
            active=form.cleaned_data["active"],
            units=list(form.cleaned_data["units"]),
        )
        messages.success(request, _("The programme's settings were saved."))
        return redirect("core:programme_list")
    return render(request, "core/admin/programme_form.html", {"form": form, "programme": programme})


@role_required(ADMIN)
def user_list(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, ADMIN)
    users = selectors.users_of(organisation)
    invitations = Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True).select_related("unit")
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "core/admin/user_list.html", {"page_obj": page, "invitations": invitations})


@role_required(ADMIN)
def user_invite(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, ADMIN)
    form = InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        accept = request.build_absolute_uri(reverse("core:accept_invitation", kwargs={"token": "TOKEN"}))
        services.invite_user(
            organisation=organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            unit=form.cleaned_data["unit"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            acting_user=request.user,  # type: ignore[arg-type]
            accept_url_template=accept,
        )
        messages.success(request, _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("core:user_list")
    return render(request, "core/admin/user_invite.html", {"form": form})


def _open_invitation(request: HttpRequest, code: str) -> Invitation:
    """An invitation of the administrator's organisation that is not yet accepted; 404 otherwise."""
    organisation = require_organisation_role(request, ADMIN)
    return get_object_or_404(Invitation, code=code, organisation=organisation, accepted_at__isnull=True)


@require_POST
@role_required(ADMIN)
def invitation_resend(request: HttpRequest, code: str) -> HttpResponse:
    invitation = _open_invitation(request, code)
    accept = request.build_absolute_uri(reverse("core:accept_invitation", kwargs={"token": "TOKEN"}))
    services.resend_invitation(invitation=invitation, acting_user=request.user, accept_url_template=accept)  # type: ignore[arg-type]
    messages.success(request, _("The invitation was sent again to %(email)s.") % {"email": invitation.email})
    return redirect("core:user_list")


@require_POST
@role_required(ADMIN)
def invitation_cancel(request: HttpRequest, code: str) -> HttpResponse:
    invitation = _open_invitation(request, code)
    services.cancel_invitation(invitation=invitation, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect("core:user_list")


@role_required(ADMIN)
def user_detail(request: HttpRequest, code: str) -> HttpResponse:
    person = user_in_organisation(request, code)
    organisation = require_organisation_role(request, ADMIN)
    memberships = Membership.objects.filter(user=person, organisation=organisation, active=True).select_related("unit")
    form = AddRoleForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.add_membership(
            user=person,
            organisation=organisation,
            role=form.cleaned_data["role"],
            unit=form.cleaned_data["unit"],
            acting_user=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("The role was added."))
        return redirect("core:user_detail", code=person.code)
    return render(request, "core/admin/user_detail.html", {"person": person, "memberships": memberships, "form": form})


@require_POST
@role_required(ADMIN)
def membership_end(request: HttpRequest, code: str) -> HttpResponse:
    organisation = require_organisation_role(request, ADMIN)
    membership = get_object_or_404(Membership, code=code, organisation=organisation, active=True)
    if membership.user_id == request.user.pk and membership.role == ADMIN:
        messages.error(request, _("You cannot remove your own administrator role."))
    else:
        services.end_membership(membership=membership, acting_user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The role was removed."))
    return redirect("core:user_detail", code=membership.user.code)


@role_required(ADMIN)
def audit_log(request: HttpRequest) -> HttpResponse:
    """Search the organisation's audit log; the search itself is logged with its criterion."""
    organisation = require_organisation_role(request, ADMIN)
    form = AuditSearchForm(request.GET or None)
    entries = selectors.search_audit_log(organisation=organisation)
    if form.is_bound and form.is_valid():
        criteria = {k: v for k, v in form.cleaned_data.items() if v}
        entries = selectors.search_audit_log(organisation=organisation, **form.cleaned_data)
        if criteria:
            log_access(
                actor=request.user,  # type: ignore[arg-type]
                kind=AuditKind.SEARCH,
                action="core.audit.searched",
                organisation=organisation,
                criterion=", ".join(f"{k}={v}" for k, v in criteria.items()),
                purpose=gettext_noop("Audit log review"),
                request=request,
            )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/admin/audit_log.html", {"form": form, "page_obj": page})


@role_required(ADMIN)
def retention_periods(request: HttpRequest) -> HttpResponse:
    """How long the organisation keeps each kind of data before the daily job deletes it."""
    organisation = require_organisation_role(request, ADMIN)
    form = RetentionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        retention.set_retention_periods(
            organisation=organisation,
            acting_user=request.user,  # type: ignore[arg-type]
            periods=form.periods(),
        )
        messages.success(request, _("The retention periods were saved."))
        return redirect("core:retention_periods")
    return render(request, "core/admin/retention.html", {"form": form})
