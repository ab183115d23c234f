"""Pages of the costs app: scenarios, the published assessments, comparison, the method, budget lines,
actual cost, and the Excel and PDF exports. Coordinators, leads and administrators edit; analysts read,
compare and export. Everyone else gets 404.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views.decorators.http import require_POST

from core.access import has_role, require_organisation_role, role_required
from core.audit import log_access
from core.models import AuditKind, Organisation
from costs import exports, services
from costs.actual import COUNT_FIELDS, Activity, ActualCost, CostBasis, Measure, NotComputable, Source, actual_cost
from costs.engine import ScenarioError, round_kr, scenario_from_dict
from costs.forms import (
    COUNT_LABELS,
    ActualCostForm,
    BudgetLineForm,
    CompareForm,
    ScenarioEditor,
    engine_message,
    format_decimal,
)
from costs.method_page import method_html
from costs.models import CostScenario
from costs.presets import PUBLISHED, preset_keys
from costs.selectors import (
    EDIT_ROLES,
    VIEW_ROLES,
    RecordedActivity,
    budget_basis,
    budget_lines_of,
    collect_activity,
    get_budget_line_for_user,
    get_preset_or_404,
    get_scenario_for_user,
    readable_scenario,
    scenario_basis,
    scenarios_of,
)
from costs.tables import (
    AssessmentTable,
    CompareColumn,
    assessment_table,
    compare_chart,
    compare_rows,
    preset_name,
)


def _organisation(request: HttpRequest, *roles: str) -> Organisation:
    return require_organisation_role(request, *(roles or VIEW_ROLES))


def _crumbs(*items: tuple[str, str]) -> list[dict[str, str]]:
    return [{"label": pgettext("costs", "Costs"), "url": reverse("costs:scenario_list")}] + [
        {"label": label, "url": url} for label, url in items
    ]


@role_required(*VIEW_ROLES)
def scenario_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    rows = []
    for scenario in scenarios_of(organisation):
        table = None
        if readable_scenario(scenario):
            table = assessment_table(scenario.scenario())
        rows.append({"scenario": scenario, "table": table, "preset_name": preset_name(scenario.based_on_preset)})
    presets = [{"key": key, "name": preset_name(key), "table": PUBLISHED[key]} for key in preset_keys()]
    return render(
        request,
        "costs/scenario_list.html",
        {"rows": rows, "presets": presets, "can_edit": has_role(request, *EDIT_ROLES)},
    )


@role_required(*VIEW_ROLES)
def preset_detail(request: HttpRequest, key: str) -> HttpResponse:
    preset = get_preset_or_404(key)
    name = preset_name(key)
    table = assessment_table(preset.scenario, preset_key=key, label=name)
    return render(
        request,
        "costs/preset_detail.html",
        {
            "preset": preset,
            "name": name,
            "table": table,
            "can_edit": has_role(request, *EDIT_ROLES),
            "breadcrumbs": _crumbs((name, "")),
        },
    )


@require_POST
@role_required(*EDIT_ROLES)
def preset_copy(request: HttpRequest, key: str) -> HttpResponse:
    get_preset_or_404(key)
    scenario = services.copy_preset(
        organisation=_organisation(request, *EDIT_ROLES),
        preset_key=key,
        acting_user=request.user,  # type: ignore[arg-type]
    )
    messages.success(
        request, _("“%(name)s” was copied to your scenarios. Change it as you need.") % {"name": scenario.name}
    )
    return redirect("costs:scenario_detail", code=scenario.code)


def _table_or_problem(scenario: CostScenario) -> tuple[AssessmentTable | None, str]:
    try:
        return assessment_table(scenario.scenario(), preset_key=scenario.based_on_preset, label=scenario.name), ""
    except ScenarioError as error:
        return None, engine_message(error)


@role_required(*VIEW_ROLES)
def scenario_detail(request: HttpRequest, code: str) -> HttpResponse:
    scenario = get_scenario_for_user(request, code)
    table, problem = _table_or_problem(scenario)
    compare_url = ""
    if scenario.based_on_preset in PUBLISHED:
        query = QueryDict(mutable=True)
        query.setlist("show", [f"s:{scenario.code}", f"p:{scenario.based_on_preset}"])
        compare_url = f"{reverse('costs:compare')}?{query.urlencode()}"
    return render(
        request,
        "costs/scenario_detail.html",
        {
            "scenario": scenario,
            "table": table,
            "problem": problem,
            "compare_url": compare_url,
            "based_on_name": preset_name(scenario.based_on_preset) if scenario.based_on_preset else "",
            "can_edit": has_role(request, *EDIT_ROLES),
            "breadcrumbs": _crumbs((scenario.name, "")),
        },
    )


def _editor_page(
    request: HttpRequest, editor: ScenarioEditor, *, scenario: CostScenario | None, preview: AssessmentTable | None
) -> HttpResponse:
    title = scenario.name if scenario else pgettext("costs", "New scenario")
    crumbs = (
        _crumbs(
            (scenario.name, reverse("costs:scenario_detail", kwargs={"code": scenario.code})),
            (pgettext("costs", "Change"), ""),
        )
        if scenario
        else _crumbs((title, ""))
    )
    return render(
        request,
        "costs/scenario_form.html",
        {
            "editor": editor,
            "scenario": scenario,
            "preview": preview,
            "error_links": editor.error_links() if editor.form.is_bound else [],
            "breadcrumbs": crumbs,
        },
    )


def _preview(editor: ScenarioEditor, preset_key: str) -> AssessmentTable:
    assert editor.scenario_data is not None
    scenario = scenario_from_dict(editor.scenario_data)
    return assessment_table(scenario, preset_key=preset_key, label=scenario.name)


@role_required(*EDIT_ROLES)
def scenario_create(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request, *EDIT_ROLES)
    editor = ScenarioEditor(request.POST or None)
    preview = None
    if request.method == "POST" and editor.is_valid():
        if "preview" in request.POST:
            preview = _preview(editor, "")
        else:
            assert editor.scenario_data is not None
            scenario = services.create_scenario(
                organisation=organisation,
                name=editor.name,
                description=editor.description,
                data=editor.scenario_data,
                acting_user=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("The scenario was saved."))
            return redirect("costs:scenario_detail", code=scenario.code)
    return _editor_page(request, editor, scenario=None, preview=preview)


@role_required(*EDIT_ROLES)
def scenario_edit(request: HttpRequest, code: str) -> HttpResponse:
    scenario = get_scenario_for_user(request, code, *EDIT_ROLES)
    editor = ScenarioEditor(
        request.POST or None, scenario=scenario.data, name=scenario.name, description=scenario.description
    )
    preview = None
    if request.method == "POST" and editor.is_valid():
        if "preview" in request.POST:
            preview = _preview(editor, scenario.based_on_preset)
        else:
            assert editor.scenario_data is not None
            services.update_scenario(
                scenario=scenario,
                name=editor.name,
                description=editor.description,
                data=editor.scenario_data,
                acting_user=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("The scenario was saved."))
            return redirect("costs:scenario_detail", code=scenario.code)
    return _editor_page(request, editor, scenario=scenario, preview=preview)


@require_POST
@role_required(*EDIT_ROLES)
def scenario_delete(request: HttpRequest, code: str) -> HttpResponse:
    scenario = get_scenario_for_user(request, code, *EDIT_ROLES)
    name = scenario.name
    services.delete_scenario(scenario=scenario, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
    return redirect("costs:scenario_list")


# --- exports ------------------------------------------------------------------------------------


def _download(request: HttpRequest, table: AssessmentTable, *, name: str, description: str, fmt: str) -> HttpResponse:
    filename = slugify(name)[:80] or "omkostninger"
    if fmt == "excel":
        content = exports.scenario_workbook(table, name=name, description=description)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    elif fmt == "pdf":
        content = exports.scenario_pdf(table, name=name, description=description)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    else:
        raise Http404
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.EXPORT,
        action="costs.scenario.exported",
        organisation=getattr(request, "organisation", None),
        purpose=pgettext("costs", "Cost assessment"),
        data={"name": name, "format": fmt},
        request=request,
    )
    return response


@role_required(*VIEW_ROLES)
def scenario_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    scenario = get_scenario_for_user(request, code)
    table, _problem = _table_or_problem(scenario)
    if table is None:
        raise Http404
    return _download(request, table, name=scenario.name, description=scenario.description, fmt=fmt)


@role_required(*VIEW_ROLES)
def preset_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    preset = get_preset_or_404(key)
    name = preset_name(key)
    table = assessment_table(preset.scenario, preset_key=key, label=name)
    return _download(request, table, name=name, description=f"{preset.table.title}. {preset.table.source}.", fmt=fmt)


# --- comparison, method ---------------------------------------------------------------------------


@role_required(*VIEW_ROLES)
def compare(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    scenarios = [s for s in scenarios_of(organisation) if readable_scenario(s)]
    by_key = {f"s:{s.code}": s for s in scenarios}
    choices = [(key, s.name) for key, s in by_key.items()]
    choices += [(f"p:{key}", _("%(name)s (published)") % {"name": preset_name(key)}) for key in preset_keys()]
    form = CompareForm(request.GET if "show" in request.GET else None, choices=choices)
    columns: list[CompareColumn] = []
    if form.is_bound and form.is_valid():
        for key in form.cleaned_data["show"]:
            if key in by_key:
                scenario = by_key[key]
                columns.append(CompareColumn(key, scenario.name, assessment_table(scenario.scenario())))
            else:
                preset = get_preset_or_404(key.removeprefix("p:"))
                label = _("%(name)s (published)") % {"name": preset_name(preset.key)}
                columns.append(CompareColumn(key, label, assessment_table(preset.scenario, label=label)))
    units = {column.table.scenario.unit for column in columns}
    return render(
        request,
        "costs/compare.html",
        {
            "form": form,
            "columns": columns,
            "rows": compare_rows(columns) if columns else [],
            "chart": compare_chart(columns) if columns else None,
            "mixed_units": len(units) > 1,
            "has_published": any(column.key.startswith("p:") for column in columns),
            "breadcrumbs": _crumbs((pgettext("costs", "Compare scenarios"), "")),
        },
    )


@role_required(*VIEW_ROLES)
def method(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "costs/method.html",
        {"method": method_html(), "breadcrumbs": _crumbs((_("How the costs are calculated"), ""))},
    )


# --- budget lines ---------------------------------------------------------------------------------


@role_required(*VIEW_ROLES)
def budget(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    can_edit = has_role(request, *EDIT_ROLES)
    if request.method == "POST" and not can_edit:
        raise Http404
    form = BudgetLineForm(request.POST or None) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        services.create_budget_line(
            organisation=organisation,
            acting_user=request.user,  # type: ignore[arg-type]
            **form.cleaned_data,
        )
        messages.success(request, _("The budget line was added."))
        return redirect("costs:budget")
    lines = budget_lines_of(organisation)
    return render(
        request,
        "costs/budget.html",
        {
            "form": form,
            "lines": lines,
            "total": sum((line.amount_per_year for line in lines), Decimal(0)),
            "can_edit": can_edit,
            "breadcrumbs": _crumbs((pgettext("costs", "Budget"), "")),
        },
    )


@role_required(*EDIT_ROLES)
def budget_line_edit(request: HttpRequest, code: str) -> HttpResponse:
    line = get_budget_line_for_user(request, code)
    form = BudgetLineForm(
        request.POST or None,
        initial={"label": line.label, "category": line.category, "amount_per_year": line.amount_per_year},
    )
    if request.method == "POST" and form.is_valid():
        services.update_budget_line(line=line, acting_user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("The budget line was saved."))
        return redirect("costs:budget")
    return render(
        request,
        "costs/budget_line_form.html",
        {
            "form": form,
            "line": line,
            "breadcrumbs": _crumbs((pgettext("costs", "Budget"), reverse("costs:budget")), (line.label, "")),
        },
    )


@require_POST
@role_required(*EDIT_ROLES)
def budget_line_delete(request: HttpRequest, code: str) -> HttpResponse:
    line = get_budget_line_for_user(request, code)
    services.delete_budget_line(line=line, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The budget line was deleted."))
    return redirect("costs:budget")


# --- actual cost ----------------------------------------------------------------------------------


def _submitted_period(data: QueryDict, default: tuple[date, date]) -> tuple[date, date]:
    """The period asked for, when it can be read; otherwise the default (the form reports the error)."""
    field = forms.DateField()
    try:
        start, end = field.clean(data.get("start")), field.clean(data.get("end"))
    except ValidationError:
        return default
    return (start, end) if start <= end else default


def _recorded_hints(recorded: RecordedActivity) -> dict[str, str]:
    if not recorded.any_provider:
        return {}
    hints = {}
    for name in COUNT_FIELDS.values():
        value = getattr(recorded.activity, name)
        hints[name] = (
            _("Recorded in the system for the period: %(count)s.") % {"count": format_decimal(Decimal(repr(value)))}
            if value is not None
            else _("Nothing recorded in the system for the period.")
        )
    return hints


def _with_recorded(data: QueryDict, recorded: Activity) -> QueryDict:
    """The submitted form with every count replaced by what the system recorded for the period."""
    filled = data.copy()
    for name in COUNT_FIELDS.values():
        value = getattr(recorded, name)
        filled[name] = "" if value is None else format_decimal(Decimal(repr(value)))
    return filled


def _sources(cleaned: dict[str, Any], recorded: Activity) -> frozenset[str]:
    """The counts that are what the system recorded (the rest were typed)."""
    same = set()
    for name in COUNT_FIELDS.values():
        typed, found = cleaned.get(name), getattr(recorded, name)
        if typed is not None and found is not None and Decimal(typed) == Decimal(repr(found)):
            same.add(name)
    return frozenset(same)


@role_required(*VIEW_ROLES)
def actual_cost_view(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    today = timezone.localdate()
    default_period = (date(today.year, 1, 1), today)
    scenarios = [s for s in scenarios_of(organisation) if readable_scenario(s)]
    basis_choices = _basis_choices(organisation, scenarios)

    submitted = "start" in request.GET
    start, end = _submitted_period(request.GET, default_period) if submitted else default_period
    recorded = collect_activity(organisation, start, end)
    if submitted:
        data = _with_recorded(request.GET, recorded.activity) if "fetch" in request.GET else request.GET
    else:  # the first visit: this year so far, the first costs, the recorded counts
        data = QueryDict(mutable=True)
        data.update({"start": start.strftime("%d.%m.%Y"), "end": end.strftime("%d.%m.%Y")})
        if basis_choices:
            data["basis"] = basis_choices[0][0]
        data = _with_recorded(data, recorded.activity)
    form = ActualCostForm(
        data if (submitted or basis_choices) else None,
        basis_choices=basis_choices,
        recorded_hints=_recorded_hints(recorded),
    )
    result: ActualCost | None = None
    if basis_choices and form.is_bound and form.is_valid():
        cleaned = form.cleaned_data
        same_period = (cleaned["start"], cleaned["end"]) == (start, end)
        activity = form.activity(recorded=_sources(cleaned, recorded.activity) if same_period else frozenset())
        result = actual_cost(activity, _basis(organisation, cleaned["basis"], scenarios))
    return render(
        request,
        "costs/actual_cost.html",
        {
            "form": form,
            "result": result,
            **_result_context(result),
            "recorded": recorded,
            "has_basis": bool(basis_choices),
            "can_edit": has_role(request, *EDIT_ROLES),
            "breadcrumbs": _crumbs((pgettext("costs", "Actual cost"), "")),
        },
    )


def _basis_choices(organisation: Organisation, scenarios: list[CostScenario]) -> list[tuple[str, str]]:
    """What the period's costs can come from: the budget lines (if any) and each scenario."""
    choices: list[tuple[str, str]] = []
    lines = budget_lines_of(organisation)
    if lines:
        total = sum((line.amount_per_year for line in lines), Decimal(0))
        label = _("Your budget lines (%(amount)s kr. per year)") % {"amount": format_decimal(total.quantize(1))}
        choices.append(("budget", label))
    choices += [(f"s:{s.code}", _("Scenario: %(name)s") % {"name": s.name}) for s in scenarios]
    return choices


