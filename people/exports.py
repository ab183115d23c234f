"""A peer's own data as one export (an access request, GDPR art. 15), with what other apps hold.

People exports the profile, the life-cycle history, availability, the application and the access log;
every other app that keeps data about a peer adds its part in its AppConfig.ready():

    from people.exports import register_peer_export

    register_peer_export("volunteer_agreements", lambda peer: [...])

The function gets the peer and returns JSON-serialisable data (dicts, lists, strings, numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from people.models import Peer

PeerExport = Callable[[Peer], Any]

_EXPORTS: dict[str, PeerExport] = {}


def register_peer_export(key: str, export: PeerExport) -> None:
    """Add (or replace) a part of a peer's own data export. See the module docstring."""
    _EXPORTS[key] = export


def exported_parts(peer: Peer) -> dict[str, Any]:
    return {key: export(peer) for key, export in sorted(_EXPORTS.items())}
