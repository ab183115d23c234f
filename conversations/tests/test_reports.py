"""The ward-conversation report: per week per ward, per peer, themes, unmet hours, group attendance."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conversations import selectors, services
from conversations.models import Theme
from conversations.tests.factories import make_entry, make_peer, make_shift
from core.models import Role, Unit, UnitKind
from tests.personas import World, login, make_member
from wards.models import ShiftPlan

MONDAY = date(2026, 11, 2)  # ISO week 45


def _log(world: World, shift: Any, patient: str, theme: Theme, minutes: int = 30) -> None:
    entry = make_entry(world, patient=patient, day=shift.date, ward=shift.ward)
    conversation = services.start_conversation(
        shift=shift, entry=entry, acting_user=world.peer, at=timezone.make_aware(datetime.combine(shift.date, time(13)))
    )
    services.save_conversation(
        conversation=conversation,
        started_at=conversation.started_at,
        ended_at=conversation.started_at + timedelta(minutes=minutes),
        theme=theme,
        private_note="",
        acting_user=world.peer,
    )


def _fill(world: World) -> dict[str, Any]:
    ward2 = Unit.objects.create(organisation=world.organisation, name="Afsnit P2", kind=UnitKind.WARD)
    pia = make_peer(world)
    ole_user = make_member("ole.peer@example.dk", "Ole", world.organisation, Role.PEER)
    ole = make_peer(world, user=ole_user, first_name="Ole")
    hope = Theme.objects.create(ward=world.ward, label="Håb og drømme")
    hope2 = Theme.objects.create(ward=ward2, label="Håb og drømme")
    discharge = Theme.objects.create(ward=world.ward, label="Udskrivelse")
    week45 = make_shift(world, peer=pia, day=MONDAY)
    week45_p2 = make_shift(world, peer=ole, ward=ward2, day=MONDAY + timedelta(days=2))
    week46 = make_shift(world, peer=pia, day=MONDAY + timedelta(days=7))
    _log(world, week45, "Anna", hope, 20)
    _log(world, week45, "Bo", discharge, 40)
    _log(world, week45_p2, "Cai", hope2, 15)
    _log(world, week46, "Dan", hope, 45)
    # A draft plan's conversations-to-be and unmet hours do not count.
    draft = make_shift(world, peer=pia, day=MONDAY + timedelta(days=1), published=False)
    draft.plan.unmet = [{"ward": str(world.ward.code), "ward_name": world.ward.name, "hours": 9}]
    draft.plan.save()
    ShiftPlan.objects.filter(pk=week45.plan.pk).update(
        unmet=[
            {"ward": str(ward2.code), "ward_name": "Afsnit P2", "week": MONDAY.isoformat(), "hours": 2, "reason": "x"},
            {"ward": str(world.ward.code), "ward_name": world.ward.name, "week": MONDAY.isoformat(), "hours": 1.5},
        ]
    )
    return {"ward2": ward2}


def test_it_counts_conversations_per_week_ward_and_peer(world: World) -> None:
    _fill(world)
    report = selectors.conversation_report(world.organisation, start=MONDAY, end=MONDAY + timedelta(days=13))
    assert report.weeks == ["2026-W45", "2026-W46"]
    assert report.wards == ["Afsnit P1", "Afsnit P2"]
    assert report.week_rows() == [("2026-W45", [2, 1], 3), ("2026-W46", [1, 0], 1)]
    assert report.total == 4 and report.mean_per_week == 2.0
    assert report.peers == [("Peter Testesen", 3, 105), ("Ole Testesen", 1, 15)]
    assert report.peer_week_rows() == [("Peter Testesen", [2, 1], 3, 105), ("Ole Testesen", [1, 0], 1, 15)]
    assert report.themes == [("Håb og drømme", 3), ("Udskrivelse", 1)]
    assert report.total_minutes == 120


def test_it_reports_unmet_hours_of_published_plans_only(world: World) -> None:
    _fill(world)
    report = selectors.conversation_report(world.organisation, start=MONDAY, end=MONDAY + timedelta(days=13))
    assert report.unmet == [("2026-W45", "Afsnit P1", 1.5), ("2026-W45", "Afsnit P2", 2.0)]
    assert report.unmet_total == 3.5


def test_it_narrows_the_report_to_one_ward(world: World) -> None:
    extra = _fill(world)
    report = selectors.conversation_report(
        world.organisation, start=MONDAY, end=MONDAY + timedelta(days=13), ward=extra["ward2"]
    )
    assert report.total == 1 and report.unmet == [("2026-W45", "Afsnit P2", 2.0)]


def test_it_counts_attendance_at_district_psychiatry_groups(world: World) -> None:
    from courses.models import CourseRun, Session
    from courses.tests.factories import future_days, make_course, make_run

    clinic = Unit.objects.create(
        organisation=world.organisation, name="Distriktspsykiatrien Køge", kind=UnitKind.OUTPATIENT
    )
    course = make_course(world.organisation, clinic, title="Peer Café")
    run = make_run(course, teacher=world.teacher, days=future_days(2))
    sessions = list(run.sessions.order_by("day"))
    Session.objects.filter(pk=sessions[0].pk).update(day=MONDAY, headcount=6)
    Session.objects.filter(pk=sessions[1].pk).update(day=MONDAY + timedelta(days=7), headcount=4)
    CourseRun.objects.filter(pk=run.pk).update(starts_on=MONDAY, ends_on=MONDAY + timedelta(days=7))
    report = selectors.conversation_report(world.organisation, start=MONDAY, end=MONDAY + timedelta(days=13))
    assert [(g.title, g.place, g.sessions_held, g.attendance) for g in report.groups] == [
        ("Peer Café", "Distriktspsykiatrien Køge", 2, 10)
    ]


def test_it_shows_the_report_with_charts_and_exports_it(client: Client, world: World) -> None:
    _fill(world)
    login(client, world.coordinator)
    query = f"?start={MONDAY:%d.%m.%Y}&end={MONDAY + timedelta(days=13):%d.%m.%Y}"
    html = client.get(reverse("conversations:report") + query).content.decode()
    assert 'data-chart="chart-weeks"' in html and "2026-W46" in html and "Peter Testesen" in html
    response = client.get(reverse("conversations:report_export") + query)
    workbook = load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in row] for row in workbook.worksheets[0].iter_rows()]
    assert rows[1] == ["2026-W45", 2, 1, 3]
    assert rows[-1][-1] == 4
    per_peer = [[c.value for c in row] for row in workbook.worksheets[1].iter_rows()]
    assert per_peer[0][1:3] == ["2026-W45", "2026-W46"]
    assert per_peer[1] == ["Peter Testesen", 2, 1, 3, 105]


def test_it_pseudonymises_peers_for_the_analyst(client: Client, world: World) -> None:
    _fill(world)
    login(client, world.analyst)
    query = f"?start={MONDAY:%d.%m.%Y}&end={MONDAY + timedelta(days=13):%d.%m.%Y}"
    html = client.get(reverse("conversations:report") + query).content.decode()
    assert "Peter Testesen" not in html and "Ole Testesen" not in html
    assert "2026-W45" in html


def test_it_refuses_a_period_that_ends_before_it_starts(client: Client, world: World) -> None:
    login(client, world.coordinator)
    response = client.get(reverse("conversations:report") + "?start=10.11.2026&end=01.11.2026")
    assert response.status_code == 200
    assert "10.11.2026" in response.content.decode()
