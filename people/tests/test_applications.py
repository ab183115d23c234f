"""Becoming a peer: the public application, the coordinator's pipeline, interviews, offers and kind declines."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry, AuditKind, Invitation, Programme, Role
from core.services import accept_invitation
from people import recruitment, services
from people.models import ApplicationStatus, Interview, InterviewScore, Peer, PeerApplication, PeerStatus
from tests.peer_personas import make_application
from tests.personas import World, login


def form_data(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "programme": str(world.programme.code),
        "first_name": "Mette",
        "last_name": "Frederiksen",
        "email": "mette@example.dk",
        "phone": "12345678",
        "birth_date": "02.04.1985",
        "motivation": "Jeg vil gerne give håb videre.",
        "lived_experience": "Jeg har levet med angst og har været indlagt.",
        "recovery_duration": "3",
        "has_admission_experience": "yes",
        "kind_wanted": "volunteer",
        "hours_wanted": "2,5",
        "education": "Social- og sundhedsassistent",
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_it_takes_an_application_without_login_and_sends_a_receipt(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("people:apply"), form_data(world))
    assert response["Location"] == reverse("people:apply_thanks")
    application = PeerApplication.objects.get(email="mette@example.dk")
    assert application.organisation == world.organisation and application.status == ApplicationStatus.NEW
    assert application.hours_wanted == Decimal("2.5") and application.has_admission_experience
    assert application.consent_given_at is not None and "helbred" in application.consent_text
    receipt = next(m for m in mail.outbox if m.to == ["mette@example.dk"])
    assert "Mette" in receipt.body and "Peer-guides" in receipt.body
    notice = next(m for m in mail.outbox if m.to == [world.coordinator.email])
    # The coordinator's notice says that someone applied, not who or what they wrote.
    assert "Mette" not in notice.body and "angst" not in notice.body
    assert str(application.code) in notice.body


@pytest.mark.django_db
def test_it_refuses_an_application_without_consent_and_keeps_everything_typed(world: World) -> None:
    response = Client().post(reverse("people:apply"), form_data(world, consent=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sæt flueben for at give samtykke" in page
    assert 'value="Mette"' in page and "Jeg har levet med angst" in page and 'value="2,5"' in page
    assert not PeerApplication.objects.exists()


@pytest.mark.django_db
def test_it_explains_negative_hours_and_a_future_birth_date_in_danish(world: World) -> None:
    future = (timezone.localdate() + timedelta(days=3)).strftime("%d.%m.%Y")
    response = Client().post(reverse("people:apply"), form_data(world, hours_wanted="-2", birth_date=future))
    page = response.content.decode()
    assert "Timer kan ikke være negative" in page
    assert "Fødselsdatoen skal ligge før i dag" in page
    assert not PeerApplication.objects.exists()


@pytest.mark.django_db
def test_it_offers_only_programmes_that_are_active(world: World) -> None:
    closed = Programme.objects.create(
        organisation=world.organisation, name="Lukket", model=Programme.Model.ARK, active=False
    )
    page = Client().get(reverse("people:apply")).content.decode()
    assert str(world.programme.code) in page and str(closed.code) not in page
    response = Client().post(reverse("people:apply"), form_data(world, programme=str(closed.code)))
    assert response.context["form"].errors["programme"]


@pytest.mark.django_db
def test_it_quietly_refuses_a_bot_that_fills_the_hidden_field(world: World) -> None:
    response = Client().post(reverse("people:apply"), form_data(world, website="http://spam.example"))
    assert response.status_code == 200 and not PeerApplication.objects.exists()


@pytest.mark.django_db
def test_it_shows_the_coordinator_only_their_own_organisations_applications(world: World) -> None:
    own = make_application(world)
    other_programme = Programme.objects.create(
        organisation=world.other_organisation, name="Andenby peers", model=Programme.Model.PEER_GUIDE
    )
    theirs = make_application(world, programme=other_programme, first_name="Otto")
    page = login(Client(), world.coordinator).get(reverse("people:application_list")).content.decode()
    assert str(own.code) in page and str(theirs.code) not in page
    outsider = login(Client(), world.outsider)
    assert outsider.get(reverse("people:application_detail", kwargs={"code": own.code})).status_code == 404


@pytest.mark.django_db
def test_it_counts_new_applications_on_the_coordinators_start_page(world: World) -> None:
    make_application(world)
    make_application(world, first_name="Bo", status=ApplicationStatus.INTERVIEWED)
    response = login(Client(), world.coordinator).get(reverse("core:home"))
    card = next(c for c in response.context["cards"] if c.url == reverse("people:application_list"))
    assert card.count == 1


@pytest.mark.django_db
def test_it_shows_eligibility_as_guidance_and_still_lets_the_coordinator_decide(world: World) -> None:
    young = make_application(world, birth_date=timezone.localdate() - timedelta(days=17 * 365), recovery_duration="0")
    client = login(Client(), world.coordinator)
    page = client.get(reverse("people:application_detail", kwargs={"code": young.code})).content.decode()
    assert "Tal om det" in page and "mindre end et år" in page
    young.refresh_from_db()
    assert young.status == ApplicationStatus.NEW
    response = client.post(
        reverse("people:application_offer", kwargs={"code": young.code}),
        {"kind": "volunteer", "hours_per_week": "2"},
    )
    assert response.status_code == 302 and Peer.objects.filter(application=young).exists()


@pytest.mark.django_db
def test_it_plans_an_interview_and_invites_the_applicant(world: World, django_capture_on_commit_callbacks: Any) -> None:
    application = make_application(world)
    when = timezone.localtime() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(Client(), world.coordinator).post(
            reverse("people:application_plan_interview", kwargs={"code": application.code}),
            {
                "interview_at": when.strftime("%d.%m.%Y 10:00"),
                "place": "Smedegade 10, mødelokale 2",
                "notify_applicant": "on",
            },
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEW_PLANNED
    invitation = next(m for m in mail.outbox if m.to == [application.email])
    assert "Smedegade 10" in invitation.body and when.strftime("%d.%m.%Y") in invitation.body


@pytest.mark.django_db
def test_it_refuses_an_interview_in_the_past_and_keeps_the_place_typed(world: World) -> None:
    application = make_application(world)
    response = login(Client(), world.coordinator).post(
        reverse("people:application_plan_interview", kwargs={"code": application.code}),
        {"interview_at": "01.01.2020 10:00", "place": "Mødelokale 2"},
    )
    assert response.status_code == 200
    assert (
        "Tidspunktet er passeret" in response.content.decode() and 'value="Mødelokale 2"' in response.content.decode()
    )


@pytest.mark.django_db
def test_it_scores_an_interview_by_several_panel_members_and_averages_them(world: World) -> None:
    application = make_application(world)
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("people:application_record_interview", kwargs={"code": application.code}),
        {"held_on": timezone.localdate().strftime("%d.%m.%Y"), "notes": "God refleksion."},
    )
    interview = Interview.objects.get(application=application)
    assert response["Location"] == reverse("people:interview_detail", kwargs={"code": interview.code})
    url = response["Location"]

    def scores(member: str, value: int) -> dict[str, str]:
        data = {"panel_member": member}
        for criterion in ("recovery_reflection", "self_management", "psychiatry_workplace", "workplace"):
            data[f"score_{criterion}"] = str(value)
        data["score_admission_experience"] = "4"
        data["note_self_management"] = f"Note fra {member}"
        return data

    client.post(url, scores("Lone, afdelingssygeplejerske", 2))
    client.post(url, scores("Per, peermedarbejder", 3))
    client.post(url, scores("Per, peermedarbejder", 4))  # scoring again replaces
    assert InterviewScore.objects.filter(interview=interview).count() == 10
    page = client.get(url)
    row = next(r for r in page.context["summary"].rows if r.criterion == "recovery_reflection")
    assert row.scores == [2, 4] and row.average == Decimal("3.0")
    assert "Note fra Lone" in page.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEWED


@pytest.mark.django_db
def test_it_asks_for_every_criterion_to_be_scored(world: World) -> None:
    application = make_application(world)
    interview = recruitment.record_interview(
        application=application, held_on=timezone.localdate(), notes="", acting_user=world.coordinator
    )
    response = login(Client(), world.coordinator).post(
        reverse("people:interview_detail", kwargs={"code": interview.code}),
        {"panel_member": "Lone", "score_workplace": "3"},
    )
    assert "Giv en score fra 1 til 4" in response.content.decode()
    assert 'value="Lone"' in response.content.decode()
    with pytest.raises(services.PeerActionRefused) as refused:
        recruitment.record_panel_assessment(
            interview=interview,
            panel_member="Lone",
            scores={
                c: (5, "")
                for c in (
                    "recovery_reflection",
                    "self_management",
                    "psychiatry_workplace",
                    "workplace",
                    "admission_experience",
                )
            },
            acting_user=world.coordinator,
        )
    assert refused.value.code == "score_out_of_range"


@pytest.mark.django_db
def test_it_offers_a_place_making_a_peer_in_education_and_inviting_an_account(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    application = make_application(world, kind_wanted="paid", hours_wanted=Decimal(15))
    with django_capture_on_commit_callbacks(execute=True):
        response = login(Client(), world.coordinator).post(
            reverse("people:application_offer", kwargs={"code": application.code}),
            {"kind": "paid", "hours_per_week": "16", "invite_account": "on"},
        )
    peer = Peer.objects.get(application=application)
    assert response["Location"] == reverse("people:peer_detail", kwargs={"code": peer.code})
    assert peer.status == PeerStatus.IN_EDUCATION and peer.kind == "paid" and peer.hours_per_week == 16
    assert list(peer.programmes.all()) == [world.programme] and peer.has_admission_experience
    assert [c.to_status for c in peer.status_changes.order_by("id")] == ["applicant", "in_education"]
    invitation = Invitation.objects.get(email=application.email, role=Role.PEER)
    assert peer.invitation == invitation
    assert any(m.to == [application.email] for m in mail.outbox)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.OFFERED and application.decided_at is not None

    user = accept_invitation(invitation=invitation, first_name="Anja", last_name="Ansøger", password="Et-godt-1")
    peer.refresh_from_db()
    assert peer.user == user


@pytest.mark.django_db
def test_it_declines_kindly_by_email(world: World, django_capture_on_commit_callbacks: Any) -> None:
    application = make_application(world)
    with django_capture_on_commit_callbacks(execute=True):
        login(Client(), world.coordinator).post(
            reverse("people:application_decline", kwargs={"code": application.code}),
            {"note": "For få timer", "notify_applicant": "on"},
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED and application.decision_note == "For få timer"
    [message] = mail.outbox
    assert message.to == [application.email]
    assert "Tak for din ansøgning" in message.body and "For få timer" not in message.body
    assert AuditEntry.objects.filter(action="people.application.declined", subject_code=str(application.code)).exists()


@pytest.mark.django_db
def test_it_refuses_to_change_a_decided_application(world: World) -> None:
    application = make_application(world, status=ApplicationStatus.DECLINED, decided_at=timezone.now())
    response = login(Client(), world.coordinator).post(
        reverse("people:application_offer", kwargs={"code": application.code}),
        {"kind": "volunteer", "hours_per_week": "2"},
    )
    assert response.status_code == 200 and "allerede afgjort" in response.content.decode()
    assert not Peer.objects.exists()


@pytest.mark.django_db
def test_it_logs_every_read_of_an_application(world: World) -> None:
    application = make_application(world)
    login(Client(), world.coordinator).get(reverse("people:application_detail", kwargs={"code": application.code}))
    entry = AuditEntry.objects.get(kind=AuditKind.READ, subject_code=str(application.code))
    assert entry.actor == world.coordinator and entry.purpose


@pytest.mark.django_db
def test_it_uses_the_same_number_of_queries_for_few_and_many_applications(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        client = login(Client(), world.coordinator)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("people:application_list"), {"stage": "all"}).status_code == 200
        return len(ctx.captured_queries)

    for i in range(3):
        make_application(world, first_name=f"Få{i}")
    few = queries()
    for i in range(60):
        make_application(world, first_name=f"Mange{i}", status=ApplicationStatus.INTERVIEWED)
    assert queries() == few
