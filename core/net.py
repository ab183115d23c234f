"""The client's address, for the audit log, rate limits and the brute-force lock.

Behind a reverse proxy every request comes from the proxy, so `REMOTE_ADDR` alone would put all
citizens behind one address. `TRUSTED_PROXY_COUNT` (environment `BROBYGGER_TRUSTED_PROXIES`) says
how many proxies of our own append to `X-Forwarded-For`; the client is the entry that many places
from the right. Entries further left were written by the client and are never trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = _valid(forwarded[-proxies])
            if address:
                return address
    return _valid(request.META.get("REMOTE_ADDR", "") or "")
