"""Shared steps for browser tests: log in as a persona in the browser, with the second factor."""

from __future__ import annotations

from typing import Any

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from core.models import User
from tests.personas import PASSWORD


def current_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def browser_login(page: Page, live_server: Any, user: User, *, password: str = PASSWORD) -> None:
    """Log in as a person would: e-mail and password, then the code from the app when asked."""
    page.goto(live_server.url + "/konto/log-ind/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    if "/konto/totrins/" in page.url:
        page.fill("input[name=token]", current_code(user))
        page.click("main button[type=submit]")
        page.wait_for_load_state("load")
