"""The demo: themes on every ward, today's list on the demo peer's ward, four past weeks with about 25
conversations a week, a filed and an unfiled journal note for the contact person – built twice without
doubling anything."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conversations import demo
from conversations.models import Conversation, JournalNote, ListEntry, Theme
from conversations.selectors import conversation_report
from core import demo as core_demo
from education import demo as education_demo
from people import demo as people_demo
from tests.personas import login
from wards import demo as wards_demo


def _build() -> core_demo.Demo:
    partnership = core_demo.build_core()
    people_demo.build(partnership)
    education_demo.build(partnership)
    wards_demo.build(partnership)
    demo.build(partnership)
    return partnership


@pytest.mark.django_db
def test_it_builds_the_ward_conversations_of_the_demo_idempotently() -> None:
    partnership = _build()
    counts = (Theme.objects.count(), ListEntry.objects.count(), Conversation.objects.count())
    demo.build(partnership)
    assert (Theme.objects.count(), ListEntry.objects.count(), Conversation.objects.count()) == counts

    today = timezone.localdate()
    todays = ListEntry.objects.filter(day=today)
    assert todays.count() == 4 and todays.filter(status="waiting").count() == 4
    contact = partnership.logins["contact_person"]
    notes = JournalNote.objects.filter(contact_person=contact)
    assert notes.filed().exists() and notes.unfiled().exists()

    monday = today - timezone.timedelta(days=today.weekday())
    report = conversation_report(
        partnership.region, start=monday - timezone.timedelta(weeks=4), end=monday - timezone.timedelta(days=1)
    )
    assert len(report.weeks) == 4
    assert 20 <= report.mean_per_week <= 30
    assert report.unmet_total == 2.0

    peer = login(Client(), partnership.logins["peer"])
    response = peer.get(reverse("conversations:today"), follow=True)
    assert "Stue 7" in response.content.decode()
