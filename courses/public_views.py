"""The public side of the courses app, no login needed: the catalogue per school and programme with
filters, a course page with registration, a printable PDF catalogue, iCal for a run, and the
participant's own page reached through the signed link in their e-mail (see, cancel, certificate)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import login_required
from core.models import Programme, Unit
from courses import ical, pdf, selectors
from courses import registration_services as registrations
from courses.checklists import PARTICIPATION_RULES
from courses.errors import CourseRefused
from courses.forms import CatalogueFilterForm, RegistrationForm
from courses.models import Certificate, CourseRun, Registration, RegistrationStatus, RunStatus
from courses.services import programme_setting


def _filters(form: CatalogueFilterForm, school: str = "") -> selectors.CatalogueFilter:
    form.is_valid()  # a value the form does not offer (an old link) is left out, the rest still filters
    data = getattr(form, "cleaned_data", {})
    weekday = data.get("weekday") or ""
    return selectors.CatalogueFilter(
        school=school or data.get("school", "") or "",
        programme=data.get("programme", "") or "",
        term=data.get("term", "") or "",
        theme=data.get("theme", "") or "",
        place=data.get("place", "") or "",
        weekday=int(weekday) if str(weekday).isdigit() else None,
    )


def _grouped(entries: list[selectors.CatalogueEntry]) -> list[tuple[Unit, list[tuple[Programme, list[Any]]]]]:
    """Entries by school, then by programme, in the order the catalogue lists them."""
    schools: OrderedDict[int, tuple[Unit, OrderedDict[int, tuple[Programme, list[Any]]]]] = OrderedDict()
    for entry in sorted(entries, key=lambda e: (e.run.course.unit.name, e.run.course.programme.name)):
        unit, programme = entry.run.course.unit, entry.run.course.programme
        programmes = schools.setdefault(unit.pk, (unit, OrderedDict()))[1]
        programmes.setdefault(programme.pk, (programme, []))[1].append(entry)
    return [(unit, list(programmes.values())) for unit, programmes in schools.values()]


def _applied(form: CatalogueFilterForm) -> list[str]:
    if not form.is_valid():
        return []
    labels = []
    for name, value in form.cleaned_data.items():
        if value:
            field = form.fields[name]
            choices = dict(getattr(field, "choices", []))
            labels.append(f"{field.label}: {choices.get(value, value)}")
    return labels


def catalogue_context(request: HttpRequest, *, school: Unit | None = None) -> dict[str, Any]:
    """What the catalogue page shows; public:courses renders it at /kurser/."""
    choices = selectors.catalogue_choices()
    form = CatalogueFilterForm(request.GET or None, choices=choices, with_school=school is None)
    entries = selectors.catalogue_entries(selectors.catalogue_runs(_filters(form, str(school.code) if school else "")))
    query = request.GET.urlencode()
    pdf_url = reverse("courses:catalogue_pdf") + (f"?{query}" if query else "")
    if school is not None:
        pdf_url = reverse("courses:catalogue_pdf") + f"?school={school.code}" + (f"&{query}" if query else "")
    return {
        "filter_form": form,
        "entries": entries,
        "groups": _grouped(entries),
        "filtered": bool(request.GET),
        "pdf_url": pdf_url,
        "school": school,
        "has_any": bool(choices["schools"]),
    }


def school_catalogue(request: HttpRequest, code: str) -> HttpResponse:
    school = get_object_or_404(Unit.objects.select_related("organisation"), code=code, active=True)
    context = catalogue_context(request, school=school)
    context["breadcrumbs"] = [
        {"label": gettext_lazy("Home"), "url": reverse("public:home")},
        {"label": gettext_lazy("Courses"), "url": reverse("public:courses")},
        {"label": school.name, "url": ""},
    ]
    return render(request, "courses/public/school_catalogue.html", context)


def catalogue_pdf(request: HttpRequest) -> HttpResponse:
    choices = selectors.catalogue_choices()
    form = CatalogueFilterForm(request.GET or None, choices=choices)
    entries = selectors.catalogue_entries(selectors.catalogue_runs(_filters(form)))
    document = pdf.catalogue_pdf(title=_("Course catalogue"), entries=entries, filters=_applied(form))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="kursuskatalog.pdf"'
    return response


def _run_or_404(code: str) -> CourseRun:
    run = selectors.public_run(code)
    if run is None:
        raise Http404
    return run


def public_run(request: HttpRequest, code: str) -> HttpResponse:
    """The course page: the description, dates, place, team, places left – and the registration form."""
    run = _run_or_404(code)
    entry = selectors.catalogue_entries([run])[0]
    open_now = run.status == RunStatus.PUBLISHED and entry.open_for_registration
    form = RegistrationForm(request.POST or None) if open_now else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("It is no longer possible to sign up for this course."))
            return redirect("courses:public_run", code=run.code)
        if form.is_valid():
            data = form.cleaned_data
            user = request.user if request.user.is_authenticated else None
            try:
                registration = registrations.register_participant(
                    run=run,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    perspective=data["perspective"],
                    user=user,  # type: ignore[arg-type]
                )
            except CourseRefused as error:
                if error.code == "already_registered":
                    form.add_error(None, error.message)
                elif error.field in form.fields:
                    form.add_error(error.field, error.message)
                else:
                    form.add_error(None, error.message)
            else:
                return redirect("courses:my_registration", token=registrations.registration_token(registration))
    programme = run.course.programme
    team = list(run.team.all())
    return render(
        request,
        "courses/public/run.html",
        {
            "run": run,
            "version": run.version,
            "entry": entry,
            "form": form,
            "team": team,
            "rules": PARTICIPATION_RULES if programme.model == Programme.Model.ARK else (),
            "certificate_percent": programme_setting(programme, "certificate_attendance_percent", 80),
            "breadcrumbs": [
                {"label": gettext_lazy("Home"), "url": reverse("public:home")},
                {"label": gettext_lazy("Courses"), "url": reverse("public:courses")},
                {"label": run.version.title, "url": ""},
            ],
        },
    )


def run_ical(request: HttpRequest, code: str) -> HttpResponse:
    run = _run_or_404(code)
    unit = run.unit
    place = ", ".join(p for p in (unit.name, unit.address, f"{unit.postcode} {unit.city}".strip()) if p)
    url = request.build_absolute_uri(reverse("courses:public_run", kwargs={"code": run.code}))
    events = [
        ical.Event(
            uid=f"{session.code}@brobygger",
            start=timezone.make_naive(session.starts_at),
            end=timezone.make_naive(session.ends_at),
            summary=run.version.title,
            location=", ".join(p for p in (session.room, place) if p),
            description=session.topic or run.version.purpose[:500],
            url=url,
            cancelled=session.is_cancelled,
        )
        for session in run.sessions.order_by("day", "start")
    ]
    body = ical.calendar(events, name=run.version.title, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kursus-{run.code}.ics"'
    return response


def _registration_or_404(token: str) -> Registration:
    registration = registrations.registration_from_token(token)
    if registration is None:
        raise Http404
    return registration


def my_registration(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's own page from the link in their e-mail: status, place in the queue, cancel, certificate."""
    registration = _registration_or_404(token)
    certificate = Certificate.objects.filter(registration=registration).first()
    return render(
        request,
        "courses/public/my_registration.html",
        {
            "registration": registration,
            "run": registration.run,
            "token": token,
            "position": registration.waiting_position(),
            "certificate": certificate,
            "can_cancel": registration.status != RegistrationStatus.CANCELLED
            and registration.run.status in (RunStatus.DRAFT, RunStatus.PUBLISHED),
        },
    )


def registration_cancel_self(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    if request.method == "POST":
        try:
            registrations.cancel_registration(registration=registration, acting_user=None, by_participant=True)
        except CourseRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your registration is cancelled. Thank you for letting us know."))
        return redirect("courses:my_registration", token=token)
    return render(
        request, "courses/public/cancel.html", {"registration": registration, "run": registration.run, "token": token}
    )


def my_certificate(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    certificate = get_object_or_404(
        Certificate.objects.select_related("registration__run__version"), registration=registration
    )
    response = HttpResponse(pdf.certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.certificate_filename(certificate)}"'
    return response


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    """A person with an account sees the registrations they made while logged in."""
    rows = [
        (r, registrations.registration_token(r))
        for r in Registration.objects.filter(user=request.user, anonymised_at__isnull=True)  # type: ignore[misc]
        .select_related("run__version", "run__unit")
        .order_by("-created_at")
    ]
    return render(request, "courses/public/my_registrations.html", {"rows": rows})
