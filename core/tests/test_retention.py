"""Retention per organisation and data type: the registry, the daily purge and the administrator's page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import demo as core_demo
from core import retention
from core.models import AuditEntry, AuditKind, Membership, RetentionPeriod, Role
from core.tasks import run_daily_jobs_task
from tests.personas import World, login

URL = "core:retention_periods"
FIELD = "days_core__audit_log"


def _entry(action: str, *, days_ago: int, organisation: Any = None) -> AuditEntry:
    return AuditEntry.objects.create(
        kind=AuditKind.READ, action=action, organisation=organisation, at=timezone.now() - timedelta(days=days_ago)
    )


def _purges(organisation: Any) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action="core.retention.purged", data__type="core.audit_log", organisation=organisation
        ).order_by("at")
    )


@pytest.mark.django_db
def test_it_deletes_earlier_for_an_organisation_with_a_shorter_period_and_leaves_others_alone(
    world: World, settings: Any
) -> None:
    settings.AUDIT_RETENTION_DAYS = 1825
    retention.set_retention_periods(
        organisation=world.organisation, acting_user=world.administrator, periods={"core.audit_log": 400}
    )
    ours_old = _entry("ours.old", days_ago=500, organisation=world.organisation)
    ours_recent = _entry("ours.recent", days_ago=300, organisation=world.organisation)
    theirs_old = _entry("theirs.old", days_ago=500, organisation=world.other_organisation)
    nobodys_old = _entry("nobody.old", days_ago=500)

    run_daily_jobs_task.call()

    remaining = set(AuditEntry.objects.values_list("action", flat=True))
    assert ours_old.action not in remaining
    assert {ours_recent.action, theirs_old.action, nobodys_old.action} <= remaining


@pytest.mark.django_db
def test_it_uses_the_installation_default_without_a_period_of_the_organisations_own(
    world: World, settings: Any
) -> None:
    settings.AUDIT_RETENTION_DAYS = 400
    _entry("theirs.old", days_ago=401, organisation=world.other_organisation)
    _entry("theirs.recent", days_ago=399, organisation=world.other_organisation)
    assert not RetentionPeriod.objects.exists()

    totals = retention.run_retention()

    assert totals["core.audit_log"] == 1
    actions = set(AuditEntry.objects.filter(organisation=world.other_organisation).values_list("action", flat=True))
    assert "theirs.old" not in actions and "theirs.recent" in actions


@pytest.mark.django_db
def test_it_audits_every_purge_with_its_count_and_period(world: World, settings: Any) -> None:
    settings.AUDIT_RETENTION_DAYS = 1825
    retention.set_retention_periods(
        organisation=world.organisation, acting_user=world.administrator, periods={"core.audit_log": 400}
    )
    _entry("a", days_ago=500, organisation=world.organisation)
    _entry("b", days_ago=600, organisation=world.organisation)

    retention.run_retention()

    [ours] = _purges(world.organisation)
    assert ours.kind == AuditKind.DELETE and ours.actor_label == "system"
    assert ours.data == {"type": "core.audit_log", "retention_days": 400, "deleted": 2}
    [theirs] = _purges(world.other_organisation)
    assert theirs.data["deleted"] == 0 and theirs.data["retention_days"] == 1825
    changed = AuditEntry.objects.get(action="core.retention.period_changed")
    assert changed.actor == world.administrator and changed.data == {"type": "core.audit_log", "from": None, "to": 400}


@pytest.mark.django_db
def test_it_refuses_a_period_below_the_minimum_in_the_service(world: World) -> None:
    with pytest.raises(ValueError):
        retention.set_retention_periods(
            organisation=world.organisation, acting_user=world.administrator, periods={"core.audit_log": 30}
        )
    assert not RetentionPeriod.objects.exists()


@pytest.mark.django_db
def test_it_shows_each_data_type_with_its_default_and_the_organisations_period(world: World, settings: Any) -> None:
    settings.AUDIT_RETENTION_DAYS = 1825
    RetentionPeriod.objects.create(organisation=world.other_organisation, key="core.audit_log", days=999)
    client = login(Client(), world.administrator)

    page = client.get(reverse(URL), HTTP_ACCEPT_LANGUAGE="da").content.decode()

    for retention_type in retention.registered():
        assert FIELD.replace("core__audit_log", retention_type.key.replace(".", "__")) in page
    assert "1825 dage" in page
    assert "999" not in page  # another organisation's period


@pytest.mark.django_db
def test_it_saves_a_period_and_clears_it_back_to_the_default(world: World) -> None:
    client = login(Client(), world.administrator)

    response = client.post(reverse(URL), {FIELD: "400"})

    assert response.status_code == 302
    assert RetentionPeriod.objects.get(organisation=world.organisation, key="core.audit_log").days == 400
    assert "400 dage" in client.get(reverse(URL), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    client.post(reverse(URL), {FIELD: ""})
    assert not RetentionPeriod.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "error"),
    [("30", "mindst 365 dage"), ("tre år", "helt antal dage"), ("99999", "højst 36500 dage")],
    ids=["below the minimum", "not a number", "too long"],
)
def test_it_explains_a_wrong_period_in_danish_and_keeps_what_was_typed(world: World, typed: str, error: str) -> None:
    client = login(Client(), world.administrator)

    response = client.post(reverse(URL), {FIELD: typed}, HTTP_ACCEPT_LANGUAGE="da")

    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert f'value="{typed}"' in page
    assert not RetentionPeriod.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("administrator", 200),
        ("coordinator", 404),
        ("peer", 404),
        ("key_person", 404),
        ("citizen", 404),
        ("teacher", 404),
        ("lead", 404),
        ("analyst", 404),
        ("outsider", 404),
    ],
)
def test_it_opens_the_page_for_the_administrator_only(world: World, persona: str, status: int) -> None:
    client = login(Client(), world.personas()[persona])
    assert client.get(reverse(URL)).status_code == status
    assert client.post(reverse(URL), {FIELD: "400"}).status_code == (302 if status == 200 else 404)
    assert RetentionPeriod.objects.filter(organisation=world.organisation).exists() == (status == 200)


@pytest.mark.django_db
def test_it_lets_another_organisations_administrator_change_only_their_own_period(world: World) -> None:
    Membership.objects.create(user=world.outsider, organisation=world.other_organisation, role=Role.ADMINISTRATOR)
    client = login(Client(), world.outsider)

    client.post(reverse(URL), {FIELD: "500"})

    assert list(RetentionPeriod.objects.values_list("organisation", "days")) == [(world.other_organisation.pk, 500)]


@pytest.mark.django_db
def test_it_gives_the_demo_region_its_own_period_for_contact_messages_once() -> None:
    core_demo.build_core()
    demo = core_demo.build_core()
    assert retention.periods_of(demo.region) == {"public.contact_messages": 180}
    assert RetentionPeriod.objects.count() == 1


@pytest.mark.django_db
def test_it_runs_the_other_purges_when_one_fails_and_reports_the_failure(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(organisation: Any, cutoff: Any) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setitem(retention._TYPES, "aaa.broken", retention.RetentionType("aaa.broken", "Broken", 10, broken))
    settings.AUDIT_RETENTION_DAYS = 400
    _entry("old", days_ago=500, organisation=world.organisation)

    outcome = run_daily_jobs_task.call()["core.retention"]

    assert outcome.startswith("failed") and "aaa.broken" in outcome
    assert not AuditEntry.objects.filter(action="old").exists()
    assert not AuditEntry.objects.filter(data__type="aaa.broken").exists()
