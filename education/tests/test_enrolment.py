"""Enrolling peers on runs and marking completion: places are counted, nobody is enrolled twice, and a
completed module counts for the peer's plan and qualifications."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from core.models import AuditEntry
from education import services
from education.errors import EducationRefused
from education.models import Enrolment, EnrolmentStatus, ModuleCompletion, ModuleKind
from education.selectors import basic_module_completed
from education.tests.helpers import basic, make_peer, make_run, set_up, world_peer
from tests.personas import World, login


@pytest.mark.django_db
def test_it_enrols_a_peer_and_logs_it_for_the_peer(world: World) -> None:
    peer = world_peer(world)
    run = make_run(set_up(world)[ModuleKind.BASIC])
    client = login(Client(), world.coordinator)
    response = client.post(reverse("education:run_enrol", kwargs={"code": run.code}), {"peer": peer.pk})
    assert response["Location"] == reverse("education:run_detail", kwargs={"code": run.code})
    assert Enrolment.objects.get(run=run, peer=peer).status == EnrolmentStatus.ENROLLED
    assert AuditEntry.objects.filter(action="education.enrolment.created", subject_code=str(peer.code)).exists()


@pytest.mark.django_db
def test_it_says_so_when_a_peer_is_enrolled_twice(world: World) -> None:
    peer = world_peer(world)
    run = make_run(set_up(world)[ModuleKind.BASIC])
    services.enrol_peer(run=run, peer=peer, acting_user=None)
    client = login(Client(), world.coordinator)
    response = client.post(reverse("education:run_enrol", kwargs={"code": run.code}), {"peer": peer.pk})
    assert response.status_code == 200
    assert "Peter er allerede tilmeldt dette hold." in response.content.decode()
    assert Enrolment.objects.filter(run=run, peer=peer).count() == 1


@pytest.mark.django_db
def test_it_refuses_a_full_run_and_keeps_the_chosen_peer(world: World) -> None:
    run = make_run(set_up(world)[ModuleKind.BASIC], capacity=1)
    services.enrol_peer(run=run, peer=make_peer(world.organisation, "Anne"), acting_user=None)
    peer = world_peer(world)
    client = login(Client(), world.coordinator)
    response = client.post(reverse("education:run_enrol", kwargs={"code": run.code}), {"peer": peer.pk})
    page = response.content.decode()
    assert "Holdet er fuldt: alle 1 pladser er taget." in page
    assert f'<option value="{peer.pk}" selected>' in page
    assert not Enrolment.objects.filter(peer=peer).exists()


@pytest.mark.django_db
def test_it_refuses_enrolment_on_a_cancelled_run(world: World) -> None:
    run = make_run(set_up(world)[ModuleKind.BASIC])
    services.cancel_run(run=run, acting_user=None)
    with pytest.raises(EducationRefused) as refused:
        services.enrol_peer(run=run, peer=world_peer(world), acting_user=None)
    assert refused.value.code == "run_cancelled"


@pytest.mark.django_db
def test_it_refuses_a_peer_of_another_organisation(world: World) -> None:
    run = make_run(set_up(world)[ModuleKind.BASIC])
    with pytest.raises(EducationRefused):
        services.enrol_peer(run=run, peer=make_peer(world.other_organisation, "Ole"), acting_user=None)


@pytest.mark.django_db
def test_it_frees_the_place_when_a_peer_is_withdrawn_and_lets_them_enrol_again(world: World) -> None:
    run = make_run(set_up(world)[ModuleKind.BASIC], capacity=1)
    peer = world_peer(world)
    enrolment = services.enrol_peer(run=run, peer=peer, acting_user=None)
    services.withdraw_enrolment(enrolment=enrolment, acting_user=None)
    other = services.enrol_peer(run=run, peer=make_peer(world.organisation, "Anne"), acting_user=None)
    services.withdraw_enrolment(enrolment=other, acting_user=None)
    again = services.enrol_peer(run=run, peer=peer, acting_user=None)
    assert again.pk == enrolment.pk and again.status == EnrolmentStatus.ENROLLED


@pytest.mark.django_db
@time_machine.travel(date(2027, 1, 20), tick=False)
def test_it_marks_completion_and_the_basic_module_counts(world: World) -> None:
    peer = world_peer(world)
    run = make_run(set_up(world)[ModuleKind.BASIC], starts_on=date(2027, 1, 11))
    enrolment = services.enrol_peer(run=run, peer=peer, acting_user=None)
    assert not basic_module_completed(peer)
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:enrolment_complete", kwargs={"code": enrolment.code}), {"completed_on": "13.01.2027"}
    )
    assert response["Location"] == reverse("education:run_detail", kwargs={"code": run.code})
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED and enrolment.completed_on == date(2027, 1, 13)
    assert basic_module_completed(peer)
    completion = ModuleCompletion.objects.get(peer=peer)
    assert completion.enrolment == enrolment and completion.completed_on == date(2027, 1, 13)


@pytest.mark.django_db
@time_machine.travel(date(2027, 1, 20), tick=False)
def test_it_refuses_a_completion_before_the_run_started_and_keeps_the_date(world: World) -> None:
    run = make_run(set_up(world)[ModuleKind.BASIC], starts_on=date(2027, 1, 11))
    enrolment = services.enrol_peer(run=run, peer=world_peer(world), acting_user=None)
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:enrolment_complete", kwargs={"code": enrolment.code}), {"completed_on": "05.01.2027"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "før holdets første dag" in page and 'value="05.01.2027"' in page
    assert not ModuleCompletion.objects.exists()


@pytest.mark.django_db
@time_machine.travel(date(2027, 1, 20), tick=False)
def test_it_takes_back_a_completion_marked_by_mistake(world: World) -> None:
    peer = world_peer(world)
    run = make_run(set_up(world)[ModuleKind.BASIC], starts_on=date(2027, 1, 11))
    enrolment = services.enrol_peer(run=run, peer=peer, acting_user=None)
    services.complete_enrolment(enrolment=enrolment, completed_on=date(2027, 1, 13), acting_user=None)
    client = login(Client(), world.coordinator)
    client.post(reverse("education:enrolment_not_completed", kwargs={"code": enrolment.code}))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.NOT_COMPLETED
    assert not basic_module_completed(peer)


@pytest.mark.django_db
def test_it_refuses_a_completion_dated_in_the_future(world: World) -> None:
    run = make_run(set_up(world)[ModuleKind.BASIC], starts_on=date(2099, 1, 5))
    enrolment = services.enrol_peer(run=run, peer=world_peer(world), acting_user=None)
    with pytest.raises(EducationRefused) as refused:
        services.complete_enrolment(enrolment=enrolment, completed_on=date(2099, 1, 7), acting_user=None)
    assert refused.value.code == "date_in_future"


@pytest.mark.django_db
def test_it_recognises_a_module_taken_elsewhere_once(world: World) -> None:
    peer = world_peer(world)
    basic = set_up(world)[ModuleKind.BASIC]
    client = login(Client(), world.coordinator)
    data = {"module": basic.pk, "completed_on": "01.06.2024", "note": "Peer-uddannelsen i Region Hovedstaden"}
    response = client.post(reverse("education:peer_recognise", kwargs={"code": peer.code}), data)
    assert response["Location"] == reverse("education:peer_plan", kwargs={"code": peer.code})
    assert basic_module_completed(peer)
    again = client.post(reverse("education:peer_recognise", kwargs={"code": peer.code}), data)
    assert "Peter har allerede gennemført Basismodul." in again.content.decode()
    completion = ModuleCompletion.objects.get(peer=peer)
    client.post(reverse("education:completion_remove", kwargs={"code": completion.code}))
    assert not basic_module_completed(peer)


@pytest.mark.django_db
@time_machine.travel(date(2027, 3, 1), tick=False)
def test_it_frees_the_places_of_a_peer_who_ends_on_runs_not_yet_started(world: World) -> None:
    from people.services import end_peer

    module = basic(world)
    held = make_run(module, starts_on=date(2027, 1, 11))
    coming = make_run(module, starts_on=date(2027, 5, 10), capacity=1)
    peer = world_peer(world)
    on_held = services.enrol_peer(run=held, peer=peer, acting_user=world.coordinator)
    on_coming = services.enrol_peer(run=coming, peer=peer, acting_user=world.coordinator)
    end_peer(peer=peer, reason="Flytter", ended_on=None, acting_user=world.coordinator)
    on_held.refresh_from_db()
    on_coming.refresh_from_db()
    assert (on_held.status, on_coming.status) == (EnrolmentStatus.ENROLLED, EnrolmentStatus.WITHDRAWN)
    other = make_peer(world.organisation, "Ida")
    assert services.enrol_peer(run=coming, peer=other, acting_user=world.coordinator).status == EnrolmentStatus.ENROLLED
    assert AuditEntry.objects.filter(action="education.enrolment.withdrawn", subject_code=str(peer.code)).count() == 1
