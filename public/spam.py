"""Spam resistance for the contact form without third parties.

Three checks, each cheap for a person and costly for a bot:

- a form token: the time the form was shown, signed with the secret key. A submission sooner than
  `MIN_SECONDS` after that was not typed by a person; one later than `MAX_SECONDS` is stale (the
  person is asked to send again and keeps the typed text);
- a honeypot field people never see (see forms.ContactForm.website);
- a per-address limit through Django's cache: at most `LIMIT_PER_HOUR` messages an hour.
"""

from __future__ import annotations

import enum
import time

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

TOKEN_SALT = "public.contact.form-token"
MIN_SECONDS = 3
MAX_SECONDS = 2 * 3600
# A token "from the future" beyond this much clock skew is forged or broken.
ALLOWED_SKEW_SECONDS = 60

LIMIT_PER_HOUR = 5
RATE_WINDOW_SECONDS = 3600
_RATE_KEY_SALT = "public.contact.rate"


class TokenProblem(enum.StrEnum):
    TOO_FAST = "too_fast"
    EXPIRED = "expired"
    INVALID = "invalid"


def issue_form_token(now: float | None = None) -> str:
    """A signed record of when the form was shown."""
    return signing.dumps({"shown": time.time() if now is None else now}, salt=TOKEN_SALT, compress=True)


def check_form_token(token: str, now: float | None = None) -> TokenProblem | None:
    """None when the form was shown between MIN_SECONDS and MAX_SECONDS ago, else what is wrong."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        shown = float(payload["shown"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return TokenProblem.INVALID
    elapsed = (time.time() if now is None else now) - shown
    if elapsed < -ALLOWED_SKEW_SECONDS:
        return TokenProblem.INVALID
    if elapsed < MIN_SECONDS:
        return TokenProblem.TOO_FAST
    if elapsed > MAX_SECONDS:
        return TokenProblem.EXPIRED
    return None


def _rate_key(address: str) -> str:
    # The address is kept only as a keyed hash, and only in the cache, for at most an hour.
    return "public.contact.rate." + salted_hmac(_RATE_KEY_SALT, address, algorithm="sha256").hexdigest()


def rate_limit_reached(address: str) -> bool:
    return int(cache.get(_rate_key(address), 0)) >= LIMIT_PER_HOUR


def count_submission(address: str) -> None:
    """Count one accepted message from the address; the window starts with the first one."""
    key = _rate_key(address)
    if cache.add(key, 1, timeout=RATE_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
