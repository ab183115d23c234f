"""Background work: the daily renewal reminders, and sending a reference as a PDF by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from core.tasks import register_daily


@register_daily("agreements.renewal_reminders")
def renewal_reminders_job() -> int:
    """Remind coordinators 30 days before a volunteer agreement's period ends (once per period)."""
    from agreements.services import send_renewal_reminders

    return send_renewal_reminders()


@task()
def send_reference_task(*, reference_code: str) -> int:
    """Render the reference as a PDF and e-mail it to its recipient (in Danish, like the document)."""
    from agreements import pdf
    from agreements.models import Reference

    reference = Reference.objects.select_related("peer", "organisation", "sent_by").get(code=reference_code)
    content = pdf.reference_pdf(reference)
    context = {
        "peer": reference.peer.full_name,
        "first_name": reference.peer.first_name,
        "organisation": reference.organisation.name,
        "sender": reference.sent_by.display_name if reference.sent_by else reference.organisation.name,
    }
    with translation.override("da"):
        subject = render_to_string("agreements/email/reference_subject.txt", context).strip()
        body = render_to_string("agreements/email/reference.txt", context)
        filename = pdf.filename("udtalelse", reference.peer.full_name)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [reference.recipient_email])
    message.attach(filename, content, "application/pdf")
    return message.send()
