"""Pages of the wards app: ward settings, group sites, shift plans, the poster, a peer's shifts and feed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import acting_user, organisation_of, role_required
from core.models import Role, UnitKind
from courses import ical
from wards import access, pdf, selectors, services
from wards.access import EDIT_ROLES, READ_ROLES, WARD_READ_ROLES
from wards.errors import WardRefused
from wards.forms import BlockedTimeForm, GroupSiteForm, PlanForm, ShiftForm, WardSettingsForm, next_monday
from wards.models import BlockedTime, GroupSite, Shift, ShiftCalendar, ShiftPlan
from wards.texts import describe_reason


def refused(request: HttpRequest, error: WardRefused, form: Form | None = None) -> None:
    """Show a refusal next to the field it concerns, or at the top of the form or page."""
    if form is not None and error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    elif form is not None:
        # The summary lists the refusal and then each broken rule on its own line.
        form.add_error(None, [error.message, *error.details])
    else:
        messages.error(request, " ".join([error.message, *error.details]))


# --------------------------------------------------------------------------------------------------
# Wards and their settings


@role_required(*WARD_READ_ROLES)
def ward_list(request: HttpRequest) -> HttpResponse:
    wards = list(
        access.wards_visible_to(request)
        .filter(active=True)
        .select_related("ward_settings__preferred_peer")
        .prefetch_related("blocked_times")
        .order_by("name")
    )
    rows = [(ward, selectors.settings_of(ward)) for ward in wards]
    return render(request, "wards/ward_list.html", {"rows": rows, "can_edit": access.can_edit(request)})


@role_required(*WARD_READ_ROLES)
def ward_detail(request: HttpRequest, code: str) -> HttpResponse:
    ward = access.get_ward_for_user(request, code)
    plans = access.plans_visible_to(request).published().filter(shifts__ward=ward).distinct()[:8]
    return render(
        request,
        "wards/ward_detail.html",
        {
            "ward": ward,
            "settings": selectors.settings_of(ward),
            "blocks": BlockedTime.objects.filter(ward=ward).order_by("weekday", "start"),
            "plans": plans,
            "can_edit": access.can_edit(request),
        },
    )


@role_required(*EDIT_ROLES)
def ward_settings_edit(request: HttpRequest, code: str) -> HttpResponse:
    ward = access.get_ward_for_editor(request, code)
    current = selectors.settings_of(ward)
    initial = {
        "need_hours": current.need_hours,
        "shift_hours": current.shift_hours,
        "preferred_peer": current.preferred_peer_id,
        "site_name": current.site_name,
        "site_address": current.site_address,
    }
    form = WardSettingsForm(request.POST or None, initial=initial, organisation=ward.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_ward_settings(ward=ward, acting_user=acting_user(request), **data)
        except WardRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("The ward settings are saved."))
            return redirect("wards:ward_detail", code=ward.code)
    return render(request, "wards/form.html", _form_context(form, _("Ward settings"), ward, ward_cancel=ward))


def _form_context(form: Form, title: str, caption: Any, *, ward_cancel: Any = None, cancel: str = "") -> dict[str, Any]:
    if ward_cancel is not None:
        cancel = reverse("wards:ward_detail", kwargs={"code": ward_cancel.code})
    return {"form": form, "title": title, "caption": caption, "cancel": cancel}


@role_required(*EDIT_ROLES)
def block_add(request: HttpRequest, code: str) -> HttpResponse:
    ward = access.get_ward_for_editor(request, code)
    form = BlockedTimeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_blocked_time(ward=ward, acting_user=acting_user(request), **form.cleaned_data)
        except WardRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("The blocked time is added."))
            return redirect("wards:ward_detail", code=ward.code)
    return render(request, "wards/form.html", _form_context(form, _("Add a blocked time"), ward, ward_cancel=ward))


@role_required(*EDIT_ROLES)
def block_edit(request: HttpRequest, code: str) -> HttpResponse:
    block = access.get_block_for_editor(request, code)
    initial = {
        "weekday": block.weekday,
        "start": block.start,
        "end": block.end,
        "kind": block.kind,
        "label": block.label,
    }
    form = BlockedTimeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_blocked_time(block=block, acting_user=acting_user(request), **form.cleaned_data)
        except WardRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("The blocked time is changed."))
            return redirect("wards:ward_detail", code=block.ward.code)
    return render(
        request, "wards/form.html", _form_context(form, _("Change a blocked time"), block.ward, ward_cancel=block.ward)
    )


@require_POST
@role_required(*EDIT_ROLES)
def block_remove(request: HttpRequest, code: str) -> HttpResponse:
    block = access.get_block_for_editor(request, code)
    ward = block.ward
    services.remove_blocked_time(block=block, acting_user=acting_user(request))
    messages.success(request, _("The blocked time is removed."))
    return redirect("wards:ward_detail", code=ward.code)


# --------------------------------------------------------------------------------------------------
# Group sites


@role_required(*READ_ROLES)
def group_sites(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    sites = GroupSite.objects.filter(organisation=organisation).select_related("unit").prefetch_related("peers")
    return render(request, "wards/group_sites.html", {"sites": sites, "can_edit": access.can_edit(request)})


@role_required(*EDIT_ROLES)
def group_site_add(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = GroupSiteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_group_site(
                organisation=organisation,
                site=None,
                acting_user=acting_user(request),
                **{**data, "peers": list(data["peers"])},
            )
        except WardRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("The group site is added."))
            return redirect("wards:group_sites")
    context = _form_context(form, _("Add a group site"), _("District psychiatry"), cancel=reverse("wards:group_sites"))
    return render(request, "wards/form.html", context)


@role_required(*EDIT_ROLES)
def group_site_edit(request: HttpRequest, code: str) -> HttpResponse:
    site = access.get_group_site_for_editor(request, code)
    initial = {
        "name": site.name,
        "unit": site.unit_id,
        "address": site.address,
        "weekday": site.weekday,
        "start": site.start,
        "end": site.end,
        "note": site.note,
        "peers": list(site.peers.values_list("pk", flat=True)),
    }
    form = GroupSiteForm(request.POST or None, initial=initial, organisation=site.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_group_site(
                organisation=site.organisation,
                site=site,
                acting_user=acting_user(request),
                **{**data, "peers": list(data["peers"])},
            )
        except WardRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("The group site is saved."))
            return redirect("wards:group_sites")
    context = _form_context(form, _("Change a group site"), site.name, cancel=reverse("wards:group_sites"))
    return render(request, "wards/form.html", context)


@require_POST
@role_required(*EDIT_ROLES)
def group_site_remove(request: HttpRequest, code: str) -> HttpResponse:
    site = access.get_group_site_for_editor(request, code)
    services.remove_group_site(site=site, acting_user=acting_user(request))
    messages.success(request, _("The group site is removed."))
    return redirect("wards:group_sites")


# --------------------------------------------------------------------------------------------------
# Shift plans


@role_required(*WARD_READ_ROLES)
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = access.plans_visible_to(request).prefetch_related("shifts")
    can_edit = access.can_edit(request)
    form = PlanForm(request.POST or None, initial={"week_start": next_monday(), "weeks": 1}) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                plan = services.create_plan(
                    organisation=organisation_of(request), acting_user=acting_user(request), **form.cleaned_data
                )
            except WardRefused as error:
                refused(request, error, form)
            else:
                if plan.unmet:
                    messages.warning(request, _("The plan is generated, but some wards lack hours; see below."))
                else:
                    messages.success(request, _("The plan is generated and covers every ward's hours."))
                return redirect("wards:plan_detail", code=plan.code)
    return render(request, "wards/plan_list.html", {"plans": plans, "form": form, "can_edit": can_edit})


def _unmet_view(plan: ShiftPlan) -> list[dict[str, Any]]:
    """The plan's unmet rows with sentences in the reader's language (rows written by scripts may lack some keys)."""
    rows = []
    for row in plan.unmet or []:
        texts = [describe_reason(reason) for reason in row.get("reasons", [])]
        if not texts and row.get("message"):
            texts = [str(row["message"])]
        week_start = row.get("week_start")
        if not week_start and isinstance(row.get("week"), int):
            week_start = (plan.week_start + timedelta(days=7 * row["week"])).isoformat()
        elif not week_start:
            week_start = str(row.get("week") or plan.week_start.isoformat())
        rows.append({**row, "week_start": week_start, "texts": texts})
    return rows


@role_required(*WARD_READ_ROLES)
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_plan_for_reader(request, code)
    wards = list(access.wards_visible_to(request).filter(active=True).select_related("ward_settings").order_by("name"))
    grids = selectors.plan_grid(plan, wards=wards if not access.has_role(request, *READ_ROLES) else None)
    visible = {str(ward.code) for ward in wards}
    unmet = [row for row in _unmet_view(plan) if row.get("ward") in visible]
    shift_hours, differing = selectors.plan_shift_hours(selectors.settings_of(ward) for ward in wards)
    return render(
        request,
        "wards/plan_detail.html",
        {
            "plan": plan,
            "grids": grids,
            "unmet": unmet,
            "wards": wards,
            "can_edit": access.can_edit(request),
            "shift_hours": shift_hours,
            "differing": differing if plan.status == ShiftPlan.Status.DRAFT else [],
        },
    )


@require_POST
@role_required(*EDIT_ROLES)
def plan_regenerate(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_plan_for_editor(request, code)
    try:
        plan = services.regenerate_plan(plan=plan, acting_user=acting_user(request))
    except WardRefused as error:
        refused(request, error)
    else:
        messages.success(request, _("The plan is generated again."))
    return redirect("wards:plan_detail", code=plan.code)


@require_POST
@role_required(*EDIT_ROLES)
def plan_publish(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_plan_for_editor(request, code)
    try:
        services.publish_plan(plan=plan, acting_user=acting_user(request))
    except WardRefused as error:
        refused(request, error)
    else:
        messages.success(request, _("The plan is published. The peers get their shifts by e-mail."))
    return redirect("wards:plan_detail", code=plan.code)


@require_POST
@role_required(*EDIT_ROLES)
def plan_delete(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_plan_for_editor(request, code)
    try:
        services.delete_plan(plan=plan, acting_user=acting_user(request))
    except WardRefused as error:
        refused(request, error)
        return redirect("wards:plan_detail", code=plan.code)
    messages.success(request, _("The draft is deleted."))
    return redirect("wards:plan_list")


def _change(form: ShiftForm) -> services.ShiftChange:
    data = form.cleaned_data
    return services.ShiftChange(
        ward=data["ward"], peer=data["peer"], date=data["date"], start=data["start"], end=data["end"]
    )


@role_required(*EDIT_ROLES)
def shift_add(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_plan_for_editor(request, code)
    initial: dict[str, Any] = {"date": plan.week_start}
    ward_code = request.GET.get("afsnit", "")
    if _is_uuid(ward_code):
        ward = plan.organisation.units.filter(code=ward_code, kind=UnitKind.WARD).first()
        if ward is not None:
            initial["ward"] = ward.pk
    try:
        day = date.fromisoformat(request.GET.get("dato", ""))
    except ValueError:
        day = None
    if day is not None and plan.week_start <= day <= plan.week_end:
        initial["date"] = day
    form = ShiftForm(request.POST or None, initial=initial, organisation=plan.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_shift(plan=plan, change=_change(form), acting_user=acting_user(request))
        except WardRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("The shift is added."))
            return redirect("wards:plan_detail", code=plan.code)
    cancel = reverse("wards:plan_detail", kwargs={"code": plan.code})
    return render(request, "wards/form.html", _form_context(form, _("Add a shift"), plan_caption(plan), cancel=cancel))


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def plan_caption(plan: ShiftPlan) -> str:
    return _("Shift plan %(first)s–%(last)s") % {
        "first": f"{plan.week_start:%d.%m.%Y}",
        "last": f"{plan.week_end:%d.%m.%Y}",
    }


@role_required(*EDIT_ROLES)
def shift_edit(request: HttpRequest, code: str) -> HttpResponse:
    shift = access.get_shift_for_editor(request, code)
    initial = {"ward": shift.ward_id, "peer": shift.peer_id, "date": shift.date, "start": shift.start, "end": shift.end}
    form = ShiftForm(request.POST or None, initial=initial, organisation=shift.plan.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_shift(shift=shift, change=_change(form), acting_user=acting_user(request))
        except WardRefused as error:
            refused(request, error, form)
        else:
            messages.success(request, _("The shift is changed."))
            return redirect("wards:plan_detail", code=shift.plan.code)
    cancel = reverse("wards:plan_detail", kwargs={"code": shift.plan.code})
    context = _form_context(form, _("Change a shift"), plan_caption(shift.plan), cancel=cancel)
    context["remove_url"] = reverse("wards:shift_remove", kwargs={"code": shift.code})
    return render(request, "wards/form.html", context)


@require_POST
@role_required(*EDIT_ROLES)
def shift_remove(request: HttpRequest, code: str) -> HttpResponse:
    shift = access.get_shift_for_editor(request, code)
    plan = shift.plan
    try:
        services.remove_shift(shift=shift, acting_user=acting_user(request))
    except WardRefused as error:
        refused(request, error)
    else:
        messages.success(request, _("The shift is removed."))
    return redirect("wards:plan_detail", code=plan.code)


@role_required(*WARD_READ_ROLES)
def poster_pdf(request: HttpRequest, code: str, ward_code: str, week: int) -> HttpResponse:
    plan = access.get_plan_for_reader(request, code)
    ward = access.get_ward_for_user(request, ward_code)
    if week < 1 or week > plan.weeks:
        raise Http404
    document = pdf.poster_pdf(plan=plan, ward=ward, week=week - 1)
    response = HttpResponse(document, content_type="application/pdf")
    monday = plan.week_start + timedelta(days=7 * (week - 1))
    response["Content-Disposition"] = f'inline; filename="{pdf.poster_filename(ward, monday)}"'
    return response


@role_required(*WARD_READ_ROLES)
def posters_pdf(request: HttpRequest, code: str, week: int) -> HttpResponse:
    """Every ward's poster for one week of the plan (the wards the reader may see), a page each."""
    plan = access.get_plan_for_reader(request, code)
    if week < 1 or week > plan.weeks:
        raise Http404
    wards = list(access.wards_visible_to(request).filter(active=True).order_by("name"))
    document = pdf.posters_pdf(plan=plan, wards=wards, week=week - 1)
    response = HttpResponse(document, content_type="application/pdf")
    monday = plan.week_start + timedelta(days=7 * (week - 1))
    response["Content-Disposition"] = f'inline; filename="{pdf.posters_filename(monday)}"'
    return response


