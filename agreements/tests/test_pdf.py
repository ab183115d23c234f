"""Every document prints as a PDF with the print stylesheet; documents never fetch anything from outside."""

from __future__ import annotations

import datetime

import pytest

from agreements import documents, pdf
from agreements.tests.helpers import make_agreement, world_peer
from tests.personas import World

D = datetime.date
pytestmark = pytest.mark.django_db


def test_it_prints_an_agreement_with_its_function_description(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 1, 1), role="role_peer_guide")
    content = pdf.agreement_pdf(agreement)
    assert content.startswith(b"%PDF") and len(content) > 5_000


def test_it_uses_the_print_stylesheet_and_the_vendored_font() -> None:
    assert pdf._static_file(pdf.PRINT_CSS) is not None
    if pdf._static_file(f"{pdf.FONT_DIR}/IBMPlexSans-Regular.woff2") is not None:
        assert "IBM Plex Sans" in pdf._font_css()


def test_it_refuses_to_fetch_anything_outside_the_static_files() -> None:
    fetcher = pdf.StaticOnlyFetcher(pdf._roots())
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("http://169.254.169.254/latest/meta-data/")


def test_it_prints_every_template(world: World) -> None:
    for template in documents.templates_of(world.organisation):
        assert pdf.template_pdf(template).startswith(b"%PDF")


def test_it_names_files_after_the_person() -> None:
    assert pdf.filename("frivilligaftale", "Søren Ærø") == "frivilligaftale-soeren-aeroe.pdf"
