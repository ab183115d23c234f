"""The coordinator's individual follow-ups with peer guides (every 14 days, the programme's setting): due and
overdue lists, recording date and form only, and one reminder per overdue spell."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.navigation import items_for
from core.tasks import daily_jobs
from education import support_services
from education.errors import EducationRefused
from education.models import FollowUp, FollowUpReminder
from education.support_selectors import follow_up_statuses, overdue_follow_up_count
from education.tests.helpers import make_peer, world_peer
from people.models import Peer
from tests.personas import World, login


def _guide(world: World, peer: Peer) -> Peer:
    peer.programmes.add(world.programme)  # the world's programme is a peer-guide programme
    return peer


@pytest.mark.django_db
def test_it_follows_up_peer_guides_every_14_days(world: World) -> None:
    guide = _guide(world, world_peer(world, started_at=date(2027, 1, 4)))
    make_peer(world.organisation, "Uden program", started_at=date(2027, 1, 4))
    statuses = follow_up_statuses(world.organisation, today=date(2027, 1, 10))
    assert [(s.peer, s.due.due_on, s.overdue) for s in statuses] == [(guide, date(2027, 1, 18), False)]
    support_services.record_follow_up(
        peer=guide, held_on=date(2027, 1, 15), form="phone", acting_user=None, today=date(2027, 1, 15)
    )
    status = follow_up_statuses(world.organisation, today=date(2027, 1, 30))[0]
    assert status.due.due_on == date(2027, 1, 29) and status.overdue


@pytest.mark.django_db
def test_it_uses_the_programmes_own_interval(world: World) -> None:
    world.programme.settings = {"follow_up_days": 7}
    world.programme.save()
    _guide(world, world_peer(world, started_at=date(2027, 1, 4)))
    assert follow_up_statuses(world.organisation, today=date(2027, 1, 5))[0].due.due_on == date(2027, 1, 11)


@pytest.mark.django_db
@time_machine.travel(date(2027, 2, 1), tick=False)
def test_it_records_a_follow_up_with_date_and_form_only(world: World) -> None:
    guide = _guide(world, world_peer(world, started_at=date(2027, 1, 4)))
    client = login(Client(), world.coordinator)
    listing = client.get(reverse("education:follow_ups")).content.decode()
    assert "Peter" in listing and "Registrér opfølgning" in listing and "dage over tid" in listing
    response = client.post(
        reverse("education:follow_up_record", kwargs={"code": guide.code}),
        {"held_on": "01.02.2027", "form": "meeting", "note": "Ring igen efter vinterferien"},
    )
    assert response["Location"] == reverse("education:follow_ups")
    follow_up = FollowUp.objects.get()
    assert (follow_up.held_on, follow_up.form, follow_up.note) == (
        date(2027, 2, 1),
        "meeting",
        "Ring igen efter vinterferien",
    )
    assert {f.name for f in FollowUp._meta.get_fields()} & {"content", "summary", "notes"} == set()
    assert FollowUp._meta.get_field("note").max_length == 140


@pytest.mark.django_db
@time_machine.travel(date(2027, 2, 1), tick=False)
def test_it_refuses_a_follow_up_in_the_future_and_keeps_what_was_typed(world: World) -> None:
    guide = _guide(world, world_peer(world))
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:follow_up_record", kwargs={"code": guide.code}),
        {"held_on": "05.02.2027", "form": "phone", "note": "Aftalt tid"},
    )
    page = response.content.decode()
    assert "Opfølgningen har en dato i fremtiden." in page
    assert 'value="05.02.2027"' in page and 'value="Aftalt tid"' in page
    assert re.search(r'<input type="radio" name="form" value="phone"[^>]* checked>', page)
    with pytest.raises(EducationRefused):
        support_services.record_follow_up(peer=guide, held_on=date(2027, 2, 5), form="phone", acting_user=None)
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_it_reminds_the_coordinator_once_per_overdue_spell(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    guide = _guide(world, world_peer(world, started_at=date(2027, 1, 4)))  # due 18.01

    def day(when: date) -> int:
        with time_machine.travel(when, tick=False), django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            return int(daily_jobs()["education.follow_up_reminders"]())

    assert day(date(2027, 1, 18)) == 0  # due today, not overdue
    assert day(date(2027, 1, 19)) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.coordinator.email]
    assert "Peter" in mail.outbox[0].body and "18.01.2027" in mail.outbox[0].body
    assert day(date(2027, 1, 20)) == 0 and day(date(2027, 1, 25)) == 0  # the same spell
    support_services.record_follow_up(
        peer=guide, held_on=date(2027, 1, 26), form="phone", acting_user=None, today=date(2027, 1, 26)
    )
    assert day(date(2027, 2, 9)) == 0  # due 09.02
    assert day(date(2027, 2, 10)) == 1  # a new spell
    assert len(mail.outbox) == 2
    assert FollowUpReminder.objects.filter(peer=guide).count() == 2


@pytest.mark.django_db
@time_machine.travel(date(2027, 2, 1), tick=False)
def test_it_counts_overdue_follow_ups_in_the_coordinators_navigation(world: World) -> None:
    _guide(world, world_peer(world, started_at=date(2027, 1, 4)))
    _guide(world, make_peer(world.organisation, "Anne", started_at=date(2027, 1, 25)))
    assert overdue_follow_up_count(world.organisation) == 1
    client = login(Client(), world.coordinator)
    response = client.get(reverse("core:home"))
    items = {str(i.label): i for i in items_for(response.wsgi_request, with_counts=True, menu_only=False)}
    assert items["Supervision og opfølgning"].count == 1
    assert "Uddannelse" in items


@pytest.mark.django_db
def test_it_gives_a_peer_a_mentor_among_colleagues(world: World) -> None:
    peer = world_peer(world)
    mentor = make_peer(world.organisation, "Mette", kind="paid")
    client = login(Client(), world.coordinator)
    response = client.post(reverse("education:peer_mentor", kwargs={"code": peer.code}), {"mentor": mentor.pk})
    assert response["Location"] == reverse("education:peer_support", kwargs={"code": peer.code})
    peer.refresh_from_db()
    assert peer.mentor == mentor
    with pytest.raises(EducationRefused):
        support_services.assign_mentor(peer=peer, mentor=peer, acting_user=None)
    with pytest.raises(EducationRefused):
        support_services.assign_mentor(peer=peer, mentor=make_peer(world.other_organisation, "Ole"), acting_user=None)
    client.post(reverse("education:peer_mentor", kwargs={"code": peer.code}), {"mentor": ""})
    peer.refresh_from_db()
    assert peer.mentor is None