# --------------------------------------------------------------------------------------------------
# The peer's own shifts and calendar


def shift_page_url(shift: Shift) -> str:
    """The shift page on the peer's phone (the conversations app) when it exists, else our own."""
    try:
        return reverse("conversations:shift", args=[shift.code])
    except NoReverseMatch:
        return reverse("wards:my_shift", kwargs={"code": shift.code})


@role_required(Role.PEER)
def my_shifts(request: HttpRequest) -> HttpResponse:
    peer = access.own_peer_or_none(request)
    if peer is None:  # a peer login not yet linked to a peer profile: say so instead of a dead end
        return render(request, "wards/my_shifts.html", {"peer": None, "shifts": []})
    today = timezone.localdate()
    shifts = [(shift, shift_page_url(shift)) for shift in selectors.upcoming_shifts_of(peer, today)[:40]]
    calendar = ShiftCalendar.objects.filter(peer=peer).first()
    feed = _feed_url(request, calendar)
    return render(
        request,
        "wards/my_shifts.html",
        {
            "shifts": shifts,
            "today": today,
            "peer": peer,
            "calendar_url": feed,
            "webcal_url": "webcal://" + feed.split("://", 1)[1] if feed else "",
        },
    )


def _feed_url(request: HttpRequest, calendar: ShiftCalendar | None) -> str:
    if calendar is None:
        return ""
    return request.build_absolute_uri(reverse("wards:calendar_feed", kwargs={"token": calendar.token}))


