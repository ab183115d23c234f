"""Each peer's plan: the modules their track needs, the one-year deadline for the mandatory ones, and the
warnings 60 and 14 days before it — each sent once, to the coordinator and the peer."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.tasks import daily_jobs
from education import services
from education.models import DeadlineWarning, ModuleKind
from education.selectors import education_plan_for
from education.tests.helpers import complete, make_peer, make_run, set_up, world_peer
from tests.personas import World, login


@pytest.mark.django_db
def test_it_plans_the_modules_of_the_peers_track(world: World) -> None:
    modules = set_up(world)
    services.create_module(
        organisation=world.organisation,
        name="Frivillig peer – rammer og roller",
        kind="module",
        mandatory_for=["volunteer"],
        acting_user=None,
    )
    volunteer = world_peer(world, kind="volunteer")
    paid = make_peer(world.organisation, "Lone", kind="paid")
    plan = education_plan_for(volunteer)
    assert [line.module.name for line in plan.mandatory] == ["Basismodul", "Frivillig peer – rammer og roller"]
    assert "Peer-uddannelsen (13 uger)" in [line.module.name for line in plan.elective]
    paid_plan = education_plan_for(paid)
    assert "Frivillig peer – rammer og roller" not in [line.module.name for line in paid_plan.mandatory]
    assert "Peer-undervisermodul" in [line.module.name for line in paid_plan.elective]
    complete(modules[ModuleKind.BASIC], volunteer)
    assert [line.module.name for line in education_plan_for(volunteer).missing_mandatory] == [
        "Frivillig peer – rammer og roller"
    ]


@pytest.mark.django_db
def test_it_counts_the_deadline_from_the_start_or_else_the_first_run(world: World) -> None:
    modules = set_up(world)
    started = make_peer(world.organisation, "Anne", started_at=date(2027, 2, 1))
    assert education_plan_for(started, today=date(2027, 3, 1)).deadline == date(2028, 2, 1)
    peer = world_peer(world)
    assert education_plan_for(peer).deadline is None
    run = make_run(modules[ModuleKind.BASIC], starts_on=date(2027, 5, 10))
    services.enrol_peer(run=run, peer=peer, acting_user=None)
    assert education_plan_for(peer).deadline == date(2028, 5, 10)


@pytest.mark.django_db
def test_it_uses_the_organisations_own_deadline(world: World) -> None:
    set_up(world)
    services.update_policy(
        organisation=world.organisation,
        deadline_months=18,
        first_warning_days=45,
        second_warning_days=7,
        acting_user=None,
    )
    peer = make_peer(world.organisation, "Anne", started_at=date(2027, 2, 1))
    assert education_plan_for(peer).deadline == date(2028, 8, 1)


@pytest.mark.django_db
def test_it_refuses_warnings_in_the_wrong_order_and_keeps_the_numbers(world: World) -> None:
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:rules"), {"deadline_months": "12", "first_warning_days": "14", "second_warning_days": "60"}
    )
    page = response.content.decode()
    assert "Den anden advarsel skal komme tættere på fristen end den første." in page
    assert 'value="14"' in page and 'value="60"' in page


def _run_warnings() -> int:
    return int(daily_jobs()["education.deadline_warnings"]())


@pytest.mark.django_db
def test_it_warns_60_and_14_days_before_the_deadline_once_each(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    set_up(world)
    peer = world_peer(world, started_at=date(2027, 1, 11))  # deadline 11.01.2028
    make_peer(world.organisation, "Færdig", started_at=date(2027, 1, 11))  # has everything: never warned
    complete(
        next(m for m in world.organisation.education_modules.all() if m.kind == ModuleKind.BASIC),
        world.organisation.peers.get(first_name="Færdig"),
    )

    def day(when: date) -> int:
        with time_machine.travel(when, tick=False), django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            return _run_warnings()

    assert day(date(2027, 11, 11)) == 0  # 61 days before
    assert day(date(2027, 11, 12)) == 1  # 60 days before
    assert len(mail.outbox) == 2
    to_coordinator, to_peer = mail.outbox
    assert to_coordinator.to == [world.coordinator.email] and "Peter" in to_coordinator.subject
    assert "Basismodul" in to_coordinator.body and "11. januar 2028" in to_coordinator.body
    assert to_peer.to == ["peter@example.dk"] and "60 dage" in to_peer.subject and "Hej Peter" in to_peer.body
    assert day(date(2027, 11, 13)) == 0
    assert day(date(2027, 12, 20)) == 0
    assert day(date(2027, 12, 28)) == 1  # 14 days before
    assert day(date(2027, 12, 29)) == 0
    assert day(date(2028, 1, 12)) == 0  # passed
    assert len(mail.outbox) == 4
    assert sorted(DeadlineWarning.objects.filter(peer=peer).values_list("days_before", flat=True)) == [14, 60]


@pytest.mark.django_db
def test_it_stops_warning_once_the_mandatory_modules_are_done(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    modules = set_up(world)
    peer = world_peer(world, started_at=date(2027, 1, 11))
    with time_machine.travel(date(2027, 11, 20), tick=False), django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        complete(modules[ModuleKind.BASIC], peer, date(2027, 11, 1))
        assert _run_warnings() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_it_shows_the_peer_their_own_plan_and_deadline(world: World) -> None:
    set_up(world)
    world_peer(world, started_at=date(2027, 1, 11))
    with time_machine.travel(date(2027, 12, 1), tick=False):
        page = login(Client(), world.peer).get(reverse("education:my_plan")).content.decode()
    assert "Basismodul" in page and "11.01.2028" in page and "41 dage tilbage" in page
    assert "Tilmeld" not in page  # enrolment is the coordinator's
