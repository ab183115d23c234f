"""The client's address behind a reverse proxy: what the audit log and the login lock record."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.test import RequestFactory

from core.net import client_ip


def request_from(remote: str, forwarded: str | None = None) -> HttpRequest:
    request = RequestFactory().get("/")
    request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_it_uses_the_direct_address_when_no_proxy_is_trusted(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("10.0.0.5", "203.0.113.9")) == "10.0.0.5"


def test_it_takes_the_address_our_proxy_saw_and_ignores_what_the_client_wrote(
    settings: Any,
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged "1.2.3.4"; nginx appended the address it really saw.
    assert client_ip(request_from("10.0.0.5", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_it_falls_back_to_the_direct_address_when_the_header_is_missing_or_garbage(
    settings: Any,
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.5")) == "10.0.0.5"
    assert client_ip(request_from("10.0.0.5", "not-an-address")) == "10.0.0.5"
