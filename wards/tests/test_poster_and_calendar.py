"""The printable poster per ward and week (days as columns, times, peers' first names) and each peer's
iCal feed behind a secret address that can be renewed."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Unit
from people.models import Peer
from tests.personas import World, login
from wards import pdf, services
from wards.models import ShiftCalendar, ShiftPlan
from wards.tests.helpers import block, make_ward, next_monday, settle, ward_peer


def _published(world: World) -> tuple[Unit, Peer, ShiftPlan]:
    ward = settle(world)
    for day in range(5):
        block(ward, day, time(8), time(9, 30), "doctor_conversations", "Stuegang")
    block(ward, 1, time(14, 30), time(15, 30), "shift_change")
    peer = ward_peer(world, "Peter", units=[ward], user=world.peer, days=(0, 3), start=time(9), end=time(16))
    plan = services.create_plan(organisation=world.organisation, week_start=next_monday(), weeks=2, acting_user=None)
    services.publish_plan(plan=plan, acting_user=None)
    return ward, peer, plan


@pytest.mark.django_db
def test_it_prints_a_poster_with_the_weekdays_times_and_first_names(world: World) -> None:
    ward, _peer, plan = _published(world)
    html = pdf.poster_html(plan=plan, ward=ward, week=0)
    for day in ("Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag"):
        assert day in html
    assert "Lørdag" not in html  # no weekend columns when nobody is on the ward then
    shifts = list(plan.shifts.filter(date__lt=plan.week_start + timedelta(days=7)))
    assert len(shifts) == 2
    for shift in shifts:
        assert f"{shift.start:%H:%M}–{shift.end:%H:%M}" in html
    assert html.count(">Peter<") == 2 and "Testesen" not in html
    assert "Mandag–fredag 08:00–09:30: Stuegang" in html
    assert f"Uge {plan.week_start.isocalendar().week}" in html

    response = login(Client(), world.key_person).get(
        reverse("wards:poster_pdf", kwargs={"code": plan.code, "ward_code": ward.code, "week": 2})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 5_000
    assert "vagtplan-afsnit-p1-uge-" in response["Content-Disposition"]
    missing = reverse("wards:poster_pdf", kwargs={"code": plan.code, "ward_code": ward.code, "week": 3})
    assert login(Client(), world.coordinator).get(missing).status_code == 404


@pytest.mark.django_db
def test_it_gives_the_peer_a_calendar_feed_of_their_published_shifts(world: World) -> None:
    _ward, peer, plan = _published(world)
    client = login(Client(), world.peer)
    assert client.post(reverse("wards:my_calendar")).status_code == 302
    calendar = ShiftCalendar.objects.get(peer=peer)
    url = reverse("wards:calendar_feed", kwargs={"token": calendar.token})
    page = client.get(reverse("wards:my_shifts")).content.decode()
    assert f"http://testserver{url}" in page and f'href="webcal://testserver{url}"' in page

    feed = Client().get(url, HTTP_ACCEPT_LANGUAGE="da")  # calendar apps have no session
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    shifts = list(plan.shifts.filter(peer=peer))
    assert body.count("BEGIN:VEVENT") == len(shifts) == 4
    for shift in shifts:
        assert f"UID:{shift.code}@brobygger-vagt" in body
        assert f"DTSTART;TZID=Europe/Copenhagen:{shift.date:%Y%m%d}T{shift.start:%H%M}00" in body
    assert "SUMMARY:Peer-vagt: Afsnit P1" in body


@pytest.mark.django_db
def test_it_leaves_out_other_peers_shifts_and_draft_plans(world: World) -> None:
    ward, peer, plan = _published(world)
    other = ward_peer(world, "Pia", units=[ward], days=(1, 2), start=time(9), end=time(16))
    draft = services.create_plan(
        organisation=world.organisation, week_start=plan.week_start + timedelta(days=14), weeks=1, acting_user=None
    )
    assert draft.shifts.filter(peer=peer).exists()
    calendar = services.calendar_of(peer=peer)
    body = Client().get(reverse("wards:calendar_feed", kwargs={"token": calendar.token})).content.decode()
    assert body.count("BEGIN:VEVENT") == plan.shifts.filter(peer=peer).count()
    for shift in draft.shifts.all():
        assert str(shift.code) not in body
    assert other.pk and "Pia" not in body


@pytest.mark.django_db
def test_it_stops_the_old_address_when_the_peer_makes_a_new_one(world: World) -> None:
    _ward, peer, _plan = _published(world)
    old = services.calendar_of(peer=peer).token
    client = login(Client(), world.peer)
    client.post(reverse("wards:my_calendar"), {"renew": "1"})
    new = ShiftCalendar.objects.get(peer=peer).token
    assert new != old
    assert Client().get(reverse("wards:calendar_feed", kwargs={"token": old})).status_code == 404
    assert Client().get(reverse("wards:calendar_feed", kwargs={"token": new})).status_code == 200
    assert Client().get(reverse("wards:calendar_feed", kwargs={"token": "guessed"})).status_code == 404


@pytest.mark.django_db
def test_it_prints_every_wards_poster_for_a_week_one_page_each(world: World) -> None:
    ward, _peer, plan = _published(world)
    other = make_ward(world.organisation, "Afsnit P2")
    html = pdf.posters_html(plan=plan, wards=[ward, other], week=1)
    assert html.count('<div class="poster">') == 2
    assert "Peer-samtaler på Afsnit P1" in html and "Peer-samtaler på Afsnit P2" in html
    url = reverse("wards:posters_pdf", kwargs={"code": plan.code, "week": 1})
    response = login(Client(), world.coordinator).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert f"vagtplaner-uge-{plan.week_start.isocalendar().week}.pdf" in response["Content-Disposition"]
    assert login(Client(), world.outsider).get(url).status_code == 404
    assert login(Client(), world.peer).get(url).status_code == 404
