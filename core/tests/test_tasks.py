"""Background tasks: e-mail in the recipient's language, and daily jobs enqueued once a day."""

from __future__ import annotations

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from core.models import DailyRun
from core.tasks import daily_jobs, enqueue_daily_jobs_once, send_email_task


@pytest.mark.django_db
def test_it_enqueues_the_daily_jobs_once_per_day() -> None:
    with time_machine.travel("2026-11-23 06:00 +0100", tick=False):
        assert enqueue_daily_jobs_once() is True
        assert enqueue_daily_jobs_once() is False
    with time_machine.travel("2026-11-24 06:00 +0100", tick=False):
        call_command("run_scheduler", "--once")
    assert DailyRun.objects.count() == 2


def test_it_has_the_retention_purges_among_the_daily_jobs() -> None:
    assert "core.retention" in daily_jobs()
    assert "core.purge_audit_log" not in daily_jobs()  # the audit log is purged by the retention job only


@pytest.mark.django_db
def test_it_sends_email_in_the_recipients_language() -> None:
    context = {"organisation": "Region Testland", "role": "Peer", "url": "https://x/", "inviter": "Adam"}
    send_email_task.call(template="core/email/invitation", to=["a@example.dk"], context=context, language="da")
    send_email_task.call(template="core/email/invitation", to=["b@example.dk"], context=context, language="en")
    assert mail.outbox[1].subject.startswith("Invitation to Brobygger")
    assert "Invitation" in mail.outbox[0].subject and "Region Testland" in mail.outbox[0].subject
    assert mail.outbox[0].body != mail.outbox[1].body  # the Danish body is the translated one
