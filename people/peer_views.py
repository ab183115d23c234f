"""Peers: the coordinator's overview, profile, life cycle and availability; the peer's own page."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.access import login_required, require_organisation_role, role_required
from core.audit import log_access
from core.models import AuditKind, User
from core.selectors import access_log_for_person
from people import overview, peer_page, selectors, services
from people.access import PEER_ROLES, get_peer_for_user, own_peer, peers_visible_to
from people.forms import (
    EndForm,
    ExceptionForm,
    NewPeerForm,
    OverviewFilterForm,
    PauseForm,
    PeerForm,
    ResumeForm,
    StatusForm,
    weekly_formset,
)
from people.models import AvailabilityException, Peer, PeerStatus

PEERS_PER_PAGE = 50


def _crumbs(*items: tuple[Any, str]) -> list[dict[str, Any]]:
    return [{"label": label, "url": url} for label, url in items]


def _peer_crumbs(peer: Peer | None = None, *items: tuple[Any, str]) -> list[dict[str, Any]]:
    crumbs: list[tuple[Any, str]] = [(_("Peers"), reverse("people:peer_overview"))]
    if peer is not None:
        crumbs.append((peer.full_name, reverse("people:peer_detail", kwargs={"code": peer.code})))
    return _crumbs(*crumbs, *items)


def _refused(form: Any, refusal: services.PeerActionRefused) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal.message))


def _acting(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# --- The overview -------------------------------------------------------------------------------------


def _overview_queryset(request: HttpRequest, form: OverviewFilterForm) -> tuple[Any, str]:
    peers = form.filter(peers_visible_to(request))
    peers = overview.annotate_overview(peers)
    return overview.order_overview(peers, request.GET.get("sort", "name"))


def _headers(request: HttpRequest, sort: str) -> list[dict[str, Any]]:
    current_key = sort.lstrip("-")
    descending = sort.startswith("-")
    params = {k: v for k, v in request.GET.items() if k not in ("sort", "page")}
    headers = []
    options = overview.sort_options()
    columns: list[tuple[str, Any]] = [("name", _("Name"))] + [(c.key, c.label) for c in overview.overview_columns()]
    for key, label in columns:
        header: dict[str, Any] = {"key": key, "label": label, "url": "", "aria_sort": ""}
        if key in options:
            next_sort = f"-{key}" if key == current_key and not descending else key
            header["url"] = "?" + urlencode({**params, "sort": next_sort})
            if key == current_key:
                header["aria_sort"] = "descending" if descending else "ascending"
        headers.append(header)
    return headers


@role_required(*PEER_ROLES)
def peer_overview(request: HttpRequest) -> HttpResponse:
    """The coordinator's overview of the organisation's peers: the shared spreadsheet, replaced."""
    organisation = require_organisation_role(request, *PEER_ROLES)
    form = OverviewFilterForm(request.GET or None, organisation=organisation)
    peers, sort = _overview_queryset(request, form)
    page = Paginator(peers, PEERS_PER_PAGE).get_page(request.GET.get("page"))
    columns = overview.overview_columns()
    rows = [(peer, [overview.cell_for(c, peer) for c in columns]) for peer in page.object_list]
    status_counts = dict(
        Peer.objects.of(organisation).order_by().values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    # A search or filter is logged with its criterion (DOMAIN §10); a plain look at the list as a read.
    criteria = sorted((k, v) for k, v in request.GET.items() if k not in ("page", "sort") and v)
    log_access(
        actor=_acting(request),
        kind=AuditKind.SEARCH if criteria else AuditKind.READ,
        action="people.peer_overview.searched" if criteria else "people.peer_overview.read",
        organisation=organisation,
        purpose=gettext_noop("Coordination of peers"),
        criterion=urlencode(criteria)[:500],
        data={"codes": [str(p.code) for p, _cells in rows]},
        request=request,
    )
    export_params = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "people/peer_overview.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "headers": _headers(request, sort),
            "status_counts": [
                (label, status_counts[value]) for value, label in PeerStatus.choices if status_counts.get(value)
            ],
            "export_url": reverse("people:peer_overview_export")
            + ("?" + urlencode(export_params) if export_params else ""),
        },
    )


@role_required(*PEER_ROLES)
def peer_overview_export(request: HttpRequest) -> HttpResponse:
    """The overview, as filtered and sorted, as an Excel workbook."""
    organisation = require_organisation_role(request, *PEER_ROLES)
    form = OverviewFilterForm(request.GET or None, organisation=organisation)
    peers, _sort = _overview_queryset(request, form)
    columns = overview.overview_columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Peers")[:31])
    bold = Font(bold=True)
    header = [_("First name"), _("Last name"), _("E-mail"), _("Phone"), *[str(c.label) for c in columns], _("Flags")]
    header_cells = []
    for title in header:
        heading = WriteOnlyCell(sheet, value=str(title))
        heading.font = bold
        header_cells.append(heading)
    sheet.append(header_cells)
    count = 0
    for peer in peers:
        cells = [overview.cell_for(c, peer) for c in columns]
        flags = "; ".join(f"{c.label}: {cell.flag}" for c, cell in zip(columns, cells, strict=True) if cell.flag)
        row: list[Any] = [peer.first_name, peer.last_name, peer.email, peer.phone]
        for cell in cells:
            value = overview.excel_value(cell.value)
            if isinstance(value, date):
                written = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # openpyxl writes dates
                written.number_format = "DD.MM.YYYY HH:MM" if isinstance(value, datetime) else "DD.MM.YYYY"
                row.append(written)
            else:
                row.append(value)
        row.append(flags)
        sheet.append(row)
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    log_access(
        actor=_acting(request),
        kind=AuditKind.EXPORT,
        action="people.peer_overview.exported",
        organisation=organisation,
        purpose=gettext_noop("Coordination of peers"),
        criterion=urlencode(sorted(request.GET.items()))[:500],
        data={"rows": count},
        request=request,
    )
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="peers-{timezone.localdate():%Y-%m-%d}.xlsx"'
    return response


# --- One peer -----------------------------------------------------------------------------------------


@role_required(*PEER_ROLES)
def peer_create(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, *PEER_ROLES)
    form = NewPeerForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            peer = services.create_peer(
                organisation=organisation,
                acting_user=_acting(request),
                status=form.cleaned_data["status"],
                lived_experience_consent=form.cleaned_data["lived_experience_consent"],
                units=form.cleaned_data["units"],
                programmes=form.cleaned_data["programmes"],
                **form.profile_fields(),
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": peer.full_name})
            return redirect("people:peer_detail", code=peer.code)
    return render(
        request,
        "people/peer_form.html",
        {"form": form, "breadcrumbs": _peer_crumbs(None, (_("Register a peer"), ""))},
    )


@role_required(*PEER_ROLES)
def peer_access_log(request: HttpRequest, code: str) -> HttpResponse:
    """Produce the access log for a peer who asks who has looked them up (their application's reads too)."""
    peer = get_peer_for_user(request, code, purpose=gettext_noop("Produce the peer's access log"))
    entries = access_log_for_person(peer.code, services.peer_application_code(peer))[:500]
    return render(
        request,
        "people/access_log.html",
        {
            "peer": peer,
            "entries": entries,
            "breadcrumbs": _peer_crumbs(peer, (_("Access log"), "")),
        },
    )


@role_required(*PEER_ROLES)
def peer_detail(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_user(request, code, purpose=gettext_noop("Coordination of peers"))
    allowed = services.allowed_peer_statuses(peer)
    return render(
        request,
        "people/peer_detail.html",
        {
            "peer": peer,
            "history": selectors.status_history(peer),
            "slots": peer.availability.all(),
            "exceptions": peer.availability_exceptions.filter(ends_on__gte=timezone.localdate()),
            "units": peer.units.all(),
            "programmes": peer.programmes.all(),
            "can_pause": PeerStatus.PAUSED in allowed,
            "can_resume": peer.status == PeerStatus.PAUSED,
            "can_end": PeerStatus.ENDED in allowed,
            "other_statuses": [s for s in allowed if s not in (PeerStatus.PAUSED, PeerStatus.ENDED)]
            if peer.status != PeerStatus.PAUSED
            else [],
            "application": getattr(peer, "application", None),
            "breadcrumbs": _peer_crumbs(None, (peer.full_name, "")),
        },
    )


@role_required(*PEER_ROLES)
def peer_edit(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_user(request, code, purpose=gettext_noop("Correct the peer's profile"))
    form = PeerForm(request.POST or None, organisation=peer.organisation, peer=peer, initial=PeerForm.initial_for(peer))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_peer_profile(
                peer=peer,
                acting_user=_acting(request),
                lived_experience_consent=form.cleaned_data["lived_experience_consent"],
                units=form.cleaned_data["units"],
                programmes=form.cleaned_data["programmes"],
                **form.profile_fields(),
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("people:peer_detail", code=peer.code)
    return render(
        request,
        "people/peer_form.html",
        {"form": form, "peer": peer, "breadcrumbs": _peer_crumbs(peer, (_("Edit profile"), ""))},
    )


def _status_page(request: HttpRequest, peer: Peer, form: Any, *, title: str, button: str, **extra: Any) -> HttpResponse:
    return render(
        request,
        "people/peer_status_form.html",
        {
            "peer": peer,
            "form": form,
            "title": title,
            "button": button,
            "breadcrumbs": _peer_crumbs(peer, (title, "")),
            **extra,
        },
    )


@role_required(*PEER_ROLES)
def peer_pause(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_user(request, code, purpose=gettext_noop("Pause a peer"))
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pause_peer(
                peer=peer,
                reason=form.cleaned_data["reason"],
                expected_return=form.cleaned_data["expected_return"],
                acting_user=_acting(request),
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("%(name)s is on pause and gets no new citizens.") % {"name": peer.full_name})
            return redirect("people:peer_detail", code=peer.code)
    return _status_page(
        request,
        peer,
        form,
        title=_("Pause"),
        button=_("Pause"),
        lead=_("A peer on pause is not matched with new citizens. Courses already running and the history stay."),
    )


@role_required(*PEER_ROLES)
def peer_resume(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_user(request, code, purpose=gettext_noop("End a peer's pause"))
    form = ResumeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resume_peer(peer=peer, reason=form.cleaned_data["reason"], acting_user=_acting(request))
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("%(name)s is back from the pause.") % {"name": peer.full_name})
            return redirect("people:peer_detail", code=peer.code)
    return _status_page(request, peer, form, title=_("End the pause"), button=_("End the pause"))


@role_required(*PEER_ROLES)
def peer_end(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_user(request, code, purpose=gettext_noop("End a peer's time with the organisation"))
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_peer(
                peer=peer,
                reason=form.cleaned_data["reason"],
                ended_on=form.cleaned_data["ended_on"],
                acting_user=_acting(request),
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("%(name)s has ended.") % {"name": peer.full_name})
            return redirect("people:peer_detail", code=peer.code)
    return _status_page(
        request,
        peer,
        form,
        title=_("End"),
        button=_("End"),
        button_variant="warning",
        lead=_("The peer's history, agreements and education are kept. A reference can still be written."),
    )


@role_required(*PEER_ROLES)
def peer_status(request: HttpRequest, code: str) -> HttpResponse:
    """Move the peer on in the life cycle: applicant → in education → active."""
    peer = get_peer_for_user(request, code, purpose=gettext_noop("Change a peer's status"))
    allowed = [s for s in services.allowed_peer_statuses(peer) if s not in (PeerStatus.PAUSED, PeerStatus.ENDED)]
    if peer.status == PeerStatus.PAUSED:
        allowed = []
    form = StatusForm(request.POST or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_peer_status(
                peer=peer,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                acting_user=_acting(request),
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(
                request,
                _("%(name)s now has the status “%(status)s”.")
                % {"name": peer.full_name, "status": peer.get_status_display()},
            )
            return redirect("people:peer_detail", code=peer.code)
    return _status_page(request, peer, form, title=_("Change status"), button=_("Change status"), empty=not allowed)


@require_POST
@role_required(*PEER_ROLES)
def peer_invite(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_user(request, code, purpose=gettext_noop("Invite a peer to log in"))
    accept = request.build_absolute_uri(reverse("core:accept_invitation", kwargs={"token": "TOKEN"}))
    try:
        services.invite_peer_account(peer=peer, acting_user=_acting(request), accept_url_template=accept)
    except services.PeerActionRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, _("An invitation was sent to %(email)s.") % {"email": peer.email})
    return redirect("people:peer_detail", code=peer.code)


# --- Availability, for the coordinator and for the peer ------------------------------------------------


def _availability(
    request: HttpRequest, peer: Peer, *, own: bool, exception_form: ExceptionForm | None = None
) -> HttpResponse:
    if own:
        breadcrumbs = _crumbs((_("My page"), reverse("people:my_peer_page")), (_("My availability"), ""))
        save_url = reverse("people:my_availability")
        exception_url = reverse("people:my_exception_add")
    else:
        breadcrumbs = _peer_crumbs(peer, (_("Availability"), ""))
        save_url = reverse("people:peer_availability", kwargs={"code": peer.code})
        exception_url = reverse("people:peer_exception_add", kwargs={"code": peer.code})
    formset = weekly_formset(request.POST if request.method == "POST" and exception_form is None else None, peer=peer)
    if request.method == "POST" and exception_form is None and formset.is_valid():
        try:
            services.set_weekly_availability(peer=peer, slots=formset.slots(), acting_user=_acting(request))
        except services.PeerActionRefused as refusal:
            messages.error(request, str(refusal.message))
        else:
            messages.success(request, _("The weekly times are saved."))
            return redirect(save_url)
    exceptions = peer.availability_exceptions.filter(ends_on__gte=timezone.localdate())
    return render(
        request,
        "people/availability.html",
        {
            "peer": peer,
            "own": own,
            "formset": formset,
            "exception_form": exception_form or ExceptionForm(),
            "exceptions": exceptions,
            "save_url": save_url,
            "exception_url": exception_url,
            "breadcrumbs": breadcrumbs,
        },
    )


def _add_exception(request: HttpRequest, peer: Peer, *, own: bool) -> HttpResponse:
    form = ExceptionForm(request.POST)
    if form.is_valid():
        try:
            services.add_availability_exception(
                peer=peer,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                available=form.cleaned_data["available"],
                note=form.cleaned_data["note"],
                acting_user=_acting(request),
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("The period is saved."))
            if own:
                return redirect("people:my_availability")
            return redirect("people:peer_availability", code=peer.code)
    return _availability(request, peer, own=own, exception_form=form)


def _remove_exception(request: HttpRequest, peer: Peer, code: str) -> None:
    exception = get_object_or_404(AvailabilityException, peer=peer, code=code)
    services.remove_availability_exception(exception=exception, acting_user=_acting(request))
    messages.success(request, _("The period is removed."))


@role_required(*PEER_ROLES)
def peer_availability(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_user(request, code, purpose=gettext_noop("Plan with a peer's availability"))
    return _availability(request, peer, own=False)


@require_POST
@role_required(*PEER_ROLES)
def peer_exception_add(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_peer_for_user(request, code, purpose=gettext_noop("Plan with a peer's availability"))
    return _add_exception(request, peer, own=False)


@require_POST
@role_required(*PEER_ROLES)
def peer_exception_remove(request: HttpRequest, code: str, exception_code: str) -> HttpResponse:
    peer = get_peer_for_user(request, code, purpose=gettext_noop("Plan with a peer's availability"))
    _remove_exception(request, peer, exception_code)
    return redirect("people:peer_availability", code=peer.code)


# --- The peer's own page --------------------------------------------------------------------------------


def _own_peer_or_404(request: HttpRequest) -> Peer:
    peer = own_peer(request)
    if peer is None:
        raise Http404
    return peer


@login_required
def my_peer_page(request: HttpRequest) -> HttpResponse:
    """The peer's own page: profile, availability, pause, and what the other apps add."""
    peer = own_peer(request)
    context: dict[str, Any] = {"peer": peer}
    if peer is not None:
        context.update(
            {
                "slots": peer.availability.all(),
                "exceptions": peer.availability_exceptions.filter(ends_on__gte=timezone.localdate()),
                "can_pause": PeerStatus.PAUSED in services.allowed_peer_statuses(peer),
                "can_resume": selectors.paused_by_self(peer),
                "sections": peer_page.render_sections(peer, request),
                "resume_form": ResumeForm(),
            }
        )
    return render(request, "people/my_peer_page.html", context)


@login_required
def my_availability(request: HttpRequest) -> HttpResponse:
    return _availability(request, _own_peer_or_404(request), own=True)


@require_POST
@login_required
def my_exception_add(request: HttpRequest) -> HttpResponse:
    return _add_exception(request, _own_peer_or_404(request), own=True)


@require_POST
@login_required
def my_exception_remove(request: HttpRequest, exception_code: str) -> HttpResponse:
    _remove_exception(request, _own_peer_or_404(request), exception_code)
    return redirect("people:my_availability")


@login_required
def my_pause(request: HttpRequest) -> HttpResponse:
    """The peer announces a pause themselves; it takes effect at once and the coordinators are told."""
    peer = _own_peer_or_404(request)
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pause_peer(
                peer=peer,
                reason=form.cleaned_data["reason"],
                expected_return=form.cleaned_data["expected_return"],
                acting_user=_acting(request),
            )
        except services.PeerActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(
                request, _("Your pause is registered. Your coordinator has been told. Take good care of yourself.")
            )
            return redirect("people:my_peer_page")
    return render(
        request,
        "people/my_pause.html",
        {
            "peer": peer,
            "form": form,
            "can_pause": PeerStatus.PAUSED in services.allowed_peer_statuses(peer),
            "breadcrumbs": _crumbs((_("My page"), reverse("people:my_peer_page")), (_("Take a pause"), "")),
        },
    )


@require_POST
@login_required
def my_resume(request: HttpRequest) -> HttpResponse:
    """A peer who announced their own pause may also end it."""
    peer = _own_peer_or_404(request)
    if not selectors.paused_by_self(peer):
        messages.error(request, _("Your coordinator started this pause. Talk to them about coming back."))
        return redirect("people:my_peer_page")
    form = ResumeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.resume_peer(peer=peer, reason=reason, acting_user=_acting(request))
    messages.success(request, _("Welcome back. Your coordinator has been told."))
    return redirect("people:my_peer_page")
