"""Reads for the public site: who receives contact messages, and the coordinators' message list."""

from __future__ import annotations

from core.models import Organisation, Role, User
from public.models import ContactMessage, ContactMessageQuerySet


def organisations_taking_contact() -> list[Organisation]:
    """Organisations that run at least one active programme: the ones a visitor may write to."""
    return list(Organisation.objects.filter(programmes__active=True).distinct().order_by("name"))


def default_contact_organisation(candidates: list[Organisation]) -> Organisation | None:
    """Where a message goes when the visitor does not choose: the first organisation running a
    programme, else the first organisation at all (a partnership that has not set up programmes yet)."""
    if candidates:
        return candidates[0]
    return Organisation.objects.order_by("name").first()


def coordinators_of(organisation: Organisation | None) -> list[User]:
    """Active users with an active coordinator role in the organisation."""
    if organisation is None:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role=Role.COORDINATOR,
            memberships__active=True,
        )
        .distinct()
        .order_by("email")
    )


def contact_messages_for(organisation: Organisation, *, show: str = "unhandled") -> ContactMessageQuerySet:
    """The organisation's messages, unhandled ones (oldest first, so none waits forever) or all."""
    messages = ContactMessage.objects.of(organisation).select_related("handled_by")
    if show == "all":
        return messages.order_by("-received_at", "-id")
    return messages.unhandled().order_by("received_at", "id")


def unhandled_count(organisation: Organisation | None) -> int | None:
    if organisation is None:
        return None
    return ContactMessage.objects.of(organisation).unhandled().count()
