"""Reports for a school: runs, sessions held, participants by perspective, fill rate, attendance,
certificates and session feedback – counts, no names – on the page and in Excel."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import Programme
from courses import registration_services as registrations
from courses import selectors
from courses.attendance_services import issue_certificates, record_headcount, set_attendance
from courses.models import CourseKind
from courses.tests.factories import future_days, make_course, make_run
from tests.personas import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(world):
    run = make_run(
        make_course(world.organisation, world.school), teacher=world.teacher, capacity=4, days=future_days(2)
    )
    keen = registrations.register_participant(run=run, name="Kim", email="kim@example.dk", perspective="citizen")
    registrations.register_participant(run=run, name="Bo", email="bo@example.dk", perspective="staff")
    registrations.register_participant(run=run, name="Ida", email="ida@example.dk")
    cafe = make_course(world.organisation, world.ward, model=Programme.Model.BRIDGE_BUILDERS, kind=CourseKind.DROP_IN)
    cafe_run = make_run(cafe, capacity=None, publish=False, days=future_days(1), minutes=120)
    moment = run.sessions.order_by("-day").first().ends_at + timedelta(hours=1)
    with time_machine.travel(moment):
        for session in run.sessions.all():
            set_attendance(session=session, registration=keen, present=True, acting_user=None)
        issue_certificates(run=run, acting_user=None)
        record_headcount(session=cafe_run.sessions.get(), headcount=9, names=[], acting_user=None)
    return run, cafe_run, moment


def test_it_counts_runs_participants_fill_rate_attendance_and_certificates(world, held):
    run, _cafe_run, moment = held
    with time_machine.travel(moment):
        today = timezone.localdate()
        report = selectors.school_report(world.organisation, unit=None, start=today - timedelta(days=90), end=today)
    rows = {row.run.pk: row for row in report.rows}
    assert set(rows) == {run.pk}  # the drop-in was never published, so it is not a run in the report
    row = rows[run.pk]
    assert (row.sessions_held, row.confirmed, row.capacity, row.certificates) == (2, 3, 4, 1)
    assert row.fill_rate == 75.0
    assert round(row.mean_attendance, 1) == 33.3  # 100 %, 0 %, 0 %
    by_perspective = {key: count for key, _label, count in report.perspectives}
    assert by_perspective == {"citizen": 1, "relative": 0, "staff": 1, "student": 0, "other": 0, "": 1}


def test_it_shows_the_report_page_and_exports_excel_without_names(client, world, held):
    run, _cafe, moment = held
    with time_machine.travel(moment):
        login(client, world.analyst)
        page = client.get(reverse("courses:report"))
        export = client.get(reverse("courses:report_export"))
    assert page.status_code == 200 and "Kim" not in page.text
    assert run.version.title in page.text
    workbook = load_workbook(io.BytesIO(export.content))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Kursus"
    assert rows[1][0] == run.version.title
    assert rows[1][8] == 3  # with a place
    assert all("Kim" not in str(cell) for row in rows for cell in row)


def test_it_shows_the_session_feedback_trend_per_month(client, world, held):
    from courses import feedback_adapter
    from courses.models import Session
    from feedback import services as feedback
    from feedback.models import Invitation

    run, _cafe, moment = held
    first, second = run.sessions.order_by("day")
    answers = {first: [(10, 10, 10, 10)] * 5, second: [(10, 10, 10, 8)]}  # the second: one item under 9
    with time_machine.travel(moment):
        for session, given in answers.items():
            code = feedback_adapter.open_session_feedback(session=session, acting_user=None)
            Session.objects.filter(pk=session.pk).update(feedback_invitation=code)
            for values in given:
                response = feedback.start_response(invitation=Invitation.objects.get(code=code), language="da")
                items = dict(zip(("relationship", "goals_topics", "approach", "overall"), values, strict=True))
                feedback.save_answers(response=response, answers=items, submit=True)
        today = timezone.localdate()
        report = selectors.school_report(world.organisation, unit=None, start=today - timedelta(days=90), end=today)
        login(client, world.coordinator)
        page = client.get(reverse("courses:report")).text
    months = {m.month: m for m in report.feedback_months}
    assert sum(m.sessions_answered for m in months.values()) == 2
    assert sum(m.flagged_sessions for m in months.values()) == 1
    # Only the first session has enough answers to show a mean; the second's month shows none of its own.
    assert months[first.day.replace(day=1)].mean_total == 40.0
    if second.day.month != first.day.month:
        assert months[second.day.replace(day=1)].mean_total is None
    assert 'id="feedback-trend-chart"' in page and "Feedback på gangene over tid" in page
