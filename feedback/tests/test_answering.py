"""Answering a questionnaire through a signed link, without an account: saved on every page, never lost,
sent once; an expired, used or closed link explains itself; reminders and repeated measurements."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from core.tasks import daily_jobs
from feedback import links, services
from feedback.models import Invitation, Response
from feedback.tests.factories import answered, chime_answers, make_citizen, session_answers
from tests.personas import World, login


def _invite(world: World, **kwargs: Any) -> Invitation:
    defaults: dict[str, Any] = {
        "instrument_key": "chime_recovery",
        "programme": world.programme,
        "respondent_citizen": world.citizen_record,
        "occasion": "start",
    }
    return services.invite_respondent(**{**defaults, **kwargs})


def _page(client: Client, invitation: Invitation, page: int = 1) -> Any:
    return client.get(links.answer_path(invitation.code), {"side": page})


def _post(client: Client, invitation: Invitation, page: int, action: str, answers: dict[str, Any]) -> Any:
    data = {"side": str(page), "action": action, **{k: str(v) for k, v in answers.items()}}
    return client.post(links.answer_path(invitation.code), data)


def _chime_page(page: int, level: int) -> dict[str, int]:
    items = list(chime_answers(level))
    return {item: level for item in items[(page - 1) * 5 : page * 5]}


@pytest.mark.django_db
def test_it_opens_the_questionnaire_from_the_link_without_an_account(world: World) -> None:
    invitation = _invite(world)
    response = _page(Client(), invitation)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sådan går det med min recovery" in page
    assert "Jeg har mennesker i mit liv, som jeg kan regne med." in page
    assert "Side 1 af 3" in page


@pytest.mark.django_db
def test_it_saves_each_page_and_continues_where_the_person_left_off(world: World) -> None:
    invitation = _invite(world)
    client = Client()
    first = _post(client, invitation, 1, "next", _chime_page(1, 3))
    assert first.status_code == 302 and first["Location"].endswith("?side=2")
    saved = _post(client, invitation, 2, "save", {"hope_possibilities": 2})
    assert saved["Location"] == reverse("feedback:answer_saved", kwargs={"token": links.make_token(invitation.code)})
    assert "Dine svar er gemt" in client.get(saved["Location"]).content.decode()

    response = Response.objects.get(invitation=invitation)
    assert (
        response.partial and response.answers["connected_people"] == 3 and response.answers["hope_possibilities"] == 2
    )
    assert not response.complete
    # On another day, on another phone: the same link shows what was answered.
    again = _page(Client(), invitation, 2).content.decode()
    assert re.search(r'name="hope_possibilities" value="2"[^>]*checked', again)


@pytest.mark.django_db
def test_it_sends_the_answers_once_and_then_explains_the_used_link(world: World) -> None:
    invitation = _invite(world)
    client = Client()
    for page in (1, 2):
        _post(client, invitation, page, "next", _chime_page(page, 2))
    done = _post(client, invitation, 3, "send", _chime_page(3, 2))
    assert done["Location"] == reverse("feedback:answer_done")
    response = Response.objects.get(invitation=invitation)
    assert response.submitted_at is not None and response.complete and response.total == 30
    assert response.subscale_scores["hope"] == 6

    again = _page(Client(), invitation)
    assert again.status_code == 410
    assert "Spørgeskemaet er besvaret" in again.content.decode()
    assert AuditEntry.objects.filter(action="feedback.response.submitted", subject_code=str(world.citizen_record.code))


@pytest.mark.django_db
def test_it_asks_before_sending_with_unanswered_questions_and_keeps_a_partial_answer(world: World) -> None:
    invitation = _invite(world)
    client = Client()
    _post(client, invitation, 1, "next", _chime_page(1, 4))
    response = _post(client, invitation, 3, "send", _chime_page(3, 4))
    page = response.content.decode()
    assert response.status_code == 200
    assert "5 spørgsmål er ikke besvaret endnu" in page
    assert Response.objects.get(invitation=invitation).submitted_at is None

    sent = _post(client, invitation, 3, "send_anyway", _chime_page(3, 4))
    assert sent["Location"] == reverse("feedback:answer_done")
    kept = Response.objects.get(invitation=invitation)
    assert kept.submitted_at is not None and not kept.complete and not kept.total_complete
    assert len(kept.answers) == 10


@pytest.mark.django_db
def test_it_explains_an_expired_link_with_status_410(world: World) -> None:
    invitation = _invite(world)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = _page(Client(), invitation)
    assert response.status_code == 410
    assert "Linket er udløbet" in response.content.decode()


@pytest.mark.django_db
def test_it_explains_a_closed_link_and_refuses_answers_through_it(world: World) -> None:
    invitation = _invite(world)
    client = Client()
    _post(client, invitation, 1, "next", _chime_page(1, 1))
    services.cancel_invitation(invitation=invitation, acting_user=world.coordinator)
    response = _post(client, invitation, 2, "next", _chime_page(2, 1))
    assert response.status_code == 410
    assert "Linket er lukket" in response.content.decode()
    assert "identity_more_than" not in Response.objects.get(invitation=invitation).answers


@pytest.mark.django_db
def test_it_does_not_open_a_changed_or_made_up_link(world: World) -> None:
    invitation = _invite(world)
    token = links.make_token(invitation.code)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert Client().get(reverse("feedback:answer", kwargs={"token": forged})).status_code == 404
    assert Client().get(reverse("feedback:answer", kwargs={"token": "tak-for-sidst"})).status_code == 404


@pytest.mark.django_db
def test_it_refuses_a_value_off_the_scale(world: World) -> None:
    invitation = _invite(world)
    response = _post(Client(), invitation, 1, "next", {"connected_people": 7})
    assert response.status_code == 200
    assert "connected_people" not in Response.objects.get(invitation=invitation).answers


@pytest.mark.django_db
def test_it_takes_one_anonymous_answer_per_phone_on_a_group_link(world: World) -> None:
    invitation = _invite(
        world,
        instrument_key="session_feedback",
        respondent_citizen=None,
        respondent_label="Hold A, gang 3",
        occasion="session",
        group_link=True,
    )
    for values in [(10, 10, 9, 10), (8, 10, 10, 10), (10, 10, 10, 10)]:
        phone = Client()
        assert _post(phone, invitation, 1, "send", session_answers(*values)).status_code == 302
        # The same phone opening the link again is thanked, not asked again.
        assert _page(phone, invitation)["Location"] == reverse("feedback:answer_done")
    answers = Response.objects.filter(invitation=invitation).order_by("pk")
    assert [a.total for a in answers] == [39, 38, 40]
    assert [a.flagged for a in answers] == [False, True, False]
    assert all(a.respondent_citizen is None for a in answers)


@pytest.mark.django_db
def test_it_flags_a_session_answer_with_a_total_under_36(world: World) -> None:
    response = answered(
        programme=world.programme,
        instrument_key="session_feedback",
        answers=session_answers(9, 9, 9, 8),
        occasion="session",
    )
    assert response.total == 35 and set(response.flags) == {"low_total", "low_item"}


@pytest.mark.django_db
def test_it_emails_the_link_and_one_reminder_after_the_set_days(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(world, send_email_to="birgit@example.dk")
    assert len(mail.outbox) == 1
    token = links.make_token(invitation.code)
    assert token in mail.outbox[0].body and mail.outbox[0].to == ["birgit@example.dk"]

    jobs = daily_jobs()
    with django_capture_on_commit_callbacks(execute=True):
        jobs["feedback.send_reminders"]()
    assert len(mail.outbox) == 1  # not yet
    later = time_machine.travel(timezone.now() + timedelta(days=3, hours=1))
    with later, django_capture_on_commit_callbacks(execute=True):
        assert jobs["feedback.send_reminders"]() == 1
        assert jobs["feedback.send_reminders"]() == 0
    assert len(mail.outbox) == 2
    assert "Påmindelse" in mail.outbox[1].subject and token in mail.outbox[1].body


@pytest.mark.django_db
def test_it_sends_no_reminder_once_answered(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(world, send_email_to="birgit@example.dk")
    answered(programme=world.programme, invitation=invitation, answers=chime_answers(2))
    with time_machine.travel(timezone.now() + timedelta(days=5)), django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_it_invites_again_every_n_weeks_until_the_end(world: World, django_capture_on_commit_callbacks: Any) -> None:
    services.create_measurement_plan(
        programme=world.programme,
        instrument_key="chime_recovery",
        timing="every_n_weeks",
        interval_weeks=4,
        acting_user=world.coordinator,
    )
    done = make_citizen(world.organisation, "Dorthe")
    answered(programme=world.programme, citizen=world.citizen_record, answers=chime_answers(1))
    answered(programme=world.programme, citizen=done, answers=chime_answers(1))
    answered(programme=world.programme, citizen=done, answers=chime_answers(3), occasion="end")
    assert services.invite_repeated_measurements() == 0  # nobody has waited four weeks
    with time_machine.travel(timezone.now() + timedelta(weeks=4, hours=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.invite_repeated_measurements() == 1
        assert services.invite_repeated_measurements() == 0
    invitation = Invitation.objects.filter(occasion="during").get()
    assert invitation.respondent_citizen == world.citizen_record and invitation.plan is not None
    assert mail.outbox[0].to == ["borger@example.dk"]


@pytest.mark.django_db
def test_it_lets_a_peer_hand_over_the_phone_to_a_citizen_they_support(
    world: World, peer_supports_citizen: None
) -> None:
    client = login(Client(), world.peer)
    url = reverse("feedback:peer_in_person", kwargs={"code": world.citizen_record.code})
    response = client.post(
        url,
        {"programme": world.programme.pk, "instrument_key": "session_feedback", "occasion": "session"},
    )
    invitation = Invitation.objects.get(respondent_citizen=world.citizen_record)
    assert response["Location"] == links.answer_path(invitation.code)
    assert invitation.via == "in_person" and invitation.created_by == world.peer
    done = _post(client, invitation, 1, "send", session_answers(10, 10, 10, 10))
    assert "Giv telefonen tilbage" in client.get(done["Location"]).content.decode()
    assert Response.objects.get(invitation=invitation).respondent_citizen == world.citizen_record


@pytest.mark.django_db
def test_it_lets_a_peer_open_questionnaires_only_for_citizens_they_support(
    world: World, peer_supports_citizen: None
) -> None:
    stranger = make_citizen(world.organisation, "Sven")
    client = login(Client(), world.peer)
    url = reverse("feedback:peer_in_person", kwargs={"code": stranger.code})
    assert client.get(url).status_code == 404
