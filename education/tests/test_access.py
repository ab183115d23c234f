"""Every education and support page, every persona: coordinators of the organisation get it, the peer gets
their own, everyone else 404 — and anonymous visitors are sent to log in."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from education import services, support_services
from education.models import ModuleKind
from education.tests.helpers import make_run, make_series, set_up, world_peer
from tests.personas import World, login

ALL = ["coordinator", "peer", "key_person", "citizen", "teacher", "lead", "analyst", "administrator", "outsider"]
COORDINATOR = {"coordinator"}
# The outsider coordinates another organisation: organisation-wide lists render for them, but empty.
COORDINATORS = {"coordinator", "outsider"}


def _pages(world: World) -> list[tuple[str, set[str]]]:
    modules = set_up(world)
    peer = world_peer(world)
    basic, intro = modules[ModuleKind.BASIC], modules[ModuleKind.INTRODUCTION]
    run = make_run(basic, starts_on=date(2025, 1, 6))
    enrolment = services.enrol_peer(run=run, peer=peer, acting_user=world.coordinator)
    series = make_series(world, participants=[peer])
    meeting = series.occurrences.order_by("on").first()
    assert meeting is not None
    item = intro.checklist_items.first()
    assert item is not None
    support_services.record_follow_up(peer=peer, held_on=date(2025, 1, 6), form="phone", acting_user=None)
    teacher_module = modules[ModuleKind.TEACHER_MODULE]
    completion = services.record_completion(
        peer=peer, module=teacher_module, completed_on=date(2024, 6, 1), note="Taget i Aarhus", acting_user=None
    )
    return [
        (reverse("education:catalogue"), COORDINATORS),
        (reverse("education:module_create"), COORDINATORS),
        (reverse("education:module_detail", kwargs={"code": basic.code}), COORDINATOR),
        (reverse("education:module_edit", kwargs={"code": basic.code}), COORDINATOR),
        (reverse("education:run_create", kwargs={"code": basic.code}), COORDINATOR),
        (reverse("education:run_detail", kwargs={"code": run.code}), COORDINATOR),
        (reverse("education:run_edit", kwargs={"code": run.code}), COORDINATOR),
        (reverse("education:enrolment_complete", kwargs={"code": enrolment.code}), COORDINATOR),
        (reverse("education:peer_list"), COORDINATORS),
        (reverse("education:peer_plan", kwargs={"code": peer.code}), COORDINATOR),
        (reverse("education:peer_recognise", kwargs={"code": peer.code}), COORDINATOR),
        (reverse("education:rules"), COORDINATORS),
        (reverse("education:rule_edit", kwargs={"role": "peer_guide"}), COORDINATORS),
        (reverse("education:my_plan"), {"peer"}),
        (reverse("education:support"), COORDINATORS),
        (reverse("education:follow_ups"), COORDINATORS),
        (reverse("education:follow_up_record", kwargs={"code": peer.code}), COORDINATOR),
        (reverse("education:peer_support", kwargs={"code": peer.code}), COORDINATOR),
        (reverse("education:meetings"), COORDINATORS),
        (reverse("education:series_create"), COORDINATORS),
        (reverse("education:series_detail", kwargs={"code": series.code}), COORDINATOR),
        (reverse("education:series_edit", kwargs={"code": series.code}), COORDINATOR),
        (reverse("education:meeting_detail", kwargs={"code": meeting.code}), COORDINATOR),
        (reverse("education:meeting_cancel", kwargs={"code": meeting.code}), COORDINATOR),
        # POST-only actions answer a GET with 405 for those who may use them, 404 for everyone else.
        ("POST " + reverse("education:set_up"), COORDINATORS),
        ("POST " + reverse("education:run_enrol", kwargs={"code": run.code}), COORDINATOR),
        ("POST " + reverse("education:run_cancel", kwargs={"code": run.code}), COORDINATOR),
        ("POST " + reverse("education:enrolment_not_completed", kwargs={"code": enrolment.code}), COORDINATOR),
        ("POST " + reverse("education:enrolment_withdraw", kwargs={"code": enrolment.code}), COORDINATOR),
        (
            "POST " + reverse("education:peer_enrol", kwargs={"code": peer.code, "module_code": basic.code}),
            COORDINATOR,
        ),
        (
            "POST " + reverse("education:checklist_tick", kwargs={"code": peer.code, "item_code": item.code}),
            COORDINATOR,
        ),
        (
            "POST " + reverse("education:checklist_untick", kwargs={"code": peer.code, "item_code": item.code}),
            COORDINATOR,
        ),
        ("POST " + reverse("education:peer_mentor", kwargs={"code": peer.code}), COORDINATOR),
        ("POST " + reverse("education:meeting_reinstate", kwargs={"code": meeting.code}), COORDINATOR),
        ("POST " + reverse("education:completion_remove", kwargs={"code": completion.code}), COORDINATOR),
    ]


@pytest.mark.django_db
def test_it_gives_each_persona_exactly_the_education_pages_of_their_role(world: World) -> None:
    pages = _pages(world)
    for name, user in world.personas().items():
        client = login(Client(), user)
        for url, allowed in pages:
            post_only = url.startswith("POST ")
            path = url.removeprefix("POST ")
            status = client.get(path).status_code
            # require_POST answers a GET with 405 before any access check; the POST itself is checked below.
            expected = 405 if post_only else (200 if name in allowed else 404)
            assert status == expected, f"{name} on GET {path}: {status}, expected {expected}"
            if post_only and name not in allowed:
                assert client.post(path).status_code == 404, f"{name} could POST to {path}"


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_the_login_page(world: World) -> None:
    client = Client()
    for url, _allowed in _pages(world):
        if url.startswith("POST "):
            continue
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("core:login")), url


@pytest.mark.django_db
def test_it_shows_the_outsider_nothing_of_the_organisation(world: World) -> None:
    _pages(world)
    client = login(Client(), world.outsider)
    for url in (reverse("education:catalogue"), reverse("education:peer_list"), reverse("education:meetings")):
        page = client.get(url).content.decode()
        assert "Peter" not in page and "Basismodul" not in page
