"""Manual edits to a plan are checked against the planner's rules; publishing e-mails each peer their
shifts, and any later change to a published plan e-mails the peers it concerns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry, Unit
from people.models import Peer
from tests.personas import World, login
from wards import services
from wards.errors import WardRefused
from wards.models import Shift, ShiftPlan
from wards.tests.helpers import block, make_ward, next_monday, settle, ward_peer

Capture = Callable[..., Any]


def _setup(world: World) -> tuple[Unit, Peer, Peer, ShiftPlan]:
    ward = settle(world)
    block(ward, 0, time(9), time(10))
    peter = ward_peer(
        world, "Peter", units=[ward], user=world.peer, hours=6, days=(0, 1, 2), start=time(9), end=time(16)
    )
    pia = ward_peer(world, "Pia", units=[ward], hours=6, days=(0, 1, 2, 3), start=time(9), end=time(16))
    plan = services.create_plan(organisation=world.organisation, week_start=next_monday(), weeks=1, acting_user=None)
    return ward, peter, pia, plan


def _form(ward: Unit, peer: Peer, day: date, start: str, end: str) -> dict[str, object]:
    return {"ward": ward.pk, "peer": peer.pk, "date": day.isoformat(), "start": start, "end": end}


@pytest.mark.django_db
def test_it_adds_a_shift_that_keeps_the_rules(world: World) -> None:
    ward, peter, _pia, plan = _setup(world)
    plan.shifts.all().delete()
    client = login(Client(), world.coordinator)
    url = reverse("wards:shift_add", kwargs={"code": plan.code})
    response = client.post(url, _form(ward, peter, plan.week_start + timedelta(days=1), "12:30", "14:30"))
    assert response.status_code == 302
    shift = plan.shifts.get()
    assert (shift.peer, shift.start, shift.end) == (peter, time(12, 30), time(14, 30))
    assert AuditEntry.objects.filter(action="wards.shift.added").exists()


@pytest.mark.parametrize(
    ("day", "start", "end", "message"),
    [
        (0, "09:00", "11:00", "Vagten overlapper en spærretid på Afsnit P1."),
        (4, "10:00", "12:00", "Peter Testesen har ikke tid i hele vagten."),
        (1, "15:00", "17:00", "Peter Testesen har ikke tid i hele vagten."),
        (9, "10:00", "12:00", "Datoen skal ligge i vagtplanens periode"),
        (1, "12:00", "11:00", "Sluttidspunktet skal ligge efter starttidspunktet."),
    ],
)
@pytest.mark.django_db
def test_it_refuses_a_shift_that_breaks_a_rule_and_keeps_the_input(
    world: World, day: int, start: str, end: str, message: str
) -> None:
    ward, peter, _pia, plan = _setup(world)
    before = plan.shifts.count()
    client = login(Client(), world.coordinator)
    url = reverse("wards:shift_add", kwargs={"code": plan.code})
    page = client.post(
        url, _form(ward, peter, plan.week_start + timedelta(days=day), start, end), HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert message in page
    assert f'value="{start}"' in page
    assert plan.shifts.count() == before


@pytest.mark.django_db
def test_it_refuses_double_booking_of_peer_and_ward_and_more_than_the_contract_hours(world: World) -> None:
    ward, peter, pia, plan = _setup(world)
    plan.shifts.all().delete()
    tuesday = plan.week_start + timedelta(days=1)
    first = services.ShiftChange(ward=ward, peer=peter, date=tuesday, start=time(10), end=time(12))
    services.add_shift(plan=plan, change=first, acting_user=None)
    other_ward = make_ward(world.organisation, "Afsnit P2")
    peter.units.add(other_ward)
    with pytest.raises(WardRefused) as refused:
        services.add_shift(
            plan=plan,
            change=services.ShiftChange(ward=other_ward, peer=peter, date=tuesday, start=time(11), end=time(13)),
            acting_user=None,
        )
    assert refused.value.details == ["Peter Testesen har allerede en vagt på det tidspunkt."]
    with pytest.raises(WardRefused) as refused:
        services.add_shift(
            plan=plan,
            change=services.ShiftChange(ward=ward, peer=pia, date=tuesday, start=time(11), end=time(13)),
            acting_user=None,
        )
    assert refused.value.details == ["Afsnit P1 har allerede en peermedarbejder på det tidspunkt."]
    for day in (0, 2):  # Monday and Wednesday: 6 hours in all, Peter's contract hours
        services.add_shift(
            plan=plan,
            change=services.ShiftChange(
                ward=ward, peer=peter, date=plan.week_start + timedelta(days=day), start=time(13), end=time(15)
            ),
            acting_user=None,
        )
    with pytest.raises(WardRefused) as refused:
        services.add_shift(
            plan=plan,
            change=services.ShiftChange(ward=ward, peer=peter, date=tuesday, start=time(14), end=time(16)),
            acting_user=None,
        )
    assert "Peter Testesen ville arbejde mere end sine kontrakttimer den uge." in refused.value.details
    assert plan.shifts.count() == 3


@pytest.mark.django_db
def test_it_moves_a_shift_without_counting_it_as_clashing_with_itself(world: World) -> None:
    ward, peter, _pia, plan = _setup(world)
    plan.shifts.all().delete()
    tuesday = plan.week_start + timedelta(days=1)
    shift = services.add_shift(
        plan=plan,
        change=services.ShiftChange(ward=ward, peer=peter, date=tuesday, start=time(10), end=time(12)),
        acting_user=None,
    )
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("wards:shift_edit", kwargs={"code": shift.code}), _form(ward, peter, tuesday, "11:00", "13:00")
    )
    assert response.status_code == 302
    shift.refresh_from_db()
    assert (shift.start, shift.end) == (time(11), time(13))
    assert AuditEntry.objects.filter(action="wards.shift.moved").exists()


@pytest.mark.django_db
def test_it_publishes_and_emails_each_peer_their_own_shifts(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    _ward, peter, pia, plan = _setup(world)
    mail.outbox.clear()
    client = login(Client(), world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wards:plan_publish", kwargs={"code": plan.code}))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ShiftPlan.Status.PUBLISHED and plan.published_at is not None
    peers_on_plan = set(plan.shifts.values_list("peer__first_name", flat=True))
    by_address = {message.to[0]: message for message in mail.outbox}
    expected = {p.user.email if p.user else p.email for p in (peter, pia) if p.first_name in peers_on_plan}
    assert set(by_address) == expected
    for peer in (peter, pia):
        address = peer.user.email if peer.user else peer.email
        if address in by_address:
            body = by_address[address].body
            assert by_address[address].subject == "Dine vagter på afsnittene er planlagt"
            for shift in plan.shifts.filter(peer=peer):
                assert f"{shift.start:%H:%M}–{shift.end:%H:%M}: Afsnit P1" in body
            assert body.count("Afsnit P1") == plan.shifts.filter(peer=peer).count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WardRefused):
        services.publish_plan(plan=plan, acting_user=None)


@pytest.mark.django_db
def test_it_emails_nobody_about_changes_to_a_draft(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    _ward, _peter, _pia, plan = _setup(world)
    shift = plan.shifts.first()
    assert shift is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_shift(shift=shift, acting_user=None)
    assert mail.outbox == []


@pytest.mark.django_db
def test_it_emails_the_old_and_the_new_peer_when_a_published_shift_changes_hands(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    ward, peter, pia, plan = _setup(world)
    plan.shifts.all().delete()
    tuesday = plan.week_start + timedelta(days=1)
    shift = services.add_shift(
        plan=plan,
        change=services.ShiftChange(ward=ward, peer=peter, date=tuesday, start=time(10), end=time(12)),
        acting_user=None,
    )
    services.publish_plan(plan=plan, acting_user=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.move_shift(
            shift=shift,
            change=services.ShiftChange(ward=ward, peer=pia, date=tuesday, start=time(10), end=time(12)),
            acting_user=world.coordinator,
        )
    messages = {m.to[0]: m for m in mail.outbox}
    assert set(messages) == {world.peer.email, pia.email}
    assert "Denne vagt er ikke længere din" in messages[world.peer.email].body
    assert "Du har fået en ny vagt" in messages[pia.email].body
    assert f"{settings.SITE_URL.rstrip('/')}/mine-vagter/" in messages[pia.email].body
    assert "10:00–12:00: Afsnit P1" in messages[pia.email].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.move_shift(
            shift=shift,
            change=services.ShiftChange(ward=ward, peer=pia, date=tuesday, start=time(13), end=time(15)),
            acting_user=None,
        )
    assert [m.to for m in mail.outbox] == [[pia.email]]
    assert "Din vagt er flyttet" in mail.outbox[0].body and "13:00–15:00" in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        login(Client(), world.coordinator).post(reverse("wards:shift_remove", kwargs={"code": shift.code}))
    assert [m.to for m in mail.outbox] == [[pia.email]]
    assert not Shift.objects.filter(pk=shift.pk).exists()


@pytest.mark.django_db
def test_it_shows_the_peer_their_published_shifts_only(world: World) -> None:
    _ward, peter, _pia, plan = _setup(world)
    client = login(Client(), world.peer)
    assert "Ingen kommende vagter" in client.get(reverse("wards:my_shifts"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    services.publish_plan(plan=plan, acting_user=None)
    page = client.get(reverse("wards:my_shifts"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    own = list(plan.shifts.filter(peer=peter))
    assert own
    for shift in own:
        assert f"{shift.start:%H:%M}–{shift.end:%H:%M}" in page
        # Each shift opens the shift page on the phone (the conversations app).
        assert f'href="{reverse("conversations:shift", args=[shift.code])}"' in page


@pytest.mark.django_db
def test_it_refuses_to_remove_a_shift_that_conversations_are_logged_on(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ward, _peter, _pia, plan = _setup(world)
    shift = plan.shifts.first()
    assert shift is not None

    def protected(self: Shift, *args: object, **kwargs: object) -> None:
        raise ProtectedError("conversations", set())

    monkeypatch.setattr(Shift, "delete", protected)
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("wards:shift_remove", kwargs={"code": shift.code}), follow=True, HTTP_ACCEPT_LANGUAGE="da"
    )
    assert "Der er allerede registreret samtaler på denne vagt" in response.content.decode()
    assert Shift.objects.filter(pk=shift.pk).exists()


@pytest.mark.django_db
def test_it_opens_the_add_form_with_the_ward_and_day_of_the_empty_cell_clicked(world: World) -> None:
    ward, _peter, _pia, plan = _setup(world)
    client = login(Client(), world.coordinator)
    thursday = plan.week_start + timedelta(days=3)
    url = f"{reverse('wards:shift_add', kwargs={'code': plan.code})}?afsnit={ward.code}&dato={thursday.isoformat()}"
    assert (
        url.replace("&", "&amp;")
        in client.get(reverse("wards:plan_detail", kwargs={"code": plan.code})).content.decode()
    )
    page = client.get(url).content.decode()
    assert f'<option value="{ward.pk}" selected>' in page
    assert f'value="{thursday:%d.%m.%Y}"' in page


@pytest.mark.django_db
def test_it_counts_the_peers_shifts_in_the_coming_week_on_their_start_page(world: World) -> None:
    ward, peter, _pia, next_week = _setup(world)
    today = timezone.localdate()
    this_week = ShiftPlan.objects.create(
        organisation=world.organisation, week_start=today - timedelta(days=today.weekday())
    )
    Shift.objects.create(plan=this_week, ward=ward, peer=peter, date=today, start=time(12), end=time(14))
    services.publish_plan(plan=this_week, acting_user=None)
    client = login(Client(), world.peer)
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert '<span class="card-count__number">1</span> i den kommende uge' in page
    services.publish_plan(plan=next_week, acting_user=None)
    coming = Shift.objects.filter(peer=peter, date__gte=today, date__lt=today + timedelta(days=7)).count()
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert f'<span class="card-count__number">{coming}</span> i den kommende uge' in page


@pytest.mark.django_db
def test_it_lists_every_rule_a_refused_shift_breaks(world: World) -> None:
    ward, peter, _pia, plan = _setup(world)
    client = login(Client(), world.coordinator)
    url = reverse("wards:shift_add", kwargs={"code": plan.code})
    page = client.post(
        url, _form(ward, peter, plan.week_start, "08:00", "10:00"), HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert "<li>Vagten bryder reglerne for vagtplanen:</li>" in page
    assert "<li>Vagten overlapper en spærretid på Afsnit P1.</li>" in page
    assert "<li>Peter Testesen har ikke tid i hele vagten.</li>" in page