@role_required(Role.PEER)
def my_shift(request: HttpRequest, code: str) -> HttpResponse:
    shift = access.get_own_shift(request, code)
    settings = selectors.settings_of(shift.ward)
    return render(request, "wards/my_shift.html", {"shift": shift, "settings": settings})


@require_POST
@role_required(Role.PEER)
def my_calendar(request: HttpRequest) -> HttpResponse:
    """Create the secret calendar address, or renew it (the old one stops working)."""
    peer = access.own_peer(request)
    if request.POST.get("renew") and ShiftCalendar.objects.filter(peer=peer).exists():
        services.renew_calendar_token(peer=peer, acting_user=acting_user(request))
        messages.success(request, _("Your calendar has a new address. The old one no longer works."))
    else:
        services.calendar_of(peer=peer)
        messages.success(request, _("Your calendar address is ready. Add it to your phone's calendar."))
    return redirect("wards:my_shifts")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The peer's published shifts as iCal, for calendar apps; the secret token is the only key."""
    calendar = get_object_or_404(ShiftCalendar.objects.select_related("peer"), token=token)
    peer = calendar.peer
    since = timezone.localdate() - timedelta(days=60)
    shifts = Shift.objects.published().filter(peer=peer, date__gte=since).select_related("ward__ward_settings")
    events = []
    for shift in shifts.order_by("date", "start"):
        settings = selectors.settings_of(shift.ward)
        place = ", ".join(p for p in (shift.ward.name, settings.site_address or shift.ward.address) if p)
        events.append(
            ical.Event(
                uid=f"{shift.code}@brobygger-vagt",
                start=shift.starts_at,
                end=shift.ends_at,
                summary=_("Peer shift: %(ward)s") % {"ward": shift.ward.name},
                location=place,
                url=request.build_absolute_uri(shift_page_url(shift)),
            )
        )
    body = ical.calendar(events, name=_("My peer shifts"), now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="vagter.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
