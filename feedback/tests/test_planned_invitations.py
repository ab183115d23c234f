"""Invitations from the measurement plan: when a citizen starts or ends (e.g. a 1:1 course), another app asks
for every questionnaire the programme plans at that occasion – once."""

from __future__ import annotations

import pytest
from django.core import mail

from feedback import services
from feedback.models import Invitation
from feedback.tests.factories import make_citizen
from tests.personas import World

pytestmark = pytest.mark.django_db


def _plan(world: World) -> None:
    for key, timing in (
        ("chime_recovery", "start"),
        ("chime_recovery", "end"),
        ("course_end_citizen", "end"),
        ("session_feedback", "after_session"),
    ):
        services.create_measurement_plan(programme=world.programme, instrument_key=key, timing=timing, acting_user=None)


def test_it_invites_to_every_questionnaire_planned_at_the_occasion_once(
    world: World, django_capture_on_commit_callbacks
) -> None:
    _plan(world)
    citizen = make_citizen(world.organisation, "Anna")
    with django_capture_on_commit_callbacks(execute=True):
        started = services.invite_as_planned(
            programme=world.programme, occasion="start", respondent_citizen=citizen, send_email_to=citizen.email
        )
    assert [(i.instrument.instrument_id, i.occasion) for i in started] == [("chime_recovery", "start")]
    assert [m.to for m in mail.outbox] == [[citizen.email]]
    assert services.invite_as_planned(programme=world.programme, occasion="start", respondent_citizen=citizen) == []
    ended = services.invite_as_planned(programme=world.programme, occasion="end", respondent_citizen=citizen)
    assert sorted(i.instrument.instrument_id for i in ended) == ["chime_recovery", "course_end_citizen"]
    assert Invitation.objects.filter(respondent_citizen=citizen).count() == 3


def test_it_invites_again_after_a_closed_link_but_not_after_an_answer(world: World) -> None:
    _plan(world)
    citizen = make_citizen(world.organisation, "Bo")
    [first] = services.invite_as_planned(programme=world.programme, occasion="start", respondent_citizen=citizen)
    services.cancel_invitation(invitation=first, acting_user=None)
    [second] = services.invite_as_planned(programme=world.programme, occasion="start", respondent_citizen=citizen)
    response = services.start_response(invitation=second, language="da")
    services.save_answers(response=response, answers={}, submit=True)
    assert services.invite_as_planned(programme=world.programme, occasion="start", respondent_citizen=citizen) == []


def test_it_refuses_an_occasion_a_plan_cannot_invite_a_person_to(world: World) -> None:
    citizen = make_citizen(world.organisation, "Cai")
    with pytest.raises(services.FeedbackError) as refused:
        services.invite_as_planned(programme=world.programme, occasion="session", respondent_citizen=citizen)
    assert refused.value.code == "bad_occasion"


def test_it_lets_a_coordinator_invite_a_citizen_as_the_plan_says(client, world: World) -> None:
    from django.urls import reverse

    from tests.personas import login

    _plan(world)
    citizen = make_citizen(world.organisation, "Dea")
    login(client, world.coordinator)
    page = client.get(reverse("feedback:invitation_list", kwargs={"code": world.programme.code})).text
    assert "Invitér efter måleplanen" in page and "Sådan går det med min recovery (ved start)" in page
    url = reverse("feedback:invitation_as_planned", kwargs={"code": world.programme.code})
    data = {"plan-respondent_citizen": citizen.pk, "plan-occasion": "end", "plan-email": ""}
    response = client.post(url, data, follow=True)
    invited = Invitation.objects.filter(respondent_citizen=citizen)
    assert sorted(invited.values_list("instrument__instrument_id", flat=True)) == [
        "chime_recovery",
        "course_end_citizen",
    ]
    assert "Inviteret til:" in response.content.decode()
    again = client.post(url, data, follow=True).content.decode()
    assert "Intet at sende" in again and invited.count() == 2
    # A citizen of another organisation cannot be chosen.
    stranger = make_citizen(world.other_organisation, "Eli")
    client.post(url, {**data, "plan-respondent_citizen": stranger.pk})
    assert not Invitation.objects.filter(respondent_citizen=stranger).exists()
