"""Danish first: dates and numbers in Danish format, Danish input formats, weeks from Monday with ISO numbers."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from tests.personas import World, login


class _DateForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("typed", ["24.12.2026", "24-12-2026", "2026-12-24"])
def test_it_accepts_danish_and_iso_date_input(typed: str) -> None:
    with translation.override("da"):
        form = _DateForm({"day": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2026, 12, 24)


def test_it_shows_dates_and_numbers_the_danish_way() -> None:
    with translation.override("da"):
        assert formats.date_format(datetime.date(2026, 12, 24), "SHORT_DATE_FORMAT") == "24.12.2026"
        assert formats.number_format(1234567.5, 1, force_grouping=True) == "1.234.567,5"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


@pytest.mark.django_db
def test_it_shows_the_iso_week_on_the_start_page(world: World) -> None:
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False):
        page = login(Client(), world.coordinator).get(reverse("core:home")).content.decode()
    assert "Mandag 23. november 2026" in page
    assert "uge 48" in page


@pytest.mark.django_db
def test_it_switches_the_interface_to_english(world: World) -> None:
    client = login(Client(), world.coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("core:home")})
    page = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in page and "Citizens" in page
