"""Every peer and recruitment page, with every persona: coordinators see their organisation, peers themselves."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people import recruitment, services
from people.models import AvailabilityException, Peer, PeerApplication
from tests.peer_personas import make_application, make_peer
from tests.personas import World, login

EVERYONE = {"coordinator", "peer", "key_person", "citizen", "teacher", "lead", "analyst", "administrator", "outsider"}
COORDINATORS_HERE = {"coordinator"}
ANY_COORDINATOR = {"coordinator", "outsider"}  # the outsider coordinates another organisation


def _objects(world: World) -> tuple[Peer, Peer, PeerApplication, str, str]:
    own = make_peer(world)  # the peer persona's own record
    other = make_peer(world, user=None, first_name="Ole")
    application = make_application(world)
    interview = recruitment.record_interview(
        application=make_application(world, first_name="Bo"), held_on=timezone.localdate(), notes="", acting_user=None
    )
    exception = services.add_availability_exception(
        peer=own, starts_on=timezone.localdate(), ends_on=timezone.localdate(), acting_user=None
    )
    return own, other, application, str(interview.code), str(exception.code)


def _get_pages(world: World) -> list[tuple[str, set[str]]]:
    own, other, application, interview, _exception = _objects(world)
    peer_code = {"code": other.code}
    app_code = {"code": application.code}
    return [
        (reverse("people:apply"), EVERYONE),
        (reverse("people:apply_thanks"), EVERYONE),
        (reverse("people:peer_overview"), ANY_COORDINATOR),
        (reverse("people:peer_overview_export"), ANY_COORDINATOR),
        (reverse("people:peer_create"), ANY_COORDINATOR),
        (reverse("people:application_list"), ANY_COORDINATOR),
        (reverse("people:peer_detail", kwargs=peer_code), COORDINATORS_HERE),
        (reverse("people:peer_detail", kwargs={"code": own.code}), COORDINATORS_HERE),
        (reverse("people:peer_edit", kwargs=peer_code), COORDINATORS_HERE),
        (reverse("people:peer_status", kwargs=peer_code), COORDINATORS_HERE),
        (reverse("people:peer_pause", kwargs=peer_code), COORDINATORS_HERE),
        (reverse("people:peer_resume", kwargs=peer_code), COORDINATORS_HERE),
        (reverse("people:peer_end", kwargs=peer_code), COORDINATORS_HERE),
        (reverse("people:peer_availability", kwargs=peer_code), COORDINATORS_HERE),
        (reverse("people:peer_access_log", kwargs=peer_code), COORDINATORS_HERE),
        (reverse("people:application_detail", kwargs=app_code), COORDINATORS_HERE),
        (reverse("people:application_plan_interview", kwargs=app_code), COORDINATORS_HERE),
        (reverse("people:application_record_interview", kwargs=app_code), COORDINATORS_HERE),
        (reverse("people:application_offer", kwargs=app_code), COORDINATORS_HERE),
        (reverse("people:application_decline", kwargs=app_code), COORDINATORS_HERE),
        (reverse("people:application_withdraw", kwargs=app_code), COORDINATORS_HERE),
        (reverse("people:interview_detail", kwargs={"code": interview}), COORDINATORS_HERE),
        (reverse("people:my_peer_page"), {"peer"}),
        (reverse("people:my_availability"), {"peer"}),
        (reverse("people:my_pause"), {"peer"}),
    ]


@pytest.mark.django_db
def test_it_gives_each_persona_exactly_the_pages_of_their_role(world: World) -> None:
    pages = _get_pages(world)
    for name, user in world.personas().items():
        client = login(Client(), user)
        for url, allowed in pages:
            status = client.get(url).status_code
            expected = 200 if name in allowed else 404
            assert status == expected, f"{name} on {url}: {status}, expected {expected}"


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_the_login_page_except_for_the_public_form(world: World) -> None:
    client = Client()
    for url, allowed in _get_pages(world):
        response = client.get(url)
        if allowed == EVERYONE:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302 and response["Location"].startswith(reverse("core:login")), url


@pytest.mark.django_db
def test_it_refuses_the_posting_actions_to_everyone_but_the_right_role(world: World) -> None:
    _own, other, _application, _interview, exception = _objects(world)
    other_exception = services.add_availability_exception(
        peer=other, starts_on=timezone.localdate(), ends_on=timezone.localdate(), acting_user=None
    )
    actions = [
        (reverse("people:peer_invite", kwargs={"code": other.code}), COORDINATORS_HERE),
        (reverse("people:peer_exception_add", kwargs={"code": other.code}), COORDINATORS_HERE),
        (reverse("people:my_exception_add"), {"peer"}),
        (reverse("people:my_resume"), {"peer"}),
    ]
    removals = [
        (
            reverse(
                "people:peer_exception_remove", kwargs={"code": other.code, "exception_code": other_exception.code}
            ),
            "coordinator",
        ),
        (reverse("people:my_exception_remove", kwargs={"exception_code": exception}), "peer"),
    ]
    for name, user in world.personas().items():
        client = login(Client(), user)
        for url, allowed in actions:
            status = client.post(url, {}).status_code
            if name in allowed:
                assert status in (200, 302), f"{name} on {url}: {status}"
            else:
                assert status == 404, f"{name} on {url}: {status}, expected 404"
        for url, only in removals:
            if name != only:
                assert client.post(url).status_code == 404, f"{name} on {url}"
    for url, only in removals:
        assert login(Client(), world.personas()[only]).post(url).status_code == 302
    assert not AvailabilityException.objects.exists()


@pytest.mark.django_db
def test_it_hides_peers_and_applications_of_another_organisation_from_a_coordinator(world: World) -> None:
    theirs = make_peer(world, user=None, first_name="Otto", organisation=world.other_organisation, programmes=[])
    client = login(Client(), world.coordinator)
    assert client.get(reverse("people:peer_detail", kwargs={"code": theirs.code})).status_code == 404
    assert client.post(reverse("people:peer_pause", kwargs={"code": theirs.code}), {"reason": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "active"
