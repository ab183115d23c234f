"""Peer education pages: the module catalogue, runs and enrolment, each peer's plan, the qualification rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from core.access import acting_user, require_organisation_role, role_required
from core.audit import log_access
from core.models import AuditKind, Role
from education import selectors, services
from education.access import (
    COORDINATOR_ROLES,
    get_checklist_item_for_peer,
    get_completion_for_user,
    get_enrolment_for_user,
    get_module_for_user,
    get_peer_for_coordinator,
    get_run_for_user,
    own_peer_record,
)
from education.annotations import annotated_deadline, annotated_roles
from education.errors import EducationRefused
from education.forms import (
    CompletionForm,
    EnrolForm,
    EnrolOnRunForm,
    ModuleForm,
    PolicyForm,
    RecognisedCompletionForm,
    RuleForm,
    RunForm,
    TickForm,
)
from education.models import (
    EducationModule,
    Enrolment,
    EnrolmentStatus,
    ModuleKind,
    ModuleRun,
    QualificationRule,
    QualifiedRoleChoices,
)
from people.models import Peer

PEERS_PER_PAGE = 50


def _crumbs(*items: tuple[Any, str]) -> list[dict[str, Any]]:
    return [{"label": label, "url": url} for label, url in items]


def _education_crumb() -> tuple[Any, str]:
    return (_("Education"), reverse("education:catalogue"))


def _refuse(form: Any, refusal: EducationRefused) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal.message))


# --- The catalogue -----------------------------------------------------------------------------------------------


@role_required(*COORDINATOR_ROLES)
def catalogue(request: HttpRequest) -> HttpResponse:
    """The organisation's module catalogue with the runs from today on."""
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    modules = selectors.catalogue(organisation)
    return render(
        request,
        "education/catalogue.html",
        {
            "modules": modules,
            "has_rules": QualificationRule.objects.filter(organisation=organisation).exists(),
            "breadcrumbs": _crumbs((_("Education"), "")),
        },
    )


@require_POST
@role_required(*COORDINATOR_ROLES)
def set_up(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    created = services.set_up_education(organisation=organisation, acting_user=acting_user(request))
    if created:
        messages.success(request, _("The modules and rules from the peer-education descriptions are ready to adjust."))
    else:
        messages.info(request, _("Your catalogue and rules already had everything; nothing was added."))
    return redirect("education:catalogue")


@role_required(*COORDINATOR_ROLES)
def module_create(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    initial = {"kind": request.GET.get("kind", ModuleKind.MODULE)}
    form = ModuleForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            module = services.create_module(
                organisation=organisation,
                name=data["name"],
                kind=data["kind"],
                description=data["description"],
                duration=data["duration"],
                default_capacity=data["default_capacity"],
                position=data["position"],
                active=data["active"],
                mandatory_for=data["mandatory_for"],
                elective_for=data["elective_for"],
                offered_months=data["offered_months"],
                acting_user=acting_user(request),
            )
            if module.is_checklist:
                services.set_checklist_items(
                    module=module, texts=form.checklist_texts(), acting_user=acting_user(request)
                )
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, _("The module is added to the catalogue."))
            return redirect("education:module_detail", code=module.code)
    return render(
        request,
        "education/module_form.html",
        {"form": form, "breadcrumbs": _crumbs(_education_crumb(), (_("New module"), ""))},
    )


@role_required(*COORDINATOR_ROLES)
def module_detail(request: HttpRequest, code: Any) -> HttpResponse:
    module = get_module_for_user(request, code)
    return render(
        request,
        "education/module_detail.html",
        {
            "module": module,
            "runs": selectors.runs_of(module),
            "requirements": module.track_requirements.order_by("track"),
            "checklist": module.checklist_items.all(),
            "breadcrumbs": _crumbs(_education_crumb(), (module.name, "")),
        },
    )


@role_required(*COORDINATOR_ROLES)
def module_edit(request: HttpRequest, code: Any) -> HttpResponse:
    module = get_module_for_user(request, code)
    form = ModuleForm(request.POST or None, instance=module, organisation=module.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            k: data[k]
            for k in (
                "name",
                "kind",
                "description",
                "duration",
                "default_capacity",
                "position",
                "active",
                "offered_months",
            )
        }
        try:
            module = services.update_module(
                module=EducationModule.objects.get(pk=module.pk),
                mandatory_for=data["mandatory_for"],
                elective_for=data["elective_for"],
                acting_user=acting_user(request),
                **fields,
            )
            if module.is_checklist:
                services.set_checklist_items(
                    module=module, texts=form.checklist_texts(), acting_user=acting_user(request)
                )
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, _("The module is saved."))
            return redirect("education:module_detail", code=module.code)
    return render(
        request,
        "education/module_form.html",
        {
            "form": form,
            "module": module,
            "breadcrumbs": _crumbs(
                _education_crumb(),
                (module.name, reverse("education:module_detail", kwargs={"code": module.code})),
                (_("Edit"), ""),
            ),
        },
    )


