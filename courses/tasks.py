"""Background work of the courses app: the certificate e-mail (with the PDF attached) and two daily jobs."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.tasks import register_daily

logger = logging.getLogger(__name__)


@task()
def send_certificate_task(*, certificate_code: str) -> int:
    """E-mail a participant their course certificate as a PDF, once."""
    from courses import pdf
    from courses.models import Certificate
    from courses.registration_services import registration_url

    certificate = (
        Certificate.objects.filter(code=certificate_code, emailed_at__isnull=True)
        .select_related("registration__run__version", "registration__run__course__organisation")
        .first()
    )
    if certificate is None or not certificate.registration.email:
        return 0
    registration = certificate.registration
    context = {
        "name": registration.name,
        "title": registration.run.version.title,
        "organisation": registration.run.course.organisation.name,
        "url": registration_url(registration),
    }
    with translation.override("da"):
        subject = render_to_string("courses/email/certificate_subject.txt", context).strip()
        body = render_to_string("courses/email/certificate.txt", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
    message.attach(pdf.certificate_filename(certificate), pdf.certificate_pdf(certificate), "application/pdf")
    sent = message.send()
    if sent:
        Certificate.objects.filter(pk=certificate.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return sent


@register_daily("courses.warn_runs_below_minimum")
def warn_runs_below_minimum_job() -> int:
    """Leads hear once when a run is still below its minimum a week (the programme's setting) before it starts."""
    from courses.registration_services import warn_runs_below_minimum

    return warn_runs_below_minimum()


@register_daily("courses.anonymise_expired_registrations")
def anonymise_expired_registrations_job() -> int:
    """Names and contact details of participants go when the retention period after the run has passed."""
    from courses.registration_services import anonymise_expired_registrations

    return anonymise_expired_registrations()
