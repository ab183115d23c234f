"""Encrypted fields with key rotation, CPR validation, masking and keyed-hash look-up."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from core import cpr
from core.crypto import lookup_hash
from people.models import Citizen
from tests.personas import World

OLD_KEY = "b2xkLWtleS1vbGQta2V5LW9sZC1rZXktb2xkLWtleSE="
NEW_KEY = "bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleSE="


def _raw_cpr(citizen: Citizen) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cpr_encrypted FROM people_citizen WHERE id = %s", [citizen.pk])
        return str(cursor.fetchone()[0])


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("010190-1234", "0101901234"),  # fails modulus 11: still valid (numbers without check digit since 2007)
        ("0101901235", "0101901235"),
        ("311299 4000", "3112994000"),
        ("6101901234", "6101901234"),  # replacement number: day + 60
    ],
)
def test_it_accepts_real_dates_without_modulus_11_and_replacement_numbers(number: str, expected: str) -> None:
    assert cpr.validate(number) == expected


@pytest.mark.parametrize(
    ("number", "code"),
    [("12345", "cpr_length"), ("01019A1234", "cpr_format"), ("3202901234", "cpr_date"), ("0113901234", "cpr_date")],
)
def test_it_rejects_wrong_length_format_and_impossible_dates_with_a_reason(number: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        cpr.validate(number)
    assert info.value.code == code


def test_it_refuses_replacement_numbers_when_told_to() -> None:
    with pytest.raises(ValidationError):
        cpr.validate("6101901234", allow_replacement=False)


def test_it_masks_the_last_four_digits() -> None:
    assert cpr.mask("010190-1234") == "010190-••••"


@pytest.mark.django_db
def test_it_stores_cpr_encrypted_and_finds_it_by_keyed_hash(world: World) -> None:
    citizen = world.citizen_record
    citizen.set_cpr("010190-1234")
    citizen.save()
    raw = _raw_cpr(citizen)
    assert "0101901234" not in raw and raw
    assert Citizen.objects.get(pk=citizen.pk).cpr_encrypted == "0101901234"
    assert Citizen.objects.with_cpr("010190-1234").get() == citizen
    assert citizen.cpr_lookup == lookup_hash("0101901234")
    assert citizen.cpr_lookup != __import__("hashlib").sha256(b"0101901234").hexdigest()


@pytest.mark.django_db
def test_it_rotates_encryption_keys_without_losing_data(world: World, settings: object) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]  # type: ignore[attr-defined]
    citizen = world.citizen_record
    citizen.set_cpr("0101901234")
    citizen.save()
    old_token = _raw_cpr(citizen)

    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]  # type: ignore[attr-defined]
    call_command("rotate_encryption_keys")
    assert _raw_cpr(citizen) != old_token

    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]  # type: ignore[attr-defined]
    assert Citizen.objects.get(pk=citizen.pk).cpr_encrypted == "0101901234"
