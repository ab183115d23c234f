"""Field encryption with rotatable keys, and keyed hashes for look-ups (DOMAIN §10).

Keys come from the environment (settings.FIELD_ENCRYPTION_KEYS, newest first). Values are
encrypted with the newest key and decrypted with any of them, so a key is rotated by adding a
new one first, re-encrypting (`manage.py rotate_encryption_keys`) and then removing the old one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def _fernet_for(key: str) -> Fernet:
    raw = key.encode()
    try:
        return Fernet(raw)
    except ValueError:
        # Accept any 32-byte secret in url-safe base64 of another length by deriving a Fernet key.
        derived = base64.urlsafe_b64encode(hashlib.sha256(raw).digest())
        return Fernet(derived)


@lru_cache(maxsize=4)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    return MultiFernet([_fernet_for(k) for k in keys])


def cipher() -> MultiFernet:
    return _multi_fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return cipher().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("A stored value cannot be decrypted with the configured keys") from exc


def rotate(token: str) -> str:
    """Re-encrypt a stored token with the newest key."""
    return cipher().rotate(token.encode()).decode()


def lookup_hash(value: str) -> str:
    """A keyed hash (HMAC-SHA256) for finding an encrypted value without decrypting every row."""
    return hmac.new(settings.LOOKUP_HMAC_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text field stored encrypted. The empty string is stored as the empty string."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
