"""Security headers, the Content-Security-Policy, the health endpoint and production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_it_sends_a_content_security_policy_without_unsafe_inline() -> None:
    response = Client().get(reverse("core:login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_it_reports_health_of_database_and_cache() -> None:
    response = Client().get(reverse("core:health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_it_passes_the_deploy_check_with_production_settings() -> None:
    env = {
        **os.environ,
        "BROBYGGER_PRODUCTION": "1",
        "BROBYGGER_SECRET_KEY": "x" * 60 + "-production-like-secret-key-for-the-check",
        "BROBYGGER_ALLOWED_HOSTS": "brobygger.example.dk",
        "BROBYGGER_FIELD_ENCRYPTION_KEYS": "bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleSE=",
        "BROBYGGER_LOOKUP_HMAC_KEY": "production-hmac-key-0123456789",
        "BROBYGGER_REDIS_URL": "redis://127.0.0.1:6379/1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_refuses_to_start_in_production_with_development_keys() -> None:
    env = {**os.environ, "BROBYGGER_PRODUCTION": "1", "BROBYGGER_ALLOWED_HOSTS": "brobygger.example.dk"}
    for key in ("BROBYGGER_SECRET_KEY", "BROBYGGER_FIELD_ENCRYPTION_KEYS", "BROBYGGER_LOOKUP_HMAC_KEY"):
        env.pop(key, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "BROBYGGER_SECRET_KEY" in result.stderr + result.stdout
