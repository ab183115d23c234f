"""Region Sjælland's 2-month internal introduction as a checklist: each item ticked with a date and by whom;
the last tick completes the introduction."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from education import services
from education.models import ChecklistTick, CompletionSource, ModuleCompletion, ModuleKind
from education.qualification import QualifiedRole, is_qualified
from education.tests.helpers import complete, set_up, world_peer
from tests.personas import World, login


def _tick_url(peer: object, item: object) -> str:
    return reverse("education:checklist_tick", kwargs={"code": peer.code, "item_code": item.code})  # type: ignore[attr-defined]


@pytest.mark.django_db
@time_machine.travel(date(2027, 3, 1), tick=False)
def test_it_ticks_an_item_with_the_date_and_who_ticked_it(world: World) -> None:
    intro = set_up(world)[ModuleKind.INTRODUCTION]
    peer = world_peer(world)
    item = intro.checklist_items.get(text__contains="Udskrivningsguiden")
    client = login(Client(), world.coordinator)
    response = client.post(_tick_url(peer, item), {f"tick_{item.code.hex}-ticked_on": "24.02.2027"})
    assert response["Location"].endswith("#introduction")
    tick = ChecklistTick.objects.get(peer=peer, item=item)
    assert tick.ticked_on == date(2027, 2, 24) and tick.ticked_by == world.coordinator
    page = client.get(reverse("education:peer_plan", kwargs={"code": peer.code})).content.decode()
    assert "24.02.2027, krydset af af Karin Testesen" in page


@pytest.mark.django_db
@time_machine.travel(date(2027, 3, 1), tick=False)
def test_it_refuses_a_tick_dated_in_the_future_and_keeps_the_date(world: World) -> None:
    intro = set_up(world)[ModuleKind.INTRODUCTION]
    peer = world_peer(world)
    item = intro.checklist_items.first()
    assert item is not None
    client = login(Client(), world.coordinator)
    response = client.post(_tick_url(peer, item), {f"tick_{item.code.hex}-ticked_on": "24.12.2027"})
    page = response.content.decode()
    assert response.status_code == 200 and "Datoen ligger i fremtiden" in page and 'value="24.12.2027"' in page
    assert not ChecklistTick.objects.exists()


@pytest.mark.django_db
@time_machine.travel(date(2027, 3, 1), tick=False)
def test_it_completes_the_introduction_with_the_last_tick_and_reopens_it_on_undo(world: World) -> None:
    modules = set_up(world)
    intro = modules[ModuleKind.INTRODUCTION]
    peer = world_peer(world, has_admission_experience=True)
    complete(modules[ModuleKind.BASIC], peer)
    items = list(intro.checklist_items.all())
    for day, item in enumerate(items, start=1):
        services.tick_checklist_item(peer=peer, item=item, ticked_on=date(2027, 2, day), acting_user=world.coordinator)
    completion = ModuleCompletion.objects.get(peer=peer, module=intro)
    assert completion.source == CompletionSource.CHECKLIST and completion.completed_on == date(2027, 2, len(items))
    assert is_qualified(peer, QualifiedRole.WARD_PEER)
    client = login(Client(), world.coordinator)
    client.post(reverse("education:checklist_untick", kwargs={"code": peer.code, "item_code": items[0].code}))
    assert not ModuleCompletion.objects.filter(peer=peer, module=intro).exists()
    assert not is_qualified(peer, QualifiedRole.WARD_PEER)


@pytest.mark.django_db
def test_it_keeps_the_ticks_of_items_kept_when_the_checklist_is_edited(world: World) -> None:
    intro = set_up(world)[ModuleKind.INTRODUCTION]
    peer = world_peer(world)
    first = intro.checklist_items.first()
    assert first is not None
    services.tick_checklist_item(peer=peer, item=first, ticked_on=date(2025, 2, 1), acting_user=None)
    texts = [i.text for i in intro.checklist_items.all()]
    services.set_checklist_items(module=intro, texts=["Nyt punkt", *texts[:2]], acting_user=None)
    assert [i.text for i in intro.checklist_items.all()] == ["Nyt punkt", *texts[:2]]
    assert ChecklistTick.objects.filter(peer=peer, item=first).exists()
