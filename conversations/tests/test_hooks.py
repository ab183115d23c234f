"""Registrations: start-page entries per role and the support hours for the costs app."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conversations import hooks, services
from conversations.models import ShiftLog, Theme
from conversations.tests.factories import Ward, make_entry
from tests.personas import login


def test_it_shows_each_role_its_entries_on_the_start_page(day: Ward) -> None:
    world = day.world
    expected = {
        world.peer: reverse("conversations:today"),
        world.key_person: reverse("conversations:ward_list"),
        world.coordinator: reverse("conversations:report"),
        world.analyst: reverse("conversations:report"),
    }
    for user, url in expected.items():
        html = login(Client(), user).get(reverse("core:home")).content.decode()
        assert url in html, user.email
    citizen = login(Client(), world.citizen).get(reverse("core:home")).content.decode()
    assert reverse("conversations:ward_list") not in citizen


def test_it_counts_the_key_persons_waiting_patients(day: Ward) -> None:
    make_entry(day.world, patient="Anna")
    make_entry(day.world, patient="Bo", day=timezone.localdate() + timedelta(days=1))
    client = login(Client(), day.world.key_person)
    response = client.get(reverse("core:home"))
    assert any(card.count == 1 for card in response.context["cards"] if card.url == reverse("conversations:ward_list"))


def test_it_reports_support_hours_to_the_costs_app(day: Ward) -> None:
    world = day.world
    theme = Theme.objects.create(ward=world.ward, label="Håb")
    conversation = services.start_conversation(shift=day.shift, entry=make_entry(world), acting_user=world.peer)
    services.save_conversation(
        conversation=conversation,
        started_at=conversation.started_at,
        ended_at=conversation.started_at + timedelta(minutes=45),
        theme=theme,
        private_note="",
        acting_user=world.peer,
    )
    ShiftLog.objects.create(shift=day.shift, informal_minutes=75)
    today = timezone.localdate()
    assert hooks.support_hours(world.organisation, today, today) == {"support_hours": 2.0}
    assert hooks.support_hours(world.other_organisation, today, today) == {}
