"""Peer records for the test personas: `make_peer(world)` gives the peer persona a Peer to be.

peer = make_peer(world)                                  # the persona's own, active
other = make_peer(world, user=None, first_name="Ole")    # a peer without an account
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.models import Organisation, Programme, User
from people.models import Peer, PeerApplication, PeerKind, PeerStatus, PeerStatusChange, RecoveryDuration
from tests.personas import World

_DEFAULT = object()


def make_peer(
    world: World,
    *,
    user: User | Any | None = _DEFAULT,
    organisation: Organisation | None = None,
    status: str = PeerStatus.ACTIVE,
    kind: str = PeerKind.VOLUNTEER,
    first_name: str | None = None,
    last_name: str = "Testesen",
    hours_per_week: Decimal | int = 3,
    programmes: list[Programme] | None = None,
    **fields: Any,
) -> Peer:
    """A peer in the world's organisation, by default the peer persona's own record, active."""
    account = world.peer if user is _DEFAULT else user
    if first_name is None:
        first_name = account.first_name if isinstance(account, User) else "Pia"
    peer = Peer.objects.create(
        organisation=organisation or world.organisation,
        user=account,
        first_name=first_name,
        last_name=last_name,
        email=fields.pop("email", account.email if isinstance(account, User) else ""),
        status=status,
        kind=kind,
        hours_per_week=Decimal(hours_per_week),
        started_at=fields.pop("started_at", timezone.localdate() if status == PeerStatus.ACTIVE else None),
        **fields,
    )
    peer.programmes.set(programmes if programmes is not None else [world.programme])
    PeerStatusChange.objects.create(peer=peer, from_status="", to_status=status, reason="test")
    return peer


def make_application(world: World, *, programme: Programme | None = None, **fields: Any) -> PeerApplication:
    """An application from the public form, with sensible defaults."""
    chosen = programme or world.programme
    defaults: dict[str, Any] = {
        "organisation": chosen.organisation,
        "programme": chosen,
        "first_name": "Anja",
        "last_name": "Ansøger",
        "email": "anja@example.dk",
        "birth_date": date(1985, 4, 2),
        "motivation": "Jeg vil gerne give noget videre.",
        "lived_experience": "Depression og indlæggelse i 2015.",
        "recovery_duration": RecoveryDuration.THREE_TO_FIVE,
        "hours_wanted": Decimal(3),
        "has_admission_experience": True,
        "kind_wanted": PeerKind.VOLUNTEER,
        "consent_given_at": timezone.now(),
        "consent_text": "Jeg giver samtykke.",
    }
    defaults.update(fields)
    return PeerApplication.objects.create(**defaults)
