"""Pages of the feedback app: instruments (administrators), programme results, measurement plans and
invitations (coordinators and leads), follow-up of low scores, research export (analysts), a citizen's
own questionnaires, a peer's view with consent, and answering through a link without an account."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.access import acting_user, require_organisation_role, role_required
from core.audit import log_access
from core.models import AuditKind, Programme, Role
from feedback import instruments as engine
from feedback import selectors, services
from feedback.access import (
    FOLLOW_UP_ROLES,
    MANAGER_ROLES,
    RESULT_ROLES,
    citizens_of_peer,
    get_citizen_results_for_peer,
    get_instrument_for_admin,
    get_invitation_for_manager,
    get_own_instrument_for_admin,
    get_plan_for_manager,
    get_programme_for_manager,
    get_programme_for_results,
    get_response_for_follow_up,
    get_supported_citizen,
    own_citizen_records,
    responses_for_follow_up,
    shares_with_peer,
)
from feedback.forms import (
    AnswerForm,
    ExportForm,
    FollowUpForm,
    InPersonForm,
    InstrumentEditor,
    InstrumentImportForm,
    InvitationForm,
    MeasurementPlanForm,
    PlanEditForm,
    PlannedInvitationForm,
    initial_from_answers,
)
from feedback.links import answer_path, qr_data_uri, read_token
from feedback.models import (
    InstrumentVersion,
    Invitation,
    InvitationVia,
    Occasion,
    Response,
    Timing,
    link_days,
    reminder_days,
)
from feedback.problems import describe_all
from people.models import Citizen

ITEMS_PER_PAGE = 5
ONE_PAGE_UP_TO = 6


def _language() -> str:
    language = (get_language() or "da")[:2]
    return language if language in ("da", "en") else "da"


def _feedback_error_message(error: services.FeedbackError) -> str:
    messages_by_code = {
        "shipped_id": _("'%(id)s' is the id of a questionnaire shipped with Brobygger. Choose another id."),
        "id_taken": _("The id '%(id)s' is already in use. Choose another id."),
        "read_only": _("Questionnaires shipped with Brobygger cannot be changed."),
        "id_changed": _("The id of a questionnaire cannot be changed."),
        "plan_exists": _("The programme already uses this questionnaire at that time."),
        "interval_missing": _("Give the number of weeks."),
        "unknown_instrument": _("The questionnaire '%(id)s' is not known."),
        "already_sent": _("The answers have been sent already."),
        "link_closed": _("The link can no longer be used."),
    }
    template = messages_by_code.get(error.code, _("The request could not be carried out."))
    return template % {"id": error.record} if "%(id)s" in template else template


# --------------------------------------------------------------------------------------------------
# Instruments (administrators)


@role_required(Role.ADMINISTRATOR)
def instrument_list(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, Role.ADMINISTRATOR)
    rows = selectors.latest_versions(organisation)
    answered = dict(
        Response.objects.of(organisation)
        .values_list("instrument__instrument_id")
        .annotate(n=Count("pk"))
        .values_list("instrument__instrument_id", "n")
    )
    entries = [(row, answered.get(row.instrument_id, 0)) for row in rows]
    return render(request, "feedback/instrument_list.html", {"entries": entries, "language": _language()})


def _editor_page(
    request: HttpRequest, editor: InstrumentEditor, problems: Sequence[str], **context: Any
) -> HttpResponse:
    return render(request, "feedback/instrument_edit.html", {"editor": editor, "problems": problems, **context})


def _save_from_editor(
    request: HttpRequest, editor: InstrumentEditor, based_on: InstrumentVersion | None
) -> tuple[InstrumentVersion | None, list[str]]:
    if not editor.is_valid():
        return None, []
    instrument = editor.build()
    if instrument is None:
        return None, []
    organisation = require_organisation_role(request, Role.ADMINISTRATOR)
    try:
        row = services.save_instrument(
            organisation=organisation, instrument=instrument, acting_user=acting_user(request), based_on=based_on
        )
    except engine.InstrumentError as error:
        return None, describe_all(error.problems)
    except services.FeedbackError as error:
        return None, [_feedback_error_message(error)]
    return row, []


@role_required(Role.ADMINISTRATOR)
def instrument_create(request: HttpRequest) -> HttpResponse:
    editor = InstrumentEditor(request.POST or None)
    problems: list[str] = []
    if request.method == "POST":
        row, problems = _save_from_editor(request, editor, None)
        if row is not None:
            messages.success(request, _("The questionnaire was saved."))
            return redirect("feedback:instrument_detail", code=row.code)
    return _editor_page(request, editor, problems, creating=True)


@role_required(Role.ADMINISTRATOR)
def instrument_edit(request: HttpRequest, code: str) -> HttpResponse:
    row = get_own_instrument_for_admin(request, code)
    editor = InstrumentEditor(request.POST or None, instrument=row.instrument, id_locked=True)
    problems: list[str] = []
    frozen = row.frozen
    if request.method == "POST":
        saved, problems = _save_from_editor(request, editor, row)
        if saved is not None:
            if saved.pk != row.pk:
                messages.success(
                    request,
                    _("Saved as version %(version)s. Answers already given keep version %(old)s.")
                    % {"version": saved.version, "old": row.version},
                )
            else:
                messages.success(request, _("The questionnaire was saved."))
            return redirect("feedback:instrument_detail", code=saved.code)
    return _editor_page(request, editor, problems, row=row, frozen=frozen)


@role_required(Role.ADMINISTRATOR)
def instrument_import(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, Role.ADMINISTRATOR)
    form = InstrumentImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["json_text"]
        try:
            row = services.import_instrument(organisation=organisation, text=text, acting_user=acting_user(request))
        except engine.InstrumentError as error:
            problems = describe_all(error.problems)
        except services.FeedbackError as error:
            problems = [_feedback_error_message(error)]
        else:
            messages.success(request, _("The questionnaire was loaded."))
            return redirect("feedback:instrument_detail", code=row.code)
        # Keep what was pasted or uploaded, so it can be corrected in place.
        data = request.POST.copy()
        data["text"] = text
        form = InstrumentImportForm(data)
        form.is_valid()
    return render(request, "feedback/instrument_import.html", {"form": form, "problems": problems})


@role_required(Role.ADMINISTRATOR)
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    row = get_instrument_for_admin(request, code)
    instrument = row.instrument
    language = _language()
    items = [
        {
            "id": item.id,
            "text": instrument.text(item.text, language),
            "scale": instrument.scale_of(item),
            "item": item,
            "labels": [(label.value, instrument.text(label.text, language)) for label in instrument.labels_of(item)],
        }
        for item in instrument.items
    ]
    subscales = [(s.id, instrument.text(s.name, language), s.items) for s in instrument.scoring.subscales]
    cutoffs = [(c, instrument.text(c.message, language)) for c in instrument.cutoffs]
    return render(
        request,
        "feedback/instrument_detail.html",
        {
            "row": row,
            "instrument": instrument,
            "title": instrument.text(instrument.title, language),
            "introduction": instrument.text(instrument.introduction, language) if instrument.introduction else "",
            "items": items,
            "subscales": subscales,
            "cutoffs": cutoffs,
            "versions": selectors.versions_of(row),
            "answers": row.responses.count(),
        },
    )


@role_required(Role.ADMINISTRATOR)
def instrument_json(request: HttpRequest, code: str) -> HttpResponse:
    row = get_instrument_for_admin(request, code)
    response = HttpResponse(engine.dumps_instrument(row.instrument), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{row.instrument_id}-v{row.version}.json"'
    return response


# --------------------------------------------------------------------------------------------------
# Programme results


@role_required(*RESULT_ROLES)
def outcomes_home(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, *RESULT_ROLES)
    programmes = (
        Programme.objects.of(organisation)
        .annotate(
            answers=Count(
                "feedback_responses", filter=Q(feedback_responses__submitted_at__isnull=False), distinct=True
            ),
            plans=Count("measurement_plans", filter=Q(measurement_plans__active=True), distinct=True),
        )
        .order_by("name")
    )
    awaiting = Response.objects.of(organisation).awaiting_follow_up().count()
    return render(
        request,
        "feedback/outcomes_home.html",
        {"programmes": programmes, "awaiting": awaiting, "manager": bool(request.roles & set(MANAGER_ROLES))},  # type: ignore[attr-defined]
    )


def _outcome_context(programme: Programme, language: str) -> dict[str, Any]:
    outcomes_list = []
    for key in selectors.outcome_keys_of(programme):
        result = selectors.programme_outcome(programme, key, language=language)
        outcomes_list.append(
            {
                "key": key,
                "chart_id": f"outcome-chart-{key}",
                "figures_id": f"outcome-figures-{key}",
                "result": result,
                "chart": result.chart(start_label=_("At the start"), end_label=_("At the end")),
                "figures": {
                    "instrument": key,
                    "respondents": None if result.suppressed else result.respondents,
                    "minimum_group": result.minimum_group,
                    "rows": result.figures(),
                },
            }
        )
    sessions = selectors.session_trend_of_programme(programme)
    session_chart = selectors.session_trend_chart(
        sessions, mean_label=_("Mean total"), threshold_label=_("Talk with the group under 36")
    )
    return {
        "outcomes": outcomes_list,
        "sessions": sessions,
        "session_chart": session_chart,
        "evaluations": selectors.evaluation_summaries(programme, language=language),
    }


@role_required(*RESULT_ROLES)
def programme_results(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme_for_results(request, code)
    context = _outcome_context(programme, _language())
    roles = request.roles  # type: ignore[attr-defined]
    return render(
        request,
        "feedback/programme_results.html",
        {
            "programme": programme,
            "manager": bool(roles & set(MANAGER_ROLES)),
            "analyst": Role.ANALYST in roles,
            "breadcrumbs": [
                {"label": _("Outcomes"), "url": reverse("feedback:outcomes_home")},
                {"label": programme.name, "url": ""},
            ],
            **context,
        },
    )


# --------------------------------------------------------------------------------------------------
# Measurement plans


@role_required(*MANAGER_ROLES)
def plan_list(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme_for_manager(request, code)
    choices = selectors.instrument_choices(programme.organisation, _language())
    form = MeasurementPlanForm(
        request.POST or None, instrument_choices=choices, initial={"reminder_after_days": reminder_days()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.create_measurement_plan(programme=programme, acting_user=acting_user(request), **form.cleaned_data)
        except services.FeedbackError as error:
            form.add_error(None, _feedback_error_message(error))
        else:
            messages.success(request, _("The measurement plan was updated."))
            return redirect("feedback:plan_list", code=programme.code)
    titles = dict(choices)
    plans = [(plan, titles.get(plan.instrument_key, plan.instrument_key)) for plan in selectors.plans_of(programme)]
    return render(request, "feedback/plan_list.html", {"programme": programme, "plans": plans, "form": form})


@role_required(*MANAGER_ROLES)
def plan_edit(request: HttpRequest, code: str) -> HttpResponse:
    plan = get_plan_for_manager(request, code)
    form = PlanEditForm(
        request.POST or None,
        initial={"interval_weeks": plan.interval_weeks, "reminder_after_days": plan.reminder_after_days},
    )
    if plan.timing != Timing.EVERY_N_WEEKS:
        del form.fields["interval_weeks"]
    if request.method == "POST" and form.is_valid():
        try:
            services.update_measurement_plan(
                plan=plan,
                acting_user=acting_user(request),
                interval_weeks=form.cleaned_data.get("interval_weeks"),
                reminder_after_days=form.cleaned_data["reminder_after_days"],
            )
        except services.FeedbackError as error:
            form.add_error(None, _feedback_error_message(error))
        else:
            messages.success(request, _("The measurement plan was updated."))
            return redirect("feedback:plan_list", code=plan.programme.code)
    return render(request, "feedback/plan_edit.html", {"plan": plan, "form": form})


@require_POST
@role_required(*MANAGER_ROLES)
def plan_stop(request: HttpRequest, code: str) -> HttpResponse:
    plan = get_plan_for_manager(request, code)
    services.stop_measurement_plan(plan=plan, acting_user=acting_user(request))
    messages.success(request, _("The questionnaire was taken out of the measurement plan."))
    return redirect("feedback:plan_list", code=plan.programme.code)


# --------------------------------------------------------------------------------------------------
# Invitations


@role_required(*MANAGER_ROLES)
def invitation_list(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme_for_manager(request, code)
    choices = selectors.instrument_choices(programme.organisation, _language())
    form = InvitationForm(
        request.POST or None,
        instrument_choices=choices,
        citizens=Citizen.objects.of(programme.organisation).order_by("first_name", "last_name"),
        initial={"occasion": Occasion.START, "kind": "personal"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group = data["kind"] == "group"
        try:
            invitation = services.invite_respondent(
                instrument_key=data["instrument_key"],
                programme=programme,
                respondent_citizen=None if group else data["respondent_citizen"],
                respondent_label=data["respondent_label"],
                occasion=data["occasion"],
                send_email_to=data["email"] or None,
                acting_user=acting_user(request),
                group_link=group,
            )
        except services.FeedbackError as error:
            form.add_error(None, _feedback_error_message(error))
        else:
            if data["email"]:
                messages.success(request, _("The invitation was e-mailed."))
            return redirect("feedback:invitation_detail", code=invitation.code)
    invitations = selectors.invitations_of(programme)[:100]
    titles = dict(choices)
    planned = [
        (titles.get(plan.instrument_key, plan.instrument_key), plan.get_timing_display())
        for plan in selectors.plans_of(programme)
        if plan.timing in (Timing.START, Timing.END)
    ]
    return render(
        request,
        "feedback/invitation_list.html",
        {
            "programme": programme,
            "invitations": invitations,
            "form": form,
            "link_days": link_days(),
            "planned": planned,
            "plan_form": PlannedInvitationForm(
                prefix="plan",
                citizens=Citizen.objects.of(programme.organisation).order_by("first_name", "last_name"),
                initial={"occasion": Occasion.START},
            ),
        },
    )


@require_POST
@role_required(*MANAGER_ROLES)
def invitation_as_planned(request: HttpRequest, code: str) -> HttpResponse:
    """Invite a citizen to every questionnaire planned for the start or the end, at once."""
    programme = get_programme_for_manager(request, code)
    form = PlannedInvitationForm(request.POST, prefix="plan", citizens=Citizen.objects.of(programme.organisation))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("feedback:invitation_list", code=programme.code)
    data = form.cleaned_data
    invited = services.invite_as_planned(
        programme=programme,
        occasion=data["occasion"],
        respondent_citizen=data["respondent_citizen"],
        send_email_to=data["email"] or None,
        acting_user=acting_user(request),
    )
    if not invited:
        messages.info(
            request,
            _(
                "Nothing to send: the measurement plan names no questionnaire at that time, or the citizen is already invited."
            ),
        )
        return redirect("feedback:invitation_list", code=programme.code)
    language = _language()
    titles = ", ".join(invitation.instrument.title_in(language) for invitation in invited)
    messages.success(request, _("Invited to: %(titles)s.") % {"titles": titles})
    if len(invited) == 1:
        return redirect("feedback:invitation_detail", code=invited[0].code)
    return redirect("feedback:invitation_list", code=programme.code)


@role_required(*MANAGER_ROLES)
def invitation_detail(request: HttpRequest, code: str) -> HttpResponse:
    invitation = get_invitation_for_manager(request, code)
    url = request.build_absolute_uri(answer_path(invitation.code))
    return render(
        request,
        "feedback/invitation_detail.html",
        {
            "invitation": invitation,
            "url": url,
            "qr": qr_data_uri(url) if invitation.usable else "",
            "title": invitation.instrument.title_in(_language()),
            "answers": invitation.responses.submitted().count(),
        },
    )


@require_POST
@role_required(*MANAGER_ROLES)
def invitation_cancel(request: HttpRequest, code: str) -> HttpResponse:
    invitation = get_invitation_for_manager(request, code)
    services.cancel_invitation(invitation=invitation, acting_user=acting_user(request))
    messages.success(request, _("The link was closed."))
    return redirect("feedback:invitation_detail", code=invitation.code)


# --------------------------------------------------------------------------------------------------
# Follow-up of low scores


@role_required(*FOLLOW_UP_ROLES)
def follow_up_list(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("vis") == "alle"
    answers = responses_for_follow_up(request)
    if not show_all:
        answers = answers.filter(followed_up_at__isnull=True)
    rows = list(
        answers.select_related(
            "instrument", "programme", "invitation", "respondent_citizen", "followed_up_by"
        ).order_by("-submitted_at")[:200]
    )
    language = _language()
    manager = bool(request.roles & set(MANAGER_ROLES))  # type: ignore[attr-defined]
    entries = []
    for response in rows:
        instrument = response.instrument.instrument
        messages_shown = [
            instrument.text(cutoff.message, language) for cutoff in instrument.cutoffs if cutoff.id in response.flags
        ]
        who = response.invitation.respondent_label
        if manager and response.respondent_citizen is not None:
            who = response.respondent_citizen.full_name
        entries.append({"response": response, "messages": messages_shown, "who": who})
    seen: set[int] = set()
    for response in rows:
        citizen = response.respondent_citizen
        if manager and citizen is not None and citizen.pk not in seen:
            seen.add(citizen.pk)
            log_access(
                actor=acting_user(request),
                kind=AuditKind.READ,
                action="feedback.follow_up.listed",
                obj=response,
                subject_code=citizen.code,
                purpose=_("Follow up on low scores"),
                request=request,
            )
    return render(
        request,
        "feedback/follow_up_list.html",
        {"entries": entries, "show_all": show_all, "form": FollowUpForm()},
    )


@require_POST
@role_required(*FOLLOW_UP_ROLES)
def follow_up_mark(request: HttpRequest, code: str) -> HttpResponse:
    response = get_response_for_follow_up(request, code)
    form = FollowUpForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.mark_followed_up(response=response, acting_user=acting_user(request), note=note)
    messages.success(request, _("Marked as followed up."))
    return redirect("feedback:follow_up_list")


# --------------------------------------------------------------------------------------------------
# Research export (analysts)


@role_required(Role.ANALYST)
def export(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, Role.ANALYST)
    answered = (
        InstrumentVersion.objects.filter(responses__organisation=organisation)
        .distinct()
        .order_by("instrument_id", "-version")
    )
    form = ExportForm(
        request.POST or None, instruments=answered, programmes=Programme.objects.of(organisation).order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        result = services.export_responses(
            organisation=organisation,
            instrument=form.cleaned_data["instrument"],
            programme=form.cleaned_data["programme"],
            file_format=form.cleaned_data["file_format"],
            include_free_text=form.cleaned_data["include_free_text"],
            acting_user=acting_user(request),
            language=_language(),
            request=request,
        )
        response = HttpResponse(result.content, content_type=result.content_type)
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        response["X-Rows"] = str(result.rows)
        return response
    return render(request, "feedback/export.html", {"form": form})


# --------------------------------------------------------------------------------------------------
# A citizen's own questionnaires, and a peer's view with consent


def _person_results(citizens: Sequence[Citizen], language: str) -> list[dict[str, Any]]:
    results = []
    for citizen in citizens:
        for key in selectors.scored_keys_of(citizen):
            history = selectors.score_history(citizen, key, language=language)
            if not history:
                continue
            change = selectors.person_change_for(citizen, key)
            results.append(
                {
                    "key": f"{citizen.code.hex[:8]}-{key}",
                    "chart_id": f"person-chart-{citizen.code.hex[:8]}-{key}",
                    "title": history[-1].title,
                    "history": history,
                    "chart": selectors.person_chart(history),
                    "change": change,
                    "subscale_names": [s.name for s in history[-1].subscales],
                }
            )
    return results


@role_required(Role.CITIZEN)
def my_questionnaires(request: HttpRequest) -> HttpResponse:
    citizens = list(own_citizen_records(request))
    language = _language()
    invitations = selectors.open_invitations_for(citizens)
    open_rows = [(inv, answer_path(inv.code), inv.instrument.title_in(language)) for inv in invitations]
    answered = (
        Response.objects.submitted()
        .filter(respondent_citizen__in=citizens)
        .select_related("instrument")
        .order_by("-submitted_at")
    )
    return render(
        request,
        "feedback/my_questionnaires.html",
        {
            "open_rows": open_rows,
            "answered": [(r, r.instrument.title_in(language)) for r in answered],
            "results": _person_results(citizens, language),
        },
    )


@role_required(Role.PEER)
def peer_citizens(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, Role.PEER)
    rows = [(citizen, shares_with_peer(citizen)) for citizen in citizens_of_peer(request.user, organisation)]
    return render(request, "feedback/peer_citizens.html", {"rows": rows})


@role_required(Role.PEER)
def peer_citizen_results(request: HttpRequest, code: str) -> HttpResponse:
    citizen = get_citizen_results_for_peer(request, code)
    return render(
        request,
        "feedback/peer_citizen_results.html",
        {"citizen": citizen, "results": _person_results([citizen], _language())},
    )


@role_required(Role.PEER)
def peer_in_person(request: HttpRequest, code: str) -> HttpResponse:
    """A peer opens a questionnaire for a citizen they support and hands over their phone."""
    citizen = get_supported_citizen(request, code)
    organisation = citizen.organisation
    form = InPersonForm(
        request.POST or None,
        programmes=Programme.objects.of(organisation).active().order_by("name"),
        instrument_choices=selectors.instrument_choices(organisation, _language()),
        initial={"occasion": Occasion.START, "instrument_key": selectors.CHIME},
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_respondent(
                instrument_key=form.cleaned_data["instrument_key"],
                programme=form.cleaned_data["programme"],
                respondent_citizen=citizen,
                occasion=form.cleaned_data["occasion"],
                acting_user=acting_user(request),
                via=InvitationVia.IN_PERSON,
            )
        except services.FeedbackError as error:
            form.add_error(None, _feedback_error_message(error))
        else:
            return redirect(answer_path(invitation.code))
    return render(request, "feedback/peer_in_person.html", {"citizen": citizen, "form": form})


# --------------------------------------------------------------------------------------------------
# Answering through a link (no account needed)


def _pages(instrument: engine.Instrument) -> list[tuple[engine.Item, ...]]:
    items = instrument.items
    if len(items) <= ONE_PAGE_UP_TO:
        return [items]
    return [items[start : start + ITEMS_PER_PAGE] for start in range(0, len(items), ITEMS_PER_PAGE)]


def _closed(request: HttpRequest, invitation: Invitation | None, reason: str) -> HttpResponse:
    return render(request, "feedback/answer_closed.html", {"reason": reason, "invitation": invitation}, status=410)


def _session_key(invitation: Invitation) -> str:
    return f"feedback.response.{invitation.code}"


def _invitation_for(token: str) -> Invitation:
    code = read_token(token)
    if code is None:
        raise Http404
    invitation = Invitation.objects.select_related("instrument", "organisation", "programme").filter(code=code).first()
    if invitation is None:
        raise Http404
    return invitation


def _reason_closed(invitation: Invitation) -> str:
    if invitation.cancelled_at is not None:
        return "cancelled"
    if invitation.completed_at is not None and not invitation.group_link:
        return "used"
    return "expired"


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation_for(token)
    if not invitation.usable:
        return _closed(request, invitation, _reason_closed(invitation))
    language = _language()
    response = services.start_response(
        invitation=invitation, language=language, response_code=request.session.get(_session_key(invitation))
    )
    if invitation.group_link:
        request.session[_session_key(invitation)] = str(response.code)
    if response.submitted_at is not None:
        return redirect("feedback:answer_done")
    instrument = response.instrument.instrument
    pages = _pages(instrument)
    try:
        number = int(request.POST.get("side") or request.GET.get("side") or 1)
    except ValueError:
        number = 1
    number = min(max(number, 1), len(pages))
    items = pages[number - 1]
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        instrument=instrument,
        items=items,
        language=language,
        initial=initial_from_answers(response.answers, items),
    )
    missing: tuple[str, ...] = ()
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "next")
        submit = action in ("send", "send_anyway")
        if action == "send":
            after = {**response.answers, **{k: v for k, v in form.answers().items()}}
            missing = engine.score_answers(instrument, {k: v for k, v in after.items() if v is not None}).missing
            submit = not missing
        try:
            services.save_answers(response=response, answers=form.answers(), submit=submit)
        except services.FeedbackError:
            invitation.refresh_from_db()
            return _closed(request, invitation, _reason_closed(invitation))
        except engine.AnswerError as error:
            form.add_error(error.record if error.record in form.fields else None, _("This answer is not on the scale."))
        else:
            base = answer_path(invitation.code)
            if submit:
                request.session["feedback.done_in_person"] = invitation.via == InvitationVia.IN_PERSON
                return redirect("feedback:answer_done")
            if action == "save":
                return redirect(reverse("feedback:answer_saved", kwargs={"token": token}))
            if action == "back":
                return redirect(f"{base}?side={max(number - 1, 1)}")
            if action == "next":
                return redirect(f"{base}?side={min(number + 1, len(pages))}")
    missing_texts = [instrument.text(instrument.item(item_id).text, language) for item_id in missing]
    return render(
        request,
        "feedback/answer.html",
        {
            "invitation": invitation,
            "title": instrument.text(instrument.title, language),
            "introduction": instrument.text(instrument.introduction, language) if instrument.introduction else "",
            "form": form,
            "page": number,
            "pages": len(pages),
            "last": number == len(pages),
            "missing": missing_texts,
            "expires": invitation.expires_at,
        },
    )


@never_cache
def answer_saved(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation_for(token)
    if not invitation.usable:
        return _closed(request, invitation, _reason_closed(invitation))
    return render(
        request,
        "feedback/answer_saved.html",
        {"invitation": invitation, "url": request.build_absolute_uri(answer_path(invitation.code))},
    )


@never_cache
def answer_done(request: HttpRequest) -> HttpResponse:
    in_person = bool(request.session.pop("feedback.done_in_person", False))
    return render(request, "feedback/answer_done.html", {"in_person": in_person})