# --- Runs and enrolment -------------------------------------------------------------------------------------------


def _run_crumbs(run: ModuleRun, *items: tuple[Any, str]) -> list[dict[str, Any]]:
    module = run.module
    return _crumbs(
        _education_crumb(),
        (module.name, reverse("education:module_detail", kwargs={"code": module.code})),
        (
            formats.date_format(run.starts_on, "SHORT_DATE_FORMAT"),
            reverse("education:run_detail", kwargs={"code": run.code}),
        ),
        *items,
    )


def _warn_outside_offered_months(request: HttpRequest, module: EducationModule, starts_on: date) -> None:
    """Guidance, not a rule: say so when a run starts outside the months the module is usually offered."""
    if not module.is_offered_in(starts_on.month):
        messages.warning(
            request,
            _("%(module)s is usually offered in %(months)s; this run starts in %(month)s.")
            % {
                "module": module.name,
                "months": module.offered_months_text,
                "month": formats.date_format(starts_on, "F"),
            },
        )


@role_required(*COORDINATOR_ROLES)
def run_create(request: HttpRequest, code: Any) -> HttpResponse:
    module = get_module_for_user(request, code)
    if module.is_checklist:
        raise Http404
    form = RunForm(request.POST or None, initial={"capacity": module.default_capacity})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.create_run(
                module=module,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                capacity=data["capacity"],
                place=data["place"],
                note=data["note"],
                acting_user=acting_user(request),
            )
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, _("The run is created. You can enrol peers now."))
            _warn_outside_offered_months(request, module, run.starts_on)
            return redirect("education:run_detail", code=run.code)
    return render(
        request,
        "education/run_form.html",
        {
            "form": form,
            "module": module,
            "breadcrumbs": _crumbs(
                _education_crumb(),
                (module.name, reverse("education:module_detail", kwargs={"code": module.code})),
                (_("New run"), ""),
            ),
        },
    )


@role_required(*COORDINATOR_ROLES)
def run_edit(request: HttpRequest, code: Any) -> HttpResponse:
    run = get_run_for_user(request, code)
    form = RunForm(request.POST or None, instance=run)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_run(
                run=ModuleRun.objects.get(pk=run.pk),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                capacity=data["capacity"],
                place=data["place"],
                note=data["note"],
                acting_user=acting_user(request),
            )
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, _("The run is saved."))
            _warn_outside_offered_months(request, run.module, run.starts_on)
            return redirect("education:run_detail", code=run.code)
    return render(
        request,
        "education/run_form.html",
        {"form": form, "module": run.module, "run": run, "breadcrumbs": _run_crumbs(run, (_("Edit"), ""))},
    )


def _render_run(request: HttpRequest, run: ModuleRun, enrol_form: EnrolForm | None = None) -> HttpResponse:
    enrolments = list(
        run.enrolments.select_related("peer").order_by("status", "peer__first_name", "peer__last_name", "pk")
    )
    taken = sum(1 for e in enrolments if e.status != EnrolmentStatus.WITHDRAWN)
    log_access(
        actor=acting_user(request),
        kind=AuditKind.READ,
        action="education.run_enrolments.read",
        obj=run,
        organisation=run.module.organisation,
        purpose=gettext_noop("Peer education: enrolment"),
        data={"peers": [str(e.peer.code) for e in enrolments]},
        request=request,
    )
    default_completed = min(run.ends_on, timezone.localdate())
    return render(
        request,
        "education/run_detail.html",
        {
            "run": run,
            "module": run.module,
            "enrolments": enrolments,
            "taken": taken,
            "places_left": max(0, run.capacity - taken),
            "enrol_form": enrol_form or EnrolForm(run=run),
            "default_completed": default_completed,
            "breadcrumbs": _run_crumbs(run)[:-1]
            + _crumbs((formats.date_format(run.starts_on, "SHORT_DATE_FORMAT"), "")),
        },
    )


