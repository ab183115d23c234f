"""Supervision, ERFA group, collaboration forum and volunteer meetings as recurring series with attendance —
who came, never what was said — and a flag for peers who missed required supervision twice running."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from education import support_services
from education.errors import EducationRefused
from education.models import Attendance, AttendanceStatus, Meeting, MeetingKind, MeetingSeries, MeetingStatus
from education.support_selectors import supervision_flags
from education.tests.helpers import basic, make_peer, make_run, make_series, world_peer
from tests.personas import World, login


def _at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.mark.django_db
@time_machine.travel(date(2027, 1, 1), tick=False)
def test_it_plans_group_supervision_the_first_tuesday_of_every_month_a_year_ahead(world: World) -> None:
    peer = world_peer(world)
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:series_create"),
        {
            "kind": "supervision",
            "title": "",
            "ordinal": "1",
            "weekday": "1",
            "every_months": "1",
            "start_time": "14:00",
            "duration_minutes": "",
            "place": "Udviklingsenheden",
            "starts_on": "01.01.2027",
            "required": "on",
            "participants": [peer.pk],
        },
    )
    series = MeetingSeries.objects.get()
    assert response["Location"] == reverse("education:series_detail", kwargs={"code": series.code})
    assert series.title == "Gruppesupervision" and series.duration_minutes == 60 and series.required
    days = list(series.occurrences.values_list("on", flat=True))
    assert days[:3] == [date(2027, 1, 5), date(2027, 2, 2), date(2027, 3, 2)]
    assert days[-1] == date(2027, 12, 7)  # a year ahead: up to 01.01.2028
    first = series.occurrences.first()
    assert first is not None and timezone.localtime(first.starts_at).hour == 14


@pytest.mark.django_db
def test_it_uses_the_programmes_hours_for_the_erfa_group(world: World) -> None:
    from core.models import Programme

    programme = Programme.objects.create(
        organisation=world.organisation, name="Brobyggere", model=Programme.Model.BRIDGE_BUILDERS
    )
    series = support_services.create_series(
        organisation=world.organisation,
        kind=MeetingKind.ERFA,
        title="",
        ordinal=2,
        weekday=3,
        every_months=1,
        start_time=time(13, 0),
        starts_on=date(2027, 1, 1),
        programme=programme,
        acting_user=None,
    )
    assert series.duration_minutes == 150 and series.title == "ERFA-gruppe" and not series.required


@pytest.mark.django_db
def test_it_refuses_a_series_ending_before_it_starts_and_keeps_the_input(world: World) -> None:
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:series_create"),
        {
            "kind": "collaboration_forum",
            "title": "Samarbejdsforum sengeafsnit",
            "ordinal": "-1",
            "weekday": "3",
            "every_months": "2",
            "start_time": "13:00",
            "starts_on": "01.06.2027",
            "ends_on": "01.01.2027",
        },
    )
    page = response.content.decode()
    assert "Serien slutter, før den begynder." in page
    assert 'value="Samarbejdsforum sengeafsnit"' in page and 'value="01.01.2027"' in page
    assert not MeetingSeries.objects.exists()


@pytest.mark.django_db
@time_machine.travel(date(2027, 3, 10), tick=False)
def test_it_replans_coming_meetings_but_keeps_those_held(world: World) -> None:
    peer = world_peer(world)
    series = make_series(world, participants=[peer], starts_on=date(2027, 1, 1))
    held = series.occurrences.get(on=date(2027, 3, 2))
    support_services.record_attendance(meeting=held, marks={peer: AttendanceStatus.PRESENT}, acting_user=None)
    support_services.update_series(series=series, weekday=3, acting_user=None)  # Thursdays from now on
    days = set(series.occurrences.values_list("on", flat=True))
    assert date(2027, 3, 2) in days and date(2027, 4, 6) not in days and date(2027, 4, 1) in days


@pytest.mark.django_db
@time_machine.travel(date(2027, 3, 10), tick=False)
def test_it_marks_attendance_on_a_meeting(world: World) -> None:
    peter = world_peer(world)
    anne = make_peer(world.organisation, "Anne")
    series = make_series(world, participants=[peter, anne], starts_on=date(2027, 1, 1))
    meeting = series.occurrences.get(on=date(2027, 3, 2))
    client = login(Client(), world.coordinator)
    url = reverse("education:meeting_detail", kwargs={"code": meeting.code})
    page = client.get(url).content.decode()
    assert "Peter" in page and "Anne" in page and "Fremmødt" in page and "Afbud" in page and "Udeblevet" in page
    response = client.post(url, {f"peer_{peter.code.hex}": "present", f"peer_{anne.code.hex}": "excused"})
    assert response["Location"] == url
    assert dict(Attendance.objects.values_list("peer__first_name", "status")) == {
        "Peter": "present",
        "Anne": "excused",
    }


@pytest.mark.django_db
@time_machine.travel(date(2027, 3, 10), tick=False)
def test_it_refuses_attendance_for_a_cancelled_meeting_with_a_clear_message(world: World) -> None:
    peer = world_peer(world)
    series = make_series(world, participants=[peer], starts_on=date(2027, 1, 1))
    meeting = series.occurrences.get(on=date(2027, 3, 2))
    client = login(Client(), world.coordinator)
    client.post(reverse("education:meeting_cancel", kwargs={"code": meeting.code}), {"reason": "Vinterferie"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.cancelled_reason == "Vinterferie"
    with pytest.raises(EducationRefused) as refused:
        support_services.record_attendance(meeting=meeting, marks={peer: "present"}, acting_user=None)
    assert refused.value.code == "meeting_cancelled"
    url = reverse("education:meeting_detail", kwargs={"code": meeting.code})
    page = client.get(url).content.decode()
    assert "Mødet er aflyst, så der er intet fremmøde at registrere." in page
    stale = client.post(url, {f"peer_{peer.code.hex}": "present"}).content.decode()  # a form opened before
    assert "Mødet er aflyst, så der kan ikke registreres fremmøde." in stale
    assert not Attendance.objects.exists()
    client.post(reverse("education:meeting_reinstate", kwargs={"code": meeting.code}))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


@pytest.mark.django_db
@time_machine.travel(date(2027, 3, 10), tick=False)
def test_it_takes_excuses_before_a_meeting_but_not_presence(world: World) -> None:
    peer = world_peer(world)
    series = make_series(world, participants=[peer], starts_on=date(2027, 1, 1))
    coming = series.occurrences.get(on=date(2027, 4, 6))
    client = login(Client(), world.coordinator)
    url = reverse("education:meeting_detail", kwargs={"code": coming.code})
    response = client.post(url, {f"peer_{peer.code.hex}": "present"})
    page = response.content.decode()
    assert response.status_code == 200 and "Mødet er ikke begyndt endnu." in page
    assert f'value="present" class="form-radio" id="id_peer_{peer.code.hex}_0" checked>' in page  # kept
    assert client.post(url, {f"peer_{peer.code.hex}": "excused"}).status_code == 302
    assert Attendance.objects.get().status == AttendanceStatus.EXCUSED


def test_it_has_no_field_for_what_was_said() -> None:
    fields = {f.name for f in Attendance._meta.get_fields()} | {f.name for f in Meeting._meta.get_fields()}
    assert not fields & {"content", "minutes", "notes", "summary", "note", "referat"}


@pytest.mark.django_db
def test_it_flags_a_peer_who_missed_required_supervision_two_months_running(world: World) -> None:
    peter = world_peer(world)
    anne = make_peer(world.organisation, "Anne")
    series = make_series(world, participants=[peter, anne], starts_on=date(2027, 1, 1))
    jan, feb, mar = (series.occurrences.get(on=d) for d in (date(2027, 1, 5), date(2027, 2, 2), date(2027, 3, 2)))
    with time_machine.travel(date(2027, 3, 10), tick=False):
        support_services.record_attendance(meeting=jan, marks={peter: "present", anne: "present"}, acting_user=None)
        support_services.record_attendance(meeting=feb, marks={peter: "absent", anne: "present"}, acting_user=None)
        assert supervision_flags(world.organisation, now=_at(date(2027, 3, 3))) == []
        support_services.record_attendance(meeting=mar, marks={peter: "excused", anne: "absent"}, acting_user=None)
        assert supervision_flags(world.organisation, now=_at(date(2027, 3, 10))) == [peter]


@pytest.mark.django_db
def test_it_does_not_count_a_session_nobody_has_marked_yet(world: World) -> None:
    peter = world_peer(world)
    make_series(world, participants=[peter], starts_on=date(2027, 1, 1))
    assert supervision_flags(world.organisation, now=_at(date(2027, 6, 10))) == []


@pytest.mark.django_db
@time_machine.travel(date(2027, 3, 10), tick=False)
def test_it_shows_the_peer_their_meetings_on_their_page(world: World) -> None:
    peer = world_peer(world)
    series = make_series(world, participants=[peer], starts_on=date(2027, 1, 1))
    support_services.record_attendance(
        meeting=series.occurrences.get(on=date(2027, 3, 2)), marks={peer: "present"}, acting_user=None
    )
    page = login(Client(), world.peer).get(reverse("people:my_peer_page")).content.decode()
    assert "Mine møder" in page and "Gruppesupervision" in page and "06.04.2027" in page


@pytest.mark.django_db
@time_machine.travel(date(2027, 3, 1), tick=False)
def test_it_shows_the_iso_week_of_each_meeting_and_run(world: World) -> None:
    peer = world_peer(world)
    make_series(world, participants=[peer], starts_on=date(2027, 1, 1))  # first Tuesdays: 02.03.2027 is week 9
    make_run(basic(world), starts_on=date(2027, 5, 10))  # week 19
    coordinator = login(Client(), world.coordinator)
    assert "Tirsdag 2. marts, 10:00 (uge 9)" in coordinator.get(reverse("education:meetings")).content.decode()
    assert "(uge 19)" in coordinator.get(reverse("education:catalogue")).content.decode()
    own_page = login(Client(), world.peer).get(reverse("people:my_peer_page")).content.decode()
    assert "02.03.2027 10:00 (uge 9)" in own_page


@pytest.mark.django_db
@time_machine.travel(date(2027, 3, 10), tick=False)
def test_it_takes_a_peer_who_ends_off_the_coming_meetings_but_keeps_their_attendance(world: World) -> None:
    from people.services import end_peer

    peter = world_peer(world)
    anne = make_peer(world.organisation, "Anne")
    series = make_series(world, participants=[peter, anne], starts_on=date(2027, 1, 1))
    held = series.occurrences.get(on=date(2027, 3, 2))
    support_services.record_attendance(meeting=held, marks={peter: "present", anne: "absent"}, acting_user=None)
    end_peer(peer=peter, reason="Flytter", ended_on=None, acting_user=world.coordinator)
    assert list(series.participants.all()) == [anne]
    client = login(Client(), world.coordinator)
    coming = series.occurrences.get(on=date(2027, 4, 6))
    assert "Peter" not in client.get(reverse("education:meeting_detail", kwargs={"code": coming.code})).text
    assert "Peter" in client.get(reverse("education:meeting_detail", kwargs={"code": held.code})).text
    assert Attendance.objects.filter(peer=peter, meeting=held, status="present").exists()
