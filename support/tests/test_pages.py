"""The pages of the course of support: the peer's caseload and phone meeting log, the shared course
page, the cooperation agreement and its PDF, ending and evaluating, the citizen's page, and the
coordinator's list — and who may see what (DOMAIN §10)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry, Membership, Role
from feedback.models import Invitation
from support.models import Meeting, Stage
from support.tests.factories import agree, log_meetings, make_course
from tests.personas import login

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Vi talte om min søster"
SECRET_PURPOSE = "At turde tage bussen alene"


@pytest.fixture
def course(world):
    course = make_course(world)
    log_meetings(world, course, 2, note=SECRET_NOTE)
    agree(world, course)
    from support import services

    services.save_agreement(
        actor=world.peer, course=course, first_meeting_on=course.started_on, purpose=SECRET_PURPOSE, places="Bibliotek"
    )
    return course


def _party_urls(course):
    meeting = course.meetings.first()
    return [
        reverse("support:course", kwargs={"code": course.code}),
        reverse("support:meeting", kwargs={"code": course.code, "meeting": meeting.code}),
        reverse("support:agreement", kwargs={"code": course.code}),
        reverse("support:agreement_edit", kwargs={"code": course.code}),
        reverse("support:agreement_pdf", kwargs={"code": course.code}),
        reverse("support:end", kwargs={"code": course.code}),
        reverse("support:evaluate", kwargs={"code": course.code}),
    ]


def _peer_only_urls(course):
    return [
        reverse("support:meeting_new", kwargs={"code": course.code}),
        reverse("support:contact", kwargs={"code": course.code}),
        reverse("support:next_meeting", kwargs={"code": course.code}),
    ]


def test_it_shows_the_peer_the_meetings_and_the_agreement(client, world, course):
    login(client, world.peer)
    for url in _party_urls(course)[:-1]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get(_peer_only_urls(course)[0]).status_code == 200
    page = client.get(reverse("support:meeting", kwargs={"code": course.code, "meeting": course.meetings.first().code}))
    assert SECRET_NOTE in page.content.decode()
    agreement = client.get(reverse("support:agreement", kwargs={"code": course.code}))
    assert SECRET_PURPOSE in agreement.content.decode()


def test_it_shows_the_citizen_their_course_and_agreement(client, world, course):
    login(client, world.citizen)
    for url in _party_urls(course)[:-1]:
        assert client.get(url).status_code == 200, url
    for url in _peer_only_urls(course):  # the peer logs the meetings
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    page = client.get(reverse("support:my_support")).content.decode()
    assert "Peter" in page
    assert "Testesen" not in page.split("<main")[1].split("</main>")[0]  # the peer's first name only


def test_it_never_shows_the_coordinator_meeting_or_agreement_content(client, world, course):
    login(client, world.coordinator)
    for url in [*_party_urls(course), *_peer_only_urls(course)]:
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("support:course_list"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Birgit" in text
    assert SECRET_NOTE not in text and SECRET_PURPOSE not in text and "Bibliotek" not in text
    assert "Café Korn" not in text  # not even where they met
    report = client.get(reverse("support:report")).content.decode()
    assert SECRET_NOTE not in report and SECRET_PURPOSE not in report


@pytest.mark.parametrize("persona", ["key_person", "teacher", "lead", "analyst", "administrator", "outsider"])
def test_it_hides_the_course_from_everyone_else(client, world, course, persona):
    login(client, world.personas()[persona])
    for url in [
        *_party_urls(course),
        *_peer_only_urls(course),
        reverse("support:caseload"),
        reverse("support:my_support"),
    ]:
        assert client.get(url).status_code == 404, (persona, url)
    for url in _peer_only_urls(course)[1:]:
        assert client.post(url).status_code == 404, (persona, url)
    listing = client.get(reverse("support:course_list"))
    if persona == "outsider":  # a coordinator elsewhere: their own (empty) list
        assert "Birgit" not in listing.content.decode()
    else:
        assert listing.status_code == 404


def test_it_hides_a_course_from_a_peer_who_is_not_in_it(client, world, course):
    from tests.peer_personas import make_peer
    from tests.personas import make_member

    other_user = make_member("anden.peer@example.dk", "Anders", world.organisation, Role.PEER)
    make_peer(world, user=other_user)
    login(client, other_user)
    for url in _party_urls(course):
        assert client.get(url).status_code == 404, url


def test_it_logs_reads_of_the_course(client, world, course):
    login(client, world.peer)
    client.get(reverse("support:agreement", kwargs={"code": course.code}))
    entry = AuditEntry.objects.filter(action="support.agreement.read").latest("at")
    assert entry.actor == world.peer and entry.subject_code == str(world.citizen_record.code)


def test_it_logs_a_meeting_in_one_post_with_today_as_default(client, world):
    course = make_course(world)
    login(client, world.peer)
    url = reverse("support:meeting_new", kwargs={"code": course.code})
    form = client.get(url).content.decode()
    assert timezone.localdate().strftime("%d.%m.%Y") in form
    response = client.post(
        url,
        {
            "held_on": timezone.localdate().strftime("%d.%m.%Y"),
            "duration_minutes": "45",
            "activity": "culture",
            "place": "Kunstmuseet",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("support:caseload")
    meeting = Meeting.objects.get(course=course)
    assert meeting.duration_minutes == 45 and meeting.activity == "culture"
    course.refresh_from_db()
    assert course.stage == Stage.STARTED


def test_it_keeps_what_was_typed_when_the_date_is_in_the_future(client, world):
    course = make_course(world)
    login(client, world.peer)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d.%m.%Y")
    response = client.post(
        reverse("support:meeting_new", kwargs={"code": course.code}),
        {"held_on": tomorrow, "duration_minutes": "30", "activity": "conversation", "place": "Havnen"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Havnen" in text
    assert "fremtiden" in text or "in the future" in text
    assert not Meeting.objects.exists()


def test_it_shows_the_caseload_with_agreement_status_and_next_meeting(client, world):
    course = make_course(world)
    log_meetings(world, course, 3)
    from support import services

    services.plan_next_meeting(
        actor=world.peer, course=course, day=timezone.localdate() + datetime.timedelta(days=3), note="kl. 10 på caféen"
    )
    login(client, world.peer)
    text = client.get(reverse("support:caseload")).content.decode()
    assert "Birgit" in text and "kl. 10 på caféen" in text
    assert reverse("support:meeting_new", kwargs={"code": course.code}) in text


def test_it_lets_both_write_and_accept_the_agreement_and_gives_a_pdf(client, world):
    course = make_course(world)
    login(client, world.peer)
    edit = reverse("support:agreement_edit", kwargs={"code": course.code})
    assert client.get(reverse("support:agreement", kwargs={"code": course.code}))["Location"] == edit
    response = client.post(
        edit,
        {
            "first_meeting_on": course.started_on.strftime("%d.%m.%Y"),
            "purpose": "Komme ud",
            "confidentiality_explained": "on",
        },
    )
    assert response.status_code == 302
    client.post(reverse("support:agreement", kwargs={"code": course.code}), {"typed_name": "Peter Testesen"})
    login(client, world.citizen)
    client.post(reverse("support:agreement", kwargs={"code": course.code}), {"typed_name": "Birgit Testesen"})
    course.refresh_from_db()
    assert course.stage == Stage.AGREED
    pdf = client.get(reverse("support:agreement_pdf", kwargs={"code": course.code}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_it_lets_the_citizen_end_the_course_and_evaluate_it(client, world):
    course = make_course(world)
    log_meetings(world, course, 1)
    login(client, world.citizen)
    response = client.post(reverse("support:end", kwargs={"code": course.code}), {"reason": "goals_reached"})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.stage == Stage.ENDED and course.ended_by == "citizen"
    page = client.get(reverse("support:course", kwargs={"code": course.code})).content.decode()
    assert reverse("support:evaluate", kwargs={"code": course.code}) in page
    go = client.get(reverse("support:evaluate", kwargs={"code": course.code}))
    invitation = Invitation.objects.get(code=course.citizen_invitation_code)
    from feedback.links import answer_path

    assert go["Location"] == answer_path(invitation.code)


def test_it_shows_the_coordinator_stage_count_agreement_and_days_left(client, world, course):
    login(client, world.coordinator)
    text = client.get(reverse("support:course_list")).content.decode()
    assert str(course.days_to_planned_end()) in text
    assert "Cooperation agreement in place" in text or "Samarbejdsaftale på plads" in text


def test_it_shows_no_course_of_another_organisation(client, world, course):
    Membership.objects.create(user=world.outsider, organisation=world.other_organisation, role=Role.PEER)
    login(client, world.outsider)
    assert client.get(reverse("support:course_list")).status_code == 200
    assert "Birgit" not in client.get(reverse("support:course_list")).content.decode()


def test_it_shows_the_coordinator_which_ended_courses_are_not_evaluated(client, world, course):
    from support import services

    services.end_course(actor=world.peer, course=course, ended_by="peer", reason="completed")
    login(client, world.coordinator)
    text = client.get(reverse("support:course_list") + "?vis=ended").content.decode()
    assert "Evalueret af begge" in text
    assert "1 afsluttet forløb ikke evalueret af begge" in text or "1 ended course not evaluated by both" in text


def test_it_lets_only_the_peer_remove_a_meeting_logged_by_mistake(client, world, course):
    meeting = course.meetings.first()
    url = reverse("support:meeting_delete", kwargs={"code": course.code, "meeting": meeting.code})
    for persona in ("citizen", "coordinator", "outsider"):
        login(client, world.personas()[persona])
        assert client.post(url).status_code == 404
    login(client, world.peer)
    assert client.post(url).status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert AuditEntry.objects.filter(action="support.meeting.deleted").exists()


def test_it_logs_the_peers_read_of_the_caseload(client, world, course):
    login(client, world.peer)
    client.get(reverse("support:caseload"))
    assert AuditEntry.objects.filter(action="support.caseload.read", actor=world.peer).exists()


def test_it_reads_the_coordinators_list_in_the_same_number_of_queries_for_more_courses(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from people.models import Citizen
    from tests.peer_personas import make_peer

    peer = make_peer(world)

    def add_courses(n: int, offset: int) -> None:
        for i in range(n):
            citizen = Citizen.objects.create(organisation=world.organisation, first_name=f"Borger {offset + i}")
            course = make_course(world, peer=peer, citizen=citizen)
            log_meetings(world, course, 1)

    login(client, world.coordinator)
    add_courses(2, 0)
    client.get(reverse("support:course_list"))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("support:course_list") + "?vis=all")
    add_courses(6, 10)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("support:course_list") + "?vis=all")
    assert len(many) == len(few)


def test_it_reads_the_caseload_in_the_same_number_of_queries_for_more_citizens(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from people.models import Citizen
    from tests.peer_personas import make_peer

    peer = make_peer(world)
    login(client, world.peer)

    def add_courses(n: int, offset: int) -> None:
        for i in range(n):
            citizen = Citizen.objects.create(organisation=world.organisation, first_name=f"Borger {offset + i}")
            make_course(world, peer=peer, citizen=citizen)

    add_courses(1, 0)
    client.get(reverse("support:caseload"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("support:caseload"))
    add_courses(5, 10)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("support:caseload"))
    assert len(many) == len(few)
