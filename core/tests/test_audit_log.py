"""The audit log: writes and reads recorded, append-only, searchable, purged after the retention period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import services
from core.models import AuditEntry, AuditKind
from core.tasks import run_daily_jobs_task
from tests.personas import World, login


@pytest.mark.django_db
def test_it_records_who_changed_what(world: World) -> None:
    unit = services.create_unit(
        organisation=world.organisation, acting_user=world.administrator, name="Afsnit P9", kind="ward"
    )
    entry = AuditEntry.objects.get(action="core.unit.created")
    assert entry.actor == world.administrator
    assert entry.object_code == str(unit.code)
    assert entry.organisation == world.organisation


@pytest.mark.django_db
def test_it_never_changes_or_deletes_a_single_entry(world: World) -> None:
    entry = AuditEntry.objects.create(kind=AuditKind.WRITE, action="x")
    entry.action = "changed"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


@pytest.mark.django_db
def test_it_purges_entries_older_than_the_retention_period_on_the_daily_run(world: World, settings: object) -> None:
    settings.AUDIT_RETENTION_DAYS = 30  # type: ignore[attr-defined]
    old = AuditEntry.objects.create(kind=AuditKind.READ, action="old", at=timezone.now() - timedelta(days=31))
    recent = AuditEntry.objects.create(kind=AuditKind.READ, action="recent", at=timezone.now() - timedelta(days=29))
    run_daily_jobs_task.call()
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    purge = AuditEntry.objects.get(
        action="core.retention.purged", kind=AuditKind.DELETE, data__type="core.audit_log", organisation=None
    )
    assert purge.data["deleted"] == 1 and purge.data["retention_days"] == 30


@pytest.mark.django_db
def test_it_lets_the_administrator_search_the_log_and_logs_the_search(world: World) -> None:
    services.create_unit(
        organisation=world.organisation, acting_user=world.administrator, name="Afsnit P9", kind="ward"
    )
    client = login(Client(), world.administrator)
    response = client.get(reverse("core:audit_log"), {"q": "unit.created"})
    assert "core.unit.created" in response.content.decode()
    search = AuditEntry.objects.get(action="core.audit.searched")
    assert search.kind == AuditKind.SEARCH and "unit.created" in search.criterion


@pytest.mark.django_db
def test_it_keeps_the_search_and_explains_dates_in_the_wrong_order(world: World) -> None:
    client = login(Client(), world.administrator)
    response = client.get(reverse("core:audit_log"), {"q": "abc", "date_from": "10.11.2026", "date_to": "01.11.2026"})
    page = response.content.decode()
    assert 'value="abc"' in page
    assert response.context["form"].errors["date_to"]


@pytest.mark.django_db
def test_it_shows_an_administrator_only_their_own_organisations_entries(world: World) -> None:
    services.create_unit(
        organisation=world.other_organisation, acting_user=world.outsider, name="Hemmelig", kind="ward"
    )
    client = login(Client(), world.administrator)
    assert "Hemmelig" not in client.get(reverse("core:audit_log")).content.decode()
    assert not any(
        e.organisation == world.other_organisation for e in client.get(reverse("core:audit_log")).context["page_obj"]
    )
