"""Session feedback after every session: a QR link per session through the feedback app, a trend per
session for the team, and a flag when an answer totals under 36 of 40 or has an item under 9."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from courses import feedback_adapter
from courses.models import Session
from courses.tests.factories import make_course, make_run
from feedback import services as feedback
from feedback.access import may_see_context
from tests.personas import login

pytestmark = pytest.mark.django_db

ITEMS = ("relationship", "goals_topics", "approach", "overall")


def _answer(session: Session, *values: int) -> None:
    invitation_code = session.feedback_invitation
    from feedback.models import Invitation

    invitation = Invitation.objects.get(code=invitation_code)
    response = feedback.start_response(invitation=invitation, language="da")
    feedback.save_answers(response=response, answers=dict(zip(ITEMS, values, strict=True)), submit=True)


def _held_session(world, client):
    run = make_run(make_course(world.organisation, world.school), teacher=world.teacher)
    session = run.sessions.order_by("day").first()
    return run, session


def test_it_opens_one_feedback_link_per_session_and_shows_its_qr_code(client, world):
    _run, session = _held_session(world, client)
    with time_machine.travel(session.ends_at):
        login(client, world.teacher)
        client.post(reverse("courses:session_feedback", kwargs={"code": session.code}))
        client.post(reverse("courses:session_feedback", kwargs={"code": session.code}))
        page = client.get(reverse("courses:session_detail", kwargs={"code": session.code}))
    session.refresh_from_db()
    assert session.feedback_invitation is not None
    from feedback.models import Invitation

    invitation = Invitation.objects.get(code=session.feedback_invitation)
    assert invitation.group_link and invitation.occasion == "session"
    assert Invitation.objects.count() == 1
    assert 'src="data:image/svg+xml;base64,' in page.text
    assert invitation.instrument.instrument_id == "session_feedback"
    assert str(session.code) == invitation.context_code


def test_it_flags_a_session_with_a_low_total_or_a_low_item(client, world):
    run, first = _held_session(world, client)
    second = run.sessions.order_by("day")[1]
    for session in (first, second):
        code = feedback_adapter.open_session_feedback(session=session, acting_user=world.teacher)
        Session.objects.filter(pk=session.pk).update(feedback_invitation=code)
        session.refresh_from_db()
    for _ in range(5):
        _answer(first, 10, 10, 10, 10)
    _answer(second, 10, 10, 10, 8)  # total 38, but one item under 9
    results = feedback_adapter.session_results([first, second])
    assert [(r.answers, r.needs_follow_up) for r in results] == [(5, False), (1, True)]
    assert results[0].mean_total == 40.0
    assert results[1].mean_total is None and results[1].suppressed  # one answer is too few to show a mean
    chart = feedback_adapter.trend_chart(results, mean_label="Gns.", threshold_label="36")
    assert chart["data"]["datasets"][0]["data"] == [40.0, None]
    assert chart["data"]["datasets"][1]["data"] == [36, 36]


def test_it_shows_the_team_the_trend_and_lets_the_teacher_see_answers_about_own_sessions(client, world):
    run, session = _held_session(world, client)
    code = feedback_adapter.open_session_feedback(session=session, acting_user=world.teacher)
    Session.objects.filter(pk=session.pk).update(feedback_invitation=code)
    session.refresh_from_db()
    _answer(session, 9, 8, 9, 9)
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Session)
    assert may_see_context(world.teacher, content_type, str(session.code))
    assert not may_see_context(world.peer, content_type, str(session.code))
    with time_machine.travel(session.ends_at + timedelta(days=1)):
        login(client, world.teacher)
        page = client.get(reverse("courses:run_detail", kwargs={"code": run.code}))
    assert 'data-chart="session-feedback-chart"' in page.text
    assert 'id="session-feedback-chart"' in page.text


def _own_instrument(world, shipped_id: str, own_id: str) -> None:
    """An instrument the organisation loaded itself (e.g. one it holds a licence for), in the shipped layout."""
    import json
    from pathlib import Path

    from django.conf import settings

    definition = json.loads(
        (Path(settings.BASE_DIR) / "feedback" / "instruments" / f"{shipped_id}-v1.json").read_text()
    )
    definition["id"] = own_id
    definition["title"] = {"da": "Vores egen feedback", "en": "Our own feedback"}
    definition["source"] = "Region Testland"
    feedback.import_instrument(organisation=world.organisation, text=json.dumps(definition), acting_user=None)


def test_it_uses_the_session_questionnaire_the_programmes_measurement_plan_names(client, world):
    _own_instrument(world, "session_feedback", "vores_gangfeedback")
    run, session = _held_session(world, client)
    feedback.create_measurement_plan(
        programme=run.course.programme, instrument_key="vores_gangfeedback", timing="after_session", acting_user=None
    )
    code = feedback_adapter.open_session_feedback(session=session, acting_user=world.teacher)
    Session.objects.filter(pk=session.pk).update(feedback_invitation=code)
    session.refresh_from_db()
    from feedback.models import Invitation

    assert Invitation.objects.get(code=code).instrument.instrument_id == "vores_gangfeedback"
    for _ in range(5):
        _answer(session, 10, 9, 9, 10)
    [result] = feedback_adapter.session_results([session])
    assert (result.answers, result.mean_total, result.needs_follow_up) == (5, 38.0, False)
