"""Every write of the public site: contact messages in, handled by coordinators, deleted on time."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.audit import log_action
from core.models import Organisation, User
from core.tasks import send_email_task
from public.models import ContactMessage, ContactTopic
from public.selectors import coordinators_of

# Contact messages are answered within days; a year covers follow-up questions. The privacy
# policy states this period, so change both together.
DEFAULT_RETENTION_DAYS = 365

PUBLIC_ACTOR = "public site"


def contact_retention_days() -> int:
    return int(getattr(settings, "CONTACT_MESSAGE_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def _topic_label(topic: str, language: str) -> str:
    with translation.override(language):
        return str(ContactTopic(topic).label)


def _enqueue_contact_emails(contact: ContactMessage, coordinators: list[User]) -> None:
    organisation_name = contact.organisation.name if contact.organisation else ""
    messages_url = settings.SITE_URL.rstrip("/") + reverse("public:contact_messages")
    # The coordinators' notice holds no name and no message text: those stay in Brobygger, behind
    # two-factor login, instead of in mailboxes.
    for coordinator in coordinators:
        language = coordinator.preferred_language or "da"
        send_email_task.enqueue(
            template="public/email/contact_received",
            to=[coordinator.email],
            context={
                "organisation": organisation_name,
                "topic": _topic_label(contact.topic, language),
                "url": messages_url,
            },
            language=language,
        )
    # The receipt does not repeat the message, so the form cannot be used to mail text to others.
    send_email_task.enqueue(
        template="public/email/contact_receipt",
        to=[contact.email],
        context={
            "name": contact.name,
            "organisation": organisation_name,
            "topic": _topic_label(contact.topic, contact.language),
        },
        language=contact.language,
    )


def submit_contact_message(
    *,
    name: str,
    email: str,
    topic: str,
    message: str,
    organisation: Organisation | None,
    language: str = "da",
) -> ContactMessage:
    """A visitor's question reaches the organisation's coordinators; the visitor gets a receipt."""
    with transaction.atomic():
        contact = ContactMessage.objects.create(
            organisation=organisation,
            name=name.strip(),
            email=email.strip().lower(),
            topic=topic,
            message=message.strip(),
            language=language,
        )
        log_action(contact, "public.contact_message.received", actor=PUBLIC_ACTOR, data={"topic": topic})
        coordinators = coordinators_of(organisation)
        transaction.on_commit(lambda: _enqueue_contact_emails(contact, coordinators))
    return contact


def mark_contact_message_handled(*, contact: ContactMessage, acting_user: User) -> bool:
    """The coordinator has answered the message. False when someone already marked it."""
    with transaction.atomic():
        changed = ContactMessage.objects.filter(pk=contact.pk, handled_at__isnull=True).update(
            handled_at=timezone.now(), handled_by=acting_user
        )
        if changed:
            log_action(contact, "public.contact_message.handled", actor=acting_user)
    return bool(changed)


def reopen_contact_message(*, contact: ContactMessage, acting_user: User) -> bool:
    """Put a message back among the unhandled ones (it was marked by mistake, or needs more)."""
    with transaction.atomic():
        changed = ContactMessage.objects.filter(pk=contact.pk, handled_at__isnull=False).update(
            handled_at=None, handled_by=None
        )
        if changed:
            log_action(contact, "public.contact_message.reopened", actor=acting_user)
    return bool(changed)


def delete_old_contact_messages(organisation: Organisation | None, cutoff: datetime) -> int:
    """Delete the organisation's messages received before the cutoff, handled or not (the privacy policy's
    promise); None means messages sent to no organisation. Run by the retention job (core.retention),
    which logs the count."""
    messages = ContactMessage.objects.filter(received_at__lt=cutoff)
    messages = messages.of(organisation) if organisation else messages.filter(organisation__isnull=True)
    count, _per_model = messages.delete()
    return int(count)
