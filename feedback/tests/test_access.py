"""Every page of the feedback app, every persona: who gets it, who gets 404; anonymous visitors log in, except
on the answer pages, which need no account."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from feedback import links, services
from feedback.models import InstrumentVersion
from feedback.tests.factories import answered, session_answers
from people.models import Consent, ConsentPurpose
from tests.personas import World, login

ALL = {"coordinator", "peer", "key_person", "citizen", "teacher", "lead", "analyst", "administrator", "outsider"}
ADMIN = {"administrator"}
RESULTS = {"coordinator", "lead", "analyst"}
MANAGERS = {"coordinator", "lead"}


def _objects(world: World) -> dict[str, str]:
    services.sync_shipped_instruments()
    own = services.import_instrument(
        organisation=world.organisation,
        text=json.dumps(
            {
                "format": "brobygger-instrument/1",
                "id": "own_check",
                "version": 1,
                "languages": ["da"],
                "title": {"da": "Eget tjek"},
                "scales": [{"id": "line", "kind": "line", "min": 0, "max": 10}],
                "items": [{"id": "mood", "scale": "line", "text": {"da": "Humør"}}],
                "scoring": {"method": "sum"},
            }
        ),
        acting_user=world.administrator,
    )
    plan = services.create_measurement_plan(
        programme=world.programme, instrument_key="chime_recovery", timing="start", acting_user=world.coordinator
    )
    invitation = services.invite_respondent(
        instrument_key="chime_recovery",
        programme=world.programme,
        respondent_citizen=world.citizen_record,
        occasion="start",
    )
    Consent.objects.create(citizen=world.citizen_record, purpose=ConsentPurpose.SHARE_WITH_PEER)
    return {
        "shipped": str(InstrumentVersion.objects.shipped().get(instrument_id="session_feedback").code),
        "own": str(own.code),
        "plan": str(plan.code),
        "invitation": str(invitation.code),
        "programme": str(world.programme.code),
        "citizen": str(world.citizen_record.code),
    }


def _pages(world: World) -> list[tuple[str, set[str]]]:
    o = _objects(world)
    return [
        (reverse("feedback:instrument_list"), ADMIN),
        (reverse("feedback:instrument_create"), ADMIN),
        (reverse("feedback:instrument_import"), ADMIN),
        (reverse("feedback:instrument_detail", kwargs={"code": o["shipped"]}), ADMIN),
        (reverse("feedback:instrument_detail", kwargs={"code": o["own"]}), ADMIN),
        (reverse("feedback:instrument_edit", kwargs={"code": o["own"]}), ADMIN),
        (reverse("feedback:instrument_json", kwargs={"code": o["shipped"]}), ADMIN),
        (reverse("feedback:outcomes_home"), RESULTS | {"outsider"}),
        (reverse("feedback:programme_results", kwargs={"code": o["programme"]}), RESULTS),
        (reverse("feedback:plan_list", kwargs={"code": o["programme"]}), MANAGERS),
        (reverse("feedback:plan_edit", kwargs={"code": o["plan"]}), MANAGERS),
        (reverse("feedback:invitation_list", kwargs={"code": o["programme"]}), MANAGERS),
        (reverse("feedback:invitation_detail", kwargs={"code": o["invitation"]}), MANAGERS),
        (reverse("feedback:follow_up_list"), MANAGERS | {"teacher", "outsider"}),
        (reverse("feedback:export"), {"analyst"}),
        (reverse("feedback:my_questionnaires"), {"citizen"}),
        (reverse("feedback:peer_citizens"), {"peer"}),
        (reverse("feedback:peer_citizen_results", kwargs={"code": o["citizen"]}), {"peer"}),
        (reverse("feedback:peer_in_person", kwargs={"code": o["citizen"]}), {"peer"}),
    ]


@pytest.mark.django_db
def test_it_gives_each_persona_exactly_the_pages_of_their_role(world: World, peer_supports_citizen: None) -> None:
    pages = _pages(world)
    for name, user in world.personas().items():
        client = login(Client(), user)
        for url, allowed in pages:
            status = client.get(url).status_code
            expected = 200 if name in allowed else 404
            assert status == expected, f"{name} on {url}: {status}, expected {expected}"


@pytest.mark.django_db
def test_it_lets_only_the_right_roles_change_plans_invitations_and_follow_ups(world: World) -> None:
    o = _objects(world)
    flagged = answered(
        programme=world.programme,
        instrument_key="session_feedback",
        answers=session_answers(1, 1, 1, 1),
        occasion="session",
    )
    actions = [
        (reverse("feedback:plan_stop", kwargs={"code": o["plan"]}), MANAGERS),
        (reverse("feedback:invitation_cancel", kwargs={"code": o["invitation"]}), MANAGERS),
        (reverse("feedback:invitation_as_planned", kwargs={"code": o["programme"]}), MANAGERS),
        (reverse("feedback:follow_up_mark", kwargs={"code": flagged.code}), MANAGERS),
    ]
    for name, user in world.personas().items():
        client = login(Client(), user)
        for url, allowed in actions:
            status = client.post(url).status_code
            expected = 302 if name in allowed else 404
            assert status == expected, f"{name} posting {url}: {status}, expected {expected}"


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_the_login_page(world: World) -> None:
    client = Client()
    for url, _allowed in _pages(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.django_db
def test_it_opens_the_answer_pages_for_everyone_with_the_link(world: World) -> None:
    invitation = services.invite_respondent(
        instrument_key="session_feedback", programme=world.programme, respondent_label="Gæst", occasion="session"
    )
    token = links.make_token(invitation.code)
    for user in [None, *world.personas().values()]:
        client = Client() if user is None else login(Client(), user)
        assert client.get(reverse("feedback:answer", kwargs={"token": token})).status_code == 200
        assert client.get(reverse("feedback:answer_saved", kwargs={"token": token})).status_code == 200
        assert client.get(reverse("feedback:answer_done")).status_code == 200


@pytest.mark.django_db
def test_it_hides_another_organisations_questionnaires_plans_and_answers(world: World) -> None:
    from core.models import Membership

    o = _objects(world)
    Membership.objects.create(user=world.outsider, organisation=world.other_organisation, role="administrator")
    Membership.objects.create(user=world.outsider, organisation=world.other_organisation, role="analyst")
    client = login(Client(), world.outsider)
    assert client.get(reverse("feedback:instrument_detail", kwargs={"code": o["own"]})).status_code == 404
    assert client.get(reverse("feedback:instrument_json", kwargs={"code": o["own"]})).status_code == 404
    assert client.get(reverse("feedback:programme_results", kwargs={"code": o["programme"]})).status_code == 404
    assert client.get(reverse("feedback:invitation_detail", kwargs={"code": o["invitation"]})).status_code == 404
    assert "own_check" not in client.get(reverse("feedback:instrument_list")).content.decode()
    # The shipped questionnaires are everyone's.
    assert client.get(reverse("feedback:instrument_detail", kwargs={"code": o["shipped"]})).status_code == 200
