"""Messages sent through the public site's contact form, for the partnership's coordinators."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import CodeModel, Organisation


class ContactTopic(models.TextChoices):
    PEER = "peer", _("Becoming a peer")
    SUPPORT = "support", _("Getting peer support")
    COURSES = "courses", _("Courses")
    PROFESSIONAL = "professional", _("For professionals")
    OTHER = "other", _("Something else")


class ContactMessageQuerySet(models.QuerySet["ContactMessage"]):
    def of(self, organisation: Organisation) -> ContactMessageQuerySet:
        return self.filter(organisation=organisation)

    def unhandled(self) -> ContactMessageQuerySet:
        return self.filter(handled_at__isnull=True)

    def handled(self) -> ContactMessageQuerySet:
        return self.filter(handled_at__isnull=False)

    def older_than(self, days: int) -> ContactMessageQuerySet:
        return self.filter(received_at__lt=timezone.now() - timedelta(days=days))


class ContactMessage(CodeModel):
    """A question from the public site. Its receiving organisation's coordinators answer it."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_messages",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    topic = models.CharField(_("topic"), max_length=20, choices=ContactTopic.choices)
    message = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="da")
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["organisation", "handled_at"], name="contact_org_handled")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_topic_display()})"

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None
