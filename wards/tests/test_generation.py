"""Plan generation from the database: active peers qualified for ward work, within their availability (less
exceptions and the group times they run), their contract hours and the sites they serve, outside the wards'
blocked times; continuity for the preferred and last period's peer; unmet hours explained; nothing saved
when it fails."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import EmploymentRecord
from core.models import Unit, UnitKind
from people.models import AvailabilityException, PeerStatus
from tests.personas import World, login
from wards import planner, services
from wards.errors import WardRefused
from wards.models import GroupSite, Shift, ShiftPlan, WardSettings
from wards.tests.helpers import block, make_ward, next_monday, settle, ward_peer


def _plan(world: World, weeks: int = 1, week_start: date | None = None) -> ShiftPlan:
    return services.create_plan(
        organisation=world.organisation,
        week_start=week_start or next_monday(),
        weeks=weeks,
        acting_user=world.coordinator,
    )


@pytest.mark.django_db
def test_it_covers_the_wards_hours_within_availability_and_outside_blocked_times(world: World) -> None:
    ward = settle(world)
    peter = ward_peer(world, "Peter", units=[ward], user=world.peer, days=(0, 2), start=time(9), end=time(13))
    for day in (0, 2):
        block(ward, day, time(9), time(10, 30))
    plan = _plan(world)
    shifts = list(plan.shifts.all())
    assert plan.unmet == [] and sum(s.hours for s in shifts) == 4
    for shift in shifts:
        assert shift.peer == peter and shift.ward == ward
        assert shift.date.weekday() in (0, 2)
        assert shift.start >= time(10, 30) and shift.end <= time(13)


@pytest.mark.django_db
def test_it_plans_only_active_peers_qualified_for_ward_work_on_sites_they_serve(world: World) -> None:
    ward = settle(world)
    elsewhere = make_ward(world.organisation, "Afsnit K1", site="Køge")
    ward_peer(world, "Ulla", units=[ward], qualified=False)
    paused = ward_peer(world, "Paula", units=[ward])
    paused.status = PeerStatus.PAUSED
    paused.save()
    ward_peer(world, "Kim", units=[elsewhere])
    plan = _plan(world)
    assert not plan.shifts.filter(ward=ward).exists()
    assert {s.peer.first_name for s in plan.shifts.all()} <= {"Kim"}
    unmet = {row["ward_name"]: row for row in plan.unmet}
    assert unmet["Afsnit P1"]["hours"] == 4
    assert unmet["Afsnit P1"]["reason"] == "no_qualified_peer"
    assert unmet["Afsnit P1"]["reasons"][0]["peers"] == ["Ulla Testesen"]


@pytest.mark.django_db
def test_it_keeps_to_contract_hours_from_the_profile_or_the_employment_record(world: World) -> None:
    ward = settle(world)
    peer = ward_peer(world, "Peter", units=[ward], user=world.peer, hours=2)
    plan = _plan(world)
    assert [s.peer for s in plan.shifts.all()] == [peer]
    assert plan.unmet[0]["hours"] == 2

    EmploymentRecord.objects.create(
        organisation=world.organisation, peer=peer, hours_per_week=Decimal(10), starts_on=date(2020, 1, 1)
    )
    services.regenerate_plan(plan=plan, acting_user=None)
    plan.refresh_from_db()
    assert plan.unmet == [] and plan.shifts.count() == 2


@pytest.mark.django_db
def test_it_leaves_out_days_the_peer_is_away_and_the_time_of_the_group_they_run(world: World) -> None:
    ward = settle(world)
    monday = next_monday()
    peer = ward_peer(world, "Peter", units=[ward], user=world.peer, days=(0, 1, 2), start=time(9), end=time(17))
    AvailabilityException.objects.create(peer=peer, starts_on=monday, ends_on=monday, note="Tandlæge")
    group = GroupSite.objects.create(
        organisation=world.organisation, name="Køge", weekday=1, start=time(9), end=time(16, 0)
    )
    group.peers.add(peer)
    plan = _plan(world, week_start=monday)
    days = {s.date.weekday() for s in plan.shifts.all()}
    assert plan.unmet == [] and days == {2}


@pytest.mark.django_db
def test_it_says_which_ward_lacks_which_hours_and_why_on_the_plan_page(world: World) -> None:
    ward = settle(world)
    peer = ward_peer(world, "Peter", units=[ward], user=world.peer, days=(0,), start=time(9), end=time(11))
    assert peer.pk
    client = login(Client(), world.coordinator)
    response = client.post(reverse("wards:plan_list"), {"week_start": next_monday().isoformat(), "weeks": 1})
    plan = ShiftPlan.objects.get()
    assert response["Location"] == reverse("wards:plan_detail", kwargs={"code": plan.code})
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Afsnit P1 mangler 2 timer i ugen fra" in page
    assert "kun plads til 2 timer" in page or "højst give det 2 timer" in page
    english = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Afsnit P1 lacks 2 hours in the week of" in english


@pytest.mark.django_db
def test_it_prefers_the_wards_fixed_peer_and_then_last_periods_peer(world: World) -> None:
    ward = settle(world)
    anna = ward_peer(world, "Anna", units=[ward])
    bo = ward_peer(world, "Bo", units=[ward])
    WardSettings.objects.filter(ward=ward).update(preferred_peer=bo)
    first = _plan(world)
    assert {s.peer for s in first.shifts.all()} == {bo}

    WardSettings.objects.filter(ward=ward).update(preferred_peer=anna)
    services.regenerate_plan(plan=first, acting_user=None)
    assert {s.peer for s in first.shifts.all()} == {anna}
    services.publish_plan(plan=first, acting_user=None)

    WardSettings.objects.filter(ward=ward).update(preferred_peer=None)
    following = _plan(world, week_start=first.week_start + timedelta(days=7))
    assert {s.peer for s in following.shifts.all()} == {anna}


@pytest.mark.django_db
def test_it_plans_a_period_of_several_weeks(world: World) -> None:
    ward = settle(world)
    ward_peer(world, "Peter", units=[ward], user=world.peer)
    plan = _plan(world, weeks=3)
    weeks = {(s.date - plan.week_start).days // 7 for s in plan.shifts.all()}
    assert weeks == {0, 1, 2} and plan.shifts.count() == 6 and plan.unmet == []


@pytest.mark.django_db
def test_it_refuses_a_period_that_does_not_start_on_a_monday(world: World) -> None:
    settle(world)
    client = login(Client(), world.coordinator)
    tuesday = next_monday() + timedelta(days=1)
    page = client.post(
        reverse("wards:plan_list"), {"week_start": tuesday.isoformat(), "weeks": 1}, HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert "En vagtplan begynder på en mandag." in page
    with pytest.raises(WardRefused):
        _plan(world, week_start=tuesday)
    with pytest.raises(WardRefused):
        _plan(world, weeks=9)
    assert not ShiftPlan.objects.exists()


@pytest.mark.django_db
def test_it_saves_nothing_when_the_planner_refuses_the_input(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    settle(world)

    def refuse(*args: object, **kwargs: object) -> planner.PlanResult:
        raise planner.ShiftInputError("overlap", "blocks overlap", record="ward", record_id=1, field="blocks")

    monkeypatch.setattr(planner, "plan_shifts", refuse)
    client = login(Client(), world.coordinator)
    page = client.post(
        reverse("wards:plan_list"), {"week_start": next_monday().isoformat(), "weeks": 1}, HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert "Afsnittenes indstillinger kan ikke planlægges" in page
    assert not ShiftPlan.objects.exists()


@pytest.mark.django_db
def test_it_saves_no_half_plan_when_saving_the_shifts_fails(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    ward = settle(world)
    ward_peer(world, "Peter", units=[ward], user=world.peer)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Shift.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        _plan(world)
    assert not ShiftPlan.objects.exists()


@pytest.mark.django_db
def test_it_regenerates_a_draft_but_not_a_published_plan(world: World) -> None:
    ward = settle(world)
    ward_peer(world, "Peter", units=[ward], user=world.peer, days=(0, 1, 2))
    plan = _plan(world)
    assert {s.date.weekday() for s in plan.shifts.all()} <= {0, 1, 2}
    for day in (0, 1):
        block(ward, day, time(0), time(23, 30))
    client = login(Client(), world.coordinator)
    client.post(reverse("wards:plan_regenerate", kwargs={"code": plan.code}))
    assert {s.date.weekday() for s in plan.shifts.all()} == {2}
    services.publish_plan(plan=plan, acting_user=None)
    before = list(plan.shifts.values_list("pk", flat=True))
    with pytest.raises(WardRefused):
        services.regenerate_plan(plan=plan, acting_user=None)
    assert list(plan.shifts.values_list("pk", flat=True)) == before


@pytest.mark.django_db
def test_it_plans_with_the_most_common_shift_length_and_names_the_wards_that_differ(world: World) -> None:
    ward = settle(world)
    make_ward(world.organisation, "Afsnit P2")
    odd = make_ward(world.organisation, "Afsnit P3", shift_hours=Decimal(3))
    ward_peer(world, "Peter", units=[ward, odd], user=world.peer, hours=20)
    plan = _plan(world)
    assert {s.hours for s in plan.shifts.all()} == {2}
    page = login(Client(), world.coordinator).get(
        reverse("wards:plan_detail", kwargs={"code": plan.code}), HTTP_ACCEPT_LANGUAGE="da"
    )
    text = page.content.decode()
    assert "Planlæggeren gør alle vagter 2 timer lange" in text and "Afsnit P3 (3 timer)" in text
    assert "Afsnit P2 (" not in text


@pytest.mark.django_db
def test_it_shows_unmet_rows_written_by_a_script_with_their_own_message(world: World) -> None:
    ward = settle(world)
    monday = next_monday()
    plan = ShiftPlan.objects.create(
        organisation=world.organisation,
        week_start=monday,
        unmet=[
            {
                "ward": str(ward.code),
                "ward_name": ward.name,
                "week": monday.isoformat(),
                "hours": 2,
                "message": "Ferie.",
            }
        ],
    )
    page = login(Client(), world.coordinator).get(
        reverse("wards:plan_detail", kwargs={"code": plan.code}), HTTP_ACCEPT_LANGUAGE="da"
    )
    text = page.content.decode()
    assert f"Afsnit P1 mangler 2 timer i ugen fra {monday.day}. " in text and "Ferie." in text


@pytest.mark.django_db
def test_it_keeps_published_plans_from_overlapping(world: World) -> None:
    ward = settle(world)
    ward_peer(world, "Peter", units=[ward], user=world.peer)
    monday = next_monday()
    first_draft = _plan(world, weeks=2, week_start=monday)
    second_draft = _plan(world, weeks=1, week_start=monday + timedelta(days=7))
    services.publish_plan(plan=second_draft, acting_user=None)
    with pytest.raises(WardRefused) as refused:
        services.publish_plan(plan=first_draft, acting_user=None)
    assert refused.value.code == "overlaps_published"
    client = login(Client(), world.coordinator)
    page = client.post(
        reverse("wards:plan_list"), {"week_start": monday.isoformat(), "weeks": 3}, HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert "Den offentliggjorte vagtplan for" in page
    assert ShiftPlan.objects.count() == 2
    # The week before is free.
    assert _plan(world, week_start=monday - timedelta(days=7)).pk


@pytest.mark.django_db
def test_it_ignores_sites_of_units_in_another_organisation(world: World) -> None:
    ward = settle(world)
    elsewhere = Unit.objects.create(
        organisation=world.other_organisation, name="Bostedet", kind=UnitKind.MUNICIPAL_SERVICE, site="Roskilde"
    )
    ward_peer(world, "Peter", units=[elsewhere], user=world.peer)
    plan = _plan(world)
    assert not plan.shifts.exists() and plan.unmet[0]["reason"] == "no_peer_serves_site"
    assert ward.pk
