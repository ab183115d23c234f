"""Background tasks of the core app, and the daily scheduler that other apps register jobs with.

Tasks run on Django's tasks framework with the database backend; `manage.py db_worker` runs them
and `manage.py run_scheduler` enqueues the daily jobs once a day.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

DailyJob = Callable[[], Any]
_DAILY_JOBS: dict[str, DailyJob] = {}


def register_daily(name: str) -> Callable[[DailyJob], DailyJob]:
    """Register a function to run once a day (reminders, purges). Apps call this at import time."""

    def decorator(func: DailyJob) -> DailyJob:
        _DAILY_JOBS[name] = func
        return func

    return decorator


def daily_jobs() -> dict[str, DailyJob]:
    return dict(_DAILY_JOBS)


@task()
def send_email_task(*, template: str, to: list[str], context: dict[str, Any], language: str = "da") -> int:
    """Render `<template>_subject.txt`, `.txt` and optional `.html` in the recipient's language and send."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
        message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        return message.send()


@task()
def run_daily_jobs_task() -> dict[str, str]:
    """Run every registered daily job; one failing job does not stop the others."""
    results: dict[str, str] = {}
    for name, job in sorted(_DAILY_JOBS.items()):
        try:
            outcome = job()
            results[name] = f"ok: {outcome}"
        except Exception as exc:
            logger.exception("Daily job %s failed", name)
            results[name] = f"failed: {exc}"
    return results


def enqueue_daily_jobs_once() -> bool:
    """Enqueue today's daily jobs unless they already were; safe to call from several processes."""
    from core.models import DailyRun

    today = timezone.localdate()
    try:
        with transaction.atomic():
            DailyRun.objects.create(date=today)
    except IntegrityError:
        return False
    run_daily_jobs_task.enqueue()
    return True


@register_daily("core.retention")
def retention_job() -> dict[str, int]:
    """Every registered retention purge for every organisation (core.retention), each one audited."""
    from core.retention import run_retention

    return run_retention()


def register_audit_log_retention() -> None:
    """Called from CoreConfig.ready (core.services imports this module, so not at import time)."""
    from django.utils.translation import gettext_lazy as _

    from core import retention
    from core.services import purge_audit_entries

    # The log answers a citizen's access request about the last year's lookups, so no organisation
    # may keep it shorter than that; the installation default is BROBYGGER_AUDIT_RETENTION_DAYS.
    retention.register(
        "core.audit_log",
        _("Audit and access log"),
        lambda: int(settings.AUDIT_RETENTION_DAYS),
        purge_audit_entries,
        minimum_days=365,
    )