@role_required(*COORDINATOR_ROLES)
def run_detail(request: HttpRequest, code: Any) -> HttpResponse:
    """A run: who is enrolled, places left; enrol a peer; mark completion."""
    return _render_run(request, get_run_for_user(request, code))


@require_POST
@role_required(*COORDINATOR_ROLES)
def run_enrol(request: HttpRequest, code: Any) -> HttpResponse:
    run = get_run_for_user(request, code)
    form = EnrolForm(request.POST, run=run)
    if form.is_valid():
        peer = form.cleaned_data["peer"]
        try:
            services.enrol_peer(run=run, peer=peer, acting_user=acting_user(request))
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, _("%(name)s is enrolled.") % {"name": peer.full_name})
            return redirect("education:run_detail", code=run.code)
    return _render_run(request, run, form)


@require_POST
@role_required(*COORDINATOR_ROLES)
def run_cancel(request: HttpRequest, code: Any) -> HttpResponse:
    run = get_run_for_user(request, code)
    try:
        services.cancel_run(run=run, acting_user=acting_user(request))
    except EducationRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, _("The run is cancelled."))
    return redirect("education:run_detail", code=run.code)


def _back_to(request: HttpRequest, enrolment: Enrolment) -> str:
    target = request.POST.get("next", "")
    plan = reverse("education:peer_plan", kwargs={"code": enrolment.peer.code})
    return plan if target == plan else reverse("education:run_detail", kwargs={"code": enrolment.run.code})


@role_required(*COORDINATOR_ROLES)
def enrolment_complete(request: HttpRequest, code: Any) -> HttpResponse:
    """Mark an enrolment completed on a date (the run's last day is suggested)."""
    enrolment = get_enrolment_for_user(request, code, purpose=gettext_noop("Peer education: completion"))
    initial = {"completed_on": min(enrolment.run.ends_on, timezone.localdate())}
    form = CompletionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_enrolment(
                enrolment=enrolment, completed_on=form.cleaned_data["completed_on"], acting_user=acting_user(request)
            )
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(
                request,
                _("%(name)s has completed %(module)s.")
                % {"name": enrolment.peer.full_name, "module": enrolment.run.module.name},
            )
            return redirect(_back_to(request, enrolment))
    return render(
        request,
        "education/enrolment_complete.html",
        {
            "form": form,
            "enrolment": enrolment,
            "next": request.POST.get("next", "") or request.GET.get("next", ""),
            "breadcrumbs": _run_crumbs(enrolment.run, (enrolment.peer.full_name, "")),
        },
    )


@require_POST
@role_required(*COORDINATOR_ROLES)
def enrolment_not_completed(request: HttpRequest, code: Any) -> HttpResponse:
    enrolment = get_enrolment_for_user(request, code, purpose=gettext_noop("Peer education: completion"))
    try:
        services.mark_not_completed(enrolment=enrolment, acting_user=acting_user(request))
    except EducationRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, _("%(name)s is marked as not completed.") % {"name": enrolment.peer.full_name})
    return redirect(_back_to(request, enrolment))


@require_POST
@role_required(*COORDINATOR_ROLES)
def enrolment_withdraw(request: HttpRequest, code: Any) -> HttpResponse:
    enrolment = get_enrolment_for_user(request, code, purpose=gettext_noop("Peer education: enrolment"))
    try:
        services.withdraw_enrolment(enrolment=enrolment, acting_user=acting_user(request))
    except EducationRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, _("%(name)s is withdrawn from the run.") % {"name": enrolment.peer.full_name})
    return redirect(_back_to(request, enrolment))


# --- Peers and their plans -----------------------------------------------------------------------------------------


@role_required(*COORDINATOR_ROLES)
def peer_list(request: HttpRequest) -> HttpResponse:
    """Every current peer's education: deadline, modules outstanding, what they are qualified as."""
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    page = Paginator(selectors.peers_with_education(organisation), PEERS_PER_PAGE).get_page(request.GET.get("page"))
    labels = dict(QualifiedRoleChoices.choices)
    today = timezone.localdate()
    rows = []
    for peer in page.object_list:
        deadline = annotated_deadline(peer)
        rows.append(
            {
                "peer": peer,
                "deadline": deadline,
                "passed": deadline is not None and deadline < today,
                "outstanding": peer.mandatory_outstanding,  # type: ignore[attr-defined]
                "roles": [labels[r] for r in annotated_roles(peer)],
            }
        )
    log_access(
        actor=acting_user(request),
        kind=AuditKind.READ,
        action="education.peer_list.read",
        organisation=organisation,
        purpose=gettext_noop("Peer education: plans"),
        data={"codes": [str(r["peer"].code) for r in rows]},
        request=request,
    )
    return render(
        request,
        "education/peer_list.html",
        {"page_obj": page, "rows": rows, "breadcrumbs": _crumbs(_education_crumb(), (_("Peers' plans"), ""))},
    )


