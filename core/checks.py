"""System checks: production must not run with the development keys."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

DEV_MARKERS = ("dev-only", "ZGV2LW9ubHkt")


@register(deploy=True)
def production_keys(app_configs: Any, **kwargs: Any) -> list[Error]:
    if not settings.PRODUCTION:
        return []
    errors = []
    pairs = [
        ("BROBYGGER_SECRET_KEY", settings.SECRET_KEY),
        ("BROBYGGER_FIELD_ENCRYPTION_KEYS", ",".join(settings.FIELD_ENCRYPTION_KEYS)),
        ("BROBYGGER_LOOKUP_HMAC_KEY", settings.LOOKUP_HMAC_KEY),
    ]
    for name, value in pairs:
        if not value or any(marker in value for marker in DEV_MARKERS):
            errors.append(Error(f"{name} must be set to a secret of its own in production.", id="brobygger.E001"))
    return errors
