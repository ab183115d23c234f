"""Answer links: a short signed token per invitation, its absolute URL, and a QR code of it.

The token is the invitation's random code followed by a keyed signature of it (HMAC-SHA256 with
the project's secret key, cut to 96 bits). Nothing secret is stored: the same link can be shown
again (the QR code on the session page, the link in a reminder), and a changed or made-up token
fails the signature check. Single use and expiry are kept on the invitation row; see
docs/decisions/0005-signed-answer-links.md.
"""

from __future__ import annotations

import base64
import binascii
import io
import uuid

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "feedback.invitation.link"
_CODE_LENGTH = 22  # base64 of 16 bytes without padding
_MAC_BYTES = 12


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(code: uuid.UUID) -> str:
    return _b64(salted_hmac(_SALT, code.hex, algorithm="sha256").digest()[:_MAC_BYTES])


def make_token(code: uuid.UUID) -> str:
    return _b64(code.bytes) + _mac(code)


def read_token(token: str) -> uuid.UUID | None:
    """The invitation code in a token, or None when the token is malformed or not signed by us."""
    if len(token) <= _CODE_LENGTH:
        return None
    try:
        code = uuid.UUID(bytes=_unb64(token[:_CODE_LENGTH]))
    except (ValueError, binascii.Error):
        return None
    return code if constant_time_compare(_mac(code), token[_CODE_LENGTH:]) else None


def answer_path(code: uuid.UUID) -> str:
    return reverse("feedback:answer", kwargs={"token": make_token(code)})


def answer_url(code: uuid.UUID) -> str:
    return settings.SITE_URL.rstrip("/") + answer_path(code)


def qr_data_uri(url: str) -> str:
    """An SVG QR code as a data: URI for an <img> (the Content-Security-Policy allows data: images)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
