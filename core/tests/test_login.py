"""Logging in: password, the second factor, recovery codes, lockout, password reset and idle timeout."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEntry, AuditKind
from tests.personas import PASSWORD, World, login


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _password_login(client: Client, email: str, password: str = PASSWORD) -> object:
    return client.post(reverse("core:login"), {"username": email, "password": password})


@pytest.mark.django_db
def test_it_asks_staff_for_the_second_factor_before_any_page(world: World) -> None:
    client = Client()
    response = _password_login(client, world.coordinator.email)
    assert response.status_code == 302
    response = client.get(reverse("people:citizen_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:verify"))


@pytest.mark.django_db
def test_it_lets_staff_in_with_the_code_from_their_app(world: World) -> None:
    client = Client()
    _password_login(client, world.coordinator.email)
    device = TOTPDevice.objects.get(user=world.coordinator)
    response = client.post(reverse("core:verify"), {"token": _code(device)})
    assert response.status_code == 302
    assert client.get(reverse("people:citizen_list")).status_code == 200


@pytest.mark.django_db
def test_it_refuses_a_wrong_code_and_logs_it(world: World) -> None:
    client = Client()
    _password_login(client, world.coordinator.email)
    response = client.post(reverse("core:verify"), {"token": "000000"})
    assert response.status_code == 200
    assert "koden" in response.content.decode().lower() or "code" in response.content.decode().lower()
    assert AuditEntry.objects.filter(kind=AuditKind.LOGIN_FAILED, action="core.two_factor.failed").exists()


@pytest.mark.django_db
def test_it_makes_staff_without_a_device_set_one_up_and_gives_recovery_codes(world: World) -> None:
    TOTPDevice.objects.filter(user=world.coordinator).delete()
    client = Client()
    _password_login(client, world.coordinator.email)
    response = client.get(reverse("core:home"))
    assert response["Location"].startswith(reverse("core:two_factor_setup"))
    page = client.get(reverse("core:two_factor_setup"))
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    response = client.post(reverse("core:two_factor_setup"), {"token": _code(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert client.get(reverse("people:citizen_list")).status_code == 200

    # A recovery code works once.
    for attempt, expected in ((1, 302), (2, 200)):
        other = Client()
        _password_login(other, world.coordinator.email)
        response = other.post(reverse("core:verify"), {"token": codes[0]})
        assert response.status_code == expected, f"attempt {attempt}"


@pytest.mark.django_db
def test_it_lets_a_citizen_in_with_the_password_alone(world: World) -> None:
    client = Client()
    _password_login(client, world.citizen.email)
    assert client.get(reverse("people:my_data")).status_code == 200


@pytest.mark.django_db
def test_it_locks_the_account_after_five_failures_and_logs_the_refusals(world: World) -> None:
    client = Client()
    for _ in range(5):
        response = _password_login(client, world.peer.email, "wrong-password")
    response = _password_login(client, world.peer.email)  # the right password, but locked now
    assert response.status_code in (403, 429)
    assert "core/locked_out.html" in [t.name for t in response.templates]
    assert AuditEntry.objects.filter(kind=AuditKind.LOGIN_FAILED).count() >= 5
    assert AuditEntry.objects.filter(kind=AuditKind.LOCKOUT).exists()


@pytest.mark.django_db
def test_it_keeps_the_typed_email_when_the_password_is_wrong(world: World) -> None:
    response = _password_login(Client(), world.peer.email, "wrong-password")
    assert response.status_code == 200
    assert world.peer.email in response.content.decode()


@pytest.mark.django_db
def test_it_sends_a_password_reset_link_that_works(world: World) -> None:
    client = Client()
    client.post(reverse("core:password_reset"), {"email": world.peer.email})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/konto/nulstil/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Et-nyt-kodeord-42", "new_password2": "Et-nyt-kodeord-42"})
    assert response.status_code == 302
    world.peer.refresh_from_db()
    assert world.peer.check_password("Et-nyt-kodeord-42")


@pytest.mark.django_db
def test_it_ends_an_idle_session(world: World, settings: object) -> None:
    client = login(Client(), world.coordinator)
    assert client.get(reverse("core:home")).status_code == 200
    with time_machine.travel(time.time() + 31 * 60, tick=False):
        response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))


@pytest.mark.django_db
def test_it_logs_out_on_post(world: World) -> None:
    client = login(Client(), world.coordinator)
    client.post(reverse("core:logout"))
    assert client.get(reverse("core:home")).status_code == 302
