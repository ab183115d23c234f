"""Connects a peer's new account to their peer record when they accept the invitation."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from core.models import Invitation, Role


@receiver(post_save, sender=Invitation)
def link_account_on_acceptance(sender: Any, instance: Invitation, **kwargs: Any) -> None:
    if instance.role == Role.PEER and instance.accepted_at is not None:
        from people.services import link_peer_account

        link_peer_account(invitation=instance)
