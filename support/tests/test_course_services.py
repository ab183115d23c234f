"""The course of support as services: start, meetings, agreement, end, evaluations, reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.models import AuditEntry, Programme
from feedback.models import Invitation
from support import selectors, services
from support.models import EndReason, Stage, SupportCourse
from support.services import SupportError
from support.tests.factories import agree, log_meetings, make_course, make_match
from tests.peer_personas import make_peer

pytestmark = pytest.mark.django_db


def test_it_plans_the_end_from_the_programme_setting(world):
    course = make_course(world, started_on=datetime.date(2026, 1, 5))
    assert course.stage == Stage.CONTACT
    assert course.planned_end == datetime.date(2026, 1, 5) + datetime.timedelta(weeks=17)
    world.programme.settings = {"course_max_weeks": 8}
    world.programme.save()
    other = make_course(
        world,
        citizen=world.citizen_record.__class__.objects.create(organisation=world.organisation, first_name="Carl"),
        started_on=datetime.date(2026, 1, 5),
    )
    assert other.planned_end == datetime.date(2026, 3, 2)


def test_it_starts_one_course_per_accepted_match(world):
    from referrals import services as referral_services

    match = make_match(world, make_peer(world))
    referral = match.referral
    peer = match.peer
    referral_services.accept_match(actor=world.peer, match=match)
    course = SupportCourse.objects.get(match=match)
    assert (course.citizen, course.peer, course.programme) == (referral.citizen, peer, referral.programme)
    assert course.stage == Stage.CONTACT
    assert services.start_course(actor=world.peer, match=match).pk == course.pk
    assert make_course(world, peer=peer, citizen=referral.citizen).pk == course.pk


def test_it_refuses_a_citizen_of_another_organisation(world):
    peer = make_peer(world)
    with pytest.raises(SupportError) as refused:
        services.open_course(actor=None, citizen=world.other_citizen_record, peer=peer, programme=world.programme)
    assert refused.value.code == "other_organisation"


def test_it_moves_on_from_contact_at_the_first_meeting(world):
    course = make_course(world)
    log_meetings(world, course, 1, note="Vi talte om søvn")
    course.refresh_from_db()
    assert course.stage == Stage.STARTED
    assert course.contacted_on is not None
    entry = AuditEntry.objects.filter(action="support.meeting.logged").get()
    assert "søvn" not in str(entry.data)


def test_it_refuses_meetings_in_the_future_or_of_unknown_length(world):
    course = make_course(world)
    with pytest.raises(SupportError) as future:
        services.log_meeting(
            actor=world.peer,
            course=course,
            held_on=timezone.localdate() + datetime.timedelta(days=1),
            duration_minutes=30,
            activity="conversation",
        )
    assert future.value.code == "in_future"
    with pytest.raises(SupportError) as zero:
        services.log_meeting(
            actor=world.peer, course=course, held_on=timezone.localdate(), duration_minutes=0, activity="conversation"
        )
    assert zero.value.code == "duration"
    assert course.meetings.count() == 0


def test_it_allows_treatment_conversations_only_in_model_1(world):
    course = make_course(world)
    with pytest.raises(SupportError):
        services.log_meeting(
            actor=world.peer,
            course=course,
            held_on=timezone.localdate(),
            duration_minutes=30,
            activity="treatment_start",
        )
    model1 = Programme.objects.create(
        organisation=world.organisation, name="Individuel peer-støtte", model=Programme.Model.INDIVIDUAL_AND_GROUP
    )
    other = make_course(
        world,
        programme=model1,
        citizen=world.citizen_record.__class__.objects.create(organisation=world.organisation, first_name="Carl"),
    )
    meeting = services.log_meeting(
        actor=world.peer, course=other, held_on=timezone.localdate(), duration_minutes=30, activity="treatment_start"
    )
    assert meeting.activity == "treatment_start"


def test_it_puts_the_agreement_in_place_when_both_have_accepted(world):
    course = make_course(world)
    log_meetings(world, course, 1)
    agreement = services.save_agreement(
        actor=world.peer, course=course, first_meeting_on=course.started_on, purpose="Ud"
    )
    services.sign_agreement(actor=world.peer, agreement=agreement, typed_name="Peter")
    course.refresh_from_db()
    assert course.stage == Stage.STARTED
    services.sign_agreement(actor=world.citizen, agreement=agreement, typed_name="Birgit")
    course.refresh_from_db()
    assert course.stage == Stage.AGREED
    with pytest.raises(SupportError) as outsider:
        services.sign_agreement(actor=world.coordinator, agreement=agreement, typed_name="Karin")
    assert outsider.value.code == "not_party"


def test_it_asks_both_to_accept_again_after_a_change(world):
    course = make_course(world)
    agree(world, course)
    agreement = services.save_agreement(
        actor=world.citizen,
        course=course,
        first_meeting_on=course.started_on,
        purpose="Noget andet",
        places="Biblioteket",
    )
    assert not agreement.agreed
    assert agreement.peer_signed_at is None and agreement.citizen_signed_at is None


def test_it_stores_the_agreement_texts_encrypted(world):
    from django.db import connection

    course = make_course(world)
    services.save_agreement(actor=world.peer, course=course, first_meeting_on=None, purpose="Hemmelig plan")
    with connection.cursor() as cursor:
        cursor.execute("SELECT purpose FROM support_cooperationagreement")
        (stored,) = cursor.fetchone()
    assert "Hemmelig" not in stored


def test_it_invites_both_to_evaluate_when_the_course_ends(world, django_capture_on_commit_callbacks):
    world.citizen_record.email = "birgit@example.dk"
    world.citizen_record.save()
    course = make_course(world)
    log_meetings(world, course, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.end_course(actor=world.citizen, course=course, ended_by="citizen", reason=EndReason.GOALS_REACHED)
    course.refresh_from_db()
    assert course.stage == Stage.ENDED and course.ended_on == timezone.localdate()
    citizen_inv = Invitation.objects.get(code=course.citizen_invitation_code)
    peer_inv = Invitation.objects.get(code=course.peer_invitation_code)
    assert citizen_inv.instrument.instrument_id == "course_end_citizen"
    assert citizen_inv.respondent_citizen == world.citizen_record
    assert peer_inv.instrument.instrument_id == "course_end_peer"
    assert citizen_inv.context_code == str(course.code) == peer_inv.context_code
    assert any("birgit@example.dk" in m.to for m in mail.outbox)
    with pytest.raises(SupportError) as twice:
        services.end_course(actor=world.peer, course=course, ended_by="peer", reason=EndReason.OTHER)
    assert twice.value.code == "ended"


def test_it_hands_a_failed_pairing_back_to_the_waiting_queue(world):
    from referrals import services as referral_services
    from referrals.models import FailedPairing, MatchStatus, ReferralStatus

    match = make_match(world, make_peer(world))
    referral = match.referral
    peer = match.peer
    referral_services.accept_match(actor=world.peer, match=match)
    course = SupportCourse.objects.get(match=match)
    services.end_course(
        actor=world.peer, course=course, ended_by="peer", reason=EndReason.NOT_WORKING, wants_new_peer=True
    )
    assert FailedPairing.objects.filter(citizen=referral.citizen, peer=peer).exists()
    referral.refresh_from_db()
    match.refresh_from_db()
    assert referral.status == ReferralStatus.WAITING
    assert match.status == MatchStatus.FAILED


def test_it_keeps_the_referral_closed_when_the_citizen_wants_no_new_peer(world):
    from referrals import services as referral_services
    from referrals.models import ReferralStatus

    match = make_match(world, make_peer(world))
    referral = match.referral
    referral_services.accept_match(actor=world.peer, match=match)
    course = SupportCourse.objects.get(match=match)
    services.end_course(actor=world.citizen, course=course, ended_by="citizen", reason=EndReason.CITIZEN_DECLINED)
    referral.refresh_from_db()
    assert referral.status != ReferralStatus.WAITING


def test_it_reminds_the_peer_once_when_the_agreement_is_late(world, django_capture_on_commit_callbacks):
    course = make_course(world)
    log_meetings(world, course, 2)
    assert services.send_due_reminders() == 0
    log_meetings(world, course, 1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [course.peer.email]
    assert services.send_due_reminders() == 0


def test_it_reminds_the_peer_half_a_month_before_the_planned_end(world):
    course = make_course(world, started_on=datetime.date(2026, 1, 5))
    agree(world, course)
    reminder_day = course.planned_end - datetime.timedelta(days=14)
    assert services.send_due_reminders(today=reminder_day - datetime.timedelta(days=1)) == 0
    assert services.send_due_reminders(today=reminder_day) == 1
    assert services.send_due_reminders(today=reminder_day + datetime.timedelta(days=1)) == 0


def test_it_counts_active_courses_per_peer_and_what_needs_attention(world):
    peer = make_peer(world)
    late = make_course(world, peer=peer)
    log_meetings(world, late, 3)
    other_citizen = world.citizen_record.__class__.objects.create(organisation=world.organisation, first_name="Carl")
    ending = make_course(
        world, peer=peer, citizen=other_citizen, started_on=timezone.localdate() - datetime.timedelta(weeks=16)
    )
    agree(world, late)  # makes `late` agreed; make a fresh late one
    third = world.citizen_record.__class__.objects.create(organisation=world.organisation, first_name="Dora")
    unagreed = make_course(world, peer=peer, citizen=third)
    log_meetings(world, unagreed, 3)
    assert selectors.active_load_by_peer(world.organisation) == {peer.pk: 3}
    services.end_course(actor=world.peer, course=late, ended_by="both", reason=EndReason.COMPLETED)
    attention = selectors.coordinator_attention(world.organisation, timezone.localdate())
    assert set(attention) == {"near_end", "agreement_missing", "evaluation_missing"}
    assert attention["near_end"] == [ending]
    assert attention["agreement_missing"] == [unagreed]
    assert attention["evaluation_missing"] == [late]
    assert selectors.active_load_by_peer(world.organisation) == {peer.pk: 2}
    assert selectors.active_load_by_peer(world.other_organisation) == {}


def test_it_invites_the_citizen_to_what_the_measurement_plan_names_at_start_and_end(world):
    from feedback import services as feedback_services

    for key, timing in (("chime_recovery", "start"), ("chime_recovery", "end"), ("course_end_citizen", "end")):
        feedback_services.create_measurement_plan(
            programme=world.programme, instrument_key=key, timing=timing, acting_user=None
        )
    course = make_course(world)
    planned = Invitation.objects.filter(respondent_citizen=world.citizen_record, context_code=str(course.code))
    assert [(i.instrument.instrument_id, i.occasion) for i in planned] == [("chime_recovery", "start")]

    services.end_course(actor=world.peer, course=course, ended_by="peer", reason=EndReason.GOALS_REACHED)
    at_end = sorted(i.instrument.instrument_id for i in planned.filter(occasion="end"))
    # The end evaluation is not asked twice although the plan names it too.
    assert at_end == ["chime_recovery", "course_end_citizen"]


def test_it_invites_no_one_at_start_when_the_programme_has_no_plan(world):
    course = make_course(world)
    assert not Invitation.objects.filter(context_code=str(course.code)).exists()
