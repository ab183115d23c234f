"""Safety notices: the ward is told at once (start page and e-mail), acknowledges, or it escalates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conversations import services
from conversations.models import RecipientReason, SafetyNotice
from conversations.services import ConversationRefused
from conversations.tasks import escalate_safety_notice_task
from conversations.tests.factories import Ward, give_role, make_entry
from core.models import AuditEntry, Role
from tests.personas import login, make_member


def _raise(day: Ward, on_commit: Any, **kwargs: Any) -> SafetyNotice:
    with on_commit(execute=True):
        return services.raise_safety_notice(
            ward=day.world.ward,
            shift=day.shift,
            patient=kwargs.pop("patient", "Stue 4"),
            message=kwargs.pop("message", "Patienten har et glasskår og vil skade sig selv."),
            acting_user=day.world.peer,
            **kwargs,
        )


def test_it_tells_the_wards_key_persons_at_once_in_the_app_and_by_email(
    client: Client, day: Ward, on_commit: Any
) -> None:
    notice = _raise(day, on_commit)
    told = set(notice.recipients.values_list("user__email", flat=True))
    assert told == {day.world.key_person.email, day.contact.email}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(told)
    # The e-mail holds no patient and no message, only where to read it.
    assert all("glasskår" not in m.body and "Stue 4" not in m.body for m in mail.outbox)
    assert str(notice.code) in mail.outbox[0].body
    login(client, day.world.key_person)
    home = client.get(reverse("core:home")).content.decode()
    assert "Sikkerhedsmeldinger" in home
    page = client.get(reverse("conversations:safety_notices")).content.decode()
    assert "Stue 4" in page


def test_it_tells_the_contact_person_of_the_conversations_patient_first(day: Ward, on_commit: Any) -> None:
    entry = make_entry(day.world, patient="Anna", contact_person=day.contact)
    conversation = services.start_conversation(shift=day.shift, entry=entry, acting_user=day.world.peer)
    notice = _raise(day, on_commit, conversation=conversation)
    reasons = dict(notice.recipients.values_list("user_id", "reason"))
    assert reasons[day.contact.pk] == RecipientReason.CONTACT_PERSON


def test_it_asks_for_a_message(day: Ward, on_commit: Any) -> None:
    with pytest.raises(ConversationRefused):
        _raise(day, on_commit, message="   ")
    assert not SafetyNotice.objects.exists()


def test_it_raises_a_notice_from_the_phone(client: Client, day: Ward) -> None:
    login(client, day.world.peer)
    response = client.post(
        reverse("conversations:safety_notice_new", kwargs={"code": day.shift.code}),
        {"patient": "Stue 4", "message": "Taler om at skade andre."},
    )
    assert response.status_code == 302
    notice = SafetyNotice.objects.get()
    assert (notice.ward, notice.shift, notice.raised_by) == (day.world.ward, day.shift, day.world.peer)


def test_it_records_the_acknowledgement(client: Client, day: Ward, on_commit: Any) -> None:
    notice = _raise(day, on_commit)
    login(client, day.contact)
    client.post(reverse("conversations:safety_notice_acknowledge", kwargs={"code": notice.code}))
    notice.refresh_from_db()
    assert notice.acknowledged_by == day.contact and notice.acknowledged_at is not None
    assert AuditEntry.objects.filter(action="conversations.safety_notice.acknowledged", actor=day.contact).exists()


def test_it_does_not_let_the_peer_acknowledge_their_own_notice(client: Client, day: Ward, on_commit: Any) -> None:
    notice = _raise(day, on_commit)
    login(client, day.world.peer)
    response = client.post(reverse("conversations:safety_notice_acknowledge", kwargs={"code": notice.code}))
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.acknowledged_at is None


def test_it_escalates_to_the_lead_and_coordinators_when_not_acknowledged(day: Ward, on_commit: Any) -> None:
    notice = _raise(day, on_commit)
    assert notice.escalate_at == notice.raised_at + timedelta(minutes=15)
    mail.outbox.clear()
    with on_commit(execute=True):
        assert not services.escalate_safety_notice(notice=notice, now=notice.raised_at + timedelta(minutes=14))
        assert services.escalate_safety_notice(notice=notice, now=notice.raised_at + timedelta(minutes=15))
    notice.refresh_from_db()
    assert notice.escalated_at is not None
    escalated = set(notice.recipients.filter(reason=RecipientReason.ESCALATION).values_list("user_id", flat=True))
    assert escalated == {day.world.lead.pk, day.world.coordinator.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([day.world.lead.email, day.world.coordinator.email])
    actions = list(AuditEntry.objects.filter(object_code=str(notice.code)).values_list("action", flat=True))
    assert "conversations.safety_notice.raised" in actions and "conversations.safety_notice.escalated" in actions


def test_it_escalates_to_the_units_own_lead_rather_than_all_leads(day: Ward, on_commit: Any) -> None:
    unit_lead = make_member(
        "afdelingssygeplejerske@example.dk", "Alma", day.world.organisation, Role.LEAD, unit=day.world.ward
    )
    notice = _raise(day, on_commit)
    services.escalate_safety_notice(notice=notice, now=notice.escalate_at)
    escalated = set(notice.recipients.filter(reason=RecipientReason.ESCALATION).values_list("user_id", flat=True))
    assert escalated == {unit_lead.pk, day.world.coordinator.pk}


def test_it_does_not_escalate_an_acknowledged_notice(day: Ward, on_commit: Any) -> None:
    notice = _raise(day, on_commit)
    services.acknowledge_safety_notice(notice=notice, acting_user=day.contact)
    assert not services.escalate_safety_notice(notice=notice, now=notice.escalate_at + timedelta(hours=1))
    notice.refresh_from_db()
    assert notice.escalated_at is None


def test_it_escalates_once_when_the_task_runs_twice(day: Ward, on_commit: Any, settings: Any) -> None:
    settings.SAFETY_NOTICE_ESCALATION_MINUTES = 0
    notice = _raise(day, on_commit)
    escalate_safety_notice_task.call(notice_code=str(notice.code))
    escalate_safety_notice_task.call(notice_code=str(notice.code))
    assert notice.recipients.filter(reason=RecipientReason.ESCALATION).count() == 2
    assert AuditEntry.objects.filter(action="conversations.safety_notice.escalated").count() == 1


def test_it_enqueues_the_escalation_to_run_after_the_setting(day: Ward, on_commit: Any, settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SAFETY_NOTICE_ESCALATION_MINUTES = 20
    notice = _raise(day, on_commit)
    job = DBTaskResult.objects.get(task_path="conversations.tasks.escalate_safety_notice_task")
    assert job.run_after == notice.raised_at + timedelta(minutes=20)
    assert job.args_kwargs["kwargs"] == {"notice_code": str(notice.code)}


def test_it_escalates_at_once_when_the_ward_has_nobody_to_tell(world: Any, on_commit: Any) -> None:
    from conversations.tests.factories import make_peer, make_shift
    from core.models import Membership

    Membership.objects.filter(role=Role.KEY_PERSON).delete()
    peer = make_peer(world)
    shift = make_shift(world, peer=peer)
    with on_commit(execute=True):
        notice = services.raise_safety_notice(
            ward=world.ward, shift=shift, patient="", message="Bekymret", acting_user=world.peer
        )
    notice.refresh_from_db()
    assert notice.escalated_at is not None
    assert notice.recipients.filter(user=world.coordinator).exists()


def test_it_shows_the_escalated_notice_on_the_coordinators_start_page(
    client: Client, day: Ward, on_commit: Any
) -> None:
    notice = _raise(day, on_commit)
    services.escalate_safety_notice(notice=notice, now=notice.escalate_at)
    login(client, day.world.coordinator)
    response = client.get(reverse("conversations:safety_notices"))
    assert "Stue 4" in response.content.decode()


def test_it_lets_a_second_key_person_on_the_ward_acknowledge(client: Client, day: Ward, on_commit: Any) -> None:
    notice = _raise(day, on_commit)
    nurse = make_member("nat@example.dk", "Nanna", day.world.organisation, Role.KEY_PERSON, unit=day.world.ward)
    login(client, nurse)
    client.post(reverse("conversations:safety_notice_acknowledge", kwargs={"code": notice.code}))
    notice.refresh_from_db()
    assert notice.acknowledged_by == nurse


def test_it_runs_the_daily_safety_net_for_overdue_notices(day: Ward, on_commit: Any) -> None:
    notice = _raise(day, on_commit)
    SafetyNotice.objects.filter(pk=notice.pk).update(escalate_at=timezone.now() - timedelta(minutes=1))
    assert services.escalate_overdue_safety_notices() == 1
    assert services.escalate_overdue_safety_notices() == 0


def test_give_role_helper_adds_membership(day: Ward) -> None:
    give_role(day.contact, day.world, Role.LEAD, unit=day.world.ward)
    assert Role.LEAD in day.contact.roles_in(day.world.organisation)


def test_it_uses_the_wards_own_escalation_time(client: Client, day: Ward, on_commit: Any) -> None:
    login(client, day.world.coordinator)
    client.post(reverse("conversations:escalation"), {"afsnit": str(day.world.ward.code), "escalation_minutes": "5"})
    notice = _raise(day, on_commit)
    assert notice.escalate_at == notice.raised_at + timedelta(minutes=5)
    client.post(reverse("conversations:escalation"), {"afsnit": str(day.world.ward.code), "escalation_minutes": ""})
    assert services.escalation_minutes(day.world.ward) == 15


def test_it_refuses_an_escalation_time_out_of_range(client: Client, day: Ward) -> None:
    login(client, day.world.coordinator)
    response = client.post(
        reverse("conversations:escalation"), {"afsnit": str(day.world.ward.code), "escalation_minutes": "0"}
    )
    assert response.status_code == 200
    assert services.escalation_minutes(day.world.ward) == 15


def test_it_shows_an_open_notice_on_the_wards_list_until_acknowledged(
    client: Client, day: Ward, on_commit: Any
) -> None:
    notice = _raise(day, on_commit)
    login(client, day.world.key_person)
    url = reverse("conversations:safety_notice", kwargs={"code": notice.code})
    assert url in client.get(reverse("conversations:ward_list")).content.decode()
    services.acknowledge_safety_notice(notice=notice, acting_user=day.world.key_person)
    assert url not in client.get(reverse("conversations:ward_list")).content.decode()
