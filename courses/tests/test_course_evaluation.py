"""The course evaluation after a run, on the questionnaire engine: the team shows one QR code (a group link
to the shipped "course_evaluation" questionnaire) once the last session has begun; participants answer on
their phones; the run page shows the share who agree per question, only when at least five answered."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from courses.models import CourseRun
from courses.tests.factories import make_course, make_run
from feedback import services as feedback
from feedback.access import may_see_context
from feedback.models import Invitation
from tests.personas import login

pytestmark = pytest.mark.django_db


def _run(world) -> CourseRun:
    return make_run(make_course(world.organisation, world.school), teacher=world.teacher)


def _last_session_begun(run: CourseRun):
    return time_machine.travel(run.sessions.order_by("-day").first().starts_at + timedelta(minutes=30))


def _answer(run: CourseRun, knowledge: int, perspectives: int, hope: int, overall: int) -> None:
    invitation = Invitation.objects.get(code=run.evaluation_invitation)
    response = feedback.start_response(invitation=invitation, language="da")
    answers = {
        "knowledge_recovery": knowledge,
        "new_perspectives": perspectives,
        "more_hope": hope,
        "overall_rating": overall,
    }
    feedback.save_answers(response=response, answers=answers, submit=True)


def test_it_opens_the_course_evaluation_only_once_the_last_session_has_begun(client, world):
    run = _run(world)
    url = reverse("courses:course_evaluation", kwargs={"code": run.code})
    with time_machine.travel(run.sessions.order_by("day").first().ends_at):
        login(client, world.teacher)
        client.post(url)
        page = client.get(reverse("courses:run_detail", kwargs={"code": run.code}))
    run.refresh_from_db()
    assert run.evaluation_invitation is None
    assert Invitation.objects.count() == 0
    assert "Kursusevalueringen åbner, når holdets sidste kursusgang er begyndt." in page.text


def test_it_opens_one_group_link_to_the_course_evaluation_and_shows_its_qr_code(client, world):
    run = _run(world)
    url = reverse("courses:course_evaluation", kwargs={"code": run.code})
    with _last_session_begun(run):
        login(client, world.teacher)
        client.post(url)
        client.post(url)
        page = client.get(reverse("courses:run_detail", kwargs={"code": run.code}))
    run.refresh_from_db()
    invitation = Invitation.objects.get()
    assert run.evaluation_invitation == invitation.code
    assert invitation.group_link and invitation.occasion == "end"
    assert invitation.instrument.instrument_id == "course_evaluation"
    assert invitation.context_code == str(run.code)
    assert 'alt="QR-kode til kursusevalueringen"' in page.text
    assert 'src="data:image/svg+xml;base64,' in page.text


def test_it_shows_the_share_who_agree_only_when_five_have_answered(client, world):
    run = _run(world)
    detail = reverse("courses:run_detail", kwargs={"code": run.code})
    with _last_session_begun(run):
        login(client, world.teacher)
        client.post(reverse("courses:course_evaluation", kwargs={"code": run.code}))
        run.refresh_from_db()
        for _ in range(4):
            _answer(run, 5, 4, 4, 9)
        too_few = client.get(detail).text
        _answer(run, 2, 3, 5, 6)
        enough = client.get(detail).text
    assert "Resultaterne vises, når mindst 5 har svaret" in too_few
    assert "Jeg har fået mere viden om recovery." not in too_few
    assert "5 deltagere svarede" in enough
    assert "Jeg har fået mere viden om recovery." in enough
    # Knowledge: 4 of 5 answered 4 or 5 ("agree"); hope: all 5.
    assert "80 %" in enough and "100 %" in enough


def test_it_lets_the_team_see_the_answers_about_their_own_run_only(world):
    run = _run(world)
    content_type = ContentType.objects.get_for_model(CourseRun)
    assert may_see_context(world.teacher, content_type, str(run.code))
    assert not may_see_context(world.peer, content_type, str(run.code))


def test_it_takes_no_course_evaluation_at_a_drop_in(client, world):
    from courses.models import CourseKind

    run = make_run(make_course(world.organisation, world.school, kind=CourseKind.DROP_IN), teacher=world.teacher)
    with _last_session_begun(run):
        login(client, world.teacher)
        client.post(reverse("courses:course_evaluation", kwargs={"code": run.code}))
    run.refresh_from_db()
    assert run.evaluation_invitation is None


def test_it_uses_the_course_evaluation_the_programmes_measurement_plan_names(client, world):
    import json
    from pathlib import Path

    from django.conf import settings

    shipped = Path(settings.BASE_DIR) / "feedback" / "instruments" / "course_evaluation-v1.json"
    definition = json.loads(shipped.read_text())
    definition["id"], definition["source"] = "vores_evaluering", "Region Testland"
    feedback.import_instrument(organisation=world.organisation, text=json.dumps(definition), acting_user=None)
    run = _run(world)
    feedback.create_measurement_plan(
        programme=run.course.programme, instrument_key="vores_evaluering", timing="end", acting_user=None
    )
    detail = reverse("courses:run_detail", kwargs={"code": run.code})
    with _last_session_begun(run):
        login(client, world.teacher)
        client.post(reverse("courses:course_evaluation", kwargs={"code": run.code}))
        run.refresh_from_db()
        for _ in range(5):
            _answer(run, 5, 5, 5, 10)
        page = client.get(detail).text
    assert Invitation.objects.get(code=run.evaluation_invitation).instrument.instrument_id == "vores_evaluering"
    assert "5 deltagere svarede" in page