def _plan_context(peer: Peer) -> dict[str, Any]:
    plan = selectors.education_plan_for(peer)
    return {"plan": plan, "peer": peer}


@role_required(*COORDINATOR_ROLES)
def peer_plan(request: HttpRequest, code: Any) -> HttpResponse:
    """A peer's education plan for the coordinator: modules their track needs, deadline, qualifications."""
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Peer education: plan"))
    return _render_plan(request, peer)


def _render_plan(request: HttpRequest, peer: Peer, forms: dict[str, Any] | None = None) -> HttpResponse:
    context = _plan_context(peer)
    forms = forms or {}
    enrol_forms = {}
    for line in (*context["plan"].mandatory, *context["plan"].elective):
        if line.status == "missing" and line.open_runs:
            key = f"enrol_{line.module.code.hex}"
            enrol_forms[line.module.pk] = forms.get(key) or EnrolOnRunForm(
                runs=ModuleRun.objects.filter(pk__in=[r.pk for r in line.open_runs])
                .with_places_taken()
                .select_related("module"),
                prefix=key,
            )
    context.update(
        {
            "own": False,
            "enrol_forms": enrol_forms,
            "tick_error": forms.get("tick_error"),
            "today": timezone.localdate(),
            "breadcrumbs": _crumbs(
                _education_crumb(), (_("Peers' plans"), reverse("education:peer_list")), (peer.full_name, "")
            ),
        }
    )
    return render(request, "education/peer_plan.html", context)


@require_POST
@role_required(*COORDINATOR_ROLES)
def peer_enrol(request: HttpRequest, code: Any, module_code: Any) -> HttpResponse:
    """Enrol the peer on a run from their plan."""
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Peer education: enrolment"))
    module = get_module_for_user(request, module_code)
    key = f"enrol_{module.code.hex}"
    form = EnrolOnRunForm(
        request.POST, runs=selectors.upcoming_runs(peer.organisation).filter(module=module), prefix=key
    )
    if form.is_valid():
        try:
            services.enrol_peer(run=form.cleaned_data["run"], peer=peer, acting_user=acting_user(request))
        except EducationRefused as refusal:
            form.add_error("run", str(refusal.message))
        else:
            messages.success(request, _("%(name)s is enrolled.") % {"name": peer.full_name})
            return redirect("education:peer_plan", code=peer.code)
    return _render_plan(request, peer, {key: form})


@role_required(*COORDINATOR_ROLES)
def peer_recognise(request: HttpRequest, code: Any) -> HttpResponse:
    """Record a module the peer completed elsewhere or before."""
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Peer education: completion"))
    form = RecognisedCompletionForm(request.POST or None, organisation=peer.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_completion(
                peer=peer,
                module=data["module"],
                completed_on=data["completed_on"],
                note=data["note"],
                acting_user=acting_user(request),
            )
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, _("The completed module is recorded."))
            return redirect("education:peer_plan", code=peer.code)
    return render(
        request,
        "education/recognise_form.html",
        {
            "form": form,
            "peer": peer,
            "breadcrumbs": _crumbs(
                _education_crumb(),
                (peer.full_name, reverse("education:peer_plan", kwargs={"code": peer.code})),
                (_("Recognise a completed module"), ""),
            ),
        },
    )


@require_POST
@role_required(*COORDINATOR_ROLES)
def completion_remove(request: HttpRequest, code: Any) -> HttpResponse:
    completion = get_completion_for_user(request, code, purpose=gettext_noop("Peer education: completion"))
    try:
        services.remove_completion(completion=completion, acting_user=acting_user(request))
    except EducationRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, _("The completed module is removed."))
    return redirect("education:peer_plan", code=completion.peer.code)


