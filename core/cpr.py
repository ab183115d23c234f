"""Danish CPR numbers: validation as DOMAIN §10 asks, masking, and storage helpers.

Format, date and century are checked with python-stdnum; modulus-11 is NOT required (numbers
without a valid check digit are issued since 2007), and replacement numbers (erstatningspersonnumre,
whose day is 61–91 in some schemes) are allowed when the caller says so.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def normalise(value: str) -> str:
    return stdnum_cpr.compact(value)


def birth_date(value: str) -> datetime.date:
    return stdnum_cpr.get_birth_date(normalise(value))


def validate(value: str, *, allow_replacement: bool = True) -> str:
    """Return the compact ten digits or raise a translated ValidationError."""
    number = normalise(value)
    try:
        if len(number) != 10:
            raise InvalidLength()
        if not number.isdigit():
            raise InvalidFormat()
        try:
            born = stdnum_cpr.get_birth_date(number)
        except InvalidComponent:
            if allow_replacement and _is_replacement(number):
                return number
            raise
        if born > datetime.date.today():
            raise InvalidComponent()
    except InvalidLength:
        raise ValidationError(_("A CPR number has ten digits, e.g. 010190-1234."), code="cpr_length") from None
    except InvalidFormat:
        raise ValidationError(_("A CPR number may contain only digits and one hyphen."), code="cpr_format") from None
    except (InvalidComponent, StdnumError):
        raise ValidationError(
            _("The first six digits of a CPR number must be a real date of birth (ddmmyy)."), code="cpr_date"
        ) from None
    return number


def _is_replacement(number: str) -> bool:
    # Replacement numbers add 60 to the day of birth; the month stays a real month.
    day, month = int(number[0:2]), int(number[2:4])
    return 61 <= day <= 91 and 1 <= month <= 12


def mask(value: str) -> str:
    number = normalise(value)
    if len(number) != 10:
        return "••••••-••••"
    return f"{number[:6]}-••••"


def formatted(value: str) -> str:
    number = normalise(value)
    return f"{number[:6]}-{number[6:]}" if len(number) == 10 else number