def _result_context(result: ActualCost | None) -> dict[str, Any]:
    if result is None:
        return {"figures": [], "period_cost": None, "per_year": None, "basis_lines": []}
    return {
        "figures": _figure_rows(result),
        "period_cost": round_kr(result.cost),
        "per_year": round_kr(result.basis.per_year),
        "basis_lines": [(line.label, round_kr(line.per_year)) for line in result.basis.lines],
    }


def _basis(organisation: Organisation, choice: str, scenarios: list[CostScenario]) -> CostBasis:
    if choice == "budget":
        return budget_basis(organisation, pgettext("costs", "Your budget lines"))
    scenario = next(s for s in scenarios if f"s:{s.code}" == choice)
    basis = scenario_basis(scenario)
    return CostBasis(label=scenario.name, lines=basis.lines)


MEASURE_LABELS = {
    Measure.CITIZEN: pgettext_lazy("costs", "Per citizen reached"),
    Measure.COURSE_RUN: pgettext_lazy("costs", "Per course run"),
    Measure.SUPPORT_HOUR: gettext_lazy("Per hour of support"),
    Measure.SESSION: pgettext_lazy("costs", "Per session"),
    Measure.CHIME_POINT: gettext_lazy("Per CHIME improvement point"),
}
NOTHING_RECORDED = {
    Measure.CITIZEN: gettext_lazy("Not computable – no citizens reached are recorded for the period."),
    Measure.COURSE_RUN: gettext_lazy("Not computable – no course runs are recorded for the period."),
    Measure.SUPPORT_HOUR: gettext_lazy("Not computable – no hours of support are recorded for the period."),
    Measure.SESSION: gettext_lazy("Not computable – no sessions are recorded for the period."),
    Measure.CHIME_POINT: gettext_lazy("Not computable – no CHIME outcomes are recorded for the period."),
}
NO_IMPROVEMENT = gettext_lazy("Not computable – the CHIME outcomes show no improvement for the period.")
SOURCE_LABELS = {Source.RECORDED: pgettext_lazy("costs", "Recorded"), Source.TYPED: pgettext_lazy("costs", "Typed")}


def _figure_rows(result: ActualCost) -> list[dict[str, Any]]:
    rows = []
    for figure in result.figures:
        reason = ""
        if figure.not_computable == NotComputable.NO_COUNT:
            reason = str(NOTHING_RECORDED[figure.measure])
        elif figure.not_computable == NotComputable.NO_IMPROVEMENT:
            reason = str(NO_IMPROVEMENT)
        rows.append(
            {
                "measure": figure.measure.value,
                "label": MEASURE_LABELS[figure.measure],
                "count_label": COUNT_LABELS[COUNT_FIELDS[figure.measure]],
                "count": None if figure.count is None else format_decimal(Decimal(repr(figure.count))),
                "source": figure.source.value if figure.source else "",
                "source_label": SOURCE_LABELS[figure.source] if figure.source else "",
                "source_variant": "success" if figure.source == Source.RECORDED else "info",
                "per_unit": None if figure.cost_per_unit is None else round_kr(figure.cost_per_unit),
                "reason": reason,
            }
        )
    return rows
