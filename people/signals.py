"""Connects a peer's new account to their peer record when they accept the invitation, and tells other apps
when a peer moves along the life cycle."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from core.models import Invitation, Role

# Sent inside the transaction of every status change, after it is saved, with the keyword arguments
# peer, from_status, to_status and acting_user. A receiver's writes commit or roll back with the change.
peer_status_changed = Signal()


@receiver(post_save, sender=Invitation)
def link_account_on_acceptance(sender: Any, instance: Invitation, **kwargs: Any) -> None:
    if instance.role == Role.PEER and instance.accepted_at is not None:
        from people.services import link_peer_account

        link_peer_account(invitation=instance)