@require_POST
@role_required(*COORDINATOR_ROLES)
def checklist_tick(request: HttpRequest, code: Any, item_code: Any) -> HttpResponse:
    """Tick an item of the peer's internal introduction, with the date it was done."""
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Peer education: introduction"))
    item = get_checklist_item_for_peer(peer, item_code)
    form = TickForm(request.POST, prefix=f"tick_{item.code.hex}")
    if form.is_valid():
        try:
            services.tick_checklist_item(
                peer=peer, item=item, ticked_on=form.cleaned_data["ticked_on"], acting_user=acting_user(request)
            )
        except EducationRefused as refusal:
            form.add_error("ticked_on", str(refusal.message))
        else:
            messages.success(request, _("Ticked off: %(item)s") % {"item": item.text})
            return redirect(reverse("education:peer_plan", kwargs={"code": peer.code}) + "#introduction")
    errors = form.errors.get("ticked_on") or form.non_field_errors()
    return _render_plan(
        request,
        peer,
        {
            "tick_error": {
                "item": item.pk,
                "message": " ".join(str(e) for e in errors),
                "value": request.POST.get(form.add_prefix("ticked_on"), ""),
            }
        },
    )


@require_POST
@role_required(*COORDINATOR_ROLES)
def checklist_untick(request: HttpRequest, code: Any, item_code: Any) -> HttpResponse:
    peer = get_peer_for_coordinator(request, code, purpose=gettext_noop("Peer education: introduction"))
    item = get_checklist_item_for_peer(peer, item_code)
    try:
        services.untick_checklist_item(peer=peer, item=item, acting_user=acting_user(request))
    except EducationRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, _("No longer ticked off: %(item)s") % {"item": item.text})
    return redirect(reverse("education:peer_plan", kwargs={"code": peer.code}) + "#introduction")


@role_required(Role.PEER)
def my_plan(request: HttpRequest) -> HttpResponse:
    """The peer's own education plan: what their track needs, what is booked and done, the deadline."""
    peer = own_peer_record(request)
    context: dict[str, Any] = {"own": True, "peer": peer, "breadcrumbs": _crumbs((_("My education"), ""))}
    if peer is not None:
        context.update(_plan_context(peer))
    return render(request, "education/my_plan.html", context)


# --- Qualification rules --------------------------------------------------------------------------------------------


@role_required(*COORDINATOR_ROLES)
def rules(request: HttpRequest) -> HttpResponse:
    """The qualification rules and the deadline policy of the organisation."""
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    policy = services.policy_for(organisation)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_policy(
                organisation=organisation,
                deadline_months=data["deadline_months"],
                first_warning_days=data["first_warning_days"],
                second_warning_days=data["second_warning_days"],
                acting_user=acting_user(request),
            )
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, _("The deadline and warnings are saved."))
            return redirect("education:rules")
    stored = {
        r.role: r
        for r in QualificationRule.objects.filter(organisation=organisation).prefetch_related("requirements__modules")
    }
    roles = [
        {"role": value, "label": label, "rule": stored.get(value)} for value, label in QualifiedRoleChoices.choices
    ]
    return render(
        request,
        "education/rules.html",
        {
            "roles": roles,
            "policy_form": form,
            "breadcrumbs": _crumbs(_education_crumb(), (_("Qualification rules"), "")),
        },
    )


@role_required(*COORDINATOR_ROLES)
def rule_edit(request: HttpRequest, role: str) -> HttpResponse:
    organisation = require_organisation_role(request, *COORDINATOR_ROLES)
    if role not in QualifiedRoleChoices.values:
        raise Http404
    rule = QualificationRule.objects.filter(organisation=organisation, role=role).first()
    initial: dict[str, Any] = {}
    if rule is not None:
        initial["needs_admission_experience"] = rule.needs_admission_experience
        for index, requirement in enumerate(rule.requirements.all(), start=1):
            initial[f"group_{index}"] = list(requirement.modules.all())
    form = RuleForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_rule(
                organisation=organisation,
                role=role,
                requirement_groups=form.groups(),
                needs_admission_experience=form.cleaned_data["needs_admission_experience"],
                acting_user=acting_user(request),
            )
        except EducationRefused as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, _("The rule is saved. Qualifications follow it from now on."))
            return redirect("education:rules")
    label = QualifiedRoleChoices(role).label
    return render(
        request,
        "education/rule_form.html",
        {
            "form": form,
            "role_label": label,
            "breadcrumbs": _crumbs(
                _education_crumb(), (_("Qualification rules"), reverse("education:rules")), (label, "")
            ),
        },
    )
