"""Daily jobs of the referrals app: waiting alerts, and on Mondays the free-peer digest to leads."""

from __future__ import annotations

from core.tasks import register_daily


@register_daily("referrals.waiting_alerts")
def waiting_alerts_job() -> int:
    from referrals.services import send_waiting_alerts

    return send_waiting_alerts()


@register_daily("referrals.free_peer_digest")
def free_peer_digest_job() -> int:
    from referrals.services import send_free_peer_digest

    return send_free_peer_digest()
