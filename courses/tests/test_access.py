"""Every page of the courses app with every persona: who manages, who teaches, who files journal notes,
who reads reports – and everyone else gets 404 (anonymous visitors of staff pages are sent to log in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from core.models import Programme, Role
from courses import registration_services as registrations
from courses import services
from courses.attendance_services import issue_certificates, set_attendance
from courses.models import CourseKind, Notification, TeamRole
from courses.tests.factories import future_days, make_course, make_peer, make_run
from tests.personas import World, login, make_member

pytestmark = pytest.mark.django_db

PERSONAS = ["coordinator", "peer", "key_person", "citizen", "teacher", "lead", "analyst", "administrator", "outsider"]
MANAGERS = {"coordinator", "lead"}
TEAM = MANAGERS | {"teacher"}


@dataclass
class Setup:
    world: World
    urls: dict[str, tuple[str, str]]  # name -> (method, url)
    moment: Any


def _setup(world: World) -> Setup:
    course = make_course(world.organisation, world.school)
    run = make_run(course, teacher=world.teacher, days=future_days(2))
    co_teacher = make_member("medunderviser@example.dk", "Mads", world.organisation, Role.TEACHER, unit=world.school)
    services.add_team_member(run=run, role=TeamRole.PROFESSIONAL, user=co_teacher, acting_user=None)
    agreement = services.create_coteacher_agreement(
        run=run, teacher=world.teacher, co_teacher=co_teacher, area="", acting_user=world.teacher
    )
    confirmed = registrations.register_participant(run=run, name="Kim", email="kim@example.dk")
    by_phone = registrations.register_participant(run=run, name="Ole", phone="22334455")
    notification = Notification.objects.get(registration=by_phone)
    member = run.team.get(user=co_teacher)
    session = run.sessions.order_by("day").first()
    group = make_course(
        world.organisation, world.ward, model=Programme.Model.BRIDGE_BUILDERS, kind=CourseKind.CLOSED_GROUP
    )
    group_run = make_run(group, capacity=8, publish=False, days=future_days(1, start_in_days=8), minutes=None)
    for name in ("Pia", "Per"):
        services.add_team_member(
            run=group_run,
            role=TeamRole.GROUP_PEER,
            peer=make_peer(world.organisation, name),
            is_lead=name == "Pia",
            acting_user=None,
        )
    patient = registrations.register_participant(run=group_run, name="Jens", phone="11223344", by_referral=True)
    moment = run.sessions.order_by("-day").first().ends_at + timedelta(hours=1)
    with time_machine.travel(group_run.sessions.get().ends_at + timedelta(days=10)):
        set_attendance(session=group_run.sessions.get(), registration=patient, present=True, acting_user=None)
        for each in run.sessions.all():
            set_attendance(session=each, registration=confirmed, present=True, acting_user=None)
        issue_certificates(run=run, acting_user=None)
    note = patient.journal_notes.get()
    certificate = confirmed.certificate
    token = registrations.registration_token(confirmed)
    r, c, s = {"code": run.code}, {"code": course.code}, {"code": session.code}
    urls = {
        "course_list": ("get", reverse("courses:course_list")),
        "course_create": ("get", reverse("courses:course_create")),
        "course_detail": ("get", reverse("courses:course_detail", kwargs=c)),
        "course_edit": ("get", reverse("courses:course_edit", kwargs=c)),
        "quality_checklist": ("get", reverse("courses:quality_checklist", kwargs=c)),
        "run_create": ("get", reverse("courses:run_create", kwargs=c)),
        "run_detail": ("get", reverse("courses:run_detail", kwargs=r)),
        "run_edit": ("get", reverse("courses:run_edit", kwargs=r)),
        "run_publish": ("post", reverse("courses:run_publish", kwargs=r)),
        "run_cancel": ("get", reverse("courses:run_cancel", kwargs=r)),
        "run_close": ("post", reverse("courses:run_close", kwargs=r)),
        "evaluation": ("get", reverse("courses:evaluation", kwargs=r)),
        "course_evaluation": ("post", reverse("courses:course_evaluation", kwargs=r)),
        "team_add": ("get", reverse("courses:team_add", kwargs=r)),
        "team_remove": ("post", reverse("courses:team_remove", kwargs={**r, "member_code": member.code})),
        "team_lead": ("post", reverse("courses:team_lead", kwargs={**r, "member_code": member.code})),
        "session_add": ("get", reverse("courses:session_add", kwargs=r)),
        "session_series": ("get", reverse("courses:session_series", kwargs=r)),
        "registration_add": ("get", reverse("courses:registration_add", kwargs=r)),
        "attendance_overview": ("get", reverse("courses:attendance_overview", kwargs=r)),
        "coteacher_start": ("get", reverse("courses:coteacher_start", kwargs=r)),
        "registration_cancel": ("post", reverse("courses:registration_cancel", kwargs={"code": confirmed.code})),
        "notification_handled": ("post", reverse("courses:notification_handled", kwargs={"code": notification.code})),
        "my_runs": ("get", reverse("courses:my_runs")),
        "session_detail": ("get", reverse("courses:session_detail", kwargs=s)),
        "session_edit": ("get", reverse("courses:session_edit", kwargs=s)),
        "session_cancel": ("get", reverse("courses:session_cancel", kwargs=s)),
        "attendance_toggle": (
            "post",
            reverse("courses:attendance_toggle", kwargs={**s, "registration_code": confirmed.code}),
        ),
        "attendance_complete": ("post", reverse("courses:attendance_complete", kwargs=s)),
        "headcount": ("post", reverse("courses:headcount", kwargs=s)),
        "session_feedback": ("post", reverse("courses:session_feedback", kwargs=s)),
        "certificate_download": ("get", reverse("courses:certificate_download", kwargs={"code": certificate.code})),
        "coteacher_detail": ("get", reverse("courses:coteacher_detail", kwargs={"code": agreement.code})),
        "coteacher_accept": ("post", reverse("courses:coteacher_accept", kwargs={"code": agreement.code})),
        "journal_notes": ("get", reverse("courses:journal_notes")),
        "journal_note_file": ("post", reverse("courses:journal_note_file", kwargs={"code": note.code})),
        "report": ("get", reverse("courses:report")),
        "report_export": ("get", reverse("courses:report_export")),
        "my_registrations": ("get", reverse("courses:my_registrations")),
        "public_run": ("get", reverse("courses:public_run", kwargs=r)),
        "run_ical": ("get", reverse("courses:run_ical", kwargs=r)),
        "my_registration": ("get", reverse("courses:my_registration", kwargs={"token": token})),
        "registration_cancel_self": ("get", reverse("courses:registration_cancel_self", kwargs={"token": token})),
        "my_certificate": ("get", reverse("courses:my_certificate", kwargs={"token": token})),
        "catalogue_pdf": ("get", reverse("courses:catalogue_pdf")),
        "catalogue": ("get", reverse("public:courses")),
        "school_catalogue": ("get", reverse("courses:school_catalogue", kwargs={"code": world.school.code})),
    }
    return Setup(world, urls, moment)


EVERYONE = set(PERSONAS)
PUBLIC = {
    "public_run",
    "run_ical",
    "my_registration",
    "registration_cancel_self",
    "my_certificate",
    "catalogue",
    "catalogue_pdf",
    "school_catalogue",
}
POST_VIEWS = {
    "run_publish",
    "run_close",
    "team_remove",
    "team_lead",
    "registration_cancel",
    "notification_handled",
    "attendance_toggle",
    "attendance_complete",
    "headcount",
    "session_feedback",
    "course_evaluation",
    "coteacher_accept",
    "journal_note_file",
}
ALLOWED: dict[str, set[str]] = {
    **dict.fromkeys(
        [
            "course_list",
            "course_create",
            "course_detail",
            "course_edit",
            "quality_checklist",
            "run_create",
            "run_edit",
            "run_publish",
            "run_cancel",
            "team_add",
            "team_remove",
            "team_lead",
        ],
        MANAGERS,
    ),
    **dict.fromkeys(
        [
            "run_detail",
            "evaluation",
            "course_evaluation",
            "registration_add",
            "attendance_overview",
            "registration_cancel",
            "notification_handled",
            "session_detail",
            "attendance_toggle",
            "attendance_complete",
            "headcount",
            "session_feedback",
            "certificate_download",
            # the teacher is the run's lead, so may plan its sessions and finish it
            "session_add",
            "session_series",
            "session_edit",
            "session_cancel",
            "run_close",
        ],
        TEAM,
    ),
    "coteacher_start": {"teacher"},
    "coteacher_detail": {"teacher"},
    "coteacher_accept": {"teacher"},
    "my_runs": {"teacher", "peer"},
    "journal_notes": {"coordinator", "lead", "key_person", "outsider"},
    "journal_note_file": {"coordinator", "lead", "key_person"},
    "report": {"coordinator", "lead", "analyst", "outsider"},
    "report_export": {"coordinator", "lead", "analyst", "outsider"},
    "my_registrations": EVERYONE,
    # Pages of one's own organisation: a coordinator elsewhere sees their own (empty) lists, never ours.
    "course_list": MANAGERS | {"outsider"},
    "course_create": MANAGERS | {"outsider"},
    **dict.fromkeys(PUBLIC, EVERYONE),
}


def _check(response: Any, persona: str, name: str) -> str | None:
    if persona in ALLOWED[name]:
        if response.status_code not in (200, 302):
            return f"{persona} should reach {name} (got {response.status_code})"
        if response.status_code == 302 and "/konto/" in response["Location"]:
            return f"{persona} was sent to log in at {name}"
        return None
    if response.status_code != 404:
        return f"{persona} must not reach {name} (got {response.status_code})"
    return None


POSTS = sorted(name for name in ALLOWED if name in POST_VIEWS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_each_persona_exactly_the_course_pages_their_role_allows(world, persona: str) -> None:
    setup = _setup(world)
    client = Client()
    problems = []
    with time_machine.travel(setup.moment):
        login(client, world.personas()[persona])
        for name in sorted(ALLOWED):
            method, url = setup.urls[name]
            if method == "get":
                problems.append(_check(client.get(url), persona, name))
    assert [p for p in problems if p] == []


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", POSTS)
def test_it_lets_each_persona_do_exactly_the_course_actions_their_role_allows(world, persona: str, name: str) -> None:
    setup = _setup(world)
    client = Client()
    with time_machine.travel(setup.moment):
        login(client, world.personas()[persona])
        problem = _check(client.post(setup.urls[name][1]), persona, name)
    assert problem is None, problem


def test_it_shows_a_coordinator_of_another_organisation_nothing_of_ours(client, world):
    setup = _setup(world)
    login(client, world.outsider)
    for name in ("course_list", "journal_notes", "report"):
        page = client.get(setup.urls[name][1]).text
        assert "Recovery – hvad er det?" not in page and "Jens" not in page


@pytest.mark.parametrize("name", sorted(set(ALLOWED) - PUBLIC))
def test_it_sends_anonymous_visitors_of_staff_pages_to_log_in(client: Client, world, name: str) -> None:
    setup = _setup(world)
    method, url = setup.urls[name]
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]


def test_it_covers_every_url_of_the_app() -> None:
    from courses.urls import urlpatterns

    names = {p.name for p in urlpatterns}
    assert names - set(ALLOWED) == set(), "a page without an access test"


def test_it_keeps_the_coteacher_agreement_from_the_coordinator_of_the_same_organisation(client, world):
    setup = _setup(world)
    _method, url = setup.urls["coteacher_detail"]
    login(client, world.coordinator)
    assert client.get(url).status_code == 404
    login(client, world.teacher)
    assert client.get(url).status_code == 200
